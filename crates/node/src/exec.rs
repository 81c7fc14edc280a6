//! `kubectl exec`: a small userland (busybox- or GNU-flavoured) on top of the shell subset, with
//! the container's environment, its files, and the cluster network.

use std::collections::BTreeMap;

use kubeplay_model::{Object, ObjectExt, SimRng, SimTime};

use crate::images::Kind;
use crate::kubelet::{Run, St};
use crate::network;
use crate::program;
use crate::shell::{self, Host, Shell};
use crate::{ExecResult, NetRequest, NetSource, NodeSim, Store};

/// The network as seen from inside a pod.
struct Net<'a, S: Store + ?Sized> {
    sim: &'a mut NodeSim,
    api: &'a S,
    rng: &'a mut SimRng,
    now: SimTime,
    ns: String,
    pod: String,
    client: Option<(String, String)>,
}

struct ExecHost<'a, S: Store + ?Sized> {
    old_busybox: bool,
    files: BTreeMap<String, String>,
    writes: Vec<(String, Option<String>)>,
    env: Vec<(String, String)>,
    busybox: bool,
    kind: Kind,
    net: Option<Net<'a, S>>,
    now: SimTime,
    out: String,
    err: String,
}

fn gnu_image(kind: Kind) -> bool {
    matches!(kind, Kind::Nginx | Kind::Httpd | Kind::Redis | Kind::Postgres | Kind::Httpbin)
}

impl<S: Store + ?Sized> ExecHost<'_, S> {
    fn has(&self, cmd: &str) -> bool {
        match cmd {
            "curl" => {
                matches!(self.kind, Kind::Nginx | Kind::Httpd | Kind::Generic)
                    || self.env.iter().any(|(k, _)| k == "CURL_CA_BUNDLE")
            }
            "wget" | "nslookup" => self.busybox || matches!(self.kind, Kind::Generic),
            "bash" => !self.busybox,
            _ => true,
        }
    }

    fn cat(&self, args: &[String]) -> (String, String, i32) {
        let mut out = String::new();
        let mut err = String::new();
        for f in args.iter().filter(|a| !a.starts_with('-')) {
            match self.files.get(f.as_str()).filter(|_| !f.ends_with('/')) {
                Some(c) => out.push_str(c),
                None if self.is_dir(f) => err.push_str(&format!(
                    "cat: {}: Is a directory\n",
                    if self.busybox { "read error".to_string() } else { f.clone() }
                )),
                None if self.busybox => {
                    err.push_str(&format!("cat: can't open '{f}': No such file or directory\n"))
                }
                None => err.push_str(&format!("cat: {f}: No such file or directory\n")),
            }
        }
        let st = if err.is_empty() { 0 } else { 1 };
        (out, err, st)
    }

    fn is_dir(&self, p: &str) -> bool {
        let d = format!("{}/", p.trim_end_matches('/'));
        p == "/" || self.files.keys().any(|k| k.starts_with(&d))
    }

    fn ls(&self, args: &[String]) -> (String, String, i32) {
        let long = args.iter().any(|a| a.starts_with('-') && a.contains('l'));
        let targets: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        let targets: Vec<String> =
            if targets.is_empty() { vec!["/".into()] } else { targets.into_iter().cloned().collect() };
        let mut out = String::new();
        let mut err = String::new();
        let multi = targets.len() > 1;
        for t in &targets {
            if self.files.contains_key(t.as_str()) && !t.ends_with('/') {
                out.push_str(&format!("{t}\n"));
                continue;
            }
            if !self.is_dir(t) {
                if self.busybox {
                    err.push_str(&format!("ls: {t}: No such file or directory\n"));
                } else {
                    err.push_str(&format!("ls: cannot access '{t}': No such file or directory\n"));
                }
                continue;
            }
            let d = format!("{}/", t.trim_end_matches('/'));
            let mut names: Vec<String> = self
                .files
                .keys()
                .filter_map(|k| k.strip_prefix(&d))
                .filter(|r| !r.is_empty())
                .map(|r| r.split('/').next().unwrap_or(r).to_string())
                .collect();
            names.dedup();
            if multi {
                out.push_str(&format!("{t}:\n"));
            }
            for n in names {
                if long {
                    let full = format!("{d}{n}");
                    let size = self.files.get(&full).map_or(4096, String::len);
                    let kind = if self.files.contains_key(&full) { '-' } else { 'd' };
                    out.push_str(&format!(
                        "{kind}rw-r--r--    1 root     root      {size:>6} Mar  1 10:00 {n}\n"
                    ));
                } else {
                    out.push_str(&format!("{n}\n"));
                }
            }
        }
        let st = if err.is_empty() {
            0
        } else {
            if self.busybox {
                1
            } else {
                2
            }
        };
        (out, err, st)
    }

    fn nslookup(&mut self, args: &[String]) -> (String, String, i32) {
        let Some(name) = args.iter().find(|a| !a.starts_with('-')) else {
            return (String::new(), "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n".into(), 1);
        };
        let dns = self
            .files
            .get("/etc/resolv.conf")
            .and_then(|r| r.lines().find_map(|l| l.strip_prefix("nameserver ").map(String::from)))
            .unwrap_or_else(|| "10.96.0.10".into());
        if self.old_busybox {
            let mut out =
                format!("Server:    {dns}\nAddress 1: {dns} kube-dns.kube-system.svc.cluster.local\n\n");
            let Some(net) = self.net.as_ref() else { return (out, String::new(), 0) };
            return match network::resolve_full(name, &net.ns, net.api) {
                Some((fqdn, ips, obj)) => {
                    out.push_str(&format!("Name:      {name}\n"));
                    for (i, ip) in ips.iter().enumerate() {
                        let ptr = match &obj {
                            Some(o) if o.resource == "services" && ips.len() == 1 && !fqdn.is_empty() => {
                                fqdn.clone()
                            }
                            _ => format!("{}.{}", ip.replace('.', "-"), fqdn),
                        };
                        out.push_str(&format!("Address {}: {ip} {ptr}\n", i + 1));
                    }
                    (out, String::new(), 0)
                }
                None => (out, format!("nslookup: can't resolve '{name}'\n"), 1),
            };
        }
        let mut out = format!("Server:\t\t{dns}\nAddress:\t{dns}:53\n\n");
        let Some(net) = self.net.as_ref() else { return (out, String::new(), 0) };
        match network::resolve_full(name, &net.ns, net.api) {
            Some((fqdn, ips, _)) => {
                for ip in ips {
                    out.push_str(&format!("Name:\t{fqdn}\nAddress: {ip}\n"));
                }
                out.push('\n');
                (out, String::new(), 0)
            }
            None => {
                out.push_str(&format!("** server can't find {name}: NXDOMAIN\n\n"));
                (out, String::new(), 1)
            }
        }
    }

    fn fetch(&mut self, url: &str, timeout_ms: i64) -> Option<crate::NetResponse> {
        let net = self.net.as_mut()?;
        let req = NetRequest {
            source: NetSource::Pod { namespace: net.ns.clone(), name: net.pod.clone() },
            url: url.to_string(),
            method: "GET".into(),
            timeout_ms,
        };
        let client = net.client.as_ref().map(|(ip, node)| (ip.as_str(), node.as_str()));
        Some(network::request_as(net.sim, &req, net.api, net.now, net.rng, client))
    }

    fn curl(&mut self, args: &[String]) -> (String, String, i32) {
        let mut silent = false;
        let mut show_err = false;
        let mut fail = false;
        let mut include = false;
        let mut write_out = None;
        let mut discard = false;
        let mut timeout = 0i64;
        let mut url = None;
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_str();
            match a {
                "-s" | "--silent" => silent = true,
                "-S" | "--show-error" => show_err = true,
                "-sS" | "-Ss" => {
                    silent = true;
                    show_err = true
                }
                "-f" | "--fail" => fail = true,
                "-sf" | "-fs" => {
                    silent = true;
                    fail = true
                }
                "-i" | "--include" => include = true,
                "-v" | "-L" | "-k" | "--insecure" => {}
                "-o" | "--output" => {
                    i += 1;
                    discard = args.get(i).is_some_and(|f| f == "/dev/null");
                }
                "-w" | "--write-out" => {
                    i += 1;
                    write_out = args.get(i).cloned();
                }
                "-m" | "--max-time" | "--connect-timeout" => {
                    i += 1;
                    timeout =
                        args.get(i).and_then(|v| v.parse::<f64>().ok()).map_or(0, |v| (v * 1000.0) as i64);
                }
                "-X" | "-H" | "-d" | "--data" | "--request" | "--header" => i += 1,
                _ if a.starts_with('-') => {}
                _ => url = Some(a.to_string()),
            }
            i += 1;
        }
        let Some(url) = url else {
            return (
                String::new(),
                "curl: try 'curl --help' or 'curl --manual' for more information\n".into(),
                2,
            );
        };
        let Some(resp) = self.fetch(&url, if timeout > 0 { timeout } else { 130_000 }) else {
            return (String::new(), String::new(), 0);
        };
        if let Some(e) = resp.error {
            let code = e
                .strip_prefix("curl: (")
                .and_then(|r| r.split(')').next())
                .and_then(|c| c.parse().ok())
                .unwrap_or(7);
            let err = if silent && !show_err { String::new() } else { format!("{e}\n") };
            let out =
                write_out.map(|w| w.replace("%{http_code}", "000").replace("\\n", "\n")).unwrap_or_default();
            return (out, err, code);
        }
        if fail && resp.status >= 400 {
            let err = if silent && !show_err {
                String::new()
            } else {
                format!("curl: (22) The requested URL returned error: {}\n", resp.status)
            };
            return (String::new(), err, 22);
        }
        let mut out = String::new();
        if include {
            out.push_str(&format!(
                "HTTP/1.1 {} {}\r\nContent-Length: {}\r\n\r\n",
                resp.status,
                reason(resp.status),
                resp.body.len()
            ));
        }
        if !discard {
            out.push_str(&resp.body);
        }
        if let Some(w) = write_out {
            out.push_str(&w.replace("%{http_code}", &resp.status.to_string()).replace("\\n", "\n"));
        }
        (out, String::new(), 0)
    }

    fn wget(&mut self, args: &[String]) -> (String, String, i32) {
        let quiet = args.iter().any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains('q'));
        let to_stdout = args.iter().any(|a| a == "-O-" || a == "-qO-" || a == "-O" || a.ends_with("O-"));
        let timeout = args
            .iter()
            .position(|a| a == "-T" || a == "--timeout")
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<i64>().ok())
            .map_or(900_000, |s| s * 1000);
        let Some(url) = args.iter().rfind(|a| !a.starts_with('-') && *a != "-").cloned() else {
            return (String::new(), "wget: missing URL\n".into(), 1);
        };
        let host = url.split("://").last().unwrap_or(&url).split(['/', ':']).next().unwrap_or("").to_string();
        let Some(resp) = self.fetch(&url, timeout) else { return (String::new(), String::new(), 0) };
        let mut err = String::new();
        if let Some(e) = resp.error {
            let msg = if e.contains("(6)") {
                format!("wget: bad address '{host}'\n")
            } else if e.contains("(28)") {
                "wget: download timed out\n".to_string()
            } else {
                let ip = self
                    .net
                    .as_ref()
                    .and_then(|n| network::resolve_full(&host, &n.ns, n.api))
                    .and_then(|(_, ips, _)| ips.first().cloned())
                    .unwrap_or(host.clone());
                format!("wget: can't connect to remote host ({ip}): Connection refused\n")
            };
            if !quiet {
                err.push_str(&format!("Connecting to {host}\n"));
            }
            err.push_str(&msg);
            return (String::new(), err, 1);
        }
        if resp.status >= 400 {
            if !quiet {
                err.push_str(&format!("Connecting to {host}\n"));
            }
            err.push_str(&format!(
                "wget: server returned error: HTTP/1.1 {} {}\n",
                resp.status,
                reason(resp.status)
            ));
            return (String::new(), err, 1);
        }
        if to_stdout {
            if !quiet {
                err.push_str(&format!("Connecting to {host}\nwriting to stdout\n-                    100% |********************************|   {}  0:00:00 ETA\nwritten to stdout\n", resp.body.len()));
            }
            return (resp.body, err, 0);
        }
        self.write_file("index.html", &resp.body, false);
        if !quiet {
            err.push_str(&format!("Connecting to {host}\nsaving to 'index.html'\nindex.html           100% |********************************|   {}  0:00:00 ETA\n'index.html' saved\n", resp.body.len()));
        }
        (String::new(), err, 0)
    }
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "",
    }
}

impl<S: Store + ?Sized> Host for ExecHost<'_, S> {
    fn run(
        &mut self,
        argv: &[String],
        _stdin: &str,
        vars: &BTreeMap<String, String>,
    ) -> (String, String, i32) {
        let cmd = argv[0].rsplit('/').next().unwrap_or(&argv[0]).to_string();
        let args = &argv[1..];
        let ok = |s: String| (s, String::new(), 0);
        if !self.has(&cmd) {
            return (String::new(), format!("sh: {cmd}: not found\n"), 127);
        }
        match cmd.as_str() {
            "env" => {
                let mut env = self.env.clone();
                for (k, v) in vars {
                    if let Some(slot) = env.iter_mut().find(|(k2, _)| k2 == k) {
                        slot.1 = v.clone();
                    }
                }
                ok(env.iter().map(|(k, v)| format!("{k}={v}\n")).collect())
            }
            "printenv" if args.is_empty() => ok(self.env.iter().map(|(k, v)| format!("{k}={v}\n")).collect()),
            "printenv" => {
                let mut out = String::new();
                let mut st = 0;
                for a in args {
                    match self.env.iter().find(|(k, _)| k == a) {
                        Some((_, v)) => out.push_str(&format!("{v}\n")),
                        None => st = 1,
                    }
                }
                (out, String::new(), st)
            }
            "hostname" => ok(self.files.get("/etc/hostname").cloned().unwrap_or_default()),
            "cat" => self.cat(args),
            "ls" => self.ls(args),
            "date" => ok(format!("{}\n", program::go_date(self.now))),
            "whoami" => ok("root\n".into()),
            "id" => ok("uid=0(root) gid=0(root) groups=0(root),10(wheel)\n".into()),
            "pwd" => ok("/\n".into()),
            "uname" => ok(if args.iter().any(|a| a == "-a") {
                "Linux web 6.8.0-1021-gcp #23-Ubuntu SMP x86_64 GNU/Linux\n".into()
            } else {
                "Linux\n".into()
            }),
            "touch" => {
                for f in args.iter().filter(|a| !a.starts_with('-')) {
                    let c = self.files.get(f.as_str()).cloned().unwrap_or_default();
                    self.write_file(f, &c, false);
                }
                ok(String::new())
            }
            "rm" => {
                let mut err = String::new();
                let force = args.iter().any(|a| a.starts_with('-') && a.contains('f'));
                for f in args.iter().filter(|a| !a.starts_with('-')) {
                    if self.files.remove(f.as_str()).is_some() {
                        self.writes.push((f.clone(), None));
                    } else if !force {
                        err.push_str(&if self.busybox {
                            format!("rm: can't remove '{f}': No such file or directory\n")
                        } else {
                            format!("rm: cannot remove '{f}': No such file or directory\n")
                        });
                    }
                }
                let st = if err.is_empty() { 0 } else { 1 };
                (String::new(), err, st)
            }
            "mkdir" => {
                for d in args.iter().filter(|a| !a.starts_with('-')) {
                    self.write_file(&format!("{}/", d.trim_end_matches('/')), "", false);
                }
                ok(String::new())
            }
            "nslookup" => self.nslookup(args),
            "curl" => self.curl(args),
            "wget" => self.wget(args),
            "ps" => ok("PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n".into()),
            "sh" | "bash" | "ash" => {
                match args.iter().position(|a| a == "-c").and_then(|i| args.get(i + 1)) {
                    Some(src) => match shell::parse(src) {
                        Ok(script) => {
                            let mut sub = Shell::new(self, vars.clone(), &cmd);
                            let st = sub.run_script(&script);
                            (String::new(), String::new(), st)
                        }
                        Err(e) => (String::new(), format!("{cmd}: {e}\n"), 2),
                    },
                    None => ok(String::new()),
                }
            }
            _ => (String::new(), format!("sh: {cmd}: not found\n"), 127),
        }
    }
    fn sleep(&mut self, _ms: i64) {}
    fn output(&mut self, out: &str, err: &str) {
        self.out.push_str(out);
        self.err.push_str(err);
    }
    fn write_file(&mut self, path: &str, content: &str, append: bool) {
        let path = if path.starts_with('/') { path.to_string() } else { format!("/{path}") };
        let mut c = if append { self.files.get(&path).cloned().unwrap_or_default() } else { String::new() };
        c.push_str(content);
        self.files.insert(path.clone(), c.clone());
        self.writes.push((path, Some(c)));
    }
    fn exhausted(&self) -> bool {
        self.out.len() > 1_000_000
    }
}

fn run_shell<S: Store + ?Sized>(host: &mut ExecHost<S>, argv: &[String]) -> i32 {
    let vars: BTreeMap<String, String> = host.env.iter().cloned().collect();
    let quoted: Vec<String> = argv.iter().map(|a| format!("'{}'", a.replace('\'', "'\\''"))).collect();
    match shell::parse(&quoted.join(" ")) {
        Ok(script) => Shell::new(host, vars, "sh").run_script(&script),
        Err(e) => {
            host.err.push_str(&format!("sh: {e}\n"));
            2
        }
    }
}

/// A network tool (`wget`, `curl`, `nslookup`) run by a container's own command at `at`.
pub(crate) struct PlanNet<'a, S: Store + ?Sized> {
    pub sim: &'a mut NodeSim,
    pub api: &'a S,
    pub rng: &'a mut SimRng,
    pub ns: String,
    pub pod: String,
    pub pod_ip: String,
    pub node: String,
    pub kind: Kind,
    pub env: Vec<(String, String)>,
    pub files: BTreeMap<String, String>,
}

impl<S: Store + ?Sized> PlanNet<'_, S> {
    pub fn run(&mut self, argv: &[String], at: SimTime) -> (String, String, i32) {
        let mut host = ExecHost {
            old_busybox: false,
            files: self.files.clone(),
            writes: vec![],
            env: self.env.clone(),
            busybox: !gnu_image(self.kind),
            kind: self.kind,
            net: Some(Net {
                sim: &mut *self.sim,
                api: self.api,
                rng: &mut *self.rng,
                now: at,
                ns: self.ns.clone(),
                pod: self.pod.clone(),
                client: Some((self.pod_ip.clone(), self.node.clone())),
            }),
            now: at,
            out: String::new(),
            err: String::new(),
        };
        let vars: BTreeMap<String, String> = self.env.iter().cloned().collect();
        host.run(argv, "", &vars)
    }
}

/// Runs a command inside a running container without network access (exec probes).
pub fn run_local(run: &Run, argv: &[String], now: SimTime) -> ExecResult {
    if argv.is_empty() {
        return ExecResult { stdout: String::new(), stderr: String::new(), exit_code: 1 };
    }
    let mut host: ExecHost<crate::testless::NoStore> = ExecHost {
        old_busybox: run.old_busybox,
        files: run.files_at(now),
        writes: vec![],
        env: run.env.clone(),
        busybox: !gnu_image(run.kind),
        kind: run.kind,
        net: None,
        now,
        out: String::new(),
        err: String::new(),
    };
    let code = run_shell(&mut host, argv);
    ExecResult { stdout: host.out, stderr: host.err, exit_code: code }
}

pub fn exec<S: Store + ?Sized>(
    sim: &mut NodeSim,
    pod: &Object,
    container: &str,
    argv: &[String],
    api: &S,
    now: SimTime,
    rng: &mut SimRng,
) -> ExecResult {
    let err = |m: String| ExecResult { stdout: String::new(), stderr: format!("error: {m}\n"), exit_code: 1 };
    if crate::env::container_spec(pod, container).is_none() {
        return err(format!(
            "unable to upgrade connection: container {container} not found in pod {}",
            pod.name()
        ));
    }
    if let Some(node) = pod.str_at("spec.nodeName").filter(|n| sim.nodes.get(*n).is_some_and(|n| n.failed)) {
        let ip = api.get("nodes", "", node).map(|n| crate::store::node_ip(&n)).unwrap_or_default();
        return ExecResult {
            stdout: String::new(),
            stderr: format!(
                "Error from server: error dialing backend: dial tcp {ip}:10250: connect: no route to host\n"
            ),
            exit_code: 1,
        };
    }
    if let Some(phase @ ("Succeeded" | "Failed")) = pod.str_at("status.phase") {
        return err(format!("cannot exec into a container in a completed pod; current phase is {phase}"));
    }
    let Some(run) = sim
        .pods
        .get(pod.uid())
        .and_then(|rt| rt.container(container))
        .filter(|c| matches!(c.state, St::Running { .. }))
        .and_then(|c| c.run.clone())
    else {
        return err(format!("unable to upgrade connection: container not found (\"{container}\")"));
    };
    if argv.is_empty() {
        return err("you must specify at least one command for the container".into());
    }
    let busybox = !gnu_image(run.kind);
    let cmd = argv[0].rsplit('/').next().unwrap_or(&argv[0]).to_string();
    let known = matches!(
        cmd.as_str(),
        "sh" | "env"
            | "printenv"
            | "cat"
            | "ls"
            | "hostname"
            | "nslookup"
            | "curl"
            | "wget"
            | "echo"
            | "date"
            | "whoami"
            | "id"
            | "pwd"
            | "uname"
            | "touch"
            | "rm"
            | "mkdir"
            | "ps"
            | "sleep"
            | "true"
            | "false"
            | "test"
            | "printf"
            | "grep"
            | "head"
            | "tail"
            | "wc"
            | "kill"
            | "bash"
            | "ash"
    );
    let host_probe: ExecHost<S> = ExecHost {
        old_busybox: false,
        files: BTreeMap::new(),
        writes: vec![],
        env: run.env.clone(),
        busybox,
        kind: run.kind,
        net: None,
        now,
        out: String::new(),
        err: String::new(),
    };
    let present = matches!(run.kind, Kind::Generic)
        || (known
            && host_probe.has(&cmd)
            && !matches!(run.kind, Kind::HttpEcho | Kind::Whoami | Kind::CoreDns | Kind::Pause));
    if !present {
        return err(format!(
            "Internal error occurred: error executing command in container: failed to exec in container: failed to start exec \"{}\": OCI runtime exec failed: exec failed: unable to start container process: exec: \"{}\": executable file not found in $PATH: unknown",
            rng.hex(32),
            argv[0]
        ));
    }
    let mut host = ExecHost {
        old_busybox: run.old_busybox,
        files: run.files_at(now),
        writes: vec![],
        env: run.env.clone(),
        busybox,
        kind: run.kind,
        net: Some(Net {
            sim,
            api,
            rng,
            now,
            ns: pod.namespace().to_string(),
            pod: pod.name().to_string(),
            client: None,
        }),
        now,
        out: String::new(),
        err: String::new(),
    };
    let code = run_shell(&mut host, argv);
    let (out, errs, writes) = (host.out, host.err, host.writes);
    if let Some(net) = host.net {
        if let Some(c) = net
            .sim
            .pods
            .get_mut(pod.uid())
            .and_then(|rt| rt.ctrs.iter_mut().chain(rt.init.iter_mut()).find(|c| c.name == container))
        {
            if let Some(r) = c.run.as_mut() {
                for (p, content) in writes {
                    r.exec_fs.push((now, p, content));
                }
            }
        }
    }
    ExecResult { stdout: out, stderr: errs, exit_code: code }
}
