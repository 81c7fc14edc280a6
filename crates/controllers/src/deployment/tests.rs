//! Deployment controller scenarios against the real API server with a fake kubelet.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use kubeplay_model::ObjectExt;
use serde_json::{json, Value};

use super::util;
use crate::testutil::{deployment, Env};

fn rs_of(env: &Env, d: &str) -> Vec<std::sync::Arc<kubeplay_model::Object>> {
    let uid = env.get("deployments", d).uid().to_string();
    let mut v = env.api.list_owned_by("replicasets", &uid);
    v.sort_by(|a, b| util::by_creation(a, b));
    v
}

fn condition(d: &kubeplay_model::Object, t: &str) -> (String, String, String) {
    let st = d.get("status").cloned().unwrap_or(Value::Null);
    let c = util::get_condition(&st, t).cloned().unwrap_or(Value::Null);
    (
        util::cond_str(&c, "status").into(),
        util::cond_str(&c, "reason").into(),
        util::cond_str(&c, "message").into(),
    )
}

#[test]
fn first_rollout_creates_rs_with_hash_and_reaches_complete_status() {
    let mut env = Env::new();
    env.create(deployment("web", 3, "nginx:1.25"));
    env.run();
    let rss = rs_of(&env, "web");
    assert_eq!(rss.len(), 1);
    let rs = &rss[0];
    let hash = rs.label("pod-template-hash").unwrap_or_default().to_string();
    assert_eq!(rs.name(), format!("web-{hash}"));
    assert_eq!(rs.at("spec.selector.matchLabels.pod-template-hash"), Some(&json!(hash)));
    assert_eq!(rs.annotation("deployment.kubernetes.io/revision"), Some("1"));
    assert_eq!(rs.annotation("deployment.kubernetes.io/desired-replicas"), Some("3"));
    assert_eq!(rs.annotation("deployment.kubernetes.io/max-replicas"), Some("4"));
    assert_eq!(env.api.list_owned_by("pods", rs.uid()).len(), 3);
    for p in env.api.list_owned_by("pods", rs.uid()) {
        assert!(
            p.name().starts_with(&format!("web-{hash}-"))
                && p.name().len() == format!("web-{hash}-").len() + 5
        );
    }
    let d = env.get("deployments", "web");
    assert_eq!(d.i64_at("status.availableReplicas"), Some(3));
    assert_eq!(d.i64_at("status.updatedReplicas"), Some(3));
    assert_eq!(d.i64_at("status.observedGeneration"), Some(1));
    assert_eq!(
        condition(&d, "Available"),
        ("True".into(), "MinimumReplicasAvailable".into(), "Deployment has minimum availability.".into())
    );
    assert_eq!(
        condition(&d, "Progressing"),
        (
            "True".into(),
            "NewReplicaSetAvailable".into(),
            format!("ReplicaSet \"web-{hash}\" has successfully progressed.")
        )
    );
    let types: Vec<&str> = d
        .at("status.conditions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c["type"].as_str())
        .collect();
    assert_eq!(types, vec!["Available", "Progressing"]);
    assert_eq!(
        env.event_messages("ScalingReplicaSet"),
        vec![format!("Scaled up replica set web-{hash} from 0 to 3")]
    );
    let creates = env.event_messages("SuccessfulCreate");
    assert_eq!(creates.len(), 3);
    assert!(creates.iter().all(|m| m.starts_with(&format!("Created pod: web-{hash}-"))));
}

#[test]
fn rolling_update_event_sequence_matches_the_worked_example() {
    let mut env = Env::new();
    env.create(deployment("web", 3, "nginx:1.25"));
    env.run();
    let old = rs_of(&env, "web")[0].name().to_string();
    env.events.clear();
    env.patch(
        "deployments",
        "web",
        json!({"spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.26"}]}}}}),
    );
    env.run();
    let rss = rs_of(&env, "web");
    let new = rss.iter().find(|r| r.name() != old).map(|r| r.name().to_string()).unwrap_or_default();
    assert_eq!(
        env.event_messages("ScalingReplicaSet"),
        vec![
            format!("Scaled up replica set {new} from 0 to 1"),
            format!("Scaled down replica set {old} from 3 to 2"),
            format!("Scaled up replica set {new} from 1 to 2"),
            format!("Scaled down replica set {old} from 2 to 1"),
            format!("Scaled up replica set {new} from 2 to 3"),
            format!("Scaled down replica set {old} from 1 to 0"),
        ]
    );
    let newrs = env.get("replicasets", &new);
    assert_eq!(newrs.annotation("deployment.kubernetes.io/revision"), Some("2"));
    let d = env.get("deployments", "web");
    assert_eq!(condition(&d, "Progressing").2, format!("ReplicaSet \"{new}\" has successfully progressed."));
    // The old RS stays (revisionHistoryLimit 10) at 0 replicas.
    assert_eq!(env.get("replicasets", &old).i64_at("spec.replicas"), Some(0));
}

#[test]
fn rollback_to_an_old_template_reuses_its_rs_and_raises_the_revision() {
    let mut env = Env::new();
    env.create(deployment("web", 2, "nginx:1.25"));
    env.run();
    let first = rs_of(&env, "web")[0].name().to_string();
    env.patch(
        "deployments",
        "web",
        json!({"spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.26"}]}}}}),
    );
    env.run();
    env.patch(
        "deployments",
        "web",
        json!({"spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.25"}]}}}}),
    );
    env.run();
    assert_eq!(rs_of(&env, "web").len(), 2);
    let rs = env.get("replicasets", &first);
    assert_eq!(rs.annotation("deployment.kubernetes.io/revision"), Some("3"));
    assert_eq!(rs.annotation("deployment.kubernetes.io/revision-history"), Some("1"));
    assert_eq!(rs.i64_at("spec.replicas"), Some(2));
}

#[test]
fn recreate_scales_old_to_zero_before_creating_the_new_rs() {
    let mut env = Env::new();
    let mut d = deployment("web", 3, "nginx:1.25");
    d["spec"]["strategy"] = json!({"type": "Recreate"});
    env.create(d);
    env.run();
    let old = rs_of(&env, "web")[0].name().to_string();
    env.events.clear();
    env.patch(
        "deployments",
        "web",
        json!({"spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.26"}]}}}}),
    );
    env.run();
    let new =
        rs_of(&env, "web").iter().find(|r| r.name() != old).map(|r| r.name().to_string()).unwrap_or_default();
    assert_eq!(
        env.event_messages("ScalingReplicaSet"),
        vec![
            format!("Scaled down replica set {old} from 3 to 0"),
            format!("Scaled up replica set {new} from 0 to 3")
        ]
    );
}

#[test]
fn proportional_scaling_during_a_stuck_rollout() {
    // 10 replicas, maxSurge 3, maxUnavailable 2; the new image never becomes ready.
    let mut env = Env::new();
    let mut d = deployment("web", 10, "nginx:1.25");
    d["spec"]["strategy"] =
        json!({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 3, "maxUnavailable": 2}});
    env.create(d);
    env.run();
    let old = rs_of(&env, "web")[0].name().to_string();
    env.pods_become_ready = false;
    env.patch(
        "deployments",
        "web",
        json!({"spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:bad"}]}}}}),
    );
    env.run();
    let new =
        rs_of(&env, "web").iter().find(|r| r.name() != old).map(|r| r.name().to_string()).unwrap_or_default();
    // Surge 3 + unavailable 2: the new RS gets 5 (13 - 8), the old one keeps 8.
    assert_eq!(env.get("replicasets", &old).i64_at("spec.replicas"), Some(8));
    assert_eq!(env.get("replicasets", &new).i64_at("spec.replicas"), Some(5));
    env.events.clear();
    env.patch("deployments", "web", json!({"spec": {"replicas": 15}}));
    env.run();
    // 5 more allowed (18 - 13): old gets round(8*18/13)-8 = 3, new gets the remaining 2.
    assert_eq!(env.get("replicasets", &old).i64_at("spec.replicas"), Some(11));
    assert_eq!(env.get("replicasets", &new).i64_at("spec.replicas"), Some(7));
    assert_eq!(
        env.event_messages("ScalingReplicaSet"),
        vec![
            format!("Scaled up replica set {old} from 8 to 11"),
            format!("Scaled up replica set {new} from 5 to 7")
        ]
    );
}

#[test]
fn revision_history_limit_deletes_the_oldest_old_replica_sets() {
    let mut env = Env::new();
    let mut d = deployment("web", 1, "nginx:1");
    d["spec"]["revisionHistoryLimit"] = json!(1);
    env.create(d);
    env.run();
    for v in 2..=4 {
        env.patch("deployments", "web", json!({"spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": format!("nginx:{v}")}]}}}}));
        env.run();
    }
    let revs: Vec<String> = rs_of(&env, "web")
        .iter()
        .map(|r| r.annotation("deployment.kubernetes.io/revision").unwrap_or("").to_string())
        .collect();
    assert_eq!(revs, vec!["3", "4"]);
}

#[test]
fn progress_deadline_exceeded_after_the_deadline() {
    let mut env = Env::new();
    let mut d = deployment("web", 1, "nginx:bad");
    d["spec"]["progressDeadlineSeconds"] = json!(30);
    env.pods_become_ready = false;
    env.create(d);
    env.run();
    let key = kubeplay_model::ObjectRef::new("deployments", "default", "web");
    let r = super::reconcile(&key, &env.api, env.now, &env.cfg);
    // Requeued one second after lastUpdateTime + deadline.
    assert_eq!(r.requeue_after_ms, Some(31_000));
    env.now = env.now.plus_secs(31);
    env.run();
    let d = env.get("deployments", "web");
    let rs = rs_of(&env, "web")[0].name().to_string();
    assert_eq!(
        condition(&d, "Progressing"),
        (
            "False".into(),
            "ProgressDeadlineExceeded".into(),
            format!("ReplicaSet \"{rs}\" has timed out progressing.")
        )
    );
    assert_eq!(
        condition(&d, "Available"),
        (
            "False".into(),
            "MinimumReplicasUnavailable".into(),
            "Deployment does not have minimum availability.".into()
        )
    );
}

#[test]
fn paused_deployment_gets_paused_condition_and_no_new_rs() {
    let mut env = Env::new();
    env.create(deployment("web", 2, "nginx:1.25"));
    env.run();
    env.patch("deployments", "web", json!({"spec": {"paused": true}}));
    env.run();
    env.patch(
        "deployments",
        "web",
        json!({"spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.26"}]}}}}),
    );
    env.run();
    assert_eq!(rs_of(&env, "web").len(), 1);
    let d = env.get("deployments", "web");
    assert_eq!(
        condition(&d, "Progressing"),
        ("Unknown".into(), "DeploymentPaused".into(), "Deployment is paused".into())
    );
    env.patch("deployments", "web", json!({"spec": {"paused": false}}));
    env.run();
    assert_eq!(rs_of(&env, "web").len(), 2);
}

#[test]
fn selecting_all_warns() {
    let env_d = json!({"metadata": {"name": "x", "namespace": "default", "uid": "u", "generation": 1},
        "spec": {"selector": {}}});
    struct One(kubeplay_model::Object);
    impl crate::Store for One {
        fn get(&self, _: &str, _: &str, _: &str) -> Option<std::sync::Arc<kubeplay_model::Object>> {
            Some(std::sync::Arc::new(self.0.clone()))
        }
        fn list(&self, _: &str, _: Option<&str>) -> Vec<std::sync::Arc<kubeplay_model::Object>> {
            vec![]
        }
        fn list_selected(
            &self,
            _: &str,
            _: Option<&str>,
            _: &kubeplay_model::LabelSelector,
        ) -> Vec<std::sync::Arc<kubeplay_model::Object>> {
            vec![]
        }
        fn list_owned_by(&self, _: &str, _: &str) -> Vec<std::sync::Arc<kubeplay_model::Object>> {
            vec![]
        }
    }
    let r = super::reconcile(
        &kubeplay_model::ObjectRef::new("deployments", "default", "x"),
        &One(env_d),
        kubeplay_model::SimTime(0),
        &crate::ControllerConfig::default(),
    );
    assert_eq!(r.events[0].reason, "SelectingAll");
    assert_eq!(
        r.events[0].message,
        "This deployment is selecting all pods. A non-empty selector is required."
    );
    assert_eq!(r.events[0].type_, "Warning");
}
