//! `kubeplay repl`: an interactive console. Lines go to the session; heredocs are read until
//! their marker; the virtual clock follows the real time elapsed between commands; a streaming
//! command (`get -w`, `logs -f`, `port-forward`) runs until Enter is pressed.

// The console is the one place allowed to read the real clock: it maps real seconds onto the
// virtual clock between commands. The engine itself never sees it.
#![allow(clippy::disallowed_types, clippy::disallowed_methods)]

use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use kubeplay_cluster::ClusterConfig;
use kubeplay_kubectl::{Session, WaitMode};

pub fn run(cfg: ClusterConfig) -> Result<ExitCode, String> {
    let mut session = Session::new(cfg, WaitMode::Stream);
    let (tx, rx) = mpsc::channel::<Option<String>>();
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        for line in stdin.lock().lines() {
            if tx.send(line.ok()).is_err() {
                return;
            }
        }
        let _ = tx.send(None);
    });
    println!("kubeplay: a simulated Kubernetes v1.33 cluster. Type kubectl commands; `exit` quits.");
    let mut last = Instant::now();
    loop {
        print!("{}", session.prompt());
        let _ = std::io::stdout().flush();
        let Ok(Some(line)) = rx.recv() else { break };
        // Real time that passed while the user typed moves the virtual clock.
        let elapsed = last.elapsed().as_millis() as i64;
        if elapsed > 0 {
            session.advance(elapsed);
        }
        let trimmed = line.trim();
        if session.shell().is_none() && (trimmed == "exit" || trimmed == "quit") {
            break;
        }
        if trimmed == "clear" {
            print!("\x1b[2J\x1b[H");
            last = Instant::now();
            continue;
        }
        let out = if let Some(pos) = trimmed.find("<<") {
            let marker = trimmed[pos + 2..]
                .trim()
                .trim_start_matches('-')
                .trim_matches(|c| c == '\'' || c == '"')
                .to_string();
            let mut body = String::new();
            loop {
                print!("> ");
                let _ = std::io::stdout().flush();
                match rx.recv() {
                    Ok(Some(l)) if l.trim_end() == marker => break,
                    Ok(Some(l)) => {
                        body.push_str(&l);
                        body.push('\n');
                    }
                    _ => break,
                }
            }
            session.run_with_stdin(trimmed[..pos].trim_end(), &body)
        } else {
            session.run(trimmed)
        };
        print!("{}", out.text);
        let _ = std::io::stdout().flush();
        if let Some(id) = out.stream {
            // Stream until the user presses Enter (Ctrl+C on a real terminal).
            let mut tick = Instant::now();
            loop {
                match rx.recv_timeout(Duration::from_millis(200)) {
                    Ok(Some(_)) => {
                        session.cancel_stream(id);
                        break;
                    }
                    Ok(None) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                        session.cancel_stream(id);
                        return Ok(ExitCode::SUCCESS);
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                }
                let ms = tick.elapsed().as_millis() as i64;
                tick = Instant::now();
                session.advance(ms);
                let (text, done) = session.poll_stream(id);
                print!("{text}");
                let _ = std::io::stdout().flush();
                if done {
                    break;
                }
            }
        }
        last = Instant::now();
    }
    Ok(ExitCode::SUCCESS)
}
