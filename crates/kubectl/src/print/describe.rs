//! `kubectl describe` layouts (reference §8.7), tabwriter padding 2.

use kubeplay_model::{Object, SimTime};

/// What the describers look up besides the object itself. The caller fills what applies.
#[derive(Clone, Debug, Default)]
pub struct DescribeContext<'a> {
    /// Events whose involvedObject is the described object (any order; sorted here).
    pub events: Vec<&'a Object>,
    /// Deployment: all ReplicaSets it owns (new/old are worked out here).
    pub replicasets: Vec<&'a Object>,
    /// ReplicaSet: its pods (for `Pods Status`). Node: the pods bound to it.
    pub pods: Vec<&'a Object>,
    /// Service: its Endpoints object, if any.
    pub endpoints: Option<&'a Object>,
}

/// `kubectl describe <resource> <name>` for one object (plural resource name, e.g. `pods`).
pub fn describe(resource: &str, obj: &Object, ctx: &DescribeContext, now: SimTime) -> String {
    let _ = (resource, obj, ctx, now);
    String::new()
}
