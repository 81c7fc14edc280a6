//! Read access to the object store. The API server implements this; tests use a small map.

use std::sync::Arc;

use kubeplay_model::{Object, ObjectExt};

/// What the node components read from the API server.
pub trait Store {
    fn get_object(&self, resource: &str, namespace: &str, name: &str) -> Option<Arc<Object>>;
    /// All objects of a resource, in one namespace or (None) all of them.
    fn list_objects(&self, resource: &str, namespace: Option<&str>) -> Vec<Arc<Object>>;
}

impl Store for kubeplay_apiserver::ApiServer {
    fn get_object(&self, resource: &str, namespace: &str, name: &str) -> Option<Arc<Object>> {
        self.get(resource, namespace, name).ok()
    }
    fn list_objects(&self, resource: &str, namespace: Option<&str>) -> Vec<Arc<Object>> {
        self.list(resource, namespace)
    }
}

/// Parses a quantity, 0 when absent or malformed (the API server validated it already).
pub(crate) fn qty_milli(v: Option<&serde_json::Value>) -> i128 {
    let s = match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => return 0,
    };
    kubeplay_model::quantity::Quantity::parse(&s).map(|q| q.milli).unwrap_or(0)
}

/// The node's InternalIP.
pub(crate) fn node_ip(node: &Object) -> String {
    node.at("status.addresses")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .find(|a| a.get("type").and_then(serde_json::Value::as_str) == Some("InternalIP"))
        .and_then(|a| a.get("address").and_then(serde_json::Value::as_str))
        .unwrap_or("")
        .to_string()
}
