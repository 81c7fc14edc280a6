//! `kubectl delete`: names, `-f`, `-l`, `--all`, `--cascade`, `--grace-period`, `--force`,
//! `--wait` (advancing the clock in script mode, a stream in the browser).

use kubeplay_apiserver::{DeleteOptions, Propagation};
use kubeplay_cluster::Cluster;
use kubeplay_model::resource::ResourceType;
use kubeplay_model::{Object, ObjectExt};

use super::common::*;
use super::wait::{wait_for, Deadline};
use super::{parse_flags, Ctx};
use crate::flags::{flag, Flag, Kind};
use crate::print::{self, DryRun};
use crate::session::Session;
use crate::stream::Poller;

pub const FLAGS: &[Flag] = &[
    flag("filename", Some('f'), Kind::Array),
    flag("recursive", Some('R'), Kind::Bool),
    flag("selector", Some('l'), Kind::Str),
    flag("field-selector", None, Kind::Str),
    flag("all", None, Kind::Bool),
    flag("all-namespaces", Some('A'), Kind::Bool),
    flag("cascade", None, Kind::OptStr("background")),
    flag("grace-period", None, Kind::Int),
    flag("force", None, Kind::Bool),
    flag("now", None, Kind::Bool),
    flag("wait", None, Kind::Bool),
    flag("timeout", None, Kind::Str),
    flag("ignore-not-found", None, Kind::Bool),
    flag("output", Some('o'), Kind::Str),
    flag("dry-run", None, Kind::OptStr("unchanged")),
    flag("raw", None, Kind::Str),
    flag("interactive", Some('i'), Kind::Bool),
    flag("kustomize", Some('k'), Kind::Str),
];

const NEED_RESOURCES: &str = "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n";

pub const FORCE_WARNING: &str = "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.";

pub fn run(s: &mut Session, words: &[String], ctx: &Ctx, out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("delete", words, FLAGS)?;
    let files = p.all("filename");
    if p.args.is_empty() && files.is_empty() {
        return Err(CmdError::Raw(NEED_RESOURCES.into()));
    }
    let propagation = match p.str("cascade") {
        None | Some("background") | Some("true") => Propagation::Background,
        Some("foreground") => Propagation::Foreground,
        Some("orphan") | Some("false") => Propagation::Orphan,
        Some(v) => {
            return Err(msg(format!(
                "invalid cascade value ({v}). Must be \"background\", \"foreground\", or \"orphan\""
            )))
        }
    };
    if let Some(v @ ("true" | "false")) = p.str("cascade") {
        let repl = if v == "true" { "background" } else { "orphan" };
        out.line(&format!(
            "warning: --cascade={v} is deprecated (boolean value) and can be replaced with --cascade={repl}."
        ));
    }
    let force = p.bool("force");
    let mut grace = p.int("grace-period").unwrap_or(-1);
    if p.bool("now") {
        if p.is_set("grace-period") {
            return Err(msg("--now and --grace-period cannot be specified together"));
        }
        grace = 1;
    }
    if force && grace < 0 {
        grace = 0;
    }
    if grace == 0 && !force {
        // kubectl turns --grace-period=0 into 1 unless --force is given.
        grace = 1;
    }
    let dry = dry_run(s, &p, out)?;
    let name_output = match p.str("output") {
        None | Some("") => false,
        Some("name") => true,
        Some(o) => {
            return Err(msg(format!(
                "unexpected -o output mode: {o}, the flag 'output' must be one of yaml|wide|name|json"
            )))
        }
    };
    let ns = namespace(s, &p);
    let all_ns = p.bool("all-namespaces");
    let list_ns = if all_ns { None } else { Some(ns.as_str()) };
    let sel = selector(&p)?;

    let mut targets: Vec<(&'static ResourceType, Object)> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    let mut by_selection = false;
    if !files.is_empty() {
        let ms = read_manifests(s, &files, ctx.stdin, p.bool("recursive"))?;
        for m in &ms {
            let rt = manifest_type(m).map_err(msg)?;
            let obj_ns = manifest_namespace(m, rt, &ns, p.is_set("namespace")).map_err(msg)?;
            match get(s, rt, &obj_ns, m.obj.name()) {
                Ok(o) => targets.push((rt, o.as_ref().clone())),
                Err(e) if e.reason == "NotFound" && p.bool("ignore-not-found") => {}
                Err(e) => errors.push(api_not_found_file(&e, &m.source)),
            }
        }
    } else {
        let tns = parse_resource_args(&p.args)?;
        for tn in &tns {
            if tn.names.is_empty() {
                if sel.is_none() && !p.bool("all") && p.str("field-selector").is_none() {
                    return Err(msg("resource(s) were provided, but no name was specified"));
                }
                by_selection = true;
                let fs = match p.str("field-selector") {
                    Some(f) => Some(FieldSelector::parse(f, tn.rt)?),
                    None => None,
                };
                for o in list(s, tn.rt, list_ns) {
                    if sel.as_ref().is_none_or(|l| l.matches_object(&o))
                        && fs.as_ref().is_none_or(|f| f.matches(&o))
                    {
                        targets.push((tn.rt, o.as_ref().clone()));
                    }
                }
            } else {
                if sel.is_some() {
                    return Err(msg("name cannot be provided when a selector is specified"));
                }
                if p.bool("all") {
                    return Err(msg("name cannot be provided when --all is specified"));
                }
                for n in &tn.names {
                    match get(s, tn.rt, &ns, n) {
                        Ok(o) => targets.push((tn.rt, o.as_ref().clone())),
                        Err(e) if e.reason == "NotFound" && p.bool("ignore-not-found") => {}
                        Err(e) => errors.push(e.kubectl_message("")),
                    }
                }
            }
        }
    }
    if force && grace == 0 {
        out.line(FORCE_WARNING);
    }
    if targets.is_empty() && errors.is_empty() && by_selection {
        out.line("No resources found");
        return Ok(());
    }
    let opts = DeleteOptions {
        grace_period_seconds: if grace >= 0 { Some(grace) } else { None },
        propagation: Some(propagation),
        dry_run: dry == DryRun::Server,
    };
    let mut waiting: Vec<(String, String, String, String)> = Vec::new();
    for (rt, o) in &targets {
        let res = if dry == DryRun::Client {
            Ok(())
        } else {
            s.cluster_mut().delete(rt.plural, o.namespace(), o.name(), &opts).map(|_| ())
        };
        match res {
            Ok(()) => {
                if name_output {
                    out.line(&print::name_line(o));
                } else {
                    out.line(&print::name::deleted_line(o, force && grace == 0, dry));
                }
                if dry == DryRun::None {
                    waiting.push((
                        rt.plural.to_string(),
                        o.namespace().to_string(),
                        o.name().to_string(),
                        o.uid().to_string(),
                    ));
                }
            }
            Err(e) if e.reason == "NotFound" && p.bool("ignore-not-found") => {}
            Err(e) => errors.push(e.kubectl_message("")),
        }
    }
    for e in &errors {
        out.line(e);
        out.failed = true;
    }
    if p.bool_or("wait", true) && !waiting.is_empty() {
        let timeout = match p.str("timeout") {
            Some(t) => super::wait::parse_duration(t).map_err(msg)?,
            None => 0,
        };
        let timeout = if timeout <= 0 { 3_600_000 } else { timeout };
        let first = waiting.first().cloned().unwrap_or_default();
        let poller = Deadline::new(
            Box::new(Gone { targets: waiting }),
            s.now().plus_millis(timeout),
            format!("error: timed out waiting for the condition on {}/{}\n", first.0, first.2),
        );
        wait_for(s, Box::new(poller), out);
    }
    Ok(())
}

fn api_not_found_file(e: &kubeplay_model::ApiError, source: &str) -> String {
    e.kubectl_message(&format!("error when deleting \"{source}\": "))
}

/// Finishes when none of the deleted objects exists any more (same uid).
pub struct Gone {
    pub targets: Vec<(String, String, String, String)>,
}

impl Poller for Gone {
    fn poll(&mut self, c: &Cluster) -> (String, Option<i32>) {
        self.targets.retain(|(res, ns, name, uid)| c.api().get(res, ns, name).is_ok_and(|o| o.uid() == uid));
        (String::new(), if self.targets.is_empty() { Some(0) } else { None })
    }
}
