//! kubectl's pod READY / STATUS / RESTARTS cells (the server-side printer `printPod`, spec §5.5),
//! computed once for both `kubectl get pods` and the playground's graph.

use serde_json::Value;

use crate::object::{Object, ObjectExt};
use crate::time::{human_duration, SimTime};

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

impl PodColumns {
    /// The RESTARTS cell: `N`, or `N (<age> ago)` when a last termination time is known.
    pub fn restarts_text(&self, now: SimTime) -> String {
        match self.last_restart {
            Some(t) if self.restarts != 0 => {
                format!("{} ({} ago)", self.restarts, human_duration(now.millis() - t.millis()))
            }
            _ => self.restarts.to_string(),
        }
    }
}
