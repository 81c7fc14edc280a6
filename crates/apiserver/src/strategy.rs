//! Per-kind registry strategy facts (`pkg/registry/*/strategy.go`): which kinds carry
//! `metadata.generation` and when it moves, which have a status subresource, and what
//! PrepareForCreate resets.

use kubeplay_model::object::ObjectExt;
use kubeplay_model::quantity::Quantity;
use kubeplay_model::Object;
use serde_json::{json, Value};

use crate::store::ResInfo;

/// Kinds whose status strategy resets only spec and labels from the live object, so a status
/// update carries the request's annotations (upstream's deployment and replicaset strategies).
pub fn status_keeps_annotations(plural: &str) -> bool {
    matches!(plural, "deployments" | "replicasets")
}

/// Resources whose main endpoint ignores `status` (it has its own subresource).
pub fn has_status_subresource(plural: &str) -> bool {
    matches!(
        plural,
        "pods"
            | "services"
            | "nodes"
            | "namespaces"
            | "deployments"
            | "replicasets"
            | "statefulsets"
            | "daemonsets"
            | "jobs"
            | "cronjobs"
            | "replicationcontrollers"
            | "persistentvolumeclaims"
            | "persistentvolumes"
            | "resourcequotas"
            | "horizontalpodautoscalers"
            | "poddisruptionbudgets"
            | "ingresses"
            | "customresourcedefinitions"
    )
}

/// Whether objects of this resource carry `metadata.generation` (1 on create).
pub fn tracks_generation(info: &ResInfo) -> bool {
    if kubeplay_model::resource::by_plural(&info.plural).is_none() {
        return true; // custom resources
    }
    matches!(
        info.plural.as_str(),
        "pods"
            | "deployments"
            | "replicasets"
            | "statefulsets"
            | "daemonsets"
            | "jobs"
            | "cronjobs"
            | "replicationcontrollers"
            | "horizontalpodautoscalers"
            | "poddisruptionbudgets"
            | "ingresses"
            | "networkpolicies"
            | "customresourcedefinitions"
    )
}

/// Whether an update from `old` to `new` bumps generation: spec changes (and, for Deployments,
/// annotation changes); for custom resources any change outside metadata and status.
pub fn generation_changed(info: &ResInfo, old: &Object, new: &Object) -> bool {
    if kubeplay_model::resource::by_plural(&info.plural).is_none() {
        let strip = |o: &Object| {
            let mut m = o.as_object().cloned().unwrap_or_default();
            m.remove("metadata");
            m.remove("status");
            m
        };
        return strip(old) != strip(new);
    }
    if old.get("spec") != new.get("spec") {
        return true;
    }
    info.plural == "deployments" && old.at("metadata.annotations") != new.at("metadata.annotations")
}

/// PrepareForCreate: status reset or initialised as each strategy does.
pub fn prepare_for_create(info: &ResInfo, obj: &mut Object) {
    let Some(m) = obj.as_object_mut() else { return };
    match info.plural.as_str() {
        "deployments" | "replicasets" | "statefulsets" | "daemonsets" | "replicationcontrollers" => {
            m.insert("status".into(), json!({}));
        }
        "jobs"
        | "cronjobs"
        | "horizontalpodautoscalers"
        | "poddisruptionbudgets"
        | "persistentvolumeclaims" => {
            m.insert("status".into(), json!({}));
        }
        "pods" => {
            let qos = qos_class(obj);
            if let Some(m) = obj.as_object_mut() {
                m.insert("status".into(), json!({"phase": "Pending", "qosClass": qos}));
            }
        }
        "services" => {
            m.insert("status".into(), json!({"loadBalancer": {}}));
        }
        "namespaces" => {
            m.insert("status".into(), json!({"phase": "Active"}));
            let spec = m.entry("spec").or_insert_with(|| json!({}));
            if !spec.is_object() {
                *spec = json!({});
            }
            let fins = spec.as_object_mut().and_then(|s| {
                s.entry("finalizers").or_insert_with(|| json!([])).as_array_mut().map(|a| {
                    if !a.iter().any(|f| f == "kubernetes") {
                        a.push(json!("kubernetes"));
                    }
                })
            });
            let _ = fins;
        }
        _ => {}
    }
}

/// `GetPodQOS`: BestEffort without any request/limit, Guaranteed when every container has cpu
/// and memory limits equal to its requests, Burstable otherwise.
pub fn qos_class(pod: &Object) -> &'static str {
    let mut any = false;
    let mut guaranteed = true;
    let ctrs = ["spec.containers", "spec.initContainers"]
        .into_iter()
        .filter_map(|p| pod.at(p).and_then(Value::as_array))
        .flatten();
    for c in ctrs {
        let req = c.at("resources.requests").and_then(Value::as_object);
        let lim = c.at("resources.limits").and_then(Value::as_object);
        let relevant = |m: Option<&serde_json::Map<String, Value>>| {
            m.map(|m| {
                m.iter()
                    .filter(|(k, _)| k.as_str() == "cpu" || k.as_str() == "memory")
                    .filter_map(|(k, v)| Some((k.clone(), Quantity::parse(v.as_str()?).ok()?)))
                    .filter(|(_, q)| q.milli != 0)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
        };
        let (r, l) = (relevant(req), relevant(lim));
        if !r.is_empty() || !l.is_empty() {
            any = true;
        }
        if l.len() < 2 || r.iter().any(|(k, q)| l.iter().find(|(lk, _)| lk == k).map(|(_, lq)| lq) != Some(q))
        {
            guaranteed = false;
        }
    }
    if !any {
        "BestEffort"
    } else if guaranteed {
        "Guaranteed"
    } else {
        "Burstable"
    }
}
