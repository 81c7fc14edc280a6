//! Update, status update, patch and bind: optimistic concurrency, server-owned metadata carried
//! over, defaulting and validation, generation, no-op detection, finalizer-driven removal.

use std::sync::Arc;

use kubeplay_model::errors::go_quote;
use kubeplay_model::object::ObjectExt;
use kubeplay_model::{ApiError, FieldError, Object, WriteOp};
use serde_json::{json, Value};

use crate::registry::{self, Deletion};
use crate::store::{ApiServer, ResInfo};
use crate::{defaults, patch, validation, Ctx, DeleteOptions, PatchType, Propagation, WatchEventType};

/// Which parts of the request body count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// The main endpoint: status comes from the live object when the kind has a status subresource.
    Main,
    /// The status subresource: only status comes from the request.
    Status,
    /// A controller's merge patch: both spec and status from the request.
    Both,
}

/// Metadata the server owns and a client cannot change through update.
const SERVER_META: [&str; 6] =
    ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "selfLink"];

impl ApiServer {
    /// Replaces an object (PUT). A non-empty stale resourceVersion is a Conflict.
    pub fn update(&mut self, ctx: &mut Ctx, obj: Object) -> Result<Arc<Object>, ApiError> {
        self.update_inner(ctx, obj, Mode::Main)
    }

    /// Replaces only `status` (the status subresource); generation never moves.
    pub fn update_status(&mut self, ctx: &mut Ctx, obj: Object) -> Result<Arc<Object>, ApiError> {
        self.update_inner(ctx, obj, Mode::Status)
    }

    pub(crate) fn update_inner(
        &mut self,
        ctx: &mut Ctx,
        obj: Object,
        mode: Mode,
    ) -> Result<Arc<Object>, ApiError> {
        if !obj.is_object() {
            return Err(ApiError::bad_request("the body of the request was in an unknown format"));
        }
        let info = self.info_for_kind(obj.api_version(), obj.kind())?;
        defaults::check_decodable(&info, &obj)?;
        let ns = if info.namespaced {
            if obj.namespace().is_empty() {
                "default".to_string()
            } else {
                obj.namespace().to_string()
            }
        } else {
            String::new()
        };
        let name = obj.name().to_string();
        if name.is_empty() {
            return Err(ApiError::bad_request("resource name may not be empty"));
        }
        let Some(old) = self.lookup(&info.plural, &ns, &name).cloned() else {
            return Err(ApiError::not_found(&info.qualified(), &name));
        };
        let rv = obj.resource_version();
        if !rv.is_empty() && rv != old.resource_version() {
            return Err(ApiError::conflict(&info.qualified(), &name));
        }
        self.update_checked(ctx, &info, old, obj, mode)
    }

    /// The update after lookup and the resourceVersion check.
    fn update_checked(
        &mut self,
        ctx: &mut Ctx,
        info: &ResInfo,
        old: Arc<Object>,
        obj: Object,
        mode: Mode,
    ) -> Result<Arc<Object>, ApiError> {
        let name = old.name().to_string();
        let ns = old.namespace().to_string();
        let strategy = registry::strategy(&info.plural);
        let mut obj = obj;
        let mut new = match mode {
            Mode::Status => {
                // ResetObjectMetaForStatus + spec from the live object. An identical status is
                // a no-op, checked before anything is copied (the idle kubelet's common case).
                let status = obj.as_object_mut().and_then(|m| m.remove("status"));
                // Deployments and ReplicaSets reset only spec and labels from the live object
                // (their status strategies), so the request's annotations land: the deployment
                // controller records `deployment.kubernetes.io/revision` this way.
                let keeps_annotations = strategy.status_keeps_annotations();
                let annotations =
                    if keeps_annotations { obj.at("metadata.annotations").cloned() } else { None };
                let annotations_same =
                    !keeps_annotations || annotations.as_ref() == old.at("metadata.annotations");
                if status.as_ref() == old.get("status") && annotations_same {
                    return Ok(old);
                }
                // Usually the caller changed nothing but status: then its copy is the result
                // (comparing is cheaper than copying the live object).
                let rest_same = match (obj.as_object(), old.as_object()) {
                    (Some(a), Some(b)) => {
                        a.len() + usize::from(b.contains_key("status")) == b.len()
                            && a.iter().all(|(k, v)| b.get(k) == Some(v))
                    }
                    _ => false,
                };
                let mut n = if rest_same { obj } else { (*old).clone() };
                if let Some(m) = n.as_object_mut() {
                    match status {
                        Some(s) => m.insert("status".into(), s),
                        None => m.remove("status"),
                    };
                }
                if !annotations_same {
                    match annotations {
                        Some(a) => n.meta_mut().insert("annotations".into(), a),
                        None => n.meta_mut().remove("annotations"),
                    };
                }
                n
            }
            Mode::Main | Mode::Both => {
                let mut n = obj;
                {
                    let meta = n.meta_mut();
                    let old_meta = old.get("metadata").and_then(Value::as_object);
                    for k in SERVER_META {
                        match old_meta.and_then(|m| m.get(k)) {
                            Some(v) => meta.insert(k.into(), v.clone()),
                            None => meta.remove(k),
                        };
                    }
                    meta.insert("name".into(), json!(name));
                    if ns.is_empty() {
                        meta.remove("namespace");
                    } else {
                        meta.insert("namespace".into(), json!(ns));
                    }
                }
                if mode == Mode::Main && registry::has_status_subresource(&info.plural) {
                    if let Some(m) = n.as_object_mut() {
                        match old.get("status") {
                            Some(s) => m.insert("status".into(), s.clone()),
                            None => m.remove("status"),
                        };
                    }
                }
                strategy.prepare_for_update(&mut n, &old);
                defaults::apply(info, &mut n);
                n
            }
        };
        new.meta_mut().insert("resourceVersion".into(), json!(old.resource_version()));

        // Services allocate (BeginUpdate) before validation, as on create.
        let mut txn = crate::services::AllocTxn::default();
        if info.plural == "services" && mode != Mode::Status {
            if let Err(errs) = self.allocate_service(ctx, &mut new, Some(&old), &mut txn) {
                self.rollback(txn);
                return Err(ApiError::invalid(&info.kind, &info.group, &name, errs));
            }
        }
        let mut errs: Vec<FieldError> = Vec::new();
        if old.is_deleting() {
            let of = old.finalizers();
            if new.finalizers().iter().any(|f| !of.contains(f)) {
                errs.push(FieldError::forbidden(
                    "metadata.finalizers",
                    "no new finalizers can be added if the object is being deleted",
                ));
            }
        }
        if mode != Mode::Status {
            errs.extend(validation::validate_update(info, &new, &old));
        }
        if !errs.is_empty() {
            self.rollback(txn);
            return Err(ApiError::invalid(&info.kind, &info.group, &name, errs));
        }
        if registry::tracks_generation(&info.plural)
            && mode != Mode::Status
            && strategy.generation_changed(&old, &new)
        {
            let g = old.generation() + 1;
            new.meta_mut().insert("generation".into(), json!(g));
        }
        let gone = old.is_deleting()
            && new.finalizers().is_empty()
            && old.i64_at("metadata.deletionGracePeriodSeconds").unwrap_or(0) == 0
            && !(strategy.deletion() == Deletion::Finalized
                && new.at("spec.finalizers").and_then(Value::as_array).is_some_and(|a| !a.is_empty()));
        // (A status write reaching here changed status or annotations: compared above.)
        if mode != Mode::Status && new == *old && !gone {
            self.rollback(txn);
            return Ok(old);
        }
        if ctx.dry_run {
            self.rollback(txn);
            return Ok(Arc::new(new));
        }
        if info.plural == "services" {
            self.release_stale(&old, &new);
        }
        if gone {
            return Ok(self.commit_remove(info, &ns, &name).unwrap_or(old));
        }
        Ok(self.commit_put(info, new, WatchEventType::Modified))
    }

    /// PATCH: applies `patch` to the live object and updates through the same path.
    pub fn patch(
        &mut self,
        ctx: &mut Ctx,
        resource: &str,
        ns: &str,
        name: &str,
        pt: PatchType,
        patch: &Value,
    ) -> Result<Arc<Object>, ApiError> {
        self.patch_inner(ctx, resource, ns, name, pt, patch, Mode::Main)
    }

    fn patch_inner(
        &mut self,
        ctx: &mut Ctx,
        resource: &str,
        ns: &str,
        name: &str,
        pt: PatchType,
        p: &Value,
        mode: Mode,
    ) -> Result<Arc<Object>, ApiError> {
        let Some(info) = self.info_for_plural(resource) else {
            return Err(ApiError::not_found(resource, name));
        };
        let ns = if info.namespaced { ns } else { "" };
        let Some(old) = self.lookup(&info.plural, ns, name).cloned() else {
            return Err(ApiError::not_found(&info.qualified(), name));
        };
        let mut patched = match pt {
            PatchType::Strategic => {
                patch::strategic_merge(&old, p, &info.kind).map_err(ApiError::bad_request)?
            }
            PatchType::Merge => patch::json_merge(&old, p),
            PatchType::Json => patch::json_patch(&old, p).map_err(|e| ApiError {
                code: 422,
                reason: kubeplay_model::errors::Reason::Invalid,
                message: e,
                kind: String::new(),
                name: String::new(),
                causes: vec![],
            })?,
        };
        if !patched.is_object() {
            return Err(ApiError::bad_request("the body of the request was in an unknown format"));
        }
        if patched.name() != name {
            return Err(ApiError::bad_request(format!(
                "the name of the object ({}) does not match the name on the URL ({name})",
                patched.name()
            )));
        }
        if patched.api_version() != old.api_version() || patched.kind() != old.kind() {
            patched["apiVersion"] = json!(old.api_version());
            patched["kind"] = json!(old.kind());
        }
        let rv = patched.resource_version().to_string();
        if !rv.is_empty() && rv != old.resource_version() {
            return Err(ApiError::conflict(&info.qualified(), name));
        }
        self.update_checked(ctx, &info, old, patched, mode)
    }

    /// The `pods/binding` subresource: sets `spec.nodeName` and the PodScheduled condition.
    pub fn bind(&mut self, ctx: &mut Ctx, ns: &str, pod: &str, node: &str) -> Result<Arc<Object>, ApiError> {
        let Some(info) = self.info_for_plural("pods") else { return Err(ApiError::not_found("pods", pod)) };
        let Some(old) = self.lookup("pods", ns, pod).cloned() else {
            return Err(ApiError::not_found("pods", pod));
        };
        let conflict = |why: String| ApiError {
            code: 409,
            reason: kubeplay_model::errors::Reason::Conflict,
            message: format!("Operation cannot be fulfilled on pods/binding {}: {why}", go_quote(pod)),
            kind: String::new(),
            name: String::new(),
            causes: vec![],
        };
        if old.is_deleting() {
            return Err(conflict(format!("pod {pod} is being deleted, cannot be assigned to a host")));
        }
        if let Some(n) = old.str_at("spec.nodeName").filter(|n| !n.is_empty()) {
            return Err(conflict(format!("pod {pod} is already assigned to node {}", go_quote(n))));
        }
        let mut new = (*old).clone();
        *new.at_mut("spec.nodeName") = json!(node);
        let cond = json!({"lastProbeTime": null, "lastTransitionTime": ctx.now.to_rfc3339(), "status": "True", "type": "PodScheduled"});
        let conds = new.at_mut("status.conditions");
        if !conds.is_array() {
            *conds = json!([]);
        }
        if let Some(a) = conds.as_array_mut() {
            a.retain(|c| c.get("type").and_then(Value::as_str) != Some("PodScheduled"));
            a.push(cond);
        }
        if ctx.dry_run {
            return Ok(Arc::new(new));
        }
        Ok(self.commit_put(&info, new, WatchEventType::Modified))
    }

    /// Applies a reconciler's write through the public methods.
    pub fn apply_write(&mut self, ctx: &mut Ctx, op: &WriteOp) -> Result<Arc<Object>, ApiError> {
        self.apply_owned_write(ctx, op.clone())
    }

    /// `apply_write` taking the request by value: the runtime's path, which saves copying every
    /// object a reconciler hands over.
    pub fn apply_owned_write(&mut self, ctx: &mut Ctx, op: WriteOp) -> Result<Arc<Object>, ApiError> {
        match op {
            WriteOp::Create(o) => {
                let ns = o.namespace().to_string();
                self.create(ctx, &ns, o)
            }
            WriteOp::Update(o) => self.update(ctx, o),
            WriteOp::UpdateStatus(o) => self.update_status(ctx, o),
            WriteOp::MergePatch { target, patch } => self.patch_inner(
                ctx,
                &target.resource,
                &target.namespace,
                &target.name,
                PatchType::Merge,
                &patch,
                Mode::Both,
            ),
            WriteOp::Bind { target, node } => self.bind(ctx, &target.namespace, &target.name, &node),
            WriteOp::Delete { target, grace_period_seconds, propagation } => {
                let opts = DeleteOptions {
                    grace_period_seconds,
                    propagation: propagation.as_deref().and_then(Propagation::parse),
                    dry_run: false,
                };
                self.delete(ctx, &target.resource, &target.namespace, &target.name, &opts)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use kubeplay_model::ObjectRef;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::testutil::{deployment, pod, T};

    #[test]
    fn stale_resource_version_conflicts() {
        let mut t = T::new();
        let d = t.create("default", deployment("web")).unwrap();
        let mut a = (*d).clone();
        a["spec"]["replicas"] = json!(3);
        t.update(a.clone()).unwrap();
        a["spec"]["replicas"] = json!(4);
        assert_eq!(
            t.update(a.clone()).unwrap_err().kubectl_message(""),
            "Error from server (Conflict): Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified; please apply your changes to the latest version and try again"
        );
        // An empty resourceVersion means "unconditional".
        a["metadata"].as_object_mut().unwrap().remove("resourceVersion");
        assert_eq!(t.update(a).unwrap()["spec"]["replicas"], json!(4));
    }

    #[test]
    fn no_op_update_keeps_revision_and_emits_nothing() {
        let mut t = T::new();
        let d = t.create("default", deployment("web")).unwrap();
        let rv = t.api.resource_version();
        let same = t.update((*d).clone()).unwrap();
        assert_eq!(same.resource_version(), d.resource_version());
        assert_eq!(t.api.resource_version(), rv);
        assert!(t.api.events_since(rv).is_empty());
        let same = t.update_status((*d).clone()).unwrap();
        assert_eq!(same.resource_version(), d.resource_version());
        let p = t
            .patch("deployments", "default", "web", PatchType::Merge, json!({"spec": {"replicas": 1}}))
            .unwrap();
        assert_eq!(p.resource_version(), d.resource_version());
        assert_eq!(t.api.resource_version(), rv);
    }

    #[test]
    fn status_and_spec_are_kept_apart() {
        let mut t = T::new();
        let d = t.create("default", deployment("web")).unwrap();
        let mut s = (*d).clone();
        s["status"] = json!({"replicas": 1});
        s["spec"]["replicas"] = json!(9);
        let after = t.update_status(s).unwrap();
        assert_eq!(after["status"], json!({"replicas": 1}));
        assert_eq!(after["spec"]["replicas"], json!(1), "status writes keep spec");
        assert_eq!(after.generation(), 1, "status writes never bump generation");
        let mut u = (*after).clone();
        u["status"] = json!({"replicas": 7});
        u["spec"]["replicas"] = json!(2);
        let after = t.update(u).unwrap();
        assert_eq!(after["status"], json!({"replicas": 1}), "updates keep status");
        assert_eq!(after.generation(), 2);
        let w = t.events_after_modified();
        assert_eq!(w, 2);
    }

    #[test]
    fn generation_follows_spec_and_deployment_annotations() {
        let mut t = T::new();
        let d = t.create("default", deployment("web")).unwrap();
        let mut a = (*d).clone();
        a.set_annotation("note", "x");
        assert_eq!(t.update(a).unwrap().generation(), 2, "annotations count for Deployments");
        let rs = json!({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "rs"},
            "spec": {"selector": {"matchLabels": {"a": "b"}}, "template": {"metadata": {"labels": {"a": "b"}},
                "spec": {"containers": [{"name": "c", "image": "i"}]}}}});
        let rs = t.create("default", rs).unwrap();
        let mut a = (*rs).clone();
        a.set_annotation("note", "x");
        assert_eq!(t.update(a.clone()).unwrap().generation(), 1, "not for ReplicaSets");
        a["spec"]["replicas"] = json!(3);
        a["metadata"].as_object_mut().unwrap().remove("resourceVersion");
        assert_eq!(t.update(a).unwrap().generation(), 2);
    }

    #[test]
    fn patches_go_through_update() {
        let mut t = T::new();
        t.create("default", deployment("web")).unwrap();
        let p =
            json!({"spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.28"}]}}}});
        let d = t.patch("deployments", "default", "web", PatchType::Strategic, p).unwrap();
        let c = &d["spec"]["template"]["spec"]["containers"][0];
        assert_eq!(c["image"], json!("nginx:1.28"));
        assert_eq!(
            c["terminationMessagePath"],
            json!("/dev/termination-log"),
            "merged by name, defaults kept"
        );
        assert_eq!(d.generation(), 2);
        let ops = json!([{"op": "replace", "path": "/spec/replicas", "value": 4}]);
        assert_eq!(
            t.patch("deployments", "default", "web", PatchType::Json, ops).unwrap()["spec"]["replicas"],
            json!(4)
        );
        let stale = json!({"metadata": {"resourceVersion": "1"}, "spec": {"replicas": 5}});
        assert_eq!(
            t.patch("deployments", "default", "web", PatchType::Merge, stale).unwrap_err().reason,
            "Conflict"
        );
        assert_eq!(
            t.patch("deployments", "default", "nope", PatchType::Merge, json!({})).unwrap_err().message,
            "deployments.apps \"nope\" not found"
        );
        // kubectl patch cannot write status.
        let d = t
            .patch("deployments", "default", "web", PatchType::Merge, json!({"status": {"replicas": 3}}))
            .unwrap();
        assert_eq!(d["status"], json!({}));
    }

    #[test]
    fn service_updates_keep_allocations() {
        let mut t = T::new();
        let s = t.create("default", crate::testutil::service("web")).unwrap();
        let ip = s["spec"]["clusterIP"].clone();
        // kubectl replace with the original manifest (no clusterIP) keeps the allocated one.
        let mut m = crate::testutil::service("web");
        m["spec"]["type"] = json!("NodePort");
        let np = t.update(m).unwrap();
        assert_eq!(np["spec"]["clusterIP"], ip);
        let port = np["spec"]["ports"][0]["nodePort"].clone();
        assert!(port.is_i64());
        // Back to ClusterIP: the unchanged node port is dropped, not rejected.
        let mut back = (*np).clone();
        back["spec"]["type"] = json!("ClusterIP");
        back["spec"].as_object_mut().unwrap().remove("externalTrafficPolicy");
        let back = t.update(back).unwrap();
        assert_eq!(back["spec"]["ports"][0].get("nodePort"), None);
        let mut change = (*back).clone();
        change["spec"]["clusterIP"] = json!("10.96.0.99");
        change["spec"]["clusterIPs"] = json!(["10.96.0.99"]);
        assert_eq!(
            t.update(change).unwrap_err().kubectl_message(""),
            "The Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: \"10.96.0.99\": may not change once set"
        );
        // Service ports merge by `port` in a strategic patch.
        let p = json!({"spec": {"ports": [{"port": 80, "targetPort": 8080}]}});
        let s = t.patch("services", "default", "web", PatchType::Strategic, p).unwrap();
        assert_eq!(s["spec"]["ports"], json!([{"port": 80, "protocol": "TCP", "targetPort": 8080}]));
    }

    #[test]
    fn bind_sets_node_and_condition_once() {
        let mut t = T::new();
        t.create("default", pod("p")).unwrap();
        let p = t.bind("default", "p", "node-1").unwrap();
        assert_eq!(p["spec"]["nodeName"], json!("node-1"));
        assert_eq!(
            p["status"]["conditions"],
            json!([{"lastProbeTime": null, "lastTransitionTime": "2025-03-01T10:00:00Z", "status": "True", "type": "PodScheduled"}])
        );
        assert_eq!(p.generation(), 1);
        assert_eq!(
            t.bind("default", "p", "node-2").unwrap_err().message,
            "Operation cannot be fulfilled on pods/binding \"p\": pod p is already assigned to node \"node-1\""
        );
    }

    #[test]
    fn controller_merge_patch_can_write_status() {
        let mut t = T::new();
        t.create("default", pod("p")).unwrap();
        let op = WriteOp::MergePatch {
            target: ObjectRef::new("pods", "default", "p"),
            patch: json!({"status": {"phase": "Running", "podIP": "10.244.1.5"}}),
        };
        let (api, mut ctx) = t.ctx();
        let p = api.apply_write(&mut ctx, &op).unwrap();
        assert_eq!(p["status"]["phase"], json!("Running"));
        assert_eq!(p["status"]["qosClass"], json!("BestEffort"));
    }

    #[test]
    fn apply_write_routes_every_op() {
        let mut t = T::new();
        let (api, mut ctx) = t.ctx();
        let mut p = pod("w");
        p["metadata"]["namespace"] = json!("default");
        let created = api.apply_write(&mut ctx, &WriteOp::Create(p)).unwrap();
        assert_eq!(created.namespace(), "default");
        let target = ObjectRef::new("pods", "default", "w");
        api.apply_write(&mut ctx, &WriteOp::Bind { target: target.clone(), node: "n1".into() }).unwrap();
        let mut s = (*api.get("pods", "default", "w").unwrap()).clone();
        s["status"]["phase"] = json!("Running");
        assert_eq!(
            api.apply_write(&mut ctx, &WriteOp::UpdateStatus(s)).unwrap()["status"]["phase"],
            json!("Running")
        );
        let del =
            WriteOp::Delete { target, grace_period_seconds: None, propagation: Some("Foreground".into()) };
        let d = api.apply_write(&mut ctx, &del).unwrap();
        assert_eq!(d["metadata"]["finalizers"], json!(["foregroundDeletion"]));
        assert_eq!(d["metadata"]["deletionGracePeriodSeconds"], json!(30));
    }

    #[test]
    fn finalizers_block_removal_until_cleared() {
        let mut t = T::new();
        let mut cm = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "finalizers": ["example.com/hold"]}});
        t.create("default", cm.clone()).unwrap();
        let d = t.delete("configmaps", "default", "c", Default::default()).unwrap();
        assert!(d.is_deleting());
        assert_eq!(d["metadata"]["deletionGracePeriodSeconds"], json!(0));
        let mut live = (*d).clone();
        live["metadata"]["finalizers"] = json!(["example.com/hold", "example.com/more"]);
        assert_eq!(
            t.update(live).unwrap_err().kubectl_message(""),
            "The ConfigMap \"c\" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted"
        );
        cm = (*d).clone();
        cm["metadata"]["finalizers"] = json!([]);
        let rv = t.api.resource_version();
        t.update(cm).unwrap();
        assert!(t.api.get("configmaps", "default", "c").is_err());
        let evs = t.api.events_since(rv);
        assert_eq!(evs.len(), 1);
        assert_eq!(evs[0].type_, WatchEventType::Deleted);
    }

    impl T {
        fn events_after_modified(&self) -> usize {
            self.api.events_since(0).iter().filter(|e| e.type_ == WatchEventType::Modified).count()
        }
    }
}
