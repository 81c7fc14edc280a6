//! `kubectl rollout status|history|undo|restart|pause|resume` for Deployments.

use kubeplay_apiserver::PatchType;
use kubeplay_cluster::Cluster;
use kubeplay_model::resource::ResourceType;
use kubeplay_model::{Object, ObjectExt};
use serde_json::{json, Value};

use super::common::*;
use super::wait::{parse_duration, wait_for, Deadline};
use super::{parse_flags, Ctx};
use crate::flags::{flag, Flag, Kind, Parsed};
use crate::print::{self, DryRun};
use crate::session::Session;
use crate::stream::Poller;

pub const FLAGS: &[Flag] = &[
    flag("watch", Some('w'), Kind::Bool),
    flag("revision", None, Kind::Int),
    flag("timeout", None, Kind::Str),
    flag("to-revision", None, Kind::Int),
    flag("filename", Some('f'), Kind::Array),
    flag("recursive", Some('R'), Kind::Bool),
    flag("selector", Some('l'), Kind::Str),
    flag("output", Some('o'), Kind::Str),
    flag("dry-run", None, Kind::OptStr("unchanged")),
    flag("field-manager", None, Kind::Str),
    flag("template", None, Kind::Str),
];

pub fn run(s: &mut Session, words: &[String], ctx: &Ctx, out: &mut Out) -> Result<(), CmdError> {
    let sub_at = words.iter().position(|w| !w.starts_with('-'));
    let Some(at) = sub_at else {
        out.print(super::help::page("rollout").unwrap_or_default());
        out.failed = true;
        return Ok(());
    };
    let sub = words[at].clone();
    let mut rest = words.to_vec();
    rest.remove(at);
    let cmd = format!("rollout {sub}");
    if !matches!(sub.as_str(), "status" | "history" | "undo" | "restart" | "pause" | "resume") {
        let args: Vec<&str> = words.iter().filter(|w| !w.starts_with('-')).map(String::as_str).collect();
        return Err(CmdError::Help("rollout".into(), format!("unknown command \"{}\"", args.join(" "))));
    }
    let p = parse_flags(&cmd, &rest, FLAGS)?;
    let targets = deployments(s, &p, ctx)?;
    match sub.as_str() {
        "status" => {
            let timeout = match p.str("timeout") {
                Some(t) => parse_duration(t).map_err(msg)?,
                None => 0,
            };
            for (rt, o) in targets {
                status(s, &p, rt, &o, timeout, out)?;
            }
            Ok(())
        }
        "history" => {
            for (_rt, o) in targets {
                let rss = s.cluster().api().list_owned_by("replicasets", o.uid());
                let refs: Vec<&Object> = rss.iter().map(|r| r.as_ref()).collect();
                match p.int("revision") {
                    Some(r) if r > 0 => {
                        out.print(&print::rollout::rollout_history_revision(&o, &refs, r).map_err(msg)?)
                    }
                    _ => out.print(&print::rollout::rollout_history(&o, &refs)),
                }
            }
            Ok(())
        }
        "undo" => {
            let dry = dry_run(s, &p, out)?;
            for (rt, o) in targets {
                match undo(s, rt, &o, p.int("to-revision").unwrap_or(0), dry) {
                    Ok(line) => out.line(&line),
                    Err(e) if e.starts_with("Error from server") || e.starts_with("The ") => {
                        out.line(&e);
                        out.failed = true;
                    }
                    Err(e) => out.error(&e),
                }
            }
            Ok(())
        }
        "restart" => {
            let dry = dry_run(s, &p, out)?;
            for (rt, o) in targets {
                if o.bool_at("spec.paused") == Some(true) {
                    out.error(&format!(
                        "{} \"{}\" can't restart paused deployment (run rollout resume first)",
                        rt.qualified_plural(),
                        o.name()
                    ));
                    continue;
                }
                let now = s.now().to_rfc3339();
                let patch = json!({"spec": {"template": {"metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": now}}}}});
                apply_patch(
                    s,
                    rt,
                    &o,
                    PatchType::Strategic,
                    &patch,
                    "kubectl-rollout",
                    dry,
                    "restarted",
                    out,
                );
            }
            Ok(())
        }
        _ => {
            let pause = sub == "pause";
            let dry = dry_run(s, &p, out)?;
            for (rt, o) in targets {
                let paused = o.bool_at("spec.paused") == Some(true);
                if paused == pause {
                    let word = if pause { "already paused" } else { "already resumed" };
                    out.line(&print::confirmation(&o, word, DryRun::None));
                    continue;
                }
                let patch =
                    if pause { json!({"spec": {"paused": true}}) } else { json!({"spec": {"paused": null}}) };
                let word = if pause { "paused" } else { "resumed" };
                apply_patch(s, rt, &o, PatchType::Merge, &patch, "kubectl-rollout", dry, word, out);
            }
            Ok(())
        }
    }
}

fn apply_patch(
    s: &mut Session,
    rt: &ResourceType,
    o: &Object,
    ty: PatchType,
    patch: &Value,
    manager: &str,
    dry: DryRun,
    word: &str,
    out: &mut Out,
) {
    if dry == DryRun::Client {
        out.line(&print::confirmation(o, word, dry));
        return;
    }
    match s.cluster_mut().patch(rt.plural, o.namespace(), o.name(), ty, patch, manager, dry == DryRun::Server)
    {
        Ok(after) => out.line(&print::confirmation(&after, word, dry)),
        Err(e) => out.api_error(&e, ""),
    }
}

/// The Deployments named on the command line (other workload kinds are not simulated).
fn deployments(s: &Session, p: &Parsed, ctx: &Ctx) -> Result<Vec<(&'static ResourceType, Object)>, CmdError> {
    let ns = namespace(s, p);
    let files = p.all("filename");
    let mut tns = Vec::new();
    if !files.is_empty() {
        for m in read_manifests(s, &files, ctx.stdin, p.bool("recursive"))? {
            let rt = manifest_type(&m).map_err(msg)?;
            tns.push(TypeNames { rt, names: vec![m.obj.name().to_string()] });
        }
    } else {
        if p.args.is_empty() {
            return Err(msg("required resource not specified"));
        }
        tns = parse_resource_args(&p.args)?;
    }
    let sel = selector(p)?;
    let mut res = Vec::new();
    for tn in tns {
        if tn.rt.plural != "deployments" {
            if matches!(tn.rt.plural, "daemonsets" | "statefulsets") {
                return Err(msg(format!("{} are not simulated in this playground", tn.rt.plural)));
            }
            return Err(msg(format!("no status viewer has been implemented for {}", tn.rt.kind)));
        }
        if tn.names.is_empty() {
            if sel.is_none() {
                return Err(msg("resource(s) were provided, but no name was specified"));
            }
            for o in list(s, tn.rt, Some(&ns)) {
                if sel.as_ref().is_some_and(|l| l.matches_object(&o)) {
                    res.push((tn.rt, o.as_ref().clone()));
                }
            }
        }
        for n in &tn.names {
            let o = get(s, tn.rt, &ns, n)?;
            res.push((tn.rt, o.as_ref().clone()));
        }
    }
    Ok(res)
}

fn status(
    s: &mut Session,
    p: &Parsed,
    rt: &'static ResourceType,
    o: &Object,
    timeout: i64,
    out: &mut Out,
) -> Result<(), CmdError> {
    let revision = p.int("revision");
    if !p.bool_or("watch", true) {
        match print::rollout::rollout_status(o, revision) {
            Ok((m, _)) => out.print(&m),
            Err(e) => out.error(&e),
        }
        return Ok(());
    }
    let poller = StatusPoller {
        ns: o.namespace().to_string(),
        name: o.name().to_string(),
        rv: None,
        revision,
        uid: o.uid().to_string(),
    };
    let _ = rt;
    let timeout = if timeout <= 0 { 3_600_000 * 24 } else { timeout };
    let d = Deadline::new(
        Box::new(poller),
        s.now().plus_millis(timeout),
        "error: timed out waiting for the condition\n".into(),
    );
    wait_for(s, Box::new(d), out);
    Ok(())
}

/// `rollout status`: one status line per watch event on the Deployment until it is done.
struct StatusPoller {
    ns: String,
    name: String,
    /// None before the initial list (the ADDED event of a watch with sync).
    rv: Option<u64>,
    revision: Option<i64>,
    uid: String,
}

impl StatusPoller {
    fn eval(&self, d: &Object) -> (String, Option<i32>) {
        match print::rollout::rollout_status(d, self.revision) {
            Ok((m, done)) => (m, if done { Some(0) } else { None }),
            Err(e) => (format!("error: {e}\n"), Some(1)),
        }
    }
}

impl Poller for StatusPoller {
    fn poll(&mut self, c: &Cluster) -> (String, Option<i32>) {
        let api = c.api();
        let Some(rv) = self.rv else {
            self.rv = Some(api.resource_version());
            return match api.get("deployments", &self.ns, &self.name) {
                Ok(d) => self.eval(&d),
                Err(_) => ("error: object has been deleted\n".into(), Some(1)),
            };
        };
        let mut text = String::new();
        let mut last = rv;
        for ev in api.events_since(rv) {
            last = last.max(ev.rv);
            if ev.resource != "deployments"
                || ev.object.namespace() != self.ns
                || ev.object.name() != self.name
            {
                continue;
            }
            if ev.object.uid() != self.uid || ev.type_ == kubeplay_apiserver::WatchEventType::Deleted {
                self.rv = Some(last);
                text.push_str("error: object has been deleted\n");
                return (text, Some(1));
            }
            let (t, done) = self.eval(&ev.object);
            text.push_str(&t);
            if done.is_some() {
                self.rv = Some(last);
                return (text, done);
            }
        }
        self.rv = Some(last);
        (text, None)
    }
}

/// Client-side rollback as kubectl does it (reference §3.8), planned by the controllers crate.
fn undo(
    s: &mut Session,
    rt: &ResourceType,
    d: &Object,
    to_revision: i64,
    dry: DryRun,
) -> Result<String, String> {
    let rss = s.cluster().api().list("replicasets", Some(d.namespace()));
    match kubeplay_cluster::rollback_patch(d, &rss, to_revision)? {
        kubeplay_cluster::RollbackPlan::Skip(m) => Ok(format!("{} {m}", print::name_line(d))),
        kubeplay_cluster::RollbackPlan::Patch(patch) => {
            if dry == DryRun::Client {
                return Ok(print::confirmation(d, "rolled back", dry));
            }
            match s.cluster_mut().patch(
                rt.plural,
                d.namespace(),
                d.name(),
                PatchType::Json,
                &patch,
                "kubectl-rollout",
                dry == DryRun::Server,
            ) {
                Ok(o) => Ok(print::confirmation(&o, "rolled back", dry)),
                Err(e) => Err(e.kubectl_message("")),
            }
        }
    }
}
