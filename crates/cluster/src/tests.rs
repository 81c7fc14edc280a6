//! Runtime scenarios with the real API server, controllers and nodes.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use std::sync::Arc;

use kubeplay_apiserver::{DeleteOptions, PatchType, Propagation};
use kubeplay_model::{Object, ObjectExt};
use serde_json::{json, Value};

use crate::{Cluster, ClusterConfig};

fn cluster() -> Cluster {
    Cluster::new(ClusterConfig::default())
}

fn deployment(name: &str, replicas: i64, image: &str) -> Object {
    json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "labels": {"app": name}},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "nginx", "image": image, "ports": [{"containerPort": 80, "name": "http"}]}]}}},
    })
}

fn service(name: &str, app: &str) -> Object {
    json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name},
        "spec": {"selector": {"app": app}, "ports": [{"name": "web", "port": 80, "targetPort": "http"}]}})
}

fn available(c: &Cluster, ns: &str, name: &str) -> i64 {
    c.api().get("deployments", ns, name).ok().and_then(|d| d.i64_at("status.availableReplicas")).unwrap_or(0)
}

fn events_for(c: &Cluster, name_prefix: &str, reason: &str) -> Vec<String> {
    let mut evs: Vec<Arc<Object>> = c
        .api()
        .list("events", None)
        .into_iter()
        .filter(|e| e.str_at("involvedObject.name").is_some_and(|n| n.starts_with(name_prefix)))
        .filter(|e| e.str_at("reason") == Some(reason))
        .collect();
    evs.sort_by_key(|e| e.name().to_string());
    evs.iter().map(|e| e.str_at("message").unwrap_or("").to_string()).collect()
}

#[test]
fn bootstrap_is_steady() {
    let c = cluster();
    assert_eq!(c.now(), kubeplay_model::time::DEFAULT_EPOCH);
    let nodes = c.api().list("nodes", None);
    assert_eq!(nodes.len(), 3);
    for n in &nodes {
        let ready = n
            .at("status.conditions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .any(|c| c["type"] == "Ready" && c["status"] == "True");
        assert!(ready, "{} not Ready", n.name());
        assert_eq!(n.str_at("status.nodeInfo.kubeletVersion"), Some("v1.33.1"));
    }
    assert_eq!(available(&c, "kube-system", "coredns"), 2);
    let svc = c.api().get("services", "default", "kubernetes").expect("kubernetes service");
    assert_eq!(svc.str_at("spec.clusterIP"), Some("10.96.0.1"));
    let dns = c.api().get("services", "kube-system", "kube-dns").expect("kube-dns");
    assert_eq!(dns.str_at("spec.clusterIP"), Some("10.96.0.10"));
    let ep = c.api().get("endpoints", "kube-system", "kube-dns").expect("kube-dns endpoints");
    assert_eq!(ep.at("subsets.0.addresses").and_then(Value::as_array).map(Vec::len), Some(2));
    for p in c.api().list("pods", Some("kube-system")) {
        assert_ne!(p.str_at("spec.nodeName"), Some("kubeplay-control-plane").filter(|_| false));
        assert_eq!(p.str_at("status.phase"), Some("Running"));
    }
}

fn create(c: &mut Cluster, obj: Object) -> Arc<Object> {
    match c.create("default", obj, "kubectl-create", false) {
        Ok(o) => o,
        Err(e) => panic!("create: {}", e.message),
    }
}

fn wait_available(c: &mut Cluster, name: &str, n: i64, limit_ms: i64) -> bool {
    let name = name.to_string();
    c.advance_until(limit_ms, &mut |c: &Cluster| {
        c.api().get("deployments", "default", &name).is_ok_and(|d| {
            d.i64_at("status.availableReplicas") == Some(n)
                && d.i64_at("status.updatedReplicas") == Some(n)
                && d.i64_at("status.replicas") == Some(n)
        })
    })
}

#[test]
fn idle_advance_does_no_work() {
    let mut c = cluster();
    c.advance(60_000);
    let before = c.stats().items_processed;
    let wake = c.next_wakeup();
    c.advance(600_000);
    let after = c.stats().items_processed;
    // Only periodic node work may run (heartbeats); nothing else.
    assert!(after - before < 200, "idle advance processed {} items (next wakeup {:?})", after - before, wake);
}

#[test]
fn deployment_rolls_out_with_the_reference_events_and_conditions() {
    let mut c = cluster();
    create(&mut c, deployment("web", 3, "nginx:1.25"));
    assert!(wait_available(&mut c, "web", 3, 120_000));
    let d = c.api().get("deployments", "default", "web").expect("web");
    let rs = c.api().list_owned_by("replicasets", d.uid());
    assert_eq!(rs.len(), 1);
    let rs_name = rs[0].name().to_string();
    let conds = d.at("status.conditions").and_then(Value::as_array).cloned().unwrap_or_default();
    let view: Vec<(String, String, String)> = conds
        .iter()
        .map(|c| {
            (
                c["type"].as_str().unwrap_or("").into(),
                c["reason"].as_str().unwrap_or("").into(),
                c["message"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    assert_eq!(
        view,
        vec![
            (
                "Available".into(),
                "MinimumReplicasAvailable".into(),
                "Deployment has minimum availability.".into()
            ),
            (
                "Progressing".into(),
                "NewReplicaSetAvailable".into(),
                format!("ReplicaSet \"{rs_name}\" has successfully progressed.")
            ),
        ]
    );
    assert_eq!(
        events_for(&c, "web", "ScalingReplicaSet"),
        vec![format!("Scaled up replica set {rs_name} from 0 to 3")]
    );
    let created = events_for(&c, &rs_name, "SuccessfulCreate");
    assert_eq!(created.len(), 3);
    assert!(created.iter().all(|m| m.starts_with(&format!("Created pod: {rs_name}-"))));
    let ev = c
        .api()
        .list("events", Some("default"))
        .into_iter()
        .find(|e| e.str_at("reason") == Some("ScalingReplicaSet"))
        .expect("event");
    assert_eq!(ev.str_at("source.component"), Some("deployment-controller"));
    assert_eq!(ev.i64_at("count"), Some(1));
    assert_eq!(ev.str_at("involvedObject.kind"), Some("Deployment"));
    assert!(ev.name().starts_with("web."));
}

#[test]
fn rolling_update_through_the_runtime_emits_the_worked_example() {
    let mut c = cluster();
    create(&mut c, deployment("web", 3, "nginx:1.25"));
    assert!(wait_available(&mut c, "web", 3, 120_000));
    let uid = c.api().get("deployments", "default", "web").expect("web").uid().to_string();
    let old = c.api().list_owned_by("replicasets", &uid)[0].name().to_string();
    let patch = json!({"spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.26", "ports": [{"containerPort": 80, "name": "http"}]}]}}}});
    c.patch("deployments", "default", "web", PatchType::Merge, &patch, "kubectl-patch", false)
        .expect("patch");
    assert!(c.advance_until(300_000, &mut |c: &Cluster| {
        c.api().get("replicasets", "default", &old).is_ok_and(|r| r.i64_at("spec.replicas") == Some(0))
            && available(c, "default", "web") == 3
    }));
    let new = c
        .api()
        .list_owned_by("replicasets", &uid)
        .iter()
        .find(|r| r.name() != old)
        .map(|r| r.name().to_string())
        .unwrap_or_default();
    let mut scaling: Vec<(String, String)> = c
        .api()
        .list("events", Some("default"))
        .into_iter()
        .filter(|e| e.str_at("reason") == Some("ScalingReplicaSet"))
        .map(|e| {
            (
                e.str_at("lastTimestamp").unwrap_or("").to_string() + e.name(),
                e.str_at("message").unwrap_or("").to_string(),
            )
        })
        .collect();
    scaling.sort();
    let msgs: Vec<String> = scaling.into_iter().map(|(_, m)| m).skip(1).collect();
    assert_eq!(
        msgs,
        vec![
            format!("Scaled up replica set {new} from 0 to 1"),
            format!("Scaled down replica set {old} from 3 to 2"),
            format!("Scaled up replica set {new} from 1 to 2"),
            format!("Scaled down replica set {old} from 2 to 1"),
            format!("Scaled up replica set {new} from 2 to 3"),
            format!("Scaled down replica set {old} from 1 to 0"),
        ]
    );
}

#[test]
fn endpoints_and_slices_follow_readiness_and_termination() {
    let mut c = cluster();
    create(&mut c, deployment("web", 2, "nginx:1.25"));
    create(&mut c, service("web", "web"));
    assert!(wait_available(&mut c, "web", 2, 120_000));
    c.settle();
    let ep = c.api().get("endpoints", "default", "web").expect("endpoints");
    assert_eq!(ep.at("subsets.0.addresses").and_then(Value::as_array).map(Vec::len), Some(2));
    assert_eq!(ep.at("subsets.0.ports.0"), Some(&json!({"name": "web", "port": 80, "protocol": "TCP"})));
    assert!(ep.at("subsets.0.notReadyAddresses").is_none());
    let slices = c.api().list("endpointslices", Some("default"));
    let slice = slices.iter().find(|s| s.label("kubernetes.io/service-name") == Some("web")).expect("slice");
    assert!(slice.name().starts_with("web-") && slice.name().len() == "web-".len() + 5);
    assert_eq!(
        slice.label("endpointslice.kubernetes.io/managed-by"),
        Some("endpointslice-controller.k8s.io")
    );
    assert_eq!(slice.str_at("addressType"), Some("IPv4"));
    assert_eq!(slice.at("ports.0"), Some(&json!({"name": "web", "port": 80, "protocol": "TCP"})));
    let eps = slice.get("endpoints").and_then(Value::as_array).cloned().unwrap_or_default();
    assert_eq!(eps.len(), 2);
    for e in &eps {
        assert_eq!(e["conditions"], json!({"ready": true, "serving": true, "terminating": false}));
    }
    // Delete one pod: gone from Endpoints at once, still in the slice as terminating.
    let pod = c.api().list("pods", Some("default"))[0].name().to_string();
    c.delete("pods", "default", &pod, &DeleteOptions::default()).expect("delete pod");
    c.settle();
    let ep = c.api().get("endpoints", "default", "web").expect("endpoints");
    let addrs: Vec<String> = ep
        .at("subsets")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|s| s.get("addresses").and_then(Value::as_array).cloned().unwrap_or_default())
        .filter_map(|a| a["targetRef"]["name"].as_str().map(String::from))
        .collect();
    assert!(!addrs.contains(&pod));
    let slice = c
        .api()
        .list("endpointslices", Some("default"))
        .into_iter()
        .find(|s| s.label("kubernetes.io/service-name") == Some("web"))
        .expect("slice");
    let term = slice
        .get("endpoints")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|e| e["targetRef"]["name"] == json!(pod))
        .cloned()
        .expect("terminating endpoint still listed");
    assert_eq!(term["conditions"]["terminating"], json!(true));
    assert_eq!(term["conditions"]["ready"], json!(false));
}

#[test]
fn not_ready_pods_are_not_ready_addresses() {
    let mut c = cluster();
    let mut d = deployment("web", 1, "nginx:1.25");
    d["spec"]["template"]["spec"]["containers"][0]["readinessProbe"] =
        json!({"httpGet": {"path": "/", "port": 80}, "periodSeconds": 1});
    create(&mut c, d);
    create(&mut c, service("web", "web"));
    assert!(wait_available(&mut c, "web", 1, 120_000));
    let pod = c.api().list("pods", Some("default"))[0].clone();
    c.inject(crate::Fault::FailProbe {
        namespace: "default".into(),
        pod: pod.name().into(),
        container: "nginx".into(),
        probe: kubeplay_node::ProbeKind::Readiness,
        failing: true,
    });
    assert!(c.advance_until(60_000, &mut |c: &Cluster| {
        c.api()
            .get("endpoints", "default", "web")
            .is_ok_and(|e| e.at("subsets.0.notReadyAddresses.0").is_some())
    }));
    let ep = c.api().get("endpoints", "default", "web").expect("ep");
    assert!(ep.at("subsets.0.addresses").is_none());
}

fn cascade(propagation: Option<Propagation>) -> Cluster {
    let mut c = cluster();
    create(&mut c, deployment("web", 2, "nginx:1.25"));
    assert!(wait_available(&mut c, "web", 2, 120_000));
    let opts = DeleteOptions { propagation, ..Default::default() };
    c.delete("deployments", "default", "web", &opts).expect("delete");
    c
}

#[test]
fn background_deletion_removes_rs_and_pods() {
    let mut c = cascade(Some(Propagation::Background));
    assert!(c.api().get("deployments", "default", "web").is_err());
    c.settle();
    assert!(c.api().list("replicasets", Some("default")).is_empty());
    let pods = c.api().list("pods", Some("default"));
    assert!(pods.iter().all(|p| p.is_deleting()), "pods terminate gracefully");
    c.advance(40_000);
    assert!(c.api().list("pods", Some("default")).is_empty());
}

#[test]
fn foreground_deletion_waits_for_dependents() {
    let mut c = cascade(Some(Propagation::Foreground));
    let d = c.api().get("deployments", "default", "web").expect("still visible");
    assert!(d.finalizers().contains(&"foregroundDeletion".to_string()));
    assert!(
        c.advance_until(120_000, &mut |c: &Cluster| c.api().get("deployments", "default", "web").is_err())
    );
    assert!(c.api().list("replicasets", Some("default")).is_empty());
    assert!(c.api().list("pods", Some("default")).is_empty());
}

#[test]
fn orphan_deletion_keeps_dependents_unowned() {
    let mut c = cascade(Some(Propagation::Orphan));
    c.settle();
    assert!(c.api().get("deployments", "default", "web").is_err());
    let rss = c.api().list("replicasets", Some("default"));
    assert_eq!(rss.len(), 1);
    assert!(rss[0].owner_references().is_empty());
    let pods = c.api().list("pods", Some("default"));
    assert_eq!(pods.len(), 2);
    assert!(pods.iter().all(|p| !p.is_deleting() && p.controller_ref().is_some()));
    // A new Deployment with the same template adopts the orphaned RS.
    create(&mut c, deployment("web", 2, "nginx:1.25"));
    c.settle();
    let rss = c.api().list("replicasets", Some("default"));
    assert_eq!(rss.len(), 1);
    assert_eq!(rss[0].str_at("metadata.ownerReferences.0.name"), Some("web"));
}

#[test]
fn namespace_deletion_removes_everything_then_the_namespace() {
    let mut c = cluster();
    c.create(
        "",
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team"}}),
        "kubectl-create",
        false,
    )
    .expect("ns");
    c.create("team", deployment("web", 2, "nginx:1.25"), "kubectl-create", false).expect("deploy");
    assert!(c.advance_until(120_000, &mut |c: &Cluster| available(c, "team", "web") == 2));
    c.delete("namespaces", "", "team", &DeleteOptions::default()).expect("delete ns");
    let ns = c.api().get("namespaces", "", "team").expect("terminating");
    assert_eq!(ns.str_at("status.phase"), Some("Terminating"));
    assert!(c.advance_until(120_000, &mut |c: &Cluster| c.api().get("namespaces", "", "team").is_err()));
    assert!(c.api().list("pods", Some("team")).is_empty());
    assert!(c.api().list("deployments", Some("team")).is_empty());
}

/// Everything observable: all objects of all resources, serialised.
fn snapshot(c: &Cluster) -> Vec<String> {
    kubeplay_model::RESOURCES
        .iter()
        .flat_map(|r| c.api().list(r.plural, None))
        .map(|o| serde_json::to_string(&*o).unwrap_or_default())
        .collect()
}

fn scenario() -> (Vec<String>, i64) {
    let mut c = cluster();
    create(&mut c, deployment("web", 5, "nginx:1.25"));
    create(&mut c, service("web", "web"));
    c.advance(30_000);
    let patch =
        json!({"spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.26"}]}}}});
    c.patch("deployments", "default", "web", PatchType::Strategic, &patch, "kubectl-patch", false)
        .expect("patch");
    c.advance(60_000);
    let pod = c.api().list("pods", Some("default"))[0].name().to_string();
    c.inject(crate::Fault::DeletePod { namespace: "default".into(), name: pod });
    c.advance(60_000);
    (snapshot(&c), c.now().millis())
}

/// Same seed, config and actions → the same objects and events. (Pure std and no threads, so
/// the same holds under wasm32, where the engine crates' tests also run.)
#[test]
fn determinism_same_actions_same_cluster() {
    let a = scenario();
    let b = scenario();
    assert_eq!(a.1, b.1);
    assert_eq!(a.0.len(), b.0.len());
    assert_eq!(a.0, b.0);
}

#[test]
fn a_thousand_replicas_go_through_the_same_path() {
    let mut cfg = ClusterConfig::default();
    for n in cfg.nodes.iter_mut() {
        n.pods = 1000;
        n.cpu = "64".into();
        n.memory = "256Gi".into();
    }
    let mut c = Cluster::new(cfg);
    // A preloaded image, so the run measures the control plane rather than serialized pulls.
    create(&mut c, deployment("big", 1000, "registry.k8s.io/pause:3.10"));
    assert!(wait_available(&mut c, "big", 1000, 600_000));
    assert_eq!(c.api().list("pods", Some("default")).len(), 1000);
    let idle_before = c.stats().items_processed;
    c.advance(60_000);
    assert!(c.stats().items_processed - idle_before < 100);
}

#[test]
fn unschedulable_pods_do_not_cause_an_event_storm() {
    let mut c = cluster();
    let mut d = deployment("huge", 1, "nginx:1.25");
    d["spec"]["template"]["spec"]["containers"][0]["resources"] = json!({"requests": {"cpu": "100"}});
    create(&mut c, d);
    let before = c.stats().items_processed;
    c.advance(120_000);
    let items = c.stats().items_processed - before;
    assert!(items < 200, "{items} work items for one pending pod in 2 minutes");
    let ev = c
        .api()
        .list("events", Some("default"))
        .into_iter()
        .find(|e| e.str_at("reason") == Some("FailedScheduling"))
        .expect("FailedScheduling");
    assert_eq!(ev.str_at("type"), Some("Warning"));
    assert!(ev.str_at("message").is_some_and(|m| m.starts_with("0/3 nodes are available: ")));
}

#[test]
fn scale_to_zero_and_back_and_rs_deletion_recovers() {
    let mut c = cluster();
    create(&mut c, deployment("web", 2, "nginx:1.25"));
    assert!(wait_available(&mut c, "web", 2, 120_000));
    c.patch(
        "deployments",
        "default",
        "web",
        PatchType::Merge,
        &json!({"spec": {"replicas": 0}}),
        "kubectl-scale",
        false,
    )
    .expect("scale");
    assert!(c.advance_until(60_000, &mut |c: &Cluster| c.api().list("pods", Some("default")).is_empty()));
    c.patch(
        "deployments",
        "default",
        "web",
        PatchType::Merge,
        &json!({"spec": {"replicas": 3}}),
        "kubectl-scale",
        false,
    )
    .expect("scale");
    assert!(wait_available(&mut c, "web", 3, 120_000));
    let rs = c.api().list("replicasets", Some("default"))[0].name().to_string();
    c.delete("replicasets", "default", &rs, &DeleteOptions::default()).expect("delete rs");
    // The Deployment recreates its RS (same template, same name) and the pods come back.
    assert!(c.advance_until(180_000, &mut |c: &Cluster| {
        c.api()
            .get("replicasets", "default", &rs)
            .is_ok_and(|r| r.i64_at("status.availableReplicas") == Some(3))
            && c.api().list("pods", Some("default")).iter().filter(|p| !p.is_deleting()).count() == 3
    }));
    let scaling = events_for(&c, "web", "ScalingReplicaSet");
    assert!(scaling.contains(&format!("Scaled down replica set {rs} from 2 to 0")));
    assert!(scaling.contains(&format!("Scaled up replica set {rs} from 0 to 3")));
}

#[test]
fn deployment_records_its_revision_annotation() {
    let mut c = cluster();
    create(&mut c, deployment("web", 3, "nginx:1.25"));
    assert!(wait_available(&mut c, "web", 3, 120_000));
    let d = c.api().get("deployments", "default", "web").expect("web");
    let ann = d.at("metadata.annotations").and_then(Value::as_object).cloned().unwrap_or_default();
    assert_eq!(ann.get("deployment.kubernetes.io/revision"), Some(&json!("1")), "{ann:?}");
    let patch = json!({"spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.26", "ports": [{"containerPort": 80, "name": "http"}]}]}}}});
    c.patch("deployments", "default", "web", PatchType::Merge, &patch, "kubectl-patch", false)
        .expect("patch");
    c.advance(120_000);
    assert_eq!(available(&c, "default", "web"), 3);
    let d = c.api().get("deployments", "default", "web").expect("web");
    let ann = d.at("metadata.annotations").and_then(Value::as_object).cloned().unwrap_or_default();
    assert_eq!(ann.get("deployment.kubernetes.io/revision"), Some(&json!("2")));
}

#[test]
fn recovering_a_node_resyncs_its_pods() {
    use crate::Fault;
    let mut c = cluster();
    create(&mut c, deployment("web", 3, "nginx:1.25"));
    assert!(wait_available(&mut c, "web", 3, 120_000));
    let pod = c
        .api()
        .list("pods", Some("default"))
        .into_iter()
        .find(|p| p.str_at("spec.nodeName").is_some())
        .expect("a scheduled pod");
    let node = pod.str_at("spec.nodeName").unwrap_or("").to_string();
    c.inject(Fault::FailNode(node.clone()));
    c.advance(5_000);
    c.inject(Fault::RecoverNode(node.clone()));
    c.advance(5_000);
    let on_node = c.api().list("pods", None).into_iter().filter(|p| p.str_at("spec.nodeName") == Some(&node));
    for p in on_node {
        assert_eq!(p.str_at("status.phase"), Some("Running"), "{}", p.name());
    }
}

#[test]
fn with_workers_names_nodes_as_kind_does() {
    let cfg = ClusterConfig::with_workers(3, 250);
    let names: Vec<&str> = cfg.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["kubeplay-control-plane", "kubeplay-worker", "kubeplay-worker2", "kubeplay-worker3"]);
    assert!(cfg.nodes[0].control_plane && cfg.nodes[1..].iter().all(|n| n.pods == 250 && !n.control_plane));
    assert_eq!(ClusterConfig::with_workers(0, 110).nodes.len(), 2, "at least one worker");
    assert_eq!(ClusterConfig::with_workers(10_000, 110).nodes.len(), crate::MAX_WORKERS + 1);
}

#[test]
fn minikube_is_one_untainted_node_with_the_control_plane_role() {
    let mut c = Cluster::new(ClusterConfig::minikube());
    c.advance(1000);
    let nodes = c.api().list("nodes", None);
    assert_eq!(nodes.len(), 1);
    let node = &nodes[0];
    assert_eq!(node.pointer("/metadata/name").and_then(|v| v.as_str()), Some("minikube"));
    assert_eq!(
        node.pointer("/metadata/labels/node-role.kubernetes.io~1control-plane").and_then(|v| v.as_str()),
        Some("")
    );
    assert!(node.pointer("/spec/taints").is_none(), "minikube's node takes workloads: {node}");
}

/// Advances by `ms` either in one go or in slices of `budget` units, as the browser does.
/// Returns how often it paused.
fn advance_sliced(c: &mut Cluster, ms: i64, budget: Option<usize>) -> usize {
    let Some(budget) = budget else {
        c.advance_until(ms, &mut |_| false);
        return 0;
    };
    let end = c.now().plus_millis(ms);
    let mut pauses = 0;
    loop {
        match c.advance_some(end, &mut budget.clone()) {
            crate::Progress::Reached => break,
            crate::Progress::Paused => pauses += 1,
            crate::Progress::Instant => {}
        }
    }
    pauses
}

fn sliced_scenario(budget: Option<usize>) -> (Vec<String>, i64, u64, u64) {
    let mut c = cluster();
    create(&mut c, deployment("web", 12, "nginx:1.25"));
    create(&mut c, service("web", "web"));
    let pauses = advance_sliced(&mut c, 30_000, budget);
    assert!(budget.is_none() || pauses > 0, "a budget of {budget:?} never paused");
    let patch =
        json!({"spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.26"}]}}}});
    c.patch("deployments", "default", "web", PatchType::Strategic, &patch, "kubectl-patch", false)
        .expect("patch");
    advance_sliced(&mut c, 60_000, budget);
    let pod = c.api().list("pods", Some("default"))[0].name().to_string();
    c.inject(crate::Fault::DeletePod { namespace: "default".into(), name: pod });
    advance_sliced(&mut c, 60_000, budget);
    (snapshot(&c), c.now().millis(), c.stats().items_processed, c.stats().writes_applied)
}

/// Slicing only decides where the work pauses, never what runs or in which order.
#[test]
fn sliced_advance_does_the_same_work_as_one_advance() {
    let whole = sliced_scenario(None);
    assert!(whole.3 > 100, "the scenario writes: {}", whole.3);
    for budget in [1, 3, 50] {
        let sliced = sliced_scenario(Some(budget));
        assert_eq!((sliced.1, sliced.2, sliced.3), (whole.1, whole.2, whole.3), "budget {budget}");
        assert_eq!(sliced.0, whole.0, "budget {budget}");
    }
}

/// A request made while a ReplicaSet's pod creations are half applied waits for the rest.
#[test]
fn requests_do_not_interleave_with_a_half_applied_item() {
    let mut c = cluster();
    create(&mut c, deployment("web", 40, "nginx:1.25"));
    let end = c.now().plus_millis(10_000);
    // Pause in the middle of the ReplicaSet sync that creates the 40 pods.
    loop {
        let pods = c.api().list("pods", Some("default")).len();
        if pods > 0 && pods < 40 {
            break;
        }
        assert_ne!(c.advance_some(end, &mut 1), crate::Progress::Reached, "never paused mid-creation");
    }
    assert!(c.mid_work());
    let cm = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "late"}});
    let cm = create(&mut c, cm);
    let cm_rv: u64 = cm.str_at("metadata.resourceVersion").and_then(|v| v.parse().ok()).unwrap_or(0);
    let pods = c.api().list("pods", Some("default"));
    assert_eq!(pods.len(), 40, "the item finished before the request");
    for p in pods {
        let rv: u64 = p.str_at("metadata.resourceVersion").and_then(|v| v.parse().ok()).unwrap_or(u64::MAX);
        assert!(rv < cm_rv, "pod {} written after the request", p.name());
    }
}
