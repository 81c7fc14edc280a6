//! Read access to the object store. The API server implements this; tests use a small map.

use std::sync::Arc;

use kubeplay_apiserver::pod_index::NodeUsage;
use kubeplay_model::{Object, ObjectExt};

/// What the node components read from the API server.
pub trait Store {
    fn get_object(&self, resource: &str, namespace: &str, name: &str) -> Option<Arc<Object>>;
    /// All objects of a resource, in one namespace or (None) all of them.
    fn list_objects(&self, resource: &str, namespace: Option<&str>) -> Vec<Arc<Object>>;
    /// What the non-terminal pods bound to `node` request (an index in the API server;
    /// computed from the list here).
    fn node_usage(&self, node: &str) -> NodeUsage {
        NodeUsage::from_pods(node, self.list_objects("pods", None).iter().map(|p| &**p))
    }
}

impl Store for kubeplay_apiserver::ApiServer {
    fn get_object(&self, resource: &str, namespace: &str, name: &str) -> Option<Arc<Object>> {
        self.get(resource, namespace, name).ok()
    }
    fn list_objects(&self, resource: &str, namespace: Option<&str>) -> Vec<Arc<Object>> {
        self.list(resource, namespace)
    }
    fn node_usage(&self, node: &str) -> NodeUsage {
        kubeplay_apiserver::ApiServer::node_usage(self, node)
    }
}

pub(crate) use kubeplay_model::pod::quantity_milli as qty_milli;

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
