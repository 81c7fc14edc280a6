//! The garbage collector (upstream `pkg/controller/garbagecollector`), §10.
//!
//! Keyed by any object. For that object it (1) deletes it when every owner it names is gone
//! (by UID: an owner recreated under the same name does not count), dropping references to
//! missing owners when some owners remain; (2) when it is being deleted with the `orphan`
//! finalizer, strips its reference from every dependent and then removes the finalizer; (3) with
//! `foregroundDeletion`, deletes its dependents and removes the finalizer once no dependent that
//! blocks owner deletion is left. Dependents are found through the API server's controller-owner
//! index (so only controller references are followed from the owner side; references without
//! `controller: true` are still honoured from the dependent side).

use std::sync::Arc;

use kubeplay_model::resource::by_kind;
use kubeplay_model::{Object, ObjectExt, ObjectRef, SimTime, WriteOp, RESOURCES};
use serde_json::{json, Value};

use crate::controller_utils::{object_ref, release_patch};
use crate::{ControllerConfig, Reconciled, Store};

pub const COMPONENT: &str = "garbage-collector-controller";
pub const FOREGROUND: &str = "foregroundDeletion";
pub const ORPHAN: &str = "orphan";

/// Namespaced resources whose objects can be dependents.
pub fn dependent_resources() -> impl Iterator<Item = &'static str> {
    RESOURCES.iter().filter(|r| r.namespaced && r.simulated && r.plural != "events").map(|r| r.plural)
}

/// Every (resource, object) whose controller reference points at `uid`.
pub fn dependents_of<S: Store + ?Sized>(store: &S, uid: &str) -> Vec<(&'static str, Arc<Object>)> {
    let mut out = Vec::new();
    for res in dependent_resources() {
        for o in store.list_owned_by(res, uid) {
            out.push((res, o));
        }
    }
    out
}

fn owner_exists<S: Store + ?Sized>(store: &S, dependent: &Object, oref: &Value) -> bool {
    let av = oref.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let kind = oref.get("kind").and_then(Value::as_str).unwrap_or("");
    let name = oref.get("name").and_then(Value::as_str).unwrap_or("");
    let uid = oref.get("uid").and_then(Value::as_str).unwrap_or("");
    let Some(rt) = by_kind(av, kind) else {
        // An owner kind we do not know cannot be checked: treat it as present (upstream would
        // wait for discovery).
        return true;
    };
    let ns = if rt.namespaced { dependent.namespace() } else { "" };
    store.get(rt.plural, ns, name).is_some_and(|o| o.uid() == uid)
}

fn finalizer_patch(obj: &Object, remove: &str) -> WriteOp {
    let rest: Vec<String> = obj.finalizers().into_iter().filter(|f| f != remove).collect();
    let fins = if rest.is_empty() { Value::Null } else { json!(rest) };
    WriteOp::MergePatch {
        target: ObjectRef::new(resource_of(obj), obj.namespace(), obj.name()),
        patch: json!({"metadata": {"finalizers": fins}}),
    }
}

fn resource_of(obj: &Object) -> &'static str {
    by_kind(obj.api_version(), obj.kind()).map(|r| r.plural).unwrap_or("")
}

/// Process one object.
pub fn reconcile<S: Store + ?Sized>(
    key: &ObjectRef,
    store: &S,
    _now: SimTime,
    _cfg: &ControllerConfig,
) -> Reconciled {
    let mut out = Reconciled::default();
    let Some(obj) = store.get(&key.resource, &key.namespace, &key.name) else { return out };

    // Owner side.
    if obj.is_deleting() {
        let fins = obj.finalizers();
        if fins.iter().any(|f| f == ORPHAN) {
            for (res, dep) in dependents_of(store, obj.uid()) {
                out.write(release_patch(res, &dep, obj.uid()));
            }
            out.write(finalizer_patch(&obj, ORPHAN));
            return out;
        }
        if fins.iter().any(|f| f == FOREGROUND) {
            let mut blocking = 0;
            for (res, dep) in dependents_of(store, obj.uid()) {
                let blocks = dep.owner_references().iter().any(|r| {
                    r.get("uid").and_then(Value::as_str) == Some(obj.uid())
                        && r.get("blockOwnerDeletion").and_then(Value::as_bool) == Some(true)
                });
                if blocks {
                    blocking += 1;
                }
                if !dep.is_deleting() {
                    // Dependents that own things are deleted in the foreground too.
                    let propagation = if res == "pods" { None } else { Some("Foreground".to_string()) };
                    out.write(WriteOp::Delete {
                        target: object_ref(res, &dep),
                        grace_period_seconds: None,
                        propagation,
                    });
                }
            }
            if blocking == 0 {
                out.write(finalizer_patch(&obj, FOREGROUND));
            }
            return out;
        }
    }

    // Dependent side.
    let refs = obj.owner_references();
    if refs.is_empty() {
        return out;
    }
    let (present, absent): (Vec<&Value>, Vec<&Value>) =
        refs.iter().partition(|r| owner_exists(store, &obj, r));
    if absent.is_empty() {
        return out;
    }
    if present.is_empty() {
        if !obj.is_deleting() {
            let res =
                if key.resource.is_empty() { resource_of(&obj).to_string() } else { key.resource.clone() };
            let target = ObjectRef::new(&res, obj.namespace(), obj.name());
            out.write(WriteOp::Delete { target, grace_period_seconds: None, propagation: None });
        }
        return out;
    }
    let keep: Vec<Value> = present.into_iter().cloned().collect();
    out.write(WriteOp::MergePatch {
        target: key.clone(),
        patch: json!({"metadata": {"ownerReferences": keep, "uid": obj.uid()}}),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::Env;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn dependents_whose_owner_uid_is_gone_are_deleted() {
        let mut env = Env::new();
        let cm = env.create(json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "owner", "namespace": "default"}}));
        // Owned by a ConfigMap named "owner" but with another uid: the owner does not count.
        env.create(json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "dep", "namespace": "default",
            "ownerReferences": [{"apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": "not-the-uid"}]}}));
        env.create(json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "kept", "namespace": "default",
            "ownerReferences": [{"apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": cm.uid()}]}}));
        for name in ["dep", "kept"] {
            let r = reconcile(&ObjectRef::new("configmaps", "default", name), &env.api, env.now, &env.cfg);
            env.apply(r);
        }
        assert!(env.api.get("configmaps", "default", "dep").is_err());
        assert!(env.api.get("configmaps", "default", "kept").is_ok());
    }
}
