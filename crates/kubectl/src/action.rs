//! The replayable action log: every user action with its virtual timestamp, serialisable as JSON
//! so the browser can persist a session and rebuild it with [`crate::Session::replay`].

use kubeplay_cluster::Fault;
use kubeplay_model::SimTime;
use kubeplay_node::{NetRequest, NetSource, ProbeKind};
use serde_json::{json, Value};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionKind {
    /// A console line, with the text a heredoc fed to stdin.
    Run {
        line: String,
        stdin: Option<String>,
    },
    /// The editor's Apply button.
    ApplyText {
        yaml: String,
        filename: String,
    },
    /// The clock moved forward.
    Advance {
        ms: i64,
    },
    /// Ctrl+C on a stream (stops a port-forward or a watch).
    CancelStream {
        id: u64,
    },
    /// An editor tab was saved into the session's file system.
    WriteFile {
        path: String,
        content: String,
    },
    RemoveFile {
        path: String,
    },
    /// A fault from the UI's palette (crash a container, fail a probe or a node).
    Fault(Fault),
    /// "Send a request" on a Service (it draws on the cluster's RNG, so replays need it).
    Request(NetRequest),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub at: SimTime,
    pub kind: ActionKind,
}

impl Action {
    pub fn to_json(&self) -> Value {
        let mut v = match &self.kind {
            ActionKind::Run { line, stdin } => json!({"type": "run", "line": line, "stdin": stdin}),
            ActionKind::ApplyText { yaml, filename } => {
                json!({"type": "applyText", "yaml": yaml, "filename": filename})
            }
            ActionKind::Advance { ms } => json!({"type": "advance", "ms": ms}),
            ActionKind::CancelStream { id } => json!({"type": "cancelStream", "id": id}),
            ActionKind::WriteFile { path, content } => {
                json!({"type": "writeFile", "path": path, "content": content})
            }
            ActionKind::RemoveFile { path } => json!({"type": "removeFile", "path": path}),
            ActionKind::Fault(f) => fault_to_json(f),
            ActionKind::Request(r) => {
                let mut v =
                    json!({"type": "request", "url": r.url, "method": r.method, "timeoutMs": r.timeout_ms});
                if let NetSource::Pod { namespace, name } = &r.source {
                    v["fromNamespace"] = json!(namespace);
                    v["fromPod"] = json!(name);
                }
                v
            }
        };
        v["at"] = json!(self.at.millis());
        v
    }

    pub fn from_json(v: &Value) -> Option<Action> {
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(String::from);
        let at = SimTime(v.get("at")?.as_i64()?);
        let kind = match v.get("type")?.as_str()? {
            "run" => ActionKind::Run { line: s("line")?, stdin: s("stdin") },
            "applyText" => ActionKind::ApplyText { yaml: s("yaml")?, filename: s("filename")? },
            "advance" => ActionKind::Advance { ms: v.get("ms")?.as_i64()? },
            "cancelStream" => ActionKind::CancelStream { id: v.get("id")?.as_u64()? },
            "writeFile" => ActionKind::WriteFile { path: s("path")?, content: s("content")? },
            "removeFile" => ActionKind::RemoveFile { path: s("path")? },
            "fault" => ActionKind::Fault(fault_from_json(v)?),
            "request" => ActionKind::Request(NetRequest {
                source: match (s("fromNamespace"), s("fromPod")) {
                    (Some(namespace), Some(name)) => NetSource::Pod { namespace, name },
                    _ => NetSource::External,
                },
                url: s("url")?,
                method: s("method")?,
                timeout_ms: v.get("timeoutMs")?.as_i64()?,
            }),
            _ => return None,
        };
        Some(Action { at, kind })
    }
}

fn fault_to_json(f: &Fault) -> Value {
    match f {
        Fault::DeletePod { namespace, name } => {
            json!({"type": "fault", "fault": "deletePod", "namespace": namespace, "name": name})
        }
        Fault::CrashContainer { namespace, pod, container } => {
            json!({"type": "fault", "fault": "crashContainer", "namespace": namespace, "pod": pod, "container": container})
        }
        Fault::FailProbe { namespace, pod, container, probe, failing } => json!({
            "type": "fault", "fault": "failProbe", "namespace": namespace, "pod": pod,
            "container": container, "probe": probe.label(), "failing": failing,
        }),
        Fault::FailNode(n) => json!({"type": "fault", "fault": "failNode", "node": n}),
        Fault::RecoverNode(n) => json!({"type": "fault", "fault": "recoverNode", "node": n}),
        Fault::Cordon(n) => json!({"type": "fault", "fault": "cordon", "node": n}),
        Fault::Uncordon(n) => json!({"type": "fault", "fault": "uncordon", "node": n}),
    }
}

fn fault_from_json(v: &Value) -> Option<Fault> {
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(String::from);
    Some(match v.get("fault")?.as_str()? {
        "deletePod" => Fault::DeletePod { namespace: s("namespace")?, name: s("name")? },
        "crashContainer" => {
            Fault::CrashContainer { namespace: s("namespace")?, pod: s("pod")?, container: s("container")? }
        }
        "failProbe" => Fault::FailProbe {
            namespace: s("namespace")?,
            pod: s("pod")?,
            container: s("container")?,
            probe: match v.get("probe")?.as_str()? {
                "Liveness" => ProbeKind::Liveness,
                "Readiness" => ProbeKind::Readiness,
                "Startup" => ProbeKind::Startup,
                _ => return None,
            },
            failing: v.get("failing")?.as_bool()?,
        },
        "failNode" => Fault::FailNode(s("node")?),
        "recoverNode" => Fault::RecoverNode(s("node")?),
        "cordon" => Fault::Cordon(s("node")?),
        "uncordon" => Fault::Uncordon(s("node")?),
        _ => return None,
    })
}

/// A whole log as a JSON array.
pub fn actions_to_json(actions: &[Action]) -> Value {
    Value::Array(actions.iter().map(Action::to_json).collect())
}

/// Parses a JSON array written by [`actions_to_json`]; unknown entries are skipped.
pub fn actions_from_json(v: &Value) -> Vec<Action> {
    v.as_array().map(|a| a.iter().filter_map(Action::from_json).collect()).unwrap_or_default()
}

/// The log as JSON text (what the browser persists).
pub fn actions_to_json_string(actions: &[Action]) -> String {
    actions_to_json(actions).to_string()
}

/// Parses JSON text written by [`actions_to_json_string`]; invalid text gives an empty log.
pub fn actions_from_json_str(text: &str) -> Vec<Action> {
    serde_json::from_str::<Value>(text).map(|v| actions_from_json(&v)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn round_trip() {
        let log = vec![
            Action { at: SimTime(5), kind: ActionKind::Run { line: "kubectl get pods".into(), stdin: None } },
            Action {
                at: SimTime(6),
                kind: ActionKind::Run { line: "kubectl apply -f -".into(), stdin: Some("x: 1".into()) },
            },
            Action { at: SimTime(7), kind: ActionKind::Advance { ms: 1000 } },
            Action {
                at: SimTime(8),
                kind: ActionKind::ApplyText { yaml: "a".into(), filename: "k8s/a.yaml".into() },
            },
            Action { at: SimTime(9), kind: ActionKind::CancelStream { id: 3 } },
            Action {
                at: SimTime(9),
                kind: ActionKind::WriteFile { path: "k8s/a.yaml".into(), content: "b".into() },
            },
            Action { at: SimTime(9), kind: ActionKind::RemoveFile { path: "k8s/a.yaml".into() } },
            Action {
                at: SimTime(10),
                kind: ActionKind::Fault(Fault::FailProbe {
                    namespace: "default".into(),
                    pod: "web-1".into(),
                    container: "web".into(),
                    probe: ProbeKind::Readiness,
                    failing: true,
                }),
            },
            Action {
                at: SimTime(10),
                kind: ActionKind::Fault(Fault::CrashContainer {
                    namespace: "default".into(),
                    pod: "web-1".into(),
                    container: "web".into(),
                }),
            },
            Action { at: SimTime(10), kind: ActionKind::Fault(Fault::FailNode("kubeplay-worker".into())) },
            Action {
                at: SimTime(11),
                kind: ActionKind::Request(NetRequest {
                    source: NetSource::External,
                    url: "http://web.default.svc.cluster.local/".into(),
                    method: "GET".into(),
                    timeout_ms: 5000,
                }),
            },
            Action {
                at: SimTime(11),
                kind: ActionKind::Request(NetRequest {
                    source: NetSource::Pod { namespace: "default".into(), name: "client".into() },
                    url: "http://10.96.0.12/".into(),
                    method: "GET".into(),
                    timeout_ms: 1000,
                }),
            },
        ];
        let text = actions_to_json(&log).to_string();
        let back = actions_from_json(&serde_json::from_str(&text).unwrap());
        assert_eq!(back, log);
    }
}
