//! Goldens recorded from the real kubectl 1.33 against a fake API server serving
//! `testdata/fixtures.json` (see `testdata/README.md`): describe layouts, custom-columns, jsonpath
//! on lists, `-o name`, `kubectl events`. Ages are minute-scale so that the recording run's
//! clock (`base.txt` + a few seconds) gives the same text as `now = base + 3s`.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use kubeplay_model::{Object, ObjectExt, SimTime};
use serde_json::Value;

use super::describe::{describe, DescribeContext};

/// The fixtures, each with `_resource` (plural) and `_gv` (group/version) bookkeeping fields,
/// which the fake server strips and so do we before printing.
fn fixtures() -> Vec<Value> {
    let v: Value = serde_json::from_str(include_str!("testdata/fixtures.json")).unwrap();
    v.as_array().unwrap().clone()
}

fn strip(o: &Value) -> Value {
    let mut o = o.clone();
    o.as_object_mut().unwrap().retain(|k, _| !k.starts_with('_'));
    o
}

fn now() -> SimTime {
    SimTime::from_secs(include_str!("testdata/base.txt").trim().parse::<i64>().unwrap() + 3)
}

fn of<'a>(all: &'a [Value], resource: &str) -> Vec<&'a Value> {
    all.iter().filter(|o| o["_resource"] == resource && o["_gv"] != "metrics.k8s.io/v1beta1").collect()
}

fn find<'a>(all: &'a [Value], resource: &str, name: &str) -> &'a Value {
    of(all, resource).into_iter().find(|o| o.name() == name).unwrap()
}

/// kubectl's `searchEvents`: by the object's uid; for Nodes also by uid = node name (the
/// kubelet records node events that way).
fn events_for<'a>(all: &'a [Value], o: &Value) -> Vec<&'a Value> {
    of(all, "events")
        .into_iter()
        .filter(|e| {
            let uid = e.str_at("involvedObject.uid");
            uid == Some(o.uid()) || (o.kind() == "Node" && uid == Some(o.name()))
        })
        .collect()
}

fn owned_by<'a>(all: &'a [Value], resource: &str, owner: &Value) -> Vec<&'a Value> {
    of(all, resource)
        .into_iter()
        .filter(|o| {
            o.controller_ref().and_then(|r| r.get("uid")).and_then(Value::as_str) == Some(owner.uid())
        })
        .collect()
}

/// Shows the first differing line to make golden failures readable.
fn assert_same(got: &str, want: &str) {
    if got != want {
        let (g, w): (Vec<&str>, Vec<&str>) = (got.split('\n').collect(), want.split('\n').collect());
        for i in 0..g.len().max(w.len()) {
            if g.get(i) != w.get(i) {
                panic!("line {}:\n got: {:?}\nwant: {:?}\n\nfull output:\n{got}", i + 1, g.get(i), w.get(i));
            }
        }
    }
}

fn check(resource: &str, name: &str, golden: &str) {
    let all = fixtures();
    let stripped = strip(find(&all, resource, name));
    let o: &Object = &stripped;
    let mut ctx = DescribeContext { events: events_for(&all, o), ..Default::default() };
    match resource {
        "deployments" => ctx.replicasets = owned_by(&all, "replicasets", o),
        "replicasets" => ctx.pods = owned_by(&all, "pods", o),
        "services" => ctx.endpoints = of(&all, "endpoints").into_iter().find(|e| e.name() == name),
        "nodes" => {
            ctx.pods = of(&all, "pods")
                .into_iter()
                .filter(|p| p.str_at("spec.nodeName") == Some(name))
                .filter(|p| !matches!(p.str_at("status.phase"), Some("Succeeded") | Some("Failed")))
                .collect()
        }
        _ => {}
    }
    assert_same(&describe(resource, o, &ctx, now()), golden);
}

#[test]
fn describe_deployment() {
    check("deployments", "web", include_str!("testdata/describe_deployment.txt"));
}

#[test]
fn describe_replicaset() {
    check("replicasets", "web-66b6c48dd5", include_str!("testdata/describe_replicaset.txt"));
}

#[test]
fn describe_pod_running() {
    check("pods", "web-66b6c48dd5-abcde", include_str!("testdata/describe_pod_running.txt"));
}

#[test]
fn describe_pod_waiting() {
    check("pods", "web-66b6c48dd5-fghij", include_str!("testdata/describe_pod_waiting.txt"));
}

#[test]
fn describe_pod_terminating() {
    check("pods", "web-66b6c48dd5-klmno", include_str!("testdata/describe_pod_terminating.txt"));
}

#[test]
fn describe_service() {
    check("services", "web", include_str!("testdata/describe_service.txt"));
}

#[test]
fn describe_service_headless_and_lb() {
    check("services", "db", include_str!("testdata/describe_service_headless.txt"));
    check("services", "lb", include_str!("testdata/describe_service_lb.txt"));
}

#[test]
fn describe_pod_init_completed_unschedulable() {
    check("pods", "init-demo", include_str!("testdata/describe_pod_init.txt"));
    check("pods", "job-done", include_str!("testdata/describe_pod_completed.txt"));
    check("pods", "big", include_str!("testdata/describe_pod_unschedulable.txt"));
}

#[test]
fn describe_serviceaccount_and_endpointslice() {
    check("serviceaccounts", "default", include_str!("testdata/describe_serviceaccount.txt"));
    check("endpointslices", "web-x2b9k", include_str!("testdata/describe_endpointslice.txt"));
}

#[test]
fn describe_configmap() {
    check("configmaps", "cfg", include_str!("testdata/describe_configmap.txt"));
}

#[test]
fn describe_secret() {
    check("secrets", "db", include_str!("testdata/describe_secret.txt"));
}

#[test]
fn describe_namespace() {
    check("namespaces", "default", include_str!("testdata/describe_namespace.txt"));
}

#[test]
fn describe_endpoints() {
    check("endpoints", "web", include_str!("testdata/describe_endpoints.txt"));
}

#[test]
fn describe_node() {
    // The capture's fake API server served a Lease renewed at the last heartbeat (a minute before
    // `now`); a simulated Ready node's Lease is renewed every 10 s, so at `now` (03 s past a tick
    // since the node's creation) it reads the tick. Only that value differs; the layout is kubectl's.
    let golden = include_str!("testdata/describe_node.txt")
        .replace("RenewTime:       Sat, 21 Nov 2026 07:24:19", "RenewTime:       Sat, 21 Nov 2026 07:25:19");
    check("nodes", "node-1", &golden);
}

#[test]
fn describe_generic_widget() {
    check("widgets", "w1", include_str!("testdata/describe_widget.txt"));
}

fn pods_list(all: &[Value]) -> Value {
    let items: Vec<Value> = of(all, "pods")
        .into_iter()
        .map(|p| {
            let mut p = p.clone();
            p.as_object_mut().unwrap().retain(|k, _| !k.starts_with('_'));
            p
        })
        .collect();
    super::yaml_json::list_of(items)
}

#[test]
fn custom_columns_on_pods() {
    let all = fixtures();
    let list = pods_list(&all);
    let items: Vec<&Value> = list["items"].as_array().unwrap().iter().collect();
    let out = super::custom_columns::custom_columns(
        "NAME:.metadata.name,IMAGES:.spec.containers[*].image,PORTS:.spec.containers[0].ports[*].containerPort,NODE:.spec.nodeName,SEL:.metadata.labels,GONE:.status.nope",
        &items,
        false,
    )
    .unwrap();
    assert_same(&out, include_str!("testdata/custom_columns.txt"));
}

#[test]
fn jsonpath_range_on_list() {
    let all = fixtures();
    let out = super::jsonpath::jsonpath(
        r#"{range .items[*]}{.metadata.name}{"\t"}{.status.phase}{"\n"}{end}"#,
        &pods_list(&all),
        true,
    )
    .unwrap();
    assert_same(&out, include_str!("testdata/jsonpath_list.txt"));
}

#[test]
fn name_printer_on_list() {
    let all = fixtures();
    let out: String = of(&all, "pods").iter().map(|p| format!("{}\n", super::name::name_line(p))).collect();
    assert_same(&out, include_str!("testdata/name_list.txt"));
}

#[test]
fn events_command() {
    let all = fixtures();
    let evs = of(&all, "events");
    assert_same(
        &super::events::events_table(&evs, now(), false).unwrap(),
        include_str!("testdata/events.txt"),
    );
}

fn table(resource: &str, opts: &super::table::TableOptions) -> String {
    let all = fixtures();
    let objs: Vec<Value> = of(&all, resource).into_iter().map(strip).collect();
    let refs: Vec<&Value> = objs.iter().collect();
    super::table::render_table(&super::table::table_for(resource, &refs, now(), opts))
}

#[test]
fn get_pods_tables() {
    use super::table::TableOptions;
    assert_same(&table("pods", &TableOptions::default()), include_str!("testdata/get_pods.txt"));
    let o = TableOptions {
        with_namespace: true,
        show_labels: true,
        label_columns: vec!["app".into(), "example.com/tier".into()],
        ..Default::default()
    };
    assert_same(&table("pods", &o), include_str!("testdata/get_pods_all_labels.txt"));
    let o = TableOptions { wide: true, no_headers: true, ..Default::default() };
    assert_same(&table("pods", &o), include_str!("testdata/get_pods_wide_noheaders.txt"));
}

#[test]
fn get_several_kinds_and_wide_deployments() {
    use super::table::{render_tables, table_for, TableOptions};
    let all = fixtures();
    let pods: Vec<Value> = of(&all, "pods").into_iter().map(strip).collect();
    let deps: Vec<Value> = of(&all, "deployments").into_iter().map(strip).collect();
    let o = TableOptions { with_kind_prefix: true, ..Default::default() };
    let t = render_tables(&[
        table_for("pods", &pods.iter().collect::<Vec<_>>(), now(), &o),
        table_for("deployments", &deps.iter().collect::<Vec<_>>(), now(), &o),
    ]);
    assert_same(&t, include_str!("testdata/get_pods_deployments.txt"));
    let o = TableOptions { wide: true, ..Default::default() };
    assert_same(&table("deployments", &o), include_str!("testdata/get_deployments_wide.txt"));
}

#[test]
fn json_list_output_shape() {
    // `kubectl get pods -o json`: the List wrapper, 4-space indent, sorted keys. We check the
    // wrapper with Go's encoder (`gofmt::go_json_indent`); `to_json_output` itself calls
    // kubeplay_yaml::to_json, which must produce the same bytes (testdata/pods_list.json).
    let all = fixtures();
    let pods: Vec<Value> = of(&all, "pods").into_iter().map(strip).collect();
    let refs: Vec<&Value> = pods.iter().collect();
    let v = super::yaml_json::printable(&refs, false);
    assert_same(&format!("{}\n", super::gofmt::go_json_indent(&v)), include_str!("testdata/pods_list.json"));
}

#[test]
fn top_pods_and_nodes() {
    use super::top::{top_nodes, top_pods, NodeUsage, PodUsage};
    // Usage from the fixtures' metrics.k8s.io objects: cpu rounded up to millicores.
    let pods = [
        PodUsage {
            namespace: "default".into(),
            name: "web-66b6c48dd5-abcde".into(),
            cpu_milli: 3,
            memory_bytes: 12 << 20,
        },
        PodUsage {
            namespace: "default".into(),
            name: "init-demo".into(),
            cpu_milli: 2,
            memory_bytes: 5000 * 1024,
        },
        PodUsage { namespace: "default".into(), name: "job-done".into(), cpu_milli: 0, memory_bytes: 0 },
    ];
    assert_same(&top_pods(&pods, false), include_str!("testdata/top_pods.txt"));
    let node = NodeUsage {
        name: "node-1".into(),
        cpu_milli: 250,
        memory_bytes: 2 << 30,
        allocatable_cpu_milli: 4000,
        allocatable_memory_bytes: 8045980 * 1024,
    };
    assert_same(&top_nodes(&[node]), include_str!("testdata/top_nodes.txt"));
}

#[test]
fn rollout_history_recorded() {
    let all = fixtures();
    let d = strip(find(&all, "deployments", "web"));
    let rss: Vec<Value> = owned_by(&all, "replicasets", &d).into_iter().map(strip).collect();
    let refs: Vec<&Value> = rss.iter().collect();
    assert_same(&super::rollout::rollout_history(&d, &refs), include_str!("testdata/rollout_history.txt"));
    assert_same(
        &super::rollout::rollout_history_revision(&d, &refs, 1).unwrap(),
        include_str!("testdata/rollout_history_rev1.txt"),
    );
    let err = super::rollout::rollout_history_revision(&d, &refs, 7).unwrap_err();
    assert_same(&format!("error: {err}\n"), include_str!("testdata/rollout_history_rev7.txt"));
}

#[test]
fn yaml_and_json_output_through_kubeplay_yaml() {
    // `kubectl get pods -o json|yaml` (List) and `kubectl get configmap cfg -o yaml` (one object).
    let all = fixtures();
    let pods: Vec<Value> = of(&all, "pods").into_iter().map(strip).collect();
    let refs: Vec<&Value> = pods.iter().collect();
    assert_same(&super::yaml_json::to_json_output(&refs, false), include_str!("testdata/pods_list.json"));
    assert_same(&super::yaml_json::to_yaml_output(&refs, false), include_str!("testdata/pods_list.yaml"));
    let cm = strip(find(&all, "configmaps", "cfg"));
    assert_same(&super::yaml_json::to_yaml_output(&[&cm], true), include_str!("testdata/configmap.yaml"));
}

/// `testdata/template_cases.json`: `kubectl.1.33 get pods -o
/// jsonpath=…|jsonpath-as-json=…|go-template=…|custom-columns=…` on the
/// fixture pods (a `List`), recorded by `jsonpath_cases.py`: stdout, first stderr line, exit code.
#[test]
fn template_cases_recorded_with_kubectl() {
    let all = fixtures();
    let data = pods_list(&all);
    let cases: Value = serde_json::from_str(include_str!("testdata/template_cases.json")).unwrap();
    let mut failures = Vec::new();
    for c in cases.as_array().unwrap() {
        let (fmt, t) = (c["fmt"].as_str().unwrap(), c["t"].as_str().unwrap());
        let items: Vec<&Value> = data["items"].as_array().unwrap().iter().collect();
        let got = match fmt {
            "jsonpath" => super::jsonpath::jsonpath(t, &data, true),
            "jsonpath-as-json" => super::jsonpath::jsonpath_as_json(t, &data, true),
            "custom-columns" => super::custom_columns::custom_columns(t, &items, false),
            _ => super::go_template::go_template(t, &data, true),
        };
        // `..` and `.*` walk Go maps in random order; we walk them sorted, so compare contents.
        let unordered = t.contains("..") || t.contains(".*");
        let sorted = |x: &str| {
            let mut v: Vec<char> = x.chars().collect();
            v.sort_unstable();
            v
        };
        let ok = match (&got, c["rc"].as_i64().unwrap()) {
            (Ok(out), 0) if unordered => sorted(out) == sorted(c["out"].as_str().unwrap()),
            (Ok(out), 0) => out == c["out"].as_str().unwrap(),
            (Err(e), 1) => {
                format!("error: {}", e.split('\n').next().unwrap_or("")) == c["err"].as_str().unwrap()
            }
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{fmt} {t:?}\n  got:  {got:?}\n  want: rc={} out={:?} err={:?}",
                c["rc"], c["out"], c["err"]
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        cases.as_array().unwrap().len(),
        failures.join("\n")
    );
}
