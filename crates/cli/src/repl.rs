//! `kubeplay repl`: an interactive console. Lines are read with rustyline (line editing, history,
//! Tab completion by the console's own completer, `Session::complete`) and go to the session;
//! heredocs are read until their marker; inside `kubectl exec -it … -- sh` or `kubectl run -it …`
//! the prompt is the container shell's. The virtual clock follows the real time elapsed between
//! commands; a streaming command (`get -w`, `logs -f`, `port-forward`) runs until Enter.

// The console is the one place allowed to read the real clock: it maps real seconds onto the
// virtual clock between commands. The engine itself never sees it.
#![allow(clippy::disallowed_types, clippy::disallowed_methods)]

use std::cell::RefCell;
use std::io::Write;
use std::process::ExitCode;
use std::rc::Rc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use kubeplay_cluster::ClusterConfig;
use kubeplay_kubectl::{Session, StreamId, WaitMode};
use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{Context, Editor, Helper};

/// Completes the word under the cursor with the web console's completer (verbs, types, names,
/// flags, files); nothing inside a container's shell, which has its own.
struct KubectlHelper {
    session: Rc<RefCell<Session>>,
}

impl Completer for KubectlHelper {
    type Candidate = String;
    fn complete(&self, line: &str, pos: usize, _: &Context<'_>) -> rustyline::Result<(usize, Vec<String>)> {
        let session = self.session.borrow();
        if session.shell().is_some() {
            return Ok((pos, Vec::new()));
        }
        Ok((word_start(line, pos), session.complete(line, pos)))
    }
}
impl Hinter for KubectlHelper {
    type Hint = String;
}
impl Highlighter for KubectlHelper {}
impl Validator for KubectlHelper {}
impl Helper for KubectlHelper {}

/// Where the word the cursor is in starts (completions replace it).
fn word_start(line: &str, pos: usize) -> usize {
    line[..pos.min(line.len())].rfind(char::is_whitespace).map_or(0, |i| i + 1)
}

/// The heredoc marker of `cmd <<EOF` (`<<'EOF'`, `<<-EOF`), with the command before it.
fn heredoc(line: &str) -> Option<(&str, String)> {
    let pos = line.find("<<")?;
    let marker = line[pos + 2..].trim().trim_start_matches('-').trim_matches(|c| c == '\'' || c == '"');
    Some((line[..pos].trim_end(), marker.to_string()))
}

/// One line from the user: through rustyline, or (right after a stream that ended on its own)
/// the line a waiting Enter-reader already took.
enum Input {
    Line(String),
    End,
}

struct Console {
    editor: Editor<KubectlHelper, DefaultHistory>,
    /// A reader started to stop a stream with Enter, still waiting for its line.
    pending: Option<mpsc::Receiver<Option<String>>>,
}

impl Console {
    fn read(&mut self, prompt: &str) -> Input {
        if let Some(rx) = self.pending.take() {
            print!("{prompt}");
            let _ = std::io::stdout().flush();
            return match rx.recv() {
                Ok(Some(l)) => Input::Line(l),
                _ => Input::End,
            };
        }
        match self.editor.readline(prompt) {
            Ok(l) => Input::Line(l),
            // Ctrl+C on an empty prompt: a fresh line, as a shell does.
            Err(ReadlineError::Interrupted) => Input::Line(String::new()),
            Err(_) => Input::End,
        }
    }

    /// Prints a stream as the clock runs until it ends or the user presses Enter. Returns false
    /// when stdin has closed.
    fn follow(&mut self, session: &Rc<RefCell<Session>>, id: StreamId) -> bool {
        let (tx, rx) = mpsc::channel::<Option<String>>();
        std::thread::spawn(move || {
            let mut l = String::new();
            let got = std::io::stdin().read_line(&mut l).ok().filter(|n| *n > 0).map(|_| l);
            let _ = tx.send(got.map(|l| l.trim_end_matches(['\n', '\r']).to_string()));
        });
        let mut tick = Instant::now();
        loop {
            match rx.recv_timeout(Duration::from_millis(200)) {
                Ok(Some(_)) => {
                    session.borrow_mut().cancel_stream(id);
                    return true;
                }
                Ok(None) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                    session.borrow_mut().cancel_stream(id);
                    return false;
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
            }
            let ms = tick.elapsed().as_millis() as i64;
            tick = Instant::now();
            let mut s = session.borrow_mut();
            s.advance(ms);
            let (text, done) = s.poll_stream(id);
            print!("{text}");
            let _ = std::io::stdout().flush();
            if done {
                // The reader still waits for a line: it becomes the next command.
                self.pending = Some(rx);
                return true;
            }
        }
    }
}

pub fn run(cfg: ClusterConfig) -> Result<ExitCode, String> {
    let session = Rc::new(RefCell::new(Session::new(cfg, WaitMode::Stream)));
    let mut editor: Editor<KubectlHelper, DefaultHistory> =
        Editor::new().map_err(|e| format!("terminal: {e}"))?;
    editor.set_helper(Some(KubectlHelper { session: session.clone() }));
    let history = history_file();
    if let Some(h) = &history {
        // A first run has no history yet.
        let _ = editor.load_history(h);
    }
    let mut console = Console { editor, pending: None };
    println!("kubeplay: a simulated Kubernetes v1.33 cluster. Type kubectl commands; `exit` quits.");
    let mut last = Instant::now();
    loop {
        let prompt = session.borrow().prompt();
        let Input::Line(line) = console.read(&prompt) else { break };
        // Real time that passed while the user typed moves the virtual clock.
        let elapsed = last.elapsed().as_millis() as i64;
        if elapsed > 0 {
            session.borrow_mut().advance(elapsed);
        }
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let _ = console.editor.add_history_entry(trimmed);
        }
        let in_shell = session.borrow().shell().is_some();
        if !in_shell && (trimmed == "exit" || trimmed == "quit") {
            break;
        }
        if !in_shell && trimmed == "clear" {
            print!("\x1b[2J\x1b[H");
            last = Instant::now();
            continue;
        }
        let out = match heredoc(trimmed) {
            Some((cmd, marker)) => {
                let mut body = String::new();
                loop {
                    match console.read("> ") {
                        Input::Line(l) if l.trim_end() == marker => break,
                        Input::Line(l) => {
                            body.push_str(&l);
                            body.push('\n');
                        }
                        Input::End => break,
                    }
                }
                session.borrow_mut().run_with_stdin(cmd, &body)
            }
            None => session.borrow_mut().run(trimmed),
        };
        print!("{}", out.text);
        let _ = std::io::stdout().flush();
        if let Some(id) = out.stream {
            if !console.follow(&session, id) {
                break;
            }
        }
        last = Instant::now();
    }
    if let Some(h) = &history {
        if let Err(e) = console.editor.save_history(h) {
            eprintln!("kubeplay: history not saved to {}: {e}", h.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Where the history is kept between sessions: `$KUBEPLAY_HISTORY`, else `~/.kubeplay_history`.
fn history_file() -> Option<std::path::PathBuf> {
    if let Some(p) = std::env::var_os("KUBEPLAY_HISTORY").filter(|p| !p.is_empty()) {
        return Some(p.into());
    }
    std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".kubeplay_history"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_replaces_the_word_under_the_cursor() {
        assert_eq!(word_start("kubectl get po", 14), 12);
        assert_eq!(word_start("kubectl get ", 12), 12);
        assert_eq!(word_start("kub", 3), 0);
        let s = Rc::new(RefCell::new(Session::new(ClusterConfig::default(), WaitMode::Stream)));
        let h = KubectlHelper { session: s };
        let hist = DefaultHistory::new();
        let ctx = Context::new(&hist);
        let (start, cands) = h.complete("kubectl rollout sta", 19, &ctx).unwrap();
        assert_eq!((start, cands), (16, vec!["status".to_string()]));
    }

    #[test]
    fn heredoc_markers() {
        assert_eq!(heredoc("kubectl apply -f - <<'EOF'"), Some(("kubectl apply -f -", "EOF".to_string())));
        assert_eq!(heredoc("kubectl get pods"), None);
    }
}
