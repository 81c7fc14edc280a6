//! Shared controller helpers (upstream `pkg/controller/controller_utils.go` and
//! `controller_ref_manager.go`): pod ranking for scale-down, slow-start batches, claiming.

use std::collections::BTreeMap;
use std::sync::Arc;

use kubeplay_model::object::controller_owner_ref;
use kubeplay_model::{Object, ObjectExt, ObjectRef, SimTime, WriteOp};
use serde_json::{json, Value};

use crate::podutil::{is_pod_active, is_pod_ready, max_container_restarts, node_name, phase, ready_time};

/// `slowStartBatch` sizes for `count` creates: 1, 2, 4, … each capped at what is left.
pub fn slow_start_batches(count: i64, initial: i64) -> Vec<i64> {
    let mut out = Vec::new();
    let mut remaining = count.max(0);
    let mut size = initial.max(1).min(remaining);
    while remaining > 0 {
        out.push(size);
        remaining -= size;
        size = (size * 2).min(remaining);
    }
    out
}

/// `controller.kubernetes.io/pod-deletion-cost` (int32, default 0; invalid counts as 0).
pub fn deletion_cost(pod: &Object) -> i64 {
    pod.annotation("controller.kubernetes.io/pod-deletion-cost")
        .and_then(|s| s.parse::<i32>().ok())
        .map(i64::from)
        .unwrap_or(0)
}

fn phase_ordinal(p: &str) -> u8 {
    match p {
        "Unknown" => 1,
        "Running" => 2,
        _ => 0, // Pending and anything else
    }
}

/// `logarithmicRankDiff`: compares floor(log2(now − t)) in nanoseconds (−1 for t ≥ now).
fn log_rank(t: SimTime, now: SimTime) -> i64 {
    let d_ns = (now.millis() - t.millis()).saturating_mul(1_000_000);
    if d_ns <= 0 {
        -1
    } else {
        63 - i64::from(d_ns.leading_zeros())
    }
}

/// `ActivePodsWithRanks.Less`: true when pod `i` should be deleted before pod `j`.
/// The list order of §4: unassigned first; Pending < Unknown < Running; not ready first; lower
/// deletion cost; higher co-location rank; more recently Ready (log2 buckets, then UID); more
/// restarts; newer creation (log2 buckets, then UID).
pub fn active_pods_with_ranks_less(pi: &Object, ri: i64, pj: &Object, rj: i64, now: SimTime) -> bool {
    RankKey::of(pi, ri, now).less(&RankKey::of(pj, rj, now))
}

/// What `ActivePodsWithRanks.Less` reads of one pod, read once before sorting (the comparison
/// runs n·log n times; reading and parsing the pod's fields each time dominated a scale-down).
struct RankKey<'a> {
    unassigned: bool,
    node: &'a str,
    phase: u8,
    ready: bool,
    deletion_cost: i64,
    rank: i64,
    /// (time, log2 bucket) of the Ready transition, when Ready.
    ready_time: Option<(SimTime, i64)>,
    restarts: (i64, i64),
    created: Option<(SimTime, i64)>,
    uid: &'a str,
}

impl<'a> RankKey<'a> {
    fn of(pod: &'a Object, rank: i64, now: SimTime) -> RankKey<'a> {
        let node = node_name(pod);
        let ready = is_pod_ready(pod);
        let bucket = |t: Option<SimTime>| t.map(|t| (t, log_rank(t, now)));
        RankKey {
            unassigned: node.is_empty(),
            node,
            phase: phase_ordinal(phase(pod)),
            ready,
            deletion_cost: deletion_cost(pod),
            rank,
            ready_time: if ready { bucket(ready_time(pod)) } else { None },
            restarts: max_container_restarts(pod),
            created: bucket(pod.creation_timestamp()),
            uid: pod.uid(),
        }
    }

    fn less(&self, j: &RankKey) -> bool {
        let i = self;
        if i.node != j.node && (i.unassigned || j.unassigned) {
            return i.unassigned;
        }
        if i.phase != j.phase {
            return i.phase < j.phase;
        }
        if i.ready != j.ready {
            return !i.ready;
        }
        if i.deletion_cost != j.deletion_cost {
            return i.deletion_cost < j.deletion_cost;
        }
        if i.rank != j.rank {
            return i.rank > j.rank;
        }
        if i.ready && j.ready && i.ready_time.map(|t| t.0) != j.ready_time.map(|t| t.0) {
            if let Some(less) = compare_times(i.ready_time, j.ready_time, i.uid, j.uid) {
                return less;
            }
        }
        let ((reg_i, side_i), (reg_j, side_j)) = (i.restarts, j.restarts);
        if reg_i != reg_j {
            return reg_i > reg_j;
        }
        if side_i != side_j {
            return side_i > side_j;
        }
        if i.created.map(|t| t.0) != j.created.map(|t| t.0) {
            if let Some(less) = compare_times(i.created, j.created, i.uid, j.uid) {
                return less;
            }
        }
        // Everything equal: the UID decides, so the victims do not depend on list order.
        i.uid < j.uid
    }
}

/// Newer first with logarithmic bucketing; a zero (missing) time counts as newest.
fn compare_times(ti: Option<(SimTime, i64)>, tj: Option<(SimTime, i64)>, ui: &str, uj: &str) -> Option<bool> {
    match (ti, tj) {
        // Both missing: equal here; a later criterion (finally the UID) decides.
        (None, None) => None,
        (None, _) => Some(true),
        (_, None) => Some(false),
        (Some((_, a)), Some((_, b))) => {
            if a == b {
                Some(ui < uj)
            } else {
                Some(a < b)
            }
        }
    }
}

/// `getPodsToDelete`: the first `diff` pods after ranking by related pods on the same node.
pub fn get_pods_to_delete(
    filtered: &[Arc<Object>],
    related: &[Arc<Object>],
    diff: usize,
    now: SimTime,
) -> Vec<Arc<Object>> {
    if diff >= filtered.len() {
        return filtered.to_vec();
    }
    let mut on_node: BTreeMap<&str, i64> = BTreeMap::new();
    for p in related.iter().filter(|p| is_pod_active(p)) {
        *on_node.entry(node_name(p)).or_default() += 1;
    }
    let keyed: Vec<(RankKey, &Arc<Object>)> = filtered
        .iter()
        .map(|p| (RankKey::of(p, on_node.get(node_name(p)).copied().unwrap_or(0), now), p))
        .collect();
    let ranked = merge_sort_by_less(keyed, &|(ki, _), (kj, _)| ki.less(kj));
    ranked.into_iter().take(diff).map(|(_, p)| p.clone()).collect()
}

/// A stable merge sort driven by a `Less` function, like Go's `sort.Sort` with
/// `ActivePodsWithRanks.Less`. Upstream's Less is not guaranteed to be transitive (log-bucketed
/// times with a UID tie-break), which Go tolerates; `slice::sort_by` may panic on such an order,
/// and a panic kills the browser tab. This never panics: an inconsistent order just yields some
/// permutation, as in Go.
fn merge_sort_by_less<T>(mut v: Vec<T>, less: &dyn Fn(&T, &T) -> bool) -> Vec<T> {
    if v.len() <= 1 {
        return v;
    }
    let right = v.split_off(v.len() / 2);
    let (left, right) = (merge_sort_by_less(v, less), merge_sort_by_less(right, less));
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut l, mut r) = (left.into_iter().peekable(), right.into_iter().peekable());
    while let (Some(a), Some(b)) = (l.peek(), r.peek()) {
        // Take from the right only when strictly less: stability.
        if less(b, a) {
            out.extend(r.next());
        } else {
            out.extend(l.next());
        }
    }
    out.extend(l);
    out.extend(r);
    out
}

/// The object without its resourceVersion: controller writes are applied right after the read
/// they are based on, with nothing interleaved, so they are sent unconditionally (a reconcile
/// may write the same object twice, e.g. annotations then replicas).
pub fn unconditional(mut obj: Object) -> Object {
    obj.meta_mut().remove("resourceVersion");
    obj
}

pub fn object_ref(resource: &str, obj: &Object) -> ObjectRef {
    ObjectRef::new(resource, obj.namespace(), obj.name())
}

pub use kubeplay_model::pod::controller_uid;

/// The adopt patch: the owner's controller reference appended to the dependent's list.
pub fn adopt_patch(resource: &str, dependent: &Object, owner: &Object) -> WriteOp {
    let mut refs: Vec<Value> = dependent.owner_references().to_vec();
    refs.push(controller_owner_ref(owner));
    WriteOp::MergePatch {
        target: object_ref(resource, dependent),
        patch: json!({"metadata": {"ownerReferences": refs, "uid": dependent.uid()}}),
    }
}

/// The release patch: the owner's reference removed from the dependent.
pub fn release_patch(resource: &str, dependent: &Object, owner_uid: &str) -> WriteOp {
    let refs: Vec<Value> = dependent
        .owner_references()
        .iter()
        .filter(|r| r.get("uid").and_then(Value::as_str) != Some(owner_uid))
        .cloned()
        .collect();
    let refs = if refs.is_empty() { Value::Null } else { Value::Array(refs) };
    WriteOp::MergePatch {
        target: object_ref(resource, dependent),
        patch: json!({"metadata": {"ownerReferences": refs, "uid": dependent.uid()}}),
    }
}

/// Drops null, empty-map and empty-list values recursively: `apiequality.Semantic` treats nil
/// and empty alike.
pub fn semantic(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut out = serde_json::Map::new();
            for (k, x) in m {
                let s = semantic(x);
                let empty = match &s {
                    Value::Null => true,
                    Value::Object(o) => o.is_empty(),
                    Value::Array(a) => a.is_empty(),
                    _ => false,
                };
                if !empty {
                    out.insert(k.clone(), s);
                }
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(semantic).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn slow_start_doubles_and_caps() {
        assert_eq!(slow_start_batches(10, 1), vec![1, 2, 4, 3]);
        assert_eq!(slow_start_batches(500, 1), vec![1, 2, 4, 8, 16, 32, 64, 128, 245]);
        assert_eq!(slow_start_batches(1, 1), vec![1]);
        assert!(slow_start_batches(0, 1).is_empty());
    }

    fn pod(name: &str, node: &str, phase: &str, ready: Option<i64>, created: i64) -> Arc<Object> {
        let mut p = json!({"metadata": {"name": name, "uid": format!("uid-{name}"),
            "creationTimestamp": SimTime::from_secs(created).to_rfc3339()},
            "spec": {"nodeName": node}, "status": {"phase": phase}});
        if let Some(t) = ready {
            p["status"]["conditions"] = json!([{"type": "Ready", "status": "True", "lastTransitionTime": SimTime::from_secs(t).to_rfc3339()}]);
        }
        Arc::new(p)
    }

    fn names(v: &[Arc<Object>]) -> Vec<&str> {
        v.iter().map(|p| p.name()).collect()
    }

    #[test]
    fn ranking_prefers_unassigned_pending_unready() {
        let now = SimTime::from_secs(100_000);
        let pods = vec![
            pod("running-ready", "n1", "Running", Some(1000), 900),
            pod("unassigned", "", "Pending", None, 900),
            pod("pending", "n1", "Pending", None, 900),
            pod("unknown", "n1", "Unknown", None, 900),
            pod("running-unready", "n1", "Running", None, 900),
        ];
        let order = get_pods_to_delete(&pods, &pods, 4, now);
        assert_eq!(names(&order), vec!["unassigned", "pending", "unknown", "running-unready"]);
    }

    #[test]
    fn ranking_deletion_cost_then_colocation() {
        let now = SimTime::from_secs(100_000);
        let mut cheap = (*pod("cheap", "n2", "Running", Some(1000), 900)).clone();
        cheap.set_annotation("controller.kubernetes.io/pod-deletion-cost", "-5");
        let pods = vec![
            pod("alone", "n2", "Running", Some(1000), 900),
            pod("crowded", "n1", "Running", Some(1000), 900),
            Arc::new(cheap),
        ];
        let related = vec![pods[0].clone(), pods[1].clone(), pod("other", "n1", "Running", Some(1000), 900)];
        let order = get_pods_to_delete(&pods, &related, 2, now);
        assert_eq!(names(&order), vec!["cheap", "crowded"]);
    }

    #[test]
    fn ranking_recently_ready_first_with_log_buckets() {
        let now = SimTime::from_secs(100_000);
        // Ready 10 s ago vs 1000 s ago: different buckets, the recent one goes first.
        let a = pod("old-ready", "n1", "Running", Some(99_000), 10);
        let b = pod("new-ready", "n1", "Running", Some(99_990), 10);
        assert_eq!(names(&get_pods_to_delete(&[a.clone(), b.clone()], &[], 1, now)), vec!["new-ready"]);
        // 1000 s and 1001 s ago share a bucket: the smaller uid goes first.
        let c = pod("x", "n1", "Running", Some(99_000), 10);
        let d = pod("a", "n1", "Running", Some(98_999), 10);
        assert_eq!(names(&get_pods_to_delete(&[c, d], &[], 1, now)), vec!["a"]);
    }

    #[test]
    fn ranking_restarts_then_newer_creation() {
        let now = SimTime::from_secs(100_000);
        let mut crashy = (*pod("crashy", "n1", "Running", None, 100)).clone();
        crashy["status"]["containerStatuses"] = json!([{"name": "c", "restartCount": 4}]);
        let calm = pod("calm", "n1", "Running", None, 99_990);
        assert_eq!(
            names(&get_pods_to_delete(&[calm.clone(), Arc::new(crashy)], &[], 1, now)),
            vec!["crashy"]
        );
        let older = pod("older", "n1", "Running", None, 50_000);
        assert_eq!(names(&get_pods_to_delete(&[older, calm], &[], 1, now)), vec!["calm"]);
    }

    #[test]
    fn ranking_sort_survives_a_non_transitive_less() {
        // Rock-paper-scissors: a < b < c < a. slice::sort_by may panic on this; Go does not.
        let less = |a: &u8, b: &u8| matches!((a, b), (0, 1) | (1, 2) | (2, 0));
        let v: Vec<u8> = (0..60).map(|i| (i % 3) as u8).collect();
        let mut out = merge_sort_by_less(v.clone(), &less);
        out.sort_unstable();
        let mut want = v;
        want.sort_unstable();
        assert_eq!(out, want, "a permutation of the input");
        assert_eq!(merge_sort_by_less(vec![3u8, 1, 2], &|a, b| a < b), vec![1, 2, 3]);
    }
}
