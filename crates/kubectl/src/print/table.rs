//! `kubectl get` tables: the server-side column sets of `printers.go` and kubectl's table printer
//! options (`-o wide`, `-A`, `--show-labels`, `-L`, `--no-headers`, kind prefixes).

use kubeplay_model::{LabelSelector, Object, ObjectExt, SimTime};
use serde_json::Value;

use super::name::kind_group;
use super::tabwriter;
use super::util::{age, arr, kv_join, s};

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

pub(crate) fn or_none(v: String) -> String {
    if v.is_empty() {
        "<none>".into()
    } else {
        v
    }
}

pub(crate) fn containers_cells(template_spec: Option<&Value>) -> (String, String) {
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

pub(crate) fn num(v: Option<&Value>) -> String {
    v.and_then(Value::as_i64).unwrap_or(0).to_string()
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

/// The columns of a kind without a printer of its own (the server's default table).
const GENERIC_COLUMNS: &[(&str, u8)] = &[("NAME", 0), ("AGE", 0)];

/// The table `kubectl get <resource>` prints for `objs` (plural resource name, e.g. `pods`).
/// Unknown resources get the generic `NAME AGE` table.
pub fn table_for(resource: &str, objs: &[&Object], now: SimTime, opts: &TableOptions) -> Table {
    let printer = super::kinds::printer(resource);
    let defs = printer.map_or(GENERIC_COLUMNS, |p| p.columns);
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
            let all = match printer {
                Some(p) => (p.cells)(o, now, opts.wide),
                None => vec![o.name().to_string(), age(o, now)],
            };
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
