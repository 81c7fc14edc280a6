//! Rollout progress and the progress deadline (upstream `progress.go`), §3.9.

use serde_json::Value;

use super::util;
use super::DeploymentSync;
use crate::Store;

impl<S: Store + ?Sized> DeploymentSync<'_, S> {
    /// `syncRolloutStatus`: the status plus the Progressing and ReplicaFailure conditions; when
    /// nothing changed, requeue at the deadline to notice a stuck rollout.
    pub(crate) fn sync_rollout_status(&mut self, new_rs: Option<usize>) {
        let mut new_status = self.calculate_status(new_rs);
        if !util::has_progress_deadline(&self.d) {
            util::remove_condition(&mut new_status, "Progressing");
        }
        let old_status = self.d.get("status").cloned().unwrap_or(Value::Null);
        let current = util::get_condition(&old_status, "Progressing").cloned();
        let g = |s: &Value, f: &str| s.get(f).and_then(Value::as_i64).unwrap_or(0);
        let is_complete = g(&new_status, "replicas") == g(&new_status, "updatedReplicas")
            && current.as_ref().is_some_and(|c| util::cond_str(c, "reason") == util::NEW_RS_AVAILABLE_REASON);
        let rs_name = new_rs.map(|i| self.rss[i].get("metadata").and_then(|m| m.get("name")).cloned());
        let subject = match rs_name.flatten().as_ref().and_then(Value::as_str) {
            Some(n) => format!("ReplicaSet {n:?}"),
            None => format!("Deployment {:?}", kubeplay_model::ObjectExt::name(&self.d)),
        };
        if util::has_progress_deadline(&self.d) && !is_complete {
            if util::deployment_complete(&self.d, &new_status) {
                let msg = format!("{subject} has successfully progressed.");
                let c =
                    util::new_condition("Progressing", "True", util::NEW_RS_AVAILABLE_REASON, &msg, self.now);
                util::set_condition(&mut new_status, c);
            } else if util::deployment_progressing(&self.d, &new_status) {
                let msg = format!("{subject} is progressing.");
                let mut c =
                    util::new_condition("Progressing", "True", util::RS_UPDATED_REASON, &msg, self.now);
                if let Some(cur) = &current {
                    if util::cond_str(cur, "status") == "True" {
                        c["lastTransitionTime"] =
                            cur.get("lastTransitionTime").cloned().unwrap_or(Value::Null);
                    }
                    util::remove_condition(&mut new_status, "Progressing");
                }
                util::set_condition(&mut new_status, c);
            } else if util::deployment_timed_out(&self.d, &new_status, self.now) {
                let msg = format!("{subject} has timed out progressing.");
                let c = util::new_condition("Progressing", "False", util::TIMED_OUT_REASON, &msg, self.now);
                util::set_condition(&mut new_status, c);
            }
        }
        match self.replica_failure(new_rs) {
            Some(c) => util::set_condition(&mut new_status, c),
            None => util::remove_condition(&mut new_status, "ReplicaFailure"),
        }
        if old_status == new_status {
            self.requeue_stuck_deployment(&new_status);
            return;
        }
        *kubeplay_model::ObjectExt::at_mut(&mut self.d, "status") = new_status;
        self.update_deployment_status();
    }

    /// `getReplicaFailures`: the new RS's ReplicaFailure condition first, then the old ones'.
    fn replica_failure(&self, new_rs: Option<usize>) -> Option<Value> {
        let order = new_rs.into_iter().chain((0..self.rss.len()).filter(|i| Some(*i) != new_rs));
        for i in order {
            let status = self.rss[i].get("status").cloned().unwrap_or(Value::Null);
            if let Some(c) = util::get_condition(&status, "ReplicaFailure") {
                if util::cond_str(c, "status") == "True" {
                    let when = c.get("lastTransitionTime").cloned().unwrap_or(Value::Null);
                    return Some(serde_json::json!({
                        "type": "ReplicaFailure",
                        "status": util::cond_str(c, "status"),
                        "lastUpdateTime": when.clone(),
                        "lastTransitionTime": when,
                        "reason": util::cond_str(c, "reason"),
                        "message": util::cond_str(c, "message"),
                    }));
                }
            }
        }
        None
    }

    /// `requeueStuckDeployment`: check again one second after lastUpdateTime + deadline.
    fn requeue_stuck_deployment(&mut self, new_status: &Value) {
        let old_status = self.d.get("status").cloned().unwrap_or(Value::Null);
        let Some(cur) = util::get_condition(&old_status, "Progressing") else { return };
        if !util::has_progress_deadline(&self.d) {
            return;
        }
        if util::deployment_complete(&self.d, new_status)
            || util::cond_str(cur, "reason") == util::TIMED_OUT_REASON
        {
            return;
        }
        let Some(from) = kubeplay_model::SimTime::parse_rfc3339(util::cond_str(cur, "lastUpdateTime")) else {
            return;
        };
        let after = from.plus_secs(util::progress_deadline_seconds(&self.d)).millis() - self.now.millis();
        if after < 1000 {
            // Rate-limited requeue upstream (5 ms base back-off).
            self.out.requeue(5);
        } else {
            self.out.requeue(after + 1000);
        }
    }
}
