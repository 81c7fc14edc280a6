//! What learners type inside containers: localhost, the images' own tools, python images, and
//! placeholder images. Expectations come from the real images (busybox 1.36, nginx 1.27 on
//! Debian bookworm, redis 7.4, python 3.12) and issue 12's list.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use kubeplay_model::{ObjectExt, SimTime};
use serde_json::{json, Value};

use crate::testutil::{pod, Harness};
use crate::ExecResult;

fn argv(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

/// Creates a pod on `worker` and runs it for 30 s.
fn start(h: &mut Harness, name: &str, containers: Value) {
    let mut p = pod(name, containers);
    *p.at_mut("spec.nodeName") = json!("worker");
    h.create(p);
    let until = h.now.plus_secs(30);
    h.run(name, until);
}

fn exec(h: &mut Harness, pod: &str, container: &str, cmd: &[&str]) -> ExecResult {
    let p = h.pod(pod).unwrap();
    h.sim.exec(&p, container, &argv(cmd), &h.api, h.now, &mut h.rng)
}

fn service(name: &str, ip: &str, port: i64, app: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": "default", "uid": format!("svc-{name}")},
        "spec": {"type": "ClusterIP", "clusterIP": ip, "clusterIPs": [ip], "sessionAffinity": "None", "selector": {"app": app},
            "ports": [{"port": port, "protocol": "TCP", "targetPort": port}]}})
}

fn endpoints(name: &str, ip: &str, port: i64, pod: &str) -> Value {
    json!({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
        "metadata": {"name": format!("{name}-abcde"), "namespace": "default", "labels": {"kubernetes.io/service-name": name}},
        "addressType": "IPv4", "ports": [{"port": port, "protocol": "TCP"}],
        "endpoints": [{"addresses": [ip], "conditions": {"ready": true, "serving": true, "terminating": false},
            "nodeName": "worker", "targetRef": {"kind": "Pod", "name": pod, "namespace": "default"}}]})
}

#[test]
fn a_pod_reaches_its_own_server_on_localhost() {
    let mut h = Harness::new();
    start(&mut h, "web", json!([{"name": "nginx", "image": "nginx:1.27"}]));
    for url in ["localhost", "http://localhost/", "127.0.0.1", "http://127.0.0.1:80/index.html"] {
        let r = exec(&mut h, "web", "nginx", &["curl", "-s", url]);
        assert_eq!(r.exit_code, 0, "{url}: {r:?}");
        assert!(r.stdout.contains("<title>Welcome to nginx!</title>"), "{url}");
    }
    // nginx logs the loopback address as the client.
    let p = h.pod("web").unwrap();
    let logs = h.sim.logs(&p, "nginx", false, h.now).unwrap();
    assert!(logs.contains("127.0.0.1 - - [01/Mar/2025:10:00:30 +0000] \"GET / HTTP/1.1\" 200 615"), "{logs}");
    // A port nothing listens on is refused, as before.
    let r = exec(&mut h, "web", "nginx", &["curl", "-s", "-S", "localhost:8080"]);
    assert_eq!(r.exit_code, 7);
    assert_eq!(
        r.stderr,
        "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Connection refused\n"
    );
}

#[test]
fn containers_of_one_pod_share_localhost() {
    let mut h = Harness::new();
    // The sidecar pattern: a helper polls the main container on localhost.
    start(
        &mut h,
        "app",
        json!([
            {"name": "web", "image": "nginx:1.27"},
            {"name": "poller", "image": "busybox:1.36", "command": ["sh", "-c", "wget -qO- http://localhost:80/ | head -n 4; sleep 3600"]},
        ]),
    );
    let p = h.pod("app").unwrap();
    let logs = h.sim.logs(&p, "poller", false, h.now).unwrap();
    assert_eq!(logs, "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n");
    let r = exec(&mut h, "app", "poller", &["wget", "-qO-", "127.0.0.1"]);
    assert_eq!(r.exit_code, 0);
    assert!(r.stdout.contains("Welcome to nginx!"));
    // Another pod's localhost is its own: nothing listens there.
    start(&mut h, "client", json!([{"name": "sh", "image": "busybox:1.36", "command": ["sleep", "3600"]}]));
    let r = exec(&mut h, "client", "sh", &["wget", "-qO-", "http://localhost/"]);
    assert_eq!(r.exit_code, 1);
    assert!(
        r.stderr.ends_with("wget: can't connect to remote host (127.0.0.1): Connection refused\n"),
        "{r:?}"
    );
}

#[test]
fn busybox_ships_its_applets() {
    let mut h = Harness::new();
    start(&mut h, "bb", json!([{"name": "bb", "image": "busybox:1.36", "command": ["sleep", "3600"]}]));
    let r = exec(&mut h, "bb", "bb", &["which", "nc", "ping", "sort", "head", "tail", "grep", "wc"]);
    assert_eq!(r.stdout, "/bin/nc\n/bin/ping\n/bin/sort\n/bin/head\n/bin/tail\n/bin/grep\n/bin/wc\n");
    assert_eq!(exec(&mut h, "bb", "bb", &["which", "curl"]).exit_code, 1);
    let ls = exec(&mut h, "bb", "bb", &["ls", "/bin"]).stdout;
    for applet in ["busybox\n", "nc\n", "ping\n", "sort\n", "wget\n", "which\n"] {
        assert!(ls.contains(applet), "{applet}");
    }
    let r = exec(&mut h, "bb", "bb", &["busybox"]);
    assert!(r.stdout.starts_with("BusyBox v1.36.1"));
    // Filters read files as well as pipes.
    let r = exec(&mut h, "bb", "bb", &["grep", "localhost", "/etc/hosts"]);
    assert_eq!(r.stdout, "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
    assert_eq!(
        exec(&mut h, "bb", "bb", &["head", "-n", "1", "/etc/passwd"]).stdout,
        "root:x:0:0:root:/root:/bin/sh\n"
    );
    assert_eq!(
        exec(&mut h, "bb", "bb", &["tail", "-n", "1", "/etc/passwd"]).stdout,
        "nobody:x:65534:65534:nobody:/home:/bin/false\n"
    );
    assert_eq!(exec(&mut h, "bb", "bb", &["wc", "-l", "/etc/passwd"]).stdout, "9 /etc/passwd\n");
    let r = exec(&mut h, "bb", "bb", &["sh", "-c", "printf 'b\\na\\nc\\na\\n' | sort | uniq"]);
    assert_eq!(r.stdout, "a\nb\nc\n");
    let r = exec(&mut h, "bb", "bb", &["grep", "x", "/nope"]);
    assert_eq!((r.stderr.as_str(), r.exit_code), ("grep: /nope: No such file or directory\n", 2));
    // ps shows the container's own process.
    let r = exec(&mut h, "bb", "bb", &["ps"]);
    assert_eq!(
        r.stdout,
        "PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n    7 root      0:00 ps\n"
    );
}

#[test]
fn busybox_nc_and_ping_use_the_cluster_network() {
    let mut h = Harness::new();
    start(&mut h, "web", json!([{"name": "nginx", "image": "nginx:1.27"}]));
    let web_ip = h.pod("web").unwrap().str_at("status.podIP").unwrap().to_string();
    h.api.put("services", service("web", "10.96.0.12", 80, "web"));
    h.api.put("endpointslices", endpoints("web", &web_ip, 80, "web"));
    start(&mut h, "bb", json!([{"name": "bb", "image": "busybox:1.36", "command": ["sleep", "3600"]}]));
    let r = exec(&mut h, "bb", "bb", &["nc", "-zv", "web", "80"]);
    assert_eq!((r.stderr.as_str(), r.exit_code), ("web (10.96.0.12:80) open\n", 0));
    let r = exec(&mut h, "bb", "bb", &["nc", "-z", "web", "81"]);
    assert_eq!(r.exit_code, 1);
    let r = exec(&mut h, "bb", "bb", &["ping", "-c", "2", &web_ip]);
    assert!(
        r.stdout.starts_with(&format!(
            "PING {web_ip} ({web_ip}): 56 data bytes\n64 bytes from {web_ip}: seq=0 ttl=64"
        )),
        "{r:?}"
    );
    assert!(r.stdout.contains("2 packets transmitted, 2 packets received, 0% packet loss\n"));
    // A ClusterIP is virtual: kube-proxy's rules translate ports, nothing answers ICMP.
    let r = exec(&mut h, "bb", "bb", &["ping", "-c", "1", "web"]);
    assert!(r.stdout.contains("1 packets transmitted, 0 packets received, 100% packet loss\n"), "{r:?}");
    assert_eq!(r.exit_code, 1);
}

#[test]
fn nginx_tools_and_files() {
    let mut h = Harness::new();
    start(&mut h, "web", json!([{"name": "nginx", "image": "nginx:1.27"}]));
    let r = exec(&mut h, "web", "nginx", &["nginx", "-v"]);
    assert_eq!((r.stderr.as_str(), r.exit_code), ("nginx version: nginx/1.27.5\n", 0));
    let r = exec(&mut h, "web", "nginx", &["nginx", "-t"]);
    assert_eq!(r.stderr, "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n");
    let conf = exec(&mut h, "web", "nginx", &["cat", "/etc/nginx/conf.d/default.conf"]).stdout;
    assert!(conf
        .starts_with("server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n"));
    let os = exec(&mut h, "web", "nginx", &["cat", "/etc/os-release"]).stdout;
    assert!(os.starts_with("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"));
    // The Debian image has no procps: ps is not there.
    let r = exec(&mut h, "web", "nginx", &["ps"]);
    assert!(r.stderr.contains("exec: \"ps\": executable file not found in $PATH"), "{r:?}");
    // curl's header options.
    let r = exec(&mut h, "web", "nginx", &["curl", "-sI", "localhost"]);
    assert_eq!(
        r.stdout,
        "HTTP/1.1 200 OK\r\nServer: nginx/1.27.5\r\nDate: Sat, 01 Mar 2025 10:00:30 GMT\r\nContent-Type: text/html\r\nContent-Length: 615\r\nLast-Modified: Wed, 05 Feb 2025 11:06:32 GMT\r\nConnection: keep-alive\r\nETag: \"67a34638-267\"\r\nAccept-Ranges: bytes\r\n\r\n"
    );
    let r = exec(&mut h, "web", "nginx", &["curl", "-sv", "http://localhost/"]);
    assert!(r.stderr.starts_with("*   Trying 127.0.0.1:80...\n* Connected to localhost (127.0.0.1) port 80\n> GET / HTTP/1.1\n> Host: localhost\n> User-Agent: curl/8.5.0\n> Accept: */*\n> \n< HTTP/1.1 200 OK\n< Server: nginx/1.27.5\n"), "{}", r.stderr);
    assert!(r.stdout.contains("Welcome to nginx!"));
    // nginx:alpine is busybox-based: ps shows the master and its workers.
    start(&mut h, "alp", json!([{"name": "nginx", "image": "nginx:1.27-alpine"}]));
    let r = exec(&mut h, "alp", "nginx", &["ps"]);
    assert_eq!(r.stdout, "PID   USER     TIME  COMMAND\n    1 root      0:00 nginx: master process nginx -g daemon off;\n   29 nginx     0:00 nginx: worker process\n   30 nginx     0:00 nginx: worker process\n   31 root      0:00 ps\n");
}

#[test]
fn redis_cli_talks_to_redis_locally_and_through_a_service() {
    let mut h = Harness::new();
    start(&mut h, "redis", json!([{"name": "redis", "image": "redis:7.4"}]));
    assert_eq!(exec(&mut h, "redis", "redis", &["redis-cli", "ping"]).stdout, "PONG\n");
    assert_eq!(exec(&mut h, "redis", "redis", &["redis-cli", "SET", "visits", "1"]).stdout, "OK\n");
    assert_eq!(exec(&mut h, "redis", "redis", &["redis-cli", "INCR", "visits"]).stdout, "2\n");
    // Another pod reaches it through its Service (the tutorial's Python app's `redis` host).
    let ip = h.pod("redis").unwrap().str_at("status.podIP").unwrap().to_string();
    h.api.put("services", service("redis", "10.96.0.20", 6379, "redis"));
    h.api.put("endpointslices", endpoints("redis", &ip, 6379, "redis"));
    start(&mut h, "client", json!([{"name": "cli", "image": "redis:7.4", "command": ["sleep", "3600"]}]));
    assert_eq!(exec(&mut h, "client", "cli", &["redis-cli", "-h", "redis", "GET", "visits"]).stdout, "2\n");
    assert_eq!(exec(&mut h, "client", "cli", &["redis-cli", "-h", "redis", "GET", "nope"]).stdout, "\n");
    let r = exec(&mut h, "client", "cli", &["redis-cli", "-h", "nosuch", "ping"]);
    assert_eq!(r.stderr, "Could not connect to Redis at nosuch:6379: Name or service not known\n");
    // ps is not in the Debian image; the process is redis-server *:6379 (seen by busybox ps on alpine).
    start(&mut h, "ra", json!([{"name": "redis", "image": "redis:7.4-alpine"}]));
    let r = exec(&mut h, "ra", "redis", &["ps"]);
    assert!(r.stdout.contains("    1 redis     0:00 redis-server *:6379\n"), "{r:?}");
    // A busybox client speaks the protocol with nc.
    start(&mut h, "bb", json!([{"name": "bb", "image": "busybox:1.36", "command": ["sleep", "3600"]}]));
    let r = exec(&mut h, "bb", "bb", &["sh", "-c", "echo PING | nc redis 6379"]);
    assert_eq!(r.stdout, "+PONG\r\n");
}

#[test]
fn python_slim_pulls_and_flask_is_not_installed() {
    let mut h = Harness::new();
    start(
        &mut h,
        "app",
        json!([{"name": "app", "image": "python:3.12-slim", "command": ["python", "-m", "flask", "run", "--host=0.0.0.0"]}]),
    );
    let msgs = h.messages("app");
    assert!(
        msgs.iter().any(|m| m.starts_with("Pulled: Successfully pulled image \"python:3.12-slim\"")),
        "{msgs:?}"
    );
    let p = h.pod("app").unwrap();
    let cs = &p["status"]["containerStatuses"][0];
    assert!(cs["restartCount"].as_i64().unwrap() >= 1, "{cs}");
    let logs = h.sim.logs(&p, "app", true, h.now).unwrap();
    assert_eq!(logs, "/usr/local/bin/python: No module named flask\n");
    let running_or_waiting = &cs["state"];
    assert!(running_or_waiting.get("waiting").is_some() || running_or_waiting.get("running").is_some());
}

#[test]
fn python_runs_scripts_and_reports_missing_modules() {
    let mut h = Harness::new();
    start(&mut h, "py", json!([{"name": "py", "image": "python:3.11-slim", "command": ["sleep", "3600"]}]));
    let r = exec(&mut h, "py", "py", &["python", "--version"]);
    assert_eq!(r.stdout, "Python 3.11.11\n");
    let r = exec(&mut h, "py", "py", &["python", "app.py"]);
    assert_eq!(
        (r.stderr.as_str(), r.exit_code),
        ("python: can't open file '//app.py': [Errno 2] No such file or directory\n", 2)
    );
    let r = exec(&mut h, "py", "py", &["python3", "-c", "import redis"]);
    assert_eq!(
        r.stderr,
        "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nModuleNotFoundError: No module named 'redis'\n"
    );
    let r = exec(&mut h, "py", "py", &["python3", "-c", "import json; print('ok')"]);
    assert_eq!((r.stdout.as_str(), r.exit_code), ("ok\n", 0));
    // The image's default command is the REPL: without a terminal it exits at once.
    start(&mut h, "repl", json!([{"name": "py", "image": "python:3.12"}]));
    let p = h.pod("repl").unwrap();
    assert_eq!(p["status"]["containerStatuses"][0]["lastState"]["terminated"]["reason"], "Completed");
}

#[test]
fn placeholder_images_say_they_are_simulated() {
    let mut h = Harness::new();
    start(
        &mut h,
        "api",
        json!([{"name": "api", "image": "myrepo/api:1.2.3", "ports": [{"containerPort": 8080}]}]),
    );
    let p = h.pod("api").unwrap();
    assert_eq!(p.str_at("status.phase"), Some("Running"));
    let msgs = h.messages("api");
    assert!(
        msgs.contains(&"SimulatedImage: Image \"myrepo/api:1.2.3\" is not in kubeplay's image catalog: simulated as a generic HTTP server on port 8080, not the image's real program".to_string()),
        "{msgs:?}"
    );
    // Catalog images get no such note.
    start(&mut h, "web", json!([{"name": "nginx", "image": "nginx:1.27"}]));
    assert!(!h.messages("web").iter().any(|m| m.starts_with("SimulatedImage")));
    let _ = SimTime(0);
}

#[test]
fn a_container_command_uses_redis_cli_over_the_network() {
    let mut h = Harness::new();
    start(&mut h, "redis", json!([{"name": "redis", "image": "redis:7.4"}]));
    let ip = h.pod("redis").unwrap().str_at("status.podIP").unwrap().to_string();
    h.api.put("services", service("redis", "10.96.0.20", 6379, "redis"));
    h.api.put("endpointslices", endpoints("redis", &ip, 6379, "redis"));
    start(
        &mut h,
        "seed",
        json!([{"name": "seed", "image": "redis:7.4", "command": ["sh", "-c", "redis-cli -h redis SET hits 0 && redis-cli -h redis GET hits; sleep 3600"]}]),
    );
    let p = h.pod("seed").unwrap();
    assert_eq!(h.sim.logs(&p, "seed", false, h.now).unwrap(), "OK\n0\n");
    assert_eq!(exec(&mut h, "redis", "redis", &["redis-cli", "GET", "hits"]).stdout, "0\n");
}
