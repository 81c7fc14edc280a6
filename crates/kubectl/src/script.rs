//! Scripts (for the `kubeplay run` CLI and the transcript tests): a small shell subset (kubectl
//! lines, heredocs, `sleep`, `curl`, `echo`, comments, `\` continuations) turned into a
//! transcript — each command echoed after its prompt, then exactly what it printed. As on a
//! terminal, the lines after `kubectl exec -it … -- sh` or `kubectl run -it … -- sh` go to that
//! shell until `exit`, echoed after the container shell's prompt (`/ # hostname`). Every prompt
//! starts a line, also after output without a final newline (`-o jsonpath=…`), so transcripts
//! read and diff line by line.

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
        // The prompt in force when the line is typed: the session's, or a container shell's.
        let prompt = session.prompt();
        let out = match &c.stdin {
            Some(s) => session.run_with_stdin(&c.line, s),
            None => session.run(&c.line),
        };
        if let Some((id, mut text)) = open.take() {
            let (more, _) = session.poll_stream(id);
            text.push_str(&more);
            session.cancel_stream(id);
            push_block(&mut transcript, &text);
        }
        let block = format!("{prompt}{}\n{}", c.echo, out.text);
        if out.exit_code != 0 {
            ok = false;
        }
        match out.stream {
            Some(id) => open = Some((id, block)),
            None => push_block(&mut transcript, &block),
        }
    }
    if let Some((id, mut text)) = open.take() {
        let (more, _) = session.poll_stream(id);
        text.push_str(&more);
        session.cancel_stream(id);
        push_block(&mut transcript, &text);
    }
    (transcript, ok)
}

/// Appends a command's block (prompt, command, output) so that its prompt starts a line.
fn push_block(transcript: &mut String, block: &str) {
    if !transcript.is_empty() && !transcript.ends_with('\n') {
        transcript.push('\n');
    }
    transcript.push_str(block);
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

    fn transcript(script: &str) -> String {
        let mut s = Session::new(kubeplay_cluster::ClusterConfig::default(), crate::WaitMode::AdvanceClock);
        run(&mut s, &parse(script).unwrap()).0
    }

    #[test]
    fn every_prompt_starts_a_line_after_output_without_newline() {
        let t = transcript(
            "kubectl get ns default -o jsonpath={.metadata.name}\nkubectl get ns default -o name\n",
        );
        assert_eq!(
            t,
            "$ kubectl get ns default -o jsonpath={.metadata.name}\ndefault\n$ kubectl get ns default -o name\nnamespace/default\n"
        );
    }

    #[test]
    fn lines_after_run_it_go_to_the_pods_shell_until_exit() {
        let t = transcript(
            "kubectl run debug --rm -it --image=busybox -- /bin/sh\nhostname\nexit\nkubectl get pods debug -o name\n",
        );
        // What a terminal shows for this session (run.go/attach.go wording; busybox ash's `/ # `).
        let want = "$ kubectl run debug --rm -it --image=busybox -- /bin/sh\n\
                    If you don't see a command prompt, try pressing enter.\n\
                    / # hostname\n\
                    debug\n\
                    / # exit\n\
                    Session ended, resume using 'kubectl attach debug -c debug -i -t' command when the pod is running\n\
                    pod \"debug\" deleted\n\
                    $ kubectl get pods debug -o name\n";
        assert!(t.starts_with(want), "{t}");
    }
}
