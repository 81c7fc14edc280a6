//! `kubectl run NAME -it [--rm] --image=I -- sh`: kubectl creates the pod, waits for it to run
//! and attaches to its process (run.go, attach.go). A shell reading the terminal puts the session
//! in shell mode (see `exec::shell_line`) until `exit`; any other command's output is shown once
//! it has run. `--rm` deletes the pod when the attachment ends.

use kubeplay_cluster::Cluster;
use kubeplay_model::{Object, ObjectExt};
use kubeplay_node::shell_waits_for_stdin;
use serde_json::{json, Value};

use super::common::*;
use super::wait::parse_duration;
use crate::flags::Parsed;
use crate::session::{Session, ShellTarget};

/// What kubectl does when an attached `run` session ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttachedRun {
    /// `--rm`: delete the pod (without waiting, as run's delete flags default to).
    pub remove: bool,
    /// The pod's restart policy: `Always` prints the reattach hint, `Never`/`OnFailure` report
    /// the shell's exit code.
    pub restart_policy: String,
    pub quiet: bool,
    /// `-t`: a terminal was attached (the reattach hint is only for one).
    pub tty: bool,
}

/// `run`'s attach flags as run.go's Validate checks them; returns whether kubectl attaches
/// (`--attach`, or `-i` unless `--attach=false`).
pub fn validate(p: &Parsed, dry_run: bool) -> Result<bool, CmdError> {
    let stdin = p.bool("stdin");
    let attach = if p.is_set("attach") { p.bool("attach") } else { stdin };
    let help = |m: &str| Err(CmdError::Help("run".into(), m.into()));
    if p.bool("tty") && !stdin {
        return help("-i/--stdin is required for containers with -t/--tty=true");
    }
    if !attach && p.bool("rm") {
        return help("--rm should only be used for attached containers");
    }
    if attach && dry_run {
        return help(
            "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)",
        );
    }
    Ok(attach)
}

/// The container fields `-i`/`-t` set in the generated pod (run.go: `stdin`, `stdinOnce` unless
/// `--leave-stdin-open`, `tty`).
pub fn set_stdin_fields(container: &mut Value, p: &Parsed) {
    if p.bool("stdin") {
        container["stdin"] = json!(true);
        if !p.bool("leave-stdin-open") {
            container["stdinOnce"] = json!(true);
        }
    }
    if p.bool("tty") {
        container["tty"] = json!(true);
    }
}

/// Creates the pod `run` generated and attaches to it.
pub fn run_attached(s: &mut Session, p: &Parsed, pod: Object, out: &mut Out) -> Result<(), CmdError> {
    let ns = namespace(s, p);
    let timeout = match p.str("pod-running-timeout") {
        Some(t) => parse_duration(t).map_err(msg)?,
        None => 60_000,
    };
    let created = s.cluster_mut().create(&ns, pod, "kubectl-run", false)?;
    let name = created.name().to_string();
    let container = created.at("spec.containers.0").cloned().unwrap_or(Value::Null);
    let container_name = container.str_at("name").unwrap_or_default().to_string();
    let end = AttachedRun {
        remove: p.bool("rm"),
        restart_policy: created.str_at("spec.restartPolicy").unwrap_or("Always").to_string(),
        quiet: p.bool("quiet"),
        tty: p.bool("stdin") && p.bool("tty"),
    };
    let Some(seen) = wait_for_pod(s, &ns, &name, timeout, pod_running_or_done) else {
        if end.remove {
            delete_pod(s, &ns, &name, out);
        }
        return Err(msg("timed out waiting for the condition"));
    };
    if phase_done(&seen) {
        // handleAttachPod: a pod that already finished shows its log instead.
        print_log(s, &seen, &container_name, out);
        let not_attached = AttachedRun { tty: false, ..end };
        return finish(s, &ns, &name, &container_name, &not_attached, exit_code(&seen), out);
    }
    if !end.quiet {
        out.line("If you don't see a command prompt, try pressing enter.");
    }
    if shell_waits_for_stdin(&container) {
        let tty = end.tty;
        let shell = container_shell(&container);
        let prompt = if tty {
            crate::shell::container_prompt(
                container.str_at("image").unwrap_or_default(),
                &shell,
                &hostname(&seen),
                container.str_at("workingDir"),
            )
        } else {
            String::new()
        };
        s.shell = Some(ShellTarget {
            namespace: ns,
            pod: name,
            container: container_name,
            tty,
            prompt,
            attached: Some(end),
        });
        return Ok(());
    }
    // Any other command: its output streams to the terminal until it exits.
    let finished =
        wait_for_pod(s, &ns, &name, 3_600_000, container_terminated).unwrap_or_else(|| seen.clone());
    print_log(s, &finished, &container_name, out);
    finish(s, &ns, &name, &container_name, &end, exit_code(&finished), out)
}

/// The first container's last exit code, if it has exited.
fn exit_code(pod: &Object) -> Option<i32> {
    pod.at("status.containerStatuses.0.state.terminated.exitCode")
        .or_else(|| pod.at("status.containerStatuses.0.lastState.terminated.exitCode"))
        .and_then(Value::as_i64)
        .map(|c| c as i32)
}

/// What kubectl prints and does once the attached process has exited with `code` (when known):
/// attach's reattach hint (Always, with a terminal), `--rm`'s deletion, then run's report of a
/// failed pod (`Never`/`OnFailure` wait for the exit code).
pub fn finish(
    s: &mut Session,
    ns: &str,
    pod: &str,
    container: &str,
    end: &AttachedRun,
    code: Option<i32>,
    out: &mut Out,
) -> Result<(), CmdError> {
    s.shell = None;
    if end.restart_policy == "Always" && end.tty && !end.quiet {
        out.line(&format!(
            "Session ended, resume using 'kubectl attach {pod} -c {container} -i -t' command when the pod is running"
        ));
    }
    if end.remove {
        delete_pod(s, ns, pod, out);
    }
    match code {
        Some(c) if c != 0 && end.restart_policy != "Always" => {
            // uexec.CodeExitError: printed as is (no `error: ` prefix), exit code passed through.
            out.print(&format!("pod {ns}/{pod} terminated (Error)\n"));
            out.code = Some(c);
        }
        _ => {}
    }
    Ok(())
}

/// The shell the container runs (`sh`, `/bin/sh`, `bash`), for its prompt.
fn container_shell(container: &Value) -> String {
    ["command", "args"]
        .iter()
        .filter_map(|k| container.get(*k).and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .next()
        .unwrap_or("sh")
        .to_string()
}

/// The pod's hostname as its containers see it (`spec.hostname`, else the pod's name).
fn hostname(pod: &Object) -> String {
    pod.str_at("spec.hostname").unwrap_or(pod.name()).to_string()
}

fn phase_done(pod: &Object) -> bool {
    matches!(pod.str_at("status.phase"), Some("Succeeded" | "Failed"))
}

/// run.go's podRunningAndReady (or a pod that already completed).
fn pod_running_or_done(pod: &Object) -> bool {
    if phase_done(pod) {
        return true;
    }
    pod.str_at("status.phase") == Some("Running")
        && pod.at("status.conditions").and_then(Value::as_array).is_some_and(|c| {
            c.iter().any(|c| c.str_at("type") == Some("Ready") && c.str_at("status") == Some("True"))
        })
}

/// The first container has exited (now or before a restart), or the pod is done.
fn container_terminated(pod: &Object) -> bool {
    phase_done(pod)
        || pod.at("status.containerStatuses.0.state.terminated").is_some()
        || pod.at("status.containerStatuses.0.lastState.terminated").is_some()
}

/// Advances the clock until `cond` holds for the pod (returned) or `timeout_ms` passes (None).
fn wait_for_pod(
    s: &mut Session,
    ns: &str,
    name: &str,
    timeout_ms: i64,
    cond: fn(&Object) -> bool,
) -> Option<Object> {
    let get = |c: &Cluster| c.api().get("pods", ns, name).ok().map(|p| p.as_ref().clone());
    if let Some(p) = get(s.cluster()).filter(&cond) {
        return Some(p);
    }
    let mut found = None;
    let end = s.now().plus_millis(timeout_ms);
    s.advance_while(end, &mut |c: &Cluster| {
        found = get(c).filter(&cond);
        found.is_some()
    });
    found
}

fn print_log(s: &Session, pod: &Object, container: &str, out: &mut Out) {
    if let Ok(text) = s.cluster().nodes().logs(pod, container, false, s.now()) {
        out.print(&text);
    }
}

/// `--rm`: run's delete options (no waiting), printing kubectl's `pod "NAME" deleted`.
fn delete_pod(s: &mut Session, ns: &str, name: &str, out: &mut Out) {
    let words: Vec<String> = ["pod", name, "--wait=false", "-n", ns].iter().map(|w| w.to_string()).collect();
    let ctx = super::Ctx { stdin: None, background: false };
    if let Err(e) = super::delete::run(s, &words, &ctx, out) {
        out.print(&e.render());
        out.failed = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_console_enters_the_pods_shell_and_rm_deletes_the_pod_on_exit() {
        use crate::WaitMode;
        use kubeplay_cluster::ClusterConfig;
        let mut s = Session::new(ClusterConfig::default(), WaitMode::AdvanceClock);
        assert_eq!(s.prompt(), "$ ");
        let o = s.run("kubectl run debug --rm -it --image=busybox -- /bin/sh");
        assert_eq!(
            (o.text.as_str(), o.exit_code),
            ("If you don't see a command prompt, try pressing enter.\n", 0)
        );
        assert_eq!(s.prompt(), "/ # ");
        assert_eq!(s.shell().map(|t| t.pod.as_str()), Some("debug"));
        // The pod kubectl created, as run.go generates it for -it.
        let pod = s.cluster().api().get("pods", "default", "debug").unwrap();
        assert_eq!(pod.at("spec.containers.0.args"), Some(&json!(["/bin/sh"])));
        assert_eq!(pod.at("spec.containers.0.stdin"), Some(&json!(true)));
        assert_eq!(pod.at("spec.containers.0.stdinOnce"), Some(&json!(true)));
        assert_eq!(pod.at("spec.containers.0.tty"), Some(&json!(true)));
        assert_eq!(s.run("hostname").text, "debug\n");
        // The UI's panels still query the cluster meanwhile.
        assert_eq!(s.query("kubectl get pods -o name").text, "pod/debug\n");
        // `kubectl` is not in the image: the line goes to the pod's shell.
        assert_eq!(s.run("kubectl get pods").text, "sh: kubectl: not found\n");
        let o = s.run("exit");
        assert_eq!(
            o.text,
            "Session ended, resume using 'kubectl attach debug -c debug -i -t' command when the pod is running\npod \"debug\" deleted\n"
        );
        assert_eq!((s.prompt().as_str(), o.exit_code), ("$ ", 0));
        s.advance(60_000);
        assert_eq!(s.run("kubectl get pods").text, "No resources found in default namespace.\n");
    }

    #[test]
    fn the_pods_shell_keeps_answering_while_time_passes_between_lines() {
        use crate::WaitMode;
        use kubeplay_cluster::ClusterConfig;
        let mut s = Session::new(ClusterConfig::default(), WaitMode::AdvanceClock);
        s.run("kubectl run debug --rm -it --image=busybox -- sh");
        assert_eq!(s.run("hostname").text, "debug\n");
        // In the console, real time passes between lines: the shell still reads its stdin.
        s.advance(30_000);
        let o = s.run("hostname");
        assert_eq!((o.text.as_str(), o.exit_code), ("debug\n", 0));
        assert_eq!(s.prompt(), "/ # ");
        s.advance(30_000);
        assert_eq!(s.run("echo still here").text, "still here\n");
        let o = s.run("exit");
        assert!(o.text.ends_with("pod \"debug\" deleted\n"), "{}", o.text);
        assert_eq!(s.prompt(), "$ ");
    }

    #[test]
    fn run_attach_flags_are_validated_as_kubectl_does() {
        use crate::WaitMode;
        use kubeplay_cluster::ClusterConfig;
        let mut s = Session::new(ClusterConfig::default(), WaitMode::AdvanceClock);
        // kubectl.1.33's wording (offline: these fail before any request).
        let o = s.run("kubectl run debug -t --image=busybox -- sh");
        assert_eq!(
            o.text,
            "error: -i/--stdin is required for containers with -t/--tty=true\nSee 'kubectl run -h' for help and examples\n"
        );
        let o = s.run("kubectl run debug --rm --image=busybox -- sh");
        assert_eq!(
            o.text,
            "error: --rm should only be used for attached containers\nSee 'kubectl run -h' for help and examples\n"
        );
        let o = s.run("kubectl run debug --rm -it --image=busybox --dry-run=client -- sh");
        assert_eq!(o.text, "error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)\nSee 'kubectl run -h' for help and examples\n");
    }

    #[test]
    fn exec_it_prompt_is_the_images_shell() {
        use crate::WaitMode;
        use kubeplay_cluster::ClusterConfig;
        let mut s = Session::new(ClusterConfig::default(), WaitMode::AdvanceClock);
        s.run("kubectl run web --image=nginx:1.27");
        s.advance(30_000);
        assert_eq!(s.run("kubectl exec -it web -- sh").text, "");
        assert_eq!(s.prompt(), "# ");
        assert_eq!(s.run("exit").text, "");
        s.run("kubectl exec -it web -- bash");
        assert_eq!(s.prompt(), "root@web:/# ");
        assert_eq!(s.run("exit 3").text, "command terminated with exit code 3\n");
        assert_eq!(s.prompt(), "$ ");
    }

    #[test]
    fn the_browsers_sliced_session_attaches_too() {
        use crate::WaitMode;
        use kubeplay_cluster::ClusterConfig;
        let mut s = Session::new(ClusterConfig::default(), WaitMode::Stream);
        s.set_sliced(true);
        let o = s.run("kubectl run debug --rm -it --image=busybox -- sh");
        assert_eq!(o.text, "If you don't see a command prompt, try pressing enter.\n");
        while !s.work(50) {}
        assert_eq!(s.prompt(), "/ # ");
        assert_eq!(s.run("hostname").text, "debug\n");
        while !s.work(50) {}
        assert!(s.run("exit").text.ends_with("pod \"debug\" deleted\n"));
        assert_eq!(s.prompt(), "$ ");
    }
}
