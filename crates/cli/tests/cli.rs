//! The built `kubeplay` binary: help, version, usage errors, `run` and `repl` end to end.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn kubeplay(args: &[&str], stdin: &str) -> Output {
    kubeplay_with_history(args, stdin, &std::env::temp_dir().join("kubeplay-cli-test-history"))
}

fn kubeplay_with_history(args: &[&str], stdin: &str, history: &std::path::Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kubeplay"))
        .args(args)
        .env("KUBEPLAY_HISTORY", history)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kubeplay starts");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("kubeplay exits")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

#[test]
fn version_is_the_crates() {
    let o = kubeplay(&["--version"], "");
    assert_eq!(
        (text(&o.stdout), o.status.code()),
        (format!("kubeplay {}\n", env!("CARGO_PKG_VERSION")), Some(0))
    );
}

#[test]
fn help_lists_the_subcommands_and_help_run_shows_runs_options() {
    let o = kubeplay(&["--help"], "");
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0));
    assert!(out.contains("Usage: kubeplay <COMMAND>"), "{out}");
    for sub in ["  run ", "  repl ", "  help "] {
        assert!(out.contains(sub), "{sub} missing in:\n{out}");
    }
    let o = kubeplay(&["help", "run"], "");
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0));
    assert!(out.contains("Usage: kubeplay run [OPTIONS] <SCRIPT>..."), "{out}");
    for opt in ["--seed <N>", "--config <FILE>", "--check <EXPECTED.txt>"] {
        assert!(out.contains(opt), "{opt} missing in:\n{out}");
    }
    // `kubeplay run --help` is the same page.
    assert_eq!(text(&kubeplay(&["run", "--help"], "").stdout), out);
}

#[test]
fn usage_errors_show_the_usage_and_exit_2() {
    for (args, error) in [
        (&["run"][..], "error: the following required arguments were not provided:"),
        (&["frobnicate"][..], "error: unrecognized subcommand 'frobnicate'"),
        (&["run", "--nope", "a.sh"][..], "error: unexpected argument '--nope' found"),
    ] {
        let o = kubeplay(args, "");
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with(error), "{args:?}: {err}");
        assert!(err.contains("Usage: kubeplay"), "{args:?}: {err}");
    }
    // A bad value names the option and points at --help.
    let o = kubeplay(&["run", "--seed", "x", "a.sh"], "");
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2));
    assert!(err.starts_with("error: invalid value 'x' for '--seed <N>'") && err.contains("--help"), "{err}");
    // No subcommand: the help, on stderr, exit 2.
    let o = kubeplay(&[], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("Usage: kubeplay <COMMAND>"));
}

#[test]
fn run_prints_the_transcript_and_check_compares_it() {
    let dir = std::env::temp_dir().join(format!("kubeplay-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("s.sh");
    std::fs::write(
        &script,
        "kubectl get ns default -o jsonpath={.metadata.name}\nkubectl get ns default -o name\n",
    )
    .unwrap();
    let want = "$ kubectl get ns default -o jsonpath={.metadata.name}\ndefault\n$ kubectl get ns default -o name\nnamespace/default\n";
    let o = kubeplay(&["run", "--seed=1", script.to_str().unwrap()], "");
    assert_eq!((text(&o.stdout), o.status.code()), (want.to_string(), Some(0)));
    let expected = dir.join("expected.txt");
    std::fs::write(&expected, want).unwrap();
    let o = kubeplay(&["run", script.to_str().unwrap(), "--check", expected.to_str().unwrap()], "");
    assert_eq!((text(&o.stdout), o.status.code()), (String::new(), Some(0)));
    std::fs::write(&expected, "something else\n").unwrap();
    let o = kubeplay(&["run", "--check", expected.to_str().unwrap(), script.to_str().unwrap()], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stdout).contains("-something else"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn repl_runs_lines_and_heredocs_until_exit() {
    let input = "kubectl get ns default -o name\n\
                 kubectl apply -f - <<EOF\n\
                 apiVersion: v1\n\
                 kind: ConfigMap\n\
                 metadata:\n  name: cfg\n\
                 EOF\n\
                 get cm cfg -o name\n\
                 exit\n\
                 kubectl get ns\n";
    let o = kubeplay(&["repl"], input);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("namespace/default\n"), "{out}");
    assert!(out.contains("configmap/cfg created\n"), "{out}");
    assert!(out.contains("configmap/cfg\n"), "{out}");
    // `exit` ended the console: the line after it did not run.
    assert!(!out.contains("kube-system"), "{out}");
}

#[test]
fn repl_history_is_kept_between_sessions() {
    let history = std::env::temp_dir().join(format!("kubeplay-history-{}", std::process::id()));
    let _ = std::fs::remove_file(&history);
    let o = kubeplay_with_history(&["repl"], "kubectl get ns default -o name\nexit\n", &history);
    assert_eq!(o.status.code(), Some(0));
    let saved = std::fs::read_to_string(&history).expect("history saved");
    assert!(saved.lines().any(|l| l == "kubectl get ns default -o name"), "{saved}");
    let _ = std::fs::remove_file(&history);
}

#[test]
fn lesson_check_passes_every_builtin_lesson_and_fails_a_broken_one() {
    let list = text(&kubeplay(&["lesson", "list"], "").stdout);
    let ids: Vec<&str> = list.lines().filter_map(|l| l.split_whitespace().next()).collect();
    assert!(ids.len() >= 6, "{list}");
    let mut args = vec!["lesson", "check"];
    args.extend(&ids);
    let o = kubeplay(&args, "");
    assert_eq!(o.status.code(), Some(0), "{}{}", text(&o.stdout), text(&o.stderr));

    // The check can never hold: the step must fail with what the check got.
    let broken = std::env::temp_dir().join("kubeplay-broken-lesson.md");
    std::fs::write(
        &broken,
        "---\ntitle: Broken\n---\n## Scale\nRun five.\n```kubectl\nkubectl create deployment web --image=nginx:1.27 --replicas=3\n```\n```check\nkubectl get deployment web -o jsonpath='{.spec.replicas}'\nequals: 5\n```\n",
    )
    .expect("write lesson");
    let o = kubeplay(&["lesson", "check", broken.to_str().expect("utf-8 path")], "");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
    assert!(text(&o.stdout).contains('3'), "{}", text(&o.stdout));
}
