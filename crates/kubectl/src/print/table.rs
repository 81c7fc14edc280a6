//! `kubectl get` tables: the server-side column sets of `printers.go` and kubectl's table printer
//! options (`-o wide`, `-A`, `--show-labels`, `-L`, `--no-headers`, kind prefixes).

use kubeplay_model::{LabelSelector, Object, ObjectExt, SimTime};
use serde_json::Value;

use super::name::kind_group;
use super::pod_status::pod_summary;
use super::tabwriter;
use super::util::{age, arr, i, kv_join, plain, s, since};

/// A table column. Priority 0 columns always print; priority 1 only with `-o wide`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub priority: u8,
}

/// One row: its cells (already filtered to the visible columns) and the object's identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<String>,
    pub namespace: String,
    pub name: String,
}

/// A table ready to render: only the visible columns, in order.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub no_headers: bool,
}

/// kubectl's human-readable printer flags.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct TableOptions {
    /// `-o wide`: add the priority-1 columns.
    pub wide: bool,
    /// `--show-labels`: append `LABELS`.
    pub show_labels: bool,
    /// `-A`: prepend `NAMESPACE`.
    pub with_namespace: bool,
    /// Several kinds in one `get` (e.g. `get all`): names print as `deployment.apps/web`.
    pub with_kind_prefix: bool,
    /// `--no-headers`.
    pub no_headers: bool,
    /// `-L key1,key2`: one column per key (header = upper-cased last `/` segment).
    pub label_columns: Vec<String>,
}

/// The server-side column definitions of a resource: (header, priority).
fn columns(resource: &str) -> &'static [(&'static str, u8)] {
    match resource {
        "pods" => &[
            ("NAME", 0),
            ("READY", 0),
            ("STATUS", 0),
            ("RESTARTS", 0),
            ("AGE", 0),
            ("IP", 1),
            ("NODE", 1),
            ("NOMINATED NODE", 1),
            ("READINESS GATES", 1),
        ],
        "deployments" => &[
            ("NAME", 0),
            ("READY", 0),
            ("UP-TO-DATE", 0),
            ("AVAILABLE", 0),
            ("AGE", 0),
            ("CONTAINERS", 1),
            ("IMAGES", 1),
            ("SELECTOR", 1),
        ],
        "replicasets" => &[
            ("NAME", 0),
            ("DESIRED", 0),
            ("CURRENT", 0),
            ("READY", 0),
            ("AGE", 0),
            ("CONTAINERS", 1),
            ("IMAGES", 1),
            ("SELECTOR", 1),
        ],
        "services" => &[
            ("NAME", 0),
            ("TYPE", 0),
            ("CLUSTER-IP", 0),
            ("EXTERNAL-IP", 0),
            ("PORT(S)", 0),
            ("AGE", 0),
            ("SELECTOR", 1),
        ],
        "endpoints" => &[("NAME", 0), ("ENDPOINTS", 0), ("AGE", 0)],
        "endpointslices" => &[("NAME", 0), ("ADDRESSTYPE", 0), ("PORTS", 0), ("ENDPOINTS", 0), ("AGE", 0)],
        "configmaps" => &[("NAME", 0), ("DATA", 0), ("AGE", 0)],
        "secrets" => &[("NAME", 0), ("TYPE", 0), ("DATA", 0), ("AGE", 0)],
        "serviceaccounts" => &[("NAME", 0), ("SECRETS", 0), ("AGE", 0)],
        "namespaces" => &[("NAME", 0), ("STATUS", 0), ("AGE", 0)],
        "nodes" => &[
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
        "events" => &[
            ("LAST SEEN", 0),
            ("TYPE", 0),
            ("REASON", 0),
            ("OBJECT", 0),
            ("SUBOBJECT", 1),
            ("SOURCE", 1),
            ("MESSAGE", 0),
            ("FIRST SEEN", 1),
            ("COUNT", 1),
            ("NAME", 1),
        ],
        _ => &[("NAME", 0), ("AGE", 0)],
    }
}

fn or_none(v: String) -> String {
    if v.is_empty() {
        "<none>".into()
    } else {
        v
    }
}

fn containers_cells(template_spec: Option<&Value>) -> (String, String) {
    let cs = template_spec
        .and_then(|s| s.get("containers"))
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let names: Vec<&str> = cs.iter().map(|c| s(c, "name")).collect();
    let images: Vec<&str> = cs.iter().map(|c| s(c, "image")).collect();
    (names.join(","), images.join(","))
}

/// `metav1.FormatLabelSelector` / `LabelSelectorAsSelector(..).String()`.
pub(crate) fn selector_string(sel: Option<&Value>) -> String {
    match sel {
        None | Some(Value::Null) => "<none>".into(),
        Some(v) => match LabelSelector::from_label_selector(v) {
            Ok(ls) if ls.is_empty() => "<none>".into(),
            Ok(ls) => ls.to_string(),
            Err(_) => "<error>".into(),
        },
    }
}

/// `labels.FormatLabels`: `k=v,k2=v2` sorted, or `<none>`.
pub(crate) fn format_labels(m: Option<&Value>) -> String {
    or_none(kv_join(m))
}

fn service_ports(svc: &Object) -> String {
    let ports: Vec<String> = arr(svc, "spec.ports")
        .iter()
        .map(|p| {
            let proto = p.get("protocol").and_then(Value::as_str).unwrap_or("TCP");
            match p.get("nodePort").and_then(Value::as_i64).filter(|n| *n != 0) {
                Some(np) => format!("{}:{np}/{proto}", i(p, "port")),
                None => format!("{}/{proto}", i(p, "port")),
            }
        })
        .collect();
    or_none(ports.join(","))
}

fn load_balancer_ips(svc: &Object, wide: bool) -> String {
    let ips: Vec<&str> = arr(svc, "status.loadBalancer.ingress")
        .iter()
        .filter_map(|ing| {
            let ip = s(ing, "ip");
            let host = s(ing, "hostname");
            if !ip.is_empty() {
                Some(ip)
            } else if !host.is_empty() {
                Some(host)
            } else {
                None
            }
        })
        .collect();
    let r = ips.join(",");
    if !wide && r.chars().count() > 16 {
        let head: String = r.chars().take(13).collect();
        return format!("{head}...");
    }
    r
}

fn service_external_ip(svc: &Object, wide: bool) -> String {
    let external: Vec<String> = arr(svc, "spec.externalIPs").iter().map(plain).collect();
    match svc.str_at("spec.type").unwrap_or("ClusterIP") {
        "ClusterIP" | "NodePort" => or_none(external.join(",")),
        "LoadBalancer" => {
            let lb = load_balancer_ips(svc, wide);
            if !external.is_empty() {
                let mut all: Vec<String> =
                    if lb.is_empty() { vec![] } else { lb.split(',').map(String::from).collect() };
                all.extend(external);
                return all.join(",");
            }
            if lb.is_empty() {
                "<pending>".into()
            } else {
                lb
            }
        }
        "ExternalName" => svc.str_at("spec.externalName").unwrap_or("").to_string(),
        _ => "<unknown>".into(),
    }
}

fn format_endpoints(ep: &Object) -> String {
    let subsets = arr(ep, "subsets");
    if subsets.is_empty() {
        return "<none>".into();
    }
    let max = 3;
    let mut list: Vec<String> = Vec::new();
    let mut more = false;
    let mut count = 0;
    for ss in subsets {
        let addrs = ss.get("addresses").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
        let ports = ss.get("ports").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
        if ports.is_empty() {
            count += addrs.len();
            for a in addrs {
                if list.len() == max {
                    more = true;
                    break;
                }
                list.push(s(a, "ip").to_string());
            }
            continue;
        }
        for p in ports {
            count += addrs.len();
            for a in addrs {
                if list.len() == max {
                    more = true;
                    break;
                }
                let ip = s(a, "ip");
                // net.JoinHostPort brackets IPv6 addresses.
                let host = if ip.contains(':') { format!("[{ip}]") } else { ip.to_string() };
                list.push(format!("{host}:{}", i(p, "port")));
            }
        }
    }
    let ret = list.join(",");
    if more {
        format!("{ret} + {} more...", count - max)
    } else {
        ret
    }
}

fn list_with_more(list: Vec<String>, more: bool, count: usize) -> String {
    let ret = list.join(",");
    if more {
        return format!("{ret} + {} more...", count - 3);
    }
    if ret.is_empty() {
        "<unset>".into()
    } else {
        ret
    }
}

fn endpointslice_cells(es: &Object) -> (String, String) {
    let (mut list, mut more, mut count) = (Vec::new(), false, 0);
    for p in arr(es, "ports") {
        if list.len() < 3 {
            let n = match (p.get("port").and_then(Value::as_i64), p.get("name").and_then(Value::as_str)) {
                (Some(n), _) => n.to_string(),
                (None, Some(name)) => name.to_string(),
                _ => "*".to_string(),
            };
            list.push(n);
        } else {
            more = true;
        }
        count += 1;
    }
    let ports = list_with_more(list, more, count);
    let (mut list, mut more, mut count) = (Vec::new(), false, 0);
    for e in arr(es, "endpoints") {
        for a in e.get("addresses").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]) {
            if list.len() < 3 {
                list.push(plain(a));
            } else {
                more = true;
            }
            count += 1;
        }
    }
    (ports, list_with_more(list, more, count))
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

/// Node STATUS: `Ready`, `NotReady`, `Unknown`, plus `,SchedulingDisabled` when cordoned.
pub(crate) fn node_status(node: &Object) -> String {
    let mut status = Vec::new();
    if let Some(c) = arr(node, "status.conditions").iter().find(|c| s(c, "type") == "Ready") {
        status.push(if s(c, "status") == "True" { "Ready" } else { "NotReady" });
    }
    if status.is_empty() {
        status.push("Unknown");
    }
    if node.bool_at("spec.unschedulable") == Some(true) {
        status.push("SchedulingDisabled");
    }
    status.join(",")
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

fn num(v: Option<&Value>) -> String {
    v.and_then(Value::as_i64).unwrap_or(0).to_string()
}

/// Event cells in the full (wide) column order.
fn event_cells(ev: &Object, now: SimTime) -> Vec<String> {
    let first = if ev.str_at("firstTimestamp").is_some() {
        since(ev.str_at("firstTimestamp"), now)
    } else {
        since(ev.str_at("eventTime"), now)
    };
    let mut last = if ev.str_at("lastTimestamp").is_some() {
        since(ev.str_at("lastTimestamp"), now)
    } else {
        first.clone()
    };
    let mut count = ev.i64_at("count").unwrap_or(0);
    if let Some(series) = ev.get("series").filter(|s| s.is_object()) {
        last = since(series.get("lastObservedTime").and_then(Value::as_str), now);
        count = i(series, "count");
    } else if count == 0 {
        count = 1;
    }
    let kind = ev.str_at("involvedObject.kind").unwrap_or("").to_ascii_lowercase();
    let name = ev.str_at("involvedObject.name").unwrap_or("");
    let target = if name.is_empty() { kind } else { format!("{kind}/{name}") };
    vec![
        last,
        ev.str_at("type").unwrap_or("").to_string(),
        ev.str_at("reason").unwrap_or("").to_string(),
        target,
        ev.str_at("involvedObject.fieldPath").unwrap_or("").to_string(),
        event_source(ev),
        ev.str_at("message").unwrap_or("").trim().to_string(),
        first,
        count.to_string(),
        ev.name().to_string(),
    ]
}

/// `formatEventSource`: `component, host`, falling back to reportingController/Instance.
pub(crate) fn event_source(ev: &Object) -> String {
    let first_non_empty = |a: Option<&str>, b: Option<&str>| -> String {
        let a = a.unwrap_or("");
        if a.is_empty() {
            b.unwrap_or("").to_string()
        } else {
            a.to_string()
        }
    };
    let component = first_non_empty(ev.str_at("source.component"), ev.str_at("reportingController"));
    let host = first_non_empty(ev.str_at("source.host"), ev.str_at("reportingInstance"));
    if host.is_empty() {
        component
    } else {
        format!("{component}, {host}")
    }
}

/// All cells (every priority) of one object's row, in `columns(resource)` order.
fn cells(resource: &str, o: &Object, now: SimTime, wide: bool) -> Vec<String> {
    let name = o.name().to_string();
    match resource {
        "pods" => {
            let sm = pod_summary(o, now);
            let ip = o
                .at("status.podIPs.0.ip")
                .and_then(Value::as_str)
                .or_else(|| o.str_at("status.podIP"))
                .unwrap_or("")
                .to_string();
            let gates = arr(o, "spec.readinessGates");
            let gates = if gates.is_empty() {
                "<none>".to_string()
            } else {
                let conds = arr(o, "status.conditions");
                let trues = gates
                    .iter()
                    .filter(|g| {
                        conds
                            .iter()
                            .find(|c| s(c, "type") == s(g, "conditionType"))
                            .is_some_and(|c| s(c, "status") == "True")
                    })
                    .count();
                format!("{trues}/{}", gates.len())
            };
            vec![
                name,
                sm.ready,
                sm.status,
                sm.restarts,
                age(o, now),
                or_none(ip),
                or_none(o.str_at("spec.nodeName").unwrap_or("").to_string()),
                or_none(o.str_at("status.nominatedNodeName").unwrap_or("").to_string()),
                gates,
            ]
        }
        "deployments" => {
            let (c, im) = containers_cells(o.at("spec.template.spec"));
            let sel = match selector_string(o.at("spec.selector")).as_str() {
                "<none>" => String::new(),
                x => x.to_string(),
            };
            vec![
                name,
                format!("{}/{}", num(o.at("status.readyReplicas")), num(o.at("spec.replicas"))),
                num(o.at("status.updatedReplicas")),
                num(o.at("status.availableReplicas")),
                age(o, now),
                c,
                im,
                sel,
            ]
        }
        "replicasets" => {
            let (c, im) = containers_cells(o.at("spec.template.spec"));
            vec![
                name,
                num(o.at("spec.replicas")),
                num(o.at("status.replicas")),
                num(o.at("status.readyReplicas")),
                age(o, now),
                c,
                im,
                selector_string(o.at("spec.selector")),
            ]
        }
        "services" => vec![
            name,
            o.str_at("spec.type").unwrap_or("ClusterIP").to_string(),
            o.at("spec.clusterIPs.0")
                .and_then(Value::as_str)
                .or_else(|| o.str_at("spec.clusterIP"))
                .filter(|x| !x.is_empty())
                .unwrap_or("<none>")
                .to_string(),
            service_external_ip(o, wide),
            service_ports(o),
            age(o, now),
            format_labels(o.at("spec.selector")),
        ],
        "endpoints" => vec![name, format_endpoints(o), age(o, now)],
        "endpointslices" => {
            let (ports, eps) = endpointslice_cells(o);
            vec![name, o.str_at("addressType").unwrap_or("").to_string(), ports, eps, age(o, now)]
        }
        "configmaps" => {
            let n = |k: &str| o.get(k).and_then(Value::as_object).map_or(0, |m| m.len());
            vec![name, (n("data") + n("binaryData")).to_string(), age(o, now)]
        }
        "secrets" => {
            let n = o.get("data").and_then(Value::as_object).map_or(0, |m| m.len());
            vec![name, o.str_at("type").unwrap_or("").to_string(), n.to_string(), age(o, now)]
        }
        "serviceaccounts" => vec![name, arr(o, "secrets").len().to_string(), age(o, now)],
        "namespaces" => vec![name, o.str_at("status.phase").unwrap_or("").to_string(), age(o, now)],
        "nodes" => vec![
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
        ],
        "events" => event_cells(o, now),
        _ => vec![name, age(o, now)],
    }
}

/// The table `kubectl get <resource>` prints for `objs` (plural resource name, e.g. `pods`).
/// Unknown resources get the generic `NAME AGE` table.
pub fn table_for(resource: &str, objs: &[&Object], now: SimTime, opts: &TableOptions) -> Table {
    let defs = columns(resource);
    let visible: Vec<usize> = (0..defs.len()).filter(|&k| opts.wide || defs[k].1 == 0).collect();
    let mut columns: Vec<Column> =
        visible.iter().map(|&k| Column { name: defs[k].0.to_string(), priority: defs[k].1 }).collect();
    let label_headers: Vec<String> =
        opts.label_columns.iter().map(|l| l.rsplit('/').next().unwrap_or(l).to_ascii_uppercase()).collect();
    columns.extend(label_headers.into_iter().map(|name| Column { name, priority: 0 }));
    if opts.show_labels {
        columns.push(Column { name: "LABELS".into(), priority: 0 });
    }
    if opts.with_namespace {
        columns.insert(0, Column { name: "NAMESPACE".into(), priority: 0 });
    }
    let rows = objs
        .iter()
        .map(|o| {
            let all = cells(resource, o, now, opts.wide);
            let mut row: Vec<String> =
                visible.iter().map(|&k| all.get(k).cloned().unwrap_or_default()).collect();
            if opts.with_kind_prefix && defs.first().map(|d| d.0) == Some("NAME") {
                if let Some(first) = row.first_mut() {
                    *first = format!("{}/{}", kind_group(o.api_version(), o.kind()), first);
                }
            }
            for l in &opts.label_columns {
                row.push(o.label(l).unwrap_or("").to_string());
            }
            if opts.show_labels {
                row.push(format_labels(o.at("metadata.labels")));
            }
            if opts.with_namespace {
                row.insert(0, o.namespace().to_string());
            }
            Row { cells: row, namespace: o.namespace().to_string(), name: o.name().to_string() }
        })
        .collect();
    Table { columns, rows, no_headers: opts.no_headers }
}

/// Renders one table with kubectl's tabwriter (minwidth 6, padding 3), newline-terminated.
pub fn render_table(t: &Table) -> String {
    let mut text = String::new();
    if !t.no_headers {
        text.push_str(&t.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join("\t"));
        text.push('\n');
    }
    for r in &t.rows {
        text.push_str(&r.cells.join("\t"));
        text.push('\n');
    }
    tabwriter::table(&text)
}

/// Several tables (one per kind, as `kubectl get all` prints them), separated by a blank line.
pub fn render_tables(tables: &[Table]) -> String {
    tables.iter().map(render_table).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn now() -> SimTime {
        SimTime::parse_rfc3339("2025-03-01T10:00:12Z").unwrap()
    }

    fn pod(name: &str, ns: &str) -> Value {
        json!({"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": ns, "creationTimestamp": "2025-03-01T10:00:00Z",
                "labels": {"app": "web", "pod-template-hash": "66b6c48dd5"}},
            "spec": {"nodeName": "node-1", "containers": [{"name": "web", "image": "nginx:1.27"}]},
            "status": {"phase": "Running", "podIP": "10.244.1.5", "podIPs": [{"ip": "10.244.1.5"}],
                "containerStatuses": [{"name": "web", "ready": true, "restartCount": 0, "state": {"running": {}}}]}})
    }

    fn render(resource: &str, objs: &[&Value], opts: &TableOptions) -> String {
        render_table(&table_for(resource, objs, now(), opts))
    }

    #[test]
    fn pods_plain_wide_all_namespaces_labels() {
        // §8.1/§8.2: tabwriter minwidth 6, padding 3; wide adds IP NODE NOMINATED NODE READINESS GATES.
        let p = pod("web-66b6c48dd5-abcde", "default");
        assert_eq!(
            render("pods", &[&p], &TableOptions::default()),
            "NAME                   READY   STATUS    RESTARTS   AGE\nweb-66b6c48dd5-abcde   1/1     Running   0          12s\n"
        );
        let wide = TableOptions { wide: true, ..Default::default() };
        assert_eq!(
            render("pods", &[&p], &wide),
            "NAME                   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES\n\
             web-66b6c48dd5-abcde   1/1     Running   0          12s   10.244.1.5   node-1   <none>           <none>\n"
        );
        let q = pod("db", "prod");
        let all = TableOptions { with_namespace: true, show_labels: true, ..Default::default() };
        assert_eq!(
            render("pods", &[&p, &q], &all),
            "NAMESPACE   NAME                   READY   STATUS    RESTARTS   AGE   LABELS\n\
             default     web-66b6c48dd5-abcde   1/1     Running   0          12s   app=web,pod-template-hash=66b6c48dd5\n\
             prod        db                     1/1     Running   0          12s   app=web,pod-template-hash=66b6c48dd5\n"
        );
        let l = TableOptions {
            label_columns: vec!["app".into(), "example.com/tier".into()],
            no_headers: true,
            ..Default::default()
        };
        // Widths from the rows only: max(6, cell + 3); the missing label is an empty last cell.
        assert_eq!(render("pods", &[&q], &l), "db    1/1   Running   0     12s   web   \n");
    }

    #[test]
    fn deployments_and_replicasets() {
        let d = json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "namespace": "default", "creationTimestamp": "2025-03-01T10:00:00Z"},
            "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                "template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.27"}, {"name": "log", "image": "busybox"}]}}},
            "status": {"replicas": 3, "updatedReplicas": 3, "readyReplicas": 2, "availableReplicas": 2}});
        assert_eq!(
            render("deployments", &[&d], &TableOptions { wide: true, ..Default::default() }),
            "NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES               SELECTOR\n\
             web    2/3     3            2           12s   web,log      nginx:1.27,busybox   app=web\n"
        );
        let mut rs = d.clone();
        rs["kind"] = json!("ReplicaSet");
        rs["metadata"]["name"] = json!("web-66b6c48dd5");
        assert_eq!(
            render("replicasets", &[&rs], &TableOptions::default()),
            "NAME             DESIRED   CURRENT   READY   AGE\nweb-66b6c48dd5   3         3         2       12s\n"
        );
        // `kubectl get all`: kind-qualified names (§8.1).
        let k = TableOptions { with_kind_prefix: true, ..Default::default() };
        assert!(render("deployments", &[&d], &k).contains("\ndeployment.apps/web   2/3     3"));
    }

    #[test]
    fn services() {
        let svc = |name: &str, ty: &str, ips: Value, ports: Value| {
            json!({"apiVersion": "v1", "kind": "Service",
                "metadata": {"name": name, "namespace": "default", "creationTimestamp": "2025-03-01T10:00:00Z"},
                "spec": {"type": ty, "clusterIPs": ips, "ports": ports, "selector": {"app": "web"}}})
        };
        let a =
            svc("kubernetes", "ClusterIP", json!(["10.96.0.1"]), json!([{"port": 443, "protocol": "TCP"}]));
        let b = svc(
            "web",
            "NodePort",
            json!(["10.96.12.34"]),
            json!([{"port": 80, "protocol": "TCP", "nodePort": 31234}, {"port": 443, "protocol": "TCP", "nodePort": 31235}]),
        );
        let c = svc("db", "ClusterIP", json!(["None"]), json!([]));
        let lb = svc(
            "lb",
            "LoadBalancer",
            json!(["10.96.0.77"]),
            json!([{"port": 80, "protocol": "TCP", "nodePort": 30080}]),
        );
        assert_eq!(
            render("services", &[&a, &b, &c, &lb], &TableOptions::default()),
            "NAME         TYPE           CLUSTER-IP    EXTERNAL-IP   PORT(S)                      AGE\n\
             kubernetes   ClusterIP      10.96.0.1     <none>        443/TCP                      12s\n\
             web          NodePort       10.96.12.34   <none>        80:31234/TCP,443:31235/TCP   12s\n\
             db           ClusterIP      None          <none>        <none>                       12s\n\
             lb           LoadBalancer   10.96.0.77    <pending>     80:30080/TCP                 12s\n"
        );
        assert!(render("services", &[&a], &TableOptions { wide: true, ..Default::default() })
            .ends_with("443/TCP   12s   app=web\n"));
    }

    #[test]
    fn endpoints_more_and_empty() {
        let addrs: Vec<Value> = (1..=5).map(|i| json!({"ip": format!("10.244.1.{i}")})).collect();
        let ep = json!({"metadata": {"name": "web", "creationTimestamp": "2025-03-01T10:00:00Z"},
            "subsets": [{"addresses": addrs, "ports": [{"port": 80}]}]});
        let none = json!({"metadata": {"name": "a", "creationTimestamp": "2025-03-01T10:00:00Z"}});
        let not_ready = json!({"metadata": {"name": "b", "creationTimestamp": "2025-03-01T10:00:00Z"},
            "subsets": [{"notReadyAddresses": [{"ip": "10.244.1.9"}], "ports": [{"port": 80}]}]});
        // §8.2: at most 3 then ` + N more...`; `<none>` without subsets; empty with only notReady.
        assert_eq!(
            render("endpoints", &[&ep, &none, &not_ready], &TableOptions::default()),
            "NAME   ENDPOINTS                                               AGE\n\
             web    10.244.1.1:80,10.244.1.2:80,10.244.1.3:80 + 2 more...   12s\n\
             a      <none>                                                  12s\n\
             b                                                              12s\n"
        );
    }

    #[test]
    fn nodes_status_roles_and_generic() {
        let n = json!({"metadata": {"name": "cp", "creationTimestamp": "2025-03-01T10:00:00Z",
                "labels": {"node-role.kubernetes.io/control-plane": ""}},
            "spec": {"unschedulable": true},
            "status": {"conditions": [{"type": "Ready", "status": "True"}], "nodeInfo": {"kubeletVersion": "v1.33.0"}}});
        let m = json!({"metadata": {"name": "node-1", "creationTimestamp": "2025-03-01T10:00:00Z"},
            "status": {"conditions": [{"type": "Ready", "status": "Unknown"}], "nodeInfo": {"kubeletVersion": "v1.33.0"}}});
        assert_eq!(
            render("nodes", &[&n, &m], &TableOptions::default()),
            "NAME     STATUS                     ROLES           AGE   VERSION\n\
             cp       Ready,SchedulingDisabled   control-plane   12s   v1.33.0\n\
             node-1   NotReady                   <none>          12s   v1.33.0\n"
        );
        let cr = json!({"metadata": {"name": "thing", "creationTimestamp": "2025-03-01T08:00:00Z"}});
        assert_eq!(render("widgets", &[&cr], &TableOptions::default()), "NAME    AGE\nthing   120m\n");
    }

    #[test]
    fn configmaps_secrets_namespaces_events() {
        let cm = json!({"metadata": {"name": "kube-root-ca.crt", "creationTimestamp": "2025-03-01T10:00:00Z"}, "data": {"ca.crt": "x"}});
        assert_eq!(
            render("configmaps", &[&cm], &TableOptions::default()),
            "NAME               DATA   AGE\nkube-root-ca.crt   1      12s\n"
        );
        let s = json!({"metadata": {"name": "tls", "creationTimestamp": "2025-03-01T10:00:00Z"}, "type": "kubernetes.io/tls", "data": {"tls.crt": "", "tls.key": ""}});
        assert_eq!(
            render("secrets", &[&s], &TableOptions::default()),
            "NAME   TYPE                DATA   AGE\ntls    kubernetes.io/tls   2      12s\n"
        );
        let ns = json!({"metadata": {"name": "default", "creationTimestamp": "2025-03-01T10:00:00Z"}, "status": {"phase": "Active"}});
        assert_eq!(
            render("namespaces", &[&ns], &TableOptions::default()),
            "NAME      STATUS   AGE\ndefault   Active   12s\n"
        );
        let ev = json!({"metadata": {"name": "web.1"}, "type": "Normal", "reason": "Scheduled",
            "message": "Successfully assigned default/web to node-1", "involvedObject": {"kind": "Pod", "name": "web"},
            "source": {"component": "default-scheduler"}, "firstTimestamp": "2025-03-01T10:00:02Z", "lastTimestamp": "2025-03-01T10:00:02Z", "count": 1});
        assert_eq!(
            render("events", &[&ev], &TableOptions::default()),
            "LAST SEEN   TYPE     REASON      OBJECT    MESSAGE\n10s         Normal   Scheduled   pod/web   Successfully assigned default/web to node-1\n"
        );
        assert!(render("events", &[&ev], &TableOptions { wide: true, ..Default::default() }).starts_with(
            "LAST SEEN   TYPE     REASON      OBJECT    SUBOBJECT   SOURCE              MESSAGE"
        ));
    }
}
