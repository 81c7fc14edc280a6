//! `kubectl rollout status` and `rollout history` for Deployments (reference §8.5).

use kubeplay_model::Object;

/// One evaluation of `rollout status` on the current Deployment (`DeploymentStatusViewer`):
/// `Ok((message, done))`, message ending with a newline; `Err(text)` without `error: `.
pub fn rollout_status(deploy: &Object, revision: Option<i64>) -> Result<(String, bool), String> {
    let _ = (deploy, revision);
    Ok((String::new(), true))
}

/// `kubectl rollout history deployment/<name>` given the ReplicaSets the Deployment owns.
pub fn rollout_history(deploy: &Object, replicasets: &[&Object]) -> String {
    let _ = (deploy, replicasets);
    String::new()
}

/// `kubectl rollout history deployment/<name> --revision=N`. `Err` is kubectl's text without `error: `.
pub fn rollout_history_revision(deploy: &Object, replicasets: &[&Object], revision: i64) -> Result<String, String> {
    let _ = (deploy, replicasets, revision);
    Ok(String::new())
}
