//! The API server as the node crate's read-only `Store`.

use std::sync::Arc;

use kubeplay_apiserver::ApiServer;
use kubeplay_model::Object;

pub struct NodeView<'a>(pub &'a ApiServer);

impl kubeplay_node::Store for NodeView<'_> {
    fn get_object(&self, resource: &str, namespace: &str, name: &str) -> Option<Arc<Object>> {
        self.0.get(resource, namespace, name).ok()
    }
    fn list_objects(&self, resource: &str, namespace: Option<&str>) -> Vec<Arc<Object>> {
        self.0.list(resource, namespace)
    }
    fn node_usage(&self, node: &str) -> kubeplay_apiserver::pod_index::NodeUsage {
        self.0.node_usage(node)
    }
}
