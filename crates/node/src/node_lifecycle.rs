//! The node lifecycle controller (`pkg/controller/nodelifecycle`) and taint-based eviction: a
//! node whose kubelet stopped posting status becomes Ready=Unknown after the monitor grace
//! period, gets the `node.kubernetes.io/unreachable` NoSchedule and NoExecute taints, its pods
//! turn NotReady, and pods are evicted once their toleration (300 s by default) runs out.

use std::collections::BTreeSet;

use kubeplay_model::write::{EventSpec, InvolvedObject, WriteOp};
use kubeplay_model::{Object, ObjectExt, ObjectRef, ObjectWrite, SimRng, SimTime};
use serde_json::{json, Value};

use crate::images::PRELOADED;
use crate::scheduler::tolerates;
use crate::{NodeSim, Store, SyncResult};

/// `--node-monitor-grace-period`: 50 s since v1.32 (kubernetes PR #126287; 40 s before).
pub const MONITOR_GRACE_MS: i64 = 50_000;
pub const UNREACHABLE: &str = "node.kubernetes.io/unreachable";

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeRt {
    pub failed: bool,
    pub failed_seen: Option<SimTime>,
    pub marked: bool,
    pub images: BTreeSet<String>,
    pub pull_busy_until: SimTime,
    pub next_ip: u32,
    pub evicted: BTreeSet<String>,
}

impl NodeRt {
    pub fn preload(&mut self) {
        if self.images.is_empty() {
            self.images.extend(PRELOADED.iter().map(|s| s.to_string()));
        }
    }
}

fn node_event(node: &Object, type_: &'static str, reason: &str, message: String) -> EventSpec {
    EventSpec {
        involved: InvolvedObject::of(node),
        field_path: String::new(),
        type_,
        reason: reason.into(),
        message,
        component: "node-controller",
        host: String::new(),
    }
}

fn set_ready(node: &Object, status: &str, reason: &str, message: &str, now: SimTime) -> Object {
    let mut n = node.clone();
    let conds = n.at_mut("status.conditions");
    if !conds.is_array() {
        *conds = json!([]);
    }
    if let Some(a) = conds.as_array_mut() {
        for c in a.iter_mut() {
            let t = c.get("type").and_then(Value::as_str).unwrap_or("").to_string();
            let (s, r, m) = if t == "Ready" {
                (status, reason, message)
            } else if status == "Unknown" {
                ("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.")
            } else {
                continue;
            };
            if c.get("status").and_then(Value::as_str) != Some(s) {
                c["lastTransitionTime"] = json!(now.to_rfc3339());
            }
            c["status"] = json!(s);
            c["reason"] = json!(r);
            c["message"] = json!(m);
            c["lastHeartbeatTime"] = json!(now.to_rfc3339());
        }
    }
    n
}

fn taints_patch(node: &Object, add: bool, now: SimTime) -> Option<Value> {
    let mut taints: Vec<Value> =
        node.at("spec.taints").and_then(Value::as_array).cloned().unwrap_or_default();
    let before = taints.len();
    taints.retain(|t| t.get("key").and_then(Value::as_str) != Some(UNREACHABLE));
    let removed = before != taints.len();
    if add {
        taints.push(json!({"effect": "NoSchedule", "key": UNREACHABLE, "timeAdded": now.to_rfc3339()}));
        taints.push(json!({"effect": "NoExecute", "key": UNREACHABLE, "timeAdded": now.to_rfc3339()}));
    } else if !removed {
        return None;
    }
    Some(if taints.is_empty() {
        json!({"spec": {"taints": null}})
    } else {
        json!({"spec": {"taints": taints}})
    })
}

/// `nodeStatusReportFrequency`: a kubelet whose node status did not change re-posts it this
/// often, moving every condition's `lastHeartbeatTime`.
pub const NODE_STATUS_REPORT_MS: i64 = 300_000;

/// The kubelet's status heartbeat: once `NODE_STATUS_REPORT_MS` has passed since the Ready
/// condition's last heartbeat, the unchanged conditions are posted again at `now`. One write per
/// node every five minutes, and the node is woken only then.
fn heartbeat(node: &Object, now: SimTime, out: &mut SyncResult) {
    let last = node
        .at("status.conditions")
        .and_then(Value::as_array)
        .and_then(|a| a.iter().find(|c| c.get("type").and_then(Value::as_str) == Some("Ready")))
        .and_then(|c| c.get("lastHeartbeatTime").and_then(Value::as_str))
        .and_then(SimTime::parse_rfc3339);
    let Some(last) = last else { return };
    let due = last.plus_millis(NODE_STATUS_REPORT_MS);
    if now < due {
        out.wake(due);
        return;
    }
    let mut n = node.clone();
    for c in n.at_mut("status.conditions").as_array_mut().into_iter().flatten() {
        c["lastHeartbeatTime"] = json!(now.to_rfc3339());
    }
    out.writes.push(ObjectWrite { op: WriteOp::UpdateStatus(n), manager: "kubelet" });
    out.wake(now.plus_millis(NODE_STATUS_REPORT_MS));
}

pub fn sync_node<S: Store + ?Sized>(
    sim: &mut NodeSim,
    node: &Object,
    api: &S,
    now: SimTime,
    _rng: &mut SimRng,
) -> SyncResult {
    let mut out = SyncResult::default();
    let name = node.name().to_string();
    let nrt = sim.nodes.entry(name.clone()).or_default();
    nrt.preload();
    let nref = ObjectRef::new("nodes", "", &name);
    if !nrt.failed {
        nrt.failed_seen = None;
        nrt.evicted.clear();
        if nrt.marked {
            nrt.marked = false;
            let n = set_ready(node, "True", "KubeletReady", "kubelet is posting ready status", now);
            out.writes.push(ObjectWrite { op: WriteOp::UpdateStatus(n), manager: "kubelet" });
            if let Some(p) = taints_patch(node, false, now) {
                out.writes.push(ObjectWrite {
                    op: WriteOp::MergePatch { target: nref, patch: p },
                    manager: "node-controller",
                });
            }
            out.events.push(EventSpec {
                component: "kubelet",
                host: name.clone(),
                ..node_event(node, "Normal", "NodeReady", format!("Node {name} status is now: NodeReady"))
            });
            // The kubelet is back: its pods are synced again (the runtime re-queues them).
            return out;
        }
        heartbeat(node, now, &mut out);
        return out;
    }
    let seen = *nrt.failed_seen.get_or_insert(now);
    let notready_at = seen.plus_millis(MONITOR_GRACE_MS);
    if now < notready_at {
        out.wake(notready_at);
        return out;
    }
    if !nrt.marked {
        nrt.marked = true;
        let n = set_ready(node, "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.", now);
        out.writes.push(ObjectWrite { op: WriteOp::UpdateStatus(n), manager: "node-controller" });
        if let Some(p) = taints_patch(node, true, now) {
            out.writes.push(ObjectWrite {
                op: WriteOp::MergePatch { target: nref.clone(), patch: p },
                manager: "node-controller",
            });
        }
        out.events.push(node_event(
            node,
            "Normal",
            "NodeNotReady",
            format!("Node {name} status is now: NodeNotReady"),
        ));
        for pod in
            api.list("pods", None).into_iter().filter(|p| p.str_at("spec.nodeName") == Some(name.as_str()))
        {
            // MarkPodsNotReady: the Ready condition turns False.
            let mut p = (*pod).clone();
            let mut changed = false;
            for c in p.at_mut("status.conditions").as_array_mut().into_iter().flatten() {
                if c.get("type").and_then(Value::as_str) == Some("Ready")
                    && c.get("status").and_then(Value::as_str) != Some("False")
                {
                    c["status"] = json!("False");
                    c["lastTransitionTime"] = json!(now.to_rfc3339());
                    changed = true;
                }
            }
            if changed {
                out.writes.push(ObjectWrite { op: WriteOp::UpdateStatus(p), manager: "node-controller" });
            }
            out.events.push(EventSpec {
                involved: InvolvedObject::of(&pod),
                field_path: String::new(),
                type_: "Warning",
                reason: "NodeNotReady".into(),
                message: "Node is not ready".into(),
                component: "node-controller",
                host: String::new(),
            });
        }
    }
    // Taint-based eviction: each pod goes when its NoExecute toleration runs out.
    let taint = json!({"effect": "NoExecute", "key": UNREACHABLE});
    let nrt = sim.nodes.entry(name.clone()).or_default();
    for pod in api.list("pods", None).into_iter().filter(|p| p.str_at("spec.nodeName") == Some(name.as_str()))
    {
        if pod.is_deleting() || nrt.evicted.contains(pod.uid()) {
            continue;
        }
        let tol = pod
            .at("spec.tolerations")
            .and_then(Value::as_array)
            .and_then(|a| a.iter().find(|t| tolerates(t, &taint)).cloned());
        let secs = match &tol {
            None => Some(0),
            Some(t) => t.get("tolerationSeconds").and_then(Value::as_i64),
        };
        let Some(secs) = secs else { continue };
        let due = notready_at.plus_secs(secs.max(0));
        if now >= due {
            nrt.evicted.insert(pod.uid().to_string());
            out.writes.push(ObjectWrite {
                op: WriteOp::Delete {
                    target: ObjectRef::new("pods", pod.namespace(), pod.name()),
                    grace_period_seconds: None,
                    propagation: None,
                },
                manager: "node-controller",
            });
            out.events.push(EventSpec {
                involved: InvolvedObject::of(&pod),
                field_path: String::new(),
                type_: "Normal",
                reason: "TaintManagerEviction".into(),
                message: format!("Marking for deletion Pod {}/{}", pod.namespace(), pod.name()),
                component: "taint-eviction-controller",
                host: String::new(),
            });
        } else {
            out.wake(due);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use kubeplay_model::write::WriteOp;
    use kubeplay_model::{ObjectExt, SimRng};
    use serde_json::json;

    use crate::testutil::{cluster, node, T0};
    use crate::NodeSim;

    #[test]
    fn heartbeats_move_with_the_clock() {
        let api = cluster();
        let mut n = node("worker", 1, false);
        *n.at_mut("status.conditions.0.lastHeartbeatTime") = json!(T0.to_rfc3339());
        let mut sim = NodeSim::new();
        let mut rng = SimRng::new(1);
        // Within the report frequency nothing is written; the node asks to be woken when due.
        let r = sim.sync_node(&n, &api, T0.plus_secs(60), &mut rng);
        assert!(r.writes.is_empty());
        assert_eq!(r.wake_at, Some(T0.plus_secs(300)));
        // Five minutes on, the kubelet re-posts its status with a new heartbeat.
        let r = sim.sync_node(&n, &api, T0.plus_secs(300), &mut rng);
        let WriteOp::UpdateStatus(posted) = &r.writes[0].op else { panic!("{:?}", r.writes) };
        assert_eq!(posted.str_at("status.conditions.0.lastHeartbeatTime"), Some("2025-03-01T10:05:00Z"));
        assert_eq!(posted.str_at("status.conditions.0.status"), Some("True"));
        assert_eq!(r.wake_at, Some(T0.plus_secs(600)));
    }
}
