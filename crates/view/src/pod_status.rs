//! kubectl's pod STATUS, READY and RESTARTS columns (the server-side printer `printPod`, spec §5.5),
//! and the health colour derived from them.

use kubeplay_model::{Object, ObjectExt, SimTime};

use crate::types::Health;
use crate::util::{arr, controller_uid, str_at as s};

pub use kubeplay_model::pod_status::{pod_columns, PodColumns};

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
    pod_columns(pod).restarts_text(now)
}

/// Whether the pod's Ready condition is True.
pub fn pod_is_ready(pod: &Object) -> bool {
    kubeplay_model::pod::is_ready(pod)
}

/// Whether the pod is Succeeded or Failed.
pub fn pod_is_terminal(pod: &Object) -> bool {
    kubeplay_model::pod::is_terminal(pod)
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

/// The pod facts that take work to read (the STATUS column above all), remembered between
/// builds in [`LayoutState`] while the pod's resourceVersion stays the same: reading them for
/// 2,000 pods was most of a build (about 20 ms in the browser), on every change.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PodDerived {
    pub rv: String,
    /// Controller ownerReference uid.
    pub owner: Option<String>,
    pub cols: PodColumns,
    pub ready: bool,
    pub unschedulable: bool,
    pub terminal: bool,
    pub deleting: bool,
    pub has_ip: bool,
    pub node: Option<String>,
}

impl PodDerived {
    pub(crate) fn read(p: &Object) -> Self {
        PodDerived {
            rv: p.resource_version().to_string(),
            owner: controller_uid(p).map(String::from),
            cols: pod_columns(p),
            ready: pod_is_ready(p),
            unschedulable: pod_unschedulable(p),
            terminal: pod_is_terminal(p),
            deleting: p.is_deleting(),
            has_ip: !s(p, "status.podIP").is_empty(),
            node: p.str_at("spec.nodeName").filter(|s| !s.is_empty()).map(String::from),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubeplay_model::ObjectExt;
    use serde_json::{json, Value};
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
