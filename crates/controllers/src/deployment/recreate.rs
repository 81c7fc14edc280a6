//! The Recreate strategy (upstream `recreate.go`), §3.6.

use super::util::{self, replicas, status_i64};
use super::DeploymentSync;
use crate::podutil::phase;
use crate::Store;

impl<S: Store + ?Sized> DeploymentSync<'_, S> {
    /// `rolloutRecreate`: old RSs to 0, wait for every old pod to stop, then the new RS at full size.
    pub(crate) fn rollout_recreate(&mut self) {
        let (mut new_rs, mut old) = self.get_all_replica_sets_and_sync_revision(false);
        let active_old: Vec<usize> = old.iter().copied().filter(|&i| replicas(&self.rss[i]) > 0).collect();
        let mut scaled_down = false;
        for i in active_old {
            if self.scale_replica_set_and_record_event(i, 0) {
                scaled_down = true;
            }
        }
        if scaled_down {
            self.sync_rollout_status(new_rs);
            return;
        }
        if self.old_pods_running(new_rs, &old) {
            self.sync_rollout_status(new_rs);
            return;
        }
        if new_rs.is_none() {
            (new_rs, old) = self.get_all_replica_sets_and_sync_revision(true);
        }
        if let Some(i) = new_rs {
            let want = replicas(&self.d);
            self.scale_replica_set_and_record_event(i, want);
        }
        let status = self.d.get("status").cloned().unwrap_or_default();
        if util::deployment_complete(&self.d, &status) {
            self.cleanup_deployment(&old);
        }
        self.sync_rollout_status(new_rs);
    }

    /// `oldPodsRunning`: an old RS still reports pods, or an old pod is not Succeeded/Failed.
    fn old_pods_running(&self, new_rs: Option<usize>, old: &[usize]) -> bool {
        if old.iter().map(|&i| status_i64(&self.rss[i], "replicas")).sum::<i64>() > 0 {
            return true;
        }
        let new_uid = new_rs.map(|i| self.rss[i].get("metadata").and_then(|m| m.get("uid")).cloned());
        self.pod_map.iter().any(|(uid, pods)| {
            let is_new =
                new_uid.as_ref().and_then(|u| u.as_ref()).and_then(|u| u.as_str()) == Some(uid.as_str());
            !is_new && pods.iter().any(|p| !matches!(phase(p), "Failed" | "Succeeded"))
        })
    }
}
