//! The pod index kept in step with the stored pods (`kubeplay_model::pod_index`), checked against
//! a recomputation from the pods after every kind of write.

use serde_json::json;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::testutil::T;
use crate::DeleteOptions;
use kubeplay_model::pod_index::*;
use kubeplay_model::SimTime;
use serde_json::Value;

fn pod(name: &str, owner: Option<&str>, app: &str) -> Value {
    let refs = match owner {
        Some(uid) => json!([{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs", "uid": uid,
            "controller": true, "blockOwnerDeletion": true}]),
        None => json!([]),
    };
    json!({"apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "labels": {"app": app}, "ownerReferences": refs},
        "spec": {"containers": [{"name": "c", "image": "nginx",
            "resources": {"requests": {"cpu": "100m"}}, "ports": [{"containerPort": 80, "hostPort": 8080}]}]}})
}

fn set_ready(t: &mut T, name: &str, ready: bool, at: SimTime) {
    let mut p = (*t.api.get("pods", "default", name).unwrap()).clone();
    p["status"] = json!({"phase": "Running", "conditions": [{"type": "Ready",
        "status": if ready { "True" } else { "False" }, "lastTransitionTime": at.to_rfc3339()}]});
    t.update_status(p).unwrap();
}

/// The index must always equal a recomputation from the stored pods.
fn assert_consistent(t: &T, owners: &[&str], nodes: &[&str], min_ready: i64) {
    let all = t.api.list("pods", None);
    for uid in owners {
        let owned = t.api.list_owned_by("pods", uid);
        let expected = summarize(&owner_groups_from_pods(owned.iter().map(|p| &**p)), min_ready, t.now);
        assert_eq!(t.api.owned_pod_summary(uid, min_ready, t.now), expected, "owner {uid}");
    }
    for n in nodes {
        assert_eq!(t.api.node_usage(n), NodeUsage::from_pods(n, all.iter().map(|p| &**p)), "node {n}");
    }
    let orphans: Vec<String> = t.api.orphan_pods("default").iter().map(|p| p.name().to_string()).collect();
    let expected: Vec<String> = all
        .iter()
        .filter(|p| kubeplay_model::pod::controller_uid(p).is_none())
        .map(|p| p.name().to_string())
        .collect();
    assert_eq!(orphans, expected);
}

use kubeplay_model::ObjectExt;

#[test]
fn index_follows_every_kind_of_pod_write() {
    let mut t = T::new();
    let (owners, nodes) = (["u1", "u2"], ["n1", "n2"]);
    for (i, owner) in [Some("u1"), Some("u1"), Some("u2"), None].iter().enumerate() {
        t.create("default", pod(&format!("p{i}"), *owner, "web")).unwrap();
    }
    assert_consistent(&t, &owners, &nodes, 0);
    t.bind("default", "p0", "n1").unwrap();
    t.bind("default", "p1", "n1").unwrap();
    t.bind("default", "p3", "n2").unwrap();
    let u = t.api.node_usage("n1");
    assert_eq!((u.pods, u.requested.0, u.owners.get("u1")), (2, 200, Some(&2)));
    assert_eq!(u.host_ports.get(&("TCP".to_string(), 8080, "0.0.0.0".to_string())), Some(&2));
    let start = t.now;
    set_ready(&mut t, "p0", true, start);
    t.now = start.plus_secs(5);
    let now = t.now;
    set_ready(&mut t, "p1", true, now);
    assert_consistent(&t, &owners, &nodes, 0);
    // minReadySeconds 3 at start+5s: p0 (ready 5 s) is available, p1 (just ready) is not.
    let s = t.api.owned_pod_summary("u1", 3, t.now);
    assert_eq!((s[0].active, s[0].ready, s[0].available), (2, 2, 1));
    assert_eq!(s[0].next_available, Some(t.now.plus_secs(3).plus_millis(1)));
    assert_consistent(&t, &owners, &nodes, 3);
    // A label change moves the pod to another group; an ownerReference removal makes an orphan.
    t.patch(
        "pods",
        "default",
        "p1",
        crate::PatchType::Merge,
        json!({"metadata": {"labels": {"app": "api"}}}),
    )
    .unwrap();
    assert_eq!(t.api.owned_pod_summary("u1", 0, t.now).len(), 2);
    t.patch("pods", "default", "p2", crate::PatchType::Merge, json!({"metadata": {"ownerReferences": null}}))
        .unwrap();
    assert_consistent(&t, &owners, &nodes, 0);
    // Graceful deletion makes a pod inactive but it still occupies its node; removal frees it.
    t.delete("pods", "default", "p0", DeleteOptions::default()).unwrap();
    assert_eq!(t.api.owned_pod_summary("u1", 0, t.now).iter().map(|g| g.active).sum::<u32>(), 1);
    assert_eq!(t.api.node_usage("n1").pods, 2);
    assert_consistent(&t, &owners, &nodes, 0);
    t.delete("pods", "default", "p0", DeleteOptions { grace_period_seconds: Some(0), ..Default::default() })
        .unwrap();
    assert_eq!(t.api.node_usage("n1").pods, 1);
    assert_consistent(&t, &owners, &nodes, 0);
}
