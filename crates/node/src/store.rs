//! Small readers of stored objects the node components share.

use kubeplay_model::{Object, ObjectExt};

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
