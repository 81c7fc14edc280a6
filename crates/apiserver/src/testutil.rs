//! A small harness for the server's unit tests: a store with the `default` namespace, a clock
//! and a seeded random stream.

use std::sync::Arc;

use kubeplay_model::time::DEFAULT_EPOCH;
use kubeplay_model::{ApiError, Object, SimRng, SimTime};
use serde_json::{json, Value};

use crate::{ApiServer, Ctx, DeleteOptions, PatchType};

pub struct T {
    pub api: ApiServer,
    pub rng: SimRng,
    pub now: SimTime,
}

impl T {
    pub fn new() -> T {
        let mut t = T { api: ApiServer::new(), rng: SimRng::new(42), now: DEFAULT_EPOCH };
        t.create("", json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}}))
            .unwrap();
        t
    }
    pub fn ctx(&mut self) -> (&mut ApiServer, Ctx<'_>) {
        (&mut self.api, Ctx { now: self.now, rng: &mut self.rng, manager: "test", dry_run: false })
    }
    pub fn create(&mut self, ns: &str, o: Value) -> Result<Arc<Object>, ApiError> {
        let (api, mut ctx) = self.ctx();
        api.create(&mut ctx, ns, o)
    }
    pub fn update(&mut self, o: Value) -> Result<Arc<Object>, ApiError> {
        let (api, mut ctx) = self.ctx();
        api.update(&mut ctx, o)
    }
    pub fn update_status(&mut self, o: Value) -> Result<Arc<Object>, ApiError> {
        let (api, mut ctx) = self.ctx();
        api.update_status(&mut ctx, o)
    }
    pub fn patch(
        &mut self,
        res: &str,
        ns: &str,
        name: &str,
        pt: PatchType,
        p: Value,
    ) -> Result<Arc<Object>, ApiError> {
        let (api, mut ctx) = self.ctx();
        api.patch(&mut ctx, res, ns, name, pt, &p)
    }
    pub fn delete(
        &mut self,
        res: &str,
        ns: &str,
        name: &str,
        opts: DeleteOptions,
    ) -> Result<Arc<Object>, ApiError> {
        let (api, mut ctx) = self.ctx();
        api.delete(&mut ctx, res, ns, name, &opts)
    }
    pub fn bind(&mut self, ns: &str, pod: &str, node: &str) -> Result<Arc<Object>, ApiError> {
        let (api, mut ctx) = self.ctx();
        api.bind(&mut ctx, ns, pod, node)
    }
    /// kubectl's rendering of a failed create, for exact-message assertions.
    pub fn create_err(&mut self, ns: &str, o: Value) -> String {
        match self.create(ns, o) {
            Ok(_) => "created".into(),
            Err(e) => e.kubectl_message(""),
        }
    }
}

pub fn deployment(name: &str) -> Value {
    json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
        "spec": {"selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [{"name": name, "image": "nginx:1.27"}]}}}})
}

pub fn pod(name: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "labels": {"app": "web"}},
        "spec": {"containers": [{"name": "web", "image": "nginx"}]}})
}

pub fn service(name: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name},
        "spec": {"selector": {"app": name}, "ports": [{"port": 80}]}})
}
