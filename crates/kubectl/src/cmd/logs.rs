//! `kubectl logs` (`-c`, `-f`, `--previous`, `--tail`, `-l`, `--all-containers`, `--prefix`,
//! `deploy/x` picking a pod) and the pod choice kubectl makes for `TYPE/NAME`.

use std::sync::Arc;

use kubeplay_cluster::Cluster;
use kubeplay_model::{ApiError, Object, ObjectExt};
use serde_json::Value;

use super::common::*;
use super::{parse_flags, Ctx};
use crate::flags::{flag, Flag, Kind};
use crate::session::{Session, WaitMode};
use crate::stream::{Poller, Stream};

pub const FLAGS: &[Flag] = &[
    flag("container", Some('c'), Kind::Str),
    flag("follow", Some('f'), Kind::Bool),
    flag("previous", Some('p'), Kind::Bool),
    flag("tail", None, Kind::Int),
    flag("timestamps", None, Kind::Bool),
    flag("since", None, Kind::Str),
    flag("since-time", None, Kind::Str),
    flag("selector", Some('l'), Kind::Str),
    flag("all-containers", None, Kind::Bool),
    flag("all-pods", None, Kind::Bool),
    flag("prefix", None, Kind::Bool),
    flag("max-log-requests", None, Kind::Int),
    flag("limit-bytes", None, Kind::Int),
    flag("pod-running-timeout", None, Kind::Str),
    flag("ignore-errors", None, Kind::Bool),
    flag("insecure-skip-tls-verify-backend", None, Kind::Bool),
];

const USAGE: &str = "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n";

fn phase_rank(p: &Object) -> i32 {
    match p.str_at("status.phase") {
        Some("Running") => 2,
        Some("Unknown") => 1,
        _ => 0,
    }
}

fn is_ready(p: &Object) -> bool {
    p.at("status.conditions").and_then(Value::as_array).is_some_and(|cs| {
        cs.iter().any(|c| c.str_at("type") == Some("Ready") && c.str_at("status") == Some("True"))
    })
}

fn max_restarts(p: &Object) -> i64 {
    p.at("status.containerStatuses")
        .and_then(Value::as_array)
        .map(|a| a.iter().map(|c| c.i64_at("restartCount").unwrap_or(0)).max().unwrap_or(0))
        .unwrap_or(0)
}

/// kubectl's `ByLogging` order: scheduled, Running, Ready, more restarts, older first.
pub fn pick_pod(mut pods: Vec<Arc<Object>>) -> Option<(Arc<Object>, usize)> {
    let n = pods.len();
    pods.sort_by(|a, b| {
        let key = |p: &Object| {
            (
                std::cmp::Reverse(p.str_at("spec.nodeName").is_some_and(|n| !n.is_empty())),
                std::cmp::Reverse(phase_rank(p)),
                std::cmp::Reverse(is_ready(p)),
                std::cmp::Reverse(max_restarts(p)),
                p.creation_timestamp().map(|t| t.millis()).unwrap_or(i64::MAX),
                p.name().to_string(),
            )
        };
        key(a).cmp(&key(b))
    });
    pods.into_iter().next().map(|p| (p, n))
}

/// Resolves `POD` or `TYPE/NAME` to a pod (a Deployment/ReplicaSet/Service picks one of its pods).
pub fn resolve_pod(
    s: &Session,
    ns: &str,
    arg: &str,
    announce: bool,
    out: &mut Out,
) -> Result<Arc<Object>, CmdError> {
    let (rt, name) = match arg.split_once('/') {
        Some((t, n)) => (resolve_type(t)?, n.to_string()),
        None => (resolve_type("pods")?, arg.to_string()),
    };
    let obj = get(s, rt, ns, &name)?;
    if rt.plural == "pods" {
        return Ok(obj);
    }
    let sel = match rt.plural {
        "services" => {
            obj.at("spec.selector").and_then(Value::as_object).map(kubeplay_model::LabelSelector::from_map)
        }
        "deployments" | "replicasets" | "statefulsets" | "daemonsets" | "jobs" => {
            obj.at("spec.selector").and_then(|v| kubeplay_model::LabelSelector::from_label_selector(v).ok())
        }
        _ => return Err(msg(format!("cannot attach to {}: not implemented", rt.kind))),
    };
    let Some(sel) = sel else {
        return Err(msg(format!("cannot attach to {}: selector is empty", rt.kind)));
    };
    let pods = s.cluster().api().list_selected("pods", Some(ns), &sel);
    let pods: Vec<Arc<Object>> = pods.into_iter().filter(|p| !p.is_deleting()).collect();
    match pick_pod(pods) {
        Some((p, n)) => {
            if announce && n > 1 {
                out.line(&format!("Found {n} pods, using pod/{}", p.name()));
            }
            Ok(p)
        }
        None => Err(msg("timed out waiting for the condition")),
    }
}

/// The container a command targets: `-c`, the default-container annotation, or the first
/// (announcing the choice when there are several).
pub fn pick_container(pod: &Object, explicit: Option<&str>, out: &mut Out) -> Result<String, CmdError> {
    let names: Vec<String> = pod
        .at("spec.containers")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|c| c.str_at("name").map(String::from)).collect())
        .unwrap_or_default();
    if let Some(c) = explicit {
        return Ok(c.to_string());
    }
    if let Some(d) = pod.annotation("kubectl.kubernetes.io/default-container") {
        if names.iter().any(|n| n == d) {
            return Ok(d.to_string());
        }
    }
    let first = names.first().cloned().ok_or_else(|| msg("pod has no containers"))?;
    if names.len() > 1 {
        out.line(&format!("Defaulted container \"{first}\" out of: {}", names.join(", ")));
    }
    Ok(first)
}

fn tail(text: &str, n: Option<i64>) -> String {
    match n {
        Some(n) if n >= 0 => {
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            let start = lines.len().saturating_sub(n as usize);
            lines[start..].concat()
        }
        _ => text.to_string(),
    }
}

pub fn run(s: &mut Session, words: &[String], _ctx: &Ctx, out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("logs", words, FLAGS)?;
    let ns = namespace(s, &p);
    let sel = selector(&p)?;
    let mut pods: Vec<Arc<Object>> = Vec::new();
    let mut default_tail = None;
    if let Some(sel) = &sel {
        if !p.args.is_empty() {
            return Err(msg("only one of selector or pod can be provided"));
        }
        pods = s.cluster().api().list_selected("pods", Some(&ns), sel);
        default_tail = Some(10);
        if pods.is_empty() {
            out.line(&format!("No resources found in {ns} namespace."));
            return Ok(());
        }
    } else {
        match p.args.len() {
            0 => return Err(CmdError::Raw(USAGE.into())),
            1 | 2 => {}
            _ => return Err(CmdError::Raw(USAGE.into())),
        }
        let pod = resolve_pod(s, &ns, &p.args[0], true, out)?;
        pods.push(pod);
    }
    let explicit_c = p.str("container").map(String::from).or_else(|| p.args.get(1).cloned());
    let tail_n = p.int("tail").or(default_tail);
    let previous = p.bool("previous");
    let prefix = p.bool("prefix") || sel.is_some() && p.bool("prefix");
    let mut follows = Vec::new();
    let now = s.now();
    for pod in &pods {
        let containers: Vec<String> = if p.bool("all-containers") {
            pod.at("spec.containers")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|c| c.str_at("name").map(String::from)).collect())
                .unwrap_or_default()
        } else {
            vec![pick_container(pod, explicit_c.as_deref(), out)?]
        };
        for c in containers {
            let valid = pod
                .at("spec.containers")
                .and_then(Value::as_array)
                .is_some_and(|a| a.iter().any(|x| x.str_at("name") == Some(c.as_str())));
            if !valid {
                out.line(&format!("error: container {c} is not valid for pod {}", pod.name()));
                out.failed = true;
                continue;
            }
            match s.cluster().nodes().logs(pod, &c, previous, now) {
                Ok(text) => {
                    let shown = tail(&text, tail_n);
                    let pre = if prefix { format!("[pod/{}/{c}] ", pod.name()) } else { String::new() };
                    for l in shown.split_inclusive('\n') {
                        out.print(&pre);
                        out.print(l);
                    }
                    follows.push(Follow {
                        ns: ns.clone(),
                        pod: pod.name().to_string(),
                        uid: pod.uid().to_string(),
                        container: c.clone(),
                        printed: text.len(),
                        prefix: pre,
                    });
                }
                Err(e) => {
                    out.line(&ApiError::bad_request(e).standard_message());
                    out.failed = true;
                }
            }
        }
    }
    if p.bool("follow") && !follows.is_empty() && !previous {
        let id = s.add_stream(Stream::new(Box::new(FollowPoller { follows })));
        out.stream = Some(id);
        let _ = WaitMode::Stream;
    }
    Ok(())
}

struct Follow {
    ns: String,
    pod: String,
    uid: String,
    container: String,
    printed: usize,
    prefix: String,
}

/// `logs -f`: prints what the container writes; ends when the pod is gone or finished.
struct FollowPoller {
    follows: Vec<Follow>,
}

impl Poller for FollowPoller {
    fn poll(&mut self, c: &Cluster) -> (String, Option<i32>) {
        let mut text = String::new();
        let now = c.now();
        for f in self.follows.iter_mut() {
            let Ok(pod) = c.api().get("pods", &f.ns, &f.pod) else {
                f.printed = usize::MAX;
                continue;
            };
            if pod.uid() != f.uid {
                f.printed = usize::MAX;
                continue;
            }
            if let Ok(all) = c.nodes().logs(&pod, &f.container, false, now) {
                if all.len() < f.printed {
                    // The container restarted: its log starts over.
                    f.printed = 0;
                }
                if let Some(new) = all.get(f.printed..) {
                    for l in new.split_inclusive('\n') {
                        text.push_str(&f.prefix);
                        text.push_str(l);
                    }
                }
                f.printed = all.len();
            }
            if matches!(pod.str_at("status.phase"), Some("Succeeded" | "Failed")) {
                f.printed = usize::MAX;
            }
        }
        let done = self.follows.iter().all(|f| f.printed == usize::MAX);
        (text, if done { Some(0) } else { None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn tail_lines() {
        assert_eq!(tail("a\nb\nc\n", Some(2)), "b\nc\n");
        assert_eq!(tail("a\nb\nc\n", None), "a\nb\nc\n");
        assert_eq!(tail("a\nb\nc\n", Some(0)), "");
    }
}
