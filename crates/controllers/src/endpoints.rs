//! The Endpoints controller (upstream `pkg/controller/endpoint/endpoints_controller.go`), §7.3.

use std::collections::BTreeMap;

use kubeplay_model::{LabelSelector, Object, ObjectExt, ObjectRef, SimTime, WriteOp};
use serde_json::{json, Map, Value};

use crate::controller_utils::unconditional;
use crate::podutil::{
    find_port, is_pod_ready, node_name, pod_ip, should_pod_be_in_endpoints, should_set_hostname,
};
use crate::{ControllerConfig, Reconciled, Store};

pub const COMPONENT: &str = "endpoint-controller";
pub const HEADLESS_LABEL: &str = "service.kubernetes.io/headless";
pub const LAST_CHANGE_TRIGGER_TIME: &str = "endpoints.kubernetes.io/last-change-trigger-time";
pub const OVER_CAPACITY: &str = "endpoints.kubernetes.io/over-capacity";

/// The Service's selector as a map, `None` for a Service without one.
pub(crate) fn service_selector(svc: &Object) -> Option<LabelSelector> {
    let m = svc.at("spec.selector")?.as_object()?;
    Some(LabelSelector::from_map(m))
}

pub(crate) fn is_headless(svc: &Object) -> bool {
    svc.str_at("spec.clusterIP") == Some("None")
}

/// One address for a pod (`EndpointAddress`).
fn endpoint_address(pod: &Object, svc: &Object) -> Option<Value> {
    let ip = pod_ip(pod)?;
    let mut a = json!({
        "ip": ip,
        "nodeName": node_name(pod),
        "targetRef": {"kind": "Pod", "namespace": pod.namespace(), "name": pod.name(), "uid": pod.uid()},
    });
    if should_set_hostname(pod, svc) {
        a["hostname"] = json!(pod.str_at("spec.hostname").unwrap_or(""));
    }
    Some(a)
}

/// `syncService` for `services/<ns>/<name>`.
pub fn reconcile<S: Store + ?Sized>(
    key: &ObjectRef,
    store: &S,
    now: SimTime,
    cfg: &ControllerConfig,
) -> Reconciled {
    let mut out = Reconciled::default();
    let current = store.get("endpoints", &key.namespace, &key.name);
    let Some(svc) = store.get("services", &key.namespace, &key.name) else {
        // The Service is gone: so are its Endpoints.
        if let Some(ep) = current {
            let target = ObjectRef::new("endpoints", ep.namespace(), ep.name());
            out.write(WriteOp::Delete { target, grace_period_seconds: None, propagation: None });
        }
        return out;
    };
    if svc.str_at("spec.type") == Some("ExternalName") {
        return out;
    }
    let Some(selector) = service_selector(&svc) else { return out };
    let publish_not_ready = svc.bool_at("spec.publishNotReadyAddresses") == Some(true);
    let ports: Vec<Value> = svc.at("spec.ports").and_then(Value::as_array).cloned().unwrap_or_default();

    // (address, ready) per resolved port; a port key of None is the portless-headless sentinel.
    let mut by_port: BTreeMap<Option<String>, (Value, BTreeMap<String, (Value, bool)>)> = BTreeMap::new();
    for pod in store.list_selected("pods", Some(svc.namespace()), &selector) {
        if !should_pod_be_in_endpoints(&pod, publish_not_ready) {
            continue;
        }
        let Some(addr) = endpoint_address(&pod, &svc) else { continue };
        let ready = publish_not_ready || is_pod_ready(&pod);
        let addr_key = format!("{}/{}", addr["ip"].as_str().unwrap_or(""), pod.uid());
        let mut record = |port: Option<Value>| {
            let pkey = port.as_ref().map(|p| serde_json::to_string(p).unwrap_or_default());
            let entry = by_port.entry(pkey).or_insert_with(|| (port.unwrap_or(Value::Null), BTreeMap::new()));
            let slot = entry.1.entry(addr_key.clone()).or_insert((addr.clone(), ready));
            slot.1 |= ready;
        };
        if ports.is_empty() {
            if is_headless(&svc) {
                record(None);
            }
            continue;
        }
        for sp in &ports {
            let Some(num) = find_port(&pod, sp) else { continue };
            let mut p = json!({
                "name": sp.get("name").and_then(Value::as_str).unwrap_or(""),
                "port": num,
                "protocol": sp.get("protocol").and_then(Value::as_str).unwrap_or("TCP"),
            });
            if p["name"] == "" {
                p.as_object_mut().map(|m| m.remove("name"));
            }
            if let Some(ap) = sp.get("appProtocol") {
                p["appProtocol"] = ap.clone();
            }
            record(Some(p));
        }
    }
    let subsets = repack_subsets(by_port);

    let mut truncated = false;
    let subsets = truncate(subsets, cfg.max_endpoints_per_subset, &mut truncated);

    let svc_labels =
        svc.at("metadata.labels").cloned().filter(|l| l.as_object().is_some_and(|m| !m.is_empty()));
    let mut labels: Map<String, Value> =
        svc_labels.as_ref().and_then(Value::as_object).cloned().unwrap_or_default();
    if is_headless(&svc) {
        labels.insert(HEADLESS_LABEL.into(), json!(""));
    }
    if let Some(cur) = &current {
        let cur_subsets = cur.get("subsets").cloned().unwrap_or(json!([]));
        let cur_labels = cur.at("metadata.labels").and_then(Value::as_object).cloned().unwrap_or_default();
        let capacity_ok = cur.annotation(OVER_CAPACITY).is_some() == truncated;
        if cur_subsets == Value::Array(subsets.clone()) && cur_labels == labels && capacity_ok {
            return out;
        }
    }
    let mut ep = match &current {
        Some(c) => (**c).clone(),
        None => {
            json!({"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": svc.name(), "namespace": svc.namespace()}})
        }
    };
    ep.meta_mut().insert("labels".into(), Value::Object(labels));
    if ep.at("metadata.labels").and_then(Value::as_object).is_some_and(Map::is_empty) {
        ep.meta_mut().remove("labels");
    }
    ep.set_annotation(LAST_CHANGE_TRIGGER_TIME, &now.to_rfc3339());
    if truncated {
        ep.set_annotation(OVER_CAPACITY, "truncated");
    } else {
        ep.remove_annotation(OVER_CAPACITY);
    }
    if subsets.is_empty() {
        ep.as_object_mut().map(|m| m.remove("subsets"));
    } else {
        ep["subsets"] = Value::Array(subsets);
    }
    out.write(if current.is_some() { WriteOp::Update(unconditional(ep)) } else { WriteOp::Create(ep) });
    out
}

/// `RepackSubsets`: addresses grouped by the exact set of ports they serve (with their
/// readiness), sorted by IP; ports sorted by (name, port, protocol); subsets by first address.
fn repack_subsets(by_port: BTreeMap<Option<String>, (Value, BTreeMap<String, (Value, bool)>)>) -> Vec<Value> {
    // address-set signature → (ports, addresses)
    let mut groups: BTreeMap<Vec<(String, bool)>, (Vec<Value>, Vec<(Value, bool)>)> = BTreeMap::new();
    for (pkey, (port, addrs)) in by_port {
        let sig: Vec<(String, bool)> = addrs.iter().map(|(k, (_, r))| (k.clone(), *r)).collect();
        let entry = groups.entry(sig).or_insert_with(|| (Vec::new(), addrs.values().cloned().collect()));
        if pkey.is_some() {
            entry.0.push(port);
        }
    }
    let ip_key = |a: &Value| {
        let ip = a["ip"].as_str().unwrap_or("");
        let octets: Vec<u32> = ip.split('.').filter_map(|x| x.parse().ok()).collect();
        (octets, a["targetRef"]["uid"].as_str().unwrap_or("").to_string())
    };
    let mut subsets: Vec<Value> = groups
        .into_values()
        .map(|(mut ports, addrs)| {
            ports.sort_by_key(|p| {
                (
                    p["name"].as_str().unwrap_or("").to_string(),
                    p["port"].as_i64().unwrap_or(0),
                    p["protocol"].as_str().unwrap_or("").to_string(),
                )
            });
            let mut ready: Vec<Value> = addrs.iter().filter(|(_, r)| *r).map(|(a, _)| a.clone()).collect();
            let mut not_ready: Vec<Value> =
                addrs.iter().filter(|(_, r)| !*r).map(|(a, _)| a.clone()).collect();
            ready.sort_by_key(ip_key);
            not_ready.sort_by_key(ip_key);
            let mut s = json!({});
            if !ready.is_empty() {
                s["addresses"] = json!(ready);
            }
            if !not_ready.is_empty() {
                s["notReadyAddresses"] = json!(not_ready);
            }
            if !ports.is_empty() {
                s["ports"] = json!(ports);
            }
            s
        })
        .collect();
    subsets.sort_by_key(|s| {
        let first = s.get("addresses").or_else(|| s.get("notReadyAddresses")).and_then(|a| a.get(0)).cloned();
        first.map(|a| ip_key(&a)).unwrap_or_default()
    });
    subsets
}

/// `truncateEndpoints`: at most `max` addresses in total, ready ones kept first, spread over the
/// subsets in proportion to their size.
fn truncate(subsets: Vec<Value>, max: usize, truncated: &mut bool) -> Vec<Value> {
    let count = |s: &Value, k: &str| s.get(k).and_then(Value::as_array).map_or(0, Vec::len);
    let total: usize = subsets.iter().map(|s| count(s, "addresses") + count(s, "notReadyAddresses")).sum();
    if total <= max {
        return subsets;
    }
    *truncated = true;
    let ready_total: usize = subsets.iter().map(|s| count(s, "addresses")).sum();
    let mut out = Vec::new();
    let mut budget_ready = max.min(ready_total);
    let mut budget_not_ready = max - budget_ready;
    for mut s in subsets {
        for (k, budget) in [("addresses", &mut budget_ready), ("notReadyAddresses", &mut budget_not_ready)] {
            if let Some(a) = s.get_mut(k).and_then(Value::as_array_mut) {
                let keep = (*budget).min(a.len());
                a.truncate(keep);
                *budget -= keep;
            }
        }
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::Env;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn pod(env: &mut Env, name: &str, ip: &str, ready: bool, port_name: &str, port: i64) {
        env.create(json!({"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": "default", "labels": {"app": "web"}},
            "spec": {"containers": [{"name": "c", "image": "nginx", "ports": [{"name": port_name, "containerPort": port}]}]}}));
        let mut ctx =
            kubeplay_apiserver::Ctx { now: env.now, rng: &mut env.rng, manager: "sched", dry_run: false };
        env.api.bind(&mut ctx, "default", name, "node-1").expect("bind");
        let mut p = (*env.get("pods", name)).clone();
        p["status"] = json!({"phase": "Running", "podIP": ip,
            "conditions": [{"type": "Ready", "status": if ready { "True" } else { "False" }, "lastTransitionTime": env.now.to_rfc3339()}]});
        let mut ctx =
            kubeplay_apiserver::Ctx { now: env.now, rng: &mut env.rng, manager: "kubelet", dry_run: false };
        env.api.update_status(&mut ctx, p).expect("status");
    }

    fn sync(env: &mut Env) -> Object {
        let r = reconcile(&ObjectRef::new("services", "default", "web"), &env.api, env.now, &env.cfg);
        env.apply(r);
        (*env.get("endpoints", "web")).clone()
    }

    #[test]
    fn ready_and_not_ready_addresses_with_named_target_ports() {
        let mut env = Env::new();
        pod(&mut env, "a", "10.244.1.10", true, "http", 8080);
        pod(&mut env, "b", "10.244.1.9", false, "http", 8080);
        pod(&mut env, "c", "10.244.2.3", true, "web", 9090);
        env.create(json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "default", "labels": {"team": "x"}},
            "spec": {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": "http"}]}}));
        let ep = sync(&mut env);
        assert_eq!(ep.at("metadata.labels"), Some(&json!({"team": "x"})));
        let subsets = ep["subsets"].as_array().cloned().unwrap_or_default();
        assert_eq!(subsets.len(), 1, "pod c has no port named http and is left out");
        assert_eq!(subsets[0]["addresses"][0]["ip"], "10.244.1.10");
        assert_eq!(
            subsets[0]["addresses"][0]["targetRef"],
            json!({"kind": "Pod", "namespace": "default", "name": "a", "uid": env.get("pods", "a").uid()})
        );
        assert_eq!(subsets[0]["addresses"][0]["nodeName"], "node-1");
        assert_eq!(subsets[0]["notReadyAddresses"][0]["ip"], "10.244.1.9");
        assert_eq!(subsets[0]["ports"], json!([{"port": 8080, "protocol": "TCP"}]));
        // Nothing changed: no write.
        let again = reconcile(&ObjectRef::new("services", "default", "web"), &env.api, env.now, &env.cfg);
        assert!(again.writes.is_empty());
    }

    #[test]
    fn headless_services_get_the_headless_label_and_publish_not_ready() {
        let mut env = Env::new();
        pod(&mut env, "a", "10.244.1.10", false, "http", 80);
        env.create(json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "default"},
            "spec": {"clusterIP": "None", "publishNotReadyAddresses": true, "selector": {"app": "web"}, "ports": [{"port": 80}]}}));
        let ep = sync(&mut env);
        assert_eq!(ep.label(HEADLESS_LABEL), Some(""));
        assert_eq!(ep["subsets"][0]["addresses"][0]["ip"], "10.244.1.10");
        assert!(ep["subsets"][0].get("notReadyAddresses").is_none());
    }
}
