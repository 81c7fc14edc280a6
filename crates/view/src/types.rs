//! The graph's plain-old-data types: what the UI draws.

use std::collections::{BTreeMap, BTreeSet};

/// What a graph node stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKind {
    Deployment,
    ReplicaSet,
    Pod,
    /// More than `group_threshold` pods of one ReplicaSet, collapsed into one counted node.
    PodGroup,
    Service,
    ConfigMap,
    Secret,
}

impl NodeKind {
    /// The Kubernetes kind name (`PodGroup` reads `Pods`).
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Deployment => "Deployment",
            NodeKind::ReplicaSet => "ReplicaSet",
            NodeKind::Pod => "Pod",
            NodeKind::PodGroup => "Pods",
            NodeKind::Service => "Service",
            NodeKind::ConfigMap => "ConfigMap",
            NodeKind::Secret => "Secret",
        }
    }
}

/// Status at a glance; drives colour. The UI also shows [`Health::icon`] / [`Health::word`] so
/// colour is never the only signal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Health {
    Ok,
    Progressing,
    Warning,
    Error,
    Unknown,
    Terminating,
}

impl Health {
    /// A short text glyph for non-colour status.
    pub fn icon(self) -> &'static str {
        match self {
            Health::Ok => "✓",
            Health::Progressing => "↻",
            Health::Warning => "!",
            Health::Error => "✗",
            Health::Unknown => "?",
            Health::Terminating => "⌛",
        }
    }
    /// A word for screen readers and legends.
    pub fn word(self) -> &'static str {
        match self {
            Health::Ok => "healthy",
            Health::Progressing => "in progress",
            Health::Warning => "warning",
            Health::Error => "error",
            Health::Unknown => "unknown",
            Health::Terminating => "terminating",
        }
    }
    /// Severity order used to summarise a group: Error worst, Ok best.
    pub fn severity(self) -> u8 {
        match self {
            Health::Ok => 0,
            Health::Unknown => 1,
            Health::Terminating => 2,
            Health::Progressing => 3,
            Health::Warning => 4,
            Health::Error => 5,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct GraphNode {
    /// Stable id: `<Kind>/<namespace>/<name>`, or `PodGroup/<namespace>/<replicaset>`.
    pub id: String,
    pub kind: NodeKind,
    pub name: String,
    pub namespace: String,
    /// Pods: kubectl's STATUS column. Deployments/ReplicaSets: `ready/desired`. Services:
    /// `<type> <clusterIP>`. ConfigMaps/Secrets: `<n> keys` (or `not found`). PodGroups: counts.
    pub status: String,
    pub health: Health,
    pub icon: &'static str,
    pub label: String,
    pub sublabel: String,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    /// PodGroup: how many pods it stands for.
    pub count: Option<usize>,
    /// ReplicaSet: `deployment.kubernetes.io/revision`.
    pub revision: Option<i64>,
    /// Deployments/ReplicaSets: (spec.replicas, status.readyReplicas, status.availableReplicas).
    pub replicas: Option<(i64, i64, i64)>,
    /// Deployment rollout progress: new ReplicaSet's available replicas / desired, 0..=1.
    pub progress: Option<f32>,
    /// Something the learner should look at, e.g. `no endpoints`, `not found`, `unschedulable`.
    pub flagged: Option<String>,
    /// Pods: spec.nodeName.
    pub node_name: Option<String>,
    /// PodGroup: the ids of the pods it stands for (so a highlight of one pod can find it).
    pub members: Vec<String>,
    /// PodGroup left after expanding a group page by page ("show more"): how many of the
    /// ReplicaSet's pods are drawn before it. None for a collapsed group. See [`crate::paging`].
    pub shown_before: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeKind {
    /// Controller ownerReference: Deployment → ReplicaSet → Pod.
    Owns,
    /// Service → Pod its selector matches; `ready` = the pod is a ready endpoint.
    Selects { ready: bool },
    /// Pod → ConfigMap/Secret mounted as a volume (label = volume name).
    Mounts,
    /// Pod → ConfigMap/Secret read by env `valueFrom` (label = key) or `envFrom`.
    EnvRef,
    /// Pod → Service named in an env value (label = env var name).
    Routes,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GraphEdge {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
    pub label: Option<String>,
    /// SVG path data (`M… C…`) from the side of `from` facing `to`, in graph coordinates.
    pub path: String,
}

/// A Kubernetes Node drawn as a vertical lane across the pods column.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    /// The node name, or `(unscheduled)`.
    pub name: String,
    /// kubectl's node STATUS: `Ready`, `NotReady`, `Unknown`, `,SchedulingDisabled` appended.
    pub status: String,
    pub health: Health,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct GraphModel {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    /// Empty unless `GraphOptions::show_node_lanes`.
    pub lanes: Vec<Lane>,
    pub width: f32,
    pub height: f32,
}

impl GraphModel {
    /// Linear lookup; to resolve many ids (e.g. every edge's ends) build [`GraphModel::node_index`] once.
    pub fn node(&self, id: &str) -> Option<&GraphNode> {
        self.nodes.iter().find(|n| n.id == id)
    }
    /// id → position in `nodes`, including the pods collapsed into a PodGroup (→ the group).
    pub fn node_index(&self) -> BTreeMap<&str, usize> {
        let mut m = BTreeMap::new();
        for (i, n) in self.nodes.iter().enumerate() {
            for member in &n.members {
                m.insert(member.as_str(), i);
            }
        }
        for (i, n) in self.nodes.iter().enumerate() {
            m.insert(n.id.as_str(), i);
        }
        m
    }
    /// The node that shows `id`: the node itself, or the PodGroup a collapsed pod is part of.
    pub fn node_showing(&self, id: &str) -> Option<&GraphNode> {
        self.node(id).or_else(|| self.nodes.iter().find(|n| n.members.iter().any(|m| m == id)))
    }
    /// Edges touching `id`.
    pub fn edges_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a GraphEdge> + 'a {
        self.edges.iter().filter(move |e| e.from == id || e.to == id)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct GraphOptions {
    /// Only objects of this namespace (None: all namespaces).
    pub namespace: Option<String>,
    /// PodGroup ids the user expanded, and "show more" ids (see [`crate::paging`]).
    pub expanded_groups: BTreeSet<String>,
    /// A ReplicaSet with more pods than this collapses them into a PodGroup (default 12).
    pub group_threshold: usize,
    /// Pods an expanded group reveals per click (default [`crate::paging::POD_PAGE`]).
    pub pod_page: usize,
    /// Place pods in per-Node lanes.
    pub show_node_lanes: bool,
    /// Also draw ConfigMaps/Secrets no pod references (never `kube-root-ca.crt`). Default true.
    pub show_unused_config: bool,
}

impl Default for GraphOptions {
    fn default() -> Self {
        GraphOptions {
            namespace: None,
            expanded_groups: BTreeSet::new(),
            group_threshold: 12,
            pod_page: crate::paging::POD_PAGE,
            show_node_lanes: false,
            show_unused_config: true,
        }
    }
}
