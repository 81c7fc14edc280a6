//! The read-only view of the object store (a lister, in client-go's words) that every reconciler
//! reads: the controllers, the scheduler, the kubelet and the network. The API server implements
//! it with its indexes; tests implement the two required methods over a small map and get the
//! rest computed from lists, by the same functions the indexes use, so both answer identically.

use std::sync::Arc;

use crate::pod::controller_uid;
use crate::pod_index::{self, GroupSummary, NodeUsage};
use crate::{LabelSelector, Object, SimTime};

pub trait Store {
    /// One object, or `None` when it does not exist.
    fn get(&self, resource: &str, ns: &str, name: &str) -> Option<Arc<Object>>;
    /// `None` = all namespaces; sorted by (namespace, name).
    fn list(&self, resource: &str, ns: Option<&str>) -> Vec<Arc<Object>>;
    /// The objects whose labels `sel` matches, in `list` order.
    fn list_selected(&self, resource: &str, ns: Option<&str>, sel: &LabelSelector) -> Vec<Arc<Object>> {
        self.list(resource, ns).into_iter().filter(|o| sel.matches_object(o)).collect()
    }
    /// Objects whose *controller* ownerReference has this uid, sorted by (namespace, name).
    fn list_owned_by(&self, resource: &str, owner_uid: &str) -> Vec<Arc<Object>> {
        self.list(resource, None).into_iter().filter(|o| controller_uid(o) == Some(owner_uid)).collect()
    }
    /// The pods this uid controls, counted per label set at `now` (an index in the API server).
    fn owned_pod_summary(&self, owner_uid: &str, min_ready_seconds: i64, now: SimTime) -> Vec<GroupSummary> {
        let pods = self.list_owned_by("pods", owner_uid);
        pod_index::summarize(
            &pod_index::owner_groups_from_pods(pods.iter().map(|p| &**p)),
            min_ready_seconds,
            now,
        )
    }
    /// Pods in `ns` without a controller ownerReference (candidates for adoption).
    fn orphan_pods(&self, ns: &str) -> Vec<Arc<Object>> {
        self.list("pods", Some(ns)).into_iter().filter(|p| controller_uid(p).is_none()).collect()
    }
    /// What the non-terminal pods bound to `node` request (the scheduler cache's view).
    fn node_usage(&self, node: &str) -> NodeUsage {
        NodeUsage::from_pods(node, self.list("pods", None).iter().map(|p| &**p))
    }
}
