//! The accessible text alternative of the graph: every object with its status and relations as
//! plain sentences.

use std::collections::BTreeMap;

use crate::graph::build_graph;
use crate::layout::LayoutState;
use crate::snapshot::Snapshot;
use crate::types::{EdgeKind, GraphModel, GraphNode, GraphOptions, Health, NodeKind};
use crate::util::join_capped;

#[derive(Clone, Debug, PartialEq)]
pub struct ListItem {
    /// The graph node id.
    pub id: String,
    pub kind: NodeKind,
    pub namespace: String,
    pub name: String,
    pub status: String,
    pub health: Health,
    /// Plain phrases: `owned by ReplicaSet web-66b6c48dd5`, `selected by Service web (ready endpoint)`.
    pub relations: Vec<String>,
    /// One line for a screen reader: `Pod web-66b6c48dd5-abcde: Running, healthy. Owned by …`.
    pub text: String,
}

/// Every object of the snapshot (all namespaces) as a list item, pods never grouped.
pub fn object_list(s: &Snapshot) -> Vec<ListItem> {
    object_list_in(s, None)
}

/// Like [`object_list`], for one namespace.
pub fn object_list_in(s: &Snapshot, namespace: Option<&str>) -> Vec<ListItem> {
    let opts = GraphOptions {
        namespace: namespace.map(String::from),
        group_threshold: usize::MAX,
        ..GraphOptions::default()
    };
    let g = build_graph(s, &mut LayoutState::new(), &opts);
    list_from_graph(&g)
}

/// List items for an already built graph (PodGroups appear as one item).
pub fn list_from_graph(g: &GraphModel) -> Vec<ListItem> {
    let by_id: BTreeMap<&str, &GraphNode> = g.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let mut rel: BTreeMap<&str, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    let word = |id: &str| by_id.get(id).map(|n| (kind_word(n.kind), n.name.clone()));
    for e in &g.edges {
        let (Some((fk, fname)), Some((tk, tname))) = (word(&e.from), word(&e.to)) else { continue };
        let label = e.label.clone().unwrap_or_default();
        let (out_verb, out_obj, in_verb, in_obj) = match e.kind {
            EdgeKind::Owns => (format!("owns {tk}"), tname, format!("owned by {fk}"), fname),
            EdgeKind::Selects { ready } => {
                let r = if ready { "ready" } else { "not ready" };
                (
                    format!("sends traffic to {tk}"),
                    format!("{tname} ({r})"),
                    format!("selected by {fk}"),
                    format!("{fname} ({r} endpoint)"),
                )
            }
            EdgeKind::Mounts => (
                format!("mounts {tk}"),
                format!("{tname} (volume {label})"),
                format!("mounted by {fk}"),
                fname,
            ),
            EdgeKind::EnvRef => (
                format!("reads env from {tk}"),
                format!("{tname} ({label})"),
                format!("read into env by {fk}"),
                fname,
            ),
            EdgeKind::Routes => (
                format!("names {tk}"),
                format!("{tname} (env {label})"),
                format!("named in env by {fk}"),
                format!("{fname} ({label})"),
            ),
        };
        rel.entry(e.from.as_str()).or_default().entry(out_verb).or_default().push(out_obj);
        rel.entry(e.to.as_str()).or_default().entry(in_verb).or_default().push(in_obj);
    }
    let mut nodes: Vec<&GraphNode> = g.nodes.iter().collect();
    nodes.sort_by(|a, b| {
        kind_order(a.kind)
            .cmp(&kind_order(b.kind))
            .then_with(|| a.namespace.cmp(&b.namespace))
            .then_with(|| a.name.cmp(&b.name))
    });
    nodes
        .into_iter()
        .map(|n| {
            let relations: Vec<String> = rel
                .get(n.id.as_str())
                .map(|m| m.iter().map(|(verb, objs)| format!("{verb} {}", join_capped(objs, 10))).collect())
                .unwrap_or_default();
            let mut text = format!("{} {}", kind_word(n.kind), n.name);
            if n.kind == NodeKind::PodGroup {
                text = format!("{} of ReplicaSet {}", n.label, n.name);
            }
            text.push_str(&format!(": {}, {}", n.status, n.health.word()));
            if let Some(f) = &n.flagged {
                text.push_str(&format!(" ({f})"));
            }
            text.push('.');
            for r in &relations {
                let mut c = r.chars();
                if let Some(first) = c.next() {
                    text.push_str(&format!(" {}{}.", first.to_uppercase(), c.as_str()));
                }
            }
            ListItem {
                id: n.id.clone(),
                kind: n.kind,
                namespace: n.namespace.clone(),
                name: n.name.clone(),
                status: n.status.clone(),
                health: n.health,
                relations,
                text,
            }
        })
        .collect()
}

fn kind_word(k: NodeKind) -> &'static str {
    match k {
        NodeKind::PodGroup => "Pod group",
        other => other.as_str(),
    }
}

fn kind_order(k: NodeKind) -> u8 {
    match k {
        NodeKind::Deployment => 0,
        NodeKind::ReplicaSet => 1,
        NodeKind::Pod | NodeKind::PodGroup => 2,
        NodeKind::Service => 3,
        NodeKind::ConfigMap => 4,
        NodeKind::Secret => 5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::*;
    use kubeplay_model::SimTime;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn sentences_for_each_object() {
        let mut p = pod("web-5d4f8c7b9-aaaaa", "web-5d4f8c7b9", "web", true);
        p["spec"]["volumes"] = json!([{"name": "conf", "configMap": {"name": "nginx-conf"}}]);
        let objs = [
            deployment("web", "web", 1, 1, (1, 1, 1, 1)),
            replicaset("web-5d4f8c7b9", "web", "web", 1, 1, 1),
            p,
            service("web", json!({"app": "web"}), json!(80)),
            configmap("nginx-conf", json!({"nginx.conf": "x"})),
        ];
        let s = Snapshot::from_objects(objs.iter(), SimTime(0), 1);
        let items = object_list(&s);
        let texts: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "Deployment web: 1/1, healthy. Owns ReplicaSet web-5d4f8c7b9.",
                "ReplicaSet web-5d4f8c7b9: 1/1, healthy. Owned by Deployment web. Owns Pod web-5d4f8c7b9-aaaaa.",
                "Pod web-5d4f8c7b9-aaaaa: Running, healthy. Mounts ConfigMap nginx-conf (volume conf). Owned by ReplicaSet web-5d4f8c7b9. Selected by Service web (ready endpoint).",
                "Service web: ClusterIP 10.96.0.12, healthy. Sends traffic to Pod web-5d4f8c7b9-aaaaa (ready).",
                "ConfigMap nginx-conf: 1 key, healthy. Mounted by Pod web-5d4f8c7b9-aaaaa.",
            ]
        );
        assert_eq!(items[2].relations[1], "owned by ReplicaSet web-5d4f8c7b9");
    }
}
