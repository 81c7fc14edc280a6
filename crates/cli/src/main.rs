//! `kubeplay`: runs tutorial scripts headless against a simulated cluster (`kubeplay run`), or an
//! interactive console (`kubeplay repl`).

mod config;
mod repl;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kubeplay_cluster::ClusterConfig;
use kubeplay_kubectl::{script, Session, WaitMode};

const USAGE: &str = "usage:\n  kubeplay run [--seed N] [--config FILE] [--check EXPECTED.txt] SCRIPT...\n  kubeplay repl [--seed N] [--config FILE]\n";

struct Opts {
    seed: Option<u64>,
    config: Option<PathBuf>,
    check: Option<PathBuf>,
    scripts: Vec<PathBuf>,
}

fn parse_opts(args: &[String]) -> Result<Opts, String> {
    let mut o = Opts { seed: None, config: None, check: None, scripts: Vec::new() };
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let mut value = |name: &str| -> Result<String, String> {
            if let Some(v) = a.strip_prefix(&format!("{name}=")) {
                return Ok(v.to_string());
            }
            i += 1;
            args.get(i).cloned().ok_or_else(|| format!("{name} needs a value"))
        };
        if a == "--seed" || a.starts_with("--seed=") {
            let v = value("--seed")?;
            o.seed = Some(v.parse().map_err(|_| format!("--seed: not a number: {v}"))?);
        } else if a == "--config" || a.starts_with("--config=") {
            o.config = Some(PathBuf::from(value("--config")?));
        } else if a == "--check" || a.starts_with("--check=") {
            o.check = Some(PathBuf::from(value("--check")?));
        } else if a.starts_with("--") {
            return Err(format!("unknown option {a}"));
        } else {
            o.scripts.push(PathBuf::from(a));
        }
        i += 1;
    }
    Ok(o)
}

fn cluster_config(o: &Opts) -> Result<ClusterConfig, String> {
    let mut cfg = match &o.config {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            config::parse(&text).map_err(|e| format!("{}: {e}", p.display()))?
        }
        None => ClusterConfig::default(),
    };
    if let Some(s) = o.seed {
        cfg.seed = s;
    }
    Ok(cfg)
}

/// Loads the files next to a script (recursively, small text files only) into the session, keyed
/// by their path relative to the script's folder, so `-f k8s/web.yaml` works as in a shell there.
fn load_dir(session: &mut Session, dir: &Path, rel: &str, depth: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().to_string();
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        let path = e.path();
        let key = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
        if path.is_dir() {
            if depth < 4 {
                load_dir(session, &path, &key, depth + 1);
            }
        } else if e.metadata().map(|m| m.len() <= 1 << 20).unwrap_or(false) {
            if let Ok(text) = std::fs::read_to_string(&path) {
                session.files_mut().write(&key, &text);
            }
        }
    }
}

/// Runs scripts and returns (transcript, all commands succeeded).
pub fn run_scripts(cfg: ClusterConfig, scripts: &[(PathBuf, String)]) -> Result<(String, bool), String> {
    let mut session = Session::new(cfg, WaitMode::AdvanceClock);
    let mut transcript = String::new();
    let mut ok = true;
    for (path, text) in scripts {
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let dir = if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir };
        load_dir(&mut session, &dir, "", 0);
        let cmds = script::parse(text).map_err(|e| format!("{}: {e}", path.display()))?;
        let (t, good) = script::run(&mut session, &cmds);
        transcript.push_str(&t);
        ok &= good;
    }
    Ok((transcript, ok))
}

fn cmd_run(o: &Opts) -> Result<ExitCode, String> {
    if o.scripts.is_empty() {
        return Err(format!("no script given\n{USAGE}"));
    }
    let cfg = cluster_config(o)?;
    let mut scripts = Vec::new();
    for p in &o.scripts {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
        scripts.push((p.clone(), text));
    }
    let (transcript, ok) = run_scripts(cfg, &scripts)?;
    if let Some(check) = &o.check {
        let expected = std::fs::read_to_string(check).map_err(|e| format!("{}: {e}", check.display()))?;
        if expected != transcript {
            let diff = similar::TextDiff::from_lines(&expected, &transcript);
            print!(
                "{}",
                diff.unified_diff().context_radius(3).header(&check.display().to_string(), "actual")
            );
            return Ok(ExitCode::from(1));
        }
        // A match is success even when the script shows failing commands on purpose.
        return Ok(ExitCode::SUCCESS);
    }
    print!("{transcript}");
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let opts = match parse_opts(&args[1..]) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("kubeplay: {e}");
            return ExitCode::from(2);
        }
    };
    let res = match cmd.as_str() {
        "run" => cmd_run(&opts),
        "repl" => cluster_config(&opts).and_then(repl::run),
        "-h" | "--help" | "help" => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command {other}\n{USAGE}")),
    };
    match res {
        Ok(c) => c,
        Err(e) => {
            eprintln!("kubeplay: {e}");
            ExitCode::from(2)
        }
    }
}
