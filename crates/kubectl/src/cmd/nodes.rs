//! Node commands: `cordon`, `uncordon`, `drain`, `taint`, and `top pods|nodes`.

use std::sync::Arc;

use kubeplay_apiserver::{DeleteOptions, PatchType};
use kubeplay_cluster::Cluster;
use kubeplay_model::quantity::Quantity;
use kubeplay_model::{ApiError, Object, ObjectExt};
use serde_json::{json, Value};

use super::common::*;
use super::wait::{parse_duration, wait_for, Deadline};
use super::{parse_flags, Ctx};
use crate::flags::{flag, Flag, Kind};
use crate::print::{self, DryRun};
use crate::session::Session;
use crate::stream::Poller;

pub const CORDON_FLAGS: &[Flag] =
    &[flag("selector", Some('l'), Kind::Str), flag("dry-run", None, Kind::OptStr("unchanged"))];

fn nodes_for(
    s: &Session,
    args: &[String],
    sel: Option<&kubeplay_model::LabelSelector>,
) -> Result<Vec<Arc<Object>>, CmdError> {
    let rt = resolve_type("nodes")?;
    if let Some(sel) = sel {
        return Ok(list(s, rt, None).into_iter().filter(|n| sel.matches_object(n)).collect());
    }
    let mut v = Vec::new();
    for a in args {
        let name = a.strip_prefix("node/").or_else(|| a.strip_prefix("nodes/")).unwrap_or(a);
        v.push(get(s, rt, "", name)?);
    }
    Ok(v)
}

pub fn run_cordon(s: &mut Session, words: &[String], out: &mut Out, cordon: bool) -> Result<(), CmdError> {
    let cmd = if cordon { "cordon" } else { "uncordon" };
    let p = parse_flags(cmd, words, CORDON_FLAGS)?;
    let sel = selector(&p)?;
    if p.args.is_empty() && sel.is_none() {
        return Err(CmdError::Help(cmd.into(), format!("USAGE: {cmd} NODE [flags]")));
    }
    let dry = dry_run(s, &p, out)?;
    for n in nodes_for(s, &p.args, sel.as_ref())? {
        set_unschedulable(s, &n, cordon, dry, out);
    }
    Ok(())
}

fn set_unschedulable(s: &mut Session, n: &Object, cordon: bool, dry: DryRun, out: &mut Out) {
    let is = n.bool_at("spec.unschedulable") == Some(true);
    let word = if cordon { "cordoned" } else { "uncordoned" };
    if is == cordon {
        out.line(&format!("{} already {word}", print::name_line(n)));
        return;
    }
    if dry == DryRun::None {
        let patch = if cordon {
            json!({"spec": {"unschedulable": true}})
        } else {
            json!({"spec": {"unschedulable": null}})
        };
        if let Err(e) =
            s.cluster_mut().patch("nodes", "", n.name(), PatchType::Merge, &patch, "kubectl-cordon", false)
        {
            out.api_error(&e, "");
            return;
        }
    }
    out.line(&print::confirmation(n, word, dry));
}

pub const DRAIN_FLAGS: &[Flag] = &[
    flag("force", None, Kind::Bool),
    flag("ignore-daemonsets", None, Kind::Bool),
    flag("delete-emptydir-data", None, Kind::Bool),
    flag("delete-local-data", None, Kind::Bool),
    flag("grace-period", None, Kind::Int),
    flag("timeout", None, Kind::Str),
    flag("selector", Some('l'), Kind::Str),
    flag("pod-selector", None, Kind::Str),
    flag("dry-run", None, Kind::OptStr("unchanged")),
    flag("disable-eviction", None, Kind::Bool),
    flag("skip-wait-for-delete-timeout", None, Kind::Int),
    flag("chunk-size", None, Kind::Int),
];

pub fn run_drain(s: &mut Session, words: &[String], _ctx: &Ctx, out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("drain", words, DRAIN_FLAGS)?;
    let sel = selector(&p)?;
    if p.args.is_empty() && sel.is_none() {
        return Err(CmdError::Help("drain".into(), "USAGE: drain NODE [flags]".into()));
    }
    let dry = dry_run(s, &p, out)?;
    let pod_sel = match p.str("pod-selector") {
        Some(ps) => Some(kubeplay_model::LabelSelector::parse(ps).map_err(msg)?),
        None => None,
    };
    for node in nodes_for(s, &p.args, sel.as_ref())? {
        set_unschedulable(s, &node, true, dry, out);
        let pods: Vec<Arc<Object>> = s
            .cluster()
            .api()
            .list("pods", None)
            .into_iter()
            .filter(|pod| pod.str_at("spec.nodeName") == Some(node.name()))
            .filter(|pod| pod.annotation("kubernetes.io/config.mirror").is_none())
            .filter(|pod| pod_sel.as_ref().is_none_or(|l| l.matches_object(pod)))
            .filter(|pod| !matches!(pod.str_at("status.phase"), Some("Succeeded" | "Failed")))
            .collect();
        let mut daemon = Vec::new();
        let mut unmanaged = Vec::new();
        let mut evict = Vec::new();
        for pod in pods {
            let owner_kind = pod.controller_ref().and_then(|r| r.str_at("kind")).map(String::from);
            let id = format!("{}/{}", pod.namespace(), pod.name());
            match owner_kind.as_deref() {
                Some("DaemonSet") => daemon.push(id),
                None => {
                    unmanaged.push(id);
                    evict.push(pod);
                }
                Some(_) => evict.push(pod),
            }
        }
        let mut problems = Vec::new();
        if !daemon.is_empty() && !p.bool("ignore-daemonsets") {
            problems.push(format!(
                "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): {}",
                daemon.join(", ")
            ));
        }
        if !unmanaged.is_empty() && !p.bool("force") {
            problems.push(format!(
                "cannot delete Pods that declare no controller (use --force to override): {}",
                unmanaged.join(", ")
            ));
        }
        if !problems.is_empty() {
            out.line(&format!(
                "error: unable to drain node \"{}\" due to error: [{}], continuing command...",
                node.name(),
                problems.join(", ")
            ));
            out.line("There are pending nodes to be drained:");
            out.line(&format!(" {}", node.name()));
            for pr in &problems {
                out.line(&format!("error: {pr}"));
            }
            out.failed = true;
            continue;
        }
        let mut warnings = Vec::new();
        if !unmanaged.is_empty() {
            warnings.push(format!("deleting Pods that declare no controller: {}", unmanaged.join(", ")));
        }
        if !daemon.is_empty() {
            warnings.push(format!("ignoring DaemonSet-managed Pods: {}", daemon.join(", ")));
        }
        if !warnings.is_empty() {
            out.line(&format!("Warning: {}", warnings.join("; ")));
        }
        let grace = p.int("grace-period").filter(|g| *g >= 0);
        let mut targets = Vec::new();
        for pod in &evict {
            out.line(&format!("evicting pod {}/{}", pod.namespace(), pod.name()));
            if dry != DryRun::None {
                continue;
            }
            let opts = DeleteOptions { grace_period_seconds: grace, propagation: None, dry_run: false };
            match s.cluster_mut().delete("pods", pod.namespace(), pod.name(), &opts) {
                Ok(_) => {
                    targets.push((pod.namespace().to_string(), pod.name().to_string(), pod.uid().to_string()))
                }
                Err(e) => out.line(&format!(
                    "error when evicting pods/\"{}\" -n \"{}\" (will retry after 5s): {}",
                    pod.name(),
                    pod.namespace(),
                    e.message
                )),
            }
        }
        if dry != DryRun::None {
            out.line(&format!(
                "{} drained{}",
                print::name_line(&node),
                if dry == DryRun::Server { " (server dry run)" } else { " (dry run)" }
            ));
            continue;
        }
        let timeout = match p.str("timeout") {
            Some(t) => parse_duration(t).map_err(msg)?,
            None => 0,
        };
        let timeout = if timeout <= 0 { 3_600_000 * 24 } else { timeout };
        let poller = DrainPoller { targets, node: print::name_line(&node) };
        let d = Deadline::new(
            Box::new(poller),
            s.now().plus_millis(timeout),
            format!("error: drain did not complete within {}\n", p.str("timeout").unwrap_or("0s")),
        );
        wait_for(s, Box::new(d), out);
    }
    Ok(())
}

/// Prints `pod/x evicted` as each evicted pod disappears, then `node/n drained`.
struct DrainPoller {
    targets: Vec<(String, String, String)>,
    node: String,
}

impl Poller for DrainPoller {
    fn poll(&mut self, c: &Cluster) -> (String, Option<i32>) {
        let mut text = String::new();
        self.targets.retain(|(ns, name, uid)| {
            let alive = c.api().get("pods", ns, name).is_ok_and(|o| o.uid() == uid);
            if !alive {
                text.push_str(&format!("pod/{name} evicted\n"));
            }
            alive
        });
        if self.targets.is_empty() {
            text.push_str(&format!("{} drained\n", self.node));
            return (text, Some(0));
        }
        (text, None)
    }
}

pub const TAINT_FLAGS: &[Flag] = &[
    flag("overwrite", None, Kind::Bool),
    flag("all", None, Kind::Bool),
    flag("selector", Some('l'), Kind::Str),
    flag("output", Some('o'), Kind::Str),
    flag("dry-run", None, Kind::OptStr("unchanged")),
    flag("validate", None, Kind::OptStr("strict")),
    flag("field-manager", None, Kind::Str),
    flag("template", None, Kind::Str),
];

pub fn run_taint(s: &mut Session, words: &[String], out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("taint", words, TAINT_FLAGS)?;
    let mut res = Vec::new();
    let mut adds: Vec<(String, String, String)> = Vec::new();
    let mut removes: Vec<(String, Option<String>)> = Vec::new();
    for (i, a) in p.args.iter().enumerate() {
        if i == 0 || (i == 1 && !a.contains(':') && !a.contains('=') && !a.ends_with('-')) {
            res.push(a.clone());
            continue;
        }
        if let Some(spec) = a.strip_suffix('-') {
            let (k, e) = match spec.split_once(':') {
                Some((k, e)) => (k.to_string(), Some(e.to_string())),
                None => (spec.to_string(), None),
            };
            removes.push((k, e));
            continue;
        }
        let Some((kv, effect)) = a.rsplit_once(':') else {
            return Err(msg(format!("invalid taint spec: {a}, unknown taint effect")));
        };
        if !matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
            return Err(msg(format!(
                "invalid taint spec: {a}, invalid taint effect: {effect}, unsupported taint effect"
            )));
        }
        let (k, v) = match kv.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (kv.to_string(), String::new()),
        };
        adds.push((k, v, effect.to_string()));
    }
    if res.is_empty() || (res.len() < 2 && !p.bool("all") && p.str("selector").is_none()) {
        return Err(msg("one or more resources must be specified as <resource> <name>"));
    }
    if adds.is_empty() && removes.is_empty() {
        return Err(msg("at least one taint update is required"));
    }
    let rt = resolve_type(&res[0])?;
    if rt.plural != "nodes" {
        return Err(msg(format!("invalid resource type {}, only nodes are supported", res[0])));
    }
    let sel = selector(&p)?;
    let nodes = if p.bool("all") { list(s, rt, None) } else { nodes_for(s, &res[1..], sel.as_ref())? };
    let dry = dry_run(s, &p, out)?;
    for n in nodes {
        let mut taints: Vec<Value> =
            n.at("spec.taints").and_then(Value::as_array).cloned().unwrap_or_default();
        let mut failed = false;
        for (k, v, e) in &adds {
            match taints
                .iter_mut()
                .find(|t| t.str_at("key") == Some(k.as_str()) && t.str_at("effect") == Some(e.as_str()))
            {
                Some(t) => {
                    if !p.bool("overwrite") {
                        out.error(&format!(
                            "node {} already has {k} taint(s) with same effect(s) and --overwrite is false",
                            n.name()
                        ));
                        failed = true;
                        break;
                    }
                    *t = taint_json(k, v, e);
                }
                None => taints.push(taint_json(k, v, e)),
            }
        }
        if failed {
            continue;
        }
        for (k, e) in &removes {
            let before = taints.len();
            taints.retain(|t| {
                !(t.str_at("key") == Some(k.as_str())
                    && e.as_ref().is_none_or(|e| t.str_at("effect") == Some(e.as_str())))
            });
            if taints.len() == before {
                let spec = match e {
                    Some(e) => format!("{k}:{e}"),
                    None => k.clone(),
                };
                out.error(&format!("taint \"{spec}\" not found"));
                failed = true;
            }
        }
        if failed {
            continue;
        }
        let word = if removes.is_empty() {
            "tainted"
        } else if adds.is_empty() {
            "untainted"
        } else {
            "modified"
        };
        if dry == DryRun::None {
            let value = if taints.is_empty() { Value::Null } else { Value::Array(taints) };
            let patch = json!({"spec": {"taints": value}});
            if let Err(e) =
                s.cluster_mut().patch("nodes", "", n.name(), PatchType::Merge, &patch, "kubectl-taint", false)
            {
                out.api_error(&e, "");
                continue;
            }
        }
        out.line(&print::confirmation(&n, word, dry));
    }
    Ok(())
}

fn taint_json(k: &str, v: &str, e: &str) -> Value {
    if v.is_empty() {
        json!({"effect": e, "key": k})
    } else {
        json!({"effect": e, "key": k, "value": v})
    }
}

pub const TOP_FLAGS: &[Flag] = &[
    flag("all-namespaces", Some('A'), Kind::Bool),
    flag("containers", None, Kind::Bool),
    flag("selector", Some('l'), Kind::Str),
    flag("field-selector", None, Kind::Str),
    flag("sort-by", None, Kind::Str),
    flag("no-headers", None, Kind::Bool),
    flag("sum", None, Kind::Bool),
    flag("show-capacity", None, Kind::Bool),
    flag("use-protocol-buffers", None, Kind::Bool),
];

/// A running container's usage as the playground's metrics pipeline reports it: its requests
/// when set (a busy-ish steady state), else a small baseline that varies per pod.
fn container_usage(pod: &Object, c: &Value) -> (i64, i64) {
    let h = kubeplay_model::rng::fnv1a32(pod.uid().as_bytes()) as i64;
    let cpu = c
        .at("resources.requests.cpu")
        .and_then(Value::as_str)
        .and_then(|q| Quantity::parse(q).ok())
        .map(|q| i64::try_from(q.milli / 2).unwrap_or(0))
        .unwrap_or(1 + h % 3);
    let mem = c
        .at("resources.requests.memory")
        .and_then(Value::as_str)
        .and_then(|q| Quantity::parse(q).ok())
        .map(|q| i64::try_from(q.value() / 2).unwrap_or(0))
        .unwrap_or((3 + h % 8) * 1024 * 1024);
    (cpu.max(0), mem.max(0))
}

pub fn run_top(s: &mut Session, words: &[String], out: &mut Out) -> Result<(), CmdError> {
    let sub_at = words.iter().position(|w| !w.starts_with('-'));
    let Some(at) = sub_at else {
        out.print(super::help::page("top").unwrap_or_default());
        out.failed = true;
        return Ok(());
    };
    let sub = words[at].clone();
    let mut rest = words.to_vec();
    rest.remove(at);
    match sub.as_str() {
        "pod" | "pods" | "po" => {
            let p = parse_flags("top pod", &rest, TOP_FLAGS)?;
            let ns = namespace(s, &p);
            let all = p.bool("all-namespaces");
            let sel = selector(&p)?;
            let pods = s.cluster().api().list("pods", if all { None } else { Some(&ns) });
            let mut usage = Vec::new();
            for pod in pods {
                if pod.str_at("status.phase") != Some("Running") {
                    continue;
                }
                if sel.as_ref().is_some_and(|l| !l.matches_object(&pod)) {
                    continue;
                }
                if let Some(n) = p.args.first() {
                    if pod.name() != n {
                        continue;
                    }
                }
                let (mut cpu, mut mem) = (0, 0);
                for c in pod.at("spec.containers").and_then(Value::as_array).cloned().unwrap_or_default() {
                    let (a, b) = container_usage(&pod, &c);
                    cpu += a;
                    mem += b;
                }
                usage.push(print::top::PodUsage {
                    namespace: pod.namespace().to_string(),
                    name: pod.name().to_string(),
                    cpu_milli: cpu,
                    memory_bytes: mem,
                });
            }
            if usage.is_empty() {
                if let Some(n) = p.args.first() {
                    return Err(msg(format!("pods \"{n}\" not found")));
                }
                return Err(msg(if all {
                    "Metrics not available for pod in all namespaces".to_string()
                } else {
                    format!("Metrics not available for pod in namespace {ns}")
                })
                .into_no_resources(&ns, all));
            }
            out.print(&print::top::top_pods(&usage, all));
        }
        "node" | "nodes" | "no" => {
            let p = parse_flags("top node", &rest, TOP_FLAGS)?;
            let nodes = s.cluster().api().list("nodes", None);
            let pods = s.cluster().api().list("pods", None);
            let mut usage = Vec::new();
            for n in nodes {
                if let Some(name) = p.args.first() {
                    if n.name() != name {
                        continue;
                    }
                }
                let (mut cpu, mut mem) = (0i64, 0i64);
                for pod in pods.iter().filter(|pd| {
                    pd.str_at("spec.nodeName") == Some(n.name())
                        && pd.str_at("status.phase") == Some("Running")
                }) {
                    for c in pod.at("spec.containers").and_then(Value::as_array).cloned().unwrap_or_default()
                    {
                        let (a, b) = container_usage(pod, &c);
                        cpu += a;
                        mem += b;
                    }
                }
                // The node's own daemons (kubelet, container runtime, system slices).
                let h = kubeplay_model::rng::fnv1a32(n.name().as_bytes()) as i64;
                cpu += 40 + h % 60;
                mem += (600 + h % 400) * 1024 * 1024;
                let q = |path: &str, milli: bool| {
                    n.at(path)
                        .and_then(Value::as_str)
                        .and_then(|v| Quantity::parse(v).ok())
                        .map(|q| i64::try_from(if milli { q.milli } else { q.value() }).unwrap_or(0))
                        .unwrap_or(0)
                };
                usage.push(print::top::NodeUsage {
                    name: n.name().to_string(),
                    cpu_milli: cpu,
                    memory_bytes: mem,
                    allocatable_cpu_milli: q("status.allocatable.cpu", true),
                    allocatable_memory_bytes: q("status.allocatable.memory", false),
                });
            }
            if usage.is_empty() {
                if let Some(name) = p.args.first() {
                    return Err(CmdError::Api(ApiError::not_found("nodes", name)));
                }
            }
            out.print(&print::top::top_nodes(&usage));
        }
        // cobra: an unknown subcommand of a command without a Run function.
        _ => {
            return Err(CmdError::Help("top".into(), format!("unknown command \"{sub}\"")));
        }
    }
    Ok(())
}

trait NoResources {
    fn into_no_resources(self, ns: &str, all: bool) -> CmdError;
}
impl NoResources for CmdError {
    fn into_no_resources(self, ns: &str, all: bool) -> CmdError {
        // kubectl top pod with nothing running: `No resources found in <ns> namespace.`
        CmdError::Raw(if all {
            "No resources found\n".to_string()
        } else {
            format!("No resources found in {ns} namespace.\n")
        })
    }
}
