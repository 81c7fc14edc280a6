//! Delete (`rest.BeforeDelete` + the generic store's Delete): graceful pod deletion, finalizers,
//! propagation policy finalizers, namespace termination.

use std::sync::Arc;

use kubeplay_model::object::ObjectExt;
use kubeplay_model::{ApiError, Object};
use serde_json::{json, Value};

use crate::registry::{self, Deletion};
use crate::store::ApiServer;
use crate::{Ctx, DeleteOptions, Propagation, WatchEventType};

impl ApiServer {
    /// Deletes an object. Returns it as it is after the call: still present with a
    /// deletionTimestamp (graceful / finalizers), or already gone.
    pub fn delete(
        &mut self,
        ctx: &mut Ctx,
        resource: &str,
        ns: &str,
        name: &str,
        opts: &DeleteOptions,
    ) -> Result<Arc<Object>, ApiError> {
        let Some(info) = self.info_for_plural(resource) else {
            return Err(ApiError::not_found(resource, name));
        };
        let ns = if info.namespaced { ns } else { "" };
        let Some(old) = self.lookup(&info.plural, ns, name).cloned() else {
            return Err(ApiError::not_found(&info.qualified(), name));
        };
        let dry_run = opts.dry_run || ctx.dry_run;
        let deletion = registry::strategy(&info.plural).deletion();
        let finalized = deletion == Deletion::Finalized;

        // Grace period: pods only (others are deleted at once or wait for finalizers).
        let grace = if deletion == Deletion::Graceful {
            let phase = old.str_at("status.phase").unwrap_or_default();
            let scheduled = old.str_at("spec.nodeName").is_some_and(|n| !n.is_empty());
            if !scheduled || phase == "Succeeded" || phase == "Failed" {
                0
            } else {
                match opts.grace_period_seconds {
                    Some(g) if g >= 0 => g,
                    _ => old.i64_at("spec.terminationGracePeriodSeconds").filter(|g| *g >= 0).unwrap_or(30),
                }
            }
        } else {
            0
        };

        let mut new = (*old).clone();
        let mut fins = old.finalizers();
        let already = old.is_deleting();

        if already {
            // Only a shorter grace period changes a pending graceful deletion.
            let cur = old.i64_at("metadata.deletionGracePeriodSeconds").unwrap_or(0);
            // A terminating namespace goes once finalized, or once it is empty (the namespace
            // controller's final delete after it has removed the content).
            let ns_done = finalized
                && (old.at("spec.finalizers").and_then(Value::as_array).is_none_or(Vec::is_empty)
                    || !self.namespace_has_content(name));
            if fins.is_empty() && ((grace == 0 && (cur > 0 || !finalized)) || ns_done) {
                if dry_run {
                    return Ok(old);
                }
                return Ok(self.commit_remove(&info, ns, name).unwrap_or(old));
            }
            if grace < cur {
                let at = ctx.now.plus_secs(grace);
                let m = new.meta_mut();
                m.insert("deletionTimestamp".into(), json!(at.to_rfc3339()));
                m.insert("deletionGracePeriodSeconds".into(), json!(grace));
                if dry_run {
                    return Ok(Arc::new(new));
                }
                return Ok(self.commit_put(&info, new, WatchEventType::Modified));
            }
            return Ok(old);
        }

        // Namespaces terminate through their own finalizer; propagation does not apply.
        let propagation = if finalized { None } else { opts.propagation };
        match propagation {
            Some(Propagation::Foreground) if !fins.iter().any(|f| f == "foregroundDeletion") => {
                fins.retain(|f| f != "orphan");
                fins.push("foregroundDeletion".into());
            }
            Some(Propagation::Orphan) if !fins.iter().any(|f| f == "orphan") => {
                fins.retain(|f| f != "foregroundDeletion");
                fins.push("orphan".into());
            }
            Some(Propagation::Background) => {
                fins.retain(|f| f != "orphan" && f != "foregroundDeletion");
            }
            _ => {}
        }

        let ns_pending =
            finalized && old.at("spec.finalizers").and_then(Value::as_array).is_some_and(|a| !a.is_empty());
        if grace == 0 && fins.is_empty() && !ns_pending {
            if dry_run {
                return Ok(old);
            }
            return Ok(self.commit_remove(&info, ns, name).unwrap_or(old));
        }

        let at = ctx.now.plus_secs(grace);
        {
            let m = new.meta_mut();
            m.insert("deletionTimestamp".into(), json!(at.to_rfc3339()));
            m.insert("deletionGracePeriodSeconds".into(), json!(grace));
            if fins.is_empty() {
                m.remove("finalizers");
            } else {
                m.insert("finalizers".into(), json!(fins));
            }
        }
        if finalized {
            *new.at_mut("status.phase") = json!("Terminating");
        }
        if dry_run {
            return Ok(Arc::new(new));
        }
        Ok(self.commit_put(&info, new, WatchEventType::Modified))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::testutil::{deployment, pod, T};

    fn scheduled_pod(t: &mut T, name: &str) {
        t.create("default", pod(name)).unwrap();
        t.bind("default", name, "node-1").unwrap();
    }

    #[test]
    fn scheduled_pods_terminate_gracefully() {
        let mut t = T::new();
        scheduled_pod(&mut t, "p");
        let p = t.delete("pods", "default", "p", Default::default()).unwrap();
        assert_eq!(p["metadata"]["deletionTimestamp"], json!("2025-03-01T10:00:30Z"));
        assert_eq!(p["metadata"]["deletionGracePeriodSeconds"], json!(30));
        assert!(t.api.get("pods", "default", "p").is_ok());
        // Deleting again with the default grace changes nothing.
        let rv = t.api.resource_version();
        let again = t.delete("pods", "default", "p", Default::default()).unwrap();
        assert_eq!(again.resource_version(), p.resource_version());
        assert_eq!(t.api.resource_version(), rv);
        // The kubelet's final delete (grace 0) removes it.
        let opts = DeleteOptions { grace_period_seconds: Some(0), ..Default::default() };
        t.delete("pods", "default", "p", opts).unwrap();
        assert!(t.api.get("pods", "default", "p").is_err());
    }

    #[test]
    fn grace_comes_from_the_request_then_the_spec() {
        let mut t = T::new();
        let mut p = pod("a");
        p["spec"]["terminationGracePeriodSeconds"] = json!(5);
        t.create("default", p).unwrap();
        t.bind("default", "a", "n").unwrap();
        let a = t.delete("pods", "default", "a", Default::default()).unwrap();
        assert_eq!(a["metadata"]["deletionGracePeriodSeconds"], json!(5));
        scheduled_pod(&mut t, "b");
        let b = t
            .delete(
                "pods",
                "default",
                "b",
                DeleteOptions { grace_period_seconds: Some(10), ..Default::default() },
            )
            .unwrap();
        assert_eq!(b["metadata"]["deletionTimestamp"], json!("2025-03-01T10:00:10Z"));
        // A shorter grace on a pending deletion shortens it.
        let b = t
            .delete(
                "pods",
                "default",
                "b",
                DeleteOptions { grace_period_seconds: Some(2), ..Default::default() },
            )
            .unwrap();
        assert_eq!(b["metadata"]["deletionGracePeriodSeconds"], json!(2));
    }

    #[test]
    fn unscheduled_and_terminal_pods_go_at_once() {
        let mut t = T::new();
        t.create("default", pod("u")).unwrap();
        let rv = t.api.resource_version();
        t.delete("pods", "default", "u", Default::default()).unwrap();
        assert!(t.api.get("pods", "default", "u").is_err());
        let evs = t.api.events_since(rv);
        assert_eq!(evs.len(), 1);
        assert_eq!(evs[0].type_, WatchEventType::Deleted);
        assert_eq!(evs[0].object.resource_version(), (rv + 1).to_string());
        scheduled_pod(&mut t, "done");
        let mut s = (*t.api.get("pods", "default", "done").unwrap()).clone();
        s["status"]["phase"] = json!("Succeeded");
        t.update_status(s).unwrap();
        t.delete("pods", "default", "done", Default::default()).unwrap();
        assert!(t.api.get("pods", "default", "done").is_err());
        assert_eq!(
            t.delete("pods", "default", "done", Default::default()).unwrap_err().kubectl_message(""),
            "Error from server (NotFound): pods \"done\" not found"
        );
    }

    #[test]
    fn propagation_policies() {
        let mut t = T::new();
        for n in ["bg", "fg", "or"] {
            t.create("default", deployment(n)).unwrap();
        }
        t.delete(
            "deployments",
            "default",
            "bg",
            DeleteOptions { propagation: Some(Propagation::Background), ..Default::default() },
        )
        .unwrap();
        assert!(t.api.get("deployments", "default", "bg").is_err());
        let fg = t
            .delete(
                "deployments",
                "default",
                "fg",
                DeleteOptions { propagation: Some(Propagation::Foreground), ..Default::default() },
            )
            .unwrap();
        assert_eq!(fg["metadata"]["finalizers"], json!(["foregroundDeletion"]));
        assert!(fg.is_deleting());
        let or = t
            .delete(
                "deployments",
                "default",
                "or",
                DeleteOptions { propagation: Some(Propagation::Orphan), ..Default::default() },
            )
            .unwrap();
        assert_eq!(or["metadata"]["finalizers"], json!(["orphan"]));
        // Deleting again returns it unchanged.
        let again = t.delete("deployments", "default", "or", Default::default()).unwrap();
        assert_eq!(again, or);
        // The garbage collector removing the finalizer makes it disappear.
        let mut done = (*or).clone();
        done["metadata"]["finalizers"] = json!([]);
        t.update(done).unwrap();
        assert!(t.api.get("deployments", "default", "or").is_err());
    }

    #[test]
    fn namespaces_terminate_until_finalized() {
        let mut t = T::new();
        t.create("", json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "dev"}})).unwrap();
        let ns = t.delete("namespaces", "", "dev", Default::default()).unwrap();
        assert_eq!(ns["status"]["phase"], json!("Terminating"));
        assert!(ns.is_deleting());
        assert_eq!(ns["spec"]["finalizers"], json!(["kubernetes"]));
        assert!(t.api.get("namespaces", "", "dev").is_ok());
        // The namespace controller empties it, then clears spec.finalizers (finalize).
        let mut fin = (*ns).clone();
        fin["spec"]["finalizers"] = json!([]);
        t.update(fin).unwrap();
        assert!(t.api.get("namespaces", "", "dev").is_err());
    }

    #[test]
    fn an_emptied_terminating_namespace_goes_on_the_final_delete() {
        let mut t = T::new();
        t.create("", json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "dev"}})).unwrap();
        t.delete("namespaces", "", "dev", Default::default()).unwrap();
        t.delete("namespaces", "", "dev", Default::default()).unwrap();
        assert!(t.api.get("namespaces", "", "dev").is_ok(), "still has content");
        t.delete("serviceaccounts", "dev", "default", Default::default()).unwrap();
        t.delete("configmaps", "dev", "kube-root-ca.crt", Default::default()).unwrap();
        t.delete("namespaces", "", "dev", Default::default()).unwrap();
        assert!(t.api.get("namespaces", "", "dev").is_err());
    }

    #[test]
    fn dry_run_delete_keeps_the_object() {
        let mut t = T::new();
        t.create("default", deployment("web")).unwrap();
        let rv = t.api.resource_version();
        t.delete("deployments", "default", "web", DeleteOptions { dry_run: true, ..Default::default() })
            .unwrap();
        assert!(t.api.get("deployments", "default", "web").is_ok());
        assert_eq!(t.api.resource_version(), rv);
    }
}
