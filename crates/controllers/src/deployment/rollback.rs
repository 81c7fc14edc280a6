//! Client-side rollback and history for `kubectl rollout undo|history` (kubectl
//! `pkg/polymorphichelpers/rollback.go`, `history.go`), §3.8 and §8.5. The controller side of a
//! rollback is the normal rollout: the old RS is found as the new RS and its revision raised.

use std::collections::BTreeMap;
use std::sync::Arc;

use kubeplay_model::{Object, ObjectExt};
use serde_json::{json, Map, Value};

use super::util::{self, equal_ignore_hash};
use crate::controller_utils::controller_uid;

/// What `kubectl rollout undo` does.
#[derive(Clone, Debug, PartialEq)]
pub enum RollbackPlan {
    /// Send this JSON patch (`application/json-patch+json`) to the Deployment; print
    /// `deployment.apps/<name> rolled back`.
    Patch(Value),
    /// Nothing to send; print `deployment.apps/<name> <message>`, e.g.
    /// `skipped rollback (current template already matches revision 1)`.
    Skip(String),
}

/// The ReplicaSets controlled by `deploy` (by controller uid), from any list.
fn owned<'a>(deploy: &Object, rss: &'a [Arc<Object>]) -> Vec<&'a Arc<Object>> {
    rss.iter().filter(|rs| controller_uid(rs) == Some(deploy.uid())).collect()
}

/// `deploymentRevision`: the RS of `to_revision`, or the second newest when it is 0.
fn deployment_revision<'a>(
    deploy: &Object,
    rss: &'a [Arc<Object>],
    to_revision: i64,
) -> Result<&'a Arc<Object>, String> {
    let mut latest: Option<(&Arc<Object>, i64)> = None;
    let mut previous: Option<(&Arc<Object>, i64)> = None;
    for rs in owned(deploy, rss) {
        let Some(v) = util::revision(rs) else { continue };
        if to_revision == 0 {
            if latest.is_none_or(|(_, l)| l < v) {
                previous = latest;
                latest = Some((rs, v));
            } else if previous.is_none_or(|(_, p)| p < v) {
                previous = Some((rs, v));
            }
        } else if v == to_revision {
            return Ok(rs);
        }
    }
    if to_revision > 0 {
        return Err(format!("unable to find specified revision {to_revision} in history"));
    }
    previous
        .map(|(rs, _)| rs)
        .ok_or_else(|| format!("no rollout history found for deployment {:?}", deploy.name()))
}

/// `DeploymentRollbacker.Rollback`: the patch restoring the template (minus the hash label) and
/// annotations of the chosen revision, or the skip message, or kubectl's error text.
pub fn rollback_patch(
    deploy: &Object,
    rss: &[Arc<Object>],
    to_revision: i64,
) -> Result<RollbackPlan, String> {
    if to_revision < 0 {
        return Err(format!("unable to find specified revision {to_revision} in history"));
    }
    if deploy.bool_at("spec.paused") == Some(true) {
        return Err(
            "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"
                .into(),
        );
    }
    let rs = deployment_revision(deploy, rss, to_revision)?;
    if equal_ignore_hash(rs.at("spec.template"), deploy.at("spec.template")) {
        return Ok(RollbackPlan::Skip(format!(
            "skipped rollback (current template already matches revision {to_revision})"
        )));
    }
    let mut template = rs.at("spec.template").cloned().unwrap_or(json!({}));
    if let Some(labels) = template.pointer_mut("/metadata/labels").and_then(Value::as_object_mut) {
        labels.remove(util::DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY);
    }
    let mut annotations = Map::new();
    if let Some(d_anns) = deploy.at("metadata.annotations").and_then(Value::as_object) {
        for (k, v) in d_anns {
            if util::is_skip_copy_annotation(k) {
                annotations.insert(k.clone(), v.clone());
            }
        }
    }
    if let Some(rs_anns) = rs.at("metadata.annotations").and_then(Value::as_object) {
        for (k, v) in rs_anns {
            if !util::is_skip_copy_annotation(k) {
                annotations.insert(k.clone(), v.clone());
            }
        }
    }
    Ok(RollbackPlan::Patch(json!([
        {"op": "replace", "path": "/spec/template", "value": template},
        {"op": "replace", "path": "/metadata/annotations", "value": Value::Object(annotations)},
    ])))
}

/// One row of `kubectl rollout history`.
#[derive(Clone, Debug, PartialEq)]
pub struct RevisionEntry {
    pub revision: i64,
    /// The RS's `kubernetes.io/change-cause`, if any (`<none>` is the printer's business).
    pub change_cause: Option<String>,
    /// The RS's pod template, with the change cause copied into its annotations as kubectl does
    /// (for `--revision=N`).
    pub template: Value,
}

/// `ViewHistory` data: one entry per distinct revision of the Deployment's ReplicaSets,
/// ascending (a later RS with the same revision wins, as kubectl's map does).
pub fn revision_history(deploy: &Object, rss: &[Arc<Object>]) -> Vec<RevisionEntry> {
    let mut by_rev: BTreeMap<i64, RevisionEntry> = BTreeMap::new();
    for rs in owned(deploy, rss) {
        let Some(v) = util::revision(rs) else { continue };
        let change_cause = rs.annotation("kubernetes.io/change-cause").map(str::to_string);
        let mut template = rs.at("spec.template").cloned().unwrap_or(json!({}));
        if let Some(c) = &change_cause {
            template.set_annotation("kubernetes.io/change-cause", c);
        }
        by_rev.insert(v, RevisionEntry { revision: v, change_cause, template });
    }
    by_rev.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn rs(name: &str, rev: &str, image: &str) -> Arc<Object> {
        Arc::new(json!({"metadata": {"name": name, "annotations": {"deployment.kubernetes.io/revision": rev},
            "ownerReferences": [{"uid": "d-uid", "controller": true}]},
            "spec": {"template": {"metadata": {"labels": {"app": "web", "pod-template-hash": name}},
                "spec": {"containers": [{"name": "c", "image": image}]}}}}))
    }

    fn deploy(image: &str) -> Object {
        json!({"metadata": {"name": "web", "uid": "d-uid", "annotations": {"deployment.kubernetes.io/revision": "2", "note": "x"}},
            "spec": {"template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "c", "image": image}]}}}})
    }

    #[test]
    fn undo_patches_back_to_the_previous_revision() {
        let rss = vec![rs("web-1", "1", "nginx:1.24"), rs("web-2", "2", "nginx:1.25")];
        let Ok(RollbackPlan::Patch(p)) = rollback_patch(&deploy("nginx:1.25"), &rss, 0) else {
            panic!("no patch")
        };
        assert_eq!(p[0]["path"], "/spec/template");
        assert_eq!(p[0]["value"]["spec"]["containers"][0]["image"], "nginx:1.24");
        assert_eq!(p[0]["value"]["metadata"]["labels"], json!({"app": "web"}));
        assert_eq!(p[1]["value"], json!({"deployment.kubernetes.io/revision": "2"}));
    }

    #[test]
    fn undo_messages_match_kubectl() {
        let rss = vec![rs("web-1", "1", "nginx:1.24"), rs("web-2", "2", "nginx:1.25")];
        assert_eq!(
            rollback_patch(&deploy("nginx:1.24"), &rss, 1),
            Ok(RollbackPlan::Skip("skipped rollback (current template already matches revision 1)".into()))
        );
        assert_eq!(
            rollback_patch(&deploy("nginx:1.25"), &rss, 7),
            Err("unable to find specified revision 7 in history".into())
        );
        assert_eq!(
            rollback_patch(&deploy("nginx:1.25"), &rss[1..], 0),
            Err("no rollout history found for deployment \"web\"".into())
        );
        let mut paused = deploy("nginx:1.25");
        *paused.at_mut("spec.paused") = json!(true);
        assert_eq!(
            rollback_patch(&paused, &rss, 0),
            Err("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again".into())
        );
    }

    #[test]
    fn history_is_one_row_per_revision_ascending() {
        let rss = vec![rs("web-2", "2", "nginx:1.25"), rs("web-1", "1", "nginx:1.24")];
        let h = revision_history(&deploy("nginx:1.25"), &rss);
        assert_eq!(h.iter().map(|e| e.revision).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(h[0].change_cause, None);
    }
}
