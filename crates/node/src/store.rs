//! Read access to the object store. The API server implements this; tests use a small map.

use std::sync::Arc;

use kubeplay_model::{Object, ObjectExt};

/// What the node components read from the API server.
pub trait Store {
    fn get_object(&self, resource: &str, namespace: &str, name: &str) -> Option<Arc<Object>>;
    /// All objects of a resource, in one namespace or (None) all of them.
    fn list_objects(&self, resource: &str, namespace: Option<&str>) -> Vec<Arc<Object>>;
}

/// Pods bound to a node that still hold resources (not Succeeded/Failed).
pub(crate) fn pods_on_node<S: Store + ?Sized>(api: &S, node: &str) -> Vec<Arc<Object>> {
    api.list_objects("pods", None)
        .into_iter()
        .filter(|p| p.str_at("spec.nodeName") == Some(node))
        .filter(|p| !matches!(p.str_at("status.phase"), Some("Succeeded") | Some("Failed")))
        .collect()
}
