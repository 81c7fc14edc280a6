//! Create (`rest.BeforeCreate` + the generic store's Create): namespace rules, defaulting,
//! admission, generateName, PrepareForCreate, allocation, validation, server-set metadata.

use std::sync::Arc;

use kubeplay_model::errors::go_quote;
use kubeplay_model::object::ObjectExt;
use kubeplay_model::{ApiError, Object};
use serde_json::{json, Value};

use crate::store::{ApiServer, ResInfo};
use crate::{admission, defaults, registry, validation, Ctx, WatchEventType};

/// `names.SimpleNameGenerator`: at most 58 characters of the prefix, then 5 random characters.
pub(crate) fn generate_name(ctx: &mut Ctx, prefix: &str) -> String {
    let cut: String = prefix.chars().take(58).collect();
    format!("{cut}{}", ctx.rng.name_suffix(5))
}

/// The PEM bundle published in every namespace's `kube-root-ca.crt` (a fixed, fake CA).
const ROOT_CA_PEM: &str = "-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIa3ViZXBsYXkwDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE\nAxMKa3ViZXJuZXRlczAeFw0yNTAzMDExMDAwMDBaFw0zNTAyMjcxMDAwMDBaMBUx\nEzARBgNVBAMTCmt1YmVybmV0ZXMwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEK\n-----END CERTIFICATE-----\n";

impl ApiServer {
    /// Creates `obj` in namespace `ns` (ignored for cluster-scoped kinds).
    pub fn create(&mut self, ctx: &mut Ctx, ns: &str, mut obj: Object) -> Result<Arc<Object>, ApiError> {
        if !obj.is_object() {
            return Err(ApiError::bad_request("the body of the request was in an unknown format"));
        }
        let info = self.info_for_kind(obj.api_version(), obj.kind())?;
        defaults::check_decodable(&info, &obj)?;
        if info.namespaced {
            let body_ns = obj.namespace().to_string();
            let ns = match (ns.is_empty(), body_ns.is_empty()) {
                (false, _) => ns.to_string(),
                (true, false) => body_ns.clone(),
                (true, true) => "default".to_string(),
            };
            if !body_ns.is_empty() && body_ns != ns {
                return Err(ApiError::bad_request(
                    "the namespace of the provided object does not match the namespace sent on the request",
                ));
            }
            obj.meta_mut().insert("namespace".into(), Value::String(ns));
        } else {
            obj.meta_mut().remove("namespace");
        }
        // Fields the server owns are never taken from the request.
        {
            let meta = obj.meta_mut();
            for k in [
                "uid",
                "resourceVersion",
                "creationTimestamp",
                "deletionTimestamp",
                "deletionGracePeriodSeconds",
                "generation",
                "selfLink",
            ] {
                meta.remove(k);
            }
        }
        let ns = obj.namespace().to_string();
        if info.namespaced {
            self.check_namespace_lifecycle(&info, &ns, obj.name())?;
        }
        defaults::apply(&info, &mut obj);
        if info.plural == "pods" {
            admission::admit_pod_create(self, ctx, &mut obj)?;
        }
        // generateName happens before validation, so a bad prefix is reported on the result.
        let mut generated = false;
        if obj.name().is_empty() {
            if let Some(prefix) = obj.str_at("metadata.generateName").map(str::to_string) {
                if !prefix.is_empty() {
                    let name = generate_name(ctx, &prefix);
                    obj.meta_mut().insert("name".into(), Value::String(name));
                    generated = true;
                }
            }
        }
        registry::strategy(&info.plural).prepare_for_create(&mut obj);
        // Services allocate (BeginCreate) before validation runs.
        let mut txn = crate::services::AllocTxn::default();
        if info.plural == "services" {
            if let Err(errs) = self.allocate_service(ctx, &mut obj, None, &mut txn) {
                self.rollback(txn);
                return Err(ApiError::invalid(&info.kind, &info.group, obj.name(), errs));
            }
        }
        let errs = validation::validate_create(&info, &obj);
        if !errs.is_empty() {
            self.rollback(txn);
            return Err(ApiError::invalid(&info.kind, &info.group, obj.name(), errs));
        }
        // A generated name that collides is regenerated (RetryGenerateName).
        let mut tries = 0;
        while self.lookup(&info.plural, &ns, obj.name()).is_some() {
            let prefix = obj.str_at("metadata.generateName").unwrap_or_default().to_string();
            if !generated || tries >= 8 {
                self.rollback(txn);
                let mut e = ApiError::already_exists(&info.qualified(), obj.name());
                if self.lookup(&info.plural, &ns, obj.name()).is_some_and(|o| o.is_deleting()) {
                    e.message = format!("object is being deleted: {}", e.message);
                }
                return Err(e);
            }
            let name = generate_name(ctx, &prefix);
            obj.meta_mut().insert("name".into(), Value::String(name));
            tries += 1;
        }
        let uid = ctx.rng.uuid_v4();
        let meta = obj.meta_mut();
        meta.insert("uid".into(), Value::String(uid));
        meta.insert("creationTimestamp".into(), Value::String(ctx.now.to_rfc3339()));
        if registry::tracks_generation(&info.plural) {
            meta.insert("generation".into(), json!(1));
        }
        if ctx.dry_run {
            self.rollback(txn);
            return Ok(Arc::new(obj));
        }
        let stored = self.commit_put(&info, obj, WatchEventType::Added);
        if info.plural == "namespaces" {
            self.populate_namespace(ctx, stored.name().to_string());
        }
        Ok(stored)
    }

    /// NamespaceLifecycle admission: the namespace must exist and not be terminating.
    pub(crate) fn check_namespace_lifecycle(
        &self,
        info: &ResInfo,
        ns: &str,
        name: &str,
    ) -> Result<(), ApiError> {
        let Some(nso) = self.lookup("namespaces", "", ns) else {
            return Err(ApiError::not_found("namespaces", ns));
        };
        if nso.is_deleting() || nso.str_at("status.phase") == Some("Terminating") {
            return Err(ApiError::forbidden(format!(
                "{} {} is forbidden: unable to create new content in namespace {ns} because it is being terminated",
                info.qualified(),
                go_quote(name)
            )));
        }
        Ok(())
    }

    /// What the service-account and root-CA publisher controllers add to a new namespace.
    fn populate_namespace(&mut self, ctx: &mut Ctx, ns: String) {
        let sa = json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": ns}});
        let cm = json!({
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {
                "name": "kube-root-ca.crt",
                "namespace": ns,
                "annotations": {"kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters."},
            },
            "data": {"ca.crt": ROOT_CA_PEM},
        });
        for o in [sa, cm] {
            // Both are valid by construction; a name already taken is simply kept.
            let _ = self.create(ctx, &ns, o);
        }
    }
}

#[cfg(test)]
mod tests {
    use kubeplay_model::rng::NAME_ALPHABET;
    use kubeplay_model::LabelSelector;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use crate::testutil::{deployment, pod, service, T};
    use crate::WatchEventType;

    use super::*;

    #[test]
    fn server_sets_uid_rv_timestamp_and_generation() {
        let mut t = T::new();
        let d = t.create("default", deployment("web")).unwrap();
        assert_eq!(d.uid().len(), 36);
        assert_eq!(&d.uid()[14..15], "4");
        assert_eq!(d.str_at("metadata.creationTimestamp"), Some("2025-03-01T10:00:00Z"));
        assert_eq!(d.namespace(), "default");
        assert_eq!(d.i64_at("metadata.generation"), Some(1));
        assert_eq!(d.resource_version(), t.api.resource_version().to_string());
        let cm = t
            .create("default", json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "b"}}))
            .unwrap();
        assert_eq!(cm.at("metadata.generation"), None);
        let s = t.create("default", service("web")).unwrap();
        assert_eq!(s.at("metadata.generation"), None);
        let p = t.create("default", pod("p")).unwrap();
        assert_eq!(p.i64_at("metadata.generation"), Some(1), "pods carry generation since v1.33");
    }

    #[test]
    fn resource_version_is_one_counter_across_kinds() {
        let mut t = T::new();
        let start = t.api.resource_version();
        let a = t.create("default", deployment("a")).unwrap();
        let b = t.create("default", service("b")).unwrap();
        let c = t.create("default", pod("c")).unwrap();
        let rvs: Vec<u64> = [&a, &b, &c].iter().map(|o| o.resource_version().parse().unwrap()).collect();
        assert_eq!(rvs, vec![start + 1, start + 2, start + 3]);
        let evs = t.api.events_since(start);
        assert_eq!(evs.len(), 3);
        assert!(evs.iter().all(|e| e.type_ == WatchEventType::Added));
        assert_eq!(
            evs.iter().map(|e| e.resource.as_str()).collect::<Vec<_>>(),
            vec!["deployments", "services", "pods"]
        );
        assert_eq!(evs[2].rv, start + 3);
        t.api.compact(start + 2);
        assert_eq!(t.api.events_since(0).len(), 1);
        assert_eq!(t.api.events_since(start + 3).len(), 0);
    }

    #[test]
    fn generate_name_keeps_58_chars_and_adds_5_from_the_alphabet() {
        let mut t = T::new();
        let mut o = pod("");
        o["metadata"] = json!({"generateName": "web-"});
        let p = t.create("default", o).unwrap();
        let name = p.name();
        assert_eq!(name.len(), 9);
        assert!(name.starts_with("web-"));
        assert!(name[4..].bytes().all(|c| NAME_ALPHABET.contains(&c)), "{name}");
        let long = "a".repeat(70);
        let mut o = pod("");
        o["metadata"] = json!({"generateName": long});
        let p = t.create("default", o).unwrap();
        assert_eq!(p.name().len(), 63);
        assert!(p.name().starts_with(&"a".repeat(58)));
    }

    #[test]
    fn name_required() {
        let mut t = T::new();
        let mut o = pod("");
        o["metadata"] = json!({});
        assert_eq!(
            t.create_err("default", o),
            "The Pod \"\" is invalid: metadata.name: Required value: name or generateName is required"
        );
    }

    #[test]
    fn namespace_rules() {
        let mut t = T::new();
        let mut o = pod("p");
        o["metadata"]["namespace"] = json!("other");
        assert_eq!(
            t.create_err("default", o),
            "Error from server (BadRequest): the namespace of the provided object does not match the namespace sent on the request"
        );
        assert_eq!(
            t.create_err("nope", pod("p")),
            "Error from server (NotFound): namespaces \"nope\" not found"
        );
        t.create("", json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "gone"}})).unwrap();
        t.delete("namespaces", "", "gone", Default::default()).unwrap();
        assert_eq!(
            t.create_err("gone", pod("p")),
            "Error from server (Forbidden): pods \"p\" is forbidden: unable to create new content in namespace gone because it is being terminated"
        );
        // Cluster-scoped kinds never keep a namespace.
        let n = t
            .create("default", json!({"apiVersion": "v1", "kind": "Node", "metadata": {"name": "node-1"}}))
            .unwrap();
        assert_eq!(n.at("metadata.namespace"), None);
    }

    #[test]
    fn already_exists() {
        let mut t = T::new();
        t.create("default", deployment("web")).unwrap();
        assert_eq!(
            t.create_err("default", deployment("web")),
            "Error from server (AlreadyExists): deployments.apps \"web\" already exists"
        );
        t.create("default", pod("p")).unwrap();
        assert_eq!(
            t.create_err("default", pod("p")),
            "Error from server (AlreadyExists): pods \"p\" already exists"
        );
    }

    #[test]
    fn namespace_creation_populates_it() {
        let mut t = T::new();
        let ns = t
            .create("", json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "dev"}}))
            .unwrap();
        assert_eq!(ns.label("kubernetes.io/metadata.name"), Some("dev"));
        assert_eq!(ns.str_at("status.phase"), Some("Active"));
        assert_eq!(ns.at("spec.finalizers"), Some(&json!(["kubernetes"])));
        assert!(t.api.get("serviceaccounts", "dev", "default").is_ok());
        let cm = t.api.get("configmaps", "dev", "kube-root-ca.crt").unwrap();
        assert_eq!(cm.at("data").and_then(Value::as_object).map(|m| m.len()), Some(1));
        assert!(cm.str_at("data.ca\u{2e}crt").is_none() && cm.at("data").unwrap().get("ca.crt").is_some());
        let bad =
            t.create_err("", json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "Dev"}}));
        assert!(bad.starts_with("The Namespace \"Dev\" is invalid: metadata.name: Invalid value: \"Dev\": a lowercase RFC 1123 label"), "{bad}");
    }

    #[test]
    fn generic_kinds_are_stored() {
        let mut t = T::new();
        assert_eq!(t.api.resource_for("apps/v1", "Deployment").as_deref(), Some("deployments"));
        assert_eq!(t.api.resource_for("example.com/v1", "Widget").as_deref(), Some("widgets"));
        assert_eq!(t.api.resource_for("apps/v1beta1", "Deployment"), None);
        assert_eq!(t.api.resource_for("v1", ""), None);
        let w = json!({"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}, "spec": {"size": 1}});
        let w = t.create("default", w).unwrap();
        assert_eq!(w.i64_at("metadata.generation"), Some(1));
        assert!(t.api.get("widgets", "default", "w").is_ok());
        assert_eq!(
            t.api.get("widgets", "default", "x").unwrap_err().message,
            "widgets.example.com \"x\" not found"
        );
    }

    #[test]
    fn lists_are_sorted_and_selectable_and_owner_indexed() {
        let mut t = T::new();
        t.create("", json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}})).unwrap();
        for (ns, n) in [("default", "b"), ("a", "z"), ("default", "a")] {
            let mut p = pod(n);
            p["metadata"]["ownerReferences"] = json!([{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs", "uid": "rs-uid", "controller": true}]);
            t.create(ns, p).unwrap();
        }
        let names: Vec<String> =
            t.api.list("pods", None).iter().map(|p| format!("{}/{}", p.namespace(), p.name())).collect();
        assert_eq!(names, vec!["a/z", "default/a", "default/b"]);
        assert_eq!(t.api.list("pods", Some("default")).len(), 2);
        let sel = LabelSelector::parse("app=web").unwrap();
        assert_eq!(t.api.list_selected("pods", Some("a"), &sel).len(), 1);
        assert_eq!(t.api.list_selected("pods", None, &LabelSelector::parse("app=x").unwrap()).len(), 0);
        assert_eq!(t.api.list_owned_by("pods", "rs-uid").len(), 3);
        t.delete("pods", "default", "a", Default::default()).unwrap();
        assert_eq!(t.api.list_owned_by("pods", "rs-uid").len(), 2);
        // Orphaning through an update moves the pod out of the index.
        let mut z = (*t.api.get("pods", "a", "z").unwrap()).clone();
        z["metadata"]["ownerReferences"] = json!([]);
        t.update(z).unwrap();
        assert_eq!(t.api.list_owned_by("pods", "rs-uid").len(), 1);
        assert!(t.api.list_owned_by("replicasets", "rs-uid").is_empty());
    }

    #[test]
    fn dry_run_create_stores_nothing() {
        let mut t = T::new();
        let before = t.api.resource_version();
        let (api, mut ctx) = t.ctx();
        ctx.dry_run = true;
        let s = api.create(&mut ctx, "default", service("web")).unwrap();
        assert!(s.str_at("spec.clusterIP").is_some());
        assert_eq!(t.api.resource_version(), before);
        assert!(t.api.get("services", "default", "web").is_err());
    }
}
