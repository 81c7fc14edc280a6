//! The default scheduler (spec §6): filter plugins in upstream order, scoring, the FitError
//! message with its preemption suffix, and per-pod retry back-off.

use std::collections::BTreeMap;

use kubeplay_model::write::{EventSpec, WriteOp};
use kubeplay_model::{Object, ObjectExt, ObjectRef, ObjectWrite, SimRng, SimTime};
use serde_json::{json, Value};

use crate::{NodeSim, Store, SyncResult};
use kubeplay_model::pod::{
    controller_uid, host_ports, quantity_milli as qty_milli, requests as pod_requests,
};
use kubeplay_model::pod_index::NodeUsage;

const UNSCHEDULABLE: &str = "node(s) were unschedulable";
const AFFINITY: &str = "node(s) didn't match Pod's node affinity/selector";
const PORTS: &str = "node(s) didn't have free ports for the requested pod ports";

/// Why a node was filtered out: the reasons, and whether preemption could ever help.
struct Rejection {
    reasons: Vec<String>,
    resolvable: bool,
}

/// Does one toleration tolerate this taint (`v1.Toleration.ToleratesTaint`)?
pub(crate) fn tolerates(t: &Value, taint: &Value) -> bool {
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let effect = s(t, "effect");
    if !effect.is_empty() && effect != s(taint, "effect") {
        return false;
    }
    let key = s(t, "key");
    if !key.is_empty() && key != s(taint, "key") {
        return false;
    }
    match s(t, "operator").as_str() {
        "Exists" => true,
        "" | "Equal" => s(t, "value") == s(taint, "value"),
        _ => false,
    }
}

pub(crate) fn tolerated(pod: &Value, taint: &Value) -> bool {
    pod.at("spec.tolerations").and_then(Value::as_array).into_iter().flatten().any(|t| tolerates(t, taint))
}

fn match_expr(e: &Value, value: Option<&str>) -> bool {
    let vals: Vec<&str> =
        e.get("values").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let num = |s: &str| s.parse::<i64>().ok();
    match e.get("operator").and_then(Value::as_str).unwrap_or("") {
        "In" => value.is_some_and(|v| vals.contains(&v)),
        "NotIn" => value.is_none_or(|v| !vals.contains(&v)),
        "Exists" => value.is_some(),
        "DoesNotExist" => value.is_none(),
        "Gt" => {
            matches!((value.and_then(num), vals.first().and_then(|s| num(s))), (Some(a), Some(b)) if a > b)
        }
        "Lt" => {
            matches!((value.and_then(num), vals.first().and_then(|s| num(s))), (Some(a), Some(b)) if a < b)
        }
        _ => false,
    }
}

fn node_matches_affinity(pod: &Value, node: &Value) -> bool {
    let labels = node.labels();
    if let Some(sel) = pod.at("spec.nodeSelector").and_then(Value::as_object) {
        if !sel.iter().all(|(k, v)| labels.get(k).and_then(Value::as_str) == v.as_str()) {
            return false;
        }
    }
    let Some(terms) = pod
        .at("spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms")
        .and_then(Value::as_array)
    else {
        return true;
    };
    terms.iter().any(|term| {
        let exprs = term.get("matchExpressions").and_then(Value::as_array);
        let fields = term.get("matchFields").and_then(Value::as_array);
        if exprs.is_none_or(|a| a.is_empty()) && fields.is_none_or(|a| a.is_empty()) {
            return false;
        }
        exprs.into_iter().flatten().all(|e| {
            let key = e.get("key").and_then(Value::as_str).unwrap_or("");
            match_expr(e, labels.get(key).and_then(Value::as_str))
        }) && fields.into_iter().flatten().all(|e| match_expr(e, Some(node.name())))
    })
}

/// Runs the filter plugins for one node in upstream order, stopping at the first that fails.
fn filter(pod: &Value, node: &Value, usage: &NodeUsage) -> Option<Rejection> {
    let unresolvable = |r: &str| Some(Rejection { reasons: vec![r.to_string()], resolvable: false });
    // NodeUnschedulable
    if node.bool_at("spec.unschedulable") == Some(true) {
        let t = json!({"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"});
        if !tolerated(pod, &t) {
            return unresolvable(UNSCHEDULABLE);
        }
    }
    // TaintToleration: the first untolerated NoSchedule/NoExecute taint is reported.
    for taint in node.at("spec.taints").and_then(Value::as_array).into_iter().flatten() {
        let effect = taint.get("effect").and_then(Value::as_str).unwrap_or("");
        if (effect == "NoSchedule" || effect == "NoExecute") && !tolerated(pod, taint) {
            let key = taint.get("key").and_then(Value::as_str).unwrap_or("");
            let value = taint.get("value").and_then(Value::as_str).unwrap_or("");
            return unresolvable(&format!("node(s) had untolerated taint {{{key}: {value}}}"));
        }
    }
    // NodeAffinity (nodeSelector and required affinity)
    if !node_matches_affinity(pod, node) {
        return unresolvable(AFFINITY);
    }
    // NodePorts
    let wanted = host_ports(pod);
    if !wanted.is_empty() {
        let clash = wanted.iter().any(|(proto, port, ip)| {
            usage.host_ports.keys().any(|(p2, port2, ip2)| {
                p2 == proto && port2 == port && (ip == ip2 || ip == "0.0.0.0" || ip2 == "0.0.0.0")
            })
        });
        if clash {
            return Some(Rejection { reasons: vec![PORTS.into()], resolvable: true });
        }
    }
    // NodeResourcesFit
    let mut reasons = Vec::new();
    let alloc_pods = node.at("status.allocatable.pods").map(|v| qty_milli(Some(v)) / 1000).unwrap_or(110);
    if i128::from(usage.pods) + 1 > alloc_pods {
        reasons.push("Too many pods".to_string());
    }
    let (cpu, mem) = pod_requests(pod, false);
    let (used_cpu, used_mem) = usage.requested;
    let alloc_cpu = qty_milli(node.at("status.allocatable.cpu"));
    let alloc_mem = qty_milli(node.at("status.allocatable.memory"));
    if cpu > 0 && cpu > alloc_cpu - used_cpu {
        reasons.push("Insufficient cpu".into());
    }
    if mem > 0 && mem > alloc_mem - used_mem {
        reasons.push("Insufficient memory".into());
    }
    if reasons.is_empty() {
        None
    } else {
        Some(Rejection { reasons, resolvable: true })
    }
}

/// `<count> <reason>` items sorted as strings, joined with `, `.
fn histogram(counts: &BTreeMap<String, usize>) -> String {
    let mut items: Vec<String> = counts.iter().map(|(r, n)| format!("{n} {r}")).collect();
    items.sort();
    items.join(", ")
}

/// The FitError message (`0/3 nodes are available: …. preemption: …`).
fn fit_error(pod: &Value, total: usize, rejections: &[Rejection]) -> String {
    if total == 0 {
        return "no nodes available to schedule pods".into();
    }
    let mut counts = BTreeMap::new();
    let mut pre = BTreeMap::new();
    for r in rejections {
        for reason in &r.reasons {
            *counts.entry(reason.clone()).or_insert(0) += 1;
        }
        let p = if r.resolvable {
            "No preemption victims found for incoming pod"
        } else {
            "Preemption is not helpful for scheduling"
        };
        *pre.entry(p.to_string()).or_insert(0) += 1;
    }
    let suffix = if pod.str_at("spec.preemptionPolicy") == Some("Never") {
        "preemption: not eligible due to preemptionPolicy=Never.".to_string()
    } else {
        format!("preemption: 0/{total} nodes are available: {}.", histogram(&pre))
    };
    format!("0/{total} nodes are available: {}. {suffix}", histogram(&counts))
}

fn score(pod: &Value, node: &Value, usage: &NodeUsage) -> i128 {
    let (cpu, mem) = pod_requests(pod, true);
    let (uc, um) = (cpu + usage.non_zero_requested.0, mem + usage.non_zero_requested.1);
    let ac = qty_milli(node.at("status.allocatable.cpu")).max(1);
    let am = qty_milli(node.at("status.allocatable.memory")).max(1);
    let free = |used: i128, alloc: i128| ((alloc - used).max(0) * 100) / alloc;
    let least = (free(uc, ac) + free(um, am)) / 2;
    let balanced = 100 - ((uc * 100 / ac) - (um * 100 / am)).abs().min(100);
    // Spreading (default PodTopologySpread / SelectorSpread): pods of the same owner elsewhere.
    let same = controller_uid(pod).and_then(|uid| usage.owners.get(uid)).copied().unwrap_or(0) as i128;
    least + balanced - 200 * same
}

pub fn schedule<S: Store + ?Sized>(
    sim: &mut NodeSim,
    pod: &Object,
    api: &S,
    now: SimTime,
    rng: &mut SimRng,
) -> SyncResult {
    let mut out = SyncResult::default();
    let bound = pod.str_at("spec.nodeName").is_some_and(|n| !n.is_empty());
    let scheduler = pod.str_at("spec.schedulerName").unwrap_or("default-scheduler");
    if bound || pod.is_deleting() || scheduler != "default-scheduler" {
        sim.sched_attempts.remove(pod.uid());
        return out;
    }
    if pod.at("spec.schedulingGates").and_then(Value::as_array).is_some_and(|g| !g.is_empty()) {
        return out;
    }
    // A pod that just failed waits out its back-off (1 s doubling to 10 s) before a retry.
    if let Some((attempts, last)) = sim.sched_attempts.get(pod.uid()) {
        let ready_at = last.plus_millis(backoff_ms(*attempts));
        if now < ready_at {
            out.wake(ready_at);
            return out;
        }
    }
    let nodes = api.list("nodes", None);
    let mut feasible = Vec::new();
    let mut rejections = Vec::new();
    for node in &nodes {
        // The scheduler cache's per-node totals (kept by the API server's pod index).
        let usage = api.node_usage(node.name());
        match filter(pod, node, &usage) {
            None => feasible.push((score(pod, node, &usage), node.name().to_string())),
            Some(r) => rejections.push(r),
        }
    }
    let target = ObjectRef::new("pods", pod.namespace(), pod.name());
    if let Some(best) = feasible.iter().map(|(s, _)| *s).max() {
        let top: Vec<&String> = feasible.iter().filter(|(s, _)| *s == best).map(|(_, n)| n).collect();
        let pick = top[rng.below(top.len() as u64) as usize].clone();
        sim.sched_attempts.remove(pod.uid());
        out.writes.push(ObjectWrite {
            op: WriteOp::Bind { target, node: pick.clone() },
            manager: "kube-scheduler",
        });
        out.events.push(EventSpec {
            involved: pod.into(),
            field_path: String::new(),
            type_: "Normal",
            reason: "Scheduled".into(),
            message: format!("Successfully assigned {}/{} to {pick}", pod.namespace(), pod.name()),
            component: "default-scheduler",
            host: String::new(),
        });
        return out;
    }
    let msg = fit_error(pod, nodes.len(), &rejections);
    let cond = json!({"lastProbeTime": null, "lastTransitionTime": now.to_rfc3339(), "message": msg,
        "reason": "Unschedulable", "status": "False", "type": "PodScheduled"});
    let current = pod
        .at("status.conditions")
        .and_then(Value::as_array)
        .and_then(|a| a.iter().find(|c| c.get("type").and_then(Value::as_str) == Some("PodScheduled")));
    let same = current
        .is_some_and(|c| c.get("status") == cond.get("status") && c.get("message") == cond.get("message"));
    if !same {
        let mut p = pod.clone();
        let conds = p.at_mut("status.conditions");
        if !conds.is_array() {
            *conds = json!([]);
        }
        if let Some(a) = conds.as_array_mut() {
            a.retain(|c| c.get("type").and_then(Value::as_str) != Some("PodScheduled"));
            a.push(cond);
        }
        *p.at_mut("status.phase") = json!("Pending");
        out.writes.push(ObjectWrite { op: WriteOp::UpdateStatus(p), manager: "kube-scheduler" });
    }
    out.events.push(EventSpec {
        involved: pod.into(),
        field_path: String::new(),
        type_: "Warning",
        reason: "FailedScheduling".into(),
        message: msg,
        component: "default-scheduler",
        host: String::new(),
    });
    let entry = sim.sched_attempts.entry(pod.uid().to_string()).or_insert((0, now));
    entry.0 += 1;
    entry.1 = now;
    // Without a relevant cluster event, unschedulable pods are flushed back after 5 minutes.
    out.wake(now.plus_millis(UNSCHEDULABLE_FLUSH_MS));
    out
}

/// `podMaxInUnschedulablePodsDuration`.
pub const UNSCHEDULABLE_FLUSH_MS: i64 = 300_000;

/// The per-pod back-off after `attempts` failures: 1 s, 2 s, 4 s, 8 s, then 10 s.
fn backoff_ms(attempts: u32) -> i64 {
    (1000i64 << attempts.saturating_sub(1).min(4)).min(10_000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{cluster, pod};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn failed_message(r: &SyncResult) -> String {
        r.events
            .iter()
            .find(|e| e.reason == "FailedScheduling")
            .map(|e| e.message.clone())
            .unwrap_or_default()
    }

    #[test]
    fn insufficient_cpu_everywhere() {
        let api = cluster();
        let mut p = pod(
            "big",
            json!([{"name": "c", "image": "nginx:1.27", "resources": {"requests": {"cpu": "3"}}}]),
        );
        p["spec"]["tolerations"]
            .as_array_mut()
            .unwrap()
            .push(json!({"key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoSchedule"}));
        let mut sim = NodeSim::new();
        let r = sim.schedule(&p, &api, SimTime(0), &mut SimRng::new(1));
        assert_eq!(
            failed_message(&r),
            "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."
        );
        assert_eq!(r.wake_at, Some(SimTime(300_000)));
        let WriteOp::UpdateStatus(s) = &r.writes[0].op else { panic!("status") };
        assert_eq!(s.str_at("status.conditions.0.reason"), Some("Unschedulable"));
        // An event-triggered retry inside the back-off waits for it (1 s, then 2 s).
        let early = sim.schedule(&p, &api, SimTime(500), &mut SimRng::new(1));
        assert!(early.events.is_empty());
        assert_eq!(early.wake_at, Some(SimTime(1000)));
        let r2 = sim.schedule(&p, &api, SimTime(1000), &mut SimRng::new(1));
        assert_eq!(r2.events.len(), 1);
        assert_eq!(sim.schedule(&p, &api, SimTime(1500), &mut SimRng::new(1)).wake_at, Some(SimTime(3000)));
    }

    #[test]
    fn mixed_taint_and_memory() {
        let api = cluster();
        let p = pod(
            "big",
            json!([{"name": "c", "image": "nginx:1.27", "resources": {"requests": {"memory": "8Gi"}}}]),
        );
        let r = NodeSim::new().schedule(&p, &api, SimTime(0), &mut SimRng::new(1));
        assert_eq!(
            failed_message(&r),
            "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."
        );
    }

    #[test]
    fn selector_and_cordon() {
        let mut api = cluster();
        let mut w2 = (*api.get("nodes", "", "worker2").unwrap()).clone();
        *w2.at_mut("spec.unschedulable") = json!(true);
        api.put("nodes", w2);
        let mut p = pod("p", json!([{"name": "c", "image": "nginx:1.27"}]));
        *p.at_mut("spec.nodeSelector") = json!({"disk": "ssd"});
        let r = NodeSim::new().schedule(&p, &api, SimTime(0), &mut SimRng::new(1));
        assert_eq!(
            failed_message(&r),
            "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
        );
    }

    #[test]
    fn binds_and_spreads_replicas() {
        let mut api = cluster();
        let owner = json!([{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-1", "uid": "rs1", "controller": true}]);
        let mut sim = NodeSim::new();
        let mut rng = SimRng::new(7);
        let mut placed = Vec::new();
        for i in 0..2 {
            let mut p = pod(&format!("web-{i}"), json!([{"name": "c", "image": "nginx:1.27"}]));
            *p.at_mut("metadata.ownerReferences") = owner.clone();
            let r = sim.schedule(&p, &api, SimTime(0), &mut rng);
            let WriteOp::Bind { node, .. } = &r.writes[0].op else { panic!("bind") };
            assert_eq!(r.events[0].message, format!("Successfully assigned default/web-{i} to {node}"));
            *p.at_mut("spec.nodeName") = json!(node);
            placed.push(node.clone());
            api.put("pods", p);
        }
        placed.sort();
        assert_eq!(placed, vec!["worker", "worker2"]);
    }
}
