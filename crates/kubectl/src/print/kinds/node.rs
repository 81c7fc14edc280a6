//! nodes: `kubectl get` columns and cells (`printers.go`), and its describer.

use kubeplay_model::pod::quantity_milli;

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
    describe: Some(describe_node),
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

fn describe_node(w: &mut describe::W, node: &Object, ctx: &describe::DescribeContext, now: SimTime) {
    w.w(0, &format!("Name:\t{}\n", node.name()));
    let roles = crate::print::table::table_for("nodes", &[node], now, &Default::default())
        .rows
        .first()
        .and_then(|r| r.cells.get(2).cloned())
        .unwrap_or_else(|| "<none>".into());
    w.w(0, &format!("Roles:\t{roles}\n"));
    describe::labels_multiline(w, "Labels", node.at("metadata.labels"));
    describe::annotations_multiline(w, "Annotations", node.at("metadata.annotations"));
    w.w(
        0,
        &format!("CreationTimestamp:\t{}\n", describe::time_field(node.str_at("metadata.creationTimestamp"))),
    );
    describe::taints_multiline(w, "Taints", arr(node, "spec.taints"));
    w.w(0, &format!("Unschedulable:\t{}\n", node.bool_at("spec.unschedulable").unwrap_or(false)));
    let renew = lease_renew_time(node, now).to_rfc1123z();
    w.w(0, "Lease:\n");
    w.w(0, &format!("  HolderIdentity:\t{}\n", node.name()));
    w.w(0, "  AcquireTime:\t<unset>\n");
    w.w(0, &format!("  RenewTime:\t{renew}\n"));
    let conds = arr(node, "status.conditions");
    if !conds.is_empty() {
        w.w(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
        w.w(1, "----\t------\t-----------------\t------------------\t------\t-------\n");
        for c in conds {
            w.w(
                1,
                &format!(
                    "{} \t{} \t{} \t{} \t{} \t{}\n",
                    s(c, "type"),
                    s(c, "status"),
                    describe::time_field(c.get("lastHeartbeatTime").and_then(Value::as_str)),
                    describe::time_field(c.get("lastTransitionTime").and_then(Value::as_str)),
                    s(c, "reason"),
                    s(c, "message")
                ),
            );
        }
    }
    w.w(0, "Addresses:\n");
    for a in arr(node, "status.addresses") {
        w.w(1, &format!("{}:\t{}\n", s(a, "type"), s(a, "address")));
    }
    for (key, title) in [("status.capacity", "Capacity"), ("status.allocatable", "Allocatable")] {
        let items = describe::str_map(node.at(key));
        if !items.is_empty() {
            w.w(0, &format!("{title}:\n"));
            for (k, v) in describe::sorted_resources(items) {
                w.w(0, &format!("  {k}:\t{}\n", describe::canonical_quantity(&v)));
            }
        }
    }
    let info = |k: &str| node.at("status.nodeInfo").map(|i| s(i, k).to_string()).unwrap_or_default();
    w.w(0, "System Info:\n");
    for (title, k) in [
        ("Machine ID", "machineID"),
        ("System UUID", "systemUUID"),
        ("Boot ID", "bootID"),
        ("Kernel Version", "kernelVersion"),
        ("OS Image", "osImage"),
        ("Operating System", "operatingSystem"),
        ("Architecture", "architecture"),
        ("Container Runtime Version", "containerRuntimeVersion"),
        ("Kubelet Version", "kubeletVersion"),
        ("Kube-Proxy Version", "kubeProxyVersion"),
    ] {
        w.w(0, &format!("  {title}:\t{}\n", info(k)));
    }
    if let Some(c) = node.str_at("spec.podCIDR").filter(|x| !x.is_empty()) {
        w.w(0, &format!("PodCIDR:\t{c}\n"));
    }
    let cidrs: Vec<String> = arr(node, "spec.podCIDRs").iter().map(plain).collect();
    if !cidrs.is_empty() {
        w.w(0, &format!("PodCIDRs:\t{}\n", cidrs.join(",")));
    }
    if let Some(p) = node.str_at("spec.providerID").filter(|x| !x.is_empty()) {
        w.w(0, &format!("ProviderID:\t{p}\n"));
    }
    let alloc_path =
        if node.at("status.allocatable").and_then(Value::as_object).is_some_and(|m| !m.is_empty()) {
            "status.allocatable"
        } else {
            "status.capacity"
        };
    let alloc_cpu = quantity_milli(node.at(alloc_path).and_then(|m| m.get("cpu")));
    let alloc_mem = quantity_milli(node.at(alloc_path).and_then(|m| m.get("memory")));
    let pct = |x: i128, total: i128| if total == 0 { 0 } else { x.saturating_mul(100) / total };
    // kubectl lists them with `status.phase!=Succeeded,status.phase!=Failed`.
    let pods: Vec<&Object> = ctx
        .pods
        .iter()
        .copied()
        .filter(|p| !matches!(p.str_at("status.phase"), Some("Succeeded") | Some("Failed")))
        .collect();
    w.w(0, &format!("Non-terminated Pods:\t({} in total)\n", pods.len()));
    w.w(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
    w.w(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
    let (mut tcr, mut tcl, mut tmr, mut tml) = (0i128, 0i128, 0i128, 0i128);
    let mut mem_binary = true;
    for p in &pods {
        let (cr, cl) =
            (describe::pod_request(p, "requests", "cpu"), describe::pod_request(p, "limits", "cpu"));
        let (mr, ml) =
            (describe::pod_request(p, "requests", "memory"), describe::pod_request(p, "limits", "memory"));
        let bin = arr(p, "spec.containers").iter().all(|c| {
            describe::is_binary(c.at("resources.requests.memory"))
                || c.at("resources.requests.memory").is_none()
        });
        mem_binary &= bin;
        tcr = tcr.saturating_add(cr);
        tcl = tcl.saturating_add(cl);
        tmr = tmr.saturating_add(mr);
        tml = tml.saturating_add(ml);
        w.w(
            1,
            &format!(
                "{}\t{}\t\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{}\n",
                p.namespace(),
                p.name(),
                describe::format_quantity(cr, false),
                pct(cr, alloc_cpu),
                describe::format_quantity(cl, false),
                pct(cl, alloc_cpu),
                describe::format_quantity(mr, bin),
                pct(mr, alloc_mem),
                describe::format_quantity(ml, bin),
                pct(ml, alloc_mem),
                describe::since(p.str_at("metadata.creationTimestamp"), now)
            ),
        );
    }
    w.w(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
    w.w(1, "Resource\tRequests\tLimits\n");
    w.w(1, "--------\t--------\t------\n");
    w.w(
        1,
        &format!(
            "cpu\t{} ({}%)\t{} ({}%)\n",
            describe::format_quantity(tcr, false),
            pct(tcr, alloc_cpu),
            describe::format_quantity(tcl, false),
            pct(tcl, alloc_cpu)
        ),
    );
    w.w(
        1,
        &format!(
            "memory\t{} ({}%)\t{} ({}%)\n",
            describe::format_quantity(tmr, mem_binary),
            pct(tmr, alloc_mem),
            describe::format_quantity(tml, mem_binary),
            pct(tml, alloc_mem)
        ),
    );
    w.w(1, "ephemeral-storage\t0 (0%)\t0 (0%)\n");
    let mut huge: Vec<String> = node
        .at(alloc_path)
        .and_then(Value::as_object)
        .map(|m| m.keys().filter(|k| k.starts_with("hugepages-")).cloned().collect())
        .unwrap_or_default();
    huge.sort();
    for h in huge {
        w.w(1, &format!("{h}\t0 (0%)\t0 (0%)\n"));
    }
    describe::describe_events(w, &ctx.events, now);
}

/// When the node's Lease was last renewed. A running kubelet renews it every 10 s (a quarter of
/// the 40 s lease duration), far more often than it re-posts an unchanged status (5 min), so for
/// a Ready node it is the latest 10 s tick since the node started, computed here rather than
/// stored (three writes per node every 10 s would dominate an idle cluster's work). A node whose
/// kubelet stopped last renewed around its last heartbeat.
fn lease_renew_time(node: &Object, now: SimTime) -> SimTime {
    const RENEW_INTERVAL_MS: i64 = 10_000;
    let ready = arr(node, "status.conditions").iter().find(|c| s(c, "type") == "Ready");
    let heartbeat = ready
        .and_then(|c| c.get("lastHeartbeatTime").and_then(Value::as_str))
        .and_then(SimTime::parse_rfc3339);
    let running = ready.is_some_and(|c| s(c, "status") == "True");
    match (running, node.str_at("metadata.creationTimestamp").and_then(SimTime::parse_rfc3339)) {
        (true, Some(start)) if start <= now => {
            let since = now.millis() - start.millis();
            start.plus_millis(since - since % RENEW_INTERVAL_MS)
        }
        _ => heartbeat.unwrap_or(now),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_ready_nodes_lease_renews_every_ten_seconds_and_a_stopped_one_does_not() {
        let node = |status: &str| -> Object {
            serde_json::from_value(json!({
                "metadata": {"name": "n", "creationTimestamp": "2026-01-01T00:00:00Z"},
                "status": {"conditions": [{"type": "Ready", "status": status, "lastHeartbeatTime": "2026-01-01T00:05:00Z"}]}
            }))
            .unwrap()
        };
        let at = |t: &str| SimTime::parse_rfc3339(t).unwrap();
        let now = at("2026-01-01T00:07:37Z");
        assert_eq!(lease_renew_time(&node("True"), now), at("2026-01-01T00:07:30Z"));
        assert_eq!(lease_renew_time(&node("Unknown"), now), at("2026-01-01T00:05:00Z"));
    }
}
