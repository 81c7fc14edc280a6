//! nodes: `kubectl get` columns and cells (`printers.go`), and its describer.

use super::prelude::*;

pub(crate) static PRINTER: Printer = Printer {
    plural: "nodes",
    columns: &[
        ("NAME", 0),
        ("STATUS", 0),
        ("ROLES", 0),
        ("AGE", 0),
        ("VERSION", 0),
        ("INTERNAL-IP", 1),
        ("EXTERNAL-IP", 1),
        ("OS-IMAGE", 1),
        ("KERNEL-VERSION", 1),
        ("CONTAINER-RUNTIME", 1),
    ],
    cells,
    describe: Some(describe::describe_node),
};

fn cells(o: &Object, now: SimTime, _wide: bool) -> Vec<String> {
    let name = o.name().to_string();
    vec![
        name,
        node_status(o),
        node_roles(o),
        age(o, now),
        o.str_at("status.nodeInfo.kubeletVersion").unwrap_or("").to_string(),
        node_address(o, "InternalIP"),
        node_address(o, "ExternalIP"),
        or_unknown(o.str_at("status.nodeInfo.osImage").unwrap_or("")),
        or_unknown(o.str_at("status.nodeInfo.kernelVersion").unwrap_or("")),
        or_unknown(o.str_at("status.nodeInfo.containerRuntimeVersion").unwrap_or("")),
    ]
}

fn node_roles(node: &Object) -> String {
    let mut roles = std::collections::BTreeSet::new();
    for (k, v) in node.labels() {
        if let Some(role) = k.strip_prefix("node-role.kubernetes.io/") {
            if !role.is_empty() {
                roles.insert(role.to_string());
            }
        } else if k == "kubernetes.io/role" {
            let v = plain(&v);
            if !v.is_empty() {
                roles.insert(v);
            }
        }
    }
    or_none(roles.into_iter().collect::<Vec<_>>().join(","))
}

fn node_address(node: &Object, ty: &str) -> String {
    arr(node, "status.addresses")
        .iter()
        .find(|a| s(a, "type") == ty)
        .map(|a| s(a, "address").to_string())
        .unwrap_or_else(|| "<none>".into())
}

fn or_unknown(v: &str) -> String {
    if v.is_empty() {
        "<unknown>".into()
    } else {
        v.to_string()
    }
}
