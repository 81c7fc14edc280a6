//! `Session`: the console state both front ends drive — the cluster, the current context and
//! namespace, the in-memory files, port-forwards, live streams and the replayable action log.

use std::collections::{BTreeMap, VecDeque};

use kubeplay_cluster::{Cluster, ClusterConfig};
use kubeplay_model::SimTime;

use crate::action::{Action, ActionKind};
use crate::files::Files;
use crate::stream::{PortForward, Stream};

/// A live stream (a watch, `logs -f`, a port-forward, or a waiting command in browser mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StreamId(pub u64);

/// What one command printed: stdout and stderr merged in order, as a terminal shows them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub text: String,
    pub exit_code: i32,
    /// Set when the command keeps running (`get -w`, `logs -f`, `port-forward`, …): poll it.
    pub stream: Option<StreamId>,
}

/// Playground limit on what one command (or one poll of a stream) prints. Real kubectl streams to
/// a terminal that scrolls; the playground renders every line into the page, and a few megabytes of
/// `get events -o yaml` or a chatty `logs` freeze the tab while the DOM grows. 1 MiB is far beyond
/// anything a reader scrolls through (about 20,000 lines of YAML) and quick to render.
pub const MAX_OUTPUT_BYTES: usize = 1024 * 1024;

/// Cuts `text` to at most [`MAX_OUTPUT_BYTES`], at a line end when there is one (never inside a
/// UTF-8 character), and appends a line saying so.
pub fn cap_output(text: &mut String) {
    let total = text.len();
    if total <= MAX_OUTPUT_BYTES {
        return;
    }
    let mut cut = MAX_OUTPUT_BYTES;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    if let Some(nl) = text[..cut].rfind('\n') {
        cut = nl + 1;
    }
    text.truncate(cut);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&format!("... output truncated: {cut} bytes shown of {total} (kubeplay console limit)\n"));
}

impl Output {
    pub(crate) fn capped(mut self) -> Output {
        cap_output(&mut self.text);
        self
    }
}

/// How commands that wait behave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitMode {
    /// CLI scripts: `rollout status`, `wait`, `delete --wait` advance the virtual clock until they
    /// would return (bounded by `--timeout`); watches are bounded by the caller.
    AdvanceClock,
    /// Browser: waiting and watching commands return a stream that the UI polls as its clock runs.
    Stream,
}

/// One kubeconfig context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    pub name: String,
    pub cluster: String,
    pub user: String,
    pub namespace: String,
}

pub struct Session {
    pub(crate) cluster: Cluster,
    pub(crate) cfg: ClusterConfig,
    pub(crate) mode: WaitMode,
    pub(crate) contexts: Vec<Context>,
    pub(crate) current_context: String,
    pub(crate) files: Files,
    pub(crate) streams: BTreeMap<u64, Stream>,
    pub(crate) next_stream: u64,
    pub(crate) forwards: Vec<PortForward>,
    pub(crate) actions: Vec<Action>,
    /// An interactive `kubectl exec -it … -- sh`: console lines run in this container until `exit`.
    pub(crate) shell: Option<ShellTarget>,
    /// Sliced mode (see `slicing`): work is begun by commands and done by `Session::work`.
    pub(crate) sliced: bool,
    /// Work owed to the cluster in sliced mode.
    pub(crate) pending: Option<crate::slicing::Pending>,
    /// Actions of a sliced replay not yet replayed.
    pub(crate) queued: VecDeque<Action>,
}

/// The container an interactive `exec` shell runs in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellTarget {
    pub namespace: String,
    pub pod: String,
    pub container: String,
    pub tty: bool,
    /// What the container's shell prints before each line (`/ # `; nothing without a terminal).
    pub prompt: String,
    /// Set for `kubectl run -it`: what kubectl does once the attached shell exits.
    pub attached: Option<crate::cmd::attach::AttachedRun>,
}

/// The kubeconfig `kind create cluster --name kubeplay` writes: context, cluster and user are all
/// `kind-<cluster name>` (the default shape's nodes are `kubeplay-control-plane`, …).
pub const DEFAULT_CONTEXT: &str = "kind-kubeplay";

/// The kind cluster's kubeconfig name, `kind-<cluster>`, where the control-plane node is
/// `<cluster>-control-plane`.
pub fn kubeconfig_name(cfg: &ClusterConfig) -> String {
    let cluster = cfg
        .nodes
        .iter()
        .find(|n| n.control_plane)
        .and_then(|n| n.name.strip_suffix("-control-plane"))
        .unwrap_or("kubeplay");
    format!("kind-{cluster}")
}

/// The host port kind publishes the API server on: one the OS picked from Linux's ephemeral range
/// (32768–60999), fixed per seed here so sessions replay identically.
pub fn api_server_port(cfg: &ClusterConfig) -> u16 {
    let h = kubeplay_model::rng::fnv1a32(&cfg.seed.to_le_bytes());
    32768 + (h % (60999 - 32768 + 1)) as u16
}

impl Session {
    pub fn new(cfg: ClusterConfig, mode: WaitMode) -> Session {
        let cluster = Cluster::new(cfg.clone());
        let kubeconfig = kubeconfig_name(&cfg);
        Session {
            cluster,
            cfg,
            mode,
            contexts: vec![Context {
                name: kubeconfig.clone(),
                cluster: kubeconfig.clone(),
                user: kubeconfig.clone(),
                namespace: String::new(),
            }],
            current_context: kubeconfig,
            files: Files::new(),
            streams: BTreeMap::new(),
            next_stream: 1,
            forwards: Vec::new(),
            actions: Vec::new(),
            shell: None,
            sliced: false,
            pending: None,
            queued: VecDeque::new(),
        }
    }

    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }
    pub fn cluster_mut(&mut self) -> &mut Cluster {
        &mut self.cluster
    }
    /// The configuration the cluster was built from (what `replay` needs).
    pub fn config(&self) -> &ClusterConfig {
        &self.cfg
    }
    pub fn mode(&self) -> WaitMode {
        self.mode
    }

    /// The namespace commands use when no `-n` is given (the current context's, or `default`).
    pub fn namespace(&self) -> String {
        match self.contexts.iter().find(|c| c.name == self.current_context) {
            Some(c) if !c.namespace.is_empty() => c.namespace.clone(),
            _ => "default".to_string(),
        }
    }
    pub fn current_context(&self) -> &str {
        &self.current_context
    }
    pub fn contexts(&self) -> &[Context] {
        &self.contexts
    }

    /// The in-memory file system `-f` paths read from.
    pub fn files(&self) -> &Files {
        &self.files
    }
    /// Direct access (not recorded in the action log: use [`Session::write_file`] for edits the
    /// replay must see).
    pub fn files_mut(&mut self) -> &mut Files {
        &mut self.files
    }
    /// Saves a file and records it, so a replay sees the same content.
    pub fn write_file(&mut self, path: &str, content: &str) {
        self.record(ActionKind::WriteFile { path: path.to_string(), content: content.to_string() });
        self.files.write(path, content);
    }
    pub fn remove_file(&mut self, path: &str) {
        self.record(ActionKind::RemoveFile { path: path.to_string() });
        self.files.remove(path);
    }

    pub(crate) fn record(&mut self, kind: ActionKind) {
        // A half-done advance stops at the current instant (the user acted then); anything else
        // owed happens before this action, as in an unsliced session.
        self.interrupt_advance();
        self.catch_up();
        let at = self.cluster.now();
        self.actions.push(Action { at, kind });
    }

    /// A command takes no virtual time, but the work it caused that is due at this instant runs
    /// (controllers react "within milliseconds"), and live streams see it.
    pub(crate) fn after_command(&mut self) {
        if self.sliced {
            self.begin_settle();
            return;
        }
        self.cluster.settle();
        let Session { cluster, streams, .. } = self;
        crate::stream::poll_all(streams, cluster);
    }

    /// A fault from the UI's palette, recorded so a replay injects it at the same instant.
    pub fn inject(&mut self, fault: kubeplay_cluster::Fault) {
        self.record(ActionKind::Fault(fault.clone()));
        self.cluster.inject(fault);
        self.after_command();
    }

    /// An HTTP request the UI sends ("Send a request"), recorded: it draws on the cluster's RNG
    /// (which endpoint kube-proxy picks), so a replay without it would diverge.
    pub fn send_request(&mut self, req: &kubeplay_node::NetRequest) -> kubeplay_node::NetResponse {
        self.record(ActionKind::Request(req.clone()));
        let r = self.request(req);
        self.after_command();
        r
    }

    /// Moves the virtual clock forward, letting live streams collect what happens meanwhile.
    pub fn advance(&mut self, ms: i64) {
        self.record(ActionKind::Advance { ms });
        if self.sliced {
            self.begin_advance(ms);
        } else {
            self.advance_unrecorded(ms);
        }
    }

    pub(crate) fn advance_unrecorded(&mut self, ms: i64) {
        if ms <= 0 {
            return;
        }
        let Session { cluster, streams, .. } = self;
        let end = cluster.now().plus_millis(ms);
        crate::stream::poll_all(streams, cluster);
        let mut poll = |c: &Cluster| {
            crate::stream::poll_all(streams, c);
            false
        };
        advance_to(cluster, end, &mut poll);
        crate::stream::poll_all(streams, cluster);
    }

    /// What a stream printed since the last poll, and whether it has finished.
    pub fn poll_stream(&mut self, id: StreamId) -> (String, bool) {
        let Session { cluster, streams, .. } = self;
        match streams.get_mut(&id.0) {
            Some(s) => {
                s.poll(cluster);
                let mut text = std::mem::take(&mut s.buffer);
                cap_output(&mut text);
                let done = s.finished;
                if done {
                    streams.remove(&id.0);
                }
                (text, done)
            }
            None => (String::new(), true),
        }
    }

    /// The exit code of a finished stream (0 while running or unknown).
    pub fn stream_exit_code(&self, id: StreamId) -> i32 {
        self.streams.get(&id.0).map(|s| s.exit_code).unwrap_or(0)
    }

    /// Ctrl+C: stops a stream (a port-forward stops forwarding).
    pub fn cancel_stream(&mut self, id: StreamId) {
        self.record(ActionKind::CancelStream { id: id.0 });
        self.cancel_unrecorded(id.0);
    }

    pub(crate) fn cancel_unrecorded(&mut self, id: u64) {
        self.streams.remove(&id);
        self.forwards.retain(|f| f.stream != id);
    }

    pub(crate) fn add_stream(&mut self, s: Stream) -> StreamId {
        let id = self.next_stream;
        self.next_stream += 1;
        self.streams.insert(id, s);
        StreamId(id)
    }

    /// The recorded actions, in order.
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// Rebuilds a session from its action log.
    pub fn replay(cfg: ClusterConfig, mode: WaitMode, actions: &[Action]) -> Session {
        let mut s = Session::new(cfg, mode);
        for a in actions {
            let now = s.cluster.now();
            if a.at > now {
                // Time that passed without an explicit Advance (should not happen; keeps replays exact).
                s.advance_unrecorded(a.at.millis() - now.millis());
            }
            s.replay_one(a);
        }
        s
    }

    /// Replays one action, recording it again.
    pub(crate) fn replay_one(&mut self, a: &Action) {
        match &a.kind {
            ActionKind::Run { line, stdin: Some(i) } => {
                self.run_with_stdin(line, i);
            }
            ActionKind::Run { line, stdin: None } => {
                self.run(line);
            }
            ActionKind::ApplyText { yaml, filename } => {
                self.apply_text(yaml, filename);
            }
            ActionKind::Advance { ms } => self.advance(*ms),
            ActionKind::CancelStream { id } => self.cancel_stream(StreamId(*id)),
            ActionKind::WriteFile { path, content } => self.write_file(path, content),
            ActionKind::RemoveFile { path } => self.remove_file(path),
            ActionKind::Fault(f) => self.inject(f.clone()),
            ActionKind::Request(r) => {
                self.send_request(r);
            }
        }
    }

    /// Tab completion for `line` with the cursor at byte `cursor`: the candidates for the word
    /// under the cursor (verbs, resource types, object names, flags).
    pub fn complete(&self, line: &str, cursor: usize) -> Vec<String> {
        crate::complete::complete(self, line, cursor)
    }

    pub(crate) fn now(&self) -> SimTime {
        self.cluster.now()
    }

    /// The interactive shell the console is in (`kubectl exec -it POD -- sh`), if any.
    pub fn shell(&self) -> Option<&ShellTarget> {
        self.shell.as_ref()
    }

    /// The prompt to show: the container shell's own (`/ # ` for busybox, `# ` for Debian's
    /// dash, none without `-t`) inside an interactive shell, `$ ` otherwise.
    pub fn prompt(&self) -> String {
        match &self.shell {
            Some(t) => t.prompt.clone(),
            None => "$ ".to_string(),
        }
    }

    /// Advances the clock up to `end`, polling live streams and `f` after every step; stops
    /// early when `f` returns true.
    pub(crate) fn advance_while(&mut self, end: SimTime, f: &mut dyn FnMut(&Cluster) -> bool) {
        let Session { cluster, streams, .. } = self;
        let mut both = |c: &Cluster| {
            crate::stream::poll_all(streams, c);
            f(c)
        };
        advance_to(cluster, end, &mut both);
    }

    /// Runs a command in a container through the node simulator.
    pub(crate) fn exec_in(
        &mut self,
        pod: &kubeplay_model::Object,
        container: &str,
        argv: &[String],
    ) -> kubeplay_node::ExecResult {
        // NodeSim needs itself, the store and the rng at once: lend them out of the cluster
        // for the call (a Cluster::exec helper would make this unnecessary).
        let now = self.cluster.now();
        let mut nodes = std::mem::take(self.cluster.nodes_mut());
        let mut rng = self.cluster.rng().clone();
        let r = nodes.exec(pod, container, argv, self.cluster.api(), now, &mut rng);
        *self.cluster.nodes_mut() = nodes;
        *self.cluster.rng() = rng;
        self.cluster.settle();
        r
    }

    /// An HTTP request from outside the cluster (port-forward, NodePort).
    pub(crate) fn request(&mut self, req: &kubeplay_node::NetRequest) -> kubeplay_node::NetResponse {
        let now = self.cluster.now();
        let mut nodes = std::mem::take(self.cluster.nodes_mut());
        let mut rng = self.cluster.rng().clone();
        let r = nodes.request(req, self.cluster.api(), now, &mut rng);
        *self.cluster.nodes_mut() = nodes;
        *self.cluster.rng() = rng;
        r
    }
}

/// Advances `cluster` to `end` (absolute), calling `f` after each step; stops when it says so.
pub(crate) fn advance_to(cluster: &mut Cluster, end: SimTime, f: &mut dyn FnMut(&Cluster) -> bool) {
    let ms = end.millis() - cluster.now().millis();
    if ms > 0 {
        cluster.advance_until(ms, f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: \"1\"\n";

    #[test]
    fn output_over_the_console_limit_is_cut_at_a_line_end_with_a_note() {
        let line = "x".repeat(99) + "\n"; // 100 bytes a line
        let mut text = line.repeat(20_000); // 2,000,000 bytes
        cap_output(&mut text);
        // 10,485 whole lines fit in 1 MiB (1,048,500 bytes).
        let want_head = line.repeat(10_485);
        assert!(text.starts_with(&want_head));
        assert_eq!(
            &text[want_head.len()..],
            "... output truncated: 1048500 bytes shown of 2000000 (kubeplay console limit)\n"
        );
        // At the limit: untouched.
        let mut exact = "y".repeat(MAX_OUTPUT_BYTES);
        cap_output(&mut exact);
        assert_eq!(exact.len(), MAX_OUTPUT_BYTES);
        // One long line of multi-byte characters: cut on a character boundary.
        let mut wide = "é".repeat(MAX_OUTPUT_BYTES); // 2 bytes each
        cap_output(&mut wide);
        assert_eq!(
            wide,
            format!(
                "{}\n... output truncated: 1048576 bytes shown of 2097152 (kubeplay console limit)\n",
                "é".repeat(MAX_OUTPUT_BYTES / 2)
            )
        );
    }

    #[test]
    fn a_huge_get_is_truncated_by_the_session() {
        let mut s = Session::new(ClusterConfig::default(), WaitMode::AdvanceClock);
        for name in ["a", "b"] {
            let cm = format!(
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  k: \"{}\"\n",
                "v".repeat(600_000)
            );
            assert_eq!(s.run_with_stdin("kubectl create -f -", &cm).exit_code, 0);
        }
        let out = s.run("kubectl get configmaps a b -o yaml");
        assert_eq!(out.exit_code, 0);
        assert!(out.text.len() < MAX_OUTPUT_BYTES + 100, "{}", out.text.len());
        let last = out.text.lines().last().unwrap_or_default();
        assert!(
            last.starts_with("... output truncated: ") && last.ends_with(" (kubeplay console limit)"),
            "{last}"
        );
    }

    #[test]
    fn apply_text_is_apply_f() {
        let mut s = Session::new(ClusterConfig::default(), WaitMode::Stream);
        // §8.4 / §8.6 confirmation lines.
        assert_eq!(s.apply_text(CM, "k8s/cfg.yaml").text, "configmap/cfg created\n");
        assert_eq!(s.apply_text(CM, "k8s/cfg.yaml").text, "configmap/cfg unchanged\n");
        let bad = s.apply_text("a: [1\n", "k8s/bad.yaml");
        assert_eq!(bad.exit_code, 1);
        assert!(
            bad.text
                .starts_with("error: error parsing k8s/bad.yaml: error converting YAML to JSON: yaml: line "),
            "{}",
            bad.text
        );
    }

    #[test]
    fn browser_streams_follow_the_clock() {
        let mut s = Session::new(ClusterConfig::default(), WaitMode::Stream);
        s.run("kubectl create deployment web --image=nginx:1.27");
        let st = s.run("kubectl rollout status deployment/web");
        let id = st.stream.expect("rollout status streams in browser mode");
        assert!(
            st.text.starts_with(
                "Waiting for deployment \"web\" rollout to finish: 0 of 1 updated replicas are available..."
            ),
            "{}",
            st.text
        );
        let w = s.run("kubectl get pods -w").stream.expect("watch streams");
        s.advance(30_000);
        let (text, done) = s.poll_stream(id);
        assert!(done);
        assert!(text.ends_with("deployment \"web\" successfully rolled out\n"), "{text}");
        let (rows, done) = s.poll_stream(w);
        assert!(!done && rows.contains("Running"), "{rows}");
        s.cancel_stream(w);
        assert_eq!(s.poll_stream(w), (String::new(), true));
    }

    #[test]
    fn unknown_type_and_usage_errors_exit_1() {
        let mut s = Session::new(ClusterConfig::default(), WaitMode::AdvanceClock);
        let o = s.run("kubectl get podz");
        assert_eq!(
            (o.text.as_str(), o.exit_code),
            ("error: the server doesn't have a resource type \"podz\"\n", 1)
        );
        let o = s.run("k get pods --foo");
        assert_eq!(o.text, "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n");
        assert_eq!(s.run("get ns default -o name").text, "namespace/default\n");
    }

    #[test]
    fn templates_allow_missing_keys_by_default() {
        // kubectl's --allow-missing-template-keys defaults to true: a missing field prints
        // nothing and exits 0; =false gives the jsonpath engine's error.
        let mut s = Session::new(ClusterConfig::default(), WaitMode::AdvanceClock);
        let o = s.run("kubectl get ns default -o jsonpath={.spec.nope}");
        assert_eq!((o.text.as_str(), o.exit_code), ("", 0));
        let o = s.run("kubectl get ns default -o jsonpath={.spec.nope} --allow-missing-template-keys=false");
        assert_eq!(o.exit_code, 1);
        assert!(
            o.text.starts_with("error: error executing jsonpath \"{.spec.nope}\": Error executing template: nope is not found. Printing more information for debugging the template:\n"),
            "{}",
            o.text
        );
        let o = s.run("kubectl get ns default -o go-template={{.spec.nope}}");
        assert_eq!((o.text.as_str(), o.exit_code), ("<no value>", 0));
    }

    #[test]
    fn help_pages_are_kubectl_133s() {
        // First lines of `kubectl.1.33 VERB --help`.
        let mut s = Session::new(ClusterConfig::default(), WaitMode::AdvanceClock);
        assert!(s.run("kubectl get --help").text.starts_with("Display one or many resources.\n\n"));
        assert!(s.run("kubectl scale -h").text.starts_with(
            "Set a new size for a deployment, replica set, replication controller, or stateful set.\n"
        ));
        assert!(s.run("kubectl logs --help").text.ends_with(
            "Use \"kubectl options\" for a list of global command-line options (applies to all commands).\n"
        ));
    }
}
