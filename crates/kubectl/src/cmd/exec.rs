//! `kubectl exec [-it] POD|TYPE/NAME [-c C] -- CMD…`, run by the node simulator's shell. An
//! interactive shell (`-it … -- sh`) switches the session into shell mode until `exit`.

use kubeplay_model::{ApiError, ObjectExt};
use serde_json::Value;

use super::common::*;
use super::logs::{pick_container, resolve_pod};
use super::parse_flags;
use crate::flags::{flag, Flag, Kind};
use crate::session::{Session, ShellTarget};

pub const FLAGS: &[Flag] = &[
    flag("container", Some('c'), Kind::Str),
    flag("stdin", Some('i'), Kind::Bool),
    flag("tty", Some('t'), Kind::Bool),
    flag("quiet", Some('q'), Kind::Bool),
    flag("filename", Some('f'), Kind::Array),
    flag("pod-running-timeout", None, Kind::Str),
];

const SHELLS: &[&str] = &["sh", "bash", "ash", "/bin/sh", "/bin/bash", "/bin/ash", "/usr/bin/bash"];

pub fn run(s: &mut Session, words: &[String], out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("exec", words, FLAGS)?;
    // exec.go: the first word is the pod unless `--` comes first; everything after `--` is the
    // command (words between the pod and `--` are ignored), and without `--` a second word is
    // the old `exec POD COMMAND` form.
    if p.args_len_at_dash.is_none() && p.args.len() > 1 {
        return Err(CmdError::Help(
            "exec".into(),
            "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead".into(),
        ));
    }
    if p.args_len_at_dash == Some(0) || p.args.is_empty() {
        return Err(msg("pod, type/name or --filename must be specified"));
    }
    let argv: Vec<String> = p.args[p.args_len_at_dash.unwrap_or(p.args.len())..].to_vec();
    if argv.is_empty() {
        return Err(msg("you must specify at least one command for the container"));
    }
    let ns = namespace(s, &p);
    let pod = resolve_pod(s, &ns, &p.args[0], false, out)?;
    let container = pick_container(&pod, p.str("container"), out)?;
    let known = pod
        .at("spec.containers")
        .and_then(Value::as_array)
        .is_some_and(|a| a.iter().any(|c| c.str_at("name") == Some(container.as_str())));
    if !known {
        return Err(CmdError::Api(ApiError::bad_request(format!(
            "container {container} is not valid for pod {}",
            pod.name()
        ))));
    }
    if let Some(phase @ ("Succeeded" | "Failed")) = pod.str_at("status.phase") {
        return Err(msg(format!(
            "cannot exec into a container in a completed pod; current phase is {phase}"
        )));
    }
    let running = pod.at("status.containerStatuses").and_then(Value::as_array).is_some_and(|a| {
        a.iter().any(|c| c.str_at("name") == Some(container.as_str()) && c.at("state.running").is_some())
    });
    if !running {
        return Err(msg(format!("unable to upgrade connection: container not found (\"{container}\")")));
    }
    let interactive = p.bool("stdin") && argv.len() == 1 && SHELLS.contains(&argv[0].as_str());
    if interactive {
        // A shell the image lacks fails at once, as the exec call does, instead of opening a
        // session whose every line fails.
        let probe = s.exec_in(&pod, &container, &[argv[0].clone(), "-c".into(), "true".into()]);
        if probe.exit_code != 0 && exec_itself_failed(&probe.stderr) {
            out.print(&probe.stderr);
            out.code = Some(1);
            return Ok(());
        }
        let tty = p.bool("tty");
        let prompt = if tty { shell_prompt(&pod, &container, &argv[0]) } else { String::new() };
        s.shell = Some(ShellTarget {
            namespace: pod.namespace().to_string(),
            pod: pod.name().to_string(),
            container,
            tty,
            prompt,
            attached: None,
        });
        return Ok(());
    }
    let r = s.exec_in(&pod, &container, &argv);
    out.print(&r.stdout);
    out.print(&r.stderr);
    if r.exit_code != 0 {
        if exec_itself_failed(&r.stderr) {
            // The exec call failed (not the command): kubectl printed the error and exits 1.
            out.code = Some(1);
        } else {
            out.line(&format!("command terminated with exit code {}", r.exit_code));
            out.code = Some(r.exit_code);
        }
    }
    Ok(())
}

/// The prompt of `shell` in the pod's container, from its image (see `shell::container_prompt`).
fn shell_prompt(pod: &kubeplay_model::Object, container: &str, shell: &str) -> String {
    let spec = pod
        .at("spec.containers")
        .and_then(Value::as_array)
        .and_then(|a| a.iter().find(|c| c.str_at("name") == Some(container)));
    let image = spec.and_then(|c| c.str_at("image")).unwrap_or_default();
    let workdir = spec.and_then(|c| c.str_at("workingDir"));
    let hostname = pod.str_at("spec.hostname").unwrap_or(pod.name());
    crate::shell::container_prompt(image, shell, hostname, workdir)
}

/// The node crate reports failures of the exec call itself (no such container, binary not
/// found, pod not running) as kubectl-rendered errors rather than as the command's stderr.
fn exec_itself_failed(stderr: &str) -> bool {
    stderr.starts_with("error: ") || stderr.starts_with("Error from server")
}

/// A console line inside an interactive exec shell: `exit` leaves, anything else runs as
/// `sh -c LINE` in the container.
pub fn shell_line(s: &mut Session, line: &str) -> crate::session::Output {
    let mut out = Out::default();
    let Some(t) = s.shell.clone() else {
        return out.finish(Ok(()));
    };
    let trimmed = line.trim();
    if trimmed == "exit" || trimmed.starts_with("exit ") {
        s.shell = None;
        let code: i32 = trimmed.strip_prefix("exit ").and_then(|c| c.trim().parse().ok()).unwrap_or(0);
        if let Some(end) = &t.attached {
            let res = super::attach::finish(s, &t.namespace, &t.pod, &t.container, end, Some(code), &mut out);
            return out.finish(res);
        }
        if code != 0 {
            out.line(&format!("command terminated with exit code {code}"));
            out.code = Some(code);
        }
        return out.finish(Ok(()));
    }
    if trimmed.is_empty() {
        return out.finish(Ok(()));
    }
    let pod = match s.cluster().api().get("pods", &t.namespace, &t.pod) {
        Ok(p) => p,
        Err(_) => {
            s.shell = None;
            out.line("command terminated with exit code 137");
            out.code = Some(137);
            return out.finish(Ok(()));
        }
    };
    let argv = vec!["sh".to_string(), "-c".to_string(), line.to_string()];
    let r = s.exec_in(&pod, &t.container, &argv);
    out.print(&r.stdout);
    out.print(&r.stderr);
    // In a shell a failing command just sets $?; only the session's end reports a code.
    out.finish(Ok(()))
}
