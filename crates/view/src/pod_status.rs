//! kubectl's pod STATUS, READY and RESTARTS columns (the server-side printer `printPod`, spec §5.5),
//! and the health colour derived from them.

use kubeplay_model::time::human_duration;
use kubeplay_model::{Object, ObjectExt, SimTime};
use serde_json::Value;

use crate::types::Health;

fn arr<'a>(v: &'a Value, path: &str) -> &'a [Value] {
    v.at(path).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

fn s<'a>(v: &'a Value, path: &str) -> &'a str {
    v.str_at(path).unwrap_or("")
}

/// An init container with `restartPolicy: Always` (a sidecar).
fn is_sidecar(pod: &Object, name: &str) -> bool {
    arr(pod, "spec.initContainers").iter().any(|c| s(c, "name") == name && s(c, "restartPolicy") == "Always")
}

fn condition_true(pod: &Object, type_: &str) -> bool {
    arr(pod, "status.conditions").iter().any(|c| s(c, "type") == type_ && s(c, "status") == "True")
}

/// `Signal:N` / `ExitCode:N` for a terminated state without a reason.
fn exit_text(term: &Value) -> String {
    let signal = term.i64_at("signal").unwrap_or(0);
    if signal != 0 {
        format!("Signal:{signal}")
    } else {
        format!("ExitCode:{}", term.i64_at("exitCode").unwrap_or(0))
    }
}

/// kubectl's READY, STATUS and RESTARTS cells for a pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodColumns {
    /// `1/1`.
    pub ready: String,
    /// `Running`, `CrashLoopBackOff`, `Init:0/1`, `Terminating`, …
    pub status: String,
    /// Sum of the counted containers' restartCounts.
    pub restarts: i64,
    /// The latest `lastState.terminated.finishedAt` among the counted containers.
    pub last_restart: Option<SimTime>,
}

/// One walk over the pod as the server-side printer (`printPod`, spec §5.5) does it.
pub fn pod_columns(pod: &Object) -> PodColumns {
    let phase = s(pod, "status.phase");
    let status_reason = s(pod, "status.reason");
    let mut total = arr(pod, "spec.containers").len();
    total += arr(pod, "spec.initContainers").iter().filter(|c| s(c, "restartPolicy") == "Always").count();
    let mut ready = 0usize;
    let mut restarts = 0i64;
    let mut last_restart: Option<SimTime> = None;
    let mut sidecar_restarts = 0i64;
    let mut sidecar_last: Option<SimTime> = None;
    let finished = |c: &Value| c.str_at("lastState.terminated.finishedAt").and_then(SimTime::parse_rfc3339);
    let later = |a: Option<SimTime>, b: Option<SimTime>| match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };

    // 1. phase, replaced by status.reason, replaced by SchedulingGated.
    let mut reason = if status_reason.is_empty() { phase.to_string() } else { status_reason.to_string() };
    if arr(pod, "status.conditions")
        .iter()
        .any(|c| s(c, "type") == "PodScheduled" && s(c, "reason") == "SchedulingGated")
    {
        reason = "SchedulingGated".into();
    }

    // 2. Init containers in order; the first one not done decides and stops the walk.
    let n_init = arr(pod, "spec.initContainers").len();
    let mut initializing = false;
    for (i, c) in arr(pod, "status.initContainerStatuses").iter().enumerate() {
        let rc = c.i64_at("restartCount").unwrap_or(0);
        restarts += rc;
        last_restart = later(last_restart, finished(c));
        let sidecar = is_sidecar(pod, s(c, "name"));
        if sidecar {
            sidecar_restarts += rc;
            sidecar_last = later(sidecar_last, finished(c));
        }
        let term = c.at("state.terminated").filter(|t| t.is_object());
        let waiting = c.at("state.waiting").filter(|w| w.is_object());
        if term.is_some_and(|t| t.i64_at("exitCode").unwrap_or(0) == 0) {
            continue;
        }
        if sidecar && c.bool_at("started") == Some(true) {
            if c.bool_at("ready") == Some(true) {
                ready += 1;
            }
            continue;
        }
        initializing = true;
        if let Some(t) = term {
            let r = s(t, "reason");
            reason = if r.is_empty() { format!("Init:{}", exit_text(t)) } else { format!("Init:{r}") };
        } else if let Some(r) =
            waiting.map(|w| s(w, "reason")).filter(|r| !r.is_empty() && *r != "PodInitializing")
        {
            reason = format!("Init:{r}");
        } else {
            reason = format!("Init:{i}/{n_init}");
        }
        break;
    }

    // 3. Regular containers, last to first, so the first container's state wins.
    if !initializing || condition_true(pod, "Initialized") {
        restarts = sidecar_restarts;
        last_restart = sidecar_last;
        let mut has_running = false;
        for c in arr(pod, "status.containerStatuses").iter().rev() {
            restarts += c.i64_at("restartCount").unwrap_or(0);
            last_restart = later(last_restart, finished(c));
            let waiting_reason = c.at("state.waiting").filter(|w| w.is_object()).map(|w| s(w, "reason"));
            let term = c.at("state.terminated").filter(|t| t.is_object());
            let running = c.at("state.running").is_some_and(Value::is_object);
            if let Some(r) = waiting_reason.filter(|r| !r.is_empty()) {
                reason = r.to_string();
            } else if let Some(t) = term {
                let r = s(t, "reason");
                reason = if r.is_empty() { exit_text(t) } else { r.to_string() };
            } else if c.bool_at("ready") == Some(true) && running {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            reason = if condition_true(pod, "Ready") { "Running".into() } else { "NotReady".into() };
        }
    }

    // 4. Deletion overrides everything.
    if pod.is_deleting() && status_reason == "NodeLost" {
        reason = "Unknown".into();
    } else if pod.is_deleting() && phase != "Succeeded" && phase != "Failed" {
        reason = "Terminating".into();
    }
    PodColumns { ready: format!("{ready}/{total}"), status: reason, restarts, last_restart }
}

/// The STATUS column of `kubectl get pods`, computed exactly as spec §5.5 describes.
pub fn pod_status_text(pod: &Object) -> String {
    pod_columns(pod).status
}

/// The READY column: `<running and ready containers>/<containers + sidecar init containers>`.
pub fn pod_ready_text(pod: &Object) -> String {
    pod_columns(pod).ready
}

/// The RESTARTS column: `N`, or `N (<age> ago)` when a last termination time is known.
pub fn pod_restarts(pod: &Object, now: SimTime) -> String {
    let c = pod_columns(pod);
    match c.last_restart {
        Some(t) if c.restarts > 0 => {
            format!("{} ({} ago)", c.restarts, human_duration(now.millis() - t.millis()))
        }
        _ => c.restarts.to_string(),
    }
}

/// Whether the pod's Ready condition is True.
pub fn pod_is_ready(pod: &Object) -> bool {
    condition_true(pod, "Ready")
}

/// Whether the pod is Succeeded or Failed.
pub fn pod_is_terminal(pod: &Object) -> bool {
    matches!(s(pod, "status.phase"), "Succeeded" | "Failed")
}

/// PodScheduled=False with reason Unschedulable.
pub fn pod_unschedulable(pod: &Object) -> bool {
    arr(pod, "status.conditions").iter().any(|c| {
        s(c, "type") == "PodScheduled" && s(c, "status") == "False" && s(c, "reason") == "Unschedulable"
    })
}

/// The health colour for a pod, from its STATUS text and Ready condition.
pub fn pod_health(pod: &Object) -> Health {
    health_for_status(&pod_status_text(pod), pod_is_ready(pod), pod_unschedulable(pod))
}

pub(crate) fn health_for_status(status: &str, ready: bool, unschedulable: bool) -> Health {
    match status {
        "Terminating" => Health::Terminating,
        "Unknown" => Health::Unknown,
        "Running" if ready => Health::Ok,
        "Running" | "NotReady" => Health::Warning,
        "Completed" | "Succeeded" => Health::Ok,
        "Pending" if unschedulable => Health::Warning,
        "Pending" | "ContainerCreating" | "PodInitializing" | "SchedulingGated" => Health::Progressing,
        s if s.starts_with("Init:") => {
            let rest = &s[5..];
            if rest.split_once('/').is_some_and(|(a, b)| a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok())
            {
                Health::Progressing
            } else {
                Health::Error
            }
        }
        _ => Health::Error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn pod(status: Value) -> Value {
        json!({"kind": "Pod", "metadata": {"name": "web", "namespace": "default"},
               "spec": {"containers": [{"name": "web", "image": "nginx"}]}, "status": status})
    }

    #[test]
    fn phase_is_the_default() {
        assert_eq!(pod_status_text(&pod(json!({"phase": "Pending"}))), "Pending");
        assert_eq!(pod_status_text(&pod(json!({}))), "");
    }

    #[test]
    fn status_reason_replaces_phase() {
        let p = pod(json!({"phase": "Failed", "reason": "Evicted"}));
        assert_eq!(pod_status_text(&p), "Evicted");
    }

    #[test]
    fn scheduling_gated() {
        let p = pod(json!({"phase": "Pending", "conditions": [
            {"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]}));
        assert_eq!(pod_status_text(&p), "SchedulingGated");
    }

    fn waiting(reason: &str) -> Value {
        json!({"name": "web", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": reason}}})
    }

    #[test]
    fn waiting_reasons() {
        for r in [
            "ContainerCreating",
            "ErrImagePull",
            "ImagePullBackOff",
            "CrashLoopBackOff",
            "CreateContainerConfigError",
            "InvalidImageName",
            "ErrImageNeverPull",
        ] {
            let p = pod(json!({"phase": "Pending", "containerStatuses": [waiting(r)]}));
            assert_eq!(pod_status_text(&p), r);
        }
    }

    #[test]
    fn waiting_without_reason_keeps_phase() {
        let p = pod(json!({"phase": "Pending", "containerStatuses": [
            {"name": "web", "ready": false, "state": {"waiting": {}}}]}));
        assert_eq!(pod_status_text(&p), "Pending");
    }

    #[test]
    fn running_and_ready() {
        let p = pod(json!({"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}],
            "containerStatuses": [{"name": "web", "ready": true, "restartCount": 0,
                "state": {"running": {"startedAt": "2025-03-01T10:00:00Z"}}}]}));
        assert_eq!(pod_status_text(&p), "Running");
        assert_eq!(pod_ready_text(&p), "1/1");
        assert_eq!(pod_health(&p), Health::Ok);
    }

    #[test]
    fn running_not_ready_is_still_running() {
        let p = pod(json!({"phase": "Running", "conditions": [{"type": "Ready", "status": "False"}],
            "containerStatuses": [{"name": "web", "ready": false, "state": {"running": {}}}]}));
        assert_eq!(pod_status_text(&p), "Running");
        assert_eq!(pod_ready_text(&p), "0/1");
        assert_eq!(pod_health(&p), Health::Warning);
    }

    #[test]
    fn terminated_reasons_and_exit_codes() {
        let t = |term: Value| {
            pod(json!({"phase": "Running", "containerStatuses": [
                {"name": "web", "ready": false, "state": {"terminated": term}}]}))
        };
        assert_eq!(pod_status_text(&t(json!({"reason": "Completed", "exitCode": 0}))), "Completed");
        assert_eq!(pod_status_text(&t(json!({"reason": "Error", "exitCode": 1}))), "Error");
        assert_eq!(pod_status_text(&t(json!({"reason": "OOMKilled", "exitCode": 137}))), "OOMKilled");
        assert_eq!(pod_status_text(&t(json!({"exitCode": 2}))), "ExitCode:2");
        assert_eq!(pod_status_text(&t(json!({"exitCode": 143, "signal": 15}))), "Signal:15");
    }

    #[test]
    fn first_container_dominates() {
        // walked last to first: the first container's state is assigned last and wins.
        let p = json!({"kind": "Pod", "metadata": {"name": "p"},
            "spec": {"containers": [{"name": "a"}, {"name": "b"}]},
            "status": {"phase": "Pending", "containerStatuses": [
                {"name": "a", "state": {"waiting": {"reason": "ImagePullBackOff"}}},
                {"name": "b", "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}});
        assert_eq!(pod_status_text(&p), "ImagePullBackOff");
        assert_eq!(pod_ready_text(&p), "0/2");
    }

    #[test]
    fn completed_with_a_running_container() {
        let mk = |ready: &str| {
            json!({"kind": "Pod", "metadata": {"name": "p"},
                "spec": {"containers": [{"name": "a"}, {"name": "b"}]},
                "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": ready}],
                    "containerStatuses": [
                        {"name": "a", "ready": false, "state": {"terminated": {"reason": "Completed", "exitCode": 0}}},
                        {"name": "b", "ready": true, "state": {"running": {}}}]}})
        };
        assert_eq!(pod_status_text(&mk("True")), "Running");
        assert_eq!(pod_status_text(&mk("False")), "NotReady");
        assert_eq!(pod_health(&mk("False")), Health::Warning);
    }

    fn with_init(init_statuses: Value, conditions: Value) -> Value {
        json!({"kind": "Pod", "metadata": {"name": "p"},
            "spec": {"initContainers": [{"name": "init"}], "containers": [{"name": "web"}]},
            "status": {"phase": "Pending", "conditions": conditions,
                "initContainerStatuses": init_statuses,
                "containerStatuses": [{"name": "web", "ready": false,
                    "state": {"waiting": {"reason": "PodInitializing"}}}]}})
    }

    #[test]
    fn init_running_shows_index_of_count() {
        let p = with_init(json!([{"name": "init", "ready": false, "state": {"running": {}}}]), json!([]));
        assert_eq!(pod_status_text(&p), "Init:0/1");
        assert_eq!(pod_health(&p), Health::Progressing);
        let p = with_init(
            json!([{"name": "init", "state": {"waiting": {"reason": "PodInitializing"}}}]),
            json!([]),
        );
        assert_eq!(pod_status_text(&p), "Init:0/1");
    }

    #[test]
    fn init_second_of_two() {
        let p = json!({"kind": "Pod", "metadata": {"name": "p"},
            "spec": {"initContainers": [{"name": "a"}, {"name": "b"}], "containers": [{"name": "web"}]},
            "status": {"phase": "Pending", "initContainerStatuses": [
                {"name": "a", "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
                {"name": "b", "state": {"running": {}}}]}});
        assert_eq!(pod_status_text(&p), "Init:1/2");
    }

    #[test]
    fn init_failures() {
        let p = with_init(
            json!([{"name": "init", "state": {"terminated": {"exitCode": 1, "reason": "Error"}}}]),
            json!([]),
        );
        assert_eq!(pod_status_text(&p), "Init:Error");
        assert_eq!(pod_health(&p), Health::Error);
        let p = with_init(json!([{"name": "init", "state": {"terminated": {"exitCode": 3}}}]), json!([]));
        assert_eq!(pod_status_text(&p), "Init:ExitCode:3");
        let p = with_init(
            json!([{"name": "init", "state": {"terminated": {"exitCode": 137, "signal": 9}}}]),
            json!([]),
        );
        assert_eq!(pod_status_text(&p), "Init:Signal:9");
        let p = with_init(
            json!([{"name": "init", "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]),
            json!([]),
        );
        assert_eq!(pod_status_text(&p), "Init:CrashLoopBackOff");
    }

    #[test]
    fn init_done_then_pod_initializing() {
        let p = with_init(
            json!([{"name": "init", "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]),
            json!([{"type": "Initialized", "status": "True"}]),
        );
        assert_eq!(pod_status_text(&p), "PodInitializing");
    }

    #[test]
    fn sidecar_started_is_skipped_and_counted() {
        let p = json!({"kind": "Pod", "metadata": {"name": "p"},
            "spec": {"initContainers": [{"name": "proxy", "restartPolicy": "Always"}], "containers": [{"name": "web"}]},
            "status": {"phase": "Running", "conditions": [{"type": "Initialized", "status": "True"}, {"type": "Ready", "status": "True"}],
                "initContainerStatuses": [{"name": "proxy", "started": true, "ready": true, "restartCount": 1, "state": {"running": {}}}],
                "containerStatuses": [{"name": "web", "ready": true, "restartCount": 2, "state": {"running": {}}}]}});
        assert_eq!(pod_status_text(&p), "Running");
        assert_eq!(pod_ready_text(&p), "2/2");
        assert_eq!(pod_restarts(&p, SimTime(0)), "3");
        // A sidecar not yet started blocks initialisation like any init container.
        let mut q = p.clone();
        *q.at_mut("status.initContainerStatuses.0.started") = json!(false);
        *q.at_mut("status.conditions") = json!([]);
        assert_eq!(pod_status_text(&q), "Init:0/1");
    }

    #[test]
    fn terminating_overrides_everything() {
        let mut p = pod(json!({"phase": "Running", "containerStatuses": [waiting("CrashLoopBackOff")]}));
        *p.at_mut("metadata.deletionTimestamp") = json!("2025-03-01T10:00:30Z");
        assert_eq!(pod_status_text(&p), "Terminating");
        assert_eq!(pod_health(&p), Health::Terminating);
    }

    #[test]
    fn deleted_terminal_pod_keeps_its_status() {
        let mut p = pod(json!({"phase": "Succeeded", "containerStatuses": [
            {"name": "web", "state": {"terminated": {"reason": "Completed", "exitCode": 0}}}]}));
        *p.at_mut("metadata.deletionTimestamp") = json!("2025-03-01T10:00:30Z");
        assert_eq!(pod_status_text(&p), "Completed");
    }

    #[test]
    fn node_lost_is_unknown() {
        let mut p = pod(json!({"phase": "Running", "reason": "NodeLost"}));
        *p.at_mut("metadata.deletionTimestamp") = json!("2025-03-01T10:00:30Z");
        assert_eq!(pod_status_text(&p), "Unknown");
    }

    #[test]
    fn restarts_with_age() {
        let p = pod(json!({"phase": "Running", "containerStatuses": [{"name": "web", "restartCount": 3,
            "state": {"waiting": {"reason": "CrashLoopBackOff"}},
            "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": "2025-03-01T10:00:00Z"}}}]}));
        let now = SimTime::parse_rfc3339("2025-03-01T10:00:41Z").unwrap();
        assert_eq!(pod_restarts(&p, now), "3 (41s ago)");
        assert_eq!(pod_restarts(&pod(json!({"phase": "Pending"})), now), "0");
    }

    #[test]
    fn restarts_while_initialising_count_init_containers() {
        let p = json!({"kind": "Pod", "metadata": {"name": "p"},
            "spec": {"initContainers": [{"name": "a"}, {"name": "b"}], "containers": [{"name": "web"}]},
            "status": {"phase": "Pending", "initContainerStatuses": [
                {"name": "a", "restartCount": 4, "state": {"waiting": {"reason": "CrashLoopBackOff"}}},
                {"name": "b", "restartCount": 7, "state": {"waiting": {"reason": "PodInitializing"}}}],
                "containerStatuses": [{"name": "web", "restartCount": 0, "state": {"waiting": {"reason": "PodInitializing"}}}]}});
        let c = pod_columns(&p);
        assert_eq!((c.status.as_str(), c.ready.as_str(), c.restarts), ("Init:CrashLoopBackOff", "0/1", 4));
    }

    #[test]
    fn health_mapping() {
        assert_eq!(health_for_status("Pending", false, true), Health::Warning);
        assert_eq!(health_for_status("Pending", false, false), Health::Progressing);
        assert_eq!(health_for_status("ImagePullBackOff", false, false), Health::Error);
        assert_eq!(health_for_status("Init:CrashLoopBackOff", false, false), Health::Error);
        assert_eq!(health_for_status("Completed", false, false), Health::Ok);
    }
}
