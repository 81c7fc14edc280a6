//! Hand-built objects for the unit tests (shaped as the API server stores them).

use serde_json::{json, Value};

pub const T0: &str = "2025-03-01T10:00:00Z";

pub fn deployment(name: &str, app: &str, replicas: i64, rev: i64, status: (i64, i64, i64, i64)) -> Value {
    let (current, updated, ready, available) = status;
    json!({"apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "namespace": "default", "uid": format!("uid-deploy-{name}"), "generation": 1,
            "labels": {"app": app}, "creationTimestamp": T0,
            "annotations": {"deployment.kubernetes.io/revision": rev.to_string()}},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": app}},
            "template": {"metadata": {"labels": {"app": app}}, "spec": {"containers": [{"name": "web", "image": "nginx"}]}}},
        "status": {"observedGeneration": 1, "replicas": current, "updatedReplicas": updated,
            "readyReplicas": ready, "availableReplicas": available}})
}

pub fn replicaset(name: &str, deploy: &str, app: &str, rev: i64, replicas: i64, ready: i64) -> Value {
    json!({"apiVersion": "apps/v1", "kind": "ReplicaSet",
        "metadata": {"name": name, "namespace": "default", "uid": format!("uid-rs-{name}"),
            "labels": {"app": app}, "creationTimestamp": T0,
            "annotations": {"deployment.kubernetes.io/revision": rev.to_string()},
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": deploy,
                "uid": format!("uid-deploy-{deploy}"), "controller": true, "blockOwnerDeletion": true}]},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": app}}},
        "status": {"replicas": replicas, "readyReplicas": ready, "availableReplicas": ready}})
}

/// A pod owned by ReplicaSet `rs` (or bare when `rs` is empty), Running and Ready when `ready`,
/// else waiting in ContainerCreating.
pub fn pod(name: &str, rs: &str, app: &str, ready: bool) -> Value {
    let mut p = json!({"apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": "default", "uid": format!("uid-pod-{name}"),
            "labels": {"app": app}, "creationTimestamp": T0},
        "spec": {"nodeName": "node-1", "containers": [{"name": "web", "image": "nginx",
            "ports": [{"containerPort": 80, "name": "http", "protocol": "TCP"}]}]},
        "status": {}});
    if !rs.is_empty() {
        p["metadata"]["ownerReferences"] = json!([{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": rs,
            "uid": format!("uid-rs-{rs}"), "controller": true, "blockOwnerDeletion": true}]);
    }
    p["status"] = if ready {
        json!({"phase": "Running", "podIP": "10.244.1.5",
            "conditions": [{"type": "Initialized", "status": "True"}, {"type": "Ready", "status": "True"},
                {"type": "ContainersReady", "status": "True"}, {"type": "PodScheduled", "status": "True"}],
            "containerStatuses": [{"name": "web", "ready": true, "restartCount": 0, "started": true,
                "state": {"running": {"startedAt": T0}}}]})
    } else {
        json!({"phase": "Pending",
            "conditions": [{"type": "Initialized", "status": "True"},
                {"type": "Ready", "status": "False", "reason": "ContainersNotReady"},
                {"type": "PodScheduled", "status": "True"}],
            "containerStatuses": [{"name": "web", "ready": false, "restartCount": 0,
                "state": {"waiting": {"reason": "ContainerCreating"}}}]})
    };
    p
}

pub fn service(name: &str, selector: Value, target_port: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"name": name, "namespace": "default", "uid": format!("uid-svc-{name}"), "creationTimestamp": T0},
        "spec": {"type": "ClusterIP", "clusterIP": "10.96.0.12", "clusterIPs": ["10.96.0.12"], "selector": selector,
            "ports": [{"port": 80, "protocol": "TCP", "targetPort": target_port}]}})
}

pub fn configmap(name: &str, data: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": name, "namespace": "default", "uid": format!("uid-cm-{name}")}, "data": data})
}

pub fn secret(name: &str, data: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
        "metadata": {"name": name, "namespace": "default", "uid": format!("uid-secret-{name}")}, "data": data})
}
