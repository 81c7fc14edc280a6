//! Side-effect-free Deployment rules (upstream `pkg/controller/deployment/util/deployment_util.go`).

use std::cmp::Ordering;

use kubeplay_model::intstr::resolve_fenceposts as fenceposts;
use kubeplay_model::rng::{fnv1a32, safe_encode_u32};
use kubeplay_model::{Object, ObjectExt, SimTime};
use serde_json::{json, Value};

use crate::controller_utils::semantic;

pub const REVISION_ANNOTATION: &str = "deployment.kubernetes.io/revision";
pub const REVISION_HISTORY_ANNOTATION: &str = "deployment.kubernetes.io/revision-history";
pub const DESIRED_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/desired-replicas";
pub const MAX_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/max-replicas";
pub const LAST_APPLIED_ANNOTATION: &str = "kubectl.kubernetes.io/last-applied-configuration";
pub const ROLLBACK_TO_ANNOTATION: &str = "deprecated.deployment.rollback.to";
pub const DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY: &str = "pod-template-hash";
pub const MAX_REV_HISTORY_LENGTH_IN_CHARS: usize = 2000;
pub const MAX_INT32: i64 = 2_147_483_647;

// Condition reasons (upstream constants).
pub const NEW_RS_REASON: &str = "NewReplicaSetCreated";
pub const FOUND_NEW_RS_REASON: &str = "FoundNewReplicaSet";
pub const FAILED_RS_CREATE_REASON: &str = "ReplicaSetCreateError";
pub const NEW_RS_AVAILABLE_REASON: &str = "NewReplicaSetAvailable";
pub const RS_UPDATED_REASON: &str = "ReplicaSetUpdated";
pub const TIMED_OUT_REASON: &str = "ProgressDeadlineExceeded";
pub const PAUSED_DEPLOY_REASON: &str = "DeploymentPaused";
pub const RESUMED_DEPLOY_REASON: &str = "DeploymentResumed";
pub const MIN_REPLICAS_AVAILABLE: &str = "MinimumReplicasAvailable";
pub const MIN_REPLICAS_UNAVAILABLE: &str = "MinimumReplicasUnavailable";

/// spec.replicas (defaulted to 1 by the API server; 1 if somehow absent).
pub fn replicas(o: &Object) -> i64 {
    o.i64_at("spec.replicas").unwrap_or(1)
}

pub fn set_replicas(o: &mut Object, n: i64) {
    *o.at_mut("spec.replicas") = json!(n);
}

pub fn status_i64(o: &Object, field: &str) -> i64 {
    o.at("status").and_then(|s| s.get(field)).and_then(Value::as_i64).unwrap_or(0)
}

pub fn is_rolling_update(d: &Object) -> bool {
    d.str_at("spec.strategy.type").unwrap_or("RollingUpdate") == "RollingUpdate"
}

fn rolling_params(d: &Object) -> (Value, Value) {
    let surge = d.at("spec.strategy.rollingUpdate.maxSurge").cloned().unwrap_or(json!("25%"));
    let unavailable = d.at("spec.strategy.rollingUpdate.maxUnavailable").cloned().unwrap_or(json!("25%"));
    (surge, unavailable)
}

/// `ResolveFenceposts` for this Deployment (both 0 for Recreate).
pub fn resolve_fenceposts(d: &Object) -> (i64, i64) {
    if !is_rolling_update(d) {
        return (0, 0);
    }
    let (s, u) = rolling_params(d);
    fenceposts(&s, &u, replicas(d)).unwrap_or((0, 1))
}

/// `MaxSurge`.
pub fn max_surge(d: &Object) -> i64 {
    resolve_fenceposts(d).0
}

/// `MaxUnavailable`: capped at spec.replicas, 0 when spec.replicas is 0 or for Recreate.
pub fn max_unavailable(d: &Object) -> i64 {
    if !is_rolling_update(d) || replicas(d) == 0 {
        return 0;
    }
    resolve_fenceposts(d).1.min(replicas(d))
}

/// `HasProgressDeadline`: set and not MaxInt32.
pub fn has_progress_deadline(d: &Object) -> bool {
    d.i64_at("spec.progressDeadlineSeconds").is_some_and(|s| s != MAX_INT32)
}

pub fn progress_deadline_seconds(d: &Object) -> i64 {
    d.i64_at("spec.progressDeadlineSeconds").unwrap_or(600)
}

/// `HasRevisionHistoryLimit`: set and not MaxInt32.
pub fn revision_history_limit(d: &Object) -> Option<i64> {
    d.i64_at("spec.revisionHistoryLimit").filter(|l| *l != MAX_INT32)
}

pub fn min_ready_seconds(o: &Object) -> i64 {
    o.i64_at("spec.minReadySeconds").unwrap_or(0)
}

/// `Revision`: the revision annotation as an integer (0 when absent; None when unparseable).
pub fn revision(rs: &Object) -> Option<i64> {
    match rs.annotation(REVISION_ANNOTATION) {
        None => Some(0),
        Some(s) => s.parse::<i64>().ok(),
    }
}

/// `MaxRevision` over a set of ReplicaSets.
pub fn max_revision<'a>(rss: impl IntoIterator<Item = &'a Object>) -> i64 {
    rss.into_iter().filter_map(revision).max().unwrap_or(0)
}

/// The template without the pod-template-hash label, nil-vs-empty normalised.
fn template_without_hash(t: Option<&Value>) -> Value {
    let mut t = t.cloned().unwrap_or(Value::Null);
    if let Some(labels) = t.pointer_mut("/metadata/labels").and_then(Value::as_object_mut) {
        labels.remove(DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY);
    }
    semantic(&t)
}

/// `EqualIgnoreHash`: two pod templates are the same apart from the pod-template-hash label.
pub fn equal_ignore_hash(t1: Option<&Value>, t2: Option<&Value>) -> bool {
    template_without_hash(t1) == template_without_hash(t2)
}

/// `ComputeHash`: FNV-1a 32 over a canonical serialisation (sorted keys, compact JSON) of the
/// template without the hash label, then collisionCount (LE u32 + 4 zero bytes) when set;
/// rendered with `SafeEncodeString` so values look like upstream's (`66b6c48dd5`).
pub fn compute_hash(template: Option<&Value>, collision_count: Option<i64>) -> String {
    let canonical = serde_json::to_string(&template_without_hash(template)).unwrap_or_default();
    let mut bytes = canonical.into_bytes();
    if let Some(c) = collision_count {
        bytes.extend_from_slice(&(c as u32).to_le_bytes());
        bytes.extend_from_slice(&[0, 0, 0, 0]);
    }
    safe_encode_u32(fnv1a32(&bytes))
}

/// `ReplicaSetsByCreationTimestamp`: oldest first, then by name.
pub fn by_creation(a: &Object, b: &Object) -> Ordering {
    a.creation_timestamp().cmp(&b.creation_timestamp()).then_with(|| a.name().cmp(b.name()))
}

/// `ReplicaSetsByRevision`: lowest revision first, ties by creation.
pub fn by_revision(a: &Object, b: &Object) -> Ordering {
    revision(a).unwrap_or(0).cmp(&revision(b).unwrap_or(0)).then_with(|| by_creation(a, b))
}

/// `ReplicaSetsBySizeNewer`: largest first, ties newer first.
pub fn by_size_newer(a: &Object, b: &Object) -> Ordering {
    replicas(b).cmp(&replicas(a)).then_with(|| by_creation(b, a))
}

/// `ReplicaSetsBySizeOlder`: largest first, ties older first.
pub fn by_size_older(a: &Object, b: &Object) -> Ordering {
    replicas(b).cmp(&replicas(a)).then_with(|| by_creation(a, b))
}

/// The desired / max replicas annotations.
pub fn desired_replicas_annotation(rs: &Object) -> Option<i64> {
    rs.annotation(DESIRED_REPLICAS_ANNOTATION)?.parse().ok()
}

pub fn max_replicas_annotation(rs: &Object) -> Option<i64> {
    rs.annotation(MAX_REPLICAS_ANNOTATION)?.parse().ok()
}

/// `ReplicasAnnotationsNeedUpdate`.
pub fn replicas_annotations_need_update(rs: &Object, desired: i64, max: i64) -> bool {
    rs.annotation(DESIRED_REPLICAS_ANNOTATION) != Some(desired.to_string().as_str())
        || rs.annotation(MAX_REPLICAS_ANNOTATION) != Some(max.to_string().as_str())
}

/// `SetReplicasAnnotations`: true when something changed.
pub fn set_replicas_annotations(rs: &mut Object, desired: i64, max: i64) -> bool {
    if !replicas_annotations_need_update(rs, desired, max) {
        return false;
    }
    rs.set_annotation(DESIRED_REPLICAS_ANNOTATION, &desired.to_string());
    rs.set_annotation(MAX_REPLICAS_ANNOTATION, &max.to_string());
    true
}

fn skip_copy_annotation(key: &str) -> bool {
    matches!(
        key,
        LAST_APPLIED_ANNOTATION
            | REVISION_ANNOTATION
            | REVISION_HISTORY_ANNOTATION
            | DESIRED_REPLICAS_ANNOTATION
            | MAX_REPLICAS_ANNOTATION
            | ROLLBACK_TO_ANNOTATION
    )
}

/// Whether an annotation is kept from the Deployment (not taken from the RS) on rollback.
pub fn is_skip_copy_annotation(key: &str) -> bool {
    skip_copy_annotation(key)
}

/// `copyDeploymentAnnotationsToReplicaSet`.
fn copy_deployment_annotations_to_replica_set(d: &Object, rs: &mut Object) -> bool {
    let mut changed = false;
    if let Some(anns) = d.at("metadata.annotations").and_then(Value::as_object) {
        for (k, v) in anns {
            let v = v.as_str().unwrap_or_default();
            if skip_copy_annotation(k) || rs.annotation(k) == Some(v) {
                continue;
            }
            rs.set_annotation(k, v);
            changed = true;
        }
    }
    changed
}

/// `SetNewReplicaSetAnnotations`: copies annotations, raises the revision (keeping the old one in
/// revision-history, capped at 2000 characters) and, for a new RS, sets desired/max replicas.
pub fn set_new_replica_set_annotations(d: &Object, rs: &mut Object, new_revision: i64, exists: bool) -> bool {
    let mut changed = copy_deployment_annotations_to_replica_set(d, rs);
    let old_revision = rs.annotation(REVISION_ANNOTATION).map(str::to_string);
    let old_int = match &old_revision {
        None => 0,
        Some(s) => match s.parse::<i64>() {
            Ok(v) => v,
            Err(_) => return false,
        },
    };
    if old_int < new_revision {
        rs.set_annotation(REVISION_ANNOTATION, &new_revision.to_string());
        changed = true;
        if let Some(old) = old_revision {
            let history = rs.annotation(REVISION_HISTORY_ANNOTATION).unwrap_or("").to_string();
            if history.is_empty() {
                rs.set_annotation(REVISION_HISTORY_ANNOTATION, &old);
            } else {
                let mut parts: Vec<&str> = history.split(',').collect();
                let mut total = history.len() + old.len() + 1;
                let mut start = 0;
                while total > MAX_REV_HISTORY_LENGTH_IN_CHARS && start < parts.len() {
                    total -= parts[start].len() + 1;
                    start += 1;
                }
                if total <= MAX_REV_HISTORY_LENGTH_IN_CHARS {
                    parts = parts.split_off(start);
                    parts.push(&old);
                    let joined = parts.join(",");
                    rs.set_annotation(REVISION_HISTORY_ANNOTATION, &joined);
                }
            }
        }
    }
    if !exists && set_replicas_annotations(rs, replicas(d), replicas(d) + max_surge(d)) {
        changed = true;
    }
    changed
}

/// `SetDeploymentRevision`.
pub fn set_deployment_revision(d: &mut Object, revision: &str) -> bool {
    if d.annotation(REVISION_ANNOTATION) == Some(revision) {
        return false;
    }
    d.set_annotation(REVISION_ANNOTATION, revision);
    true
}

/// `IsSaturated`: the RS has all the Deployment's replicas, all available.
pub fn is_saturated(d: &Object, rs: Option<&Object>) -> bool {
    let Some(rs) = rs else { return false };
    let want = replicas(d);
    desired_replicas_annotation(rs) == Some(want)
        && replicas(rs) == want
        && status_i64(rs, "availableReplicas") == want
}

/// `getReplicaSetFraction`.
fn replica_set_fraction(rs: &Object, d: &Object) -> i64 {
    if replicas(d) == 0 {
        return -replicas(rs);
    }
    let deployment_replicas = replicas(d) + max_surge(d);
    let annotated = match max_replicas_annotation(rs) {
        Some(a) if a != 0 => a,
        _ => status_i64(d, "replicas"),
    };
    if annotated == 0 {
        return 0;
    }
    let size = (replicas(rs) * deployment_replicas) as f64 / annotated as f64;
    // math.Round: half away from zero.
    size.round() as i64 - replicas(rs)
}

/// `GetProportion`: how many replicas this RS gains (or loses) in proportional scaling.
pub fn get_proportion(rs: &Object, d: &Object, to_add: i64, added: i64) -> i64 {
    if replicas(rs) == 0 || to_add == 0 || to_add == added {
        return 0;
    }
    let fraction = replica_set_fraction(rs, d);
    let allowed = to_add - added;
    if to_add > 0 {
        fraction.min(allowed)
    } else {
        fraction.max(allowed)
    }
}

/// `NewRSNewReplicas`: the new RS's size for this step of the rollout.
pub fn new_rs_new_replicas<'a>(
    d: &Object,
    all_rss: impl IntoIterator<Item = &'a Object>,
    new_rs: &Object,
) -> i64 {
    if !is_rolling_update(d) {
        return replicas(d);
    }
    let surge = max_surge(d);
    let current: i64 = all_rss.into_iter().map(replicas).sum();
    let max_total = replicas(d) + surge;
    if current >= max_total {
        return replicas(new_rs);
    }
    let scale_up = (max_total - current).min(replicas(d) - replicas(new_rs));
    replicas(new_rs) + scale_up
}

// ---- status and conditions ----

pub fn get_condition<'a>(status: &'a Value, type_: &str) -> Option<&'a Value> {
    status
        .get("conditions")?
        .as_array()?
        .iter()
        .find(|c| c.get("type").and_then(Value::as_str) == Some(type_))
}

pub fn cond_str<'a>(c: &'a Value, field: &str) -> &'a str {
    c.get(field).and_then(Value::as_str).unwrap_or("")
}

/// `NewDeploymentCondition`.
pub fn new_condition(type_: &str, status: &str, reason: &str, message: &str, now: SimTime) -> Value {
    json!({
        "type": type_,
        "status": status,
        "lastUpdateTime": now.to_rfc3339(),
        "lastTransitionTime": now.to_rfc3339(),
        "reason": reason,
        "message": message,
    })
}

/// `SetDeploymentCondition`: skipped when status and reason are unchanged; lastTransitionTime
/// kept when only the reason changes; the replaced condition moves to the end.
pub fn set_condition(status: &mut Value, mut cond: Value) {
    let type_ = cond_str(&cond, "type").to_string();
    if let Some(cur) = get_condition(status, &type_) {
        if cond_str(cur, "status") == cond_str(&cond, "status") {
            if cond_str(cur, "reason") == cond_str(&cond, "reason") {
                return;
            }
            cond["lastTransitionTime"] = cur.get("lastTransitionTime").cloned().unwrap_or(Value::Null);
        }
    }
    remove_condition(status, &type_);
    if !status.is_object() {
        *status = json!({});
    }
    let conds = status.at_mut("conditions");
    if !conds.is_array() {
        *conds = json!([]);
    }
    if let Some(a) = conds.as_array_mut() {
        a.push(cond);
    }
}

pub fn remove_condition(status: &mut Value, type_: &str) {
    let Some(obj) = status.as_object_mut() else { return };
    if let Some(a) = obj.get_mut("conditions").and_then(Value::as_array_mut) {
        a.retain(|c| c.get("type").and_then(Value::as_str) != Some(type_));
        if a.is_empty() {
            obj.remove("conditions");
        }
    }
}

/// `DeploymentComplete`.
pub fn deployment_complete(d: &Object, status: &Value) -> bool {
    let want = replicas(d);
    let g = |f: &str| status.get(f).and_then(Value::as_i64).unwrap_or(0);
    g("updatedReplicas") == want
        && g("replicas") == want
        && g("availableReplicas") == want
        && g("observedGeneration") >= d.generation()
}

/// `DeploymentProgressing`: updated went up, old went down, ready or available went up.
pub fn deployment_progressing(d: &Object, new_status: &Value) -> bool {
    let old = d.get("status").cloned().unwrap_or(Value::Null);
    let g = |s: &Value, f: &str| s.get(f).and_then(Value::as_i64).unwrap_or(0);
    let old_old = g(&old, "replicas") - g(&old, "updatedReplicas");
    let new_old = g(new_status, "replicas") - g(new_status, "updatedReplicas");
    g(new_status, "updatedReplicas") > g(&old, "updatedReplicas")
        || new_old < old_old
        || g(new_status, "readyReplicas") > g(&old, "readyReplicas")
        || g(new_status, "availableReplicas") > g(&old, "availableReplicas")
}

/// `DeploymentTimedOut`: lastUpdateTime + progressDeadlineSeconds is before now.
pub fn deployment_timed_out(d: &Object, new_status: &Value, now: SimTime) -> bool {
    if !has_progress_deadline(d) {
        return false;
    }
    let Some(cond) = get_condition(new_status, "Progressing") else { return false };
    match cond_str(cond, "reason") {
        NEW_RS_AVAILABLE_REASON => return false,
        TIMED_OUT_REASON => return true,
        _ => {}
    }
    let Some(from) = SimTime::parse_rfc3339(cond_str(cond, "lastUpdateTime")) else { return false };
    from.plus_secs(progress_deadline_seconds(d)) < now
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn deploy(replicas: i64, surge: Value, unavailable: Value) -> Object {
        json!({"spec": {"replicas": replicas, "strategy": {"type": "RollingUpdate",
            "rollingUpdate": {"maxSurge": surge, "maxUnavailable": unavailable}}}})
    }

    #[test]
    fn surge_rounds_up_unavailable_rounds_down() {
        let d = deploy(3, json!("25%"), json!("25%"));
        assert_eq!((max_surge(&d), max_unavailable(&d)), (1, 0));
        let d = deploy(10, json!("25%"), json!("25%"));
        assert_eq!((max_surge(&d), max_unavailable(&d)), (3, 2));
        let d = deploy(5, json!(0), json!(0));
        assert_eq!((max_surge(&d), max_unavailable(&d)), (0, 1));
        // Capped at spec.replicas, 0 when scaled to zero.
        let d = deploy(2, json!(1), json!(5));
        assert_eq!(max_unavailable(&d), 2);
        let d = deploy(0, json!(1), json!(1));
        assert_eq!(max_unavailable(&d), 0);
        let recreate = json!({"spec": {"replicas": 3, "strategy": {"type": "Recreate"}}});
        assert_eq!((max_surge(&recreate), max_unavailable(&recreate)), (0, 0));
    }

    #[test]
    fn hash_uses_the_upstream_digit_alphabet_and_ignores_the_hash_label() {
        let t = json!({"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}});
        let h = compute_hash(Some(&t), None);
        assert!(h.len() >= 9 && h.chars().all(|c| "456789bcdf".contains(c)), "{h}");
        let mut labelled = t.clone();
        labelled["metadata"]["labels"]["pod-template-hash"] = json!(h.clone());
        assert_eq!(compute_hash(Some(&labelled), None), h);
        assert_ne!(compute_hash(Some(&t), Some(1)), h);
        assert!(equal_ignore_hash(Some(&t), Some(&labelled)));
    }

    #[test]
    fn revision_history_appends_the_old_revision() {
        let d = json!({"metadata": {"annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}", "team": "a"}},
            "spec": {"replicas": 3}});
        let mut rs = json!({"metadata": {"annotations": {"deployment.kubernetes.io/revision": "1"}}});
        assert!(set_new_replica_set_annotations(&d, &mut rs, 3, true));
        assert_eq!(rs.annotation(REVISION_ANNOTATION), Some("3"));
        assert_eq!(rs.annotation(REVISION_HISTORY_ANNOTATION), Some("1"));
        assert_eq!(rs.annotation("team"), Some("a"));
        assert_eq!(rs.annotation(LAST_APPLIED_ANNOTATION), None);
        assert!(set_new_replica_set_annotations(&d, &mut rs, 5, true));
        assert_eq!(rs.annotation(REVISION_HISTORY_ANNOTATION), Some("1,3"));
    }

    #[test]
    fn proportion_rounds_half_away_from_zero() {
        // 10 replicas scaled to 15 with maxSurge 3 (max-replicas annotation 13): RS of 5 gets
        // round(5 * 18 / 13) - 5 = round(6.92) - 5 = 2.
        let d = deploy(15, json!(3), json!(2));
        let rs = json!({"metadata": {"annotations": {"deployment.kubernetes.io/max-replicas": "13"}}, "spec": {"replicas": 5}});
        assert_eq!(get_proportion(&rs, &d, 5, 0), 2);
        assert_eq!(get_proportion(&rs, &d, 5, 4), 1);
    }
}
