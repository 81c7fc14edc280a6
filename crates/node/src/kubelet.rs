//! The kubelet (spec §5): sandbox and pod IP, image pulls through the node's cache, container
//! creation and start, the process timeline, restarts with back-off, probes, and graceful
//! termination. `sync_pod` catches the pod up to `now`, one due action at a time.

use std::collections::{BTreeMap, BTreeSet};

use kubeplay_model::time::go_duration;
use kubeplay_model::write::{EventSpec, WriteOp};
use kubeplay_model::{Object, ObjectExt, ObjectRef, ObjectWrite, SimRng, SimTime};
use serde_json::Value;

use crate::env::{self, container_spec};
use crate::images::{self, Kind};
use crate::program::{self, App, Plan, Sigterm};
use crate::rootfs;
use crate::runtime::{ContainerRuntime, ContainerState, DueAction, PodRuntime, ProbeRuntime, Run, Term};
use crate::store::{node_ip, qty_milli};
use crate::{status, volumes, NodeSim, ProbeKind, Store, SyncResult};

pub const MAX_BACKOFF_MS: i64 = 300_000;
pub const INITIAL_BACKOFF_MS: i64 = 10_000;
/// How long an image pull takes: the constants of the pull-time formula (a kind node pulling
/// over a good connection: a few seconds for a typical image, longer for big ones).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PullTiming {
    /// A pull of an image the node lacks: base + size × `fresh_ms_per_200mb` / 200 MB + jitter,
    /// clamped to `fresh_min_ms..=fresh_max_ms`.
    pub fresh_base_ms: i64,
    pub fresh_ms_per_200mb: i64,
    pub fresh_jitter_ms: u64,
    pub fresh_min_ms: i64,
    pub fresh_max_ms: i64,
    /// `imagePullPolicy: Always` for an image the node has: only the manifest is checked,
    /// base + size / `present_bytes_per_ms` (capped) + jitter.
    pub present_base_ms: i64,
    pub present_bytes_per_ms: i64,
    pub present_size_cap_ms: i64,
    pub present_jitter_ms: u64,
    /// A pull the registry refuses: base + jitter.
    pub failed_base_ms: i64,
    pub failed_jitter_ms: u64,
}

impl Default for PullTiming {
    fn default() -> Self {
        PullTiming {
            fresh_base_ms: 2000,
            fresh_ms_per_200mb: 6000,
            fresh_jitter_ms: 700,
            fresh_min_ms: 2000,
            fresh_max_ms: 8000,
            present_base_ms: 250,
            present_bytes_per_ms: 400_000,
            present_size_cap_ms: 700,
            present_jitter_ms: 200,
            failed_base_ms: 600,
            failed_jitter_ms: 900,
        }
    }
}

impl PullTiming {
    /// The pull's duration for its outcome (`Ok(size)` or the registry's error).
    pub fn pull_ms(&self, result: &Result<u64, String>, present: bool, rng: &mut SimRng) -> i64 {
        let jitter = |rng: &mut SimRng, max: u64| rng.below(max) as i64;
        match result {
            Ok(size) if present => {
                let size = i64::try_from(*size).unwrap_or(i64::MAX);
                self.present_base_ms
                    + (size / self.present_bytes_per_ms.max(1)).min(self.present_size_cap_ms)
                    + jitter(rng, self.present_jitter_ms)
            }
            Ok(size) => {
                let size = i64::try_from(*size).unwrap_or(i64::MAX / self.fresh_ms_per_200mb.max(1));
                (self.fresh_base_ms
                    + size.saturating_mul(self.fresh_ms_per_200mb) / 200_000_000
                    + jitter(rng, self.fresh_jitter_ms))
                .clamp(self.fresh_min_ms, self.fresh_max_ms)
            }
            Err(_) => self.failed_base_ms + jitter(rng, self.failed_jitter_ms),
        }
    }
}

/// How often a waiting container with a configuration error is retried.
const CONFIG_RETRY_MS: i64 = 10_000;

/// Everything an action needs besides the pod's runtime state.
struct SyncContext<'a, S: Store + ?Sized> {
    pod: &'a Object,
    api: &'a S,
    rng: &'a mut SimRng,
    out: SyncResult,
    node_name: String,
}

impl<S: Store + ?Sized> SyncContext<'_, S> {
    /// Records an event about the pod (`field_path` empty) or one of its containers.
    fn event(&mut self, field_path: &str, type_: &'static str, reason: &str, message: String) {
        self.out.events.push(EventSpec {
            involved: self.pod.into(),
            field_path: field_path.to_string(),
            type_,
            reason: reason.to_string(),
            message,
            component: "kubelet",
            host: self.node_name.clone(),
        });
    }
}

fn restart_policy(pod: &Object) -> &str {
    pod.str_at("spec.restartPolicy").unwrap_or("Always")
}

fn pod_ref(pod: &Object) -> String {
    format!("{}_{}({})", pod.name(), pod.namespace(), pod.uid())
}

fn list(pod: &Object, k: &str) -> Vec<Value> {
    pod.at(k).and_then(Value::as_array).cloned().unwrap_or_default()
}

fn new_rt(sim: &mut NodeSim, pod: &Object, node: &Object, now: SimTime, rng: &mut SimRng) -> PodRuntime {
    let inits = list(pod, "spec.initContainers");
    let has_init = !inits.is_empty();
    let mk = |c: &Value, init: bool| {
        let mut ctr = ContainerRuntime::new(
            c.get("name").and_then(Value::as_str).unwrap_or(""),
            init,
            c.get("image").and_then(Value::as_str).unwrap_or(""),
            has_init,
        );
        ctr.sidecar = init && c.get("restartPolicy").and_then(Value::as_str) == Some("Always");
        ctr
    };
    let _ = sim;
    PodRuntime {
        uid: pod.uid().to_string(),
        node: node.name().to_string(),
        pod_ip: String::new(),
        host_ip: node_ip(node),
        start_time: now,
        sandbox_due: Some(now.plus_millis(600 + rng.below(600) as i64)),
        sandbox_ready: false,
        init: inits.iter().map(|c| mk(c, true)).collect(),
        ctrs: list(pod, "spec.containers").iter().map(|c| mk(c, false)).collect(),
        service_env: vec![],
        terminating: false,
        deleted: false,
        mount_error: None,
        force_crash: BTreeSet::new(),
    }
}

fn alloc_ip(sim: &mut NodeSim, node: &Object) -> String {
    let cidr = node.str_at("spec.podCIDR").unwrap_or("10.244.0.0/24");
    let base: Vec<&str> = cidr.split('/').next().unwrap_or("10.244.0.0").split('.').collect();
    let nrt = sim.nodes.entry(node.name().to_string()).or_default();
    let host = 2 + (nrt.next_ip % 253);
    nrt.next_ip += 1;
    format!(
        "{}.{}.{}.{host}",
        base.first().unwrap_or(&"10"),
        base.get(1).unwrap_or(&"244"),
        base.get(2).unwrap_or(&"0")
    )
}

pub fn sync_pod<S: Store + ?Sized>(
    sim: &mut NodeSim,
    pod: &Object,
    api: &S,
    now: SimTime,
    rng: &mut SimRng,
) -> SyncResult {
    let Some(node_name) = pod.str_at("spec.nodeName").filter(|n| !n.is_empty()).map(String::from) else {
        return SyncResult::default();
    };
    let Some(node) = api.get("nodes", "", &node_name) else { return SyncResult::default() };
    if sim.nodes.get(&node_name).is_some_and(|n| n.failed) {
        // The kubelet is down: nothing changes until the node recovers.
        return SyncResult::default();
    }
    let uid = pod.uid().to_string();
    let phase = pod.str_at("status.phase").unwrap_or("Pending");
    let terminal = matches!(phase, "Succeeded" | "Failed");
    let mut cx = SyncContext { pod, api, rng, out: SyncResult::default(), node_name: node_name.clone() };
    if pod.is_deleting() && (terminal || !sim.pods.contains_key(&uid)) {
        cx.out.writes.push(delete_write(pod));
        return cx.out;
    }
    if terminal && !sim.pods.contains_key(&uid) {
        return cx.out;
    }
    let mut rt = match sim.pods.remove(&uid) {
        Some(rt) => rt,
        None => new_rt(sim, pod, &node, now, cx.rng),
    };
    if rt.deleted {
        sim.pods.insert(uid, rt);
        return cx.out;
    }
    advance(sim, &mut rt, &node, &mut cx, now);
    let st = status::build(&rt, pod, now);
    if pod.get("status") != Some(&st) {
        let mut p = pod.clone();
        p["status"] = st;
        cx.out.writes.push(ObjectWrite { op: WriteOp::UpdateStatus(p), manager: "kubelet" });
    }
    if rt.terminating && rt.init.iter().chain(rt.ctrs.iter()).all(|c| !c.is_running() && c.due.is_none()) {
        rt.deleted = true;
        cx.out.writes.push(delete_write(pod));
    } else if let Some(t) = rt.next_due() {
        cx.out.wake(t.max(now));
    }
    sim.pods.insert(uid, rt);
    cx.out
}

fn delete_write(pod: &Object) -> ObjectWrite {
    ObjectWrite {
        op: WriteOp::Delete {
            target: ObjectRef::new("pods", pod.namespace(), pod.name()),
            grace_period_seconds: Some(0),
            propagation: None,
        },
        manager: "kubelet",
    }
}

/// Where a container sits in the pod: among the init containers or the regular ones.
#[derive(Clone, Copy)]
struct ContainerIndex {
    init: bool,
    pos: usize,
}

fn container_mut(rt: &mut PodRuntime, i: ContainerIndex) -> &mut ContainerRuntime {
    if i.init {
        &mut rt.init[i.pos]
    } else {
        &mut rt.ctrs[i.pos]
    }
}

fn advance<S: Store + ?Sized>(
    sim: &mut NodeSim,
    rt: &mut PodRuntime,
    node: &Object,
    cx: &mut SyncContext<S>,
    now: SimTime,
) {
    // Spec changes the kubelet reacts to: a new image means a new container.
    for (init, key) in [(true, "spec.initContainers"), (false, "spec.containers")] {
        for spec in list(cx.pod, key) {
            let name = spec.get("name").and_then(Value::as_str).unwrap_or("");
            let image = spec.get("image").and_then(Value::as_str).unwrap_or("");
            let v = if init { &mut rt.init } else { &mut rt.ctrs };
            if let Some(c) = v.iter_mut().find(|c| c.name == name) {
                if c.image != image && !rt.terminating {
                    c.image = image.to_string();
                    c.image_ref = images::parse(image).ok();
                    c.crash_backoff_ms = 0;
                    c.pull_backoff_ms = 0;
                    if c.is_running() {
                        let field_path = c.field_path();
                        cx.event(
                            &field_path,
                            "Normal",
                            "Killing",
                            format!("Container {name} definition changed, will be restarted"),
                        );
                        stop(c, now, false, cx.pod);
                    } else if !c.pending {
                        c.due = Some((now, DueAction::Prepare));
                    }
                }
            }
        }
    }
    // Faults.
    for name in std::mem::take(&mut rt.force_crash) {
        for c in rt.all_mut() {
            if c.name == name && c.is_running() {
                c.due = Some((now, DueAction::Exit { code: 1, reason: "Error", message: None }));
            }
        }
    }
    if cx.pod.is_deleting() && !rt.terminating {
        rt.terminating = true;
        rt.sandbox_due = None;
        let deadline = cx.pod.deletion_timestamp().unwrap_or(now);
        for c in rt.all_mut() {
            if c.is_running() {
                let field_path = c.field_path();
                cx.event(&field_path, "Normal", "Killing", format!("Stopping container {}", c.name));
                let sig = c.run.as_ref().map_or(Sigterm::Ignore, |r| r.plan.sigterm);
                let (at, code) = match sig {
                    Sigterm::Exit(code, ms) => (now.plus_millis(ms).min(deadline.max(now)), code),
                    Sigterm::Ignore => (deadline.max(now), 137),
                };
                let code = if code == 0 {
                    0
                } else if at >= deadline && matches!(sig, Sigterm::Ignore) {
                    137
                } else {
                    143
                };
                let reason = if code == 0 { "Completed" } else { "Error" };
                c.due = Some((at, DueAction::Exit { code, reason, message: None }));
                c.stopping = true;
            } else {
                c.due = None;
            }
        }
    }
    let mut guard = 0;
    loop {
        guard += 1;
        if guard > 10_000 {
            break;
        }
        let Some(t) = rt.next_due() else { break };
        if t > now {
            break;
        }
        if rt.sandbox_due == Some(t) {
            rt.sandbox_due = None;
            sandbox(sim, rt, node, cx, t);
            continue;
        }
        // Container actions first, then probes.
        let mut found = None;
        for (i, c) in rt.init.iter().enumerate() {
            if c.due.as_ref().is_some_and(|(d, _)| *d == t) {
                found = Some(ContainerIndex { init: true, pos: i });
                break;
            }
        }
        if found.is_none() {
            for (i, c) in rt.ctrs.iter().enumerate() {
                if c.due.as_ref().is_some_and(|(d, _)| *d == t) {
                    found = Some(ContainerIndex { init: false, pos: i });
                    break;
                }
            }
        }
        if let Some(i) = found {
            let act = container_mut(rt, i).due.take().map(|(_, a)| a);
            if let Some(a) = act {
                act_on(sim, rt, node, cx, i, a, t);
            }
            continue;
        }
        probe_due(rt, cx, t);
    }
}

fn sandbox<S: Store + ?Sized>(
    sim: &mut NodeSim,
    rt: &mut PodRuntime,
    node: &Object,
    cx: &mut SyncContext<S>,
    t: SimTime,
) {
    if let Some(msg) = volumes::mount_error(cx.pod, cx.api) {
        cx.event("", "Warning", "FailedMount", msg.clone());
        rt.mount_error = Some(msg);
        rt.sandbox_due = Some(t.plus_millis(CONFIG_RETRY_MS));
        return;
    }
    rt.mount_error = None;
    rt.sandbox_ready = true;
    rt.pod_ip =
        if cx.pod.bool_at("spec.hostNetwork") == Some(true) { node_ip(node) } else { alloc_ip(sim, node) };
    let links = cx.pod.bool_at("spec.enableServiceLinks").unwrap_or(true);
    rt.service_env = env::service_env(cx.api, cx.pod.namespace(), links);
    start_next(rt, t);
}

/// Brings up the next container that has not been attempted yet: init containers one at a
/// time (each must complete), regular containers in order.
fn start_next(rt: &mut PodRuntime, t: SimTime) {
    if rt.terminating || !rt.sandbox_ready {
        return;
    }
    if let Some(c) = rt.init.iter_mut().find(|c| !c.completed) {
        if c.pending {
            c.pending = false;
            c.due = Some((t, DueAction::Prepare));
        }
        return;
    }
    for c in rt.ctrs.iter_mut() {
        if c.pending {
            if let ContainerState::Waiting { reason, .. } = &mut c.state {
                if reason == "PodInitializing" {
                    *reason = "ContainerCreating".into();
                }
            }
        }
    }
    if let Some(c) = rt.ctrs.iter_mut().find(|c| c.pending) {
        c.pending = false;
        c.due = Some((t, DueAction::Prepare));
    }
}

fn waiting(c: &mut ContainerRuntime, reason: &str, message: Option<String>) {
    if let ContainerState::Terminated(term) = &c.state {
        c.last_term = Some(term.clone());
    }
    c.state = ContainerState::Waiting { reason: reason.to_string(), message };
}

fn next_backoff(cur: i64) -> i64 {
    if cur == 0 {
        INITIAL_BACKOFF_MS
    } else {
        (cur * 2).min(MAX_BACKOFF_MS)
    }
}

fn act_on<S: Store + ?Sized>(
    sim: &mut NodeSim,
    rt: &mut PodRuntime,
    node: &Object,
    cx: &mut SyncContext<S>,
    i: ContainerIndex,
    act: DueAction,
    t: SimTime,
) {
    if rt.terminating && !matches!(act, DueAction::Exit { .. }) {
        return;
    }
    let node_name = node.name().to_string();
    match act {
        DueAction::Prepare => {
            let c = container_mut(rt, i);
            let image = c.image.clone();
            let spec = container_spec(cx.pod, &c.name).cloned().unwrap_or(Value::Null);
            let policy =
                spec.get("imagePullPolicy").and_then(Value::as_str).unwrap_or("IfNotPresent").to_string();
            let Some(r) = c.image_ref.clone() else {
                let err = images::parse(&image).err().unwrap_or_default();
                let msg = format!("Failed to apply default image tag \"{image}\": couldn't parse image name \"{image}\": {err}");
                let field_path = c.field_path();
                cx.event(&field_path, "Warning", "InspectFailed", msg.clone());
                cx.event(&field_path, "Warning", "Failed", "Error: InvalidImageName".into());
                waiting(c, "InvalidImageName", Some(msg));
                start_next(rt, t);
                return;
            };
            let canonical = r.canonical();
            let nrt = sim.nodes.entry(node_name).or_default();
            nrt.preload();
            let present =
                nrt.images.contains(&canonical) || (policy == "Never" && images::catalog_entry(&r).is_none());
            if policy == "Never" && !present {
                let msg = format!("Container image \"{image}\" is not present with pull policy of Never");
                let field_path = c.field_path();
                cx.event(&field_path, "Warning", "ErrImageNeverPull", msg.clone());
                cx.event(&field_path, "Warning", "Failed", "Error: ErrImageNeverPull".into());
                waiting(c, "ErrImageNeverPull", Some(msg));
                c.pull_backoff_ms = next_backoff(c.pull_backoff_ms);
                c.due = Some((t.plus_millis(c.pull_backoff_ms), DueAction::Prepare));
                start_next(rt, t);
                return;
            }
            if present && policy != "Always" {
                let field_path = c.field_path();
                cx.event(
                    &field_path,
                    "Normal",
                    "Pulled",
                    format!("Container image \"{image}\" already present on machine"),
                );
                c.pulled = true;
                config_then_start(rt, cx, i, t);
                return;
            }
            let field_path = c.field_path();
            cx.event(&field_path, "Normal", "Pulling", format!("Pulling image \"{image}\""));
            let result = images::pull(&r).map(|(_, size)| size);
            let pull_ms = sim.pull_timing.pull_ms(&result, present, cx.rng);
            let nrt = sim.nodes.entry(node.name().to_string()).or_default();
            let begin = nrt.pull_busy_until.max(t);
            let done = begin.plus_millis(pull_ms);
            nrt.pull_busy_until = done;
            let c = container_mut(rt, i);
            c.due = Some((done, DueAction::PullDone { result, queued_at: t, pull_ms }));
        }
        DueAction::PullDone { result, queued_at, pull_ms } => {
            let c = container_mut(rt, i);
            let image = c.image.clone();
            match result {
                Ok(size) => {
                    if let Some(r) = &c.image_ref {
                        sim.nodes.entry(node_name).or_default().images.insert(r.canonical());
                    }
                    c.pulled = true;
                    c.pull_backoff_ms = 0;
                    let total = t.millis() - queued_at.millis();
                    let field_path = c.field_path();
                    cx.event(
                        &field_path,
                        "Normal",
                        "Pulled",
                        format!(
                            "Successfully pulled image \"{image}\" in {} ({} including waiting). Image size: {size} bytes.",
                            go_duration(pull_ms),
                            go_duration(total)
                        ),
                    );
                    config_then_start(rt, cx, i, t);
                }
                Err(e) => {
                    let field_path = c.field_path();
                    cx.event(
                        &field_path,
                        "Warning",
                        "Failed",
                        format!("Failed to pull image \"{image}\": {e}"),
                    );
                    cx.event(&field_path, "Warning", "Failed", "Error: ErrImagePull".into());
                    waiting(c, "ErrImagePull", Some(e.clone()));
                    c.pull_error = e;
                    c.pull_backoff_ms = next_backoff(c.pull_backoff_ms);
                    c.due = Some((t.plus_millis(1000), DueAction::ShowPullBackOff));
                    start_next(rt, t);
                }
            }
        }
        DueAction::ShowPullBackOff => {
            let c = container_mut(rt, i);
            let image = c.image.clone();
            let field_path = c.field_path();
            cx.event(&field_path, "Normal", "BackOff", format!("Back-off pulling image \"{image}\""));
            cx.event(&field_path, "Warning", "Failed", "Error: ImagePullBackOff".into());
            let msg = format!("Back-off pulling image \"{image}\": ErrImagePull: {}", c.pull_error);
            waiting(c, "ImagePullBackOff", Some(msg));
            let retry = t.plus_millis(c.pull_backoff_ms - 1000);
            c.due = Some((retry, DueAction::Prepare));
        }
        DueAction::Start => start_container(sim, rt, node, cx, i, t),
        DueAction::Exit { code, reason, message } => exit_container(rt, cx, i, t, code, reason, message),
        DueAction::ShowCrashBackOff { delay_ms } => {
            let pr = pod_ref(cx.pod);
            let c = container_mut(rt, i);
            let field_path = c.field_path();
            cx.event(
                &field_path,
                "Warning",
                "BackOff",
                format!("Back-off restarting failed container {} in pod {pr}", c.name),
            );
            let msg =
                format!("back-off {} restarting failed container={} pod={pr}", go_duration(delay_ms), c.name);
            let finished = match &c.state {
                ContainerState::Terminated(term) => term.finished,
                _ => t,
            };
            waiting(c, "CrashLoopBackOff", Some(msg));
            c.due = Some((finished.plus_millis(delay_ms).max(t), DueAction::Restart));
        }
        DueAction::Restart => {
            let c = container_mut(rt, i);
            if let ContainerState::Terminated(term) = &c.state {
                c.last_term = Some(term.clone());
            }
            c.restart_count += 1;
            c.due = Some((t, DueAction::Prepare));
        }
    }
}

/// Resolves the container's configuration; on error the container waits with
/// CreateContainerConfigError and is retried, otherwise it is created and started shortly.
fn config_then_start<S: Store + ?Sized>(
    rt: &mut PodRuntime,
    cx: &mut SyncContext<S>,
    i: ContainerIndex,
    t: SimTime,
) {
    let name = &container_mut(rt, i).name;
    let spec = container_spec(cx.pod, name).cloned().unwrap_or(Value::Null);
    let resolved = env::kubelet_env(cx.api, cx.pod, &spec, &rt.pod_ip, &rt.host_ip, &rt.service_env);
    let c = container_mut(rt, i);
    match resolved {
        Err(e) => {
            let field_path = c.field_path();
            cx.event(&field_path, "Warning", "Failed", format!("Error: {e}"));
            waiting(c, "CreateContainerConfigError", Some(e));
            c.due = Some((t.plus_millis(CONFIG_RETRY_MS), DueAction::Prepare));
            start_next(rt, t);
        }
        Ok(_) => {
            let delay = 300 + cx.rng.below(700) as i64;
            c.due = Some((t.plus_millis(delay), DueAction::Start));
        }
    }
}

fn image_files(kind: Kind) -> Vec<(&'static str, &'static str)> {
    match kind {
        Kind::Nginx => vec![("/usr/share/nginx/html/index.html", program::NGINX_WELCOME)],
        Kind::Httpd => {
            vec![("/usr/local/apache2/htdocs/index.html", "<html><body><h1>It works!</h1></body></html>\n")]
        }
        _ => vec![],
    }
}

fn start_container<S: Store + ?Sized>(
    sim: &mut NodeSim,
    rt: &mut PodRuntime,
    node: &Object,
    cx: &mut SyncContext<S>,
    i: ContainerIndex,
    t: SimTime,
) {
    let pod_ip = rt.pod_ip.clone();
    let host_ip = rt.host_ip.clone();
    let hostname = env::hostname(cx.pod);
    let c = container_mut(rt, i);
    let spec = container_spec(cx.pod, &c.name).cloned().unwrap_or(Value::Null);
    let kenv = match env::kubelet_env(cx.api, cx.pod, &spec, &pod_ip, &host_ip, &rt.service_env) {
        Ok(e) => e,
        Err(e) => {
            let c = container_mut(rt, i);
            let field_path = c.field_path();
            cx.event(&field_path, "Warning", "Failed", format!("Error: {e}"));
            waiting(c, "CreateContainerConfigError", Some(e));
            c.due = Some((t.plus_millis(CONFIG_RETRY_MS), DueAction::Prepare));
            return;
        }
    };
    let c = container_mut(rt, i);
    let penv = env::process_env(&c.image, &hostname, &kenv);
    let image_ref = c.image_ref.clone();
    let kind = image_ref.as_ref().map_or(Kind::Generic, images::kind_of);
    let files = volumes::container_files(cx.pod, &spec, cx.api, &pod_ip, &hostname, &image_files(kind));
    let strs = |k: &str| -> Vec<String> {
        spec.get(k)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(String::from))
            .collect()
    };
    let ports: Vec<u16> = spec
        .get("ports")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| p.get("containerPort").and_then(Value::as_u64))
        .filter_map(|p| u16::try_from(p).ok())
        .collect();
    let mem_limit = spec.at("resources.limits.memory").map(|v| qty_milli(Some(v))).filter(|m| *m > 0);
    let tag = image_ref.as_ref().map(|r| {
        if r.short() == "ubuntu" {
            "ubuntu".to_string()
        } else {
            r.tag_or_latest().to_string()
        }
    });
    let (command, args) = (strs("command"), strs("args"));
    let cmdline = program::process_cmdline(kind, &command, &args);
    let flavour = rootfs::flavour(kind, image_ref.as_ref());
    let start = program::Start {
        kind,
        image_tag: tag.unwrap_or_default(),
        command,
        args,
        env: &penv,
        hostname: &hostname,
        pod_ip: &pod_ip,
        at: t,
        mem_limit,
        baseline_mib: image_ref.as_ref().map_or(16, images::baseline_mib),
        container_ports: ports,
        files: &files,
        stdin: spec.get("stdin").and_then(Value::as_bool) == Some(true),
    };
    // The process's own network tools see the pod as it is now (its other containers listen on
    // localhost).
    let mut pn = crate::exec::PlanNet {
        sim,
        api: cx.api,
        rng: &mut *cx.rng,
        ns: cx.pod.namespace().to_string(),
        pod: cx.pod.name().to_string(),
        pod_ip: pod_ip.clone(),
        node: node.name().to_string(),
        own: &mut *rt,
        kind,
        flavour,
        cmdline: &cmdline,
        env: &penv,
        files: &files,
    };
    let mut netfn = |argv: &[String], off: i64| pn.run(argv, t.plus_millis(off));
    let plan = program::plan(&start, Some(&mut netfn));
    let c = container_mut(rt, i);
    let old_busybox = image_ref.as_ref().is_some_and(|r| {
        r.short() == "busybox"
            && r.tag
                .as_deref()
                .and_then(|t| t.strip_prefix("1."))
                .and_then(|m| m.split('.').next()?.parse::<u32>().ok())
                .is_some_and(|m| m <= 28)
    });
    let container_id = cx.rng.hex(32);
    let field_path = c.field_path();
    if let Some((reason, msg)) = plan.start_error.clone() {
        cx.event(&field_path, "Normal", "Created", format!("Created container: {}", c.name));
        cx.event(&field_path, "Warning", "Failed", format!("Error: {msg}"));
        c.run = Some(Run {
            container_id,
            started: t,
            plan,
            kind,
            env: penv,
            files,
            extra: vec![],
            exec_fs: vec![],
            old_busybox,
            cmdline: cmdline.clone(),
            flavour,
            redis: BTreeMap::new(),
        });
        c.state = ContainerState::Running { since: t };
        c.due = Some((
            t,
            DueAction::Exit {
                code: 128,
                reason: if reason == "StartError" { "StartError" } else { "Error" },
                message: Some(msg),
            },
        ));
        return;
    }
    cx.event(&field_path, "Normal", "Created", format!("Created container: {}", c.name));
    cx.event(&field_path, "Normal", "Started", format!("Started container {}", c.name));
    if kind == Kind::Generic && c.restart_count == 0 {
        let message = simulated_image_message(&c.image, &plan);
        cx.out.events.push(EventSpec {
            involved: cx.pod.into(),
            field_path: field_path.clone(),
            type_: "Normal",
            reason: "SimulatedImage".into(),
            message,
            component: "kubeplay",
            host: cx.node_name.clone(),
        });
    }
    if let Some((off, code, reason)) = plan.exit {
        c.due = Some((t.plus_millis(off), DueAction::Exit { code, reason, message: None }));
    }
    c.run = Some(Run {
        container_id,
        started: t,
        plan,
        kind,
        env: penv,
        files,
        extra: vec![],
        exec_fs: vec![],
        old_busybox,
        cmdline,
        flavour,
        redis: BTreeMap::new(),
    });
    c.state = ContainerState::Running { since: t };
    c.ready = false;
    c.stopping = false;
    // Probes: startup first; liveness and readiness once it has succeeded.
    c.probes.clear();
    let has_startup = spec.get("startupProbe").is_some();
    c.started_ok = !has_startup;
    for (kind, key) in [
        (ProbeKind::Startup, "startupProbe"),
        (ProbeKind::Liveness, "livenessProbe"),
        (ProbeKind::Readiness, "readinessProbe"),
    ] {
        if let Some(p) = spec.get(key) {
            let delay = p.get("initialDelaySeconds").and_then(Value::as_i64).unwrap_or(0) * 1000;
            let active = kind == ProbeKind::Startup || !has_startup;
            let next = if active {
                Some(t.plus_millis(delay.max(if kind == ProbeKind::Readiness { 0 } else { 1000 })))
            } else {
                None
            };
            c.probes.insert(kind, ProbeRuntime { next, ..Default::default() });
        }
    }
    if !c.probes.contains_key(&ProbeKind::Readiness) && !has_startup {
        c.ready = true;
    }
    // Regular containers let the next one begin; a sidecar counts as initialised once started.
    if c.sidecar {
        c.completed = true;
    }
    if !c.init || c.sidecar {
        start_next(rt, t);
    }
}

/// What the learner is told about an image kubeplay does not know (a placeholder such as
/// `myrepo/api:1.2.3`): it is not the registry's answer, it runs as a generic program.
fn simulated_image_message(image: &str, plan: &Plan) -> String {
    let what = if plan.listen.is_empty() {
        "its command runs in a generic shell".to_string()
    } else {
        let ports: Vec<String> = plan.listen.iter().map(|(p, _)| p.to_string()).collect();
        let s = if ports.len() == 1 { "" } else { "s" };
        format!("simulated as a generic HTTP server on port{s} {}", ports.join(", "))
    };
    format!("Image \"{image}\" is not in kubeplay's image catalog: {what}, not the image's real program")
}

fn stop(c: &mut ContainerRuntime, now: SimTime, _liveness: bool, pod: &Object) {
    let grace = pod.i64_at("spec.terminationGracePeriodSeconds").unwrap_or(30) * 1000;
    let sig = c.run.as_ref().map_or(Sigterm::Ignore, |r| r.plan.sigterm);
    let (at, code) = match sig {
        Sigterm::Exit(code, ms) => (now.plus_millis(ms), if code == 0 { 0 } else { 143 }),
        Sigterm::Ignore => (now.plus_millis(grace), 137),
    };
    let reason = if code == 0 { "Completed" } else { "Error" };
    c.due = Some((at, DueAction::Exit { code, reason, message: None }));
    c.stopping = true;
    for p in c.probes.values_mut() {
        p.next = None;
    }
}

fn exit_container<S: Store + ?Sized>(
    rt: &mut PodRuntime,
    cx: &mut SyncContext<S>,
    i: ContainerIndex,
    t: SimTime,
    code: i32,
    reason: &'static str,
    message: Option<String>,
) {
    let terminating = rt.terminating;
    let policy = restart_policy(cx.pod).to_string();
    let c = container_mut(rt, i);
    let Some(run) = c.run.as_ref() else { return };
    let started = match c.state {
        ContainerState::Running { since } => since,
        _ => run.started,
    };
    let container_id = run.container_id.clone();
    c.prev_logs = Some(run.log_lines(t));
    c.ready = false;
    c.stopping = false;
    for p in c.probes.values_mut() {
        p.next = None;
    }
    c.state = ContainerState::Terminated(Term {
        exit_code: code,
        reason: reason.to_string(),
        message,
        started,
        finished: t,
        container_id,
    });
    if terminating {
        return;
    }
    if c.init && !c.sidecar && code == 0 {
        c.completed = true;
        start_next(rt, t);
        return;
    }
    let restart = match policy.as_str() {
        _ if c.sidecar => true,
        "Never" => false,
        "OnFailure" => code != 0,
        _ => !c.init || code != 0,
    };
    if !restart {
        return;
    }
    // The back-off resets once a container ran for twice the cap (10 minutes).
    if t.millis() - started.millis() >= 2 * MAX_BACKOFF_MS {
        c.crash_backoff_ms = 0;
    }
    let delay = c.crash_backoff_ms;
    c.crash_backoff_ms = next_backoff(delay);
    if delay == 0 {
        c.due = Some((t.plus_millis(1000), DueAction::Restart));
    } else {
        c.due = Some((t.plus_millis(1000), DueAction::ShowCrashBackOff { delay_ms: delay }));
    }
}

fn probe_due<S: Store + ?Sized>(rt: &mut PodRuntime, cx: &mut SyncContext<S>, t: SimTime) {
    let pod_ip = rt.pod_ip.clone();
    for ci in 0..(rt.init.len() + rt.ctrs.len()) {
        let i = if ci < rt.init.len() {
            ContainerIndex { init: true, pos: ci }
        } else {
            ContainerIndex { init: false, pos: ci - rt.init.len() }
        };
        let kinds: Vec<ProbeKind> =
            container_mut(rt, i).probes.iter().filter(|(_, p)| p.next == Some(t)).map(|(k, _)| *k).collect();
        for kind in kinds {
            let c = container_mut(rt, i);
            if !c.is_running() || c.stopping {
                continue;
            }
            let spec = container_spec(cx.pod, &c.name).cloned().unwrap_or(Value::Null);
            let key = match kind {
                ProbeKind::Liveness => "livenessProbe",
                ProbeKind::Readiness => "readinessProbe",
                ProbeKind::Startup => "startupProbe",
            };
            let Some(pspec) = spec.get(key).cloned() else { continue };
            let period = pspec.get("periodSeconds").and_then(Value::as_i64).unwrap_or(10).max(1) * 1000;
            let fail_th = pspec.get("failureThreshold").and_then(Value::as_i64).unwrap_or(3).max(1);
            let succ_th = pspec.get("successThreshold").and_then(Value::as_i64).unwrap_or(1).max(1);
            let (ok, output) = if c.forced.contains(&kind) {
                (false, forced_failure(&pspec, &pod_ip))
            } else {
                run_probe(&pspec, c, &spec, &pod_ip, t)
            };
            let name = c.name.clone();
            let field_path = c.field_path();
            let pr = c.probes.entry(kind).or_default();
            pr.next = Some(t.plus_millis(period));
            if ok {
                pr.successes += 1;
                pr.failures = 0;
                if pr.successes >= succ_th && pr.ok != Some(true) {
                    pr.ok = Some(true);
                    match kind {
                        ProbeKind::Readiness => c.ready = true,
                        ProbeKind::Startup => {
                            c.started_ok = true;
                            if let Some(p) = c.probes.get_mut(&ProbeKind::Startup) {
                                p.next = None;
                            }
                            let has_ready = c.probes.contains_key(&ProbeKind::Readiness);
                            for (k2, key2) in [
                                (ProbeKind::Liveness, "livenessProbe"),
                                (ProbeKind::Readiness, "readinessProbe"),
                            ] {
                                if let Some(p2) = c.probes.get_mut(&k2) {
                                    let d = spec
                                        .get(key2)
                                        .and_then(|p| p.get("initialDelaySeconds"))
                                        .and_then(Value::as_i64)
                                        .unwrap_or(0);
                                    p2.next = Some(t.plus_millis(d * 1000));
                                }
                            }
                            if !has_ready {
                                c.ready = true;
                            }
                        }
                        ProbeKind::Liveness => {}
                    }
                }
            } else {
                pr.failures += 1;
                pr.successes = 0;
                cx.event(
                    &field_path,
                    "Warning",
                    "Unhealthy",
                    format!("{} probe failed: {output}", kind.label()),
                );
                let c = container_mut(rt, i);
                let pr = c.probes.entry(kind).or_default();
                if pr.failures >= fail_th {
                    pr.ok = Some(false);
                    match kind {
                        ProbeKind::Readiness => c.ready = false,
                        ProbeKind::Liveness | ProbeKind::Startup => {
                            let what = if kind == ProbeKind::Liveness { "liveness" } else { "startup" };
                            cx.event(
                                &field_path,
                                "Normal",
                                "Killing",
                                format!("Container {name} failed {what} probe, will be restarted"),
                            );
                            stop(c, t, true, cx.pod);
                        }
                    }
                }
            }
        }
    }
}

fn probe_port(p: &Value, spec: &Value) -> Option<u16> {
    match p.get("port") {
        Some(Value::Number(n)) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
        Some(Value::String(name)) => spec
            .get("ports")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|cp| cp.get("name").and_then(Value::as_str) == Some(name))
            .and_then(|cp| cp.get("containerPort").and_then(Value::as_u64))
            .and_then(|n| u16::try_from(n).ok())
            .or_else(|| name.parse().ok()),
        _ => None,
    }
}

fn forced_failure(p: &Value, ip: &str) -> String {
    if p.get("httpGet").is_some() {
        "HTTP probe failed with statuscode: 503".into()
    } else if let Some(t) = p.get("tcpSocket") {
        let port = t.get("port").map(|v| v.to_string().trim_matches('"').to_string()).unwrap_or_default();
        format!("dial tcp {ip}:{port}: i/o timeout")
    } else {
        String::new()
    }
}

/// One probe against the simulated process: (success, output for the Unhealthy event).
fn run_probe(p: &Value, c: &ContainerRuntime, spec: &Value, pod_ip: &str, now: SimTime) -> (bool, String) {
    let Some(run) = c.run.as_ref() else { return (false, String::new()) };
    if let Some(h) = p.get("httpGet") {
        let port = probe_port(h, spec).unwrap_or(0);
        let path = h.get("path").and_then(Value::as_str).unwrap_or("/");
        let host = h.get("host").and_then(Value::as_str).unwrap_or(pod_ip);
        let scheme = h.get("scheme").and_then(Value::as_str).unwrap_or("HTTP").to_lowercase();
        let url = format!("{scheme}://{host}:{port}{path}");
        return match run.listens(port) {
            None => (false, format!("Get \"{url}\": dial tcp {host}:{port}: connect: connection refused")),
            Some(App::Tcp | App::Redis) => (false, format!("Get \"{url}\": EOF")),
            Some(app) => {
                let ctx = program::HttpCtx {
                    hostname: &env::hostname_from_env(&run.env),
                    pod_ip,
                    client_ip: "10.244.0.1",
                    client_port: 1,
                    method: "GET",
                    host: &format!("{host}:{port}"),
                    user_agent: "kube-probe/1.33",
                };
                let (code, _) = program::http(app, path, &ctx);
                if (200..400).contains(&code) {
                    (true, String::new())
                } else {
                    (false, format!("HTTP probe failed with statuscode: {code}"))
                }
            }
        };
    }
    if let Some(tcp) = p.get("tcpSocket") {
        let port = probe_port(tcp, spec).unwrap_or(0);
        let host = tcp.get("host").and_then(Value::as_str).unwrap_or(pod_ip);
        return match run.listens(port) {
            Some(_) => (true, String::new()),
            None => (false, format!("dial tcp {host}:{port}: connect: connection refused")),
        };
    }
    if let Some(e) = p.get("exec") {
        let argv: Vec<String> = e
            .get("command")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(String::from))
            .collect();
        let r = crate::exec::run_local(run, &argv, now);
        return if r.exit_code == 0 {
            (true, String::new())
        } else {
            (false, format!("{}{}", r.stdout, r.stderr).trim_end().to_string())
        };
    }
    (true, String::new())
}

/// `kubectl logs` as the kubelet serves it (`validateContainerLogStatus`).
pub fn logs(
    sim: &NodeSim,
    pod: &Object,
    container: &str,
    previous: bool,
    now: SimTime,
) -> Result<String, String> {
    let pname = pod.name();
    if container_spec(pod, container).is_none() {
        return Err(format!("container {container} is not valid for pod {pname}"));
    }
    let waiting_err =
        |why: &str| Err(format!("container \"{container}\" in pod \"{pname}\" is waiting to start: {why}"));
    let Some(c) = sim.pods.get(pod.uid()).and_then(|rt| rt.container(container)) else {
        return waiting_err("ContainerCreating");
    };
    let render =
        |lines: &[(SimTime, String)]| lines.iter().map(|(_, l)| format!("{l}\n")).collect::<String>();
    let last = c.prev_logs.as_deref().unwrap_or(&[]);
    if previous {
        return match (&c.state, &c.last_term) {
            (ContainerState::Running { .. }, Some(_)) | (ContainerState::Waiting { .. }, Some(_)) => {
                Ok(render(last))
            }
            _ => Err(format!("previous terminated container \"{container}\" in pod \"{pname}\" not found")),
        };
    }
    match (&c.state, &c.run) {
        (ContainerState::Running { .. }, Some(run)) => Ok(render(&run.log_lines(now))),
        (ContainerState::Terminated(_), _) => Ok(render(last)),
        (ContainerState::Waiting { .. }, _) if c.last_term.is_some() => Ok(render(last)),
        (ContainerState::Waiting { reason, .. }, _)
            if reason == "ErrImagePull" || reason == "ImagePullBackOff" =>
        {
            waiting_err("trying and failing to pull image")
        }
        (ContainerState::Waiting { reason, .. }, _) => waiting_err(reason),
        _ => waiting_err("ContainerCreating"),
    }
}
