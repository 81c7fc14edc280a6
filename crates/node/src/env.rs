//! Container environment (`kubelet_pods.go` makeEnvironmentVariables): envFrom, env with
//! `$(VAR)` expansion, valueFrom (ConfigMap/Secret keys, fieldRef, resourceFieldRef), Service
//! links, and the image's own variables.

use std::sync::Arc;

use kubeplay_model::{Object, ObjectExt};
use serde_json::Value;

use crate::images;
use crate::store::qty_milli;
use crate::{NodeSim, Store};

/// `configmap "cfg" not found`-style lookups of ConfigMap/Secret data (secrets decoded).
pub(crate) fn source_data<S: Store + ?Sized>(
    api: &S,
    secret: bool,
    ns: &str,
    name: &str,
) -> Result<Vec<(String, String)>, String> {
    let (res, what) = if secret { ("secrets", "secret") } else { ("configmaps", "configmap") };
    let obj = api.get(res, ns, name).ok_or_else(|| format!("{what} \"{name}\" not found"))?;
    Ok(object_data(&obj, secret))
}

pub(crate) fn object_data(obj: &Arc<Object>, secret: bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(m) = obj.get("data").and_then(Value::as_object) {
        for (k, v) in m {
            let raw = v.as_str().unwrap_or("");
            let val = if secret {
                kubeplay_model::base64::decode(raw)
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .unwrap_or_default()
            } else {
                raw.to_string()
            };
            out.push((k.clone(), val));
        }
    }
    if secret {
        if let Some(m) = obj.get("stringData").and_then(Value::as_object) {
            for (k, v) in m {
                out.retain(|(k2, _)| k2 != k);
                out.push((k.clone(), v.as_str().unwrap_or("").to_string()));
            }
        }
    } else if let Some(m) = obj.get("binaryData").and_then(Value::as_object) {
        for (k, v) in m {
            let b = kubeplay_model::base64::decode(v.as_str().unwrap_or("")).unwrap_or_default();
            out.push((k.clone(), String::from_utf8_lossy(&b).into_owned()));
        }
    }
    out
}

/// Service environment variables (`WEB_SERVICE_HOST`, `WEB_PORT_80_TCP`…) for the Services of
/// the pod's namespace (with enableServiceLinks) plus the `kubernetes` master Service.
pub(crate) fn service_env<S: Store + ?Sized>(api: &S, ns: &str, links: bool) -> Vec<(String, String)> {
    let mut svcs: Vec<Arc<Object>> = Vec::new();
    if links {
        svcs.extend(api.list("services", Some(ns)));
    }
    if ns != "default" || !links {
        if let Some(k) = api.get("services", "default", "kubernetes") {
            svcs.retain(|s| s.name() != "kubernetes");
            svcs.push(k);
        }
    }
    let mut out = Vec::new();
    for s in svcs {
        let ip = s.str_at("spec.clusterIP").unwrap_or("");
        if ip.is_empty() || ip == "None" {
            continue;
        }
        let base = s.name().to_uppercase().replace('-', "_");
        let ports: Vec<&Value> = s.at("spec.ports").and_then(Value::as_array).into_iter().flatten().collect();
        let Some(first) = ports.first() else { continue };
        let first_port = first.get("port").and_then(Value::as_i64).unwrap_or(0);
        out.push((format!("{base}_SERVICE_HOST"), ip.to_string()));
        out.push((format!("{base}_SERVICE_PORT"), first_port.to_string()));
        for p in &ports {
            let port = p.get("port").and_then(Value::as_i64).unwrap_or(0);
            if let Some(n) = p.get("name").and_then(Value::as_str).filter(|n| !n.is_empty()) {
                out.push((
                    format!("{base}_SERVICE_PORT_{}", n.to_uppercase().replace('-', "_")),
                    port.to_string(),
                ));
            }
        }
        let proto0 = first.get("protocol").and_then(Value::as_str).unwrap_or("TCP").to_lowercase();
        out.push((format!("{base}_PORT"), format!("{proto0}://{ip}:{first_port}")));
        for p in &ports {
            let port = p.get("port").and_then(Value::as_i64).unwrap_or(0);
            let proto = p.get("protocol").and_then(Value::as_str).unwrap_or("TCP");
            let pre = format!("{base}_PORT_{port}_{}", proto.to_uppercase());
            out.push((pre.clone(), format!("{}://{ip}:{port}", proto.to_lowercase())));
            out.push((format!("{pre}_PROTO"), proto.to_lowercase()));
            out.push((format!("{pre}_PORT"), port.to_string()));
            out.push((format!("{pre}_ADDR"), ip.to_string()));
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// `$(VAR)` references to earlier variables; `$$(VAR)` escapes; unknown references stay as written.
pub(crate) fn expand(s: &str, vars: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(t) = tail.strip_prefix("$$") {
            out.push('$');
            rest = t;
        } else if let Some(t) = tail.strip_prefix("$(") {
            match t.find(')') {
                Some(end) => {
                    let name = &t[..end];
                    match vars.iter().rev().find(|(k, _)| k == name) {
                        Some((_, v)) => out.push_str(v),
                        None => out.push_str(&tail[..end + 3]),
                    }
                    rest = &t[end + 1..];
                }
                None => {
                    out.push_str(tail);
                    rest = "";
                }
            }
        } else {
            out.push('$');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

fn set(vars: &mut Vec<(String, String)>, k: String, v: String) {
    match vars.iter_mut().find(|(k2, _)| *k2 == k) {
        Some(slot) => slot.1 = v,
        None => vars.push((k, v)),
    }
}

fn is_env_name(k: &str) -> bool {
    !k.is_empty()
        && !k.starts_with(|c: char| c.is_ascii_digit())
        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
}

/// Values the pod's own fields give to `fieldRef` (status fields from the runtime's view).
fn field_ref(pod: &Object, path: &str, pod_ip: &str, host_ip: &str) -> String {
    let bracket = |prefix: &str| -> Option<String> {
        let inner = path.strip_prefix(prefix)?.strip_prefix("['")?.strip_suffix("']")?;
        Some(inner.to_string())
    };
    if let Some(k) = bracket("metadata.labels") {
        return pod.label(&k).unwrap_or("").to_string();
    }
    if let Some(k) = bracket("metadata.annotations") {
        return pod.annotation(&k).unwrap_or("").to_string();
    }
    match path {
        "status.podIP" | "status.podIPs" => pod_ip.to_string(),
        "status.hostIP" | "status.hostIPs" => host_ip.to_string(),
        "metadata.labels" | "metadata.annotations" => {
            let m = pod.at(path).and_then(Value::as_object).cloned().unwrap_or_default();
            m.iter()
                .map(|(k, v)| format!("{k}=\"{}\"", v.as_str().unwrap_or("")))
                .collect::<Vec<_>>()
                .join("\n")
        }
        p => pod.str_at(p).unwrap_or("").to_string(),
    }
}

fn resource_field(pod: &Object, container: &Value, rf: &Value, node_alloc: &dyn Fn(&str) -> i128) -> String {
    let resource = rf.get("resource").and_then(Value::as_str).unwrap_or("");
    let c = match rf.get("containerName").and_then(Value::as_str).filter(|n| !n.is_empty()) {
        Some(n) => pod
            .at("spec.containers")
            .and_then(Value::as_array)
            .and_then(|a| a.iter().find(|c| c.get("name").and_then(Value::as_str) == Some(n)))
            .unwrap_or(container),
        None => container,
    };
    let is_cpu = resource.ends_with("cpu");
    let divisor = rf.get("divisor").map(|d| qty_milli(Some(d))).filter(|d| *d > 0).unwrap_or(1000);
    let mut v = qty_milli(c.at(&format!("resources.{resource}")));
    if v == 0 && resource.starts_with("limits.") {
        v = node_alloc(if is_cpu { "cpu" } else { "memory" });
    }
    let out = (v + divisor - 1) / divisor;
    out.max(if is_cpu { 1 } else { 0 }).to_string()
}

/// The variables the kubelet passes to the runtime for `container` (in definition order).
pub(crate) fn kubelet_env<S: Store + ?Sized>(
    api: &S,
    pod: &Object,
    container: &Value,
    pod_ip: &str,
    host_ip: &str,
    service_env: &[(String, String)],
) -> Result<Vec<(String, String)>, String> {
    let ns = pod.namespace();
    let mut vars: Vec<(String, String)> = Vec::new();
    for ef in container.get("envFrom").and_then(Value::as_array).into_iter().flatten() {
        let prefix = ef.get("prefix").and_then(Value::as_str).unwrap_or("");
        let (secret, r) = match (ef.get("configMapRef"), ef.get("secretRef")) {
            (Some(r), _) => (false, r),
            (_, Some(r)) => (true, r),
            _ => continue,
        };
        let name = r.get("name").and_then(Value::as_str).unwrap_or("");
        let optional = r.get("optional").and_then(Value::as_bool).unwrap_or(false);
        match source_data(api, secret, ns, name) {
            Ok(data) => {
                for (k, v) in data {
                    let key = format!("{prefix}{k}");
                    if is_env_name(&key) {
                        set(&mut vars, key, v);
                    }
                }
            }
            Err(e) if !optional => return Err(e),
            Err(_) => {}
        }
    }
    let node_alloc = |res: &str| -> i128 {
        pod.str_at("spec.nodeName")
            .and_then(|n| api.get("nodes", "", n))
            .map(|n| qty_milli(n.at(&format!("status.allocatable.{res}"))))
            .unwrap_or(0)
    };
    for e in container.get("env").and_then(Value::as_array).into_iter().flatten() {
        let name = e.get("name").and_then(Value::as_str).unwrap_or("").to_string();
        let value = if let Some(vf) = e.get("valueFrom") {
            if let Some(r) = vf.get("configMapKeyRef").or_else(|| vf.get("secretKeyRef")) {
                let secret = vf.get("secretKeyRef").is_some();
                let src = r.get("name").and_then(Value::as_str).unwrap_or("");
                let key = r.get("key").and_then(Value::as_str).unwrap_or("");
                let optional = r.get("optional").and_then(Value::as_bool).unwrap_or(false);
                match source_data(api, secret, ns, src) {
                    Ok(data) => match data.into_iter().find(|(k, _)| k == key) {
                        Some((_, v)) => v,
                        None if optional => continue,
                        None => {
                            let kind = if secret { "Secret" } else { "ConfigMap" };
                            return Err(format!("couldn't find key {key} in {kind} {ns}/{src}"));
                        }
                    },
                    Err(_) if optional => continue,
                    Err(e) => return Err(e),
                }
            } else if let Some(f) = vf.get("fieldRef") {
                field_ref(pod, f.get("fieldPath").and_then(Value::as_str).unwrap_or(""), pod_ip, host_ip)
            } else if let Some(rf) = vf.get("resourceFieldRef") {
                resource_field(pod, container, rf, &node_alloc)
            } else {
                String::new()
            }
        } else {
            let mut scope = service_env.to_vec();
            scope.extend(vars.iter().cloned());
            expand(e.get("value").and_then(Value::as_str).unwrap_or(""), &scope)
        };
        set(&mut vars, name, value);
    }
    for (k, v) in service_env {
        if !vars.iter().any(|(k2, _)| k2 == k) {
            vars.push((k.clone(), v.clone()));
        }
    }
    Ok(vars)
}

/// The full process environment as `env` prints it: PATH, HOSTNAME, the image's variables, the
/// kubelet's, HOME.
pub(crate) fn process_env(
    image: &str,
    hostname: &str,
    kubelet: &[(String, String)],
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let img = images::parse(image).ok();
    let base = img.as_ref().map(images::image_env).unwrap_or_else(|| {
        vec![("PATH".into(), "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into())]
    });
    let mut it = base.into_iter();
    if let Some(p) = it.next() {
        out.push(p);
    }
    out.push(("HOSTNAME".into(), hostname.to_string()));
    out.extend(it);
    for (k, v) in kubelet {
        set(&mut out, k.clone(), v.clone());
    }
    if !out.iter().any(|(k, _)| k == "HOME") {
        out.push(("HOME".into(), "/root".into()));
    }
    out
}

pub(crate) fn container_spec<'a>(pod: &'a Object, name: &str) -> Option<&'a Value> {
    ["spec.containers", "spec.initContainers", "spec.ephemeralContainers"]
        .iter()
        .filter_map(|k| pod.at(k).and_then(Value::as_array))
        .flatten()
        .find(|c| c.get("name").and_then(Value::as_str) == Some(name))
}

pub(crate) fn hostname(pod: &Object) -> String {
    pod.str_at("spec.hostname").filter(|h| !h.is_empty()).unwrap_or(pod.name()).chars().take(63).collect()
}

pub fn container_env<S: Store + ?Sized>(
    sim: &NodeSim,
    pod: &Object,
    container: &str,
    api: &S,
) -> Result<Vec<(String, String)>, String> {
    let spec = container_spec(pod, container)
        .ok_or_else(|| format!("container {container} is not valid for pod {}", pod.name()))?;
    if let Some(run) =
        sim.pods.get(pod.uid()).and_then(|p| p.container(container)).and_then(|c| c.run.as_ref())
    {
        return Ok(run.env.clone());
    }
    let pod_ip = pod.str_at("status.podIP").unwrap_or("");
    let host_ip = pod.str_at("status.hostIP").unwrap_or("");
    let links = pod.bool_at("spec.enableServiceLinks").unwrap_or(true);
    let svc = service_env(api, pod.namespace(), links);
    let k = kubelet_env(api, pod, spec, pod_ip, host_ip, &svc)?;
    Ok(process_env(spec.get("image").and_then(Value::as_str).unwrap_or(""), &hostname(pod), &k))
}

pub(crate) fn hostname_from_env(env: &[(String, String)]) -> String {
    env.iter().find(|(k, _)| k == "HOSTNAME").map(|(_, v)| v.clone()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{cluster, pod};
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn service_links_for_a_service() {
        let mut api = cluster();
        api.put("services", json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web-svc", "namespace": "default"},
            "spec": {"clusterIP": "10.96.0.12", "ports": [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 8080}]}}));
        let env = service_env(&api, "default", true);
        let get = |k: &str| env.iter().find(|(k2, _)| k2 == k).map(|(_, v)| v.as_str());
        assert_eq!(get("WEB_SVC_SERVICE_HOST"), Some("10.96.0.12"));
        assert_eq!(get("WEB_SVC_SERVICE_PORT"), Some("80"));
        assert_eq!(get("WEB_SVC_SERVICE_PORT_HTTP"), Some("80"));
        assert_eq!(get("WEB_SVC_PORT"), Some("tcp://10.96.0.12:80"));
        assert_eq!(get("WEB_SVC_PORT_80_TCP"), Some("tcp://10.96.0.12:80"));
        assert_eq!(get("WEB_SVC_PORT_80_TCP_PROTO"), Some("tcp"));
        assert_eq!(get("WEB_SVC_PORT_80_TCP_PORT"), Some("80"));
        assert_eq!(get("WEB_SVC_PORT_80_TCP_ADDR"), Some("10.96.0.12"));
        assert_eq!(get("KUBERNETES_SERVICE_HOST"), Some("10.96.0.1"));
        assert_eq!(get("KUBERNETES_SERVICE_PORT_HTTPS"), Some("443"));
        assert_eq!(get("KUBERNETES_PORT_443_TCP"), Some("tcp://10.96.0.1:443"));
        // Other namespaces only see the kubernetes Service.
        let other = service_env(&api, "dev", true);
        assert!(other.iter().all(|(k, _)| k.starts_with("KUBERNETES_")));
        assert_eq!(other.len(), 8);
    }

    #[test]
    fn env_sources_and_errors() {
        let mut api = cluster();
        api.put("configmaps", json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg", "namespace": "default"}, "data": {"MODE": "prod", "k": "v"}}));
        api.put("secrets", json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db", "namespace": "default"}, "data": {"password": "czNjcjN0"}}));
        let p = pod(
            "web",
            json!([{"name": "web", "image": "nginx:1.27",
            "envFrom": [{"configMapRef": {"name": "cfg"}, "prefix": "CFG_"}],
            "env": [
                {"name": "PASS", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
                {"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                {"name": "IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}},
                {"name": "URL", "value": "http://$(POD):80/$(NOPE)"},
                {"name": "MEM", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory", "divisor": "1Mi"}}}
            ]}]),
        );
        let mut p = p;
        *p.at_mut("spec.nodeName") = json!("worker");
        let c = p.at("spec.containers.0").unwrap().clone();
        let env = kubelet_env(&api, &p, &c, "10.244.1.5", "172.18.0.3", &[]).unwrap();
        assert_eq!(
            env,
            vec![
                ("CFG_MODE".to_string(), "prod".to_string()),
                ("CFG_k".to_string(), "v".to_string()),
                ("PASS".to_string(), "s3cr3t".to_string()),
                ("POD".to_string(), "web".to_string()),
                ("IP".to_string(), "10.244.1.5".to_string()),
                ("URL".to_string(), "http://web:80/$(NOPE)".to_string()),
                ("MEM".to_string(), "4096".to_string()),
            ]
        );
        let bad = json!({"name": "web", "env": [{"name": "X", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "missing"}}}]});
        assert_eq!(
            kubelet_env(&api, &p, &bad, "", "", &[]).unwrap_err(),
            "couldn't find key missing in ConfigMap default/cfg"
        );
        let bad = json!({"name": "web", "env": [{"name": "X", "valueFrom": {"configMapKeyRef": {"name": "nope", "key": "k"}}}]});
        assert_eq!(kubelet_env(&api, &p, &bad, "", "", &[]).unwrap_err(), "configmap \"nope\" not found");
        let bad = json!({"name": "web", "env": [{"name": "X", "valueFrom": {"secretKeyRef": {"name": "db", "key": "user"}}}]});
        assert_eq!(
            kubelet_env(&api, &p, &bad, "", "", &[]).unwrap_err(),
            "couldn't find key user in Secret default/db"
        );
        let bad = json!({"name": "web", "envFrom": [{"secretRef": {"name": "nope"}}]});
        assert_eq!(kubelet_env(&api, &p, &bad, "", "", &[]).unwrap_err(), "secret \"nope\" not found");
        let ok = json!({"name": "web", "envFrom": [{"secretRef": {"name": "nope", "optional": true}}]});
        assert!(kubelet_env(&api, &p, &ok, "", "", &[]).unwrap().is_empty());
    }

    #[test]
    fn process_env_order() {
        let env = process_env("busybox:1.36", "web", &[("A".into(), "1".into())]);
        let keys: Vec<&str> = env.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, vec!["PATH", "HOSTNAME", "A", "HOME"]);
        assert_eq!(env[0].1, "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    }
}
