//! Networking scenarios: DNS forms, kube-proxy endpoint choice, request errors, exec tools.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use kubeplay_model::{ObjectExt, SimTime};
use serde_json::{json, Value};

use crate::testutil::{pod, Harness, T0};
use crate::{NetRequest, NetSource, Store};

fn service(name: &str, ip: &str, port: i64, target: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": "default", "uid": format!("svc-{name}")},
        "spec": {"type": "ClusterIP", "clusterIP": ip, "clusterIPs": [ip], "sessionAffinity": "None", "selector": {"app": "web"},
            "ports": [{"name": "http", "port": port, "protocol": "TCP", "targetPort": target}]}})
}

fn slice(svc: &str, port: i64, eps: &[(&str, &str, bool)]) -> Value {
    json!({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
        "metadata": {"name": format!("{svc}-abcde"), "namespace": "default", "labels": {"kubernetes.io/service-name": svc}},
        "addressType": "IPv4",
        "ports": [{"name": "http", "port": port, "protocol": "TCP"}],
        "endpoints": eps.iter().map(|(ip, pod, ready)| json!({"addresses": [ip], "conditions": {"ready": ready, "serving": ready, "terminating": false},
            "nodeName": "worker", "targetRef": {"kind": "Pod", "name": pod, "namespace": "default"}})).collect::<Vec<_>>()})
}

/// Three nginx pods on `worker` (10.244.1.2-4), a client busybox pod, a Service `web`.
fn setup() -> Harness {
    let mut h = Harness::new();
    for name in ["web-1", "web-2", "web-3"] {
        let mut p =
            pod(name, json!([{"name": "nginx", "image": "nginx:1.27", "ports": [{"containerPort": 80}]}]));
        *p.at_mut("spec.nodeName") = json!("worker");
        *p.at_mut("metadata.labels") = json!({"app": "web"});
        h.create(p);
        h.now = T0;
        h.run(name, T0.plus_secs(20));
    }
    let mut c = pod("client", json!([{"name": "sh", "image": "busybox:1.36", "command": ["sleep", "3600"]}]));
    *c.at_mut("spec.nodeName") = json!("worker2");
    h.create(c);
    h.now = T0;
    h.run("client", T0.plus_secs(30));
    h.api.put("services", service("web", "10.96.0.12", 80, json!(80)));
    h
}

fn req(url: &str) -> NetRequest {
    NetRequest {
        source: NetSource::Pod { namespace: "default".into(), name: "client".into() },
        url: url.into(),
        method: "GET".into(),
        timeout_ms: 5000,
    }
}

#[test]
fn dns_forms() {
    let mut h = setup();
    h.api.put("namespaces", json!({"metadata": {"name": "other"}}));
    for name in [
        "web",
        "web.default",
        "web.default.svc",
        "web.default.svc.cluster.local",
        "web.default.svc.cluster.local.",
    ] {
        assert_eq!(h.sim.resolve(name, "default", &h.api), Ok(vec!["10.96.0.12".to_string()]), "{name}");
    }
    assert_eq!(h.sim.resolve("web.default", "other", &h.api), Ok(vec!["10.96.0.12".to_string()]));
    assert_eq!(h.sim.resolve("web", "other", &h.api), Err("server can't find web: NXDOMAIN".to_string()));
    assert_eq!(h.sim.resolve("kubernetes.default", "other", &h.api), Ok(vec!["10.96.0.1".to_string()]));
    assert_eq!(
        h.sim.resolve("10-244-1-2.default.pod.cluster.local", "default", &h.api),
        Ok(vec!["10.244.1.2".to_string()])
    );
    // Headless: the ready endpoints' IPs.
    let mut headless = service("db", "None", 80, json!(80));
    headless["spec"]["clusterIP"] = json!("None");
    h.api.put("services", headless);
    h.api.put(
        "endpointslices",
        slice("db", 80, &[("10.244.1.2", "web-1", true), ("10.244.1.3", "web-2", false)]),
    );
    assert_eq!(h.sim.resolve("db", "default", &h.api), Ok(vec!["10.244.1.2".to_string()]));
    h.now = T0.plus_secs(40);
}

#[test]
fn kube_proxy_uses_only_ready_endpoints() {
    let mut h = setup();
    h.api.put(
        "endpointslices",
        slice(
            "web",
            80,
            &[("10.244.1.2", "web-1", true), ("10.244.1.3", "web-2", false), ("10.244.1.4", "web-3", true)],
        ),
    );
    let mut hits = std::collections::BTreeMap::new();
    for _ in 0..60 {
        let r = h.sim.request(&req("http://web/"), &h.api, h.now, &mut h.rng);
        assert!(r.ok, "{r:?}");
        assert_eq!(r.status, 200);
        assert!(r.body.contains("<title>Welcome to nginx!</title>"));
        *hits.entry(r.pod.unwrap().name).or_insert(0) += 1;
        assert_eq!(
            r.path.iter().map(|h| h.kind).collect::<Vec<_>>(),
            vec!["dns", "service", "endpoint", "pod"]
        );
    }
    assert_eq!(hits.keys().cloned().collect::<Vec<_>>(), vec!["web-1".to_string(), "web-3".to_string()]);
    assert!(hits.values().all(|n| *n > 15), "{hits:?}");
    // The nginx access log names the client pod's IP.
    let p = h.pod("web-1").unwrap();
    let logs = h.sim.logs(&p, "nginx", false, h.now).unwrap();
    assert!(logs.contains("10.244.2.2 - - [01/Mar/2025:10:00:30 +0000] \"GET / HTTP/1.1\" 200 615 \"-\" \"curl/8.5.0\" \"-\""), "{logs}");
}

#[test]
fn session_affinity_sticks() {
    let mut h = setup();
    let mut s = service("web", "10.96.0.12", 80, json!(80));
    s["spec"]["sessionAffinity"] = json!("ClientIP");
    h.api.put("services", s);
    h.api.put(
        "endpointslices",
        slice(
            "web",
            80,
            &[("10.244.1.2", "web-1", true), ("10.244.1.3", "web-2", true), ("10.244.1.4", "web-3", true)],
        ),
    );
    let first = h.sim.request(&req("http://web/"), &h.api, h.now, &mut h.rng).pod;
    for _ in 0..10 {
        assert_eq!(h.sim.request(&req("http://web/"), &h.api, h.now, &mut h.rng).pod, first);
    }
}

#[test]
fn request_errors() {
    let mut h = setup();
    // No endpoints at all: rejected.
    let r = h.sim.request(&req("http://web/"), &h.api, h.now, &mut h.rng);
    assert_eq!(
        r.error.as_deref(),
        Some("curl: (7) Failed to connect to web port 80 after 0 ms: Connection refused")
    );
    let r = h.sim.request(&req("http://webb/"), &h.api, h.now, &mut h.rng);
    assert_eq!(r.error.as_deref(), Some("curl: (6) Could not resolve host: webb"));
    // targetPort nobody listens on: the pod refuses.
    h.api.put("services", service("web", "10.96.0.12", 80, json!(8080)));
    h.api.put("endpointslices", slice("web", 8080, &[("10.244.1.2", "web-1", true)]));
    let r = h.sim.request(&req("http://web.default.svc.cluster.local/"), &h.api, h.now, &mut h.rng);
    assert_eq!(r.error.as_deref(), Some("curl: (7) Failed to connect to web.default.svc.cluster.local port 80 after 0 ms: Connection refused"));
    // A port the Service does not have: nothing answers on the virtual IP.
    let r = h.sim.request(&req("http://web:8080/"), &h.api, h.now, &mut h.rng);
    assert_eq!(r.error.as_deref(), Some("curl: (28) Connection timed out after 5001 milliseconds"));
    // Directly to a pod IP.
    let r = h.sim.request(&req("http://10.244.1.3/nope"), &h.api, h.now, &mut h.rng);
    assert_eq!(r.status, 404);
}

#[test]
fn nodeport_from_outside() {
    let mut h = setup();
    let mut s = service("web", "10.96.0.12", 80, json!(80));
    s["spec"]["type"] = json!("NodePort");
    s["spec"]["ports"][0]["nodePort"] = json!(30080);
    h.api.put("services", s);
    h.api.put("endpointslices", slice("web", 80, &[("10.244.1.2", "web-1", true)]));
    let ext = |url: &str| NetRequest {
        source: NetSource::External,
        url: url.into(),
        method: "GET".into(),
        timeout_ms: 5000,
    };
    // Every node opens the port, including the control plane.
    for ip in ["172.18.0.2", "172.18.0.3", "172.18.0.4"] {
        let r = h.sim.request(&ext(&format!("http://{ip}:30080/")), &h.api, h.now, &mut h.rng);
        assert_eq!(r.status, 200, "{ip}");
        assert_eq!(r.path[0].kind, "nodeport");
    }
    let r = h.sim.request(&ext("http://172.18.0.3:30081/"), &h.api, h.now, &mut h.rng);
    assert_eq!(
        r.error.as_deref(),
        Some("curl: (7) Failed to connect to 172.18.0.3 port 30081 after 0 ms: Connection refused")
    );
}

#[test]
fn exec_tools() {
    let mut h = setup();
    h.api.put("endpointslices", slice("web", 80, &[("10.244.1.2", "web-1", true)]));
    let client = h.pod("client").unwrap();
    let argv = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let r = h.sim.exec(&client, "sh", &argv(&["cat", "/etc/resolv.conf"]), &h.api, h.now, &mut h.rng);
    assert_eq!(r.stdout, "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n");
    let r = h.sim.exec(&client, "sh", &argv(&["nslookup", "web"]), &h.api, h.now, &mut h.rng);
    assert_eq!(r.stdout, "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: 10.96.0.12\n\n");
    let r = h.sim.exec(&client, "sh", &argv(&["nslookup", "nope"]), &h.api, h.now, &mut h.rng);
    assert_eq!(r.exit_code, 1);
    assert!(r.stdout.ends_with("** server can't find nope: NXDOMAIN\n\n"));
    let r = h.sim.exec(&client, "sh", &argv(&["wget", "-qO-", "http://web"]), &h.api, h.now, &mut h.rng);
    assert!(r.stdout.contains("Welcome to nginx!"));
    assert_eq!(r.exit_code, 0);
    let r = h.sim.exec(&client, "sh", &argv(&["wget", "-qO-", "http://webb"]), &h.api, h.now, &mut h.rng);
    assert_eq!((r.stderr.as_str(), r.exit_code), ("wget: bad address 'webb'\n", 1));
    let r = h.sim.exec(
        &client,
        "sh",
        &argv(&["sh", "-c", "echo $HOSTNAME && cat /nope"]),
        &h.api,
        h.now,
        &mut h.rng,
    );
    assert_eq!(r.stdout, "client\n");
    assert_eq!(r.stderr, "cat: can't open '/nope': No such file or directory\n");
    assert_eq!(r.exit_code, 1);
    let r = h.sim.exec(&client, "sh", &argv(&["sh", "-c", "curl http://web"]), &h.api, h.now, &mut h.rng);
    assert_eq!((r.stderr.as_str(), r.exit_code), ("sh: curl: not found\n", 127));
    let r = h.sim.exec(&client, "sh", &argv(&["bash"]), &h.api, h.now, &mut h.rng);
    assert!(r.stderr.contains("exec: \"bash\": executable file not found in $PATH: unknown"), "{}", r.stderr);
    // nginx (Debian) has curl.
    let web = h.pod("web-2").unwrap();
    let r = h.sim.exec(&web, "nginx", &argv(&["curl", "-s", "http://web/"]), &h.api, h.now, &mut h.rng);
    assert!(r.stdout.starts_with("<!DOCTYPE html>"));
    let env = h.sim.exec(&web, "nginx", &argv(&["printenv", "HOSTNAME"]), &h.api, h.now, &mut h.rng);
    assert_eq!(env.stdout, "web-2\n");
    // exec into a container that is not running.
    let mut p = pod("pending", json!([{"name": "web", "image": "nginx:1.99"}]));
    *p.at_mut("spec.nodeName") = json!("worker");
    h.create(p);
    h.run("pending", T0.plus_secs(40));
    let p = h.pod("pending").unwrap();
    let r = h.sim.exec(&p, "web", &argv(&["ls"]), &h.api, h.now, &mut h.rng);
    assert_eq!(r.stderr, "error: unable to upgrade connection: container not found (\"web\")\n");
    let _ = SimTime(0);
}

#[test]
fn service_links_captured_at_start() {
    let mut h = Harness::new();
    h.api.put("services", service("web", "10.96.0.12", 80, json!(80)));
    let mut p = pod(
        "client",
        json!([{"name": "sh", "image": "busybox:1.36", "command": ["sleep", "3600"], "env": [{"name": "GREETING", "value": "hi"}]}]),
    );
    *p.at_mut("spec.nodeName") = json!("worker");
    h.create(p);
    h.run("client", T0.plus_secs(20));
    h.api.put("services", service("late", "10.96.0.13", 80, json!(80)));
    let p = h.pod("client").unwrap();
    let env = h.sim.container_env(&p, "sh", &h.api).unwrap();
    let keys: Vec<&str> = env.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys[..3], ["PATH", "HOSTNAME", "GREETING"]);
    assert_eq!(keys.last(), Some(&"HOME"));
    assert!(env.contains(&("WEB_SERVICE_HOST".to_string(), "10.96.0.12".to_string())));
    assert!(env.contains(&("WEB_PORT_80_TCP_ADDR".to_string(), "10.96.0.12".to_string())));
    assert!(env.contains(&("KUBERNETES_SERVICE_HOST".to_string(), "10.96.0.1".to_string())));
    assert!(!keys.iter().any(|k| k.starts_with("LATE_")));
}

#[test]
fn a_client_loop_reaches_the_service() {
    let mut h = setup();
    h.api.put("endpointslices", slice("web", 80, &[("10.244.1.2", "web-1", true)]));
    let mut c = pod(
        "loop",
        json!([{"name": "sh", "image": "busybox:1.36",
        "command": ["sh", "-c", "while true; do wget -qO- http://web/nope || echo failed; sleep 5; done"]}]),
    );
    *c.at_mut("spec.nodeName") = json!("worker2");
    h.create(c);
    h.now = T0.plus_secs(30);
    h.run("loop", T0.plus_secs(60));
    let p = h.pod("loop").unwrap();
    let logs = h.sim.logs(&p, "sh", false, h.now).unwrap();
    assert!(logs.starts_with("wget: server returned error: HTTP/1.1 404 Not Found\nfailed\n"), "{logs}");
    // The nginx pod logged the requests as they happened, not before.
    let web = h.pod("web-1").unwrap();
    let access = h.sim.logs(&web, "nginx", false, h.now).unwrap();
    let n = access.lines().filter(|l| l.contains("\"GET /nope HTTP/1.1\" 404")).count();
    assert!((4..=7).contains(&n), "{n} {access}");
    assert!(access.contains("10.244.2.3 - - "), "{access}");
}

#[test]
fn node_failure_taints_and_evicts() {
    let mut h = setup();
    let node = |h: &Harness| (*h.api.get("nodes", "", "worker").unwrap()).clone();
    h.sim.fail_node("worker");
    let r = h.sim.sync_node(&node(&h), &h.api, h.now, &mut h.rng);
    assert!(r.writes.is_empty());
    assert_eq!(r.wake_at, Some(h.now.plus_secs(50)));
    // Until the endpoints drop them, requests to the node's pods time out.
    h.api.put("endpointslices", slice("web", 80, &[("10.244.1.2", "web-1", true)]));
    let r = h.sim.request(&req("http://web/"), &h.api, h.now, &mut h.rng);
    assert_eq!(r.error.as_deref(), Some("curl: (28) Connection timed out after 5001 milliseconds"));
    let p = h.pod("web-1").unwrap();
    let e = h.sim.exec(&p, "nginx", &["ls".to_string()], &h.api, h.now, &mut h.rng);
    assert_eq!(
        e.stderr,
        "Error from server: error dialing backend: dial tcp 172.18.0.3:10250: connect: no route to host\n"
    );
    h.now = h.now.plus_secs(50);
    let r = h.sim.sync_node(&node(&h), &h.api, h.now, &mut h.rng);
    h.apply(&r);
    let n = node(&h);
    let ready =
        n["status"]["conditions"].as_array().unwrap().iter().find(|c| c["type"] == "Ready").unwrap().clone();
    assert_eq!(ready["status"], "Unknown");
    assert_eq!(ready["reason"], "NodeStatusUnknown");
    assert_eq!(ready["message"], "Kubelet stopped posting node status.");
    let taints: Vec<String> = n["spec"]["taints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| format!("{}:{}", t["key"].as_str().unwrap(), t["effect"].as_str().unwrap()))
        .collect();
    assert_eq!(
        taints,
        vec!["node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute"]
    );
    assert_eq!(
        h.pod("web-1").unwrap()["status"]["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["type"] == "Ready")
            .unwrap()["status"],
        "False"
    );
    assert_eq!(r.wake_at, Some(h.now.plus_secs(300)));
    // The scheduler no longer picks the node.
    let mut p = pod("new", json!([{"name": "c", "image": "nginx:1.27"}]));
    p["spec"]["nodeSelector"] = json!({"kubernetes.io/hostname": "worker"});
    let r2 = h.sim.schedule(&p, &h.api, h.now, &mut h.rng);
    assert!(
        r2.events[0].message.contains("1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }"),
        "{}",
        r2.events[0].message
    );
    // 300 s later the pods are evicted (deleted with their grace period).
    h.now = h.now.plus_secs(300);
    let r = h.sim.sync_node(&node(&h), &h.api, h.now, &mut h.rng);
    let deletes = r.writes.iter().filter(|w| matches!(w.op, kubeplay_model::WriteOp::Delete { .. })).count();
    assert_eq!(deletes, 3);
    assert!(r.events.iter().any(|e| e.message == "Marking for deletion Pod default/web-1"));
    // Recovery lifts the taints.
    h.apply(&r);
    h.sim.recover_node("worker");
    let r = h.sim.sync_node(&node(&h), &h.api, h.now, &mut h.rng);
    h.apply(&r);
    assert!(node(&h)["spec"]["taints"].is_null());
    // The kubelet is back and finishes the evicted pods' termination.
    h.run("web-1", h.now.plus_secs(5));
    assert!(h.pod("web-1").is_none());
}

#[test]
fn exec_sees_configmap_files_and_dirs() {
    let mut h = Harness::new();
    h.api.put("configmaps", json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app", "namespace": "default"}, "data": {"app.properties": "mode=dev\n", "b": "2"}}));
    let mut p = pod(
        "box",
        json!([{"name": "sh", "image": "busybox:1.36", "command": ["sleep", "3600"], "volumeMounts": [{"name": "cfg", "mountPath": "/config"}]}]),
    );
    *p.at_mut("spec.volumes") = json!([{"name": "cfg", "configMap": {"name": "app"}}]);
    *p.at_mut("spec.nodeName") = json!("worker");
    h.create(p);
    h.run("box", T0.plus_secs(20));
    let p = h.pod("box").unwrap();
    let argv = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let r = h.sim.exec(&p, "sh", &argv(&["ls", "/config"]), &h.api, h.now, &mut h.rng);
    assert_eq!(r.stdout, "app.properties\nb\n");
    let r = h.sim.exec(&p, "sh", &argv(&["cat", "/config/app.properties"]), &h.api, h.now, &mut h.rng);
    assert_eq!(r.stdout, "mode=dev\n");
    let r = h.sim.exec(
        &p,
        "sh",
        &argv(&["sh", "-c", "echo hi > /tmp/x; cat /tmp/x; ls /tmp"]),
        &h.api,
        h.now,
        &mut h.rng,
    );
    assert_eq!(r.stdout, "hi\nx\n");
    // Files written by exec persist in the container.
    let r = h.sim.exec(&p, "sh", &argv(&["cat", "/tmp/x"]), &h.api, h.now, &mut h.rng);
    assert_eq!(r.stdout, "hi\n");
    let r = h.sim.exec(&p, "sh", &argv(&["ls", "/nope"]), &h.api, h.now, &mut h.rng);
    assert_eq!((r.stderr.as_str(), r.exit_code), ("ls: /nope: No such file or directory\n", 1));
    let r = h.sim.exec(&p, "sh", &argv(&["hostname"]), &h.api, h.now, &mut h.rng);
    assert_eq!(r.stdout, "box\n");
}

#[test]
fn old_busybox_nslookup_format() {
    let mut h = setup();
    let mut p = pod("bb", json!([{"name": "bb", "image": "busybox:1.28", "command": ["sleep", "3600"]}]));
    *p.at_mut("spec.nodeName") = json!("worker2");
    h.create(p);
    h.now = T0;
    h.run("bb", T0.plus_secs(30));
    let p = h.pod("bb").unwrap();
    let argv = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let r = h.sim.exec(&p, "bb", &argv(&["nslookup", "kubernetes.default"]), &h.api, h.now, &mut h.rng);
    assert_eq!(
        r.stdout,
        "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      kubernetes.default\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n"
    );
    let r = h.sim.exec(&p, "bb", &argv(&["nslookup", "nope"]), &h.api, h.now, &mut h.rng);
    assert_eq!((r.stderr.as_str(), r.exit_code), ("nslookup: can't resolve 'nope'\n", 1));
}

#[test]
fn host_port_on_the_node_ip() {
    let mut h = Harness::new();
    let mut p = pod(
        "hp",
        json!([{"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 80, "hostPort": 8080, "protocol": "TCP"}]}]),
    );
    *p.at_mut("spec.nodeName") = json!("worker");
    h.create(p);
    h.run("hp", T0.plus_secs(20));
    let ext = NetRequest {
        source: NetSource::External,
        url: "http://172.18.0.3:8080/".into(),
        method: "GET".into(),
        timeout_ms: 5000,
    };
    let r = h.sim.request(&ext, &h.api, h.now, &mut h.rng);
    assert_eq!(r.status, 200);
    assert_eq!(r.pod.map(|p| p.name), Some("hp".to_string()));
}

#[test]
fn headless_pod_hostnames() {
    let mut h = setup();
    let mut p = (*h.api.get("pods", "default", "web-1").unwrap()).clone();
    *p.at_mut("spec.hostname") = json!("web-0");
    *p.at_mut("spec.subdomain") = json!("nginx");
    h.api.put("pods", p);
    assert_eq!(h.sim.resolve("web-0.nginx", "default", &h.api), Ok(vec!["10.244.1.2".to_string()]));
    assert_eq!(
        h.sim.resolve("web-0.nginx.default.svc.cluster.local", "other", &h.api),
        Ok(vec!["10.244.1.2".to_string()])
    );
    assert_eq!(
        h.sim.resolve("10-244-1-3.nginx.default.svc.cluster.local", "default", &h.api),
        Ok(vec!["10.244.1.3".to_string()])
    );
}
