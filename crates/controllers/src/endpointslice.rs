//! The EndpointSlice controller (upstream `pkg/controller/endpointslice` and
//! `staging/src/k8s.io/endpointslice/reconciler.go`), §7.3.
//!
//! Endpoints are grouped by the exact port list they resolve to; each group fills slices of at
//! most `max_endpoints_per_slice`. Existing slices are kept where possible (endpoints stay in the
//! slice they are in, new ones fill free room, then new slices are created), so slices are not
//! churned on every change. A Service with no endpoints keeps one empty placeholder slice.
//! New slices use `generateName: <svc>-`, so the API server draws the 5 random characters.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

use kubeplay_model::object::controller_owner_ref;
use kubeplay_model::{Object, ObjectExt, ObjectRef, SimTime, WriteOp};
use serde_json::{json, Map, Value};

use crate::controller_utils::{object_ref, unconditional};
use crate::endpoints::{is_headless, service_selector, HEADLESS_LABEL, LAST_CHANGE_TRIGGER_TIME};
use crate::podutil::{
    find_port, is_pod_ready, node_name, pod_ip, should_pod_be_in_endpoints, should_set_hostname,
};
use crate::{ControllerConfig, Reconciled, Store};

pub const COMPONENT: &str = "endpointslice-controller";
pub const SERVICE_NAME_LABEL: &str = "kubernetes.io/service-name";
pub const MANAGED_BY_LABEL: &str = "endpointslice.kubernetes.io/managed-by";
pub const MANAGED_BY: &str = "endpointslice-controller.k8s.io";

/// `podToEndpoint`: conditions ready/serving/terminating as §7.3 defines them.
fn pod_to_endpoint<S: Store + ?Sized>(pod: &Object, svc: &Object, store: &S) -> Option<Value> {
    let ip = pod_ip(pod)?;
    let serving = is_pod_ready(pod);
    let terminating = pod.is_deleting();
    let ready = svc.bool_at("spec.publishNotReadyAddresses") == Some(true) || (serving && !terminating);
    let mut ep = json!({
        "addresses": [ip],
        "conditions": {"ready": ready, "serving": serving, "terminating": terminating},
        "targetRef": {"kind": "Pod", "namespace": pod.namespace(), "name": pod.name(), "uid": pod.uid()},
    });
    if should_set_hostname(pod, svc) {
        ep["hostname"] = json!(pod.str_at("spec.hostname").unwrap_or(""));
    }
    let node = node_name(pod);
    if !node.is_empty() {
        ep["nodeName"] = json!(node);
        if let Some(zone) = store
            .get("nodes", "", node)
            .and_then(|n| n.label("topology.kubernetes.io/zone").map(String::from))
        {
            ep["zone"] = json!(zone);
        }
    }
    Some(ep)
}

/// The labels of a managed slice: the Service's, plus service-name, managed-by, headless.
fn slice_labels(svc: &Object) -> Map<String, Value> {
    let mut l = svc.at("metadata.labels").and_then(Value::as_object).cloned().unwrap_or_default();
    l.insert(SERVICE_NAME_LABEL.into(), json!(svc.name()));
    l.insert(MANAGED_BY_LABEL.into(), json!(MANAGED_BY));
    if is_headless(svc) {
        l.insert(HEADLESS_LABEL.into(), json!(""));
    } else {
        l.remove(HEADLESS_LABEL);
    }
    l
}

fn endpoint_key(ep: &Value) -> String {
    let uid = ep["targetRef"]["uid"].as_str().unwrap_or("");
    let ip = ep["addresses"][0].as_str().unwrap_or("");
    format!("{ip}/{uid}")
}

/// `syncService` for `services/<ns>/<name>`.
pub fn reconcile<S: Store + ?Sized>(
    key: &ObjectRef,
    store: &S,
    now: SimTime,
    cfg: &ControllerConfig,
) -> Reconciled {
    let mut out = Reconciled::default();
    let Some(svc) = store.get("services", &key.namespace, &key.name) else {
        // Owned slices go with the Service through the garbage collector.
        return out;
    };
    if svc.str_at("spec.type") == Some("ExternalName") {
        return out;
    }
    let Some(selector) = service_selector(&svc) else { return out };
    let max = cfg.max_endpoints_per_slice.max(1);
    let ports: Vec<Value> = svc.at("spec.ports").and_then(Value::as_array).cloned().unwrap_or_default();

    // Desired endpoints, grouped by their port list (serialised as the group key).
    let mut desired: BTreeMap<String, (Vec<Value>, BTreeMap<String, Value>)> = BTreeMap::new();
    for pod in store.list_selected("pods", Some(svc.namespace()), &selector) {
        if !should_pod_be_in_endpoints(&pod, true) {
            continue;
        }
        let Some(ep) = pod_to_endpoint(&pod, &svc, store) else { continue };
        let pod_ports: Vec<Value> = ports
            .iter()
            .filter_map(|sp| {
                let num = find_port(&pod, sp)?;
                let mut p = json!({
                    "name": sp.get("name").and_then(Value::as_str).unwrap_or(""),
                    "port": num,
                    "protocol": sp.get("protocol").and_then(Value::as_str).unwrap_or("TCP"),
                });
                if let Some(ap) = sp.get("appProtocol") {
                    p["appProtocol"] = ap.clone();
                }
                Some(p)
            })
            .collect();
        let gkey = serde_json::to_string(&pod_ports).unwrap_or_default();
        desired.entry(gkey).or_insert_with(|| (pod_ports, BTreeMap::new())).1.insert(endpoint_key(&ep), ep);
    }

    let existing: Vec<Arc<Object>> = store
        .list_owned_by("endpointslices", svc.uid())
        .into_iter()
        .filter(|s| s.label(MANAGED_BY_LABEL) == Some(MANAGED_BY) && !s.is_deleting())
        .collect();
    let labels = slice_labels(&svc);
    let total_desired: usize = desired.values().map(|(_, e)| e.len()).sum();

    if total_desired == 0 {
        // Keep (or create) exactly one placeholder slice without endpoints or ports.
        let mut keep: Option<&Arc<Object>> = None;
        for s in &existing {
            let empty = s.get("endpoints").and_then(Value::as_array).is_none_or(Vec::is_empty)
                && s.get("ports").and_then(Value::as_array).is_none_or(Vec::is_empty);
            if keep.is_none() && empty {
                keep = Some(s);
                continue;
            }
            out.write(delete(s));
        }
        match keep {
            Some(s) => {
                if s.at("metadata.labels").and_then(Value::as_object) != Some(&labels) {
                    let mut u = (**s).clone();
                    u.meta_mut().insert("labels".into(), Value::Object(labels));
                    out.write(WriteOp::Update(unconditional(u)));
                }
            }
            None => {
                out.write(WriteOp::Create(new_slice(&svc, &labels, &[], Vec::new(), now)));
            }
        }
        return out;
    }

    // Existing slices by port group.
    let mut existing_by_group: BTreeMap<String, Vec<&Arc<Object>>> = BTreeMap::new();
    for s in &existing {
        let p = s.get("ports").cloned().unwrap_or(json!([]));
        existing_by_group.entry(serde_json::to_string(&p).unwrap_or_default()).or_default().push(s);
    }
    for (gkey, slices) in &existing_by_group {
        if !desired.contains_key(gkey) {
            for s in slices {
                out.write(delete(s));
            }
        }
    }
    for (gkey, (group_ports, mut wanted)) in desired {
        let slices = existing_by_group.remove(&gkey).unwrap_or_default();
        // Keep endpoints where they are; collect each slice's new content.
        let mut contents: Vec<(&Arc<Object>, Vec<Value>)> = Vec::new();
        for s in slices {
            let mut eps = Vec::new();
            for ep in s.get("endpoints").and_then(Value::as_array).into_iter().flatten() {
                if let Some(w) = wanted.remove(&endpoint_key(ep)) {
                    eps.push(w);
                }
            }
            contents.push((s, eps));
        }
        // Fill free room in existing slices, then create new ones.
        let mut rest: VecDeque<Value> = wanted.into_values().collect();
        for (_, eps) in contents.iter_mut() {
            while eps.len() < max {
                let Some(ep) = rest.pop_front() else { break };
                eps.push(ep);
            }
        }
        for (s, eps) in contents {
            if eps.is_empty() {
                out.write(delete(s));
                continue;
            }
            let unchanged = s.get("endpoints") == Some(&Value::Array(eps.clone()))
                && s.at("metadata.labels").and_then(Value::as_object) == Some(&labels);
            if unchanged {
                continue;
            }
            let mut u = (**s).clone();
            u["endpoints"] = Value::Array(eps);
            u["ports"] = Value::Array(group_ports.clone());
            u.meta_mut().insert("labels".into(), Value::Object(labels.clone()));
            u.set_annotation(LAST_CHANGE_TRIGGER_TIME, &now.to_rfc3339());
            out.write(WriteOp::Update(unconditional(u)));
        }
        for chunk in rest.make_contiguous().chunks(max) {
            out.write(WriteOp::Create(new_slice(&svc, &labels, &group_ports, chunk.to_vec(), now)));
        }
    }
    out
}

fn delete(s: &Object) -> WriteOp {
    WriteOp::Delete { target: object_ref("endpointslices", s), grace_period_seconds: None, propagation: None }
}

fn new_slice(
    svc: &Object,
    labels: &Map<String, Value>,
    ports: &[Value],
    endpoints: Vec<Value>,
    now: SimTime,
) -> Object {
    let mut s = json!({
        "apiVersion": "discovery.k8s.io/v1",
        "kind": "EndpointSlice",
        "metadata": {
            "generateName": format!("{}-", svc.name()),
            "namespace": svc.namespace(),
            "labels": Value::Object(labels.clone()),
            "ownerReferences": [controller_owner_ref(svc)],
        },
        "addressType": "IPv4",
        "endpoints": endpoints,
    });
    if !ports.is_empty() {
        s["ports"] = json!(ports);
    }
    if !s["endpoints"].as_array().is_none_or(Vec::is_empty) {
        s.set_annotation(LAST_CHANGE_TRIGGER_TIME, &now.to_rfc3339());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::Env;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn ready_pod(env: &mut Env, i: usize) {
        let name = format!("p{i:03}");
        env.create(json!({"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": "default", "labels": {"app": "web"}},
            "spec": {"containers": [{"name": "c", "image": "nginx"}]}}));
        let mut ctx =
            kubeplay_apiserver::Ctx { now: env.now, rng: &mut env.rng, manager: "sched", dry_run: false };
        env.api.bind(&mut ctx, "default", &name, "node-1").expect("bind");
        let mut p = (*env.get("pods", &name)).clone();
        p["status"] = json!({"phase": "Running", "podIP": format!("10.244.{}.{}", i / 200, i % 200 + 2),
            "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": env.now.to_rfc3339()}]});
        let mut ctx =
            kubeplay_apiserver::Ctx { now: env.now, rng: &mut env.rng, manager: "kubelet", dry_run: false };
        env.api.update_status(&mut ctx, p).expect("status");
    }

    fn slices(env: &Env) -> Vec<std::sync::Arc<Object>> {
        env.api.list("endpointslices", Some("default"))
    }

    #[test]
    fn at_most_100_endpoints_per_slice_and_placeholder_when_empty() {
        let mut env = Env::new();
        env.create(
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "default"},
            "spec": {"selector": {"app": "web"}, "ports": [{"name": "http", "port": 80}]}}),
        );
        let key = ObjectRef::new("services", "default", "web");
        let r = reconcile(&key, &env.api, env.now, &env.cfg);
        env.apply(r);
        let s = slices(&env);
        assert_eq!(s.len(), 1, "placeholder");
        assert_eq!(s[0]["endpoints"], json!([]));
        assert!(s[0].get("ports").is_none());
        for i in 0..250 {
            ready_pod(&mut env, i);
        }
        let r = reconcile(&key, &env.api, env.now, &env.cfg);
        env.apply(r);
        let s = slices(&env);
        let mut sizes: Vec<usize> = s.iter().map(|x| x["endpoints"].as_array().map_or(0, Vec::len)).collect();
        sizes.sort();
        assert_eq!(sizes, vec![50, 100, 100]);
        for x in &s {
            assert_eq!(x["ports"], json!([{"name": "http", "port": 80, "protocol": "TCP"}]));
            assert_eq!(x.label(SERVICE_NAME_LABEL), Some("web"));
            assert_eq!(x.str_at("metadata.ownerReferences.0.kind"), Some("Service"));
        }
        // Stable: a second pass changes nothing.
        let r = reconcile(&key, &env.api, env.now, &env.cfg);
        assert!(r.writes.is_empty());
    }
}
