//! The Deployment controller (upstream `pkg/controller/deployment`).
//!
//! [`reconcile`] is `syncDeployment`: it reads the Deployment and its ReplicaSets, works on local
//! copies while it decides (so later steps of one pass see the effect of earlier ones, as
//! upstream sees the objects its API calls return), and returns the writes and events.

mod progress;
mod recreate;
pub mod rollback;
mod rolling;
mod sync;
pub mod util;

use std::collections::BTreeMap;
use std::sync::Arc;

use kubeplay_model::{LabelSelector, Object, ObjectExt, ObjectRef, SimTime, WriteOp};
use serde_json::Value;

use crate::controller_utils::{adopt_patch, controller_uid, release_patch, unconditional};
use crate::{event, ControllerConfig, Reconciled, Store};

pub use rollback::{revision_history, rollback_patch, RevisionEntry, RollbackPlan};

pub const COMPONENT: &str = "deployment-controller";

/// One pass of the Deployment controller over one Deployment.
pub(crate) struct DeploymentSync<'a, S: Store + ?Sized> {
    pub(crate) store: &'a S,
    pub(crate) now: SimTime,
    /// The Deployment as this pass has changed it (status, revision annotation).
    pub(crate) d: Object,
    /// The Deployment's ReplicaSets, as this pass has changed them.
    pub(crate) rss: Vec<Object>,
    /// Pods per ReplicaSet uid (Recreate only needs them).
    pub(crate) pod_map: BTreeMap<String, Vec<Arc<Object>>>,
    pub(crate) out: Reconciled,
}

/// `syncDeployment` for `deployments/<ns>/<name>`.
pub fn reconcile<S: Store + ?Sized>(
    key: &ObjectRef,
    store: &S,
    now: SimTime,
    _cfg: &ControllerConfig,
) -> Reconciled {
    let Some(d) = store.get("deployments", &key.namespace, &key.name) else {
        return Reconciled::default();
    };
    let mut s = DeploymentSync {
        store,
        now,
        d: (*d).clone(),
        rss: Vec::new(),
        pod_map: BTreeMap::new(),
        out: Reconciled::default(),
    };
    s.sync_deployment();
    s.out
}

impl<S: Store + ?Sized> DeploymentSync<'_, S> {
    /// The precedence ladder of §3.1.
    fn sync_deployment(&mut self) {
        let sel_value = self.d.at("spec.selector").cloned().unwrap_or(Value::Null);
        let everything = sel_value.as_object().is_some_and(|m| {
            m.get("matchLabels").and_then(Value::as_object).is_none_or(|x| x.is_empty())
                && m.get("matchExpressions").and_then(Value::as_array).is_none_or(|x| x.is_empty())
        });
        if everything {
            self.out.events.push(event(
                &self.d,
                "Warning",
                "SelectingAll",
                "This deployment is selecting all pods. A non-empty selector is required.".into(),
                COMPONENT,
            ));
            if util::status_i64(&self.d, "observedGeneration") < self.d.generation() {
                let g = self.d.generation();
                *self.d.at_mut("status.observedGeneration") = g.into();
                self.update_deployment_status();
            }
            return;
        }
        let Ok(selector) = LabelSelector::from_label_selector(&sel_value) else { return };
        self.get_replica_sets_for_deployment(&selector);
        self.build_pod_map();

        if self.d.is_deleting() {
            self.sync_status_only();
            return;
        }
        self.check_paused_conditions();
        if self.d.bool_at("spec.paused") == Some(true) {
            self.sync();
            return;
        }
        if self.is_scaling_event() {
            self.sync();
            return;
        }
        if util::is_rolling_update(&self.d) {
            self.rollout_rolling();
        } else {
            self.rollout_recreate();
        }
    }

    /// `getReplicaSetsForDeployment` + `ClaimReplicaSets`: adopt matching orphans, release owned
    /// ReplicaSets that no longer match.
    fn get_replica_sets_for_deployment(&mut self, selector: &LabelSelector) {
        let uid = self.d.uid().to_string();
        let deleting = self.d.is_deleting();
        for rs in self.store.list("replicasets", Some(self.d.namespace())) {
            let matches = selector.matches_object(&rs);
            match controller_uid(&rs) {
                Some(owner) if owner == uid => {
                    if matches {
                        self.rss.push((*rs).clone());
                    } else if !deleting {
                        self.out.write(release_patch("replicasets", &rs, &uid));
                    }
                }
                Some(_) => {}
                None => {
                    if matches && !deleting && !rs.is_deleting() {
                        self.out.write(adopt_patch("replicasets", &rs, &self.d));
                        let mut adopted = (*rs).clone();
                        let mut refs = adopted.owner_references().to_vec();
                        refs.push(kubeplay_model::object::controller_owner_ref(&self.d));
                        adopted.meta_mut().insert("ownerReferences".into(), Value::Array(refs));
                        self.rss.push(adopted);
                    }
                }
            }
        }
    }

    fn build_pod_map(&mut self) {
        if util::is_rolling_update(&self.d) {
            return;
        }
        for rs in &self.rss {
            let pods = self.store.list_owned_by("pods", rs.uid());
            self.pod_map.insert(rs.uid().to_string(), pods);
        }
    }

    // ---- write helpers ----

    pub(crate) fn update_deployment_status(&mut self) {
        self.out.write(WriteOp::UpdateStatus(unconditional(self.d.clone())));
    }

    pub(crate) fn update_rs(&mut self, idx: usize) {
        if let Some(rs) = self.rss.get(idx) {
            let op = WriteOp::Update(unconditional(rs.clone()));
            self.out.write(op);
        }
    }

    pub(crate) fn emit(&mut self, type_: &'static str, reason: &str, message: String) {
        let e = event(&self.d, type_, reason, message, COMPONENT);
        self.out.events.push(e);
    }
}

#[cfg(test)]
mod tests;
