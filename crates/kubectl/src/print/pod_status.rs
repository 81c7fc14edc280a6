//! The pod READY / STATUS / RESTARTS cells (server-side `printPod`, reference §5.5).

use kubeplay_model::pod_status::pod_columns;
use kubeplay_model::{Object, SimTime};

/// The three computed cells of a pod row.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PodSummary {
    /// `1/1`: running-and-ready containers / containers (+ sidecar init containers).
    pub ready: String,
    /// `Running`, `Init:0/1`, `CrashLoopBackOff`, `Terminating`, …
    pub status: String,
    /// `0`, or `3 (41s ago)`.
    pub restarts: String,
}

/// READY, STATUS and RESTARTS of a pod as `kubectl get pods` prints them.
pub fn pod_summary(pod: &Object, now: SimTime) -> PodSummary {
    let c = pod_columns(pod);
    PodSummary { restarts: c.restarts_text(now), ready: c.ready, status: c.status }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn now() -> SimTime {
        SimTime::parse_rfc3339("2025-03-01T10:10:00Z").unwrap()
    }

    fn pod(spec: Value, status: Value) -> Value {
        json!({"apiVersion": "v1", "kind": "Pod",
               "metadata": {"name": "web", "namespace": "default", "creationTimestamp": "2025-03-01T10:00:00Z"},
               "spec": spec, "status": status})
    }

    fn one() -> Value {
        json!({"containers": [{"name": "web", "image": "nginx"}]})
    }

    fn sum(p: &Value) -> (String, String, String) {
        let s = pod_summary(p, now());
        (s.ready, s.status, s.restarts)
    }

    fn t(a: &str, b: &str, c: &str) -> (String, String, String) {
        (a.into(), b.into(), c.into())
    }

    #[test]
    fn pending_unscheduled() {
        // §5.1: before scheduling a pod is Pending with no containerStatuses.
        assert_eq!(sum(&pod(one(), json!({"phase": "Pending"}))), t("0/1", "Pending", "0"));
    }

    #[test]
    fn waiting_reasons_show() {
        for r in ["ContainerCreating", "ErrImagePull", "ImagePullBackOff", "CreateContainerConfigError"] {
            let p = pod(
                one(),
                json!({"phase": "Pending", "containerStatuses": [
                {"name": "web", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": r}}}]}),
            );
            assert_eq!(sum(&p), t("0/1", r, "0"));
        }
    }

    #[test]
    fn running_ready() {
        let p = pod(
            one(),
            json!({"phase": "Running", "containerStatuses": [
            {"name": "web", "ready": true, "restartCount": 0, "state": {"running": {"startedAt": "2025-03-01T10:00:05Z"}}}]}),
        );
        assert_eq!(sum(&p), t("1/1", "Running", "0"));
    }

    #[test]
    fn crashloop_with_restart_age() {
        // §5.5: RESTARTS `3 (41s ago)`; a CrashLoopBackOff pod is phase Running (§5.1).
        let p = pod(
            one(),
            json!({"phase": "Running", "containerStatuses": [
            {"name": "web", "ready": false, "restartCount": 3,
             "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": "2025-03-01T10:09:19Z"}},
             "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}),
        );
        assert_eq!(sum(&p), t("0/1", "CrashLoopBackOff", "3 (41s ago)"));
    }

    #[test]
    fn terminated_reasons_and_exit_codes() {
        let p = pod(
            one(),
            json!({"phase": "Running", "containerStatuses": [
            {"name": "web", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 137, "reason": "OOMKilled"}}}]}),
        );
        assert_eq!(sum(&p).1, "OOMKilled");
        let p = pod(
            one(),
            json!({"phase": "Failed", "containerStatuses": [
            {"name": "web", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 2}}}]}),
        );
        assert_eq!(sum(&p).1, "ExitCode:2");
        let p = pod(
            one(),
            json!({"phase": "Failed", "containerStatuses": [
            {"name": "web", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "signal": 9}}}]}),
        );
        assert_eq!(sum(&p).1, "Signal:9");
        let p = pod(
            one(),
            json!({"phase": "Succeeded", "containerStatuses": [
            {"name": "web", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}),
        );
        assert_eq!(sum(&p), t("0/1", "Completed", "0"));
    }

    #[test]
    fn first_container_dominates() {
        // §5.5 step 3: walked from last to first, last assignment wins.
        let spec = json!({"containers": [{"name": "a"}, {"name": "b"}]});
        let p = pod(
            spec,
            json!({"phase": "Pending", "containerStatuses": [
            {"name": "a", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "ErrImagePull"}}},
            {"name": "b", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "ContainerCreating"}}}]}),
        );
        assert_eq!(sum(&p), t("0/2", "ErrImagePull", "0"));
    }

    #[test]
    fn completed_but_running_is_running_or_notready() {
        let spec = json!({"containers": [{"name": "a"}, {"name": "b"}]});
        let st = |ready_cond: &str| {
            json!({"phase": "Running",
            "conditions": [{"type": "Ready", "status": ready_cond}],
            "containerStatuses": [
            {"name": "a", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
            {"name": "b", "ready": true, "restartCount": 0, "state": {"running": {}}}]})
        };
        assert_eq!(sum(&pod(spec.clone(), st("True"))), t("1/2", "Running", "0"));
        assert_eq!(sum(&pod(spec, st("False"))), t("1/2", "NotReady", "0"));
    }

    #[test]
    fn init_container_states() {
        let spec = json!({"initContainers": [{"name": "init"}], "containers": [{"name": "web"}]});
        let web_init = json!({"name": "web", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "PodInitializing"}}});
        let p = pod(
            spec.clone(),
            json!({"phase": "Pending",
            "initContainerStatuses": [{"name": "init", "ready": false, "restartCount": 0, "state": {"running": {}}}],
            "containerStatuses": [web_init]}),
        );
        assert_eq!(sum(&p), t("0/1", "Init:0/1", "0"));
        let p = pod(
            spec.clone(),
            json!({"phase": "Pending",
            "initContainerStatuses": [{"name": "init", "ready": false, "restartCount": 2,
               "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2025-03-01T10:09:00Z"}},
               "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}),
        );
        assert_eq!(sum(&p), t("0/1", "Init:CrashLoopBackOff", "2 (60s ago)"));
        let p = pod(
            spec.clone(),
            json!({"phase": "Failed",
            "initContainerStatuses": [{"name": "init", "ready": false, "restartCount": 0,
               "state": {"terminated": {"exitCode": 3, "reason": "Error"}}}]}),
        );
        assert_eq!(sum(&p).1, "Init:Error");
        let p = pod(
            spec.clone(),
            json!({"phase": "Failed",
            "initContainerStatuses": [{"name": "init", "ready": false, "restartCount": 0,
               "state": {"terminated": {"exitCode": 3}}}]}),
        );
        assert_eq!(sum(&p).1, "Init:ExitCode:3");
        // Init done, regular container still waiting PodInitializing → `PodInitializing`.
        let p = pod(
            spec,
            json!({"phase": "Pending",
            "conditions": [{"type": "Initialized", "status": "True"}],
            "initContainerStatuses": [{"name": "init", "ready": true, "restartCount": 0,
               "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}],
            "containerStatuses": [{"name": "web", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "PodInitializing"}}}]}),
        );
        assert_eq!(sum(&p), t("0/1", "PodInitializing", "0"));
    }

    #[test]
    fn sidecars_count_toward_ready() {
        let spec = json!({"initContainers": [{"name": "proxy", "restartPolicy": "Always"}], "containers": [{"name": "web"}]});
        let p = pod(
            spec,
            json!({"phase": "Running",
            "conditions": [{"type": "Initialized", "status": "True"}, {"type": "Ready", "status": "True"}],
            "initContainerStatuses": [{"name": "proxy", "ready": true, "started": true, "restartCount": 1, "state": {"running": {}}}],
            "containerStatuses": [{"name": "web", "ready": true, "restartCount": 0, "state": {"running": {}}}]}),
        );
        assert_eq!(sum(&p), t("2/2", "Running", "1"));
    }

    #[test]
    fn terminating_and_unknown() {
        let mut p = pod(
            one(),
            json!({"phase": "Running", "containerStatuses": [
            {"name": "web", "ready": true, "restartCount": 0, "state": {"running": {}}}]}),
        );
        p["metadata"]["deletionTimestamp"] = json!("2025-03-01T10:10:30Z");
        assert_eq!(sum(&p), t("1/1", "Terminating", "0"));
        p["status"]["reason"] = json!("NodeLost");
        assert_eq!(sum(&p).1, "Unknown");
        let mut done = pod(
            one(),
            json!({"phase": "Succeeded", "containerStatuses": [
            {"name": "web", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}),
        );
        done["metadata"]["deletionTimestamp"] = json!("2025-03-01T10:10:30Z");
        assert_eq!(sum(&done).1, "Completed");
    }

    #[test]
    fn evicted_and_gated() {
        let p = pod(one(), json!({"phase": "Failed", "reason": "Evicted"}));
        assert_eq!(sum(&p).1, "Evicted");
        let p = pod(
            one(),
            json!({"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]}),
        );
        assert_eq!(sum(&p).1, "SchedulingGated");
    }
}
