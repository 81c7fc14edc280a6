//! The RollingUpdate strategy (upstream `rolling.go`), §3.5.

use super::util::{self, replicas, status_i64};
use super::DeploymentSync;
use crate::Store;

impl<S: Store + ?Sized> DeploymentSync<'_, S> {
    /// `rolloutRolling`: scale up the new RS if we can, else scale down old ones if we can, else
    /// clean up once complete; then sync the rollout status.
    pub(crate) fn rollout_rolling(&mut self) {
        let (new_rs, old) = self.get_all_replica_sets_and_sync_revision(true);
        let Some(new_rs) = new_rs else {
            // Creation failed or a hash collision was recorded: try again.
            return;
        };
        if self.reconcile_new_replica_set(new_rs, &old) {
            self.sync_rollout_status(Some(new_rs));
            return;
        }
        let active_old: Vec<usize> = old.iter().copied().filter(|&i| replicas(&self.rss[i]) > 0).collect();
        if self.reconcile_old_replica_sets(new_rs, &active_old) {
            self.sync_rollout_status(Some(new_rs));
            return;
        }
        let status = self.d.get("status").cloned().unwrap_or_default();
        if util::deployment_complete(&self.d, &status) {
            self.cleanup_deployment(&old);
        }
        self.sync_rollout_status(Some(new_rs));
    }

    /// `reconcileNewReplicaSet`: "Scale up, if we can."
    pub(crate) fn reconcile_new_replica_set(&mut self, new_rs: usize, old: &[usize]) -> bool {
        let want = replicas(&self.d);
        let cur = replicas(&self.rss[new_rs]);
        if cur == want {
            return false;
        }
        if cur > want {
            return self.scale_replica_set_and_record_event(new_rs, want);
        }
        let all = old.iter().chain([&new_rs]).map(|&i| &self.rss[i]);
        let n = util::new_rs_new_replicas(&self.d, all, &self.rss[new_rs]);
        self.scale_replica_set_and_record_event(new_rs, n)
    }

    /// `reconcileOldReplicaSets`: "Scale down, if we can."
    ///
    /// maxScaledDown = allPodsCount − minAvailable − newRSUnavailablePodCount. With 10 replicas,
    /// maxUnavailable 2 and a new RS of 3 whose pods are all unavailable (stuck), old 10:
    /// 13 − 8 − 3 = 2 old pods may go; once the new pods are available: 13 − 8 − 0 = 5.
    pub(crate) fn reconcile_old_replica_sets(&mut self, new_rs: usize, old_active: &[usize]) -> bool {
        let old_pods: i64 = old_active.iter().map(|&i| replicas(&self.rss[i])).sum();
        if old_pods == 0 {
            return false;
        }
        let all_pods: i64 = old_active.iter().chain([&new_rs]).map(|&i| replicas(&self.rss[i])).sum();
        let min_available = replicas(&self.d) - util::max_unavailable(&self.d);
        let new_unavailable =
            replicas(&self.rss[new_rs]) - status_i64(&self.rss[new_rs], "availableReplicas");
        let max_scaled_down = all_pods - min_available - new_unavailable;
        if max_scaled_down <= 0 {
            return false;
        }
        let cleaned = self.cleanup_unhealthy_replicas(old_active, max_scaled_down);
        let scaled = self.scale_down_old_replica_sets_for_rolling_update(new_rs, old_active);
        cleaned + scaled > 0
    }

    /// `cleanupUnhealthyReplicas`: old RSs lose their unavailable pods first, oldest RS first.
    fn cleanup_unhealthy_replicas(&mut self, old_active: &[usize], max_cleanup: i64) -> i64 {
        let mut sorted = old_active.to_vec();
        sorted.sort_by(|&a, &b| util::by_creation(&self.rss[a], &self.rss[b]));
        let mut total = 0;
        for i in sorted {
            if total >= max_cleanup {
                break;
            }
            let spec = replicas(&self.rss[i]);
            let available = status_i64(&self.rss[i], "availableReplicas");
            if spec == 0 || spec == available {
                continue;
            }
            let count = (max_cleanup - total).min(spec - available);
            if count <= 0 {
                continue;
            }
            self.scale_replica_set_and_record_event(i, spec - count);
            total += count;
        }
        total
    }

    /// `scaleDownOldReplicaSetsForRollingUpdate`: remove what availability allows, oldest first.
    fn scale_down_old_replica_sets_for_rolling_update(&mut self, new_rs: usize, old_active: &[usize]) -> i64 {
        let min_available = replicas(&self.d) - util::max_unavailable(&self.d);
        let available: i64 =
            old_active.iter().chain([&new_rs]).map(|&i| status_i64(&self.rss[i], "availableReplicas")).sum();
        if available <= min_available {
            return 0;
        }
        let mut sorted = old_active.to_vec();
        sorted.sort_by(|&a, &b| util::by_creation(&self.rss[a], &self.rss[b]));
        let target = available - min_available;
        let mut total = 0;
        for i in sorted {
            if total >= target {
                break;
            }
            let spec = replicas(&self.rss[i]);
            if spec == 0 {
                continue;
            }
            let count = spec.min(target - total);
            self.scale_replica_set_and_record_event(i, spec - count);
            total += count;
        }
        total
    }
}
