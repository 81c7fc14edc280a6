//! The replayable action log: every user action with its virtual timestamp, serialisable as JSON
//! so the browser can persist a session and rebuild it with [`crate::Session::replay`].

use kubeplay_model::SimTime;
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
            _ => return None,
        };
        Some(Action { at, kind })
    }
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
        ];
        let text = actions_to_json(&log).to_string();
        let back = actions_from_json(&serde_json::from_str(&text).unwrap());
        assert_eq!(back, log);
    }
}
