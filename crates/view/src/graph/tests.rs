use super::*;
use crate::testutil::*;
use kubeplay_model::SimTime;
use serde_json::json;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn snap<'a>(objs: &'a [Value]) -> Snapshot<'a> {
    Snapshot::from_objects(objs.iter(), SimTime::parse_rfc3339("2025-03-01T10:05:00Z").unwrap(), 42)
}

fn edge<'a>(g: &'a GraphModel, from: &str, to: &str) -> Option<&'a GraphEdge> {
    g.edges.iter().find(|e| e.from == from && e.to == to)
}

fn build(objs: &[Value]) -> GraphModel {
    build_graph(&snap(objs), &mut LayoutState::new(), &GraphOptions::default())
}

/// Mid-rollout: revision 1 (web-5d4f8c7b9) has 2 pods, revision 2 (web-7c9b6d5f4) has 2, one not ready yet.
fn rollout() -> Vec<Value> {
    vec![
        deployment("web", "web", 3, 2, (4, 2, 3, 3)),
        replicaset("web-5d4f8c7b9", "web", "web", 1, 2, 2),
        replicaset("web-7c9b6d5f4", "web", "web", 2, 2, 1),
        pod("web-5d4f8c7b9-aaaaa", "web-5d4f8c7b9", "web", true),
        pod("web-5d4f8c7b9-bbbbb", "web-5d4f8c7b9", "web", true),
        pod("web-7c9b6d5f4-ccccc", "web-7c9b6d5f4", "web", true),
        pod("web-7c9b6d5f4-ddddd", "web-7c9b6d5f4", "web", false),
        service("web", json!({"app": "web"}), json!("http")),
    ]
}

#[test]
fn rollout_edges_and_side_by_side_replicasets() {
    let g = build(&rollout());
    assert_eq!(g.nodes.len(), 1 + 2 + 4 + 1);
    let d = g.node("Deployment/default/web").unwrap();
    assert_eq!(d.status, "3/3");
    assert_eq!(d.replicas, Some((3, 3, 3)));
    // updated available (new RS availableReplicas 1) / desired 3
    assert_eq!(d.progress, Some(1.0 / 3.0));
    assert_eq!(d.health, Health::Progressing);
    assert_eq!(d.sublabel, "rolling out: 2/3 updated, 2 old · rev 2");

    let old = g.node("ReplicaSet/default/web-5d4f8c7b9").unwrap();
    let new = g.node("ReplicaSet/default/web-7c9b6d5f4").unwrap();
    assert_eq!((old.revision, new.revision), (Some(1), Some(2)));
    assert_eq!(new.status, "1/2");
    assert_eq!(new.sublabel, "rev 2 · 1/2 ready");
    assert!(old.y < new.y, "ordered by revision");
    assert_eq!(old.x, new.x);

    for rs in ["web-5d4f8c7b9", "web-7c9b6d5f4"] {
        let e = edge(&g, "Deployment/default/web", &format!("ReplicaSet/default/{rs}")).unwrap();
        assert_eq!(e.kind, EdgeKind::Owns);
    }
    assert_eq!(
        edge(&g, "ReplicaSet/default/web-5d4f8c7b9", "Pod/default/web-5d4f8c7b9-aaaaa").unwrap().kind,
        EdgeKind::Owns
    );
    assert!(edge(&g, "ReplicaSet/default/web-5d4f8c7b9", "Pod/default/web-7c9b6d5f4-ccccc").is_none());
    assert_eq!(
        edge(&g, "Service/default/web", "Pod/default/web-7c9b6d5f4-ccccc").unwrap().kind,
        EdgeKind::Selects { ready: true }
    );
    assert_eq!(
        edge(&g, "Service/default/web", "Pod/default/web-7c9b6d5f4-ddddd").unwrap().kind,
        EdgeKind::Selects { ready: false }
    );
    let svc = g.node("Service/default/web").unwrap();
    assert_eq!(svc.status, "ClusterIP 10.96.0.12");
    assert_eq!(svc.sublabel, "80/TCP · 3/4 endpoints ready");
    assert_eq!(svc.health, Health::Ok);
    let p = g.node("Pod/default/web-7c9b6d5f4-ddddd").unwrap();
    assert_eq!(p.status, "ContainerCreating");
    assert_eq!(p.sublabel, "ContainerCreating · 0/1");
    assert_eq!(p.health, Health::Progressing);
    assert_eq!(p.node_name.as_deref(), Some("node-1"));
    // Columns: Services | Deployments | ReplicaSets | Pods.
    assert!(svc.x < d.x && d.x < old.x && old.x < p.x);
}

#[test]
fn endpoint_slices_decide_readiness_when_present() {
    let mut objs = rollout();
    objs.push(json!({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
        "metadata": {"name": "web-x1y2z", "namespace": "default", "labels": {"kubernetes.io/service-name": "web"}},
        "endpoints": [
            {"addresses": ["10.244.1.5"], "conditions": {"ready": false, "serving": true, "terminating": true},
             "targetRef": {"kind": "Pod", "name": "web-5d4f8c7b9-aaaaa", "namespace": "default"}},
            {"addresses": ["10.244.1.6"], "conditions": {"ready": true},
             "targetRef": {"kind": "Pod", "name": "web-5d4f8c7b9-bbbbb", "namespace": "default"}}]}));
    let g = build(&objs);
    let k = |p: &str| edge(&g, "Service/default/web", &format!("Pod/default/{p}")).unwrap().kind.clone();
    assert_eq!(k("web-5d4f8c7b9-aaaaa"), EdgeKind::Selects { ready: false });
    assert_eq!(k("web-5d4f8c7b9-bbbbb"), EdgeKind::Selects { ready: true });
    // Not in any slice (yet): not a ready endpoint.
    assert_eq!(k("web-7c9b6d5f4-ccccc"), EdgeKind::Selects { ready: false });
}

fn big_rs(n: usize, ready: usize) -> Vec<Value> {
    let mut objs = vec![
        deployment("api", "api", n as i64, 1, (n as i64, n as i64, ready as i64, ready as i64)),
        replicaset("api-6b8d9c7f5", "api", "api", 1, n as i64, ready as i64),
        service("api", json!({"app": "api"}), json!(80)),
    ];
    for i in 0..n {
        objs.push(pod(&format!("api-6b8d9c7f5-p{i:03}"), "api-6b8d9c7f5", "api", i < ready));
    }
    objs
}

#[test]
fn more_than_twelve_pods_collapse_into_a_group() {
    let objs = big_rs(13, 10);
    let g = build(&objs);
    assert!(g.nodes.iter().all(|n| n.kind != NodeKind::Pod));
    let grp = g.node("PodGroup/default/api-6b8d9c7f5").unwrap();
    assert_eq!(grp.count, Some(13));
    assert_eq!(grp.members.len(), 13);
    assert_eq!(grp.status, "10 Running, 3 ContainerCreating");
    assert_eq!(grp.label, "13 pods");
    assert_eq!(grp.health, Health::Progressing);
    assert_eq!(
        edge(&g, "ReplicaSet/default/api-6b8d9c7f5", "PodGroup/default/api-6b8d9c7f5").unwrap().kind,
        EdgeKind::Owns
    );
    let sel = edge(&g, "Service/default/api", "PodGroup/default/api-6b8d9c7f5").unwrap();
    assert_eq!(sel.kind, EdgeKind::Selects { ready: true });
    assert_eq!(sel.label.as_deref(), Some("10/13 ready"));
    assert_eq!(g.node_showing("Pod/default/api-6b8d9c7f5-p004").unwrap().id, grp.id);

    // Expanded on request.
    let mut opts = GraphOptions::default();
    opts.expanded_groups.insert("PodGroup/default/api-6b8d9c7f5".into());
    let g = build_graph(&snap(&objs), &mut LayoutState::new(), &opts);
    assert_eq!(g.nodes.iter().filter(|n| n.kind == NodeKind::Pod).count(), 13);
    assert!(g.node("PodGroup/default/api-6b8d9c7f5").is_none());

    // Exactly 12 stay individual.
    let g = build(&big_rs(12, 12));
    assert_eq!(g.nodes.iter().filter(|n| n.kind == NodeKind::Pod).count(), 12);
}

#[test]
fn two_thousand_pods_build() {
    let objs = big_rs(2000, 1500);
    let mut layout = LayoutState::new();
    let mut opts = GraphOptions::default();
    let g = build_graph(&snap(&objs), &mut layout, &opts);
    assert_eq!(g.node("PodGroup/default/api-6b8d9c7f5").unwrap().count, Some(2000));
    // Expanding reveals one page of 100 pods; a "show more" node stands for the other 1,900.
    opts.expanded_groups.insert("PodGroup/default/api-6b8d9c7f5".into());
    let g = build_graph(&snap(&objs), &mut layout, &opts);
    assert_eq!(g.nodes.len(), 3 + 100 + 1);
    // RS → RS owner edge, 100 pods + the "show more" node owned, 100 pods + the node selected.
    assert_eq!(g.edges.len(), 1 + 101 + 101);
    // Every further page: 100 more, until all 2,000 are drawn and no "show more" node is left.
    for k in 1..20 {
        opts.expanded_groups.insert(format!("PodGroup/default/api-6b8d9c7f5/{}", k * 100));
    }
    let g = build_graph(&snap(&objs), &mut layout, &opts);
    assert_eq!(g.nodes.len(), 2003);
    assert!(g.nodes.iter().all(|n| n.kind != NodeKind::PodGroup));
    assert_eq!(g.edges.len(), 1 + 2000 + 2000);
}

#[test]
fn an_expanded_group_reveals_its_pods_a_page_at_a_time() {
    let objs = big_rs(250, 240);
    let gid = "PodGroup/default/api-6b8d9c7f5";
    let mut layout = LayoutState::new();
    let mut opts = GraphOptions::default();
    let g = build_graph(&snap(&objs), &mut layout, &opts);
    let top = pos(&g, gid);
    assert_eq!(g.node(gid).unwrap().shown_before, None);

    opts.expanded_groups.insert(gid.into());
    let g = build_graph(&snap(&objs), &mut layout, &opts);
    let pods: Vec<&GraphNode> = g.nodes.iter().filter(|n| n.kind == NodeKind::Pod).collect();
    assert_eq!(pods.len(), 100);
    // The first page in name order, starting where the group was.
    assert_eq!(pos(&g, "Pod/default/api-6b8d9c7f5-p000"), top);
    assert!(g.node("Pod/default/api-6b8d9c7f5-p099").is_some());
    assert!(g.node("Pod/default/api-6b8d9c7f5-p100").is_none());
    let more = g.node("PodGroup/default/api-6b8d9c7f5/100").unwrap();
    assert_eq!(more.kind, NodeKind::PodGroup);
    assert_eq!(more.name, "api-6b8d9c7f5");
    assert_eq!(more.count, Some(150));
    assert_eq!(more.shown_before, Some(100));
    assert_eq!(more.label, "150 more pods");
    assert_eq!(more.status, "140 Running, 10 ContainerCreating");
    assert_eq!(more.health, Health::Progressing);
    assert_eq!(more.members.len(), 150);
    assert_eq!(more.members[0], "Pod/default/api-6b8d9c7f5-p100");
    // Right below the last drawn pod.
    assert_eq!(pos(&g, more.id.as_str()), (top.0, top.1 + 100.0 * layout::ROW_H));
    assert_eq!(g.node_showing("Pod/default/api-6b8d9c7f5-p200").unwrap().id, more.id);
    assert_eq!(edge(&g, "ReplicaSet/default/api-6b8d9c7f5", &more.id).unwrap().kind, EdgeKind::Owns);
    let sel = edge(&g, "Service/default/api", &more.id).unwrap();
    assert_eq!(sel.label.as_deref(), Some("140/150 ready"));
    let p050 = pos(&g, "Pod/default/api-6b8d9c7f5-p050");

    // The next page: the pods already drawn stay put; the new ones take the node's place.
    opts.expanded_groups.insert(more.id.clone());
    let g = build_graph(&snap(&objs), &mut layout, &opts);
    assert_eq!(g.nodes.iter().filter(|n| n.kind == NodeKind::Pod).count(), 200);
    assert_eq!(pos(&g, "Pod/default/api-6b8d9c7f5-p050"), p050);
    assert_eq!(pos(&g, "Pod/default/api-6b8d9c7f5-p100"), (top.0, top.1 + 100.0 * layout::ROW_H));
    assert!(g.node("PodGroup/default/api-6b8d9c7f5/100").is_none());
    let more = g.node("PodGroup/default/api-6b8d9c7f5/200").unwrap();
    assert_eq!((more.count, more.shown_before), (Some(50), Some(200)));
    assert_eq!(more.status, "40 Running, 10 ContainerCreating");

    // The last page: every pod drawn, no "show more" node.
    opts.expanded_groups.insert(more.id.clone());
    let g = build_graph(&snap(&objs), &mut layout, &opts);
    assert_eq!(g.nodes.iter().filter(|n| n.kind == NodeKind::Pod).count(), 250);
    assert!(g.nodes.iter().all(|n| n.kind != NodeKind::PodGroup));
    assert_eq!(pos(&g, "Pod/default/api-6b8d9c7f5-p050"), p050);

    // Collapsing (the UI forgets the ids) brings the single group node back where it was.
    opts.expanded_groups.clear();
    let g = build_graph(&snap(&objs), &mut layout, &opts);
    assert_eq!(pos(&g, gid), top);
    assert_eq!(g.node(gid).unwrap().count, Some(250));

    // The page size is an option; a group that fits one page shows no "show more" node.
    let opts =
        GraphOptions { pod_page: 300, expanded_groups: [gid.to_string()].into(), ..Default::default() };
    let g = build_graph(&snap(&objs), &mut LayoutState::new(), &opts);
    assert_eq!(g.nodes.iter().filter(|n| n.kind == NodeKind::Pod).count(), 250);
    assert!(g.nodes.iter().all(|n| n.kind != NodeKind::PodGroup));
}

fn pos(g: &GraphModel, id: &str) -> (f32, f32) {
    let n = g.node(id).unwrap();
    (n.x, n.y)
}

#[test]
fn layout_is_stable_when_pods_come_and_go() {
    let base = vec![
        deployment("web", "web", 3, 1, (3, 3, 3, 3)),
        replicaset("web-5d4f8c7b9", "web", "web", 1, 3, 3),
        pod("web-5d4f8c7b9-aaaaa", "web-5d4f8c7b9", "web", true),
        pod("web-5d4f8c7b9-bbbbb", "web-5d4f8c7b9", "web", true),
        pod("web-5d4f8c7b9-ccccc", "web-5d4f8c7b9", "web", true),
        deployment("db", "db", 1, 1, (1, 1, 1, 1)),
        replicaset("db-6f7c8d9b4", "db", "db", 1, 1, 1),
        pod("db-6f7c8d9b4-zzzzz", "db-6f7c8d9b4", "db", true),
    ];
    let mut layout = LayoutState::new();
    let opts = GraphOptions::default();
    let g1 = build_graph(&snap(&base), &mut layout, &opts);
    // Groups sorted by name at first: db above web.
    assert!(pos(&g1, "Pod/default/db-6f7c8d9b4-zzzzz").1 < pos(&g1, "Pod/default/web-5d4f8c7b9-aaaaa").1);
    let a = pos(&g1, "Pod/default/web-5d4f8c7b9-aaaaa");
    let b = pos(&g1, "Pod/default/web-5d4f8c7b9-bbbbb");
    let c = pos(&g1, "Pod/default/web-5d4f8c7b9-ccccc");
    assert_eq!((a.0, b.1 - a.1, c.1 - b.1), (a.0, crate::layout::ROW_H, crate::layout::ROW_H));

    // A new pod whose name sorts first still goes to the end; nobody moves.
    let mut more = base.clone();
    more.push(pod("web-5d4f8c7b9-00000", "web-5d4f8c7b9", "web", false));
    let g2 = build_graph(&snap(&more), &mut layout, &opts);
    for id in [
        "Pod/default/web-5d4f8c7b9-aaaaa",
        "Pod/default/web-5d4f8c7b9-bbbbb",
        "Pod/default/web-5d4f8c7b9-ccccc",
    ] {
        assert_eq!(pos(&g2, id), pos(&g1, id), "{id} moved");
    }
    assert_eq!(pos(&g2, "Pod/default/web-5d4f8c7b9-00000").1, c.1 + crate::layout::ROW_H);

    // A new app group appends below the others even though its name sorts first.
    let mut more2 = more.clone();
    more2.push(pod("aaa", "", "aaa", true));
    let g2b = build_graph(&snap(&more2), &mut layout, &opts);
    assert_eq!(pos(&g2b, "Pod/default/web-5d4f8c7b9-aaaaa"), a);
    assert!(pos(&g2b, "Pod/default/aaa").1 > pos(&g2b, "Pod/default/web-5d4f8c7b9-00000").1);

    // bbbbb replaced by a new pod (kubectl delete pod): a gap, nobody moves.
    let mut replaced: Vec<Value> =
        more2.iter().filter(|o| o.name() != "web-5d4f8c7b9-bbbbb").cloned().collect();
    replaced.push(pod("web-5d4f8c7b9-eeeee", "web-5d4f8c7b9", "web", false));
    let g3 = build_graph(&snap(&replaced), &mut layout, &opts);
    assert_eq!(pos(&g3, "Pod/default/web-5d4f8c7b9-aaaaa"), a);
    assert_eq!(pos(&g3, "Pod/default/web-5d4f8c7b9-ccccc"), c);
    assert_eq!(pos(&g3, "Pod/default/web-5d4f8c7b9-00000"), pos(&g2, "Pod/default/web-5d4f8c7b9-00000"));
    assert_eq!(pos(&g3, "Pod/default/web-5d4f8c7b9-eeeee").1, c.1 + 2.0 * crate::layout::ROW_H);
    assert_eq!(pos(&g3, "Pod/default/db-6f7c8d9b4-zzzzz"), pos(&g1, "Pod/default/db-6f7c8d9b4-zzzzz"));

    // The group shrinks (scaled down to 1): the gaps close, order kept.
    let shrunk: Vec<Value> = replaced
        .iter()
        .filter(|o| {
            !["web-5d4f8c7b9-ccccc", "web-5d4f8c7b9-00000", "web-5d4f8c7b9-eeeee"].contains(&o.name())
        })
        .cloned()
        .collect();
    let g4 = build_graph(&snap(&shrunk), &mut layout, &opts);
    assert_eq!(pos(&g4, "Pod/default/web-5d4f8c7b9-aaaaa"), a);

    // Explicit relayout: fresh sorted order.
    layout.relayout();
    let g5 = build_graph(&snap(&more2), &mut layout, &opts);
    assert!(pos(&g5, "Pod/default/aaa").1 < pos(&g5, "Pod/default/db-6f7c8d9b4-zzzzz").1);
    assert!(pos(&g5, "Pod/default/web-5d4f8c7b9-00000").1 < pos(&g5, "Pod/default/web-5d4f8c7b9-aaaaa").1);
}

#[test]
fn rolling_update_gaps_compact_at_the_end() {
    let mut layout = LayoutState::new();
    let opts = GraphOptions::default();
    let old: Vec<Value> = (0..3).map(|i| pod(&format!("web-old-{i}"), "web-old", "web", true)).collect();
    let new: Vec<Value> = (0..3).map(|i| pod(&format!("web-new-{i}"), "web-new", "web", true)).collect();
    let rs = [replicaset("web-old", "web", "web", 1, 3, 3), replicaset("web-new", "web", "web", 2, 3, 3)];
    let d = deployment("web", "web", 3, 2, (3, 3, 3, 3));
    let mut step = |old_n: usize, new_n: usize| {
        let mut objs = vec![d.clone(), rs[0].clone(), rs[1].clone()];
        objs.extend(old[3 - old_n..].iter().cloned());
        objs.extend(new[..new_n].iter().cloned());
        build_graph(&snap(&objs), &mut layout, &opts)
    };
    let g0 = step(3, 0);
    let top = pos(&g0, "Pod/default/web-old-0").1;
    step(3, 1);
    step(2, 1);
    step(2, 2);
    let g = step(1, 2);
    // Mid-rollout the remaining old pod keeps its row.
    assert_eq!(pos(&g, "Pod/default/web-old-2").1, top + 2.0 * crate::layout::ROW_H);
    let g = step(0, 3);
    // Half the rows were holes: compacted, new pods from the top in creation order.
    assert_eq!(pos(&g, "Pod/default/web-new-0").1, top);
    assert_eq!(pos(&g, "Pod/default/web-new-2").1, top + 2.0 * crate::layout::ROW_H);
}

#[test]
fn config_edges_and_missing_config() {
    let mut p = pod("app", "", "app", true);
    p["spec"]["containers"][0]["env"] = json!([
        {"name": "MODE", "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "mode"}}},
        {"name": "LEVEL", "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "level"}}},
        {"name": "PW", "valueFrom": {"secretKeyRef": {"name": "db-pass", "key": "password"}}}]);
    p["spec"]["containers"][0]["envFrom"] = json!([{"configMapRef": {"name": "common"}}]);
    p["spec"]["volumes"] = json!([{"name": "tls", "secret": {"secretName": "tls"}}]);
    let objs = vec![
        p,
        configmap("settings", json!({"mode": "fast"})),
        configmap("common", json!({"A": "1", "B": "2"})),
        secret("tls", json!({"tls.crt": "eA==", "tls.key": "eA=="})),
        configmap("unused", json!({})),
        configmap("kube-root-ca.crt", json!({"ca.crt": "x"})),
    ];
    let g = build(&objs);
    let e = |to: &str, label: &str| {
        g.edges
            .iter()
            .find(|e| e.from == "Pod/default/app" && e.to == to && e.label.as_deref() == Some(label))
            .map(|e| e.kind.clone())
    };
    assert_eq!(e("ConfigMap/default/settings", "mode"), Some(EdgeKind::EnvRef));
    assert_eq!(e("ConfigMap/default/common", "envFrom"), Some(EdgeKind::EnvRef));
    assert_eq!(e("Secret/default/tls", "tls"), Some(EdgeKind::Mounts));
    assert_eq!(e("Secret/default/db-pass", "password"), Some(EdgeKind::EnvRef));
    let missing = g.node("Secret/default/db-pass").unwrap();
    assert_eq!(missing.status, "not found");
    assert_eq!(missing.flagged.as_deref(), Some("not found"));
    assert_eq!(missing.health, Health::Error);
    let settings = g.node("ConfigMap/default/settings").unwrap();
    assert_eq!(settings.status, "1 key");
    assert_eq!(settings.flagged.as_deref(), Some("no key level"));
    assert_eq!(g.node("Secret/default/tls").unwrap().sublabel, "Opaque · 2 keys");
    assert!(g.node("ConfigMap/default/unused").is_some());
    assert!(g.node("ConfigMap/default/kube-root-ca.crt").is_none());
    // Used config sits in the pod's row group, right of the pods column.
    assert!(settings.x > g.node("Pod/default/app").unwrap().x);
}

#[test]
fn env_values_naming_services_become_route_edges() {
    let mut p = pod("frontend", "", "frontend", true);
    p["spec"]["containers"][0]["env"] = json!([
        {"name": "REDIS_HOST", "value": "redis-service"},
        {"name": "API_URL", "value": "http://api.default.svc:8080/v1"},
        {"name": "CACHE", "value": "redis-service:6379"},
        {"name": "OTHER", "value": "not-a-service"},
        {"name": "EXT", "value": "https://example.com"}]);
    let objs = vec![
        p,
        service("redis-service", json!({"app": "redis"}), json!(6379)),
        service("api", json!({"app": "api"}), json!(8080)),
    ];
    let g = build(&objs);
    let routes: Vec<(&str, &str)> = g
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Routes)
        .map(|e| (e.to.as_str(), e.label.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        routes,
        vec![
            ("Service/default/api", "API_URL"),
            ("Service/default/redis-service", "CACHE"),
            ("Service/default/redis-service", "REDIS_HOST")
        ]
    );
    assert!(g.edges.iter().all(|e| e.from == "Pod/default/frontend" || e.kind != EdgeKind::Routes));
    // Services that select nothing are flagged.
    assert_eq!(g.node("Service/default/api").unwrap().flagged.as_deref(), Some("no endpoints"));
    assert_eq!(g.node("Service/default/api").unwrap().health, Health::Error);
}

#[test]
fn namespace_filter_and_lanes() {
    let mut other = pod("x", "", "x", true);
    other["metadata"]["namespace"] = json!("other");
    let mut pending = pod("p2", "", "web", false);
    pending["spec"].as_object_mut().unwrap().remove("nodeName");
    pending["status"] = json!({"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False",
        "reason": "Unschedulable", "message": "0/1 nodes are available: 1 Insufficient cpu."}]});
    let objs = vec![
        pod("p1", "", "web", true),
        pending,
        other,
        json!({"kind": "Node", "metadata": {"name": "node-1"}, "spec": {"unschedulable": true},
            "status": {"conditions": [{"type": "Ready", "status": "True"}]}}),
    ];
    let opts =
        GraphOptions { namespace: Some("default".into()), show_node_lanes: true, ..Default::default() };
    let g = build_graph(&snap(&objs), &mut LayoutState::new(), &opts);
    assert!(g.node("Pod/other/x").is_none());
    assert_eq!(g.lanes.len(), 2);
    assert_eq!(g.lanes[0].name, "node-1");
    assert_eq!(g.lanes[0].status, "Ready,SchedulingDisabled");
    assert_eq!(g.lanes[1].name, "(unscheduled)");
    let p1 = g.node("Pod/default/p1").unwrap();
    let p2 = g.node("Pod/default/p2").unwrap();
    assert!(p1.x >= g.lanes[0].x && p1.x + p1.w <= g.lanes[0].x + g.lanes[0].w);
    assert!(p2.x >= g.lanes[1].x);
    assert_eq!(p2.status, "Pending");
    assert_eq!(p2.health, Health::Warning);
    assert_eq!(p2.flagged.as_deref(), Some("unschedulable"));
}

#[test]
fn deployment_health_states() {
    let d = |f: &dyn Fn(&mut Value)| {
        let mut d = deployment("web", "web", 3, 1, (3, 3, 3, 3));
        f(&mut d);
        let objs = [d, replicaset("web-5d4f8c7b9", "web", "web", 1, 3, 3)];
        build(&objs).node("Deployment/default/web").unwrap().clone()
    };
    let ok = d(&|_| {});
    assert_eq!((ok.health, ok.progress, ok.sublabel.as_str()), (Health::Ok, Some(1.0), "3/3 ready · rev 1"));
    assert_eq!(ok.icon, "✓");
    let exceeded = d(&|d| {
        d["status"]["conditions"] = json!([{"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded",
            "message": "ReplicaSet \"web-5d4f8c7b9\" has timed out progressing."}]);
        d["status"]["availableReplicas"] = json!(2);
    });
    assert_eq!(exceeded.health, Health::Error);
    assert_eq!(exceeded.flagged.as_deref(), Some("progress deadline exceeded"));
    let paused = d(&|d| d["spec"]["paused"] = json!(true));
    assert_eq!((paused.health, paused.flagged.as_deref()), (Health::Warning, Some("paused")));
    let unavailable = d(&|d| {
        d["status"]["availableReplicas"] = json!(1);
        d["status"]["conditions"] =
            json!([{"type": "Available", "status": "False", "reason": "MinimumReplicasUnavailable"}]);
    });
    assert_eq!(unavailable.health, Health::Warning);
    let stale = d(&|d| d["metadata"]["generation"] = json!(2));
    assert_eq!(stale.health, Health::Progressing);
}

#[test]
fn node_index_resolves_collapsed_pods() {
    let objs = big_rs(13, 13);
    let g = build(&objs);
    let idx = g.node_index();
    let gi = idx["PodGroup/default/api-6b8d9c7f5"];
    assert_eq!(idx["Pod/default/api-6b8d9c7f5-p007"], gi);
    assert_eq!(g.nodes[idx["Service/default/api"]].kind, NodeKind::Service);
    // Every edge end is a node.
    assert!(g.edges.iter().all(|e| idx.contains_key(e.from.as_str()) && idx.contains_key(e.to.as_str())));
}

#[test]
fn expanding_a_group_puts_its_pods_where_the_group_was() {
    let objs = big_rs(13, 13);
    let mut layout = LayoutState::new();
    let mut opts = GraphOptions::default();
    let g = build_graph(&snap(&objs), &mut layout, &opts);
    let top = pos(&g, "PodGroup/default/api-6b8d9c7f5");
    opts.expanded_groups.insert("PodGroup/default/api-6b8d9c7f5".into());
    let g = build_graph(&snap(&objs), &mut layout, &opts);
    assert_eq!(pos(&g, "Pod/default/api-6b8d9c7f5-p000"), top);
    opts.expanded_groups.clear();
    let g = build_graph(&snap(&objs), &mut layout, &opts);
    assert_eq!(pos(&g, "PodGroup/default/api-6b8d9c7f5"), top);
    assert_eq!(g.height, build(&objs).height);
}

#[test]
fn edges_carry_svg_paths() {
    let g = build(&rollout());
    let d = g.node("Deployment/default/web").unwrap();
    let rs = g.node("ReplicaSet/default/web-5d4f8c7b9").unwrap();
    let e = edge(&g, "Deployment/default/web", "ReplicaSet/default/web-5d4f8c7b9").unwrap();
    let (x1, y1, x2, y2) = (d.x + d.w, d.y + d.h / 2.0, rs.x, rs.y + rs.h / 2.0);
    let dx = (x2 - x1) / 2.0;
    assert_eq!(
        e.path,
        format!("M{x1:.1},{y1:.1} C{:.1},{y1:.1} {:.1},{y2:.1} {x2:.1},{y2:.1}", x1 + dx, x2 - dx)
    );
    assert!(g.edges.iter().all(|e| e.path.starts_with('M')));
}

#[test]
fn path_numbers_have_one_decimal_like_format() {
    let mut vals: Vec<f32> = (0..4000).map(|k| k as f32 * 0.5).collect();
    vals.extend([123.456, 0.04, 99.96, 1e6 + 0.3, -12.34, 7.0 / 3.0]);
    for v in vals {
        let mut s = String::new();
        push_tenths(&mut s, v);
        assert_eq!(s, format!("{v:.1}"), "{v}");
    }
}

#[test]
fn pod_facts_are_reread_only_when_the_resource_version_changes() {
    let mut objs = big_rs(13, 13);
    for (i, o) in objs.iter_mut().enumerate() {
        o["metadata"]["resourceVersion"] = json!(format!("{}", 100 + i));
    }
    let mut layout = LayoutState::new();
    let g = build_graph(&snap(&objs), &mut layout, &GraphOptions::default());
    assert_eq!(g.node("PodGroup/default/api-6b8d9c7f5").unwrap().status, "13 Running");
    assert_eq!(layout.pods.len(), 13);

    // The pod stops being ready: a new resourceVersion, so its facts are read again.
    let p = 3 + 4;
    objs[p]["status"]["containerStatuses"][0]["ready"] = json!(false);
    objs[p]["status"]["containerStatuses"][0]["state"] = json!({"waiting": {"reason": "CrashLoopBackOff"}});
    objs[p]["metadata"]["resourceVersion"] = json!("900");
    let g = build_graph(&snap(&objs), &mut layout, &GraphOptions::default());
    assert_eq!(g.node("PodGroup/default/api-6b8d9c7f5").unwrap().status, "12 Running, 1 CrashLoopBackOff");
    // Same version, same facts (the API server bumps resourceVersion on every change).
    objs[p]["status"]["containerStatuses"][0]["state"] = json!({"waiting": {"reason": "ImagePullBackOff"}});
    let g = build_graph(&snap(&objs), &mut layout, &GraphOptions::default());
    assert_eq!(g.node("PodGroup/default/api-6b8d9c7f5").unwrap().status, "12 Running, 1 CrashLoopBackOff");
    // A fresh layout reads everything.
    let g = build_graph(&snap(&objs), &mut LayoutState::new(), &GraphOptions::default());
    assert_eq!(g.node("PodGroup/default/api-6b8d9c7f5").unwrap().status, "12 Running, 1 ImagePullBackOff");

    // Pods that are gone leave the cache.
    objs.truncate(3 + 5);
    build_graph(&snap(&objs), &mut layout, &GraphOptions::default());
    assert_eq!(layout.pods.len(), 5);
}
