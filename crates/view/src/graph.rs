//! The graph: nodes and edges from a snapshot, then placed by the stable layout.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use kubeplay_model::{Object, ObjectExt};
use serde_json::Value;

use crate::endpoints::{endpoint_state_of, slice_endpoint_count, slice_readiness, EndpointState};
use crate::layout::{
    self, LayoutState, Pending, Placed, COL_CONFIG, COL_DEPLOYMENT, COL_POD, COL_REPLICASET, COL_SERVICE,
};
use crate::paging;
use crate::pod_status::{health_for_status, PodDerived};
use crate::refs::{config_refs, service_mentions, ConfigKind, ConfigRef, RefUse, ServiceMention};
use crate::snapshot::Snapshot;
use crate::types::{EdgeKind, GraphEdge, GraphModel, GraphNode, GraphOptions, Health, NodeKind};
use crate::util::{
    app_of, arr, condition, controller_uid, i64_at, labels_of, node_id, revision_of, service_selector,
    spec_replicas, str_at,
};

fn blank(kind: NodeKind, ns: &str, name: &str, id: String) -> GraphNode {
    GraphNode {
        id,
        kind,
        name: name.to_string(),
        namespace: ns.to_string(),
        status: String::new(),
        health: Health::Unknown,
        icon: Health::Unknown.icon(),
        label: name.to_string(),
        sublabel: String::new(),
        x: 0.0,
        y: 0.0,
        w: 0.0,
        h: 0.0,
        count: None,
        revision: None,
        replicas: None,
        progress: None,
        flagged: None,
        node_name: None,
        members: Vec::new(),
        shown_before: None,
    }
}

fn set_health(n: &mut GraphNode, h: Health) {
    n.health = h;
    n.icon = h.icon();
}

/// Row-group key: namespaced so that "all namespaces" keeps apps apart.
fn group_key(ns: &str, app: &str) -> String {
    format!("{ns}/{app}")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Builds the graph of the snapshot's objects, placing nodes where `layout` remembers them.
pub fn build_graph(s: &Snapshot, layout: &mut LayoutState, opts: &GraphOptions) -> GraphModel {
    let (pending, edges) = collect(s, opts, &mut layout.pods);
    let mut model = GraphModel { edges, ..Default::default() };
    let Placed { nodes, lanes, width, height } = layout::place(layout, pending, s, opts);
    route_edges(&mut model.edges, &nodes);
    model.nodes = nodes;
    model.lanes = lanes;
    model.width = width;
    model.height = height;
    model
}

/// SVG paths for the edges once every node has its place: a horizontal S-curve between
/// columns, a loop on the right between nodes of one column.
fn route_edges(edges: &mut [GraphEdge], nodes: &[GraphNode]) {
    let pos: BTreeMap<&str, (f32, f32, f32, f32)> =
        nodes.iter().map(|n| (n.id.as_str(), (n.x, n.y, n.w, n.h))).collect();
    for e in edges.iter_mut() {
        let (Some(a), Some(b)) = (pos.get(e.from.as_str()), pos.get(e.to.as_str())) else { continue };
        let (ya, yb) = (a.1 + a.3 / 2.0, b.1 + b.3 / 2.0);
        let (x1, c1, c2, x2) = if b.0 >= a.0 + a.2 {
            let (x1, x2) = (a.0 + a.2, b.0);
            let dx = ((x2 - x1) / 2.0).max(20.0);
            (x1, x1 + dx, x2 - dx, x2)
        } else if b.0 + b.2 <= a.0 {
            let (x1, x2) = (a.0, b.0 + b.2);
            let dx = ((x1 - x2) / 2.0).max(20.0);
            (x1, x1 - dx, x2 + dx, x2)
        } else {
            let (x1, x2) = (a.0 + a.2, b.0 + b.2);
            let out = x1.max(x2) + 36.0;
            (x1, out, out, x2)
        };
        // `M{x1},{ya} C{c1},{ya} {c2},{yb} {x2},{yb}` with one decimal: built by hand, as
        // `{:.1}` formatting was a third of the build time with 2,000 pods drawn.
        let mut d = String::with_capacity(64);
        for (i, v) in [x1, ya, c1, ya, c2, yb, x2, yb].into_iter().enumerate() {
            d.push_str(["M", ",", " C", ",", " ", ",", " ", ","][i]);
            push_tenths(&mut d, v);
        }
        e.path = d;
    }
}

/// Appends `v` rounded to one decimal (`12.3`, `-4.0`), like `{:.1}` for the coordinates here.
fn push_tenths(out: &mut String, v: f32) {
    if !v.is_finite() || v.abs() > 1e15 {
        out.push_str(&format!("{v:.1}"));
        return;
    }
    let t = (f64::from(v) * 10.0).round() as i64;
    if t < 0 {
        out.push('-');
    }
    let t = t.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut n = t / 10;
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
    out.push('.');
    out.push(char::from(b'0' + (t % 10) as u8));
}

/// An edge before its endpoints are known to be drawn: (from id, to id, kind, label).
type EdgeSpec = (String, String, EdgeKind, Option<String>);

/// What each kind's contribution adds to, in order: nodes to place, and edges between them
/// (unique by construction; pods collapsed into a group are deduplicated where they are added).
#[derive(Default)]
struct Contributions {
    pending: Vec<Pending>,
    edges: Vec<EdgeSpec>,
}

/// How the workloads contribution drew each pod: its display id (its own node, or the group or
/// "more" node it stands behind), whether it is collapsed, and its app group.
struct PodDisplay {
    display: Vec<String>,
    grouped: Vec<bool>,
    pod_group: Vec<String>,
}

/// Nodes (unplaced) and edges: the workloads, then Services and networking, then config and
/// storage, each contributing its kinds' nodes and edges.
pub(crate) fn collect(
    s: &Snapshot,
    opts: &GraphOptions,
    cache: &mut BTreeMap<String, Rc<PodDerived>>,
) -> (Vec<Pending>, Vec<GraphEdge>) {
    let shown = |o: &&Object| opts.namespace.as_deref().is_none_or(|ns| o.namespace() == ns);
    let deployments: Vec<&Object> = s.deployments.iter().copied().filter(shown).collect();
    let replicasets: Vec<&Object> = s.replicasets.iter().copied().filter(shown).collect();
    let pods: Vec<&Object> = s.pods.iter().copied().filter(shown).collect();
    let pods: Vec<PodFacts> = pod_facts(&pods, cache);
    let services: Vec<&Object> = s.services.iter().copied().filter(shown).collect();

    let mut c = Contributions::default();
    let drawn = workloads(&mut c, &deployments, &replicasets, &pods, opts);
    services_and_networking(&mut c, s, &services, &pods, &drawn);
    config_and_storage(&mut c, s, opts, &services, &pods, &drawn);

    let Contributions { pending, edges } = c;
    let ids: BTreeSet<&str> = pending.iter().map(|p| p.node.id.as_str()).collect();
    let edges = edges
        .into_iter()
        .filter(|(f, t, _, _)| ids.contains(f.as_str()) && ids.contains(t.as_str()))
        .map(|(from, to, kind, label)| GraphEdge { from, to, kind, label, path: String::new() })
        .collect();
    (pending, edges)
}

/// Deployments → ReplicaSets → Pods, pods of a large ReplicaSet collapsed into a group.
fn workloads(
    c: &mut Contributions,
    deployments: &[&Object],
    replicasets: &[&Object],
    pods: &[PodFacts],
    opts: &GraphOptions,
) -> PodDisplay {
    // Deployments.
    let mut dep_by_uid: BTreeMap<&str, (&Object, String)> = BTreeMap::new();
    for d in deployments {
        let ns = d.namespace();
        let app = app_of(d.at("spec.template.metadata.labels").and_then(Value::as_object))
            .or_else(|| app_of(labels_of(d)))
            .unwrap_or_else(|| d.name().to_string());
        let group = group_key(ns, &app);
        if !d.uid().is_empty() {
            dep_by_uid.insert(d.uid(), (d, group.clone()));
        }
        let owned: Vec<&Object> = replicasets
            .iter()
            .copied()
            .filter(|rs| !d.uid().is_empty() && controller_uid(rs) == Some(d.uid()))
            .collect();
        c.pending.push(Pending {
            node: deployment_node(d, &owned),
            group,
            col: COL_DEPLOYMENT,
            sort: d.name().to_string(),
        });
    }

    // ReplicaSets.
    let mut rs_by_uid: BTreeMap<&str, (&Object, String, String)> = BTreeMap::new();
    for rs in replicasets {
        let ns = rs.namespace();
        let owner = controller_uid(rs).and_then(|u| dep_by_uid.get(u));
        let group = match owner {
            Some((_, g)) => g.clone(),
            None => group_key(ns, &app_of(labels_of(rs)).unwrap_or_else(|| rs.name().to_string())),
        };
        let owner_name = owner.map_or(rs.name(), |(d, _)| d.name());
        let sort = format!("{owner_name}\u{0}{:012}\u{0}{}", revision_of(rs).unwrap_or(0), rs.name());
        let id = node_id("ReplicaSet", ns, rs.name());
        if let Some((d, _)) = owner {
            c.edges.push((node_id("Deployment", ns, d.name()), id.clone(), EdgeKind::Owns, None));
        }
        if !rs.uid().is_empty() {
            rs_by_uid.insert(rs.uid(), (rs, group.clone(), sort.clone()));
        }
        c.pending.push(Pending { node: replicaset_node(rs), group, col: COL_REPLICASET, sort });
    }

    // Pods, grouped per owning ReplicaSet; the "display id" of each pod is its own node or its group.
    let mut by_rs: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in pods.iter().enumerate() {
        if let Some(u) = p.owner().filter(|u| rs_by_uid.contains_key(u)) {
            by_rs.entry(u).or_default().push(i);
        }
    }
    let mut display: Vec<String> = pods.iter().map(|p| node_id("Pod", p.ns, p.name)).collect();
    let mut grouped = vec![false; pods.len()];
    let mut pod_group: Vec<String> = vec![String::new(); pods.len()];
    for (uid, idxs) in &by_rs {
        let Some((rs, group, rs_sort)) = rs_by_uid.get(uid) else { continue };
        let gid = node_id("PodGroup", rs.namespace(), rs.name());
        for &i in idxs {
            pod_group[i] = group.clone();
        }
        let revealed = if idxs.len() > opts.group_threshold {
            paging::revealed(&opts.expanded_groups, &gid, opts.pod_page)
        } else {
            usize::MAX
        };
        // Pods in name order; the first `revealed` are drawn, the rest stand behind one node
        // (the group itself while collapsed, a "show more" node once expanded).
        let mut order = idxs.clone();
        if revealed < order.len() {
            order.sort_by(|&a, &b| pods[a].name.cmp(pods[b].name));
            let hidden = order.split_off(revealed);
            let members: Vec<&PodFacts> = hidden.iter().map(|&i| &pods[i]).collect();
            let (did, sort) = if revealed == 0 {
                (gid.clone(), rs_sort.clone())
            } else {
                // After the ReplicaSet's drawn pods (their sort is `<rs sort>\0<name>`).
                (paging::more_id(&gid, revealed), format!("{rs_sort}\u{1}"))
            };
            let mut node = pod_group_node(rs, &did, &members);
            if revealed > 0 {
                node.shown_before = Some(revealed);
                node.label = format!("{} more pods", members.len());
            }
            c.pending.push(Pending { node, group: group.clone(), col: COL_POD, sort });
            c.edges.push((
                node_id("ReplicaSet", rs.namespace(), rs.name()),
                did.clone(),
                EdgeKind::Owns,
                None,
            ));
            for &i in &hidden {
                display[i] = did.clone();
                grouped[i] = true;
            }
        }
        for &i in &order {
            c.edges.push((
                node_id("ReplicaSet", rs.namespace(), rs.name()),
                display[i].clone(),
                EdgeKind::Owns,
                None,
            ));
        }
    }
    for (i, p) in pods.iter().enumerate() {
        if grouped[i] {
            continue;
        }
        let (group, sort) = match p.owner().and_then(|u| rs_by_uid.get(u)) {
            Some((_, g, rs_sort)) => (g.clone(), format!("{rs_sort}\u{0}{}", p.name)),
            None => {
                let g = group_key(p.ns, &app_of(p.labels).unwrap_or_else(|| p.name.to_string()));
                pod_group[i] = g.clone();
                (g, format!("\u{0}{}", p.name))
            }
        };
        c.pending.push(Pending { node: pod_node(p), group, col: COL_POD, sort });
    }
    PodDisplay { display, grouped, pod_group }
}

/// Services → the pods they select (ready or not), as the EndpointSlices say.
fn services_and_networking(
    c: &mut Contributions,
    s: &Snapshot,
    services: &[&Object],
    pods: &[PodFacts],
    drawn: &PodDisplay,
) {
    let PodDisplay { display, grouped, pod_group } = drawn;
    // Services → pods they select.
    let empty = serde_json::Map::new();
    for svc in services {
        let ns = svc.namespace();
        let sid = node_id("Service", ns, svc.name());
        let sel = service_selector(svc);
        let slices = slice_readiness(s, ns, svc.name());
        let mut selected = 0usize;
        let mut ready_count = 0usize;
        // group id → (ready members, members)
        let mut group_counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        let mut first_group: Option<String> = None;
        if let Some(sel) = &sel {
            for (i, p) in pods.iter().enumerate() {
                if p.ns != ns || !sel.matches(p.labels.unwrap_or(&empty)) {
                    continue;
                }
                let state = endpoint_state_of(svc, p.obj, p.d.terminal, p.d.has_ip, p.d.ready, p.d.deleting);
                if state == EndpointState::Terminal {
                    continue;
                }
                let ready = match &slices {
                    Some(m) => m.get(p.name).copied().unwrap_or(false),
                    None => state.is_ready(),
                };
                selected += 1;
                if ready {
                    ready_count += 1;
                }
                if first_group.is_none() {
                    first_group = Some(pod_group[i].clone());
                }
                if grouped[i] {
                    let e = group_counts.entry(display[i].as_str()).or_insert((0, 0));
                    e.1 += 1;
                    if ready {
                        e.0 += 1;
                    }
                } else {
                    c.edges.push((sid.clone(), display[i].clone(), EdgeKind::Selects { ready }, None));
                }
            }
        }
        for (gid, (r, n)) in group_counts {
            c.edges.push((
                sid.clone(),
                gid.to_string(),
                EdgeKind::Selects { ready: r > 0 },
                Some(format!("{r}/{n} ready")),
            ));
        }
        let app = svc
            .at("spec.selector")
            .and_then(Value::as_object)
            .and_then(|m| app_of(Some(m)))
            .map(|a| group_key(ns, &a))
            .or(first_group)
            .unwrap_or_else(|| group_key(ns, svc.name()));
        let manual = slice_endpoint_count(s, ns, svc.name());
        c.pending.push(Pending {
            node: service_node(svc, sel.is_some(), selected, ready_count, manual),
            group: app,
            col: COL_SERVICE,
            sort: svc.name().to_string(),
        });
    }
}

/// ConfigMaps and Secrets the pods use (volumes, env), missing ones included, and the Services
/// the pods' env mentions.
fn config_and_storage(
    c: &mut Contributions,
    s: &Snapshot,
    opts: &GraphOptions,
    services: &[&Object],
    pods: &[PodFacts],
    drawn: &PodDisplay,
) {
    let shown = |o: &&Object| opts.namespace.as_deref().is_none_or(|ns| o.namespace() == ns);
    let PodDisplay { display, grouped, pod_group } = drawn;
    // ConfigMaps / Secrets the pods use, including missing ones.
    struct Used {
        groups: BTreeSet<String>,
        required: bool,
        keys: BTreeSet<String>,
    }
    let mut used: BTreeMap<(ConfigKind, String, String), Used> = BTreeMap::new();
    // Spec references, read once per pod template: pods stamped from one ReplicaSet template
    // (same owner and pod-template-hash) have the same spec.
    let mut templates: Vec<(Vec<ConfigRef>, Vec<ServiceMention>)> = Vec::new();
    let mut template_of: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut pod_template: Vec<usize> = Vec::with_capacity(pods.len());
    for p in pods {
        let hash = p.labels.and_then(|l| l.get("pod-template-hash")).and_then(Value::as_str);
        let key = p.owner().zip(hash);
        if let Some(&t) = key.and_then(|k| template_of.get(&k)) {
            pod_template.push(t);
            continue;
        }
        let spec = p.obj.get("spec").unwrap_or(&Value::Null);
        templates.push((config_refs(spec), service_mentions(spec)));
        if let Some(k) = key {
            template_of.insert(k, templates.len() - 1);
        }
        pod_template.push(templates.len() - 1);
    }
    let svc_ids: BTreeSet<String> =
        services.iter().map(|s| node_id("Service", s.namespace(), s.name())).collect();
    // (display id, template) pairs already drawn, for pods collapsed into a group.
    let mut group_done: BTreeSet<(&str, usize)> = BTreeSet::new();
    let mut used_done: BTreeSet<(usize, &str, &str)> = BTreeSet::new();
    for (i, p) in pods.iter().enumerate() {
        let ti = pod_template[i];
        if grouped[i] && !group_done.insert((display[i].as_str(), ti)) {
            continue;
        }
        let (refs, mentions) = &templates[ti];
        let mut mine: Vec<(String, String, EdgeKind, Option<String>)> = Vec::new();
        for r in refs {
            let kind_name = match r.kind {
                ConfigKind::ConfigMap => "ConfigMap",
                ConfigKind::Secret => "Secret",
            };
            let (ek, label) = match r.usage {
                RefUse::Volume => (EdgeKind::Mounts, Some(r.detail.clone())),
                RefUse::EnvKey => (EdgeKind::EnvRef, Some(r.detail.clone())),
                RefUse::EnvFrom => (EdgeKind::EnvRef, Some("envFrom".to_string())),
            };
            mine.push((display[i].clone(), node_id(kind_name, p.ns, &r.name), ek, label));
        }
        for m in mentions {
            let sid = node_id("Service", m.namespace.as_deref().unwrap_or(p.ns), &m.service);
            if svc_ids.contains(&sid) {
                mine.push((display[i].clone(), sid, EdgeKind::Routes, Some(m.env.clone())));
            }
        }
        mine.sort();
        mine.dedup();
        c.edges.extend(mine);
        if !used_done.insert((ti, p.ns, pod_group[i].as_str())) {
            continue;
        }
        for r in refs {
            let u = used.entry((r.kind, p.ns.to_string(), r.name.clone())).or_insert(Used {
                groups: BTreeSet::new(),
                required: false,
                keys: BTreeSet::new(),
            });
            u.groups.insert(pod_group[i].clone());
            u.required |= !r.optional;
            if r.usage == RefUse::EnvKey && !r.optional {
                u.keys.insert(r.detail.clone());
            }
        }
    }
    let mut config_seen: BTreeSet<(ConfigKind, String, String)> = BTreeSet::new();
    for (kind, list) in [(ConfigKind::ConfigMap, &s.configmaps), (ConfigKind::Secret, &s.secrets)] {
        for o in list.iter().copied().filter(shown) {
            let key = (kind, o.namespace().to_string(), o.name().to_string());
            let u = used.get(&key);
            if u.is_none() && (!opts.show_unused_config || unused_noise(kind, o)) {
                continue;
            }
            config_seen.insert(key.clone());
            let group = match u.and_then(|u| u.groups.iter().next()) {
                Some(g) => g.clone(),
                None => {
                    group_key(o.namespace(), &app_of(labels_of(o)).unwrap_or_else(|| o.name().to_string()))
                }
            };
            let keys = u.map(|u| u.keys.clone()).unwrap_or_default();
            c.pending.push(Pending {
                node: config_node(kind, o, &keys),
                group,
                col: COL_CONFIG,
                sort: format!("{kind:?}\u{0}{}", o.name()),
            });
        }
    }
    for (key, u) in &used {
        if config_seen.contains(key) {
            continue;
        }
        let (kind, ns, name) = key;
        let kind_name = if *kind == ConfigKind::ConfigMap { "ConfigMap" } else { "Secret" };
        let mut n = blank(
            if *kind == ConfigKind::ConfigMap { NodeKind::ConfigMap } else { NodeKind::Secret },
            ns,
            name,
            node_id(kind_name, ns, name),
        );
        n.status = "not found".into();
        n.sublabel = format!("{kind_name} not found");
        n.flagged = Some("not found".into());
        set_health(&mut n, if u.required { Health::Error } else { Health::Unknown });
        c.pending.push(Pending {
            node: n,
            group: u.groups.iter().next().cloned().unwrap_or_default(),
            col: COL_CONFIG,
            sort: format!("{kind:?}\u{0}{name}"),
        });
    }
}

/// Objects every namespace has that nobody wants to see unless a pod uses them.
fn unused_noise(kind: ConfigKind, o: &Object) -> bool {
    match kind {
        ConfigKind::ConfigMap => o.name() == "kube-root-ca.crt",
        ConfigKind::Secret => str_at(o, "type") == "kubernetes.io/service-account-token",
    }
}

fn deployment_node(d: &Object, owned: &[&Object]) -> GraphNode {
    let (ns, name) = (d.namespace(), d.name());
    let mut n = blank(NodeKind::Deployment, ns, name, node_id("Deployment", ns, name));
    let desired = spec_replicas(d);
    let ready = i64_at(d, "status.readyReplicas");
    let available = i64_at(d, "status.availableReplicas");
    let updated = i64_at(d, "status.updatedReplicas");
    let current = i64_at(d, "status.replicas");
    n.status = format!("{ready}/{desired}");
    n.replicas = Some((desired, ready, available));

    // The new ReplicaSet carries the Deployment's revision; fall back to the highest revision.
    let dep_rev = d.annotation("deployment.kubernetes.io/revision").and_then(|r| r.parse::<i64>().ok());
    let new_rs = owned
        .iter()
        .find(|rs| dep_rev.is_some() && revision_of(rs) == dep_rev)
        .or_else(|| owned.iter().max_by_key(|rs| (revision_of(rs).unwrap_or(0), rs.name().to_string())));
    let new_available = new_rs.map_or(0, |rs| i64_at(rs, "status.availableReplicas"));
    let progress = if desired <= 0 { 1.0 } else { (new_available as f32 / desired as f32).clamp(0.0, 1.0) };
    n.progress = Some(progress);
    let old_pods: i64 = owned
        .iter()
        .filter(|rs| new_rs.is_none_or(|n| n.uid() != rs.uid()))
        .map(|rs| i64_at(rs, "status.replicas"))
        .sum();

    let complete = updated == desired
        && current == desired
        && available == desired
        && d.i64_at("status.observedGeneration").unwrap_or(0) >= d.generation();
    let progressing = condition(d, "Progressing");
    let paused = d.bool_at("spec.paused").unwrap_or(false);
    let failure = condition(d, "ReplicaFailure").filter(|c| str_at(c, "status") == "True");
    let (health, flag) = if progressing.is_some_and(|c| str_at(c, "reason") == "ProgressDeadlineExceeded") {
        (Health::Error, Some("progress deadline exceeded".to_string()))
    } else if let Some(f) = failure {
        (Health::Error, Some(str_at(f, "message").to_string()).filter(|m| !m.is_empty()))
    } else if d.is_deleting() {
        (Health::Terminating, None)
    } else if paused {
        (Health::Warning, Some("paused".to_string()))
    } else if complete {
        (Health::Ok, None)
    } else if condition(d, "Available").is_some_and(|c| str_at(c, "status") == "False") {
        (Health::Warning, None)
    } else {
        (Health::Progressing, None)
    };
    set_health(&mut n, health);
    n.flagged = flag;
    let rev = dep_rev.map(|r| format!(" · rev {r}")).unwrap_or_default();
    n.sublabel = if complete {
        format!("{ready}/{desired} ready{rev}")
    } else if old_pods > 0 {
        format!("rolling out: {updated}/{desired} updated, {old_pods} old{rev}")
    } else {
        format!("{ready}/{desired} ready, {available} available{rev}")
    };
    n
}

fn replicaset_node(rs: &Object) -> GraphNode {
    let (ns, name) = (rs.namespace(), rs.name());
    let mut n = blank(NodeKind::ReplicaSet, ns, name, node_id("ReplicaSet", ns, name));
    let desired = spec_replicas(rs);
    let current = i64_at(rs, "status.replicas");
    let ready = i64_at(rs, "status.readyReplicas");
    let available = i64_at(rs, "status.availableReplicas");
    n.revision = revision_of(rs);
    n.replicas = Some((desired, ready, available));
    n.status = format!("{ready}/{desired}");
    let failure = condition(rs, "ReplicaFailure").filter(|c| str_at(c, "status") == "True");
    let health = if rs.is_deleting() {
        Health::Terminating
    } else if let Some(f) = failure {
        n.flagged = Some(str_at(f, "message").to_string()).filter(|m| !m.is_empty());
        Health::Error
    } else if desired == 0 && current == 0 {
        Health::Unknown
    } else if ready == desired && current == desired {
        Health::Ok
    } else {
        Health::Progressing
    };
    set_health(&mut n, health);
    let rev = n.revision.map(|r| format!("rev {r} · ")).unwrap_or_default();
    n.sublabel = if desired == 0 && current == 0 {
        format!("{rev}scaled to 0")
    } else {
        format!("{rev}{ready}/{desired} ready")
    };
    n
}

/// What the graph reads from each pod, computed once per build.
pub(crate) struct PodFacts<'a> {
    pub obj: &'a Object,
    pub ns: &'a str,
    pub name: &'a str,
    pub labels: Option<&'a serde_json::Map<String, Value>>,
    pub d: Rc<PodDerived>,
}

/// Facts for every pod, from `cache` (pod uid → facts) where the resourceVersion matches.
/// The cache keeps exactly these pods afterwards.
pub(crate) fn pod_facts<'a>(
    pods: &[&'a Object],
    cache: &mut BTreeMap<String, Rc<PodDerived>>,
) -> Vec<PodFacts<'a>> {
    let mut kept: BTreeMap<String, Rc<PodDerived>> = BTreeMap::new();
    let facts = pods
        .iter()
        .map(|&p| {
            let uid = p.uid();
            let d = match cache.remove_entry(uid) {
                Some((k, d)) if !uid.is_empty() && d.rv == p.resource_version() && !d.rv.is_empty() => {
                    kept.insert(k, d.clone());
                    d
                }
                _ => {
                    let d = Rc::new(PodDerived::read(p));
                    if !uid.is_empty() {
                        kept.insert(uid.to_string(), d.clone());
                    }
                    d
                }
            };
            PodFacts { obj: p, ns: p.namespace(), name: p.name(), labels: labels_of(p), d }
        })
        .collect();
    *cache = kept;
    facts
}

impl PodFacts<'_> {
    fn health(&self) -> Health {
        health_for_status(&self.d.cols.status, self.d.ready, self.d.unschedulable)
    }
    fn owner(&self) -> Option<&str> {
        self.d.owner.as_deref()
    }
    fn node(&self) -> Option<&str> {
        self.d.node.as_deref()
    }
}

fn pod_node(p: &PodFacts) -> GraphNode {
    let mut n = blank(NodeKind::Pod, p.ns, p.name, node_id("Pod", p.ns, p.name));
    set_health(&mut n, p.health());
    let status = p.d.cols.status.clone();
    n.sublabel = format!("{status} · {}", p.d.cols.ready);
    if p.d.cols.restarts > 0 {
        n.sublabel
            .push_str(&format!(" · {}", plural(p.d.cols.restarts.max(0) as usize, "restart", "restarts")));
    }
    if p.d.unschedulable {
        n.flagged = Some("unschedulable".into());
    }
    n.status = status;
    n.node_name = p.d.node.clone();
    n
}

fn pod_group_node(rs: &Object, gid: &str, members: &[&PodFacts]) -> GraphNode {
    let ns = rs.namespace();
    let mut n = blank(NodeKind::PodGroup, ns, rs.name(), gid.to_string());
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut worst = Health::Ok;
    let mut nodes: BTreeMap<&str, usize> = BTreeMap::new();
    for p in members {
        let h = p.health();
        if h.severity() > worst.severity() {
            worst = h;
        }
        *counts.entry(p.d.cols.status.as_str()).or_default() += 1;
        *nodes.entry(p.node().unwrap_or("")).or_default() += 1;
        n.members.push(node_id("Pod", p.ns, p.name));
    }
    let mut by_count: Vec<(&str, usize)> = counts.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    n.status = by_count.iter().map(|(s, c)| format!("{c} {s}")).collect::<Vec<_>>().join(", ");
    n.count = Some(members.len());
    n.label = format!("{} pods", members.len());
    n.sublabel = n.status.clone();
    set_health(&mut n, worst);
    // Lanes view: the node most of the group runs on.
    n.node_name = nodes
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(k, _)| k.to_string())
        .filter(|k| !k.is_empty());
    n
}

fn service_node(svc: &Object, has_selector: bool, selected: usize, ready: usize, manual: usize) -> GraphNode {
    let (ns, name) = (svc.namespace(), svc.name());
    let mut n = blank(NodeKind::Service, ns, name, node_id("Service", ns, name));
    let type_ = svc.str_at("spec.type").unwrap_or("ClusterIP");
    n.status = match type_ {
        "ExternalName" => format!("ExternalName {}", str_at(svc, "spec.externalName")),
        _ => {
            let ip = svc.str_at("spec.clusterIP").filter(|s| !s.is_empty()).unwrap_or("<pending>");
            format!("{type_} {ip}")
        }
    };
    let ports: Vec<String> = arr(svc, "spec.ports")
        .iter()
        .map(|p| {
            let proto = p.get("protocol").and_then(Value::as_str).unwrap_or("TCP");
            match p.get("nodePort").and_then(Value::as_i64) {
                Some(np) => format!("{}:{np}/{proto}", i64_at(p, "port")),
                None => format!("{}/{proto}", i64_at(p, "port")),
            }
        })
        .collect();
    let ports = if ports.is_empty() { "<none>".to_string() } else { ports.join(",") };
    let api_service = ns == "default" && name == "kubernetes";
    let (health, flag, detail) = if type_ == "ExternalName" {
        (Health::Ok, None, "DNS alias".to_string())
    } else if !has_selector {
        if manual > 0 || api_service {
            (Health::Ok, None, "endpoints managed manually".to_string())
        } else {
            (Health::Warning, Some("no selector".to_string()), "no selector".to_string())
        }
    } else if selected == 0 {
        (Health::Error, Some("no endpoints".to_string()), "selects no pods".to_string())
    } else if ready == 0 {
        (Health::Warning, Some("no ready endpoints".to_string()), format!("0/{selected} endpoints ready"))
    } else {
        (Health::Ok, None, format!("{ready}/{selected} endpoints ready"))
    };
    set_health(&mut n, health);
    n.flagged = flag;
    n.sublabel = format!("{ports} · {detail}");
    n
}

fn config_node(kind: ConfigKind, o: &Object, used_keys: &BTreeSet<String>) -> GraphNode {
    let (ns, name) = (o.namespace(), o.name());
    let (nk, kind_name) = match kind {
        ConfigKind::ConfigMap => (NodeKind::ConfigMap, "ConfigMap"),
        ConfigKind::Secret => (NodeKind::Secret, "Secret"),
    };
    let mut n = blank(nk, ns, name, node_id(kind_name, ns, name));
    let mut keys: BTreeSet<&str> = BTreeSet::new();
    for field in ["data", "binaryData", "stringData"] {
        if let Some(m) = o.get(field).and_then(Value::as_object) {
            keys.extend(m.keys().map(String::as_str));
        }
    }
    n.status = plural(keys.len(), "key", "keys");
    n.sublabel = match kind {
        ConfigKind::ConfigMap => format!("ConfigMap · {}", n.status),
        ConfigKind::Secret => format!("{} · {}", o.str_at("type").unwrap_or("Opaque"), n.status),
    };
    let missing: Vec<&str> = used_keys.iter().map(String::as_str).filter(|k| !keys.contains(k)).collect();
    if missing.is_empty() {
        set_health(&mut n, Health::Ok);
    } else {
        set_health(&mut n, Health::Error);
        n.flagged = Some(format!("no key {}", missing.join(", ")));
    }
    n
}

#[cfg(test)]
mod tests;
