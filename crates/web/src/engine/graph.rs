//! The graph view model and its layout (stand-in for `kubeplay_view::build_graph` / `GraphModel`).
//! Columns: Deployments | ReplicaSets | Pods | Services | ConfigMaps & Secrets. One band per
//! Deployment, old and new ReplicaSets side by side within the band, stable ordering by name and
//! revision so nodes do not jump between frames.

use super::standin::{pod_ready, pod_status, Session};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Ok,
    Progress,
    Warn,
    Error,
    Muted,
}

impl Tone {
    pub fn class(self) -> &'static str {
        match self {
            Tone::Ok => "ok",
            Tone::Progress => "progress",
            Tone::Warn => "warn",
            Tone::Error => "error",
            Tone::Muted => "muted",
        }
    }
    /// A glyph so status never relies on colour alone.
    pub fn glyph(self) -> &'static str {
        match self {
            Tone::Ok => "✓",
            Tone::Progress => "◔",
            Tone::Warn => "!",
            Tone::Error => "✕",
            Tone::Muted => "·",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct GraphNode {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub namespace: String,
    /// Pods: the STATUS column text; others: a short status word.
    pub status: String,
    pub detail: String,
    pub tone: Tone,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// Collapsed pod group: how many pods it stands for.
    pub count: Option<usize>,
    pub group_of: Option<String>,
    pub revision: Option<i64>,
    /// Deployment progress: (updated, available, desired).
    pub progress: Option<(i64, i64, i64)>,
    /// Service with no ready endpoints.
    pub flagged: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    Owns,
    Selects { ready: bool },
    Config,
    Env,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GraphEdge {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
    pub label: String,
    pub path: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub title: &'static str,
    pub x: f64,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct GraphModel {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    pub lanes: Vec<Lane>,
    pub width: f64,
    pub height: f64,
}

pub const GROUP_THRESHOLD: usize = 12;
const COL: [f64; 5] = [8.0, 166.0, 326.0, 512.0, 682.0];
const POD_H: f64 = 42.0;
const ROW: f64 = 48.0;

fn st(v: &Value, p: &str) -> String {
    v.pointer(p).and_then(Value::as_str).unwrap_or_default().to_string()
}
fn int(v: &Value, p: &str) -> i64 {
    v.pointer(p).and_then(Value::as_i64).unwrap_or(0)
}

pub fn node_id(kind: &str, ns: &str, name: &str) -> String {
    format!("{kind}/{ns}/{name}")
}

pub fn pod_tone(status: &str, ready: bool) -> Tone {
    match status {
        "Running" if ready => Tone::Ok,
        "Running" => Tone::Warn,
        "Pending" | "ContainerCreating" | "PodInitializing" => Tone::Progress,
        "Terminating" | "Completed" => Tone::Muted,
        _ => Tone::Error,
    }
}

fn labels_match(sel: &Value, labels: &Value) -> bool {
    match sel.as_object() {
        Some(m) if !m.is_empty() => m.iter().all(|(k, v)| labels.get(k) == Some(v)),
        _ => false,
    }
}

pub fn build(sim: &Session, ns: &str, expanded: &BTreeSet<String>) -> GraphModel {
    let mut g = GraphModel {
        lanes: vec![
            Lane { title: "Deployments", x: COL[0] },
            Lane { title: "ReplicaSets", x: COL[1] },
            Lane { title: "Pods", x: COL[2] },
            Lane { title: "Services", x: COL[3] },
            Lane { title: "Config", x: COL[4] },
        ],
        ..Default::default()
    };
    let mut y = 34.0;
    let pods = sim.list("Pod", Some(ns));
    // pod uid → node id it is drawn as (itself or its group)
    let mut drawn: BTreeMap<String, (String, f64)> = BTreeMap::new();
    let place_pods = |g: &mut GraphModel,
                      owner_id: &str,
                      list: Vec<&Value>,
                      y0: f64,
                      drawn: &mut BTreeMap<String, (String, f64)>|
     -> f64 {
        if list.len() > GROUP_THRESHOLD && !expanded.contains(owner_id) {
            let gid = format!("group:{owner_id}");
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for p in &list {
                *counts.entry(pod_status(p)).or_default() += 1;
            }
            let worst = list
                .iter()
                .map(|p| pod_tone(&pod_status(p), pod_ready(p)))
                .max_by_key(|t| *t as u8)
                .unwrap_or(Tone::Ok);
            let summary = counts.iter().map(|(k, v)| format!("{v} {k}")).collect::<Vec<_>>().join(", ");
            g.nodes.push(GraphNode {
                id: gid.clone(),
                kind: "PodGroup".into(),
                name: format!("{} pods", list.len()),
                namespace: ns.into(),
                status: summary.clone(),
                detail: summary,
                tone: worst,
                x: COL[2],
                y: y0,
                w: 166.0,
                h: POD_H + 8.0,
                count: Some(list.len()),
                group_of: Some(owner_id.into()),
                revision: None,
                progress: None,
                flagged: false,
            });
            for p in &list {
                drawn.insert(st(p, "/metadata/uid"), (gid.clone(), y0 + (POD_H + 8.0) / 2.0));
            }
            return ROW + 8.0;
        }
        let mut h = 0.0;
        for p in list {
            let name = st(p, "/metadata/name");
            let status = pod_status(p);
            let ready = pod_ready(p);
            let id = node_id("Pod", ns, &name);
            let restarts = int(p, "/status/containerStatuses/0/restartCount");
            let node = st(p, "/spec/nodeName");
            let mut detail = if ready { "ready".to_string() } else { "not ready".to_string() };
            if restarts > 0 {
                detail.push_str(&format!(" · {restarts} restarts"));
            }
            if !node.is_empty() {
                detail.push_str(&format!(" · {}", node.trim_start_matches("kubeplay-")));
            }
            g.nodes.push(GraphNode {
                id: id.clone(),
                kind: "Pod".into(),
                name,
                namespace: ns.into(),
                tone: pod_tone(&status, ready),
                status,
                detail,
                x: COL[2],
                y: y0 + h,
                w: 166.0,
                h: POD_H,
                count: None,
                group_of: None,
                revision: None,
                progress: None,
                flagged: false,
            });
            drawn.insert(st(p, "/metadata/uid"), (id, y0 + h + POD_H / 2.0));
            h += ROW;
        }
        h.max(ROW)
    };

    let deps = sim.list("Deployment", Some(ns));
    let rss = sim.list("ReplicaSet", Some(ns));
    for d in &deps {
        let dname = st(d, "/metadata/name");
        let duid = st(d, "/metadata/uid");
        let did = node_id("Deployment", ns, &dname);
        let desired = int(d, "/spec/replicas");
        let updated = int(d, "/status/updatedReplicas");
        let avail = int(d, "/status/availableReplicas");
        let band_top = y;
        let mut mine: Vec<&Value> =
            rss.iter().copied().filter(|r| st(r, "/metadata/ownerReferences/0/uid") == duid).collect();
        let rev = |r: &Value| {
            st(r, "/metadata/annotations/deployment.kubernetes.io~1revision").parse::<i64>().unwrap_or(0)
        };
        mine.sort_by_key(|r| std::cmp::Reverse(rev(r)));
        // newest first; keep every RS with pods plus at most one empty old one (for rollback context)
        let mut shown = Vec::new();
        let mut empties = 0;
        for (idx, r) in mine.iter().enumerate() {
            let has = int(r, "/spec/replicas") > 0
                || pods.iter().any(|p| st(p, "/metadata/ownerReferences/0/uid") == st(r, "/metadata/uid"));
            if idx == 0 || has || empties < 1 {
                if !has && idx > 0 {
                    empties += 1;
                }
                shown.push(*r);
            }
        }
        let newest = shown.first().map(|r| rev(r)).unwrap_or(0);
        for r in &shown {
            let rname = st(r, "/metadata/name");
            let rid = node_id("ReplicaSet", ns, &rname);
            let ruid = st(r, "/metadata/uid");
            let mut mypods: Vec<&Value> =
                pods.iter().copied().filter(|p| st(p, "/metadata/ownerReferences/0/uid") == ruid).collect();
            mypods.sort_by_key(|p| (int(p, "/metadata/creationTimestamp"), st(p, "/metadata/name")));
            let want = int(r, "/spec/replicas");
            let ready = int(r, "/status/readyReplicas");
            let rv = rev(r);
            let is_new = rv == newest;
            let h = place_pods(&mut g, &rid, mypods.clone(), y, &mut drawn);
            g.nodes.push(GraphNode {
                id: rid.clone(),
                kind: "ReplicaSet".into(),
                name: rname,
                namespace: ns.into(),
                status: format!("{ready}/{want} ready"),
                detail: format!("rev {rv} · {}", if is_new { "new" } else { "old" }),
                tone: if want == 0 {
                    Tone::Muted
                } else if ready >= want {
                    Tone::Ok
                } else {
                    Tone::Progress
                },
                x: COL[1],
                y,
                w: 148.0,
                h: 46.0,
                count: Some(mypods.len()),
                group_of: None,
                revision: Some(rv),
                progress: None,
                flagged: false,
            });
            g.edges.push(GraphEdge {
                from: did.clone(),
                to: rid.clone(),
                kind: EdgeKind::Owns,
                label: String::new(),
                path: String::new(),
            });
            let mut seen = BTreeSet::new();
            for p in &mypods {
                if let Some((pid, _)) = drawn.get(&st(p, "/metadata/uid")) {
                    if seen.insert(pid.clone()) {
                        g.edges.push(GraphEdge {
                            from: rid.clone(),
                            to: pid.clone(),
                            kind: EdgeKind::Owns,
                            label: String::new(),
                            path: String::new(),
                        });
                    }
                }
            }
            y += h.max(54.0) + 6.0;
        }
        if shown.is_empty() {
            y += 60.0;
        }
        let done = updated >= desired && avail >= desired && int(d, "/status/replicas") == desired;
        g.nodes.push(GraphNode {
            id: did,
            kind: "Deployment".into(),
            name: dname,
            namespace: ns.into(),
            status: format!("{avail}/{desired} available"),
            detail: if done { "rolled out".into() } else { format!("{updated}/{desired} updated") },
            tone: if done {
                Tone::Ok
            } else if avail < desired && updated >= desired {
                Tone::Warn
            } else {
                Tone::Progress
            },
            x: COL[0],
            y: band_top,
            w: 148.0,
            h: 58.0,
            count: None,
            group_of: None,
            revision: Some(newest),
            progress: Some((updated, avail, desired)),
            flagged: false,
        });
        y += 14.0;
    }
    // Standalone pods and pods of ReplicaSets without a Deployment.
    let orphans: Vec<&Value> =
        pods.iter().copied().filter(|p| !drawn.contains_key(&st(p, "/metadata/uid"))).collect();
    if !orphans.is_empty() {
        let h = place_pods(&mut g, &format!("orphans/{ns}"), orphans, y, &mut drawn);
        y += h + 10.0;
    }
    let content_bottom = y;

    // Services: near the pods they select.
    let mut next_free = 34.0;
    let pod_nodes: BTreeMap<String, (String, f64)> = drawn.clone();
    for svc in sim.list("Service", Some(ns)) {
        let name = st(svc, "/metadata/name");
        if name == "kubernetes" {
            continue;
        }
        let sid = node_id("Service", ns, &name);
        let sel = svc.pointer("/spec/selector").cloned().unwrap_or(Value::Null);
        let mut ys = Vec::new();
        let mut ready_n = 0;
        let mut total = 0;
        let mut edges_seen = BTreeSet::new();
        for p in &pods {
            if !labels_match(&sel, p.pointer("/metadata/labels").unwrap_or(&Value::Null))
                || p.pointer("/metadata/deletionTimestamp").is_some()
            {
                continue;
            }
            let ready = pod_ready(p);
            total += 1;
            if ready {
                ready_n += 1;
            }
            if let Some((pid, py)) = pod_nodes.get(&st(p, "/metadata/uid")) {
                ys.push(*py);
                if edges_seen.insert((pid.clone(), ready)) {
                    g.edges.push(GraphEdge {
                        from: pid.clone(),
                        to: sid.clone(),
                        kind: EdgeKind::Selects { ready },
                        label: if ready { String::new() } else { "not ready".into() },
                        path: String::new(),
                    });
                }
            }
        }
        let want = if ys.is_empty() { next_free } else { ys.iter().sum::<f64>() / ys.len() as f64 - 25.0 };
        let sy = want.max(next_free);
        next_free = sy + 62.0;
        let ports = svc.pointer("/spec/ports/0/port").map(|p| p.to_string()).unwrap_or_default();
        g.nodes.push(GraphNode {
            id: sid,
            kind: "Service".into(),
            name,
            namespace: ns.into(),
            status: match ready_n {
                0 => "no endpoints".into(),
                1 => "1 endpoint".into(),
                n => format!("{n} endpoints"),
            },
            detail: format!(
                "{} :{ports}{}",
                st(svc, "/spec/clusterIP"),
                if total > ready_n { format!(" · {} not ready", total - ready_n) } else { String::new() }
            ),
            tone: if ready_n == 0 {
                Tone::Error
            } else if total > ready_n {
                Tone::Warn
            } else {
                Tone::Ok
            },
            x: COL[3],
            y: sy,
            w: 150.0,
            h: 50.0,
            count: None,
            group_of: None,
            revision: None,
            progress: None,
            flagged: ready_n == 0,
        });
    }
    // Env-inferred Pod → Service edges (REDIS_HOST=redis).
    let svc_names: BTreeSet<String> =
        g.nodes.iter().filter(|n| n.kind == "Service").map(|n| n.name.clone()).collect();
    for p in &pods {
        let Some((pid, _)) = pod_nodes.get(&st(p, "/metadata/uid")) else { continue };
        for e in p.pointer("/spec/containers/0/env").and_then(Value::as_array).into_iter().flatten() {
            let val = e.get("value").and_then(Value::as_str).unwrap_or_default();
            let host =
                val.split([':', '/']).find(|x| !x.is_empty() && !x.starts_with("http")).unwrap_or_default();
            let host = host.split('.').next().unwrap_or_default();
            if svc_names.contains(host) {
                let to = node_id("Service", ns, host);
                // One label per target keeps the graph readable.
                let label = if g.edges.iter().any(|x| x.to == to && x.kind == EdgeKind::Env) {
                    String::new()
                } else {
                    st(e, "/name")
                };
                let edge =
                    GraphEdge { from: pid.clone(), to, kind: EdgeKind::Env, label, path: String::new() };
                if !g.edges.iter().any(|x| x.from == edge.from && x.to == edge.to && x.kind == EdgeKind::Env)
                {
                    g.edges.push(edge);
                }
            }
        }
    }
    // ConfigMaps and Secrets.
    let mut next_free = 34.0;
    for kind in ["ConfigMap", "Secret"] {
        for o in sim.list(kind, Some(ns)) {
            let name = st(o, "/metadata/name");
            if name == "kube-root-ca.crt" {
                continue;
            }
            let cid = node_id(kind, ns, &name);
            let mut ys = Vec::new();
            let mut seen = BTreeSet::new();
            for p in &pods {
                let text =
                    serde_json::to_string(p.pointer("/spec").unwrap_or(&Value::Null)).unwrap_or_default();
                let key = if kind == "ConfigMap" { "configMap" } else { "secret" };
                let refd = text.contains(&format!("\"{key}KeyRef\":{{\"key\""))
                    && text.contains(&format!("\"name\":\"{name}\""))
                    || text.contains(&format!("\"{key}Ref\":{{\"name\":\"{name}\""))
                    || text.contains(&format!("\"{key}\":{{\"name\":\"{name}\""))
                    || text.contains(&format!("\"secretName\":\"{name}\""));
                if refd {
                    if let Some((pid, py)) = pod_nodes.get(&st(p, "/metadata/uid")) {
                        ys.push(*py);
                        if seen.insert(pid.clone()) {
                            g.edges.push(GraphEdge {
                                from: pid.clone(),
                                to: cid.clone(),
                                kind: EdgeKind::Config,
                                label: String::new(),
                                path: String::new(),
                            });
                        }
                    }
                }
            }
            let want =
                if ys.is_empty() { next_free } else { ys.iter().sum::<f64>() / ys.len() as f64 - 17.0 };
            let cy = want.max(next_free);
            next_free = cy + 52.0;
            let keys = o.get("data").and_then(Value::as_object).map(|m| m.len()).unwrap_or(0);
            g.nodes.push(GraphNode {
                id: cid,
                kind: kind.into(),
                name,
                namespace: ns.into(),
                status: format!("{keys} keys"),
                detail: String::new(),
                tone: Tone::Muted,
                x: COL[4],
                y: cy,
                w: 124.0,
                h: 44.0,
                count: None,
                group_of: None,
                revision: None,
                progress: None,
                flagged: false,
            });
        }
    }
    // Route edges once every node has its place.
    let pos: BTreeMap<&str, (f64, f64, f64, f64)> =
        g.nodes.iter().map(|n| (n.id.as_str(), (n.x, n.y, n.w, n.h))).collect();
    for e in g.edges.iter_mut() {
        if let (Some(a), Some(b)) = (pos.get(e.from.as_str()), pos.get(e.to.as_str())) {
            let (x1, y1) = (a.0 + a.2, a.1 + a.3 / 2.0);
            let (x2, y2) = (b.0, b.1 + b.3 / 2.0);
            let dx = ((x2 - x1) / 2.0).max(20.0);
            e.path =
                format!("M{x1:.1},{y1:.1} C{:.1},{y1:.1} {:.1},{y2:.1} {x2:.1},{y2:.1}", x1 + dx, x2 - dx);
        }
    }
    g.edges.retain(|e| !e.path.is_empty());
    let max_y = g.nodes.iter().map(|n| n.y + n.h).fold(content_bottom, f64::max);
    let has_config = g.nodes.iter().any(|n| matches!(n.kind.as_str(), "ConfigMap" | "Secret"));
    if !has_config {
        g.lanes.pop();
    }
    g.width = if has_config { COL[4] + 132.0 } else { COL[3] + 160.0 };
    g.height = (max_y + 20.0).max(200.0);
    g
}
