//! A miniature runtime for controller tests: the real API server, the controllers run until
//! nothing changes, and a fake kubelet that binds pods and makes them Ready at once (or not).

use std::sync::Arc;

use kubeplay_apiserver::{ApiServer, Ctx, DeleteOptions};
use kubeplay_model::write::EventSpec;
use kubeplay_model::{Object, ObjectExt, ObjectRef, SimRng, SimTime};
use serde_json::{json, Value};

use crate::{deployment, replicaset, ControllerConfig, Reconciled};

pub struct Env {
    pub api: ApiServer,
    pub rng: SimRng,
    pub now: SimTime,
    pub cfg: ControllerConfig,
    /// Recorded events (message placeholders resolved).
    pub events: Vec<EventSpec>,
    /// Whether the fake kubelet makes new pods Ready.
    pub pods_become_ready: bool,
    /// Whether the fake kubelet removes terminating pods at once.
    pub remove_terminating: bool,
    next_ip: u32,
}

impl Env {
    pub fn new() -> Env {
        let mut e = Env {
            api: ApiServer::new(),
            rng: SimRng::new(1),
            now: kubeplay_model::time::DEFAULT_EPOCH,
            cfg: ControllerConfig::default(),
            events: Vec::new(),
            pods_become_ready: true,
            remove_terminating: true,
            next_ip: 2,
        };
        e.create(json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}}));
        e
    }

    fn ctx<'a>(rng: &'a mut SimRng, now: SimTime, manager: &'a str) -> Ctx<'a> {
        Ctx { now, rng, manager, dry_run: false }
    }

    pub fn create(&mut self, obj: Object) -> Arc<Object> {
        let ns = obj.namespace().to_string();
        let mut ctx = Self::ctx(&mut self.rng, self.now, "kubectl-create");
        match self.api.create(&mut ctx, &ns, obj) {
            Ok(o) => o,
            Err(e) => panic!("create failed: {}", e.message),
        }
    }

    pub fn patch(&mut self, resource: &str, name: &str, patch: Value) {
        let mut ctx = Self::ctx(&mut self.rng, self.now, "kubectl-patch");
        self.api
            .patch(&mut ctx, resource, "default", name, kubeplay_apiserver::PatchType::Merge, &patch)
            .unwrap_or_else(|e| panic!("patch failed: {}", e.message));
    }

    pub fn get(&self, resource: &str, name: &str) -> Arc<Object> {
        self.api.get(resource, "default", name).unwrap_or_else(|e| panic!("{}", e.message))
    }

    /// Applies a reconcile's writes (with outcomes and batches) and records its events.
    pub fn apply(&mut self, r: Reconciled) -> bool {
        let mut failed_batch: Option<u32> = None;
        let before = self.api.resource_version();
        for (i, w) in r.writes.iter().enumerate() {
            let outcome = r.outcomes.iter().find(|o| o.write == i);
            let batch = outcome.and_then(|o| o.batch);
            if let (Some(b), Some(f)) = (batch, failed_batch) {
                if b > f {
                    continue;
                }
            }
            let mut ctx = Self::ctx(&mut self.rng, self.now, w.manager);
            match self.api.apply_write(&mut ctx, &w.op) {
                Ok(obj) => {
                    if let Some(mut e) = outcome.and_then(|o| o.on_success.clone()) {
                        e.message = e.message.replace("{name}", obj.name());
                        self.events.push(e);
                    }
                }
                Err(err) => {
                    if let Some(mut e) = outcome.and_then(|o| o.on_error.clone()) {
                        e.message = e.message.replace("{error}", &err.message);
                        self.events.push(e);
                    }
                    if let Some(b) = batch {
                        failed_batch = Some(failed_batch.map_or(b, |f| f.min(b)));
                    }
                }
            }
        }
        self.events.extend(r.events);
        self.api.resource_version() != before
    }

    fn keys(&self, resource: &str) -> Vec<ObjectRef> {
        self.api
            .list(resource, None)
            .iter()
            .map(|o| ObjectRef::new(resource, o.namespace(), o.name()))
            .collect()
    }

    /// One round: every Deployment, every ReplicaSet, then the fake kubelet.
    pub fn round(&mut self) -> bool {
        let mut changed = false;
        for k in self.keys("deployments") {
            let r = deployment::reconcile(&k, &self.api, self.now, &self.cfg);
            changed |= self.apply(r);
        }
        for k in self.keys("replicasets") {
            let r = replicaset::reconcile(&k, &self.api, self.now, &self.cfg);
            changed |= self.apply(r);
        }
        changed |= self.kubelet();
        changed
    }

    /// Rounds until nothing changes (bounded).
    pub fn run(&mut self) {
        for _ in 0..200 {
            if !self.round() {
                return;
            }
        }
        panic!("controllers did not settle");
    }

    fn kubelet(&mut self) -> bool {
        let before = self.api.resource_version();
        for pod in self.api.list("pods", None) {
            let (ns, name) = (pod.namespace().to_string(), pod.name().to_string());
            if pod.is_deleting() {
                if self.remove_terminating {
                    let mut ctx = Self::ctx(&mut self.rng, self.now, "kubelet");
                    let opts = DeleteOptions { grace_period_seconds: Some(0), ..Default::default() };
                    let _ = self.api.delete(&mut ctx, "pods", &ns, &name, &opts);
                }
                continue;
            }
            if pod.str_at("spec.nodeName").is_none_or(str::is_empty) {
                let mut ctx = Self::ctx(&mut self.rng, self.now, "kube-scheduler");
                let _ = self.api.bind(&mut ctx, &ns, &name, "node-1");
                continue;
            }
            if pod.str_at("status.phase") == Some("Running") || !self.pods_become_ready {
                continue;
            }
            let ip = format!("10.244.1.{}", self.next_ip);
            self.next_ip += 1;
            let mut p = (*pod).clone();
            let t = self.now.to_rfc3339();
            p["status"] = json!({"phase": "Running", "podIP": ip, "podIPs": [{"ip": ip}], "conditions": [
                {"type": "PodScheduled", "status": "True", "lastTransitionTime": t},
                {"type": "Ready", "status": "True", "lastTransitionTime": t}]});
            let mut ctx = Self::ctx(&mut self.rng, self.now, "kubelet");
            let _ = self.api.update_status(&mut ctx, p);
        }
        self.api.resource_version() != before
    }

    pub fn event_messages(&self, reason: &str) -> Vec<String> {
        self.events.iter().filter(|e| e.reason == reason).map(|e| e.message.clone()).collect()
    }
}

/// A Deployment manifest as `kubectl create deployment` writes it.
pub fn deployment(name: &str, replicas: i64, image: &str) -> Object {
    json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "namespace": "default", "labels": {"app": name}},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "nginx", "image": image}]},
            },
        },
    })
}
