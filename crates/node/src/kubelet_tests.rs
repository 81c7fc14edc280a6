//! Scenario tests for the kubelet: a pod driven from creation through the scheduler and the
//! kubelet, checked against the reference's exact strings.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use kubeplay_model::ObjectExt;
use serde_json::{json, Value};

use crate::testutil::{pod, Harness, T0};
use crate::ProbeKind;

fn cond<'a>(p: &'a Value, t: &str) -> &'a Value {
    p.at("status.conditions")
        .and_then(Value::as_array)
        .and_then(|a| a.iter().find(|c| c.get("type").and_then(Value::as_str) == Some(t)))
        .unwrap_or(&Value::Null)
}

#[test]
fn running_ready_pod_status() {
    let mut h = Harness::new();
    h.create(pod(
        "web",
        json!([{"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 80, "protocol": "TCP"}]}]),
    ));
    h.run("web", T0.plus_secs(30));
    let p = h.pod("web").unwrap();
    assert_eq!(p.str_at("status.phase"), Some("Running"));
    let types: Vec<&str> =
        p["status"]["conditions"].as_array().unwrap().iter().map(|c| c["type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        vec!["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]
    );
    for t in &types {
        assert_eq!(cond(&p, t)["status"], "True", "{t}");
    }
    let cs = &p["status"]["containerStatuses"][0];
    assert_eq!(cs["image"], "docker.io/library/nginx:1.27");
    assert!(cs["imageID"].as_str().unwrap().starts_with("docker.io/library/nginx@sha256:"));
    assert_eq!(cs["imageID"].as_str().unwrap().len(), "docker.io/library/nginx@sha256:".len() + 64);
    let id = cs["containerID"].as_str().unwrap();
    assert!(id.starts_with("containerd://") && id.len() == 13 + 64);
    assert_eq!(cs["ready"], true);
    assert_eq!(cs["started"], true);
    assert_eq!(cs["restartCount"], 0);
    assert_eq!(cs["lastState"], json!({}));
    assert!(cs["state"]["running"]["startedAt"].is_string());
    let node = p.str_at("spec.nodeName").unwrap();
    let ip = p.str_at("status.podIP").unwrap();
    let want = if node == "worker" { "10.244.1.2" } else { "10.244.2.2" };
    assert_eq!(ip, want);
    assert_eq!(p["status"]["podIPs"], json!([{"ip": want}]));
    let host = if node == "worker" { "172.18.0.3" } else { "172.18.0.4" };
    assert_eq!(p.str_at("status.hostIP"), Some(host));
    assert_eq!(p.str_at("status.startTime"), Some("2025-03-01T10:00:00Z"));
    assert_eq!(p.str_at("status.qosClass"), Some("BestEffort"));
}

#[test]
fn image_pull_event_sequence_and_cache() {
    let mut h = Harness::new();
    let mut p = pod("a", json!([{"name": "web", "image": "nginx:1.27"}]));
    *p.at_mut("spec.nodeName") = json!("worker");
    h.create(p);
    h.run("a", T0.plus_secs(20));
    let m = h.messages("a");
    assert_eq!(m.len(), 4, "{m:?}");
    assert_eq!(m[0], "Pulling: Pulling image \"nginx:1.27\"");
    let pulled = &m[1];
    assert!(pulled.starts_with("Pulled: Successfully pulled image \"nginx:1.27\" in "), "{pulled}");
    assert!(pulled.ends_with(" including waiting). Image size: 72099501 bytes."), "{pulled}");
    // First pull of a 72 MB image on a node: between 2 and 8 seconds.
    let secs: f64 = pulled.split(" in ").nth(1).unwrap().split('s').next().unwrap().parse().unwrap();
    assert!((2.0..=8.0).contains(&secs), "{secs}");
    assert_eq!(m[2], "Created: Created container: web");
    assert_eq!(m[3], "Started: Started container web");
    let mut p = pod("b", json!([{"name": "web", "image": "nginx:1.27"}]));
    *p.at_mut("spec.nodeName") = json!("worker");
    h.create(p);
    h.run("b", T0.plus_secs(40));
    assert_eq!(
        h.messages("b"),
        vec![
            "Pulled: Container image \"nginx:1.27\" already present on machine",
            "Created: Created container: web",
            "Started: Started container web"
        ]
    );
}

#[test]
fn failed_pull_backs_off() {
    let mut h = Harness::new();
    let mut p = pod("bad", json!([{"name": "web", "image": "nginx:1.99"}]));
    *p.at_mut("spec.nodeName") = json!("worker");
    h.create(p);
    h.run("bad", T0.plus_secs(5));
    let err = "rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nginx:1.99\": failed to resolve reference \"docker.io/library/nginx:1.99\": docker.io/library/nginx:1.99: not found";
    assert_eq!(
        h.messages("bad"),
        vec![
            "Pulling: Pulling image \"nginx:1.99\"".to_string(),
            format!("Failed: Failed to pull image \"nginx:1.99\": {err}"),
            "Failed: Error: ErrImagePull".to_string(),
            "BackOff: Back-off pulling image \"nginx:1.99\"".to_string(),
            "Failed: Error: ImagePullBackOff".to_string(),
        ]
    );
    let p = h.pod("bad").unwrap();
    assert_eq!(p.str_at("status.phase"), Some("Pending"));
    let w = &p["status"]["containerStatuses"][0]["state"]["waiting"];
    assert_eq!(w["reason"], "ImagePullBackOff");
    assert_eq!(w["message"], format!("Back-off pulling image \"nginx:1.99\": ErrImagePull: {err}"));
    // Retries: the second pull about 10 s after the first failure, the third 20 s after the second.
    h.run("bad", T0.plus_secs(60));
    let pulls: Vec<i64> =
        h.events.iter().filter(|e| e.2 == "Pulling").map(|e| (e.0.millis() - T0.millis()) / 1000).collect();
    assert_eq!(pulls.len(), 3, "{pulls:?}");
    assert!((10..=13).contains(&(pulls[1] - pulls[0])), "{pulls:?}");
    assert!((20..=23).contains(&(pulls[2] - pulls[1])), "{pulls:?}");
}

#[test]
fn crashloop_backoff_durations() {
    let mut h = Harness::new();
    let mut p = pod(
        "crash",
        json!([{"name": "app", "image": "busybox:1.36", "command": ["sh", "-c", "echo boom; exit 1"]}]),
    );
    *p.at_mut("spec.nodeName") = json!("worker");
    h.create(p);
    let mut seen = Vec::new();
    let mut guard = 0;
    while h.now < T0.plus_secs(1200) && guard < 2000 {
        guard += 1;
        let next = h.step("crash");
        let p = h.pod("crash").unwrap();
        if let Some(m) = p["status"]["containerStatuses"][0]["state"]["waiting"]["message"].as_str() {
            if seen.last().map(String::as_str) != Some(m) {
                seen.push(m.to_string());
            }
        }
        match next {
            Some(t) => h.now = t.max(h.now),
            None => break,
        }
    }
    let durs: Vec<&str> =
        seen.iter().map(|m| m.strip_prefix("back-off ").unwrap().split(' ').next().unwrap()).collect();
    assert_eq!(durs[..6], ["10s", "20s", "40s", "1m20s", "2m40s", "5m0s"]);
    assert_eq!(seen[0], "back-off 10s restarting failed container=app pod=crash_default(uid-crash)");
    assert!(h.messages("crash").contains(
        &"BackOff: Back-off restarting failed container app in pod crash_default(uid-crash)".to_string()
    ));
    let p = h.pod("crash").unwrap();
    assert_eq!(p.str_at("status.phase"), Some("Running"));
    let cs = &p["status"]["containerStatuses"][0];
    assert_eq!(cs["lastState"]["terminated"]["exitCode"], 1);
    assert_eq!(cs["lastState"]["terminated"]["reason"], "Error");
    assert!(cs["restartCount"].as_i64().unwrap() >= 6);
    assert_eq!(cond(&p, "Ready")["message"], "containers with unready status: [app]");
    // Logs of the last run, with --previous too.
    let pod = h.pod("crash").unwrap();
    assert_eq!(h.sim.logs(&pod, "app", true, h.now), Ok("boom\n".to_string()));
}

#[test]
fn oom_killed_when_over_the_limit() {
    let mut h = Harness::new();
    let mut p = pod(
        "mem",
        json!([{"name": "stress", "image": "polinux/stress", "command": ["stress"],
        "args": ["--vm", "1", "--vm-bytes", "150M", "--vm-hang", "1"],
        "resources": {"limits": {"memory": "100Mi"}, "requests": {"memory": "50Mi"}}}]),
    );
    *p.at_mut("spec.nodeName") = json!("worker");
    h.create(p);
    h.run("mem", T0.plus_secs(15));
    let p = h.pod("mem").unwrap();
    let cs = &p["status"]["containerStatuses"][0];
    let term = if cs["state"]["terminated"].is_object() {
        &cs["state"]["terminated"]
    } else {
        &cs["lastState"]["terminated"]
    };
    assert_eq!(term["reason"], "OOMKilled");
    assert_eq!(term["exitCode"], 137);
}

#[test]
fn completed_pod_succeeds() {
    let mut h = Harness::new();
    let mut p = pod("job", json!([{"name": "main", "image": "busybox:1.36", "command": ["echo", "hello"]}]));
    *p.at_mut("spec.restartPolicy") = json!("Never");
    *p.at_mut("spec.nodeName") = json!("worker");
    h.create(p);
    h.run("job", T0.plus_secs(20));
    let p = h.pod("job").unwrap();
    assert_eq!(p.str_at("status.phase"), Some("Succeeded"));
    assert_eq!(p["status"]["containerStatuses"][0]["state"]["terminated"]["reason"], "Completed");
    assert_eq!(p["status"]["containerStatuses"][0]["state"]["terminated"]["exitCode"], 0);
    assert_eq!(cond(&p, "Ready")["reason"], "PodCompleted");
    assert_eq!(cond(&p, "PodReadyToStartContainers")["status"], "False");
    assert_eq!(h.sim.logs(&p, "main", false, h.now), Ok("hello\n".to_string()));
    assert_eq!(
        h.sim.logs(&p, "main", true, h.now),
        Err("previous terminated container \"main\" in pod \"job\" not found".to_string())
    );
}

#[test]
fn readiness_probe_on_a_closed_port() {
    let mut h = Harness::new();
    let mut p = pod(
        "web",
        json!([{"name": "web", "image": "nginx:1.27",
        "readinessProbe": {"httpGet": {"path": "/", "port": 8080, "scheme": "HTTP"}, "periodSeconds": 10, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3}}]),
    );
    *p.at_mut("spec.nodeName") = json!("worker");
    h.create(p);
    h.run("web", T0.plus_secs(60));
    let p = h.pod("web").unwrap();
    assert_eq!(p.str_at("status.phase"), Some("Running"));
    assert_eq!(cond(&p, "Ready")["status"], "False");
    assert_eq!(cond(&p, "ContainersReady")["reason"], "ContainersNotReady");
    assert_eq!(p["status"]["containerStatuses"][0]["ready"], false);
    assert!(h.messages("web").contains(&"Unhealthy: Readiness probe failed: Get \"http://10.244.1.2:8080/\": dial tcp 10.244.1.2:8080: connect: connection refused".to_string()));
    // Restarts never happen for readiness failures.
    assert_eq!(p["status"]["containerStatuses"][0]["restartCount"], 0);
}

#[test]
fn liveness_exec_probe_restarts_the_container() {
    let mut h = Harness::new();
    let mut p = pod(
        "liveness",
        json!([{"name": "liveness", "image": "registry.k8s.io/busybox",
        "args": ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
        "livenessProbe": {"exec": {"command": ["cat", "/tmp/healthy"]}, "initialDelaySeconds": 5, "periodSeconds": 5, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3}}]),
    );
    *p.at_mut("spec.nodeName") = json!("worker");
    h.create(p);
    h.run("liveness", T0.plus_secs(120));
    let m = h.messages("liveness");
    assert!(
        m.contains(
            &"Unhealthy: Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"
                .to_string()
        ),
        "{m:?}"
    );
    assert!(
        m.contains(&"Killing: Container liveness failed liveness probe, will be restarted".to_string()),
        "{m:?}"
    );
    let p = h.pod("liveness").unwrap();
    // busybox's shell ignores SIGTERM, so the kill takes the 30 s grace period and exits 137.
    assert_eq!(p["status"]["containerStatuses"][0]["restartCount"], 1);
    assert_eq!(p["status"]["containerStatuses"][0]["lastState"]["terminated"]["exitCode"], 137);
}

#[test]
fn forced_probe_failure() {
    let mut h = Harness::new();
    let mut p = pod(
        "web",
        json!([{"name": "web", "image": "nginx:1.27",
        "readinessProbe": {"httpGet": {"path": "/", "port": 80}, "periodSeconds": 5, "failureThreshold": 1, "successThreshold": 1}}]),
    );
    *p.at_mut("spec.nodeName") = json!("worker");
    h.create(p);
    h.run("web", T0.plus_secs(20));
    assert_eq!(cond(&h.pod("web").unwrap(), "Ready")["status"], "True");
    h.sim.fail_probe("uid-web", "web", ProbeKind::Readiness, true);
    h.run("web", T0.plus_secs(30));
    assert_eq!(cond(&h.pod("web").unwrap(), "Ready")["status"], "False");
    assert!(h
        .messages("web")
        .contains(&"Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 503".to_string()));
}

#[test]
fn config_error_recovers_when_the_configmap_appears() {
    let mut h = Harness::new();
    let mut p = pod(
        "web",
        json!([{"name": "web", "image": "nginx:1.27",
        "env": [{"name": "MODE", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "mode"}}}]}]),
    );
    *p.at_mut("spec.nodeName") = json!("worker");
    h.create(p);
    h.run("web", T0.plus_secs(15));
    let p = h.pod("web").unwrap();
    let w = &p["status"]["containerStatuses"][0]["state"]["waiting"];
    assert_eq!(w["reason"], "CreateContainerConfigError");
    assert_eq!(w["message"], "configmap \"cfg\" not found");
    assert_eq!(p.str_at("status.phase"), Some("Pending"));
    assert!(h.messages("web").contains(&"Failed: Error: configmap \"cfg\" not found".to_string()));
    h.api.put("configmaps", json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg", "namespace": "default"}, "data": {"other": "x"}}));
    h.run("web", T0.plus_secs(30));
    let p = h.pod("web").unwrap();
    assert_eq!(
        p["status"]["containerStatuses"][0]["state"]["waiting"]["message"],
        "couldn't find key mode in ConfigMap default/cfg"
    );
    h.api.put("configmaps", json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg", "namespace": "default"}, "data": {"mode": "prod"}}));
    h.run("web", T0.plus_secs(50));
    let p = h.pod("web").unwrap();
    assert_eq!(p.str_at("status.phase"), Some("Running"));
    let env = h.sim.container_env(&p, "web", &h.api).unwrap();
    assert!(env.contains(&("MODE".to_string(), "prod".to_string())));
}

#[test]
fn graceful_termination() {
    let mut h = Harness::new();
    for (name, image, cmd) in
        [("web", "nginx:1.27", json!(null)), ("sleeper", "busybox:1.36", json!(["sleep", "3600"]))]
    {
        let mut c = json!({"name": "c", "image": image});
        if !cmd.is_null() {
            c["command"] = cmd;
        }
        let mut p = pod(name, json!([c]));
        *p.at_mut("spec.nodeName") = json!("worker");
        h.create(p);
        h.now = T0;
        h.run(name, T0.plus_secs(20));
    }
    h.now = T0.plus_secs(20);
    h.delete_graceful("web", 30);
    h.delete_graceful("sleeper", 30);
    h.run("web", T0.plus_secs(21));
    assert!(h.pod("web").is_none(), "nginx handles SIGTERM and is gone at once");
    assert!(h.messages("web").contains(&"Killing: Stopping container c".to_string()));
    h.run("sleeper", T0.plus_secs(49));
    assert!(h.pod("sleeper").is_some(), "sleep ignores SIGTERM: the grace period runs");
    h.run("sleeper", T0.plus_secs(51));
    assert!(h.pod("sleeper").is_none());
}

#[test]
fn init_containers_run_first() {
    let mut h = Harness::new();
    let mut p = pod("app", json!([{"name": "web", "image": "nginx:1.27"}]));
    *p.at_mut("spec.initContainers") = json!([{"name": "init", "image": "busybox:1.36", "imagePullPolicy": "IfNotPresent", "command": ["sh", "-c", "sleep 10"]}]);
    *p.at_mut("spec.nodeName") = json!("worker");
    h.create(p);
    h.run("app", T0.plus_secs(8));
    let p = h.pod("app").unwrap();
    assert_eq!(p.str_at("status.phase"), Some("Pending"));
    assert_eq!(cond(&p, "Initialized")["message"], "containers with incomplete status: [init]");
    assert_eq!(cond(&p, "Initialized")["reason"], "ContainersNotInitialized");
    assert_eq!(p["status"]["containerStatuses"][0]["state"]["waiting"]["reason"], "PodInitializing");
    assert!(p["status"]["initContainerStatuses"][0]["state"]["running"].is_object());
    h.run("app", T0.plus_secs(40));
    let p = h.pod("app").unwrap();
    assert_eq!(p.str_at("status.phase"), Some("Running"));
    assert_eq!(p["status"]["initContainerStatuses"][0]["state"]["terminated"]["reason"], "Completed");
    assert_eq!(cond(&p, "Initialized")["status"], "True");
}

#[test]
fn never_pull_and_invalid_names() {
    let mut h = Harness::new();
    let mut p = pod(
        "local",
        json!([{"name": "api", "image": "backend:latest", "imagePullPolicy": "Never", "ports": [{"containerPort": 3000}]}]),
    );
    *p.at_mut("spec.nodeName") = json!("worker");
    h.create(p);
    h.run("local", T0.plus_secs(10));
    assert_eq!(h.pod("local").unwrap().str_at("status.phase"), Some("Running"));
    let mut p = pod("never", json!([{"name": "web", "image": "nginx:1.27", "imagePullPolicy": "Never"}]));
    *p.at_mut("spec.nodeName") = json!("worker");
    h.create(p);
    h.run("never", T0.plus_secs(15));
    assert_eq!(
        h.messages("never")[..2],
        [
            "ErrImageNeverPull: Container image \"nginx:1.27\" is not present with pull policy of Never"
                .to_string(),
            "Failed: Error: ErrImageNeverPull".to_string()
        ]
    );
    let mut p = pod("upper", json!([{"name": "web", "image": "NGINX"}]));
    *p.at_mut("spec.nodeName") = json!("worker");
    h.create(p);
    h.run("upper", T0.plus_secs(20));
    let p = h.pod("upper").unwrap();
    assert_eq!(p["status"]["containerStatuses"][0]["state"]["waiting"]["reason"], "InvalidImageName");
}

#[test]
fn postgres_without_password_crashes_with_its_error() {
    let mut h = Harness::new();
    let mut p = pod("db", json!([{"name": "postgres", "image": "postgres:17"}]));
    *p.at_mut("spec.nodeName") = json!("worker");
    h.create(p);
    h.run("db", T0.plus_secs(30));
    let p = h.pod("db").unwrap();
    let logs = h.sim.logs(&p, "postgres", false, h.now).unwrap();
    assert!(logs.starts_with("Error: Database is uninitialized and superuser password is not specified.\n"));
    assert!(p["status"]["containerStatuses"][0]["restartCount"].as_i64().unwrap() >= 1);
}

#[test]
fn sidecar_init_container_keeps_running() {
    let mut h = Harness::new();
    let mut p = pod("app", json!([{"name": "web", "image": "nginx:1.27"}]));
    *p.at_mut("spec.initContainers") = json!([{"name": "proxy", "image": "busybox:1.36", "restartPolicy": "Always", "command": ["sleep", "3600"]}]);
    *p.at_mut("spec.nodeName") = json!("worker");
    h.create(p);
    h.run("app", T0.plus_secs(30));
    let p = h.pod("app").unwrap();
    assert_eq!(p.str_at("status.phase"), Some("Running"));
    assert!(p["status"]["initContainerStatuses"][0]["state"]["running"].is_object());
    assert_eq!(p["status"]["initContainerStatuses"][0]["ready"], true);
    assert_eq!(cond(&p, "Initialized")["status"], "True");
    assert_eq!(cond(&p, "Ready")["status"], "True");
}
