//! Nodes: the scheduler, a simulated kubelet with an image catalog, and cluster networking (DNS, kube-proxy, requests).
//!
//! Everything here is pure with respect to the store: [`NodeSim`] reads objects through [`Store`]
//! (implemented by the API server) and returns intended writes, events and the next time it wants
//! to be woken. Its own state is what a real node keeps outside the API: image caches, container
//! processes, restart back-offs, probe counters and logs.
//!
//! # What the cluster runtime calls, and when
//! - [`NodeSim::schedule`] for every pod without `spec.nodeName` when it is created or its spec
//!   changes, when a node changes or a pod is deleted, and at `wake_at` (back-off expiry or the
//!   5-minute unschedulable flush). Calls inside the per-pod back-off only return a `wake_at`.
//! - [`NodeSim::sync_pod`] for a bound pod when it is bound, when its spec or deletion changes, and
//!   at `wake_at` (pulls, starts, exits, back-offs, probes, config re-checks every 10 s). After a
//!   node recovers, every pod on it (the kubelet does nothing while its node is failed).
//! - [`NodeSim::sync_node`] after `fail_node`/`recover_node` and at `wake_at` (NotReady after
//!   50 s, evictions after the pods' tolerationSeconds).
//! - [`NodeSim::forget_pod`] when a pod object is gone from the store.
//! - Events carry no time: they are recorded at the time of the call, so calls should happen at
//!   `wake_at` (a late call still catches up, with later event times).

#[cfg(test)]
mod apiserver_tests;
mod env;
mod exec;
mod images;
mod kubelet;
#[cfg(test)]
mod kubelet_tests;
mod network;
#[cfg(test)]
mod network_tests;
mod node_lifecycle;
mod program;
mod rootfs;
mod runtime;
mod scheduler;
mod shell;
mod status;
mod store;
mod testless;
#[cfg(test)]
mod testutil;
#[cfg(test)]
mod tools_tests;
mod volumes;

use std::collections::BTreeMap;

use kubeplay_model::write::EventSpec;
use kubeplay_model::{Object, ObjectRef, ObjectWrite, SimRng, SimTime};

pub use kubelet::PullTiming;
pub use kubeplay_model::Store;
pub use program::shell_waits_for_stdin;

/// What one sync asks for: writes to apply, events to record, and when to be called again.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncResult {
    pub writes: Vec<ObjectWrite>,
    pub events: Vec<EventSpec>,
    pub wake_at: Option<SimTime>,
}

impl SyncResult {
    fn wake(&mut self, t: SimTime) {
        self.wake_at = Some(self.wake_at.map_or(t, |w| w.min(t)));
    }
}

/// Which probe a fault or a result is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProbeKind {
    Liveness,
    Readiness,
    Startup,
}

impl ProbeKind {
    pub fn label(self) -> &'static str {
        match self {
            ProbeKind::Liveness => "Liveness",
            ProbeKind::Readiness => "Readiness",
            ProbeKind::Startup => "Startup",
        }
    }
}

/// The result of `kubectl exec`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExecResult {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

/// Where a request comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NetSource {
    Pod {
        namespace: String,
        name: String,
    },
    /// From the user's machine: NodePort or port-forward.
    External,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetRequest {
    pub source: NetSource,
    /// `http://web.default.svc:80/path`, `http://10.96.0.12/`, `http://<nodeIP>:30080/`, a pod IP…
    pub url: String,
    pub method: String,
    pub timeout_ms: i64,
}

/// One step of a request's path, for the UI.
#[derive(Clone, Debug, PartialEq)]
pub struct Hop {
    /// `dns` | `service` | `endpoint` | `pod` | `nodeport`
    pub kind: &'static str,
    pub detail: String,
    pub object: Option<ObjectRef>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NetResponse {
    /// An HTTP response was received (any status).
    pub ok: bool,
    pub status: u16,
    pub body: String,
    /// curl-like: `curl: (7) Failed to connect to web port 80 after 0 ms: Connection refused`.
    pub error: Option<String>,
    pub path: Vec<Hop>,
    /// The pod that answered.
    pub pod: Option<ObjectRef>,
    /// The response's headers, in the server's order (what `curl -i`/`-I`/`-v` print).
    pub headers: Vec<(String, String)>,
}

/// The simulated nodes: scheduler state, kubelets (per-pod runtime state keyed by pod uid),
/// node lifecycle, kube-proxy affinity tables.
#[derive(Clone, Debug, Default)]
pub struct NodeSim {
    pub(crate) nodes: BTreeMap<String, node_lifecycle::NodeRt>,
    pub(crate) pods: BTreeMap<String, runtime::PodRuntime>,
    /// Per unschedulable pod: (failed attempts, time of the last failure).
    pub(crate) sched_attempts: BTreeMap<String, (u32, SimTime)>,
    /// (service uid, client IP) → (endpoint IP, last used).
    pub(crate) affinity: BTreeMap<(String, String), (String, SimTime)>,
    /// The constants of the pull-time formula.
    pub pull_timing: PullTiming,
}

impl NodeSim {
    pub fn new() -> Self {
        NodeSim::default()
    }

    /// Scheduler: bind an unscheduled pod, or report why it cannot be (spec §6).
    pub fn schedule<S: Store + ?Sized>(
        &mut self,
        pod: &Object,
        api: &S,
        now: SimTime,
        rng: &mut SimRng,
    ) -> SyncResult {
        scheduler::schedule(self, pod, api, now, rng)
    }

    /// Kubelet: drive a scheduled pod forward to `now` (spec §5).
    pub fn sync_pod<S: Store + ?Sized>(
        &mut self,
        pod: &Object,
        api: &S,
        now: SimTime,
        rng: &mut SimRng,
    ) -> SyncResult {
        kubelet::sync_pod(self, pod, api, now, rng)
    }

    /// Node lifecycle controller: NotReady, unreachable taints, eviction after 300 s; recovery.
    pub fn sync_node<S: Store + ?Sized>(
        &mut self,
        node: &Object,
        api: &S,
        now: SimTime,
        rng: &mut SimRng,
    ) -> SyncResult {
        node_lifecycle::sync_node(self, node, api, now, rng)
    }

    /// Drop all runtime state of a pod that is gone from the store.
    pub fn forget_pod(&mut self, uid: &str) {
        self.pods.remove(uid);
        self.sched_attempts.remove(uid);
    }

    pub fn fail_node(&mut self, name: &str) {
        self.nodes.entry(name.to_string()).or_default().failed = true;
    }

    pub fn recover_node(&mut self, name: &str) {
        self.nodes.entry(name.to_string()).or_default().failed = false;
    }

    /// Makes the container's process exit with an error at the next sync.
    pub fn crash_container(&mut self, pod_uid: &str, container: &str) {
        if let Some(p) = self.pods.get_mut(pod_uid) {
            p.crash(container);
        }
    }

    /// Forces a probe of a container to fail (or lets it behave normally again).
    pub fn fail_probe(&mut self, pod_uid: &str, container: &str, kind: ProbeKind, failing: bool) {
        if let Some(p) = self.pods.get_mut(pod_uid) {
            p.force_probe(container, kind, failing);
        }
    }

    /// `kubectl logs` (the server's message on error, without kubectl's `Error from server` prefix).
    pub fn logs(
        &self,
        pod: &Object,
        container: &str,
        previous: bool,
        now: SimTime,
    ) -> Result<String, String> {
        kubelet::logs(self, pod, container, previous, now)
    }

    /// The environment a container's process sees (`env` output order).
    pub fn container_env<S: Store + ?Sized>(
        &self,
        pod: &Object,
        container: &str,
        api: &S,
    ) -> Result<Vec<(String, String)>, String> {
        env::container_env(self, pod, container, api)
    }

    /// `kubectl exec`.
    pub fn exec<S: Store + ?Sized>(
        &mut self,
        pod: &Object,
        container: &str,
        argv: &[String],
        api: &S,
        now: SimTime,
        rng: &mut SimRng,
    ) -> ExecResult {
        exec::exec(self, pod, container, argv, api, now, rng)
    }

    /// An HTTP request through cluster DNS, kube-proxy and the pods' simulated servers.
    pub fn request<S: Store + ?Sized>(
        &mut self,
        req: &NetRequest,
        api: &S,
        now: SimTime,
        rng: &mut SimRng,
    ) -> NetResponse {
        network::request(self, req, api, now, rng)
    }

    /// Cluster DNS (CoreDNS): A records for a name as seen from a pod in `from_namespace`.
    pub fn resolve<S: Store + ?Sized>(
        &self,
        name: &str,
        from_namespace: &str,
        api: &S,
    ) -> Result<Vec<String>, String> {
        network::resolve(name, from_namespace, api)
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
