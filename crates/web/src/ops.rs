//! User intents that touch the engine (run a command, apply files, load an example, inject a
//! fault). They call the engine and dispatch the results; no Kubernetes logic lives here.

use crate::engine::{Engine, Fault, Output};
use crate::examples;
use crate::state::{Action, AppState, EngineHandle, File, LineKind, RequestAnim, ToastKind};
use kubeplay_cluster::ClusterConfig;
use yew::prelude::*;

pub type Ctx = UseReducerHandle<AppState>;

pub fn print_output(ctx: &Ctx, o: &Output) {
    if !o.text.is_empty() {
        let kind = if o.exit_code == 0 { LineKind::Output } else { LineKind::Error };
        ctx.dispatch(Action::Print(kind, o.text.clone()));
    }
}

pub fn sync(ctx: &Ctx) {
    let (rev, now_ms) = {
        let e = ctx.engine.0.borrow();
        (e.revision(), e.now_ms())
    };
    ctx.dispatch(Action::Synced { rev, now_ms });
}

const HELP: &str = "kubeplay console — kubectl v1.33 against an in-browser simulated cluster.
  kubectl get pods|deployments|replicasets|services|events [-o wide|yaml] [-w]
  kubectl describe <kind>/<name>      kubectl logs <pod> [-f] [--previous]
  kubectl scale deployment/<name> --replicas=N
  kubectl set image deployment/<name> <container>=<image>
  kubectl rollout status|history|undo|restart deployment/<name>
  kubectl delete <kind> <name>        kubectl exec <pod> -- env
  kubectl cordon|uncordon|drain <node>
  curl http://<service>.<namespace>.svc.cluster.local   (from a pod of that namespace)
Keys: ↑/↓ history, Tab completes, Ctrl+C stops a watch, Ctrl+L or `clear` clears.
Apply YAML from the editor with Ctrl+Enter (current file) or Ctrl+Shift+Enter (all files).";

/// Runs `f` now if the engine is ready for an action, else as soon as it is (working towards
/// that between frames), so a click or Enter during a big reconcile never blocks the page.
pub fn when_ready(ctx: &Ctx, f: impl FnOnce(&Ctx) + 'static) {
    if ctx.engine.0.borrow().ready_for_action() {
        f(ctx);
        return;
    }
    let c = ctx.clone();
    wasm_bindgen_futures::spawn_local(async move {
        crate::api::until_ready_for_action(&c.engine).await;
        f(&c);
    });
}

/// Runs one console line: built-ins (`clear`, `help`) or kubectl through the session. The line is
/// echoed (and kept in the history) at once; a kubectl command runs as soon as the engine is
/// ready for it (see [`when_ready`]).
pub fn run_line(ctx: &Ctx, line: &str) {
    let line = line.trim().to_string();
    ctx.dispatch(Action::Submit(line.clone()));
    // A new line stops a running watch, whatever the line is (the console runs one command).
    let builtin = matches!(line.as_str(), "" | "clear" | "help" | "kubectl help" | "?");
    if builtin && ctx.stream.is_some() {
        when_ready(ctx, cancel_stream_now);
    }
    match line.as_str() {
        "" => return,
        "clear" => {
            ctx.dispatch(Action::ClearConsole);
            return;
        }
        "help" | "kubectl help" | "?" => {
            ctx.dispatch(Action::Print(LineKind::Info, HELP.into()));
            return;
        }
        _ => {}
    }
    when_ready(ctx, move |c| run_kubectl_now(c, &line));
}

fn cancel_stream_now(ctx: &Ctx) {
    if let Some(id) = ctx.stream {
        ctx.engine.0.borrow_mut().cancel_stream(id);
        ctx.dispatch(Action::SetStream(None));
    }
}

/// The Service a console `curl` line asks for, when it names one the way cluster DNS would
/// resolve it from a pod (`curl http://web.default.svc.cluster.local`, or `curl web` when a
/// Service `web` exists): such a request is sent the way "Send a request" sends it.
fn curl_to_service(ctx: &Ctx, line: &str) -> Option<kubeplay_view::ServiceHost> {
    let mut words = line.split_whitespace();
    if words.next() != Some("curl") {
        return None;
    }
    let url = words.rfind(|w| !w.starts_with('-'))?.trim_matches(['"', '\'']);
    let ns = ctx.engine.0.borrow().namespace();
    let host = kubeplay_view::service_host(url, &ns)?;
    let exists = || {
        let get = format!("kubectl get service {} -n {} -o name", host.name, host.namespace);
        ctx.engine.0.borrow_mut().query(&get).exit_code == 0
    };
    (host.qualified || exists()).then_some(host)
}

/// Console lines the session runs as they are; anything else is a kubectl command without
/// its `kubectl` (the console's shorthand). Inside a container's shell every line is the
/// shell's (`hostname` there is not `kubectl hostname`).
pub(crate) fn console_command(line: &str, in_container_shell: bool) -> String {
    let first = line.split_whitespace().next().unwrap_or_default();
    if in_container_shell || matches!(first, "kubectl" | "k" | "curl" | "echo" | "sleep") {
        line.to_string()
    } else {
        format!("kubectl {line}")
    }
}

fn run_kubectl_now(ctx: &Ctx, line: &str) {
    cancel_stream_now(ctx);
    let in_shell = ctx.engine.0.borrow().in_container_shell();
    // Inside a container's shell, `curl` is the container's own.
    if let Some(h) = (!in_shell).then(|| curl_to_service(ctx, line)).flatten() {
        request_now(ctx, &h.namespace, &h.name, false);
        return;
    }
    let cmd = console_command(line, in_shell);
    let o = ctx.engine.0.borrow_mut().run(&cmd);
    print_output(ctx, &o);
    if let Some(id) = o.stream {
        ctx.dispatch(Action::SetStream(Some(id)));
    }
    sync(ctx);
}

pub fn stop_stream(ctx: &Ctx) {
    when_ready(ctx, stop_stream_now);
}

fn stop_stream_now(ctx: &Ctx) {
    if ctx.stream.is_some() {
        cancel_stream_now(ctx);
        ctx.dispatch(Action::Print(LineKind::Info, "^C".into()));
    }
}

/// Applies the current file (or every file) and prints kubectl's result lines.
pub fn apply(ctx: &Ctx, all: bool) {
    when_ready(ctx, move |c| apply_now(c, all));
}

fn apply_now(ctx: &Ctx, all: bool) {
    let files: Vec<File> =
        if all { ctx.files.clone() } else { ctx.active_file().cloned().into_iter().collect() };
    let mut failed = false;
    let mut summary = Vec::new();
    for f in &files {
        ctx.dispatch(Action::Print(LineKind::Input, format!("$ kubectl apply -f {}", f.name)));
        let o = ctx.engine.0.borrow_mut().apply_text(&f.text, &f.name);
        failed |= o.exit_code != 0;
        summary.extend(
            o.text
                .lines()
                .filter(|l| l.ends_with("created") || l.ends_with("configured"))
                .map(str::to_string),
        );
        print_output(ctx, &o);
    }
    if failed {
        ctx.dispatch(Action::Toast(
            ToastKind::Error,
            "Apply failed — see the console for kubectl's message.".into(),
        ));
    } else if summary.is_empty() {
        ctx.dispatch(Action::Toast(ToastKind::Info, "Nothing changed (all objects unchanged).".into()));
    } else {
        ctx.dispatch(Action::Toast(ToastKind::Success, summary.join(", ")));
    }
    sync(ctx);
}

/// A fresh engine with `files` applied. It starts in boot mode: the frame loop advances the clock
/// in small slices until the pods are Ready, so the page never freezes.
pub fn boot_engine(files: &[File], cluster: &ClusterConfig) -> (Engine, Vec<Output>) {
    let mut e = Engine::with_cluster(cluster.clone());
    let mut outs = Vec::new();
    for f in files {
        outs.push(e.apply_text(&f.text, &f.name));
    }
    e.start_boot();
    (e, outs)
}

/// The files an example applies when loaded (an empty cluster applies none).
pub fn example_applied_files(id: &str) -> Vec<File> {
    examples::by_id(id)
        .unwrap_or_else(examples::default_example)
        .files
        .iter()
        .map(|(n, t)| File { name: n.to_string(), text: t.to_string() })
        .collect()
}

/// The files an example opens in the editor: those it applies, or a starter file to write in.
pub fn example_files(id: &str) -> Vec<File> {
    let files = example_applied_files(id);
    if files.is_empty() {
        let (name, text) = examples::STARTER;
        return vec![File { name: name.into(), text: text.into() }];
    }
    files
}

/// Whether the editor holds anything the learner would lose by loading an example: its files
/// differ from those the current example opened with.
pub fn files_edited(state: &AppState) -> bool {
    examples::by_id(&state.example_id).is_none_or(|_| state.files != example_files(&state.example_id))
}

/// Loads an example into a fresh cluster (applied and running).
pub fn load_example(ctx: &Ctx, id: &str) {
    let Some(ex) = examples::by_id(id) else { return };
    let files = example_files(id);
    let applied = example_applied_files(id);
    // A fresh cluster of the same shape (the embedder's `cluster` config survives Reset).
    let shape = ctx.engine.0.borrow().cluster_config();
    let (engine, outs) = boot_engine(&applied, &shape);
    ctx.dispatch(Action::ReplaceEngine(EngineHandle::new(engine)));
    ctx.dispatch(Action::LoadFiles { example_id: id.to_string(), files: files.clone() });
    ctx.dispatch(Action::ClearConsole);
    ctx.dispatch(Action::Print(LineKind::Info, format!("Loaded example “{}”: {}", ex.title, ex.blurb)));
    for (f, o) in applied.iter().zip(outs.iter()) {
        ctx.dispatch(Action::Print(LineKind::Input, format!("$ kubectl apply -f {}", f.name)));
        print_output(ctx, o);
    }
    if !ex.try_next.is_empty() {
        ctx.dispatch(Action::Print(LineKind::Info, format!("Try: {}", ex.try_next.join("   ·   "))));
    }
}

/// How far Step looks ahead for something to happen.
const STEP_HORIZON_MS: u64 = 600_000;

/// Step: pauses the clock and moves it to the next moment something changes in the cluster
/// (an object or an Event), one scheduled wake-up at a time. When nothing is scheduled within
/// [`STEP_HORIZON_MS`] the clock stays put and a toast says the cluster is at rest.
pub fn step(ctx: &Ctx) {
    ctx.dispatch(Action::SetPlaying(false));
    let c = ctx.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let engine = c.engine.clone();
        crate::api::until_ready_for_action(&engine).await;
        let (rev0, start) = {
            let e = engine.0.borrow();
            (e.revision(), e.now_ms())
        };
        loop {
            let (now, next, rev) = {
                let e = engine.0.borrow();
                (e.now_ms(), e.next_wakeup_ms(), e.revision())
            };
            if rev != rev0 {
                break;
            }
            match next.filter(|t| *t <= start + STEP_HORIZON_MS) {
                Some(t) => engine.0.borrow_mut().begin_advance(t.saturating_sub(now).max(1)),
                None => {
                    let what = if now == start { "stays" } else { "moved to the last scheduled moment" };
                    c.dispatch(Action::Toast(
                        ToastKind::Info,
                        format!("Nothing changes in the next 10 minutes: the cluster is at rest (the clock {what})."),
                    ));
                    break;
                }
            }
            until_idle(&engine).await;
        }
        sync(&c);
    });
}

/// Works until the engine owes nothing, a slice per task so the page keeps answering.
async fn until_idle(engine: &EngineHandle) {
    loop {
        let deadline = crate::components::app::perf_now() + 12.0;
        if engine.0.borrow_mut().work(&mut || crate::components::app::perf_now() < deadline) {
            return;
        }
        let p = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
    }
}

pub fn inject(ctx: &Ctx, f: Fault) {
    when_ready(ctx, move |c| inject_now(c, f));
}

fn inject_now(ctx: &Ctx, f: Fault) {
    let o = ctx.engine.0.borrow_mut().inject(&f);
    print_output(ctx, &o);
    ctx.dispatch(Action::Toast(
        if o.exit_code == 0 { ToastKind::Info } else { ToastKind::Error },
        o.text.trim().to_string(),
    ));
    sync(ctx);
}

pub fn send_request(ctx: &Ctx, ns: &str, svc: &str) {
    let (ns, svc) = (ns.to_string(), svc.to_string());
    when_ready(ctx, move |c| request_now(c, &ns, &svc, true));
}

/// Sends a request to a Service from a pod of its namespace, prints the reply and animates its
/// path on the graph. `echo` prints the equivalent `curl` line first (a typed one already was).
fn request_now(ctx: &Ctx, ns: &str, svc: &str, echo: bool) {
    let r = ctx.engine.0.borrow_mut().request(ns, svc);
    let seq = ctx.next_toast * 1000 + ctx.now_ms;
    if echo {
        ctx.dispatch(Action::Print(LineKind::Input, format!("$ curl http://{svc}.{ns}.svc.cluster.local")));
    }
    ctx.dispatch(Action::Print(if r.ok { LineKind::Output } else { LineKind::Error }, r.reply.clone()));
    ctx.dispatch(Action::ShowRequest(RequestAnim { seq, path: r.path, ok: r.ok, reply: r.reply }));
    sync(ctx);
    let c = ctx.clone();
    gloo::timers::callback::Timeout::new(2600, move || c.dispatch(Action::ClearRequest(seq))).forget();
}

/// Whether the object still exists (a deleted pod's panel offers nothing that needs it).
pub fn exists(ctx: &Ctx, kind: &str, ns: &str, name: &str) -> bool {
    let line = format!("kubectl get {}/{name} -n {ns} -o name", kind.to_lowercase());
    ctx.engine.0.borrow_mut().query(&line).exit_code == 0
}

/// Runs a read-only kubectl command for a panel (describe, -o yaml, logs).
pub fn query(ctx: &Ctx, line: &str) -> Output {
    ctx.engine.0.borrow_mut().query(line)
}
