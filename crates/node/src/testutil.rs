//! A map-backed store and object builders for unit tests.

use std::collections::BTreeMap;
use std::sync::Arc;

use kubeplay_model::{Object, ObjectExt};
use serde_json::{json, Value};

use crate::Store;

#[derive(Default)]
pub struct MapStore {
    pub objects: BTreeMap<(String, String, String), Arc<Object>>,
}

impl MapStore {
    pub fn put(&mut self, resource: &str, obj: Value) {
        let key = (resource.to_string(), obj.namespace().to_string(), obj.name().to_string());
        self.objects.insert(key, Arc::new(obj));
    }
    pub fn remove(&mut self, resource: &str, ns: &str, name: &str) {
        self.objects.remove(&(resource.to_string(), ns.to_string(), name.to_string()));
    }
}

impl Store for MapStore {
    fn get(&self, resource: &str, namespace: &str, name: &str) -> Option<Arc<Object>> {
        self.objects.get(&(resource.to_string(), namespace.to_string(), name.to_string())).cloned()
    }
    fn list(&self, resource: &str, namespace: Option<&str>) -> Vec<Arc<Object>> {
        self.objects
            .iter()
            .filter(|((r, ns, _), _)| r == resource && namespace.is_none_or(|n| n == ns))
            .map(|(_, o)| o.clone())
            .collect()
    }
}

/// A kubeadm-like node: 2 CPUs, 4 GiB (control-plane nodes carry the NoSchedule taint).
pub fn node(name: &str, index: u32, control_plane: bool) -> Value {
    let mut n = json!({
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": name, "uid": format!("node-uid-{index}"), "labels": {"kubernetes.io/hostname": name, "kubernetes.io/os": "linux"}},
        "spec": {"podCIDR": format!("10.244.{index}.0/24"), "podCIDRs": [format!("10.244.{index}.0/24")]},
        "status": {
            "addresses": [{"type": "InternalIP", "address": format!("172.18.0.{}", index + 2)}, {"type": "Hostname", "address": name}],
            "allocatable": {"cpu": "2", "memory": "4Gi", "pods": "110"},
            "capacity": {"cpu": "2", "memory": "4Gi", "pods": "110"},
            "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady", "message": "kubelet is posting ready status"}]
        }
    });
    if control_plane {
        *n.at_mut("spec.taints") =
            json!([{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]);
        n.set_label("node-role.kubernetes.io/control-plane", "");
    }
    n
}

/// A pod as the API server stores it after defaulting and admission.
pub fn pod(name: &str, containers: Value) -> Value {
    let mut cs = containers;
    for c in cs.as_array_mut().into_iter().flatten() {
        let img = c.get("image").and_then(Value::as_str).unwrap_or("").to_string();
        if c.get("imagePullPolicy").is_none() {
            let latest = !img.contains(':') || img.ends_with(":latest");
            c["imagePullPolicy"] = json!(if latest { "Always" } else { "IfNotPresent" });
        }
        c["terminationMessagePath"] = json!("/dev/termination-log");
        c["terminationMessagePolicy"] = json!("File");
        if c.get("resources").is_none() {
            c["resources"] = json!({});
        }
    }
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": "default", "uid": format!("uid-{name}"), "creationTimestamp": "2025-03-01T10:00:00Z", "labels": {"app": name}},
        "spec": {
            "containers": cs, "dnsPolicy": "ClusterFirst", "enableServiceLinks": true, "restartPolicy": "Always",
            "schedulerName": "default-scheduler", "securityContext": {}, "serviceAccountName": "default",
            "terminationGracePeriodSeconds": 30, "priority": 0,
            "tolerations": [
                {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300},
                {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 300}
            ]
        },
        "status": {"phase": "Pending", "qosClass": "BestEffort"}
    })
}

/// Three nodes: one control plane and two workers.
pub fn cluster() -> MapStore {
    let mut s = MapStore::default();
    s.put("nodes", node("control-plane", 0, true));
    s.put("nodes", node("worker", 1, false));
    s.put("nodes", node("worker2", 2, false));
    s.put("services", json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "kubernetes", "namespace": "default", "uid": "svc-k"},
        "spec": {"clusterIP": "10.96.0.1", "clusterIPs": ["10.96.0.1"], "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}], "type": "ClusterIP", "sessionAffinity": "None"}}));
    s.put("services", json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "kube-dns", "namespace": "kube-system", "uid": "svc-dns"},
        "spec": {"clusterIP": "10.96.0.10", "ports": [{"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53}, {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53}, {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153}], "type": "ClusterIP"}}));
    s
}

use kubeplay_model::write::WriteOp;
use kubeplay_model::{SimRng, SimTime};

use crate::{NodeSim, SyncResult};

/// Drives pods through the scheduler and the kubelet the way the cluster runtime does, applying
/// their writes to the map store.
pub struct Harness {
    pub api: MapStore,
    pub sim: NodeSim,
    pub rng: SimRng,
    pub now: SimTime,
    /// (time, object name, reason, message)
    pub events: Vec<(SimTime, String, String, String)>,
}

pub const T0: SimTime = SimTime(1_740_823_200_000);

impl Harness {
    pub fn new() -> Self {
        Harness { api: cluster(), sim: NodeSim::new(), rng: SimRng::new(42), now: T0, events: vec![] }
    }

    pub fn pod(&self, name: &str) -> Option<Value> {
        self.api.get("pods", "default", name).map(|p| (*p).clone())
    }

    pub fn apply(&mut self, r: &SyncResult) {
        for e in &r.events {
            self.events.push((self.now, e.involved.name().to_string(), e.reason.clone(), e.message.clone()));
        }
        for w in &r.writes {
            match &w.op {
                WriteOp::UpdateStatus(o) => {
                    let res = if o.kind() == "Node" { "nodes" } else { "pods" };
                    if let Some(cur) = self.api.get(res, o.namespace(), o.name()) {
                        let mut cur = (*cur).clone();
                        cur["status"] = o["status"].clone();
                        self.api.put(res, cur);
                    }
                }
                WriteOp::Bind { target, node } => {
                    if let Some(cur) = self.api.get("pods", &target.namespace, &target.name) {
                        let mut cur = (*cur).clone();
                        *cur.at_mut("spec.nodeName") = json!(node);
                        *cur.at_mut("status.conditions") = json!([{"lastProbeTime": null, "lastTransitionTime": self.now.to_rfc3339(), "status": "True", "type": "PodScheduled"}]);
                        self.api.put("pods", cur);
                    }
                }
                WriteOp::Delete { target, grace_period_seconds, .. } => {
                    if *grace_period_seconds == Some(0) {
                        self.api.remove(&target.resource, &target.namespace, &target.name);
                    } else if let Some(cur) = self.api.get(&target.resource, &target.namespace, &target.name)
                    {
                        self.delete_graceful(
                            &target.name,
                            cur.i64_at("spec.terminationGracePeriodSeconds").unwrap_or(30),
                        );
                    }
                }
                WriteOp::MergePatch { target, patch } => {
                    if let Some(cur) = self.api.get(&target.resource, &target.namespace, &target.name) {
                        let mut cur = (*cur).clone();
                        if let Some(t) = patch.at("spec.taints") {
                            *cur.at_mut("spec.taints") = t.clone();
                        }
                        self.api.put(&target.resource, cur);
                    }
                }
                _ => {}
            }
        }
    }

    pub fn delete_graceful(&mut self, name: &str, grace: i64) {
        if let Some(cur) = self.api.get("pods", "default", name) {
            let mut cur = (*cur).clone();
            *cur.at_mut("metadata.deletionTimestamp") = json!(self.now.plus_secs(grace).to_rfc3339());
            *cur.at_mut("metadata.deletionGracePeriodSeconds") = json!(grace);
            self.api.put("pods", cur);
        }
    }

    /// One sync of one pod at `self.now`; returns its wake time.
    pub fn step(&mut self, name: &str) -> Option<SimTime> {
        let pod = self.pod(name)?;
        let bound = pod.str_at("spec.nodeName").is_some_and(|n| !n.is_empty());
        let r = if bound {
            self.sim.sync_pod(&pod, &self.api, self.now, &mut self.rng)
        } else {
            self.sim.schedule(&pod, &self.api, self.now, &mut self.rng)
        };
        self.apply(&r);
        if !bound && self.pod(name).is_some_and(|p| p.str_at("spec.nodeName").is_some()) {
            return Some(self.now);
        }
        r.wake_at
    }

    /// Runs a pod's syncs at its wake times up to `until`, then leaves the clock at `until`.
    pub fn run(&mut self, name: &str, until: SimTime) {
        let mut guard = 0;
        loop {
            guard += 1;
            assert!(guard < 10_000, "runaway");
            match self.step(name) {
                Some(t) if t <= until => self.now = t.max(self.now),
                _ => break,
            }
        }
        self.now = until;
        self.step(name);
    }

    pub fn create(&mut self, p: Value) {
        self.api.put("pods", p);
    }

    pub fn messages(&self, name: &str) -> Vec<String> {
        self.events.iter().filter(|e| e.1 == name).map(|e| format!("{}: {}", e.2, e.3)).collect()
    }
}
