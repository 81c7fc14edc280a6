//! The only module that talks to the simulation: a thin adapter over `kubeplay_kubectl::Session`
//! (commands, clock, replay), `kubeplay_view` (graph, timeline, explanations) and
//! `kubeplay_yaml`/`kubeplay_schema` (editor diagnostics, completion, hover). No Kubernetes logic
//! lives here: it only reshapes engine results for the components.

mod event_index;

use kubeplay_cluster::{ClusterConfig, Fault as ClusterFault};
use kubeplay_kubectl::{Session, StreamId, WaitMode};
use kubeplay_model::time::SimTime;
use kubeplay_node::{NetRequest, NetSource, ProbeKind};
pub use kubeplay_view::{EdgeKind, GraphEdge, GraphModel, GraphNode, Health, NodeKind};
use kubeplay_view::{GraphOptions, LayoutState, ReplicaHistories};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::BTreeSet;

#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    pub text: String,
    pub exit_code: i32,
    pub stream: Option<u64>,
}

impl From<kubeplay_kubectl::Output> for Output {
    fn from(o: kubeplay_kubectl::Output) -> Self {
        Output { text: o.text, exit_code: o.exit_code, stream: o.stream.map(|s| s.0) }
    }
}

/// A diagnostic for the editor (1-based line/column, end exclusive).
#[derive(Clone, Debug, PartialEq)]
pub struct Diag {
    pub line: u32,
    pub col: u32,
    pub end_line: u32,
    pub end_col: u32,
    pub severity: &'static str,
    pub message: String,
    pub hint: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EventRow {
    pub type_: String,
    pub reason: String,
    pub kind: String,
    pub name: String,
    pub namespace: String,
    pub message: String,
    pub age: String,
    pub count: u32,
    pub last_ms: u64,
    /// `<lowercase kind>/<name>`, kubectl's OBJECT column.
    pub object: String,
    /// `<namespace>/<Event name>`: stable across updates (a list key).
    pub key: String,
}

impl EventRow {
    pub fn object(&self) -> String {
        self.object.clone()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct RequestResult {
    /// Graph node ids the request travelled through, in order.
    pub path: Vec<String>,
    pub ok: bool,
    pub reply: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    DeletePod { ns: String, pod: String },
    CrashContainer { ns: String, pod: String },
    FailProbe { ns: String, pod: String },
    CordonNode(String),
    DrainNode(String),
    FailNode(String),
    ScaleToZero { ns: String, deployment: String },
}

pub struct Engine {
    s: Session,
    layout: RefCell<LayoutState>,
    history: RefCell<ReplicaHistories>,
    history_rv: std::cell::Cell<u64>,
    /// Startup: the UI advances the clock in slices until the namespace's pods are Ready.
    booting: bool,
    boot_base: u64,
    /// The boot's last advance (the settling time) is under way.
    boot_settling: bool,
    /// Editor diagnostics re-parse only the documents whose text changed (per chunk text; holds
    /// only the latest text's documents). Cluster-dependent hints are never cached.
    yaml_cache: RefCell<kubeplay_yaml::DiagnosticsCache>,
    /// The timeline's Events in order, kept up to date from the watch log.
    event_index: RefCell<event_index::EventIndex>,
}

/// Units of work (work items, writes, replayed actions) between two looks at the frame's time:
/// one unit is about 0.1 ms in wasm, so a slice overshoots the frame budget by a few ms at most.
pub const WORK_SLICE: usize = 24;

/// Startup gives up waiting for Ready pods after this much virtual time.
pub const BOOT_LIMIT_MS: u64 = 120_000;

/// Virtual time as the clock shows it (`00:03:07`).
pub fn clock_label(ms: u64) -> String {
    let s = ms / 1000;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// The graph node id of an object (`Pod/default/web-…`).
pub fn node_id(kind: &str, ns: &str, name: &str) -> String {
    kubeplay_view::node_id(kind, ns, name)
}

/// CSS class for a health value.
pub fn health_class(h: Health) -> &'static str {
    match h {
        Health::Ok => "ok",
        Health::Progressing => "progress",
        Health::Warning => "warn",
        Health::Error => "error",
        Health::Unknown | Health::Terminating => "muted",
    }
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

fn kind_of_resource(resource: &str) -> &'static str {
    match resource {
        "pods" => "Pod",
        "services" => "Service",
        "deployments" => "Deployment",
        "replicasets" => "ReplicaSet",
        "configmaps" => "ConfigMap",
        "secrets" => "Secret",
        _ => "",
    }
}

impl Engine {
    fn wrap(s: Session) -> Engine {
        Engine {
            s,
            layout: RefCell::new(LayoutState::new()),
            history: RefCell::new(ReplicaHistories::new(240)),
            history_rv: std::cell::Cell::new(u64::MAX),
            booting: false,
            boot_base: 0,
            boot_settling: false,
            yaml_cache: RefCell::new(kubeplay_yaml::DiagnosticsCache::new()),
            event_index: RefCell::new(event_index::EventIndex::default()),
        }
    }

    pub fn new() -> Self {
        Self::with_cluster(ClusterConfig::default())
    }

    /// An engine whose cluster has the embedder's shape (`kubeplay.mount(el, {cluster: …})`).
    pub fn with_cluster(cfg: ClusterConfig) -> Self {
        let mut s = Session::new(cfg, WaitMode::Stream);
        s.set_sliced(true);
        Self::wrap(s)
    }

    /// The cluster's shape, for Reset and restore to keep it.
    pub fn cluster_config(&self) -> ClusterConfig {
        self.s.cluster().config().clone()
    }

    /// Marks the engine as starting up: [`Engine::boot_step`] then advances it slice by slice.
    pub fn start_boot(&mut self) {
        self.booting = true;
        self.boot_base = self.now_ms();
    }

    pub fn booting(&self) -> bool {
        self.booting
    }

    /// Virtual ms spent booting so far (for the progress display).
    pub fn boot_progress_ms(&self) -> u64 {
        self.now_ms().saturating_sub(self.boot_base)
    }

    /// Startup work within the frame's time: advances the clock a second at a time until the
    /// pods are Ready (or the limit is reached), then a little settling time so ages read
    /// naturally. True when the boot is done.
    pub fn boot_work(&mut self, time_left: &mut dyn FnMut() -> bool) -> bool {
        loop {
            if !self.work(time_left) {
                return false;
            }
            if !self.booting {
                return true;
            }
            if self.boot_settling {
                self.booting = false;
                self.boot_settling = false;
                return true;
            }
            let ns = self.namespace();
            if self.boot_progress_ms() >= BOOT_LIMIT_MS || self.pods_settled(&ns) {
                self.s.advance(2000);
                self.boot_settling = true;
            } else {
                self.s.advance(1000);
            }
            if !time_left() {
                return false;
            }
        }
    }

    /// Whether the engine owes no work (see [`Engine::work`]).
    pub fn idle(&self) -> bool {
        self.s.idle()
    }

    /// True while a restored session is being replayed.
    pub fn restoring(&self) -> bool {
        self.s.queued_actions().next().is_some()
    }

    /// (actions replayed, actions in the saved log) while restoring.
    pub fn restore_progress(&self) -> Option<(usize, usize)> {
        let left = self.s.queued_actions().count();
        (left > 0).then(|| {
            let done = self.s.actions().len();
            (done, done + left)
        })
    }

    /// Does the work the engine owes (an advance, the settling after a command, a replay) in
    /// slices of [`WORK_SLICE`] units until it is done (true) or `time_left` says stop (false).
    pub fn work(&mut self, time_left: &mut dyn FnMut() -> bool) -> bool {
        self.work_slices(Session::work, time_left)
    }

    /// Whether a user action can run now without first finishing a big piece of work at once.
    pub fn ready_for_action(&self) -> bool {
        self.s.ready_for_action()
    }

    /// Works (as [`Engine::work`]) only until [`Engine::ready_for_action`] holds (true).
    pub fn work_to_rest(&mut self, time_left: &mut dyn FnMut() -> bool) -> bool {
        self.work_slices(Session::work_to_rest, time_left)
    }

    /// Calls `slice` with [`WORK_SLICE`] units until it says done (true) or time is up (false).
    fn work_slices(
        &mut self,
        slice: fn(&mut Session, usize) -> bool,
        time_left: &mut dyn FnMut() -> bool,
    ) -> bool {
        let done = loop {
            if slice(&mut self.s, WORK_SLICE) {
                break true;
            }
            if !time_left() {
                break false;
            }
        };
        self.sample_history();
        done
    }

    /// Starts moving the clock `ms` forward; [`Engine::work`] does it.
    pub fn begin_advance(&mut self, ms: u64) {
        self.s.advance(ms.min(i64::MAX as u64) as i64);
    }

    pub fn run(&mut self, line: &str) -> Output {
        self.s.run(line).into()
    }

    /// A read-only command for a panel: not recorded in the action log.
    pub fn query(&mut self, line: &str) -> Output {
        self.s.query(line).into()
    }

    pub fn apply_text(&mut self, yaml: &str, filename: &str) -> Output {
        self.s.apply_text(yaml, filename).into()
    }

    /// Saves an editor tab into the session's files (recorded, so replays see it).
    pub fn write_file(&mut self, name: &str, text: &str) {
        self.s.write_file(&format!("k8s/{name}"), text)
    }

    /// Moves the clock `ms` forward and does all the work that takes, at once.
    pub fn advance(&mut self, ms: u64) {
        self.begin_advance(ms);
        self.work(&mut || true);
    }

    fn start(&self) -> SimTime {
        self.s.config().start
    }

    /// Virtual milliseconds since the cluster's start.
    pub fn now_ms(&self) -> u64 {
        (self.s.cluster().now().0 - self.start().0).max(0) as u64
    }

    pub fn next_wakeup_ms(&self) -> Option<u64> {
        self.s.cluster().next_wakeup().map(|t| (t.0 - self.start().0).max(0) as u64)
    }

    /// Changes whenever any object changes (the store's resourceVersion).
    pub fn revision(&self) -> u64 {
        self.s.cluster().api().resource_version()
    }

    pub fn poll_stream(&mut self, id: u64) -> (String, bool) {
        self.s.poll_stream(StreamId(id))
    }

    pub fn cancel_stream(&mut self, id: u64) {
        self.s.cancel_stream(StreamId(id))
    }

    pub fn complete(&self, line: &str, cursor: usize) -> Vec<String> {
        self.s.complete(line, cursor)
    }

    pub fn namespace(&self) -> String {
        self.s.namespace()
    }

    /// The console's prompt: `$ `, or the container shell's own (`/ # `) while attached to one.
    pub fn prompt(&self) -> String {
        self.s.prompt()
    }

    /// True while console lines go to a container's shell (`kubectl run -it`, `exec -it`).
    pub fn in_container_shell(&self) -> bool {
        self.s.shell().is_some()
    }

    /// The replayable action log, as saved in localStorage.
    pub fn save(&self) -> Value {
        // Mid-restore, the part not replayed yet is still part of the session.
        let all: Vec<_> = self.s.actions().iter().chain(self.s.queued_actions()).cloned().collect();
        json!({ "actions": kubeplay_kubectl::actions_to_json(&all) })
    }

    pub fn restore(v: &Value) -> Result<Engine, String> {
        Self::restore_with(v, ClusterConfig::default())
    }

    /// [`Engine::restore`] onto a cluster of the given shape.
    pub fn restore_with(v: &Value, cluster: ClusterConfig) -> Result<Engine, String> {
        let list = v.get("actions").ok_or("missing action log")?;
        if !list.is_array() {
            return Err("bad action log".into());
        }
        let actions = kubeplay_kubectl::actions_from_json(list);
        if actions.windows(2).any(|w| w[0].at > w[1].at) {
            return Err("action log out of order".into());
        }
        // Replayed by `work`, a slice at a time, as the page's frames allow.
        Ok(Self::wrap(Session::replay_sliced(cluster, WaitMode::Stream, &actions)))
    }

    /// A shared session (a share link's state), replayed by `work` a slice at a time as a restore is.
    pub fn from_share(state: &kubeplay_share::ShareState) -> Engine {
        Self::wrap(Session::replay_sliced(state.config(), state.wait_mode, &state.actions))
    }

    /// This session as a share link carries it, with the editor's tabs; None when the cluster has
    /// a shape a link cannot describe.
    pub fn share_state(
        &self,
        files: Vec<kubeplay_share::SharedFile>,
        active: usize,
    ) -> Option<kubeplay_share::ShareState> {
        let mut state = kubeplay_share::ShareState::capture(&self.s, files, active)?;
        // Mid-restore, the part not replayed yet is still part of the session.
        state.actions.extend(self.s.queued_actions().cloned());
        Some(state)
    }

    /// The store's objects for the graph, the history and the hints, without the Events
    /// (thousands in a big namespace), which none of them reads.
    fn snapshot(&self, ns: Option<&str>) -> kubeplay_view::OwnedSnapshot {
        let api = self.s.cluster().api();
        let list = |r: &str, n: Option<&str>| if r == "events" { Vec::new() } else { api.list(r, n) };
        kubeplay_view::OwnedSnapshot::collect(list, ns, self.s.cluster().now(), api.resource_version())
    }

    /// Records Deployment replica counts for the chart (only when something changed).
    fn sample_history(&self) {
        let rv = self.revision();
        if self.history_rv.get() == rv {
            return;
        }
        self.history_rv.set(rv);
        let snap = self.snapshot(None);
        self.history.borrow_mut().push_snapshot(&snap.view());
    }

    pub fn graph(&self, ns: &str, expanded: &BTreeSet<String>) -> GraphModel {
        let snap = self.snapshot(Some(ns));
        let opts = GraphOptions {
            namespace: Some(ns.to_string()),
            expanded_groups: expanded.clone(),
            ..GraphOptions::default()
        };
        kubeplay_view::build_graph(&snap.view(), &mut self.layout.borrow_mut(), &opts)
    }

    pub fn events(&self) -> Vec<EventRow> {
        self.recent_events(None)
    }

    /// The newest `limit` events (all with None), oldest first. Reads only the Events: the
    /// timeline asks for this on every change, with thousands of events during a big rollout.
    pub fn recent_events(&self, limit: Option<usize>) -> Vec<EventRow> {
        let now = self.s.cluster().now();
        let mut index = self.event_index.borrow_mut();
        index.update(self.s.cluster().api(), now);
        let start = self.start().0;
        index
            .newest(limit, now)
            .into_iter()
            .map(|r| {
                let (kind, name) = match r.node_id.as_deref().and_then(|id| id.split_once('/')) {
                    Some((k, rest)) => {
                        (k.to_string(), rest.split_once('/').map(|x| x.1).unwrap_or(rest).to_string())
                    }
                    None => {
                        let (k, n) = r.object.split_once('/').unwrap_or(("", r.object.as_str()));
                        (k.to_string(), n.to_string())
                    }
                };
                EventRow {
                    key: format!("{}/{}", r.namespace, r.name),
                    type_: r.type_,
                    reason: r.reason,
                    kind,
                    name,
                    namespace: r.namespace,
                    message: r.message,
                    age: r.age,
                    count: r.count.clamp(0, u32::MAX as i64) as u32,
                    last_ms: r.last_seen.map(|t| (t.0 - start).max(0) as u64).unwrap_or(0),
                    object: r.object,
                }
            })
            .collect()
    }

    /// How many Events the timeline knows of (as of its last update).
    pub fn event_count(&self) -> usize {
        self.event_index.borrow().count()
    }

    /// True once the namespace has pods and all of them are Ready (startup waits for this).
    pub fn pods_settled(&self, ns: &str) -> bool {
        let pods = self.s.cluster().api().list("pods", Some(ns));
        !pods.is_empty() && pods.iter().all(|p| kubeplay_view::pod_status::pod_is_ready(p))
    }

    /// Per-pod explanation of which pods a Service selects and why the others are left out.
    pub fn explain_service(&self, ns: &str, name: &str) -> String {
        let snap = self.snapshot(Some(ns));
        let d = kubeplay_view::explain_service(&snap.view(), ns, name);
        let mut out = d.summary;
        out.push('\n');
        for f in d.findings {
            out.push_str(&f);
            out.push('\n');
        }
        out
    }

    /// The graph as text: one line per object (an accessible alternative to the SVG).
    pub fn object_list(&self, g: &GraphModel) -> Vec<String> {
        kubeplay_view::list_from_graph(g).into_iter().map(|i| i.text).collect()
    }

    /// (virtual ms, desired, updated, available) samples of a Deployment.
    pub fn replica_history(&self, ns: &str, deployment: &str) -> Vec<(u64, i64, i64, i64)> {
        self.sample_history();
        let start = self.start().0;
        self.history
            .borrow()
            .get(ns, deployment)
            .map(|h| {
                h.points()
                    .iter()
                    .map(|p| ((p.t.0 - start).max(0) as u64, p.desired, p.updated, p.available))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Sends an HTTP request to a Service from a pod of its namespace (or from outside).
    pub fn request(&mut self, ns: &str, svc: &str) -> RequestResult {
        let api = self.s.cluster().api();
        let port = api
            .get("services", ns, svc)
            .ok()
            .and_then(|o| o.pointer("/spec/ports/0/port").and_then(Value::as_i64))
            .unwrap_or(80);
        let client = api
            .list("pods", Some(ns))
            .iter()
            .find(|p| kubeplay_view::pod_status::pod_is_ready(p))
            .and_then(|p| p.pointer("/metadata/name").and_then(Value::as_str).map(str::to_string));
        let source = match client {
            Some(name) => NetSource::Pod { namespace: ns.to_string(), name },
            None => NetSource::External,
        };
        let req = NetRequest {
            source,
            url: format!("http://{svc}.{ns}.svc.cluster.local:{port}/"),
            method: "GET".into(),
            timeout_ms: 2000,
        };
        let r = self.s.send_request(&req);
        let mut path: Vec<String> = Vec::new();
        for h in &r.path {
            if let Some(o) = &h.object {
                let kind = kind_of_resource(&o.resource);
                if !kind.is_empty() {
                    let id = node_id(kind, &o.namespace, &o.name);
                    if !path.contains(&id) {
                        path.push(id);
                    }
                }
            }
        }
        if let Some(p) = &r.pod {
            let id = node_id("Pod", &p.namespace, &p.name);
            if !path.contains(&id) {
                path.push(id);
            }
        }
        let reply = match (&r.error, r.ok) {
            (Some(e), _) => e.clone(),
            (None, _) => format!("HTTP {}\n{}", r.status, r.body),
        };
        RequestResult { path, ok: r.ok && r.error.is_none(), reply }
    }

    fn first_container(&self, ns: &str, pod: &str) -> String {
        self.s
            .cluster()
            .api()
            .get("pods", ns, pod)
            .ok()
            .and_then(|p| p.pointer("/spec/containers/0/name").and_then(Value::as_str).map(str::to_string))
            .unwrap_or_default()
    }

    fn fault(&mut self, f: ClusterFault, text: String) -> Output {
        self.s.inject(f);
        self.sample_history();
        Output { text, exit_code: 0, stream: None }
    }

    pub fn inject(&mut self, f: &Fault) -> Output {
        match f {
            Fault::DeletePod { ns, pod } => {
                self.run(&format!("kubectl delete pod {pod} -n {ns} --wait=false"))
            }
            Fault::CordonNode(n) => self.run(&format!("kubectl cordon {n}")),
            Fault::DrainNode(n) => self.run(&format!("kubectl drain {n} --ignore-daemonsets")),
            Fault::ScaleToZero { ns, deployment } => {
                self.run(&format!("kubectl scale deployment {deployment} --replicas=0 -n {ns}"))
            }
            Fault::CrashContainer { ns, pod } => {
                let container = self.first_container(ns, pod);
                self.fault(
                    ClusterFault::CrashContainer { namespace: ns.clone(), pod: pod.clone(), container },
                    format!("container in pod {pod} crashed\n"),
                )
            }
            Fault::FailProbe { ns, pod } => {
                let container = self.first_container(ns, pod);
                self.fault(
                    ClusterFault::FailProbe {
                        namespace: ns.clone(),
                        pod: pod.clone(),
                        container,
                        probe: ProbeKind::Readiness,
                        failing: true,
                    },
                    format!("readiness probe of pod {pod} now fails\n"),
                )
            }
            Fault::FailNode(n) => {
                self.fault(ClusterFault::FailNode(n.clone()), format!("node {n} stopped posting status\n"))
            }
        }
    }

    pub fn node_names(&self) -> Vec<String> {
        self.s
            .cluster()
            .api()
            .list("nodes", None)
            .iter()
            .filter_map(|n| n.pointer("/metadata/name").and_then(Value::as_str).map(str::to_string))
            .collect()
    }

    /// Editor diagnostics: YAML syntax, strict schema checks, and the view model's hints.
    pub fn diagnostics(&self, text: &str) -> Vec<Diag> {
        let mut cache = self.yaml_cache.borrow_mut();
        let kubeplay_yaml::Diagnosis { documents: docs, diagnostics: diags, .. } = cache.diagnose(text);
        let mut out: Vec<Diag> = diags
            .iter()
            .map(|d| {
                let end = d.end.unwrap_or(kubeplay_yaml::Pos { line: d.pos.line, col: d.pos.col + 1 });
                let mut message = d.kubectl_detail.clone().unwrap_or_else(|| d.message.clone());
                let mut hint = kubeplay_view::hint_for_diagnostic(&d.message).unwrap_or_default();
                if d.message.starts_with("unknown field") {
                    // How kubectl reports it (the server's strict field validation).
                    message = format!("strict decoding error: {message}");
                    // The document holding the field (failed documents have an index but no
                    // document, so the index cannot be used to pick it).
                    if let Some(s) = docs
                        .iter()
                        .find(|doc| doc.start_line <= d.pos.line && d.pos.line <= doc.end_line)
                        .zip(d.path.as_deref())
                        .and_then(|(doc, p)| suggest_field(doc, p))
                    {
                        hint = format!("Did you mean \"{s}\"? {hint}");
                    }
                }
                Diag {
                    line: d.pos.line,
                    col: d.pos.col,
                    end_line: end.line,
                    end_col: end.col,
                    severity: match d.severity {
                        kubeplay_yaml::Severity::Error => "error",
                        kubeplay_yaml::Severity::Warning => "warning",
                        kubeplay_yaml::Severity::Info => "info",
                    },
                    hint,
                    message,
                }
            })
            .collect();
        if !docs.is_empty() {
            let snap = self.snapshot(None);
            let view = snap.view();
            let ns = self.namespace();
            let values: Vec<&Value> = docs.iter().map(|d| &d.value).collect();
            let hints = kubeplay_view::hints_for_documents(&view, &values, &ns);
            for (d, doc_hints) in docs.iter().zip(hints) {
                for h in doc_hints {
                    let (a, b) = d
                        .spans
                        .key_range(&h.path)
                        .or_else(|| {
                            d.spans
                                .nearest(&h.path)
                                .map(|p| (p, kubeplay_yaml::Pos { line: p.line, col: p.col + 1 }))
                        })
                        .unwrap_or((
                            kubeplay_yaml::Pos { line: d.start_line, col: 1 },
                            kubeplay_yaml::Pos { line: d.start_line, col: 2 },
                        ));
                    out.push(Diag {
                        line: a.line,
                        col: a.col,
                        end_line: b.line,
                        end_col: b.col,
                        severity: match h.level {
                            kubeplay_view::HintLevel::Warning => "warning",
                            _ => "info",
                        },
                        message: h.message,
                        hint: String::new(),
                    });
                }
            }
        }
        out
    }

    /// The document under `offset` and the 1-based position of `offset`.
    fn doc_at(&self, text: &str, offset: usize) -> Option<(kubeplay_yaml::Document, kubeplay_yaml::Pos)> {
        let before = text.get(..offset.min(text.len()))?;
        let line = before.matches('\n').count() as u32 + 1;
        let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) as u32 + 1;
        // The same text the diagnostics just saw: every document is reused from the cache.
        // The last document starting at or above the line (a half-typed last line may lie past its end).
        let (any, found) = {
            let mut cache = self.yaml_cache.borrow_mut();
            let docs = cache.diagnose(text).documents;
            (!docs.is_empty(), docs.into_iter().rev().find(|d| d.start_line <= line).cloned())
        };
        let doc = if any {
            found?
        } else {
            // A half-typed key can make the whole text invalid: parse it without the cursor's line.
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            let end = text.get(start..).and_then(|r| r.find('\n')).map_or(text.len(), |i| start + i);
            let trimmed = format!("{}{}", text.get(..start).unwrap_or(""), text.get(end..).unwrap_or(""));
            kubeplay_yaml::parse_documents(&trimmed).0.into_iter().rev().find(|d| d.start_line <= line)?
        };
        Some((doc, kubeplay_yaml::Pos { line, col }))
    }

    /// Completion items `(label, type, documentation)` for the mapping at `offset`.
    pub fn completions(&self, text: &str, offset: usize) -> Vec<(String, String, String)> {
        let Some((doc, pos)) = self.doc_at(text, offset) else {
            return root_completions();
        };
        // The mapping the cursor's line belongs to: the nearest key indented less than the line.
        let line_start = text.get(..offset.min(text.len())).and_then(|b| b.rfind('\n')).map_or(0, |i| i + 1);
        let indent =
            text.get(line_start..).unwrap_or("").chars().take_while(|c| *c == ' ' || *c == '-').count();
        let parent = enclosing_path(&doc, kubeplay_yaml::Pos { line: pos.line, col: indent as u32 + 1 });
        let Some(ty) = kubeplay_yaml::schema_object_type(&doc, &parent) else { return Vec::new() };
        kubeplay_schema::fields(ty)
            .iter()
            .map(|f| (f.name.to_string(), "property".to_string(), f.doc.to_string()))
            .collect()
    }

    pub fn hover(&self, text: &str, offset: usize) -> Option<String> {
        let (doc, pos) = self.doc_at(text, offset)?;
        let path = doc.spans.path_at(pos)?.to_string();
        let f = kubeplay_yaml::schema_field(&doc, &path)?;
        let kind = doc.value.get("kind").and_then(Value::as_str).unwrap_or("object");
        let mut s = format!("{kind}.{path}\n\n{}", f.doc);
        if !f.enum_values.is_empty() {
            s.push_str(&format!("\n\nPossible enum values: {}", f.enum_values.join(", ")));
        }
        Some(s)
    }
}

/// The schema field closest in spelling to the unknown field at `path` (at most 2 edits away).
fn suggest_field(doc: &kubeplay_yaml::Document, path: &str) -> Option<&'static str> {
    let (parent, name) = match path.rsplit_once('.') {
        Some((p, n)) => (p, n),
        None => ("", path),
    };
    let ty = kubeplay_yaml::schema_object_type(doc, parent)?;
    kubeplay_schema::fields(ty)
        .iter()
        .map(|f| (edit_distance(f.name, name), f.name))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, n)| n)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

fn root_completions() -> Vec<(String, String, String)> {
    ["apiVersion", "kind", "metadata", "spec"]
        .iter()
        .map(|k| (k.to_string(), "property".into(), String::new()))
        .collect()
}

/// The path of the mapping that a key typed at `pos` would belong to: the deepest path whose key
/// sits on an earlier line at a column left of `pos`.
fn enclosing_path(doc: &kubeplay_yaml::Document, pos: kubeplay_yaml::Pos) -> String {
    let mut best: Option<(&str, kubeplay_yaml::Pos)> = None;
    for (p, at) in doc.spans.paths() {
        let Some((k, _)) = doc.spans.key_range(p) else { continue };
        let _ = at;
        if k.line < pos.line && k.col < pos.col && best.is_none_or(|(_, b)| k >= b) {
            best = Some((p, k));
        }
    }
    best.map(|(p, _)| p.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests;
