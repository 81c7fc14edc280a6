//! The pod READY / STATUS / RESTARTS cells (server-side `printPod`, reference §5.5).

use kubeplay_model::time::human_duration;
use kubeplay_model::{Object, ObjectExt, SimTime};
use serde_json::Value;

use super::util::arr;

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

fn state_reason<'a>(st: &'a Value, which: &str) -> Option<&'a str> {
    st.get("state")?.get(which)?.get("reason").and_then(Value::as_str).filter(|r| !r.is_empty())
}

fn finished_at(st: &Value) -> Option<SimTime> {
    st.get("lastState")?.get("terminated")?.get("finishedAt")?.as_str().and_then(SimTime::parse_rfc3339)
}

fn is_sidecar(pod: &Object, name: &str) -> bool {
    arr(pod, "spec.initContainers").iter().any(|c| {
        c.get("name").and_then(Value::as_str) == Some(name)
            && c.get("restartPolicy").and_then(Value::as_str) == Some("Always")
    })
}

fn condition_true(pod: &Object, ty: &str) -> bool {
    arr(pod, "status.conditions").iter().any(|c| {
        c.get("type").and_then(Value::as_str) == Some(ty)
            && c.get("status").and_then(Value::as_str) == Some("True")
    })
}

fn exit_text(term: &Value, prefix: &str) -> String {
    let signal = term.get("signal").and_then(Value::as_i64).unwrap_or(0);
    if signal != 0 {
        format!("{prefix}Signal:{signal}")
    } else {
        format!("{prefix}ExitCode:{}", term.get("exitCode").and_then(Value::as_i64).unwrap_or(0))
    }
}

fn later(a: Option<SimTime>, b: Option<SimTime>) -> Option<SimTime> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// READY, STATUS and RESTARTS of a pod as `kubectl get pods` prints them.
pub fn pod_summary(pod: &Object, now: SimTime) -> PodSummary {
    let phase = pod.str_at("status.phase").unwrap_or("");
    let status_reason = pod.str_at("status.reason").unwrap_or("");
    let mut reason = if status_reason.is_empty() { phase.to_string() } else { status_reason.to_string() };
    for c in arr(pod, "status.conditions") {
        if c.get("type").and_then(Value::as_str) == Some("PodScheduled")
            && c.get("reason").and_then(Value::as_str) == Some("SchedulingGated")
        {
            reason = "SchedulingGated".into();
        }
    }
    let init_specs = arr(pod, "spec.initContainers");
    let total = arr(pod, "spec.containers").len()
        + init_specs
            .iter()
            .filter(|c| c.get("restartPolicy").and_then(Value::as_str) == Some("Always"))
            .count();
    let mut ready = 0usize;
    let mut restarts = 0i64;
    let mut sidecar_restarts = 0i64;
    let mut last_restart: Option<SimTime> = None;
    let mut last_sidecar_restart: Option<SimTime> = None;

    let mut initializing = false;
    for (i, st) in arr(pod, "status.initContainerStatuses").iter().enumerate() {
        let name = st.get("name").and_then(Value::as_str).unwrap_or("");
        let sidecar = is_sidecar(pod, name);
        let rc = st.get("restartCount").and_then(Value::as_i64).unwrap_or(0);
        restarts += rc;
        last_restart = later(last_restart, finished_at(st));
        if sidecar {
            sidecar_restarts += rc;
            last_sidecar_restart = later(last_sidecar_restart, finished_at(st));
        }
        let term = st.get("state").and_then(|s| s.get("terminated"));
        if term.is_some_and(|t| t.get("exitCode").and_then(Value::as_i64).unwrap_or(0) == 0) {
            continue;
        }
        if sidecar && st.get("started").and_then(Value::as_bool) == Some(true) {
            if st.get("ready").and_then(Value::as_bool) == Some(true) {
                ready += 1;
            }
            continue;
        }
        if let Some(t) = term {
            reason = match state_reason(st, "terminated") {
                Some(r) => format!("Init:{r}"),
                None => exit_text(t, "Init:"),
            };
        } else if let Some(r) = state_reason(st, "waiting").filter(|r| *r != "PodInitializing") {
            reason = format!("Init:{r}");
        } else {
            reason = format!("Init:{i}/{}", init_specs.len());
        }
        initializing = true;
        break;
    }

    if !initializing || condition_true(pod, "Initialized") {
        restarts = sidecar_restarts;
        last_restart = last_sidecar_restart;
        let mut has_running = false;
        for st in arr(pod, "status.containerStatuses").iter().rev() {
            restarts += st.get("restartCount").and_then(Value::as_i64).unwrap_or(0);
            last_restart = later(last_restart, finished_at(st));
            let state = st.get("state");
            let term = state.and_then(|s| s.get("terminated"));
            if let Some(r) = state_reason(st, "waiting") {
                reason = r.to_string();
            } else if let Some(r) = state_reason(st, "terminated") {
                reason = r.to_string();
            } else if let Some(t) = term {
                reason = exit_text(t, "");
            } else if st.get("ready").and_then(Value::as_bool) == Some(true)
                && state.and_then(|s| s.get("running")).is_some()
            {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            reason = if condition_true(pod, "Ready") { "Running".into() } else { "NotReady".into() };
        }
    }

    if pod.is_deleting() && status_reason == "NodeLost" {
        reason = "Unknown".into();
    } else if pod.is_deleting() && phase != "Succeeded" && phase != "Failed" {
        reason = "Terminating".into();
    }

    let restarts_str = match last_restart {
        Some(t) if restarts != 0 => format!("{restarts} ({} ago)", human_duration(now.millis() - t.millis())),
        _ => restarts.to_string(),
    };
    PodSummary { ready: format!("{ready}/{total}"), status: reason, restarts: restarts_str }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
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
