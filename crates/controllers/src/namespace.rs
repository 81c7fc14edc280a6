//! The namespace controller (upstream `pkg/controller/namespace/deletion`), §10.
//!
//! A Terminating namespace has everything in it deleted (pods gracefully); once nothing is
//! left its `kubernetes` finalizer is removed and the API server drops it.

use kubeplay_model::{ObjectExt, ObjectRef, SimTime, WriteOp};
use serde_json::json;

use crate::controller_utils::{object_ref, unconditional};
use crate::garbagecollector::dependent_resources;
use crate::{ControllerConfig, Reconciled, Store};

pub const COMPONENT: &str = "namespace-controller";

/// How often a namespace with content still terminating is looked at again.
pub const RECHECK_MS: i64 = 1000;

/// `namespaces/<name>` (key.name is the namespace).
pub fn reconcile<S: Store + ?Sized>(
    key: &ObjectRef,
    store: &S,
    _now: SimTime,
    _cfg: &ControllerConfig,
) -> Reconciled {
    let mut out = Reconciled::default();
    let ns = store.get("namespaces", "", &key.name);
    if ns.as_ref().is_some_and(|n| !n.is_deleting()) {
        return out;
    }
    let mut remaining = 0;
    for res in dependent_resources().chain(["events"]) {
        for o in store.list(res, Some(&key.name)) {
            remaining += 1;
            if !o.is_deleting() {
                out.write(WriteOp::Delete {
                    target: object_ref(res, &o),
                    grace_period_seconds: None,
                    propagation: None,
                });
            }
        }
    }
    let Some(ns) = ns else { return out };
    if remaining > 0 {
        out.requeue(RECHECK_MS);
        return out;
    }
    // Nothing left: finalize (spec.finalizers emptied).
    let mut done = (*ns).clone();
    *done.at_mut("spec.finalizers") = json!([]);
    out.write(WriteOp::Update(unconditional(done)));
    out
}
