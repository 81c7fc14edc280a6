//! `kubeplay`: runs tutorial scripts headless against a simulated cluster (`kubeplay run`), or an
//! interactive console (`kubeplay repl`). Arguments are parsed by clap (derive): each subcommand
//! is one variant of [`Command`] with its own arguments struct.

mod config;
mod repl;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use kubeplay_cluster::ClusterConfig;
use kubeplay_kubectl::{script, Session, WaitMode};

/// A simulated Kubernetes v1.33 cluster with a kubectl that prints what kubectl 1.33 prints.
#[derive(Parser, Debug)]
#[command(name = "kubeplay", version)]
#[command(after_help = "Examples:\n  \
    kubeplay run tutorial.sh                          # print the transcript\n  \
    kubeplay run --check expected.txt tutorial.sh     # diff against an expected transcript\n  \
    kubeplay repl                                     # interactive console")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The subcommands. A new one is one variant here and one arm in [`main`].
#[derive(Subcommand, Debug)]
enum Command {
    /// Run shell scripts of kubectl commands against a fresh cluster and print the transcript
    #[command(after_help = "A script is a small shell subset: kubectl lines, heredocs (<<EOF), `\\` \
continuations, sleep, curl, echo and comments. Files next to a script are readable by `-f`, as in \
a shell started in its folder. The exit code is 1 when a command failed (or, with --check, when \
the transcript differs).")]
    Run(RunArgs),
    /// An interactive console: kubectl commands with line editing, history and Tab completion
    Repl(ClusterArgs),
    /// Check lessons (Markdown with kubectl and check blocks) against a fresh cluster, or list the built-in ones
    #[command(subcommand)]
    Lesson(LessonCommand),
}

/// `kubeplay lesson …`.
#[derive(Subcommand, Debug)]
enum LessonCommand {
    /// For each step: its checks must not hold yet, its kubectl block runs, then virtual time runs
    /// (at most 10 minutes) until every check holds. One line per step; exit 1 on the first failure
    #[command(
        after_help = "LESSON is a Markdown file or the id of a built-in lesson (see `kubeplay lesson list`)."
    )]
    Check {
        /// Lesson files or built-in lesson ids, checked one after the other
        #[arg(value_name = "LESSON", required = true)]
        lessons: Vec<String>,
    },
    /// The built-in lessons: id and title
    List,
}

/// The simulated cluster's shape.
#[derive(Args, Debug)]
struct ClusterArgs {
    /// Seed of the cluster's random choices (pod names, IPs, …)
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Cluster configuration (YAML or JSON: seed, start, nodes)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct RunArgs {
    #[command(flatten)]
    cluster: ClusterArgs,
    /// Compare the transcript with this file and print a unified diff when it differs
    #[arg(long, value_name = "EXPECTED.txt")]
    check: Option<PathBuf>,
    /// The scripts, run one after the other in the same cluster
    #[arg(value_name = "SCRIPT", required = true)]
    scripts: Vec<PathBuf>,
}

fn cluster_config(o: &ClusterArgs) -> Result<ClusterConfig, String> {
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
        if !transcript.is_empty() && !transcript.ends_with('\n') && !t.is_empty() {
            transcript.push('\n');
        }
        transcript.push_str(&t);
        ok &= good;
    }
    Ok((transcript, ok))
}

fn cmd_run(o: &RunArgs) -> Result<ExitCode, String> {
    let cfg = cluster_config(&o.cluster)?;
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

/// Reads a lesson from a file, or a built-in one by id when no such file exists.
fn lesson_text(arg: &str) -> Result<String, String> {
    match std::fs::read_to_string(arg) {
        Ok(text) => Ok(text),
        Err(e) => match kubeplay_lesson::builtin(arg) {
            Some(l) => Ok(l.text.to_string()),
            None => {
                Err(format!("{arg}: {e} (and no built-in lesson has that id; see `kubeplay lesson list`)"))
            }
        },
    }
}

fn cmd_lesson(c: &LessonCommand) -> Result<ExitCode, String> {
    match c {
        LessonCommand::List => {
            print!("{}", kubeplay_lesson::render_list());
            Ok(ExitCode::SUCCESS)
        }
        LessonCommand::Check { lessons } => {
            let mut failed = false;
            for arg in lessons {
                let text = lesson_text(arg)?;
                let (report, code) = kubeplay_lesson::render_report(&kubeplay_lesson::check_lesson(&text));
                if lessons.len() > 1 {
                    println!("== {arg}");
                }
                print!("{report}");
                failed |= code != 0;
            }
            Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
    }
}

fn main() -> ExitCode {
    // Usage errors, --help and --version exit here (clap: 2 for errors, 0 for help/version).
    let cli = Cli::parse();
    let res = match &cli.command {
        Command::Run(o) => cmd_run(o),
        Command::Repl(o) => cluster_config(o).and_then(repl::run),
        Command::Lesson(c) => cmd_lesson(c),
    };
    match res {
        Ok(c) => c,
        Err(e) => {
            eprintln!("kubeplay: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn options_go_before_or_after_the_scripts() {
        let cli =
            Cli::try_parse_from(["kubeplay", "run", "a.sh", "--seed=7", "--check", "x.txt", "b.sh"]).unwrap();
        let Command::Run(o) = cli.command else { panic!("not run") };
        assert_eq!(o.cluster.seed, Some(7));
        assert_eq!(o.check, Some(PathBuf::from("x.txt")));
        assert_eq!(o.scripts, vec![PathBuf::from("a.sh"), PathBuf::from("b.sh")]);
        assert!(Cli::try_parse_from(["kubeplay", "run"]).is_err());
        assert!(Cli::try_parse_from(["kubeplay", "run", "--seed", "x", "a.sh"]).is_err());
    }
}
