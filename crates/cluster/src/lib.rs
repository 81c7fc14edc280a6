//! The deterministic cluster runtime: virtual clock, seeded RNG, work queue, event recorder;
//! wires the API server, the controllers and the nodes together.
//!
//! A [`Cluster`] is a pure function of (config, seed, timestamped actions): there are no
//! threads, no wall clock and no OS randomness, so the same inputs give the same objects and
//! events natively and under wasm32 (`determinism` test).
//!
//! How time moves: user requests ([`Cluster::create`], …) are applied to the API server at once;
//! the watch events they cause become work items due *now*, which run on the next
//! [`Cluster::settle`] / [`Cluster::advance`] / [`Cluster::step`]. Work runs in (due time,
//! sequence) order; every write it makes goes through the API server and its watch events are
//! mapped to more work (see `informers`). When nothing is queued, advancing costs nothing.

// The API contract returns `ApiError` (kubectl renders it) by value, as the API server does.
#![allow(clippy::result_large_err)]

mod bootstrap;
mod informers;
pub mod queue;
pub mod recorder;
mod work;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use kubeplay_apiserver::{ApiServer, Ctx, DeleteOptions, PatchType};
use kubeplay_controllers::ControllerConfig;
use kubeplay_model::write::EventSpec;
use kubeplay_model::{ApiError, Object, ObjectExt, ObjectRef, ObjectWrite, SimRng, SimTime};
use kubeplay_node::{ExecResult, NetRequest, NetResponse, NodeSim, ProbeKind};
use serde_json::{json, Value};

pub use kubeplay_apiserver::{Propagation, WatchEvent, WatchEventType};
pub use kubeplay_controllers::deployment::{revision_history, rollback_patch, RevisionEntry, RollbackPlan};
pub use queue::{Component, WorkItem};
pub use work::{Progress, UNLIMITED};

use queue::WorkQueue;
use recorder::EventRecorder;

/// One node of the simulated cluster.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeSpec {
    pub name: String,
    /// Capacity, e.g. `"2"`.
    pub cpu: String,
    /// Capacity, e.g. `"8Gi"`.
    pub memory: String,
    /// Max pods (kubelet default 110).
    pub pods: i64,
    pub labels: BTreeMap<String, String>,
    /// (key, value, effect).
    pub taints: Vec<(String, String, String)>,
    /// Gets `node-role.kubernetes.io/control-plane` (label and NoSchedule taint).
    pub control_plane: bool,
}

impl NodeSpec {
    pub fn worker(name: &str) -> NodeSpec {
        NodeSpec {
            name: name.to_string(),
            cpu: "2".into(),
            memory: "8Gi".into(),
            pods: 110,
            labels: BTreeMap::new(),
            taints: Vec::new(),
            control_plane: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClusterConfig {
    pub seed: u64,
    /// The clock when `Cluster::new` returns (bootstrap happens in the five minutes before).
    pub start: SimTime,
    pub nodes: Vec<NodeSpec>,
    pub controllers: ControllerConfig,
    /// Upper bound of work items one `settle`/`advance` call processes (a guard against loops).
    pub max_items_per_call: usize,
    /// Controller work caused by other components' writes is due at the next multiple of this
    /// many milliseconds, so a burst of pod updates spread over a few milliseconds is handled by
    /// one reconcile (as a busy real work queue coalesces them). Work caused by user requests,
    /// and by that work while the cluster settles after the request, is always due at once.
    /// 0 disables batching.
    pub controller_batch_ms: i64,
}

impl Default for ClusterConfig {
    /// kind-like: `kubeplay-control-plane` (tainted), `kubeplay-worker`, `kubeplay-worker2`; seed 1.
    fn default() -> Self {
        let mut cp = NodeSpec::worker("kubeplay-control-plane");
        cp.control_plane = true;
        ClusterConfig {
            seed: 1,
            start: kubeplay_model::time::DEFAULT_EPOCH,
            nodes: vec![cp, NodeSpec::worker("kubeplay-worker"), NodeSpec::worker("kubeplay-worker2")],
            controllers: ControllerConfig::default(),
            max_items_per_call: 2_000_000,
            controller_batch_ms: 100,
        }
    }
}

impl ClusterConfig {
    /// The default shape with `workers` worker nodes named as kind names them
    /// (`kubeplay-worker`, `kubeplay-worker2`, …), each with `max_pods` pod capacity (kubelet
    /// default 110). `workers` is clamped to 1..=200 (a playground limit).
    pub fn with_workers(workers: usize, max_pods: i64) -> ClusterConfig {
        let mut cfg = ClusterConfig::default();
        let cp = cfg.nodes.iter().find(|n| n.control_plane).cloned();
        cfg.nodes = cp.into_iter().collect();
        for i in 0..workers.clamp(1, MAX_WORKERS) {
            let name =
                if i == 0 { "kubeplay-worker".to_string() } else { format!("kubeplay-worker{}", i + 1) };
            let mut n = NodeSpec::worker(&name);
            n.pods = max_pods.clamp(1, 10_000);
            cfg.nodes.push(n);
        }
        cfg
    }

    /// minikube's shape (docker driver): one node named `minikube` that is both control plane and
    /// worker: it has the control-plane labels but no NoSchedule taint, so workloads run on it.
    pub fn minikube() -> ClusterConfig {
        let mut node = NodeSpec::worker("minikube");
        for label in [
            "node-role.kubernetes.io/control-plane",
            "node.kubernetes.io/exclude-from-external-load-balancers",
        ] {
            node.labels.insert(label.to_string(), String::new());
        }
        ClusterConfig { nodes: vec![node], ..ClusterConfig::default() }
    }
}

/// The most worker nodes a playground cluster may have.
pub const MAX_WORKERS: usize = 200;

/// Things that go wrong on purpose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Delete a pod as `kubectl delete pod` does (graceful).
    DeletePod {
        namespace: String,
        name: String,
    },
    /// The container's process exits with an error.
    CrashContainer {
        namespace: String,
        pod: String,
        container: String,
    },
    /// Force a probe to fail (`failing: true`) or behave normally again.
    FailProbe {
        namespace: String,
        pod: String,
        container: String,
        probe: ProbeKind,
        failing: bool,
    },
    /// The node's kubelet stops posting status (NotReady after the grace period, evictions).
    FailNode(String),
    RecoverNode(String),
    /// `kubectl cordon` / `uncordon`.
    Cordon(String),
    Uncordon(String),
}

/// Counters for the UI and benchmarks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub items_processed: u64,
    pub writes_applied: u64,
    pub write_errors: u64,
    /// Work items run per component.
    pub per_component: BTreeMap<&'static str, u64>,
}

/// How many watch events are kept for watchers after compaction.
pub const WATCH_LOG_TAIL: usize = 4096;

pub struct Cluster {
    api: ApiServer,
    nodes: NodeSim,
    rng: SimRng,
    now: SimTime,
    cfg: ClusterConfig,
    queue: WorkQueue,
    last_rv: u64,
    recorder: EventRecorder,
    /// Pod uid → Services that selected it at its last event (to notice label changes).
    pod_services: BTreeMap<String, BTreeSet<ObjectRef>>,
    /// Unscheduled pods → the generation the scheduler last saw.
    pending: BTreeMap<ObjectRef, i64>,
    kubelet_seen: BTreeMap<String, informers::KubeletSignature>,
    /// Consecutive failed reconciles per (component, key), for the rate-limited requeue.
    failures: BTreeMap<(Component, ObjectRef), u32>,
    stats: Stats,
    /// True while a work item runs (its writes' watch events get batched controller work).
    in_work: bool,
    /// Where sliced work paused (see `work`).
    work: work::WorkState,
}

impl Cluster {
    /// Bootstraps a steady cluster (see `bootstrap`): namespaces, Ready nodes, the `kubernetes`
    /// and `kube-dns` Services, CoreDNS running through the normal controllers.
    pub fn new(cfg: ClusterConfig) -> Cluster {
        let mut c = Cluster {
            api: ApiServer::new(),
            nodes: NodeSim::new(),
            rng: SimRng::new(cfg.seed),
            now: cfg.start.plus_secs(-bootstrap::BOOTSTRAP_SECS),
            cfg,
            queue: WorkQueue::default(),
            last_rv: 0,
            recorder: EventRecorder::default(),
            pod_services: BTreeMap::new(),
            pending: BTreeMap::new(),
            kubelet_seen: BTreeMap::new(),
            failures: BTreeMap::new(),
            stats: Stats::default(),
            in_work: false,
            work: work::WorkState::default(),
        };
        c.bootstrap();
        c
    }

    pub fn now(&self) -> SimTime {
        self.now
    }
    pub fn api(&self) -> &ApiServer {
        &self.api
    }
    pub fn nodes(&self) -> &NodeSim {
        &self.nodes
    }
    pub fn nodes_mut(&mut self) -> &mut NodeSim {
        &mut self.nodes
    }
    pub fn rng(&mut self) -> &mut SimRng {
        &mut self.rng
    }
    pub fn config(&self) -> &ClusterConfig {
        &self.cfg
    }
    pub fn stats(&self) -> &Stats {
        &self.stats
    }
    /// The queued work, in processing order.
    pub fn queued(&self) -> impl Iterator<Item = &WorkItem> {
        self.queue.items()
    }

    /// When the next work item or Event expiry is due (None: nothing will happen until someone acts).
    pub fn next_wakeup(&self) -> Option<SimTime> {
        let expiry = self.recorder.next_expiry(self.now);
        self.queue.next_due().into_iter().chain(expiry).min()
    }

    // ---- user requests ----

    fn user<T>(
        &mut self,
        f: impl FnOnce(&mut ApiServer, &mut Ctx) -> Result<T, ApiError>,
        manager: &str,
        dry_run: bool,
    ) -> Result<T, ApiError> {
        // Requests never interleave with a controller's writes.
        self.finish_inflight(&mut UNLIMITED.clone());
        let mut ctx = Ctx { now: self.now, rng: &mut self.rng, manager, dry_run };
        let r = f(&mut self.api, &mut ctx);
        self.drain_watch();
        r
    }

    pub fn create(
        &mut self,
        ns: &str,
        obj: Object,
        manager: &str,
        dry_run: bool,
    ) -> Result<Arc<Object>, ApiError> {
        self.user(|api, ctx| api.create(ctx, ns, obj), manager, dry_run)
    }

    pub fn update(&mut self, obj: Object, manager: &str, dry_run: bool) -> Result<Arc<Object>, ApiError> {
        self.user(|api, ctx| api.update(ctx, obj), manager, dry_run)
    }

    pub fn update_status(
        &mut self,
        obj: Object,
        manager: &str,
        dry_run: bool,
    ) -> Result<Arc<Object>, ApiError> {
        self.user(|api, ctx| api.update_status(ctx, obj), manager, dry_run)
    }

    pub fn patch(
        &mut self,
        resource: &str,
        ns: &str,
        name: &str,
        pt: PatchType,
        patch: &Value,
        manager: &str,
        dry_run: bool,
    ) -> Result<Arc<Object>, ApiError> {
        self.user(|api, ctx| api.patch(ctx, resource, ns, name, pt, patch), manager, dry_run)
    }

    pub fn delete(
        &mut self,
        resource: &str,
        ns: &str,
        name: &str,
        opts: &DeleteOptions,
    ) -> Result<Arc<Object>, ApiError> {
        self.user(|api, ctx| api.delete(ctx, resource, ns, name, opts), "kubectl", opts.dry_run)
    }

    /// The recorder: creates or updates a core/v1 Event with client-go's dedup.
    pub fn record_event(&mut self, spec: EventSpec) {
        self.recorder.record(&mut self.api, &mut self.rng, self.now, &spec);
        self.drain_watch();
    }

    /// Faults; node-side ones are delegated to the NodeSim and the pod's kubelet is woken.
    pub fn inject(&mut self, fault: Fault) {
        self.finish_inflight(&mut UNLIMITED.clone());
        match fault {
            Fault::DeletePod { namespace, name } => {
                let _ = self.delete("pods", &namespace, &name, &DeleteOptions::default());
            }
            Fault::CrashContainer { namespace, pod, container } => {
                if let Ok(p) = self.api.get("pods", &namespace, &pod) {
                    self.nodes.crash_container(p.uid(), &container);
                    self.queue.add(Component::Kubelet, ObjectRef::new("pods", &namespace, &pod), self.now);
                }
            }
            Fault::FailProbe { namespace, pod, container, probe, failing } => {
                if let Ok(p) = self.api.get("pods", &namespace, &pod) {
                    self.nodes.fail_probe(p.uid(), &container, probe, failing);
                    self.queue.add(Component::Kubelet, ObjectRef::new("pods", &namespace, &pod), self.now);
                }
            }
            Fault::FailNode(name) => {
                self.nodes.fail_node(&name);
                self.queue.add(Component::NodeLifecycle, ObjectRef::new("nodes", "", &name), self.now);
            }
            Fault::RecoverNode(name) => {
                self.nodes.recover_node(&name);
                self.queue.add(Component::NodeLifecycle, ObjectRef::new("nodes", "", &name), self.now);
                // A failed node's kubelet left its pods without a wake-up: resync each one now.
                let on_node: Vec<ObjectRef> = self
                    .api
                    .list("pods", None)
                    .iter()
                    .filter(|p| p.at("spec.nodeName").and_then(|v| v.as_str()) == Some(name.as_str()))
                    .map(|p| ObjectRef::new("pods", p.namespace(), p.name()))
                    .collect();
                for k in on_node {
                    self.queue.add(Component::Kubelet, k, self.now);
                }
            }
            Fault::Cordon(name) | Fault::Uncordon(name) if name.is_empty() => {}
            Fault::Cordon(name) => {
                let _ = self.patch(
                    "nodes",
                    "",
                    &name,
                    PatchType::Merge,
                    &json!({"spec": {"unschedulable": true}}),
                    "kubectl-cordon",
                    false,
                );
            }
            Fault::Uncordon(name) => {
                let _ = self.patch(
                    "nodes",
                    "",
                    &name,
                    PatchType::Merge,
                    &json!({"spec": {"unschedulable": null}}),
                    "kubectl-uncordon",
                    false,
                );
            }
        }
    }

    // ---- node-side requests for kubectl and the UI (the API server as the nodes' lister) ----

    /// `kubectl logs`.
    pub fn logs(&self, pod: &Object, container: &str, previous: bool) -> Result<String, String> {
        self.nodes.logs(pod, container, previous, self.now)
    }

    /// `kubectl exec`.
    pub fn exec(&mut self, pod: &Object, container: &str, argv: &[String]) -> ExecResult {
        self.nodes.exec(pod, container, argv, &self.api, self.now, &mut self.rng)
    }

    /// An HTTP request through cluster DNS, kube-proxy and the pods' simulated servers.
    pub fn request(&mut self, req: &NetRequest) -> NetResponse {
        self.nodes.request(req, &self.api, self.now, &mut self.rng)
    }

    /// Cluster DNS as seen from a pod in `from_namespace`.
    pub fn resolve(&self, name: &str, from_namespace: &str) -> Result<Vec<String>, String> {
        self.nodes.resolve(name, from_namespace, &self.api)
    }

    /// The environment a container's process sees.
    pub fn container_env(&self, pod: &Object, container: &str) -> Result<Vec<(String, String)>, String> {
        self.nodes.container_env(pod, container, &self.api)
    }

    // ---- time ----

    /// Runs all work due at the current instant (bounded), with the controller work it causes:
    /// what a user request sets off, before the next request.
    pub fn settle(&mut self) {
        self.work.settling = true;
        self.run_until(self.now);
        self.work.settling = false;
    }

    /// Processes everything due until now+ms in (due, seq) order, then sets the clock to now+ms.
    pub fn advance(&mut self, ms: i64) {
        let target = self.now.plus_millis(ms.max(0));
        self.run_until(target);
        self.now = self.now.max(target);
    }

    /// Jumps to the next scheduled instant and runs what is due then; false if nothing is queued.
    pub fn step(&mut self) -> bool {
        let Some(due) = self.next_wakeup() else { return false };
        self.now = self.now.max(due);
        self.run_until(self.now);
        true
    }

    /// Advances instant by instant until `pred` holds (true, the clock stays at that instant) or
    /// `limit_ms` has passed (false, the clock is at now+limit).
    pub fn advance_until(&mut self, limit_ms: i64, pred: &mut dyn FnMut(&Cluster) -> bool) -> bool {
        let limit = self.now.plus_millis(limit_ms.max(0));
        loop {
            if pred(self) {
                return true;
            }
            if self.advance_some(limit, &mut work::UNLIMITED.clone()) == Progress::Reached {
                return pred(self);
            }
        }
    }

    /// Event retention (see `recorder`): deletes the Events whose TTL ran out by `until`.
    fn expire_events(&mut self, until: SimTime) {
        if self.recorder.expire_due(&mut self.api, &mut self.rng, &mut self.now, until) {
            self.drain_watch();
        }
    }

    /// When controller work caused by the current watch event is due (see `controller_batch_ms`).
    pub(crate) fn controller_due(&self) -> SimTime {
        let q = self.cfg.controller_batch_ms;
        // A request's whole cascade runs while the cluster settles after it: controllers react
        // within milliseconds, before the next command looks, whatever the clock's phase.
        if !self.in_work || q <= 0 || self.work.settling {
            return self.now;
        }
        SimTime(
            self.now.millis().div_euclid(q) * q + if self.now.millis().rem_euclid(q) == 0 { 0 } else { q },
        )
    }

    fn apply_write(&mut self, w: ObjectWrite) -> Result<Arc<Object>, ApiError> {
        let mut ctx = Ctx { now: self.now, rng: &mut self.rng, manager: w.manager, dry_run: false };
        let r = self.api.apply_owned_write(&mut ctx, w.op);
        match &r {
            Ok(_) => self.stats.writes_applied += 1,
            Err(_) => self.stats.write_errors += 1,
        }
        r
    }

    /// Maps every new watch event to work, then compacts the watch log.
    fn drain_watch(&mut self) {
        self.drain_watch_some(&mut UNLIMITED.clone());
    }

    /// [`Cluster::drain_watch`] within `budget` (one unit per watch event), in the same order;
    /// true when the log is drained (and compacted).
    pub(crate) fn drain_watch_some(&mut self, budget: &mut usize) -> bool {
        loop {
            let pending = self.api.events_since(self.last_rv);
            if pending.is_empty() {
                break;
            }
            if *budget == 0 {
                return false;
            }
            let n = pending.len().min(*budget);
            let events: Vec<WatchEvent> = pending[..n].to_vec();
            *budget -= n;
            for ev in &events {
                self.last_rv = ev.rv;
                self.handle_watch_event(ev);
            }
        }
        // Keep a bounded tail of the watch log for watchers (`rollout status`, the UI timeline).
        let log = self.api.events_since(0);
        if log.len() > 2 * WATCH_LOG_TAIL {
            let upto = log[log.len() - WATCH_LOG_TAIL - 1].rv;
            self.api.compact(upto);
        }
        true
    }
}

#[cfg(test)]
mod tests;

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
