//! `kubectl top pods|nodes` tables from usage numbers the caller supplies.

/// One pod's usage.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PodUsage {
    pub namespace: String,
    pub name: String,
    pub cpu_milli: i64,
    pub memory_bytes: i64,
}

/// One node's usage and allocatable capacity (for the percentages).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct NodeUsage {
    pub name: String,
    pub cpu_milli: i64,
    pub memory_bytes: i64,
    pub allocatable_cpu_milli: i64,
    pub allocatable_memory_bytes: i64,
}

/// `kubectl top pods [-A]`.
pub fn top_pods(pods: &[PodUsage], all_namespaces: bool) -> String {
    let _ = (pods, all_namespaces);
    String::new()
}

/// `kubectl top nodes`.
pub fn top_nodes(nodes: &[NodeUsage]) -> String {
    let _ = nodes;
    String::new()
}
