//! Small shared readers over object trees.

use kubeplay_model::{LabelSelector, Object, ObjectExt};
use serde_json::{Map, Value};

/// The graph node id of an object: `<Kind>/<namespace>/<name>`.
pub fn node_id(kind: &str, ns: &str, name: &str) -> String {
    format!("{kind}/{ns}/{name}")
}

pub(crate) fn arr<'a>(v: &'a Value, path: &str) -> &'a [Value] {
    v.at(path).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

pub(crate) fn str_at<'a>(v: &'a Value, path: &str) -> &'a str {
    v.str_at(path).unwrap_or("")
}

pub(crate) fn i64_at(v: &Value, path: &str) -> i64 {
    v.i64_at(path).unwrap_or(0)
}

/// `spec.replicas`, which defaults to 1.
pub(crate) fn spec_replicas(v: &Value) -> i64 {
    v.i64_at("spec.replicas").unwrap_or(1)
}

pub(crate) fn labels_of(v: &Value) -> Option<&Map<String, Value>> {
    v.at("metadata.labels").and_then(Value::as_object)
}

/// The "app" a set of labels names, by the usual label keys.
pub(crate) fn app_of(labels: Option<&Map<String, Value>>) -> Option<String> {
    let l = labels?;
    ["app.kubernetes.io/name", "app", "k8s-app", "run"]
        .iter()
        .find_map(|k| l.get(*k).and_then(Value::as_str).filter(|v| !v.is_empty()).map(String::from))
}

pub(crate) fn condition<'a>(o: &'a Value, type_: &str) -> Option<&'a Value> {
    arr(o, "status.conditions").iter().find(|c| str_at(c, "type") == type_)
}

pub(crate) fn revision_of(rs: &Value) -> Option<i64> {
    rs.annotation("deployment.kubernetes.io/revision").and_then(|r| r.parse().ok())
}

/// A Service's `spec.selector` as a selector; None when it has no (or an empty) selector.
pub(crate) fn service_selector(svc: &Value) -> Option<LabelSelector> {
    let m = svc.at("spec.selector").and_then(Value::as_object)?;
    if m.is_empty() {
        return None;
    }
    Some(LabelSelector::from_map(m))
}

/// `a=b,c=d` for a Service selector map (keys sorted).
pub(crate) fn selector_text(svc: &Value) -> String {
    svc.at("spec.selector")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or(""))).collect::<Vec<_>>().join(",")
        })
        .unwrap_or_default()
}

/// Does the controller ownerReference of `o` point at `owner_uid`?
pub(crate) fn controller_uid(o: &Object) -> Option<&str> {
    o.controller_ref().and_then(|r| r.get("uid")).and_then(Value::as_str)
}

/// Comma-joined list capped at `max` items, then `and N more`.
pub(crate) fn join_capped(items: &[String], max: usize) -> String {
    if items.len() <= max {
        return items.join(", ");
    }
    format!("{} and {} more", items[..max].join(", "), items.len() - max)
}

/// The container port a Service targetPort resolves to on a pod (FindPort): a number is used
/// as-is; a name is looked up among the pod's container ports (by name and protocol).
pub(crate) fn find_port(pod: &Value, target: &Value, protocol: &str) -> Option<i64> {
    if let Some(n) = target.as_i64() {
        return Some(n);
    }
    let name = target.as_str()?;
    if let Ok(n) = name.parse::<i64>() {
        return Some(n);
    }
    for c in arr(pod, "spec.containers") {
        for p in arr(c, "ports") {
            let proto = p.get("protocol").and_then(Value::as_str).unwrap_or("TCP");
            if str_at(p, "name") == name && proto == protocol {
                return p.get("containerPort").and_then(Value::as_i64);
            }
        }
    }
    None
}

/// A Service port's targetPort (defaults to `port`).
pub(crate) fn target_port(port: &Value) -> Value {
    match port.get("targetPort") {
        Some(t) if !t.is_null() => t.clone(),
        _ => port.get("port").cloned().unwrap_or(Value::Null),
    }
}
