//! `kubectl rollout status` and `rollout history` for Deployments (reference §8.5; kubectl
//! `polymorphichelpers/rollout_status.go` and `history.go`).

use std::collections::BTreeMap;

use kubeplay_model::{Object, ObjectExt};
use serde_json::Value;

use super::describe::{pod_template, W};
use super::name::name_line;
use super::tabwriter;

fn revision_of(o: &Object) -> Result<i64, String> {
    match o.annotation("deployment.kubernetes.io/revision") {
        None => Ok(0),
        Some(v) => v.parse::<i64>().map_err(|_| format!("strconv.ParseInt: parsing {v:?}: invalid syntax")),
    }
}

/// One evaluation of `rollout status` on the current Deployment (`DeploymentStatusViewer`):
/// `Ok((message, done))` with the message ending in a newline; `Err(text)` without `error: `.
pub fn rollout_status(deploy: &Object, revision: Option<i64>) -> Result<(String, bool), String> {
    let name = deploy.name();
    if let Some(want) = revision.filter(|r| *r > 0) {
        let have = revision_of(deploy)
            .map_err(|e| format!("cannot get the revision of deployment {name:?}: {e}"))?;
        if have != want {
            return Err(format!("desired revision ({want}) is different from the running revision ({have})"));
        }
    }
    let n = |p: &str| deploy.i64_at(p).unwrap_or(0);
    if deploy.generation() > n("status.observedGeneration") {
        return Ok(("Waiting for deployment spec update to be observed...\n".into(), false));
    }
    let timed_out = deploy
        .at("status.conditions")
        .and_then(Value::as_array)
        .and_then(|cs| cs.iter().find(|c| c.get("type").and_then(Value::as_str) == Some("Progressing")))
        .is_some_and(|c| c.get("reason").and_then(Value::as_str) == Some("ProgressDeadlineExceeded"));
    if timed_out {
        return Err(format!("deployment {name:?} exceeded its progress deadline"));
    }
    let (updated, replicas, available) =
        (n("status.updatedReplicas"), n("status.replicas"), n("status.availableReplicas"));
    if let Some(spec) = deploy.i64_at("spec.replicas") {
        if updated < spec {
            return Ok((
                format!("Waiting for deployment {name:?} rollout to finish: {updated} out of {spec} new replicas have been updated...\n"),
                false,
            ));
        }
    }
    if replicas > updated {
        return Ok((
            format!("Waiting for deployment {name:?} rollout to finish: {} old replicas are pending termination...\n", replicas - updated),
            false,
        ));
    }
    if available < updated {
        return Ok((
            format!("Waiting for deployment {name:?} rollout to finish: {available} of {updated} updated replicas are available...\n"),
            false,
        ));
    }
    Ok((format!("deployment {name:?} successfully rolled out\n"), true))
}

/// revision → (pod template with the change-cause annotation copied in), from the owned RSs.
fn history(replicasets: &[&Object]) -> BTreeMap<i64, Value> {
    let mut h = BTreeMap::new();
    for rs in replicasets {
        let Ok(rev) = revision_of(rs) else { continue };
        let mut tpl = rs.at("spec.template").cloned().unwrap_or(Value::Null);
        if let Some(cause) = rs.annotation("kubernetes.io/change-cause").filter(|c| !c.is_empty()) {
            let cause = cause.to_string();
            tpl.set_annotation("kubernetes.io/change-cause", &cause);
        }
        h.insert(rev, tpl);
    }
    h
}

/// `kubectl rollout history deployment/<name>` given the ReplicaSets the Deployment owns.
pub fn rollout_history(deploy: &Object, replicasets: &[&Object]) -> String {
    let h = history(replicasets);
    let head = format!("{} \n", name_line(deploy));
    if h.is_empty() {
        return format!("{head}No rollout history found.\n");
    }
    let mut text = String::from("REVISION\tCHANGE-CAUSE\n");
    for (rev, tpl) in &h {
        let cause = tpl.annotation("kubernetes.io/change-cause").unwrap_or("<none>");
        text.push_str(&format!("{rev}\t{cause}\n"));
    }
    format!("{head}{}\n", tabwriter::describe(&text))
}

/// `kubectl rollout history deployment/<name> --revision=N`: the header line and the raw
/// (untabbed, as kubectl prints it) `Pod Template:` block. `Err` is kubectl's text without `error: `.
pub fn rollout_history_revision(
    deploy: &Object,
    replicasets: &[&Object],
    revision: i64,
) -> Result<String, String> {
    let h = history(replicasets);
    let tpl = h.get(&revision).ok_or_else(|| "unable to find the specified revision".to_string())?;
    let mut w = W::default();
    pod_template(&mut w, Some(tpl));
    Ok(format!("{} with revision #{revision}\n{}\n", name_line(deploy), w.buf))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn d(gen: i64, observed: i64, spec: i64, replicas: i64, updated: i64, available: i64) -> Value {
        json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "generation": gen, "annotations": {"deployment.kubernetes.io/revision": "2"}},
            "spec": {"replicas": spec},
            "status": {"observedGeneration": observed, "replicas": replicas, "updatedReplicas": updated, "availableReplicas": available}})
    }

    #[test]
    fn status_lines_in_reference_order() {
        // §8.5 steps 1–6.
        assert_eq!(
            rollout_status(&d(2, 1, 3, 3, 0, 3), None).unwrap(),
            ("Waiting for deployment spec update to be observed...\n".into(), false)
        );
        assert_eq!(
            rollout_status(&d(2, 2, 3, 4, 1, 3), None).unwrap().0,
            "Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated...\n"
        );
        assert_eq!(
            rollout_status(&d(2, 2, 3, 4, 3, 3), None).unwrap().0,
            "Waiting for deployment \"web\" rollout to finish: 1 old replicas are pending termination...\n"
        );
        assert_eq!(
            rollout_status(&d(2, 2, 3, 3, 3, 2), None).unwrap().0,
            "Waiting for deployment \"web\" rollout to finish: 2 of 3 updated replicas are available...\n"
        );
        assert_eq!(
            rollout_status(&d(2, 2, 3, 3, 3, 3), None).unwrap(),
            ("deployment \"web\" successfully rolled out\n".into(), true)
        );
        let mut stuck = d(2, 2, 3, 3, 1, 1);
        stuck["status"]["conditions"] =
            json!([{"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded"}]);
        assert_eq!(
            rollout_status(&stuck, None).unwrap_err(),
            "deployment \"web\" exceeded its progress deadline"
        );
        assert_eq!(
            rollout_status(&d(2, 2, 3, 3, 3, 3), Some(5)).unwrap_err(),
            "desired revision (5) is different from the running revision (2)"
        );
    }

    fn rs(rev: &str, cause: Option<&str>) -> Value {
        let mut r = json!({"metadata": {"name": format!("web-{rev}"), "annotations": {"deployment.kubernetes.io/revision": rev}},
            "spec": {"template": {"metadata": {"labels": {"app": "web", "pod-template-hash": "abc"}},
                "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}}});
        if let Some(c) = cause {
            r["metadata"]["annotations"]["kubernetes.io/change-cause"] = json!(c);
        }
        r
    }

    #[test]
    fn history_table() {
        let dep = d(2, 2, 3, 3, 3, 3);
        let (a, b) = (rs("2", None), rs("1", None));
        // §8.5's example, byte for byte (trailing space on the first line, blank line at the end).
        assert_eq!(
            rollout_history(&dep, &[&a, &b]),
            "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n"
        );
        assert_eq!(rollout_history(&dep, &[]), "deployment.apps/web \nNo rollout history found.\n");
        let c = rs("3", Some("kubectl set image deployment/web web=nginx:1.28"));
        assert_eq!(
            rollout_history(&dep, &[&a, &c]),
            "deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         kubectl set image deployment/web web=nginx:1.28\n\n"
        );
    }

    #[test]
    fn history_revision_block() {
        let dep = d(2, 2, 3, 3, 3, 3);
        let a = rs("1", None);
        assert_eq!(
            rollout_history_revision(&dep, &[&a], 1).unwrap(),
            "deployment.apps/web with revision #1\nPod Template:\n  Labels:\tapp=web\n\tpod-template-hash=abc\n  Containers:\n   web:\n    Image:\tnginx:1.27\n    Port:\t<none>\n    Host Port:\t<none>\n    Environment:\t<none>\n    Mounts:\t<none>\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n\n"
        );
        assert_eq!(
            rollout_history_revision(&dep, &[&a], 7).unwrap_err(),
            "unable to find the specified revision"
        );
    }
}
