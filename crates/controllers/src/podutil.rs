//! Pod helpers the controllers share (upstream `pkg/api/v1/pod/util.go`, `controller_utils.go`).

use kubeplay_model::{Object, ObjectExt, SimTime};
use serde_json::Value;

pub use kubeplay_model::pod::{
    is_active as is_pod_active, is_ready as is_pod_ready, node_name, phase, ready_condition, ready_time,
};

/// `IsPodAvailable`: Ready, and Ready for strictly longer than minReadySeconds.
pub fn is_pod_available(pod: &Object, min_ready_seconds: i64, now: SimTime) -> bool {
    if !is_pod_ready(pod) {
        return false;
    }
    if min_ready_seconds <= 0 {
        return true;
    }
    match ready_time(pod) {
        Some(t) => t.plus_secs(min_ready_seconds) < now,
        None => false,
    }
}

/// When a Ready-but-not-yet-available pod becomes available (None if it never will by waiting).
pub fn available_at(pod: &Object, min_ready_seconds: i64) -> Option<SimTime> {
    if min_ready_seconds <= 0 {
        return None;
    }
    // Strictly after ready + minReadySeconds: the next millisecond.
    ready_time(pod).map(|t| t.plus_secs(min_ready_seconds).plus_millis(1))
}

/// The pod's IPv4 address (status.podIP, else the first of status.podIPs).
pub fn pod_ip(pod: &Object) -> Option<&str> {
    if let Some(ip) = pod.str_at("status.podIP").filter(|s| !s.is_empty()) {
        return Some(ip);
    }
    pod.at("status.podIPs")?
        .as_array()?
        .iter()
        .find_map(|v| v.get("ip").and_then(Value::as_str))
        .filter(|s| !s.is_empty())
}

/// `ShouldPodBeInEndpoints`: not terminal, has an IP, and not terminating unless tolerated.
pub fn should_pod_be_in_endpoints(pod: &Object, include_terminating: bool) -> bool {
    let p = phase(pod);
    if p == "Succeeded" || p == "Failed" {
        return false;
    }
    if pod_ip(pod).is_none() {
        return false;
    }
    include_terminating || !pod.is_deleting()
}

/// `ShouldSetHostname`: the pod's hostname is published when its subdomain names the Service.
pub fn should_set_hostname(pod: &Object, svc: &Object) -> bool {
    let hostname = pod.str_at("spec.hostname").unwrap_or("");
    !hostname.is_empty()
        && pod.str_at("spec.subdomain") == Some(svc.name())
        && pod.namespace() == svc.namespace()
}

/// `FindPort`: resolves a Service port's targetPort against a pod (numbers as-is, names looked
/// up among the container ports, sidecars included, with a matching protocol).
pub fn find_port(pod: &Object, svc_port: &Value) -> Option<i64> {
    let protocol = svc_port.get("protocol").and_then(Value::as_str).unwrap_or("TCP");
    let target = svc_port.get("targetPort").or_else(|| svc_port.get("port"))?;
    match target {
        Value::Number(n) => n.as_i64(),
        Value::String(name) => {
            let containers = pod.at("spec.containers").and_then(Value::as_array).into_iter().flatten();
            let sidecars = pod
                .at("spec.initContainers")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|c| c.get("restartPolicy").and_then(Value::as_str) == Some("Always"));
            containers.chain(sidecars).find_map(|c| {
                c.get("ports")?.as_array()?.iter().find_map(|p| {
                    let pname = p.get("name").and_then(Value::as_str)?;
                    let pproto = p.get("protocol").and_then(Value::as_str).unwrap_or("TCP");
                    if pname == name && pproto == protocol {
                        p.get("containerPort").and_then(Value::as_i64)
                    } else {
                        None
                    }
                })
            })
        }
        _ => None,
    }
}

/// Largest restartCount over the regular containers, and over the sidecars.
pub fn max_container_restarts(pod: &Object) -> (i64, i64) {
    let max_of = |path: &str| {
        pod.at(path)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter().filter_map(|c| c.get("restartCount").and_then(Value::as_i64)).max().unwrap_or(0)
            })
            .unwrap_or(0)
    };
    let sidecar_names: Vec<&str> = pod
        .at("spec.initContainers")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter(|c| c.get("restartPolicy").and_then(Value::as_str) == Some("Always"))
                .filter_map(|c| c.get("name").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    let sidecar = pod
        .at("status.initContainerStatuses")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter(|c| c.get("name").and_then(Value::as_str).is_some_and(|n| sidecar_names.contains(&n)))
                .filter_map(|c| c.get("restartCount").and_then(Value::as_i64))
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0);
    (max_of("status.containerStatuses"), sidecar)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn availability_needs_min_ready_seconds_strictly_past() {
        let t = SimTime::from_secs(1000);
        let pod = json!({"status": {"conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": t.to_rfc3339()}]}});
        assert!(is_pod_available(&pod, 0, t));
        assert!(!is_pod_available(&pod, 10, t.plus_secs(10)));
        assert!(is_pod_available(&pod, 10, t.plus_secs(11)));
        assert_eq!(available_at(&pod, 10), Some(t.plus_secs(10).plus_millis(1)));
    }

    #[test]
    fn named_target_port_resolves_by_name_and_protocol() {
        let pod = json!({"spec": {"containers": [{"name": "c", "ports": [
            {"name": "http", "containerPort": 8080, "protocol": "TCP"},
            {"name": "dns", "containerPort": 53, "protocol": "UDP"}]}]}});
        assert_eq!(
            find_port(&pod, &json!({"port": 80, "targetPort": "http", "protocol": "TCP"})),
            Some(8080)
        );
        assert_eq!(find_port(&pod, &json!({"port": 53, "targetPort": "dns", "protocol": "TCP"})), None);
        assert_eq!(find_port(&pod, &json!({"port": 80, "targetPort": 9376, "protocol": "TCP"})), Some(9376));
    }
}
