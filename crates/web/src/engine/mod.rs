//! The only module that talks to the simulation. Everything the UI needs from the engine goes
//! through [`Engine`], so switching from the local stand-in to `kubeplay_kubectl::Session` +
//! `kubeplay_view` touches this module only.

pub mod graph;
pub mod lint;
mod standin;
mod yamlish;

pub use graph::{EdgeKind, GraphEdge, GraphModel, GraphNode, Tone, GROUP_THRESHOLD};
pub use lint::Diag;
use serde_json::{json, Value};
use std::collections::BTreeSet;

#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    pub text: String,
    pub exit_code: i32,
    pub stream: Option<u64>,
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
}

impl EventRow {
    pub fn object(&self) -> String {
        format!("{}/{}", self.kind.to_ascii_lowercase(), self.name)
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
    s: standin::Session,
}

/// Virtual time as the clock shows it (`00:03:07`).
pub fn clock_label(ms: u64) -> String {
    let s = ms / 1000;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

impl Engine {
    pub fn new() -> Self {
        Engine { s: standin::Session::new() }
    }

    pub fn run(&mut self, line: &str) -> Output {
        let o = self.s.run(line);
        Output { text: o.text, exit_code: o.exit_code, stream: o.stream }
    }

    /// A read-only command for a panel: not recorded in the action log.
    pub fn query(&mut self, line: &str) -> Output {
        let n = self.s.actions.len();
        let o = self.run(line);
        self.s.actions.truncate(n);
        if let Some(id) = o.stream {
            self.s.cancel_stream(id);
        }
        o
    }

    pub fn apply_text(&mut self, yaml: &str, filename: &str) -> Output {
        let o = self.s.apply_text(yaml, filename);
        Output { text: o.text, exit_code: o.exit_code, stream: o.stream }
    }

    pub fn advance(&mut self, ms: u64) {
        self.s.advance(ms)
    }

    pub fn now_ms(&self) -> u64 {
        self.s.now
    }

    pub fn next_wakeup_ms(&self) -> Option<u64> {
        self.s.next_wakeup()
    }

    /// Changes whenever any object changes (the store's resourceVersion).
    pub fn revision(&self) -> u64 {
        self.s.rv + self.s.events.iter().map(|e| e.count as u64).sum::<u64>()
    }

    pub fn poll_stream(&mut self, id: u64) -> (String, bool) {
        self.s.poll_stream(id)
    }

    pub fn cancel_stream(&mut self, id: u64) {
        self.s.cancel_stream(id)
    }

    pub fn complete(&self, line: &str, cursor: usize) -> Vec<String> {
        self.s.complete(line, cursor)
    }

    pub fn namespace(&self) -> String {
        self.s.namespace.clone()
    }

    /// The replayable action log plus the clock, as saved in localStorage.
    pub fn save(&self) -> Value {
        json!({
            "now": self.s.now,
            "actions": self.s.actions.iter().map(|a| json!({"at": a.at, "kind": a.kind, "text": a.text, "filename": a.filename})).collect::<Vec<_>>(),
        })
    }

    pub fn restore(v: &Value) -> Result<Engine, String> {
        let now = v.get("now").and_then(Value::as_u64).ok_or("missing clock")?;
        let list = v.get("actions").and_then(Value::as_array).ok_or("missing action log")?;
        let mut actions = Vec::new();
        for a in list {
            let get = |k: &str| a.get(k).and_then(Value::as_str).map(str::to_string);
            actions.push(standin::Action {
                at: a.get("at").and_then(Value::as_u64).ok_or("bad action time")?,
                kind: get("kind").ok_or("bad action kind")?,
                text: get("text").ok_or("bad action text")?,
                filename: get("filename").unwrap_or_default(),
            });
        }
        if actions.windows(2).any(|w| w[0].at > w[1].at) || actions.last().is_some_and(|a| a.at > now) {
            return Err("action log out of order".into());
        }
        Ok(Engine { s: standin::Session::replay(&actions, now) })
    }

    pub fn graph(&self, ns: &str, expanded: &BTreeSet<String>) -> GraphModel {
        graph::build(&self.s, ns, expanded)
    }

    pub fn events(&self) -> Vec<EventRow> {
        let now = self.s.now;
        self.s
            .events
            .iter()
            .map(|e| EventRow {
                type_: e.type_.clone(),
                reason: e.reason.clone(),
                kind: e.kind.clone(),
                name: e.name.clone(),
                namespace: e.namespace.clone(),
                message: e.message.clone(),
                age: standin::human_age(now.saturating_sub(e.last)),
                count: e.count,
                last_ms: e.last,
            })
            .collect()
    }

    pub fn pods_settled(&self, ns: &str) -> bool {
        let pods = self.s.list("Pod", Some(ns));
        !pods.is_empty() && pods.iter().all(|p| standin::pod_ready(p))
    }

    /// Per-pod explanation of which pods a Service selects and why the others are left out.
    pub fn explain_service(&self, ns: &str, name: &str) -> String {
        let Some(svc) = self.s.get("Service", ns, name) else { return format!("Service {name} not found.") };
        let sel = svc.pointer("/spec/selector").and_then(Value::as_object).cloned().unwrap_or_default();
        if sel.is_empty() {
            return format!("Service \"{name}\" has no selector, so Kubernetes does not manage its endpoints: nothing is selected automatically.");
        }
        let sel_text = sel
            .iter()
            .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
            .collect::<Vec<_>>()
            .join(", ");
        let eps = self.s.endpoints(svc);
        let ready = eps.iter().filter(|e| e.2).count();
        let mut out = format!("Service \"{name}\" selects pods with labels {sel_text}.\n");
        if ready > 0 {
            out.push_str(&format!(
                "It has {ready} ready endpoint(s): {}.\n",
                eps.iter()
                    .filter(|e| e.2)
                    .map(|e| format!("{} ({})", e.0, e.1))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        } else {
            out.push_str("It has NO ready endpoints, so requests to it fail.\n");
        }
        let pods = self.s.list("Pod", Some(ns));
        if pods.is_empty() {
            out.push_str(&format!("There are no pods in namespace \"{ns}\" at all.\n"));
            return out;
        }
        out.push('\n');
        for p in pods {
            let pname = p.pointer("/metadata/name").and_then(Value::as_str).unwrap_or_default();
            let labels = p.pointer("/metadata/labels").cloned().unwrap_or(Value::Null);
            let misses: Vec<String> = sel
                .iter()
                .filter(|(k, v)| labels.get(k.as_str()) != Some(v))
                .map(|(k, v)| match labels.get(k.as_str()).and_then(Value::as_str) {
                    Some(have) => {
                        format!("{k} is \"{have}\", selector wants \"{}\"", v.as_str().unwrap_or_default())
                    }
                    None => format!("no label {k} (selector wants \"{}\")", v.as_str().unwrap_or_default()),
                })
                .collect();
            if misses.is_empty() {
                if standin::pod_ready(p) {
                    out.push_str(&format!("✓ {pname}: labels match and it is Ready → endpoint\n"));
                } else {
                    out.push_str(&format!("◔ {pname}: labels match but it is not Ready ({}) → listed as not-ready, gets no traffic\n", standin::pod_status(p)));
                }
            } else {
                out.push_str(&format!("✕ {pname}: {}\n", misses.join("; ")));
            }
        }
        if ready == 0 {
            out.push_str("\nFix: make spec.selector equal to labels the pods really have (compare with the Deployment's spec.template.metadata.labels), or fix the pods so they become Ready.\n");
        }
        out
    }

    /// The graph as text: one line per object (an accessible alternative to the SVG).
    pub fn object_list(&self, g: &GraphModel) -> Vec<String> {
        g.nodes
            .iter()
            .map(|n| {
                let mut s = format!("{} {}: {}", n.kind, n.name, n.status);
                if !n.detail.is_empty() {
                    s.push_str(&format!(" ({})", n.detail));
                }
                s
            })
            .collect()
    }

    pub fn replica_history(&self, ns: &str, deployment: &str) -> Vec<(u64, i64, i64, i64)> {
        self.s.history.get(&(ns.to_string(), deployment.to_string())).cloned().unwrap_or_default()
    }

    pub fn request(&mut self, ns: &str, svc: &str) -> RequestResult {
        let (path, ok, reply) = self.s.request(ns, svc);
        let path =
            path.iter().filter_map(|p| p.split_once('/').map(|(k, n)| graph::node_id(k, ns, n))).collect();
        RequestResult { path, ok, reply }
    }

    pub fn inject(&mut self, f: &Fault) -> Output {
        match f {
            Fault::DeletePod { ns, pod } => self.run(&format!("kubectl delete pod {pod} -n {ns}")),
            Fault::CordonNode(n) => self.run(&format!("kubectl cordon {n}")),
            Fault::DrainNode(n) => self.run(&format!("kubectl drain {n} --ignore-daemonsets")),
            Fault::ScaleToZero { ns, deployment } => {
                self.run(&format!("kubectl scale deployment {deployment} --replicas=0 -n {ns}"))
            }
            Fault::CrashContainer { ns, pod } => {
                self.s.inject(&format!("crash {ns} {pod}"));
                Output {
                    text: format!("container in pod {pod} killed (exit code 137)\n"),
                    exit_code: 0,
                    stream: None,
                }
            }
            Fault::FailProbe { ns, pod } => {
                self.s.inject(&format!("probe-fail {ns} {pod}"));
                Output {
                    text: format!("readiness probe of pod {pod} now fails\n"),
                    exit_code: 0,
                    stream: None,
                }
            }
            Fault::FailNode(n) => {
                self.s.inject(&format!("node-fail {n}"));
                Output {
                    text: format!("node {n} stopped posting status (NotReady)\n"),
                    exit_code: 0,
                    stream: None,
                }
            }
        }
    }

    pub fn node_names(&self) -> Vec<String> {
        self.s
            .list("Node", None)
            .iter()
            .filter_map(|n| n.pointer("/metadata/name").and_then(Value::as_str).map(str::to_string))
            .collect()
    }

    pub fn diagnostics(&self, text: &str) -> Vec<Diag> {
        lint::diagnostics(text)
    }

    pub fn completions(&self, text: &str, offset: usize) -> Vec<(String, String, String)> {
        lint::completions(text, offset)
    }

    pub fn hover(&self, text: &str, offset: usize) -> Option<String> {
        lint::hover(text, offset)
    }
}

#[cfg(test)]
mod tests;
