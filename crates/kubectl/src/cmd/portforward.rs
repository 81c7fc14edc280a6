//! `kubectl port-forward TYPE/NAME [LOCAL:]REMOTE…`: picks a pod, translates a Service port to
//! the container port, and keeps forwarding until cancelled; `curl localhost:LOCAL` reaches it.

use kubeplay_model::ObjectExt;
use serde_json::Value;

use super::common::*;
use super::logs::resolve_pod;
use super::{parse_flags, Ctx};
use crate::flags::{flag, Flag, Kind};
use crate::session::{Session, WaitMode};
use crate::stream::{Idle, PortForward, Stream};

pub const FLAGS: &[Flag] =
    &[flag("address", None, Kind::Array), flag("pod-running-timeout", None, Kind::Str)];

const USAGE: &str = "error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples\n";

pub fn run(s: &mut Session, words: &[String], ctx: &Ctx, out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("port-forward", words, FLAGS)?;
    if p.args.len() < 2 {
        return Err(CmdError::Raw(USAGE.into()));
    }
    let ns = namespace(s, &p);
    let target = &p.args[0];
    let svc = match target.split_once('/') {
        Some((t, n)) if resolve_type(t)?.plural == "services" => Some(get(s, resolve_type(t)?, &ns, n)?),
        _ => None,
    };
    let pod = resolve_pod(s, &ns, target, false, out)?;
    let mut pairs: Vec<(u16, u16)> = Vec::new();
    for spec in &p.args[1..] {
        let (local, remote) = match spec.split_once(':') {
            Some((l, r)) => (l.to_string(), r.to_string()),
            None => (spec.clone(), spec.clone()),
        };
        let remote_n: u16 = match remote.parse::<u16>() {
            Ok(n) if n > 0 => n,
            _ => {
                // A named container port.
                match find_named_port(&pod, &remote) {
                    Some(n) => n,
                    None => {
                        return Err(msg(format!(
                            "Pod '{}' does not have a named port '{remote}'",
                            pod.name()
                        )))
                    }
                }
            }
        };
        // Through a Service: the service port becomes its targetPort on the pod.
        let pod_port = match &svc {
            Some(svc) => {
                let ports = svc.at("spec.ports").and_then(Value::as_array).cloned().unwrap_or_default();
                let Some(sp) = ports.iter().find(|sp| sp.i64_at("port") == Some(i64::from(remote_n))) else {
                    return Err(msg(format!(
                        "Service {} does not have a service port {remote_n}",
                        svc.name()
                    )));
                };
                match sp.get("targetPort") {
                    Some(Value::Number(n)) => {
                        n.as_u64().and_then(|n| u16::try_from(n).ok()).unwrap_or(remote_n)
                    }
                    Some(Value::String(name)) => find_named_port(&pod, name).ok_or_else(|| {
                        msg(format!("Pod '{}' does not have a named port '{name}'", pod.name()))
                    })?,
                    _ => remote_n,
                }
            }
            None => remote_n,
        };
        let local_n: u16 = if local.is_empty() {
            let r = s.cluster_mut().rng().below(20000);
            40000 + u16::try_from(r).unwrap_or(0)
        } else {
            local.parse().map_err(|_| msg(format!("Error parsing local port '{local}': strconv.ParseUint: parsing \"{local}\": invalid syntax")))?
        };
        pairs.push((local_n, pod_port));
    }
    let phase = pod.str_at("status.phase").unwrap_or("Pending").to_string();
    if phase != "Running" {
        return Err(msg(format!(
            "unable to forward port because pod is not running. Current status={phase}"
        )));
    }
    for (l, r) in &pairs {
        if s.forwards.iter().any(|f| f.local_port == *l) {
            return Err(CmdError::Raw(format!(
                "Unable to listen on port {l}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:{l}: bind: address already in use unable to create listener: Error listen tcp6 [::1]:{l}: bind: address already in use]\nerror: unable to listen on any of the requested ports: [{{{l} {r}}}]\n"
            )));
        }
    }
    for (l, r) in &pairs {
        out.line(&format!("Forwarding from 127.0.0.1:{l} -> {r}"));
        out.line(&format!("Forwarding from [::1]:{l} -> {r}"));
    }
    let foreground = s.mode() == WaitMode::Stream && !ctx.background;
    let id = s.add_stream(Stream::new(Box::new(Idle)));
    for (l, r) in pairs {
        s.forwards.push(PortForward {
            stream: id.0,
            local_port: l,
            namespace: pod.namespace().to_string(),
            pod: pod.name().to_string(),
            pod_port: r,
            to_stream: foreground,
        });
    }
    if foreground {
        out.stream = Some(id);
    }
    Ok(())
}

fn find_named_port(pod: &serde_json::Value, name: &str) -> Option<u16> {
    let cs = pod.at("spec.containers")?.as_array()?;
    for c in cs {
        for p in c.get("ports").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]) {
            if p.str_at("name") == Some(name) {
                return p.i64_at("containerPort").and_then(|n| u16::try_from(n).ok());
            }
        }
    }
    None
}
