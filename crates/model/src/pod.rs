//! Facts about a pod that several components read (upstream's `podutil` and the scheduler's
//! resource helpers): readiness, activity, resource requests and host ports. Direct field
//! lookups, no path parsing: these run for every pod the controllers and the scheduler see.

use serde_json::Value;

use crate::object::ObjectExt;
use crate::quantity::Quantity;
use crate::time::SimTime;

/// The pod's `Ready` condition, if it has one.
pub fn ready_condition(pod: &Value) -> Option<&Value> {
    pod.get("status")?
        .get("conditions")?
        .as_array()?
        .iter()
        .find(|c| c.get("type").and_then(Value::as_str) == Some("Ready"))
}

/// `IsPodReady`: the Ready condition is True.
pub fn is_ready(pod: &Value) -> bool {
    ready_condition(pod).and_then(|c| c.get("status")).and_then(Value::as_str) == Some("True")
}

/// When the pod last became Ready (the Ready condition's lastTransitionTime), if it is Ready.
pub fn ready_time(pod: &Value) -> Option<SimTime> {
    let c = ready_condition(pod)?;
    if c.get("status").and_then(Value::as_str) != Some("True") {
        return None;
    }
    c.get("lastTransitionTime")?.as_str().and_then(SimTime::parse_rfc3339)
}

/// `status.phase`, "" when unset.
pub fn phase(pod: &Value) -> &str {
    pod.get("status").and_then(|s| s.get("phase")).and_then(Value::as_str).unwrap_or("")
}

/// Succeeded or Failed: the pod's containers will not run again.
pub fn is_terminal(pod: &Value) -> bool {
    matches!(phase(pod), "Succeeded" | "Failed")
}

/// `IsPodActive`: not Succeeded/Failed and not being deleted.
pub fn is_active(pod: &Value) -> bool {
    let deleting = pod.get("metadata").and_then(|m| m.get("deletionTimestamp")).is_some_and(|v| !v.is_null());
    !is_terminal(pod) && !deleting
}

/// The uid of the controller ownerReference.
pub fn controller_uid(obj: &Value) -> Option<&str> {
    obj.get("metadata")?
        .get("ownerReferences")?
        .as_array()?
        .iter()
        .find(|r| r.get("controller").and_then(Value::as_bool) == Some(true))?
        .get("uid")?
        .as_str()
}

/// `spec.nodeName`, "" when unbound.
pub fn node_name(pod: &Value) -> &str {
    pod.get("spec").and_then(|s| s.get("nodeName")).and_then(Value::as_str).unwrap_or("")
}

/// A quantity in milli-units; 0 when absent or malformed (the API server validated it already).
pub fn quantity_milli(v: Option<&Value>) -> i128 {
    let parsed = match v {
        Some(Value::String(s)) => Quantity::parse(s),
        Some(Value::Number(n)) => Quantity::parse(&n.to_string()),
        _ => return 0,
    };
    parsed.map(|q| q.milli).unwrap_or(0)
}

/// What the scheduler assumes for a container without a request when scoring
/// (`NonZeroRequested`: 100m CPU, 200 MiB), in milli-units.
pub const DEFAULT_NON_ZERO_CPU_MILLI: i128 = 100;
pub const DEFAULT_NON_ZERO_MEMORY_MILLI: i128 = 200 * 1024 * 1024 * 1000;

/// (cpu millicores, memory in milli-bytes) a pod requests: max(Σ containers, largest init),
/// plus overhead. `non_zero` substitutes the scoring defaults for missing requests.
pub fn requests(pod: &Value, non_zero: bool) -> (i128, i128) {
    let one = |c: &Value| {
        let req = c.get("resources").and_then(|r| r.get("requests"));
        let cpu = req.and_then(|r| r.get("cpu"));
        let mem = req.and_then(|r| r.get("memory"));
        let cpu = if cpu.is_none() && non_zero { DEFAULT_NON_ZERO_CPU_MILLI } else { quantity_milli(cpu) };
        let mem = if mem.is_none() && non_zero { DEFAULT_NON_ZERO_MEMORY_MILLI } else { quantity_milli(mem) };
        (cpu, mem)
    };
    let spec = pod.get("spec");
    let list =
        |k: &str| spec.and_then(|s| s.get(k)).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    let (mut cpu, mut mem) = (0, 0);
    for c in list("containers") {
        let (a, b) = one(c);
        cpu += a;
        mem += b;
    }
    for c in list("initContainers") {
        let (a, b) = one(c);
        cpu = cpu.max(a);
        mem = mem.max(b);
    }
    if let Some(o) = spec.and_then(|s| s.get("overhead")) {
        cpu += quantity_milli(o.get("cpu"));
        mem += quantity_milli(o.get("memory"));
    }
    (cpu, mem)
}

/// A host port a container asks for: (protocol, port, host IP).
pub type HostPort = (String, i64, String);

/// Every `hostPort` of the pod's containers and init containers.
pub fn host_ports(pod: &Value) -> Vec<HostPort> {
    let mut out = Vec::new();
    let spec = pod.get("spec");
    for k in ["containers", "initContainers"] {
        for c in spec.and_then(|s| s.get(k)).and_then(Value::as_array).into_iter().flatten() {
            for p in c.get("ports").and_then(Value::as_array).into_iter().flatten() {
                if let Some(hp) = p.get("hostPort").and_then(Value::as_i64).filter(|h| *h > 0) {
                    let proto = p.get("protocol").and_then(Value::as_str).unwrap_or("TCP").to_string();
                    let ip = p.get("hostIP").and_then(Value::as_str).unwrap_or("0.0.0.0").to_string();
                    out.push((proto, hp, ip));
                }
            }
        }
    }
    out
}

/// `GetPodQOS` (`pkg/apis/core/helper/qos`): over all containers and init containers, the
/// positive cpu and memory requests and limits are summed per resource. BestEffort with none;
/// Guaranteed when every container limits both cpu and memory and the summed requests equal the
/// summed limits resource by resource; Burstable otherwise.
pub fn qos_class(pod: &Value) -> &'static str {
    use std::collections::BTreeMap;
    let mut requests: BTreeMap<&str, i128> = BTreeMap::new();
    let mut limits: BTreeMap<&str, i128> = BTreeMap::new();
    let mut guaranteed = true;
    let ctrs = ["spec.containers", "spec.initContainers"]
        .into_iter()
        .filter_map(|p| pod.at(p).and_then(Value::as_array))
        .flatten();
    // The positive cpu/memory quantities of one resource list.
    let positive = |c: &'_ Value, list: &str| -> Vec<(&'static str, i128)> {
        let m = c.at(list).and_then(Value::as_object);
        ["cpu", "memory"]
            .into_iter()
            .filter_map(|k| {
                let q = Quantity::parse(m?.get(k)?.as_str()?).ok()?;
                (q.milli > 0).then_some((k, q.milli))
            })
            .collect()
    };
    for c in ctrs {
        for (k, v) in positive(c, "resources.requests") {
            *requests.entry(k).or_default() += v;
        }
        let lim = positive(c, "resources.limits");
        if lim.len() < 2 {
            guaranteed = false;
        }
        for (k, v) in lim {
            *limits.entry(k).or_default() += v;
        }
    }
    if requests.is_empty() && limits.is_empty() {
        "BestEffort"
    } else if guaranteed && requests == limits {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn qos_class_follows_get_pod_qos() {
        let pod = |ctrs: Value| serde_json::json!({"spec": {"containers": ctrs}});
        let c = |req: Value, lim: Value| serde_json::json!({"resources": {"requests": req, "limits": lim}});
        let j = |v: &str| serde_json::from_str::<Value>(v).unwrap();
        assert_eq!(qos_class(&pod(j("[{}]"))), "BestEffort");
        // A zero request counts as none.
        assert_eq!(qos_class(&pod(serde_json::json!([c(j(r#"{"cpu":"0"}"#), j("{}"))]))), "BestEffort");
        assert_eq!(qos_class(&pod(serde_json::json!([c(j(r#"{"cpu":"100m"}"#), j("{}"))]))), "Burstable");
        let full = c(j(r#"{"cpu":"1","memory":"1Gi"}"#), j(r#"{"cpu":"1000m","memory":"1Gi"}"#));
        assert_eq!(qos_class(&pod(serde_json::json!([full.clone()]))), "Guaranteed");
        // Every container must limit both cpu and memory.
        let cpu_only = c(j(r#"{"cpu":"1"}"#), j(r#"{"cpu":"1"}"#));
        assert_eq!(qos_class(&pod(serde_json::json!([full, cpu_only]))), "Burstable");
    }

    #[test]
    fn requests_take_the_larger_of_containers_and_init_plus_overhead() {
        let pod = json!({"spec": {
            "containers": [{"resources": {"requests": {"cpu": "250m", "memory": "64Mi"}}},
                           {"resources": {"requests": {"cpu": "250m"}}}],
            "initContainers": [{"resources": {"requests": {"cpu": "1", "memory": "1Mi"}}}],
            "overhead": {"cpu": "10m"}}});
        assert_eq!(requests(&pod, false), (1010, 64 * 1024 * 1024 * 1000));
        // Scoring assumes 200 MiB for the container that asks for no memory.
        assert_eq!(requests(&pod, true).1, (64 + 200) * 1024 * 1024 * 1000);
    }

    #[test]
    fn activity_readiness_and_ports() {
        let t = SimTime::from_secs(1000);
        let pod = json!({"metadata": {"ownerReferences": [{"uid": "a"}, {"uid": "b", "controller": true}]},
            "spec": {"nodeName": "n1", "containers": [{"ports": [{"containerPort": 80, "hostPort": 8080}]}]},
            "status": {"phase": "Running", "conditions": [
                {"type": "Ready", "status": "True", "lastTransitionTime": t.to_rfc3339()}]}});
        assert!(is_active(&pod) && is_ready(&pod) && !is_terminal(&pod));
        assert_eq!(ready_time(&pod), Some(t));
        assert_eq!(controller_uid(&pod), Some("b"));
        assert_eq!(node_name(&pod), "n1");
        assert_eq!(host_ports(&pod), vec![("TCP".to_string(), 8080, "0.0.0.0".to_string())]);
        let done = json!({"status": {"phase": "Succeeded"}});
        assert!(!is_active(&done) && is_terminal(&done));
    }
}
