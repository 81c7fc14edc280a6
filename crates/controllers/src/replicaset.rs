//! The ReplicaSet controller (upstream `pkg/controller/replicaset/replica_set.go`), §4.
//!
//! **Slow start.** Creates are returned as writes tagged with their slow-start batch (1, 2, 4, …);
//! the runtime applies them in order and, when a write of batch `b` fails, skips every write of
//! a later batch, which is what upstream's `slowStartBatch` does with its parallel batches.
//! Deletes are one batch (upstream issues them in parallel).

use std::sync::Arc;

use kubeplay_model::object::controller_owner_ref;
use kubeplay_model::{LabelSelector, Object, ObjectExt, ObjectRef, SimTime, WriteOp};
use serde_json::{json, Value};

use kubeplay_model::pod_index::{GroupSummary, Labels};

use crate::controller_utils::{
    adopt_patch, controller_uid, get_pods_to_delete, object_ref, release_patch, slow_start_batches,
    unconditional,
};
use crate::podutil::{available_at, is_pod_active, is_pod_available, is_pod_ready};
use crate::{event, ControllerConfig, Outcome, Reconciled, Store};

pub const COMPONENT: &str = "replicaset-controller";

/// `syncReplicaSet` for `replicasets/<ns>/<name>`.
pub fn reconcile<S: Store + ?Sized>(
    key: &ObjectRef,
    store: &S,
    now: SimTime,
    cfg: &ControllerConfig,
) -> Reconciled {
    let mut out = Reconciled::default();
    let Some(rs) = store.get("replicasets", &key.namespace, &key.name) else {
        return out;
    };
    let Ok(selector) = LabelSelector::from_label_selector(rs.at("spec.selector").unwrap_or(&Value::Null))
    else {
        return out;
    };
    // An empty selector matches nothing for a ReplicaSet (validation rejects it anyway).
    if selector.is_empty() {
        return out;
    }
    let min_ready = rs.i64_at("spec.minReadySeconds").unwrap_or(0);
    let claimed = claim_pods(&rs, &selector, store, min_ready, now, &mut out);
    if !rs.is_deleting() {
        manage_replicas(&rs, &claimed, &selector, store, now, cfg, &mut out);
    }
    let status = calculate_status(&rs, &claimed, min_ready, now);
    if rs.get("status") != Some(&status) {
        let mut updated = (*rs).clone();
        *updated.at_mut("status") = status.clone();
        out.write(WriteOp::UpdateStatus(unconditional(updated)));
    }
    // With minReadySeconds, come back when the next Ready pod becomes available.
    if let Some(t) = claimed.next_available(min_ready, now) {
        out.requeue(t.millis() - now.millis());
    }
    out
}

/// The active pods a ReplicaSet controls after claiming: the ones it already owned, as counts
/// per label set (the API server's pod index keeps them, so a sync does not visit every pod),
/// plus the orphans adopted in this pass, listed (there are few).
struct Claimed {
    owned: Vec<GroupSummary>,
    adopted: Vec<Arc<Object>>,
}

impl Claimed {
    fn len(&self) -> i64 {
        self.owned.iter().map(|g| i64::from(g.active)).sum::<i64>() + self.adopted.len() as i64
    }

    fn next_available(&self, min_ready: i64, now: SimTime) -> Option<SimTime> {
        let adopted = self
            .adopted
            .iter()
            .filter(|p| is_pod_ready(p) && !is_pod_available(p, min_ready, now))
            .filter_map(|p| available_at(p, min_ready));
        self.owned.iter().filter_map(|g| g.next_available).chain(adopted).min()
    }

    /// Every claimed pod, for choosing which ones to delete (scale-down only).
    fn pods<S: Store + ?Sized>(&self, rs: &Object, selector: &LabelSelector, store: &S) -> Vec<Arc<Object>> {
        let mut pods: Vec<Arc<Object>> = store
            .list_owned_by("pods", rs.uid())
            .into_iter()
            .filter(|p| is_pod_active(p) && selector.matches_object(p))
            .collect();
        pods.extend(self.adopted.iter().cloned());
        pods
    }
}

fn labels_map(labels: &Labels) -> serde_json::Map<String, Value> {
    labels.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect()
}

/// `claimPods`: owned pods that still match stay, owned active pods that stopped matching are
/// released, matching active orphans are adopted.
fn claim_pods<S: Store + ?Sized>(
    rs: &Object,
    selector: &LabelSelector,
    store: &S,
    min_ready: i64,
    now: SimTime,
    out: &mut Reconciled,
) -> Claimed {
    let uid = rs.uid();
    let mut claimed = Claimed { owned: Vec::new(), adopted: Vec::new() };
    let mut stale_labels = false;
    for g in store.owned_pod_summary(uid, min_ready, now) {
        if selector.matches(&labels_map(&g.labels)) {
            claimed.owned.push(g);
        } else if g.active > 0 {
            stale_labels = true;
        }
    }
    if rs.is_deleting() {
        return claimed;
    }
    if stale_labels {
        for pod in store.list_owned_by("pods", uid) {
            if is_pod_active(&pod) && !selector.matches_object(&pod) {
                out.write(release_patch("pods", &pod, uid));
            }
        }
    }
    for pod in store.orphan_pods(rs.namespace()) {
        if !is_pod_active(&pod) || !selector.matches_object(&pod) {
            continue;
        }
        out.write(adopt_patch("pods", &pod, rs));
        let mut adopted = (*pod).clone();
        let mut refs = adopted.owner_references().to_vec();
        refs.push(controller_owner_ref(rs));
        adopted.meta_mut().insert("ownerReferences".into(), Value::Array(refs));
        claimed.adopted.push(Arc::new(adopted));
    }
    claimed
}

/// `manageReplicas`: create or delete pods to reach spec.replicas, at most burstReplicas per pass.
fn manage_replicas<S: Store + ?Sized>(
    rs: &Object,
    claimed: &Claimed,
    selector: &LabelSelector,
    store: &S,
    now: SimTime,
    cfg: &ControllerConfig,
    out: &mut Reconciled,
) {
    let want = rs.i64_at("spec.replicas").unwrap_or(1);
    let diff = claimed.len() - want;
    if diff < 0 {
        let count = (-diff).min(cfg.burst_replicas);
        let template_labels = rs.at("spec.template.metadata.labels").and_then(Value::as_object);
        if template_labels.is_none_or(|l| l.is_empty()) {
            // `unable to create pods, no labels`: upstream fails before calling the API.
            return;
        }
        let pod = pod_from_template(rs);
        for (b, size) in slow_start_batches(count, cfg.slow_start_initial_batch_size).into_iter().enumerate()
        {
            for _ in 0..size {
                let w = out.write(WriteOp::Create(pod.clone()));
                out.outcomes.push(Outcome {
                    write: w,
                    on_success: Some(event(
                        rs,
                        "Normal",
                        "SuccessfulCreate",
                        "Created pod: {name}".into(),
                        COMPONENT,
                    )),
                    on_error: Some(event(
                        rs,
                        "Warning",
                        "FailedCreate",
                        "Error creating: {error}".into(),
                        COMPONENT,
                    )),
                    batch: Some(b as u32),
                });
            }
        }
    } else if diff > 0 {
        let count = diff.min(cfg.burst_replicas) as usize;
        let related = indirectly_related_pods(rs, store);
        let pods = claimed.pods(rs, selector, store);
        for pod in get_pods_to_delete(&pods, &related, count, now) {
            let w = out.write(WriteOp::Delete {
                target: object_ref("pods", &pod),
                grace_period_seconds: None,
                propagation: None,
            });
            let name = pod.name().to_string();
            out.outcomes.push(Outcome {
                write: w,
                on_success: Some(event(
                    rs,
                    "Normal",
                    "SuccessfulDelete",
                    format!("Deleted pod: {name}"),
                    COMPONENT,
                )),
                on_error: Some(event(
                    rs,
                    "Warning",
                    "FailedDelete",
                    "Error deleting: {error}".into(),
                    COMPONENT,
                )),
                batch: None,
            });
        }
    }
}

/// `getIndirectlyRelatedPods`: pods of every RS with the same controller owner (or just this RS).
fn indirectly_related_pods<S: Store + ?Sized>(rs: &Object, store: &S) -> Vec<Arc<Object>> {
    match controller_uid(rs) {
        Some(owner) => store
            .list_owned_by("replicasets", owner)
            .iter()
            .flat_map(|r| store.list_owned_by("pods", r.uid()))
            .collect(),
        None => store.list_owned_by("pods", rs.uid()),
    }
}

/// `GetPodFromTemplate`: labels, annotations and finalizers from the template, generateName
/// `<rs>-`, controller ownerReference to the RS.
pub fn pod_from_template(rs: &Object) -> Object {
    let t = rs.at("spec.template").cloned().unwrap_or(json!({}));
    let mut meta = serde_json::Map::new();
    for k in ["labels", "annotations", "finalizers"] {
        if let Some(v) = t.get("metadata").and_then(|m| m.get(k)) {
            meta.insert(k.into(), v.clone());
        }
    }
    meta.insert("generateName".into(), json!(format!("{}-", rs.name())));
    meta.insert("namespace".into(), json!(rs.namespace()));
    meta.insert("ownerReferences".into(), json!([controller_owner_ref(rs)]));
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": Value::Object(meta),
        "spec": t.get("spec").cloned().unwrap_or(json!({})),
    })
}

/// `calculateStatus` over the claimed active pods (before this pass's creates and deletes).
fn calculate_status(rs: &Object, claimed: &Claimed, min_ready: i64, now: SimTime) -> Value {
    let template_labels = LabelSelector::from_map(
        &rs.at("spec.template.metadata.labels").and_then(Value::as_object).cloned().unwrap_or_default(),
    );
    let (mut fully_labeled, mut ready, mut available) = (0i64, 0i64, 0i64);
    for g in &claimed.owned {
        if template_labels.matches(&labels_map(&g.labels)) {
            fully_labeled += i64::from(g.active);
        }
        ready += i64::from(g.ready);
        available += i64::from(g.available);
    }
    for p in &claimed.adopted {
        fully_labeled += i64::from(template_labels.matches_object(p));
        ready += i64::from(is_pod_ready(p));
        available += i64::from(is_pod_available(p, min_ready, now));
    }
    let mut status = rs.get("status").cloned().filter(Value::is_object).unwrap_or(json!({}));
    let m = status.as_object_mut().expect("checked object");
    // `replicas` is always written; the other counts are omitempty.
    m.insert("replicas".into(), json!(claimed.len()));
    for (k, v) in [
        ("fullyLabeledReplicas", fully_labeled),
        ("readyReplicas", ready),
        ("availableReplicas", available),
        ("observedGeneration", rs.generation()),
    ] {
        if v != 0 {
            m.insert(k.into(), json!(v));
        } else {
            m.remove(k);
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::Env;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn rs(name: &str, replicas: i64) -> Object {
        json!({
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {"name": name, "namespace": "default"},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}},
        })
    }

    fn key(name: &str) -> ObjectRef {
        ObjectRef::new("replicasets", "default", name)
    }

    #[test]
    fn creates_in_slow_start_batches_capped_by_burst_replicas() {
        let mut env = Env::new();
        env.create(rs("big", 1200));
        let r = reconcile(&key("big"), &env.api, env.now, &env.cfg);
        assert_eq!(r.writes.iter().filter(|w| matches!(w.op, WriteOp::Create(_))).count(), 500);
        let batches: Vec<u32> = r.outcomes.iter().filter_map(|o| o.batch).collect();
        let sizes: Vec<usize> = (0..=8).map(|b| batches.iter().filter(|x| **x == b).count()).collect();
        assert_eq!(sizes, vec![1, 2, 4, 8, 16, 32, 64, 128, 245]);
        let ok = r.outcomes[0].on_success.clone().map(|e| (e.reason, e.message, e.component));
        assert_eq!(
            ok,
            Some(("SuccessfulCreate".into(), "Created pod: {name}".into(), "replicaset-controller"))
        );
        let WriteOp::Create(pod) = &r.writes[0].op else { panic!("not a create") };
        assert_eq!(pod.str_at("metadata.generateName"), Some("big-"));
        assert_eq!(pod.str_at("metadata.ownerReferences.0.kind"), Some("ReplicaSet"));
        assert_eq!(pod.bool_at("metadata.ownerReferences.0.blockOwnerDeletion"), Some(true));
    }

    #[test]
    fn scale_down_deletes_the_lowest_ranked_pods_with_events() {
        let mut env = Env::new();
        env.create(rs("web", 3));
        env.run();
        // One pod is not ready: it goes first.
        let pods = env.api.list("pods", Some("default"));
        let victim = pods[1].name().to_string();
        let mut p = (*pods[1]).clone();
        p["status"]["conditions"][1]["status"] = json!("False");
        let mut ctx =
            kubeplay_apiserver::Ctx { now: env.now, rng: &mut env.rng, manager: "kubelet", dry_run: false };
        env.api.update_status(&mut ctx, p).expect("status");
        env.patch("replicasets", "web", json!({"spec": {"replicas": 2}}));
        env.events.clear();
        env.run();
        assert_eq!(env.event_messages("SuccessfulDelete"), vec![format!("Deleted pod: {victim}")]);
        let rs = env.get("replicasets", "web");
        assert_eq!(rs.i64_at("status.replicas"), Some(2));
        assert_eq!(rs.i64_at("status.readyReplicas"), Some(2));
        assert_eq!(rs.i64_at("status.availableReplicas"), Some(2));
        assert_eq!(rs.i64_at("status.fullyLabeledReplicas"), Some(2));
        assert_eq!(rs.i64_at("status.observedGeneration"), Some(2));
    }

    #[test]
    fn adopts_orphans_and_releases_non_matching_pods() {
        let mut env = Env::new();
        env.create(json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "stray", "namespace": "default", "labels": {"app": "web"}},
            "spec": {"containers": [{"name": "c", "image": "nginx"}]}}));
        env.create(rs("web", 1));
        env.run();
        let pods = env.api.list("pods", Some("default"));
        assert_eq!(pods.len(), 1, "the orphan was adopted instead of creating a pod");
        assert_eq!(pods[0].str_at("metadata.ownerReferences.0.name"), Some("web"));
        env.patch("pods", "stray", json!({"metadata": {"labels": {"app": "other"}}}));
        env.run();
        let stray = env.get("pods", "stray");
        assert!(stray.owner_references().is_empty());
        assert_eq!(env.api.list("pods", Some("default")).len(), 2);
    }

    #[test]
    fn min_ready_seconds_requeues_until_available() {
        let mut env = Env::new();
        let mut r = rs("web", 1);
        r["spec"]["minReadySeconds"] = json!(10);
        env.create(r);
        env.run();
        let rs = env.get("replicasets", "web");
        assert_eq!(rs.i64_at("status.readyReplicas"), Some(1));
        assert_eq!(rs.i64_at("status.availableReplicas"), None);
        let out = reconcile(&key("web"), &env.api, env.now, &env.cfg);
        assert_eq!(out.requeue_after_ms, Some(10_001));
        env.now = env.now.plus_millis(10_001);
        env.run();
        assert_eq!(env.get("replicasets", "web").i64_at("status.availableReplicas"), Some(1));
    }
}
