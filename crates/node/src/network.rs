//! Cluster networking: CoreDNS (spec §7.4) and kube-proxy (§7.5), and requests that walk
//! DNS → Service → endpoint → pod, recording every hop for the UI.

use std::sync::Arc;

use kubeplay_model::{Object, ObjectExt, ObjectRef, SimRng, SimTime};
use serde_json::Value;

use crate::program::{self, App};
use crate::runtime::PodRuntime;
use crate::store::node_ip;
use crate::{Hop, NetRequest, NetResponse, NetSource, NodeSim, Store};

pub const CLUSTER_DOMAIN: &str = "cluster.local";

/// A backend of a Service as kube-proxy sees it (from EndpointSlices, else Endpoints).
#[derive(Clone, Debug, PartialEq)]
pub struct Backend {
    pub ip: String,
    pub port: i64,
    pub ready: bool,
    pub serving: bool,
    pub terminating: bool,
    pub pod: Option<String>,
}

fn is_ipv4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4 && parts.iter().all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u8>().is_ok())
}

/// Backends of a Service for one Service port name.
pub(crate) fn backends<S: Store + ?Sized>(api: &S, svc: &Object, port_name: &str) -> Vec<Backend> {
    let ns = svc.namespace();
    let slices: Vec<Arc<Object>> = api
        .list("endpointslices", Some(ns))
        .into_iter()
        .filter(|s| s.label("kubernetes.io/service-name") == Some(svc.name()))
        .collect();
    let mut out = Vec::new();
    if !slices.is_empty() {
        for s in slices {
            let port = s
                .get("ports")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .find(|p| p.get("name").and_then(Value::as_str).unwrap_or("") == port_name)
                .and_then(|p| p.get("port").and_then(Value::as_i64));
            let Some(port) = port else { continue };
            for e in s.get("endpoints").and_then(Value::as_array).into_iter().flatten() {
                let Some(ip) = e.at("addresses.0").and_then(Value::as_str) else { continue };
                let cond = |k: &str| e.at(&format!("conditions.{k}")).and_then(Value::as_bool);
                let ready = cond("ready").unwrap_or(true);
                out.push(Backend {
                    ip: ip.to_string(),
                    port,
                    ready,
                    serving: cond("serving").unwrap_or(ready),
                    terminating: cond("terminating").unwrap_or(false),
                    pod: e.at("targetRef.name").and_then(Value::as_str).map(String::from),
                });
            }
        }
        return out;
    }
    if let Some(ep) = api.get("endpoints", ns, svc.name()) {
        for subset in ep.get("subsets").and_then(Value::as_array).into_iter().flatten() {
            let port = subset
                .get("ports")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .find(|p| p.get("name").and_then(Value::as_str).unwrap_or("") == port_name)
                .and_then(|p| p.get("port").and_then(Value::as_i64));
            let Some(port) = port else { continue };
            for (key, ready) in [("addresses", true), ("notReadyAddresses", false)] {
                for a in subset.get(key).and_then(Value::as_array).into_iter().flatten() {
                    out.push(Backend {
                        ip: a.get("ip").and_then(Value::as_str).unwrap_or("").to_string(),
                        port,
                        ready,
                        serving: ready,
                        terminating: false,
                        pod: a.at("targetRef.name").and_then(Value::as_str).map(String::from),
                    });
                }
            }
        }
    }
    out
}

/// Answers one fully-qualified name inside `cluster.local`.
fn lookup_fqdn<S: Store + ?Sized>(fqdn: &str, api: &S) -> Option<(Vec<String>, Option<ObjectRef>)> {
    let name = fqdn.trim_end_matches('.');
    let rest = name.strip_suffix(&format!(".{CLUSTER_DOMAIN}"))?;
    let labels: Vec<&str> = rest.split('.').collect();
    match labels.as_slice() {
        [svc, ns, "svc"] => {
            let s = api.get("services", ns, svc)?;
            let r = Some(ObjectRef::new("services", ns, svc));
            if s.str_at("spec.type") == Some("ExternalName") {
                let target = s.str_at("spec.externalName").unwrap_or("");
                return lookup_fqdn(target, api).map(|(ips, _)| (ips, r));
            }
            let ip = s.str_at("spec.clusterIP").unwrap_or("");
            if ip == "None" {
                let publish = s.bool_at("spec.publishNotReadyAddresses") == Some(true);
                let mut ips: Vec<String> = Vec::new();
                for p in
                    s.at("spec.ports").and_then(Value::as_array).cloned().unwrap_or_else(|| vec![Value::Null])
                {
                    let pn = p.get("name").and_then(Value::as_str).unwrap_or("");
                    for b in backends(api, &s, pn) {
                        if (b.ready || publish) && !ips.contains(&b.ip) {
                            ips.push(b.ip);
                        }
                    }
                }
                if ips.is_empty() {
                    return None;
                }
                return Some((ips, r));
            }
            if ip.is_empty() {
                return None;
            }
            Some((vec![ip.to_string()], r))
        }
        [host, svc, ns, "svc"] => {
            // A pod of a headless Service: by hostname+subdomain, or by dashed IP.
            let dashed = host.replace('-', ".");
            for p in api.list("pods", Some(ns)) {
                let ip = p.str_at("status.podIP").unwrap_or("");
                if ip.is_empty() {
                    continue;
                }
                let by_name =
                    p.str_at("spec.hostname") == Some(host) && p.str_at("spec.subdomain") == Some(svc);
                if by_name || (is_ipv4(&dashed) && ip == dashed) {
                    return Some((vec![ip.to_string()], Some(ObjectRef::new("pods", ns, p.name()))));
                }
            }
            None
        }
        [ip, _ns, "pod"] => {
            let dotted = ip.replace('-', ".");
            is_ipv4(&dotted).then(|| (vec![dotted], None))
        }
        _ => None,
    }
}

/// The names the resolver tries for `name` (search path, `ndots:5`).
pub fn search_candidates(name: &str, ns: &str) -> Vec<String> {
    if name.ends_with('.') {
        return vec![name.to_string()];
    }
    let search =
        [format!("{ns}.svc.{CLUSTER_DOMAIN}"), format!("svc.{CLUSTER_DOMAIN}"), CLUSTER_DOMAIN.to_string()];
    let mut out: Vec<String> = Vec::new();
    let dots = name.matches('.').count();
    if dots >= 5 {
        out.push(name.to_string());
    }
    for s in &search {
        out.push(format!("{name}.{s}"));
    }
    if dots < 5 {
        out.push(name.to_string());
    }
    out
}

/// Resolves with the search path: (fqdn that answered, IPs, object).
pub(crate) fn resolve_full<S: Store + ?Sized>(
    name: &str,
    ns: &str,
    api: &S,
) -> Option<(String, Vec<String>, Option<ObjectRef>)> {
    if is_ipv4(name) {
        return Some((name.to_string(), vec![name.to_string()], None));
    }
    if name == "localhost" {
        return Some((name.to_string(), vec!["127.0.0.1".into()], None));
    }
    for cand in search_candidates(&name.to_lowercase(), ns) {
        if let Some((ips, r)) = lookup_fqdn(&cand, api) {
            return Some((cand.trim_end_matches('.').to_string(), ips, r));
        }
    }
    None
}

pub fn resolve<S: Store + ?Sized>(name: &str, from_namespace: &str, api: &S) -> Result<Vec<String>, String> {
    resolve_full(name, from_namespace, api)
        .map(|(_, ips, _)| ips)
        .ok_or_else(|| format!("server can't find {name}: NXDOMAIN"))
}

struct Url {
    host: String,
    port: u16,
    path: String,
}

fn parse_url(url: &str) -> Option<Url> {
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) => (s.to_lowercase(), r),
        None => ("http".to_string(), url),
    };
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    };
    let default = if scheme == "https" { 443 } else { 80 };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h, p.parse().ok()?),
        None => (hostport, default),
    };
    if host.is_empty() {
        return None;
    }
    Some(Url { host: host.to_string(), port, path })
}

fn refused(host: &str, port: u16) -> String {
    format!("curl: (7) Failed to connect to {host} port {port} after 0 ms: Connection refused")
}

fn timed_out(ms: i64) -> String {
    format!("curl: (28) Connection timed out after {} milliseconds", ms.max(1) + 1)
}

fn fail(path: Vec<Hop>, err: String) -> NetResponse {
    NetResponse {
        ok: false,
        status: 0,
        body: String::new(),
        error: Some(err),
        path,
        pod: None,
        headers: vec![],
    }
}

fn pod_by_ip<S: Store + ?Sized>(api: &S, ip: &str) -> Option<Arc<Object>> {
    api.list("pods", None).into_iter().find(|p| {
        p.str_at("status.podIP") == Some(ip)
            && p.bool_at("spec.hostNetwork") != Some(true)
            && !matches!(p.str_at("status.phase"), Some("Succeeded") | Some("Failed"))
    })
}

fn nginx_time(now: SimTime) -> String {
    // 01/Mar/2025:10:00:12 +0000
    let r = now.to_rfc1123z();
    format!("{}/{}/{}:{} +0000", &r[5..7], &r[8..11], &r[12..16], &r[17..25])
}

/// Delivers a request to a pod's port: the process listening there answers.
#[allow(clippy::too_many_arguments)]
fn deliver<S: Store + ?Sized>(
    sim: &mut NodeSim,
    api: &S,
    pod: &Object,
    port: u16,
    req: &NetRequest,
    payload: &Payload,
    url: &Url,
    client_ip: &str,
    mut path: Vec<Hop>,
    now: SimTime,
) -> NetResponse {
    let _ = api;
    // A failed node drops everything sent to its pods.
    if pod.str_at("spec.nodeName").is_some_and(|n| sim.nodes.get(n).is_some_and(|n| n.failed)) {
        path.push(pod_hop(pod, port));
        return fail(path, timed_out(req.timeout_ms));
    }
    answer(sim.pods.get_mut(pod.uid()), pod, port, req, payload, url, client_ip, path, now)
}

fn pod_hop(pod: &Object, port: u16) -> Hop {
    Hop {
        kind: "pod",
        detail: format!("{}:{port}", pod.name()),
        object: Some(ObjectRef::new("pods", pod.namespace(), pod.name())),
    }
}

/// The container of the pod listening on `port` answers (and writes its access log line).
#[allow(clippy::too_many_arguments)]
fn answer(
    rt: Option<&mut PodRuntime>,
    pod: &Object,
    port: u16,
    req: &NetRequest,
    payload: &Payload,
    url: &Url,
    client_ip: &str,
    mut path: Vec<Hop>,
    now: SimTime,
) -> NetResponse {
    path.push(pod_hop(pod, port));
    let pref = ObjectRef::new("pods", pod.namespace(), pod.name());
    let Some(rt) = rt else {
        return fail(path, refused(&url.host, url.port));
    };
    let pod_ip = rt.pod_ip.clone();
    let Some(run) = rt
        .ctrs
        .iter_mut()
        .filter(|c| c.is_running())
        .filter_map(|c| c.run.as_mut())
        .find(|r| r.listens(port).is_some())
    else {
        return fail(path, refused(&url.host, url.port));
    };
    let app = run.listens(port).cloned().unwrap_or(App::Tcp);
    let connected = |body: String, path: Vec<Hop>| NetResponse {
        ok: true,
        status: 0,
        body,
        error: None,
        path,
        pod: Some(pref.clone()),
        headers: vec![],
    };
    match payload {
        Payload::Connect => return connected(String::new(), path),
        Payload::Redis(argv) if app == App::Redis => {
            return connected(program::redis_reply(&mut run.redis, argv), path);
        }
        // A client speaking RESP to something else reads the first byte of its answer.
        Payload::Redis(_) if app == App::Tcp => return connected(String::new(), path),
        Payload::Redis(_) => {
            return connected("Error: Protocol error, got \"H\" as reply type byte\n".into(), path);
        }
        Payload::Http => {}
    }
    // Redis closes connections that send HTTP headers; the others do not speak HTTP.
    if matches!(app, App::Tcp | App::Redis) {
        return fail(path, "curl: (52) Empty reply from server".into());
    }
    let hostname = crate::env::hostname_from_env(&run.env);
    let host_header = if url.port == 80 { url.host.clone() } else { format!("{}:{}", url.host, url.port) };
    let ctx = program::HttpCtx {
        hostname: &hostname,
        pod_ip: &pod_ip,
        client_ip,
        client_port: (now.millis() % 20_000) as u16,
        method: &req.method,
        host: &host_header,
        user_agent: "curl/8.5.0",
    };
    let (status, mut body) = program::http(&app, &url.path, &ctx);
    let headers = program::http_headers(&app, status, body.len(), now);
    if req.method == "HEAD" {
        body.clear();
    }
    let line = match app {
        App::Nginx(_) => Some(format!(
            "{client_ip} - - [{}] \"{} {} HTTP/1.1\" {status} {} \"-\" \"curl/8.5.0\" \"-\"",
            nginx_time(now),
            req.method,
            url.path,
            body.len()
        )),
        App::Httpd => Some(format!(
            "{client_ip} - - [{}] \"{} {} HTTP/1.1\" {status} {}",
            nginx_time(now),
            req.method,
            url.path,
            body.len()
        )),
        _ => None,
    };
    if let Some(l) = line {
        run.extra.push((now, l));
    }
    NetResponse { ok: true, status, body, error: None, path, pod: Some(pref), headers }
}

/// `127.0.0.0/8` inside a pod is the pod's own network namespace: its containers' servers.
fn is_loopback(ip: &str) -> bool {
    ip.starts_with("127.")
}

/// A request to localhost from inside a pod: the pod's own containers answer, with 127.0.0.1 as
/// the client address (a hostNetwork pod's localhost is the node, where nothing of ours listens).
#[allow(clippy::too_many_arguments)]
fn loopback<S: Store + ?Sized>(
    sim: &mut NodeSim,
    api: &S,
    req: &NetRequest,
    payload: &Payload,
    url: &Url,
    path: Vec<Hop>,
    now: SimTime,
    starting: Option<Starting>,
) -> NetResponse {
    let NetSource::Pod { namespace, name } = &req.source else {
        return fail(path, refused(&url.host, url.port));
    };
    let Some(pod) = api.get("pods", namespace, name) else {
        return fail(path, refused(&url.host, url.port));
    };
    if pod.bool_at("spec.hostNetwork") == Some(true) {
        return fail(path, refused(&url.host, url.port));
    }
    let rt = match starting {
        Some(s) => Some(s.pod),
        None => sim.pods.get_mut(pod.uid()),
    };
    answer(rt, &pod, url.port, req, payload, url, "127.0.0.1", path, now)
}

fn service_by_cluster_ip<S: Store + ?Sized>(api: &S, ip: &str) -> Option<Arc<Object>> {
    api.list("services", None).into_iter().find(|s| s.str_at("spec.clusterIP") == Some(ip))
}

/// kube-proxy: picks a backend for a Service port and forwards.
fn via_service<S: Store + ?Sized>(
    sim: &mut NodeSim,
    api: &S,
    svc: &Object,
    sport: &Value,
    req: &NetRequest,
    payload: &Payload,
    url: &Url,
    client_ip: &str,
    mut path: Vec<Hop>,
    now: SimTime,
    rng: &mut SimRng,
) -> NetResponse {
    let sref = ObjectRef::new("services", svc.namespace(), svc.name());
    let pname = sport.get("name").and_then(Value::as_str).unwrap_or("");
    let port = sport.get("port").and_then(Value::as_i64).unwrap_or(0);
    let target =
        sport.get("targetPort").map(|t| t.to_string().trim_matches('"').to_string()).unwrap_or_default();
    path.push(Hop {
        kind: "service",
        detail: format!("{}:{port} → targetPort {target}", svc.name()),
        object: Some(sref),
    });
    let all = backends(api, svc, pname);
    let mut usable: Vec<&Backend> = all.iter().filter(|b| b.ready).collect();
    if usable.is_empty() {
        usable = all.iter().filter(|b| b.serving && b.terminating).collect();
    }
    if usable.is_empty() {
        return fail(path, refused(&url.host, url.port));
    }
    let affinity = svc.str_at("spec.sessionAffinity") == Some("ClientIP");
    let timeout_s = svc.i64_at("spec.sessionAffinityConfig.clientIP.timeoutSeconds").unwrap_or(10_800);
    let key = (svc.uid().to_string(), client_ip.to_string());
    let sticky = if affinity {
        sim.affinity
            .get(&key)
            .filter(|(_, last)| now.millis() - last.millis() <= timeout_s * 1000)
            .and_then(|(ip, _)| usable.iter().position(|b| &b.ip == ip))
    } else {
        None
    };
    let idx = sticky.unwrap_or_else(|| rng.below(usable.len() as u64) as usize);
    let b = usable[idx].clone();
    if affinity {
        sim.affinity.insert(key, (b.ip.clone(), now));
    }
    let Some(pod) = pod_by_ip(api, &b.ip) else {
        path.push(Hop { kind: "endpoint", detail: format!("{}:{}", b.ip, b.port), object: None });
        return fail(path, timed_out(req.timeout_ms));
    };
    path.push(Hop {
        kind: "endpoint",
        detail: format!("{}:{}", b.ip, b.port),
        object: Some(ObjectRef::new("pods", pod.namespace(), pod.name())),
    });
    deliver(sim, api, &pod, u16::try_from(b.port).unwrap_or(0), req, payload, url, client_ip, path, now)
}

pub fn request<S: Store + ?Sized>(
    sim: &mut NodeSim,
    req: &NetRequest,
    api: &S,
    now: SimTime,
    rng: &mut SimRng,
) -> NetResponse {
    request_as(sim, req, &Payload::Http, api, now, rng, None)
}

/// What a client sends once connected: an HTTP request (`req.method`, the URL's path), a Redis
/// command (redis-cli), or nothing (`nc -z`: only whether something listens).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Payload {
    Http,
    Redis(Vec<String>),
    Connect,
}

/// A container's own command making a request as it starts: its pod may not have its IP in the
/// store yet, and the kubelet holds the pod's runtime state (localhost reaches it) meanwhile.
pub(crate) struct Starting<'r> {
    pub ip: &'r str,
    pub node: &'r str,
    pub pod: &'r mut PodRuntime,
}

/// A request from `req.source`; `starting` when it comes from a container being started.
pub(crate) fn request_as<S: Store + ?Sized>(
    sim: &mut NodeSim,
    req: &NetRequest,
    payload: &Payload,
    api: &S,
    now: SimTime,
    rng: &mut SimRng,
    starting: Option<Starting>,
) -> NetResponse {
    let Some(url) = parse_url(&req.url) else {
        return fail(vec![], "curl: (3) URL rejected: Malformed input to a URL function".to_string());
    };
    let mut path = Vec::new();
    let (client_ip, client_node, ns) = match &req.source {
        NetSource::Pod { namespace, .. } if starting.is_some() => {
            let (ip, node) = starting.as_ref().map(|s| (s.ip, s.node)).unwrap_or_default();
            (ip.to_string(), node.to_string(), namespace.clone())
        }
        NetSource::Pod { namespace, name } => {
            let p = api.get("pods", namespace, name);
            let ip = p.as_ref().and_then(|p| p.str_at("status.podIP").map(String::from)).unwrap_or_default();
            let node =
                p.as_ref().and_then(|p| p.str_at("spec.nodeName").map(String::from)).unwrap_or_default();
            (ip, node, namespace.clone())
        }
        NetSource::External => ("172.18.0.1".to_string(), String::new(), String::new()),
    };
    let ip = if is_ipv4(&url.host) {
        url.host.clone()
    } else if matches!(req.source, NetSource::External) {
        return fail(path, format!("curl: (6) Could not resolve host: {}", url.host));
    } else {
        match resolve_full(&url.host, &ns, api) {
            Some((fqdn, ips, obj)) => {
                let pick = ips.get(rng.below(ips.len().max(1) as u64) as usize).cloned().unwrap_or_default();
                path.push(Hop {
                    kind: "dns",
                    detail: format!("{} → {fqdn} → {pick}", url.host),
                    object: obj,
                });
                pick
            }
            None => return fail(path, format!("curl: (6) Could not resolve host: {}", url.host)),
        }
    };
    if is_loopback(&ip) {
        return loopback(sim, api, req, payload, &url, path, now, starting);
    }
    // A Service's ClusterIP.
    if let Some(svc) = service_by_cluster_ip(api, &ip) {
        let sport = svc
            .at("spec.ports")
            .and_then(Value::as_array)
            .and_then(|a| {
                a.iter().find(|p| {
                    p.get("port").and_then(Value::as_i64) == Some(i64::from(url.port))
                        && p.get("protocol").and_then(Value::as_str).unwrap_or("TCP") == "TCP"
                })
            })
            .cloned();
        return match sport {
            Some(sp) => via_service(sim, api, &svc, &sp, req, payload, &url, &client_ip, path, now, rng),
            None => {
                path.push(Hop {
                    kind: "service",
                    detail: format!("{}: no port {}", svc.name(), url.port),
                    object: Some(ObjectRef::new("services", svc.namespace(), svc.name())),
                });
                fail(path, timed_out(req.timeout_ms))
            }
        };
    }
    // A node's IP: hostPort / hostNetwork pods first, then NodePorts.
    if let Some(node) = api.list("nodes", None).into_iter().find(|n| node_ip(n) == ip) {
        for p in api.list("pods", None) {
            if p.str_at("spec.nodeName") != Some(node.name()) || p.is_deleting() {
                continue;
            }
            let host_net = p.bool_at("spec.hostNetwork") == Some(true);
            let target = p
                .at("spec.containers")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .flat_map(|c| c.get("ports").and_then(Value::as_array).cloned().unwrap_or_default())
                .find_map(|port| {
                    let cp = port.get("containerPort").and_then(Value::as_i64)?;
                    let hp = port.get("hostPort").and_then(Value::as_i64).or(host_net.then_some(cp))?;
                    (hp == i64::from(url.port)).then_some(cp)
                });
            if let Some(cp) = target {
                path.push(Hop {
                    kind: "nodeport",
                    detail: format!("{ip}:{} hostPort → {}:{cp}", url.port, p.name()),
                    object: Some(ObjectRef::new("nodes", "", node.name())),
                });
                return deliver(
                    sim,
                    api,
                    &p,
                    u16::try_from(cp).unwrap_or(0),
                    req,
                    payload,
                    &url,
                    &client_ip,
                    path,
                    now,
                );
            }
        }
        let found = api.list("services", None).into_iter().find_map(|s| {
            let t = s.str_at("spec.type").unwrap_or("ClusterIP");
            if t != "NodePort" && t != "LoadBalancer" {
                return None;
            }
            let sp = s
                .at("spec.ports")
                .and_then(Value::as_array)?
                .iter()
                .find(|p| p.get("nodePort").and_then(Value::as_i64) == Some(i64::from(url.port)))?;
            Some((s.clone(), sp.clone()))
        });
        let nref = ObjectRef::new("nodes", "", node.name());
        return match found {
            Some((svc, sp)) => {
                path.push(Hop {
                    kind: "nodeport",
                    detail: format!("{ip}:{} ({})", url.port, node.name()),
                    object: Some(nref),
                });
                // externalTrafficPolicy Cluster: the source is masqueraded to the node.
                let src = if client_node == node.name() {
                    client_ip.clone()
                } else {
                    node.str_at("spec.podCIDR").map_or(ip.clone(), |c| c.replace(".0/24", ".1"))
                };
                via_service(sim, api, &svc, &sp, req, payload, &url, &src, path, now, rng)
            }
            None => {
                path.push(Hop {
                    kind: "nodeport",
                    detail: format!("{ip}:{} ({}): nothing listening", url.port, node.name()),
                    object: Some(nref),
                });
                fail(path, refused(&url.host, url.port))
            }
        };
    }
    if let Some(pod) = pod_by_ip(api, &ip) {
        return deliver(sim, api, &pod, url.port, req, payload, &url, &client_ip, path, now);
    }
    fail(path, timed_out(req.timeout_ms))
}
