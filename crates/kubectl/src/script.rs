//! Scripts (for the `kubeplay run` CLI and the transcript tests): a small shell subset (kubectl lines, heredocs, `sleep`, `curl`, `echo`, comments,
//! `\` continuations) turned into a transcript — each command echoed with `$ `, then exactly
//! what it printed.

use crate::Session;

/// One command of a script: what to echo, what to run, and the heredoc body if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    /// The lines as written (continuations and heredoc included), echoed in the transcript.
    pub echo: String,
    /// The command line to run (continuations joined, heredoc marker removed).
    pub line: String,
    pub stdin: Option<String>,
}

/// Splits a script into commands. Comments and blank lines are dropped.
pub fn parse(script: &str) -> Result<Vec<Command>, String> {
    let lines: Vec<&str> = script.lines().collect();
    let mut cmds = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let first = lines[i];
        i += 1;
        let t = first.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with("#!") {
            continue;
        }
        let mut echo = vec![first.to_string()];
        let mut line = first.trim_end().to_string();
        while line.ends_with('\\') && !line.ends_with("\\\\") {
            line.pop();
            if i >= lines.len() {
                break;
            }
            echo.push(lines[i].to_string());
            line.push_str(lines[i].trim_end());
            i += 1;
        }
        // Heredoc: `cmd <<EOF`, `<<'EOF'`, `<<"EOF"`, `<<-EOF`.
        let mut stdin = None;
        if let Some(pos) = line.find("<<") {
            let marker_part = line[pos + 2..].trim();
            let strip_tabs = marker_part.starts_with('-');
            let marker = marker_part
                .trim_start_matches('-')
                .trim()
                .trim_matches(|c| c == '\'' || c == '"')
                .to_string();
            if marker.is_empty() || marker.contains(' ') {
                return Err(format!("line {i}: unsupported heredoc: {line}"));
            }
            let cmd_part = line[..pos].trim_end().to_string();
            let mut body = String::new();
            let mut closed = false;
            while i < lines.len() {
                let l = lines[i];
                i += 1;
                echo.push(l.to_string());
                let cmp = if strip_tabs { l.trim_start_matches('\t') } else { l };
                if cmp.trim_end() == marker {
                    closed = true;
                    break;
                }
                body.push_str(cmp);
                body.push('\n');
            }
            if !closed {
                return Err(format!("here-document delimited by end-of-file (wanted `{marker}')"));
            }
            line = cmd_part;
            stdin = Some(body);
        }
        cmds.push(Command { echo: echo.join("\n"), line, stdin });
    }
    Ok(cmds)
}

/// Runs commands in a session and returns (transcript, all succeeded). A command that returns a
/// stream (`get -w`, `logs -f`) keeps printing until the following command has run.
pub fn run(session: &mut Session, cmds: &[Command]) -> (String, bool) {
    let mut transcript = String::new();
    let mut ok = true;
    // The previous command's stream and its text so far (echo + output), printed once closed.
    let mut open: Option<(crate::StreamId, String)> = None;
    for c in cmds {
        let out = match &c.stdin {
            Some(s) => session.run_with_stdin(&c.line, s),
            None => session.run(&c.line),
        };
        if let Some((id, mut text)) = open.take() {
            let (more, _) = session.poll_stream(id);
            text.push_str(&more);
            session.cancel_stream(id);
            transcript.push_str(&text);
        }
        let block = format!("$ {}\n{}", c.echo, out.text);
        if out.exit_code != 0 {
            ok = false;
        }
        match out.stream {
            Some(id) => open = Some((id, block)),
            None => transcript.push_str(&block),
        }
    }
    if let Some((id, mut text)) = open.take() {
        let (more, _) = session.poll_stream(id);
        text.push_str(&more);
        session.cancel_stream(id);
        transcript.push_str(&text);
    }
    (transcript, ok)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn heredoc_continuation_comments() {
        let s = "# comment\n\nkubectl apply -f - <<EOF\napiVersion: v1\nkind: Namespace\nEOF\nkubectl get \\\n  pods\nsleep 5\n";
        let c = parse(s).unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!(c[0].line, "kubectl apply -f -");
        assert_eq!(c[0].stdin.as_deref(), Some("apiVersion: v1\nkind: Namespace\n"));
        assert_eq!(c[0].echo, "kubectl apply -f - <<EOF\napiVersion: v1\nkind: Namespace\nEOF");
        assert_eq!(c[1].line, "kubectl get   pods");
        assert_eq!(c[1].echo, "kubectl get \\\n  pods");
        assert_eq!(c[2].line, "sleep 5");
        assert!(parse("cat <<EOF\nx\n").is_err());
    }
}
