//! The session's command entry points: a console line, a read-only panel query, a heredoc and
//! the editor's Apply each run through `cmd`. They live above `session` (which keeps the state
//! and its replay log) so that `session` does not depend on the commands that use it.

use crate::action::ActionKind;
use crate::cmd;
use crate::session::{Output, Session};

impl Session {
    /// Runs one console line: `kubectl get pods` (the leading `kubectl`/`k` is optional), `curl …`.
    pub fn run(&mut self, line: &str) -> Output {
        self.record(ActionKind::Run { line: line.to_string(), stdin: None });
        let out = cmd::run_line(self, line, None).capped();
        self.after_command();
        out
    }

    /// Runs a read-only command (`get`, `describe`, `logs`, `events`, `explain`, `top`, …) without
    /// recording it, for UI panels that poll; anything else is refused (it would break replays).
    /// Streams it opens are closed at once.
    pub fn query(&mut self, line: &str) -> Output {
        let words = crate::shell::split_words(line).unwrap_or_default();
        let verb =
            words.iter().map(String::as_str).find(|w| !matches!(*w, "kubectl" | "k") && !w.starts_with('-'));
        let read_only = matches!(
            verb,
            Some(
                "get"
                    | "describe"
                    | "logs"
                    | "events"
                    | "explain"
                    | "api-resources"
                    | "version"
                    | "cluster-info"
                    | "top"
            )
        ) && !words.iter().any(|w| w == "|" || w.contains("$("));
        if !read_only {
            return Output {
                text: "error: query only runs read-only commands\n".into(),
                exit_code: 1,
                stream: None,
            };
        }
        // A panel's query is kubectl's even while the console is in a container's shell.
        let shell = self.shell.take();
        let mut out = cmd::run_line(self, line, None).capped();
        self.shell = shell;
        if let Some(id) = out.stream.take() {
            self.streams.remove(&id.0);
        }
        out
    }

    /// Runs a line whose stdin is `stdin` (heredocs: `kubectl apply -f - <<EOF`).
    pub fn run_with_stdin(&mut self, line: &str, stdin: &str) -> Output {
        self.record(ActionKind::Run { line: line.to_string(), stdin: Some(stdin.to_string()) });
        let out = cmd::run_line(self, line, Some(stdin)).capped();
        self.after_command();
        out
    }

    /// The editor's Apply: the same as `kubectl apply -f <filename>` with this content.
    pub fn apply_text(&mut self, yaml: &str, filename: &str) -> Output {
        self.record(ActionKind::ApplyText { yaml: yaml.to_string(), filename: filename.to_string() });
        let out = cmd::apply::apply_text(self, yaml, filename).capped();
        self.after_command();
        out
    }
}
