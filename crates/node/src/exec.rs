//! `kubectl exec`: a small userland (busybox- or GNU-flavoured) on top of the shell subset, with
//! the container's environment, its files, and the cluster network.

use std::collections::BTreeMap;

use kubeplay_model::{Object, ObjectExt, SimRng, SimTime};

use crate::images::Kind;
use crate::network;
use crate::program;
use crate::rootfs::{self, Flavour};
use crate::runtime::{ContainerState, PodRuntime, Run};
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
    /// A container's own command as it starts: (pod IP, node, the pod's runtime state).
    starting: Option<(String, String, &'a mut PodRuntime)>,
}

struct ExecHost<'a, S: Store + ?Sized> {
    old_busybox: bool,
    files: BTreeMap<String, String>,
    writes: Vec<(String, Option<String>)>,
    env: Vec<(String, String)>,
    busybox: bool,
    flavour: Flavour,
    kind: Kind,
    /// The container's process as `ps` shows it.
    cmdline: String,
    net: Option<Net<'a, S>>,
    now: SimTime,
    out: String,
    err: String,
}

/// What an exec session (or a container's own network tool) starts from.
struct Session {
    kind: Kind,
    flavour: Flavour,
    env: Vec<(String, String)>,
    /// The container's files now; the image's own files are added under them.
    files: BTreeMap<String, String>,
    cmdline: String,
    old_busybox: bool,
}

impl<'a, S: Store + ?Sized> ExecHost<'a, S> {
    fn new(session: Session, net: Option<Net<'a, S>>, now: SimTime) -> Self {
        let mut files = rootfs::image_files(session.kind, session.flavour, &session.cmdline);
        files.extend(session.files);
        ExecHost {
            old_busybox: session.old_busybox,
            files,
            writes: vec![],
            env: session.env,
            busybox: session.flavour.is_busybox(),
            flavour: session.flavour,
            kind: session.kind,
            cmdline: session.cmdline,
            net,
            now,
            out: String::new(),
            err: String::new(),
        }
    }

    fn has(&self, cmd: &str) -> bool {
        match cmd {
            "curl" => {
                matches!(self.kind, Kind::Nginx | Kind::Httpd | Kind::Generic)
                    || self.env.iter().any(|(k, _)| k == "CURL_CA_BUNDLE")
            }
            "wget" | "nslookup" => self.busybox || matches!(self.kind, Kind::Generic),
            _ => rootfs::has_tool(self.kind, self.flavour, cmd),
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
        self.send(url, "GET", timeout_ms, &network::Payload::Http)
    }

    /// Connects to `url` from this pod and sends `payload`.
    fn send(
        &mut self,
        url: &str,
        method: &str,
        timeout_ms: i64,
        payload: &network::Payload,
    ) -> Option<crate::NetResponse> {
        let net = self.net.as_mut()?;
        let req = NetRequest {
            source: NetSource::Pod { namespace: net.ns.clone(), name: net.pod.clone() },
            url: url.to_string(),
            method: method.to_string(),
            timeout_ms,
        };
        let starting = net.starting.as_mut().map(|(ip, node, pod)| network::Starting {
            ip: ip.as_str(),
            node: node.as_str(),
            pod,
        });
        Some(network::request_as(net.sim, &req, payload, net.api, net.now, net.rng, starting))
    }

    /// The address a host name resolves to from this pod (what curl -v and nc print).
    fn address_of(&self, host: &str) -> String {
        self.net
            .as_ref()
            .and_then(|n| network::resolve_full(host, &n.ns, n.api))
            .and_then(|(_, ips, _)| ips.first().cloned())
            .unwrap_or_else(|| host.to_string())
    }

    fn curl(&mut self, args: &[String]) -> (String, String, i32) {
        let opts = match CurlOptions::parse(args) {
            Ok(o) => o,
            Err(e) => return (String::new(), e, 2),
        };
        let Some(url) = opts.url.clone() else {
            return (
                String::new(),
                "curl: try 'curl --help' or 'curl --manual' for more information\n".into(),
                2,
            );
        };
        let method = if opts.head { "HEAD" } else { opts.method.as_deref().unwrap_or("GET") };
        let timeout = if opts.timeout_ms > 0 { opts.timeout_ms } else { 130_000 };
        let Some(resp) = self.send(&url, method, timeout, &network::Payload::Http) else {
            return (String::new(), String::new(), 0);
        };
        let (host, port) = url_host_port(&url);
        let mut err = String::new();
        if opts.verbose {
            let ip = self.address_of(&host);
            err.push_str(&format!("*   Trying {ip}:{port}...\n"));
            if resp.error.is_none() {
                err.push_str(&format!("* Connected to {host} ({ip}) port {port}\n"));
            }
        }
        if let Some(e) = resp.error {
            let code = e
                .strip_prefix("curl: (")
                .and_then(|r| r.split(')').next())
                .and_then(|c| c.parse().ok())
                .unwrap_or(7);
            if !opts.silent || opts.show_error {
                err.push_str(&format!("{e}\n"));
            }
            let out = opts
                .write_out
                .map(|w| w.replace("%{http_code}", "000").replace("\\n", "\n"))
                .unwrap_or_default();
            return (out, err, code);
        }
        let status_line = format!("HTTP/1.1 {} {}", resp.status, reason(resp.status));
        if opts.verbose {
            let host_header = if port == 80 { host.clone() } else { format!("{host}:{port}") };
            err.push_str(&format!(
                "> {method} {} HTTP/1.1\n> Host: {host_header}\n> User-Agent: curl/8.5.0\n> Accept: */*\n> \n",
                url_path(&url)
            ));
            err.push_str(&format!("< {status_line}\n"));
            for (k, v) in &resp.headers {
                err.push_str(&format!("< {k}: {v}\n"));
            }
            err.push_str("< \n");
        }
        if opts.fail && resp.status >= 400 {
            if !opts.silent || opts.show_error {
                err.push_str(&format!("curl: (22) The requested URL returned error: {}\n", resp.status));
            }
            return (String::new(), err, 22);
        }
        let mut out = String::new();
        if opts.include || opts.head {
            out.push_str(&format!("{status_line}\r\n"));
            for (k, v) in &resp.headers {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
            out.push_str("\r\n");
        }
        if !opts.discard && !opts.head {
            out.push_str(&resp.body);
        }
        if opts.verbose {
            err.push_str(&format!("* Connection #0 to host {host} left intact\n"));
        }
        if let Some(w) = opts.write_out {
            out.push_str(&w.replace("%{http_code}", &resp.status.to_string()).replace("\\n", "\n"));
        }
        (out, err, 0)
    }

    /// `nc`: `-z` checks that something listens (`-v` says so); with input, the input goes to
    /// the server (Redis commands, one per line, answered as redis-cli prints them).
    fn nc(&mut self, args: &[String], stdin: &str) -> (String, String, i32) {
        let flags: String =
            args.iter().filter(|a| a.starts_with('-')).flat_map(|a| a.chars().skip(1)).collect();
        let mut operands: Vec<&String> = Vec::new();
        let mut i = 0;
        while i < args.len() {
            if args[i] == "-w" || args[i] == "-i" {
                i += 1;
            } else if !args[i].starts_with('-') {
                operands.push(&args[i]);
            }
            i += 1;
        }
        let (Some(host), Some(port)) =
            (operands.first(), operands.get(1).and_then(|p| p.parse::<u16>().ok()))
        else {
            return (String::new(), "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\nnc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen\n".into(), 1);
        };
        let ip = self.address_of(host);
        let url = format!("http://{host}:{port}/");
        let commands: Vec<Vec<String>> = stdin
            .lines()
            .map(|l| l.split_whitespace().map(String::from).collect::<Vec<_>>())
            .filter(|c| !c.is_empty())
            .collect();
        if flags.contains('z') || commands.is_empty() {
            let resp = self.send(&url, "GET", 10_000, &network::Payload::Connect);
            return match resp.and_then(|r| r.error) {
                None if flags.contains('v') => (String::new(), format!("{host} ({ip}:{port}) open\n"), 0),
                None => (String::new(), String::new(), 0),
                Some(e) if e.contains("(6)") => (String::new(), format!("nc: bad address '{host}'\n"), 1),
                Some(e) if e.contains("(28)") => (String::new(), "nc: timed out\n".into(), 1),
                Some(_) => (
                    String::new(),
                    format!("nc: can't connect to remote host ({ip}): Connection refused\n"),
                    1,
                ),
            };
        }
        let mut out = String::new();
        for cmd in commands {
            match self.send(&url, "GET", 10_000, &network::Payload::Redis(cmd)) {
                Some(r) if r.error.is_none() => out.push_str(&resp_encode(&r.body)),
                Some(_) => {
                    return (out, format!("nc: can't connect to remote host ({ip}): Connection refused\n"), 1)
                }
                None => {}
            }
        }
        (out, String::new(), 0)
    }

    /// `redis-cli [-h HOST] [-p PORT] [COMMAND ARGS…]`, output as when not on a terminal.
    fn redis_cli(&mut self, args: &[String]) -> (String, String, i32) {
        let mut host = "127.0.0.1".to_string();
        let mut port = 6379u16;
        let mut command = Vec::new();
        let mut i = 0;
        while i < args.len() {
            match args[i].as_str() {
                "-h" => host = args.get(i + 1).cloned().unwrap_or(host),
                "-p" => port = args.get(i + 1).and_then(|p| p.parse().ok()).unwrap_or(port),
                "--version" | "-v" => {
                    let ver = self.env.iter().find(|(k, _)| k == "REDIS_VERSION").map_or("7.4.2", |(_, v)| v);
                    return (format!("redis-cli {ver}\n"), String::new(), 0);
                }
                a => {
                    command = args[i..].to_vec();
                    if a.starts_with('-') {
                        command.clear();
                    } else {
                        break;
                    }
                }
            }
            i += if args[i] == "-h" || args[i] == "-p" { 2 } else { 1 };
        }
        if command.is_empty() {
            // No terminal: the interactive prompt reads EOF and exits.
            return (String::new(), String::new(), 0);
        }
        // A probe runs in the server's own container without network access.
        if self.net.is_none() && self.kind == Kind::Redis && network_is_loopback(&host) {
            let mut scratch = BTreeMap::new();
            return (program::redis_reply(&mut scratch, &command), String::new(), 0);
        }
        let url = format!("http://{host}:{port}/");
        match self.send(&url, "GET", 10_000, &network::Payload::Redis(command)) {
            Some(r) if r.error.is_none() => (r.body, String::new(), 0),
            Some(r) if r.error.as_deref().is_some_and(|e| e.contains("(6)")) => (
                String::new(),
                format!("Could not connect to Redis at {host}:{port}: Name or service not known\n"),
                1,
            ),
            _ => (
                String::new(),
                format!("Could not connect to Redis at {host}:{port}: Connection refused\n"),
                1,
            ),
        }
    }

    /// `nginx -v | -V | -t | -T | -s SIGNAL` inside the nginx container.
    fn nginx(&mut self, args: &[String]) -> (String, String, i32) {
        let ver = self.env.iter().find(|(k, _)| k == "NGINX_VERSION").map_or("1.27.5", |(_, v)| v.as_str());
        let test_ok = "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n";
        match args.first().map(String::as_str) {
            Some("-v") => (String::new(), format!("nginx version: nginx/{ver}\n"), 0),
            Some("-V") => (
                String::new(),
                format!("nginx version: nginx/{ver}\nbuilt by gcc 12.2.0 (Debian 12.2.0-14)\nbuilt with OpenSSL 3.0.15 3 Sep 2024\nTLS SNI support enabled\nconfigure arguments: --prefix=/etc/nginx --sbin-path=/usr/sbin/nginx --modules-path=/usr/lib/nginx/modules --conf-path=/etc/nginx/nginx.conf --error-log-path=/var/log/nginx/error.log --http-log-path=/var/log/nginx/access.log --pid-path=/run/nginx.pid --lock-path=/run/nginx.lock --user=nginx --group=nginx\n"),
                0,
            ),
            Some("-t") => (String::new(), test_ok.into(), 0),
            Some("-T") => {
                let conf = |p: &str| self.files.get(p).cloned().unwrap_or_default();
                let out = format!(
                    "# configuration file /etc/nginx/nginx.conf:\n{}\n# configuration file /etc/nginx/conf.d/default.conf:\n{}\n",
                    conf("/etc/nginx/nginx.conf"),
                    conf("/etc/nginx/conf.d/default.conf")
                );
                (out, test_ok.into(), 0)
            }
            Some("-s") if matches!(args.get(1).map(String::as_str), Some("reload" | "reopen" | "stop" | "quit")) => {
                let ts = program::ts_nginx(self.now);
                (String::new(), format!("{ts} [notice] 45#45: signal process started\n"), 0)
            }
            _ => (
                String::new(),
                "nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\nnginx: [emerg] bind() to [::]:80 failed (98: Address already in use)\n".into(),
                1,
            ),
        }
    }

    /// busybox `ping -c N HOST`: pods answer on the cluster's flat network; a ClusterIP is a
    /// virtual address that kube-proxy's iptables rules only translate for the Service's ports,
    /// so nothing answers it.
    fn ping(&mut self, args: &[String]) -> (String, String, i32) {
        let count = args
            .iter()
            .position(|a| a == "-c")
            .and_then(|i| args.get(i + 1))
            .and_then(|c| c.parse::<u32>().ok())
            .unwrap_or(4)
            .clamp(1, 100);
        let Some(host) = args.iter().rfind(|a| !a.starts_with('-') && a.parse::<u32>().is_err()).cloned()
        else {
            return (String::new(), "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n".into(), 1);
        };
        let Some(net) = self.net.as_ref() else { return (String::new(), String::new(), 1) };
        let Some((_, ips, obj)) = network::resolve_full(&host, &net.ns, net.api) else {
            return (String::new(), format!("ping: bad address '{host}'\n"), 1);
        };
        let ip = ips.first().cloned().unwrap_or_default();
        let mut out = format!("PING {host} ({ip}): 56 data bytes\n");
        // A ClusterIP is a virtual address: iptables rules only translate its ports.
        let answers = obj.as_ref().is_none_or(|o| o.resource != "services") || network_is_loopback(&ip);
        let received = if answers { count } else { 0 };
        for seq in 0..received {
            out.push_str(&format!(
                "64 bytes from {ip}: seq={seq} ttl=64 time=0.{:03} ms\n",
                40 + seq * 7 % 60
            ));
        }
        let loss = if answers { 0 } else { 100 };
        out.push_str(&format!(
            "\n--- {host} ping statistics ---\n{count} packets transmitted, {received} packets received, {loss}% packet loss\n"
        ));
        if answers {
            out.push_str("round-trip min/avg/max = 0.040/0.061/0.089 ms\n");
        }
        (out, String::new(), if answers { 0 } else { 1 })
    }

    /// `which NAME…`: where each is on the PATH; exit 1 if one is missing.
    fn which(&self, args: &[String]) -> (String, String, i32) {
        let mut out = String::new();
        let mut status = 0;
        for name in args.iter().filter(|a| !a.starts_with('-')) {
            match rootfs::tool_path(self.kind, self.flavour, name) {
                Some(p) => out.push_str(&format!("{p}\n")),
                None => status = 1,
            }
        }
        (out, String::new(), status)
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

fn network_is_loopback(host: &str) -> bool {
    host == "localhost" || host.starts_with("127.")
}

/// An answer as the Redis protocol puts it on the wire (what `nc` prints).
fn resp_encode(reply: &str) -> String {
    let line = reply.strip_suffix('\n').unwrap_or(reply);
    if let Some(e) = line.strip_prefix("ERR ") {
        return format!("-ERR {e}\r\n");
    }
    if line == "OK" || line == "PONG" {
        return format!("+{line}\r\n");
    }
    if line.parse::<i64>().is_ok() {
        return format!(":{line}\r\n");
    }
    if line.is_empty() {
        return "$-1\r\n".into();
    }
    format!("${}\r\n{line}\r\n", line.len())
}

fn url_host_port(url: &str) -> (String, u16) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let hostport = rest.split('/').next().unwrap_or(rest);
    match hostport.rsplit_once(':') {
        Some((h, p)) => (h.to_string(), p.parse().unwrap_or(80)),
        None => (hostport.to_string(), if url.starts_with("https://") { 443 } else { 80 }),
    }
}

fn url_path(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.find('/').map_or("/".to_string(), |i| rest[i..].to_string())
}

/// curl's options as we model them (short options may be grouped: `-sSf`, `-sv`, `-Is`).
#[derive(Default)]
struct CurlOptions {
    silent: bool,
    show_error: bool,
    fail: bool,
    include: bool,
    head: bool,
    verbose: bool,
    discard: bool,
    method: Option<String>,
    write_out: Option<String>,
    timeout_ms: i64,
    url: Option<String>,
}

impl CurlOptions {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut o = CurlOptions::default();
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_str();
            let value = |i: &mut usize| {
                *i += 1;
                args.get(*i).cloned()
            };
            match a {
                "--silent" => o.silent = true,
                "--show-error" => o.show_error = true,
                "--fail" => o.fail = true,
                "--include" => o.include = true,
                "--head" => o.head = true,
                "--verbose" => o.verbose = true,
                "--location" | "--insecure" => {}
                "--output" => o.discard = value(&mut i).is_some_and(|f| f == "/dev/null"),
                "--write-out" => o.write_out = value(&mut i),
                "--request" => o.method = value(&mut i),
                "--max-time" | "--connect-timeout" => {
                    o.timeout_ms =
                        value(&mut i).and_then(|v| v.parse::<f64>().ok()).map_or(0, |v| (v * 1000.0) as i64)
                }
                "--header" | "--data" | "--user-agent" => i += 1,
                _ if a.starts_with("--") => {}
                _ if a.starts_with('-') && a.len() > 1 => {
                    let cluster: Vec<char> = a.chars().skip(1).collect();
                    for (k, c) in cluster.iter().enumerate() {
                        let last = k + 1 == cluster.len();
                        // An option taking a value takes the rest of the cluster or the next word.
                        let take = |i: &mut usize| {
                            if last {
                                *i += 1;
                                args.get(*i).cloned()
                            } else {
                                Some(cluster[k + 1..].iter().collect())
                            }
                        };
                        match c {
                            's' => o.silent = true,
                            'S' => o.show_error = true,
                            'f' => o.fail = true,
                            'i' => o.include = true,
                            'I' => o.head = true,
                            'v' => o.verbose = true,
                            'L' | 'k' => {}
                            'o' => {
                                o.discard = take(&mut i).is_some_and(|f| f == "/dev/null");
                                break;
                            }
                            'w' => {
                                o.write_out = take(&mut i);
                                break;
                            }
                            'X' => {
                                o.method = take(&mut i);
                                break;
                            }
                            'm' => {
                                o.timeout_ms = take(&mut i)
                                    .and_then(|v| v.parse::<f64>().ok())
                                    .map_or(0, |v| (v * 1000.0) as i64);
                                break;
                            }
                            'H' | 'd' | 'A' => {
                                let _ = take(&mut i);
                                break;
                            }
                            _ => {}
                        }
                    }
                }
                _ => o.url = Some(a.to_string()),
            }
            i += 1;
        }
        Ok(o)
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
        if self.kind == Kind::Python && program::is_python(&cmd) {
            let version =
                self.env.iter().find(|(k, _)| k == "PYTHON_VERSION").map_or("3.13.2", |(_, v)| v.as_str());
            return match program::python(&argv[0], args, version, &self.files) {
                program::Python::Done(out, err, code) => (out, err, code),
                program::Python::Serves(_, line) => (format!("{line}\n"), String::new(), 0),
            };
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
            "ps" => ok(rootfs::ps(self.kind, &self.cmdline)),
            "which" => self.which(args),
            "nc" => self.nc(args, _stdin),
            "ping" => self.ping(args),
            "nginx" => self.nginx(args),
            "redis-cli" => self.redis_cli(args),
            "busybox" => match args.first() {
                Some(a) if a == "--list" => ok(rootfs::BUSYBOX_APPLETS.iter().map(|a| format!("{a}\n")).collect()),
                Some(_) => self.run(args, _stdin, vars),
                None => ok("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\nBusyBox is copyrighted by many authors between 1998-2015.\nLicensed under GPLv2. See source distribution for detailed\ncopyright notices.\n\nUsage: busybox [function [arguments]...]\n   or: busybox --list[-full]\n   or: busybox --show SCRIPT\n   or: busybox --install [-s] [DIR]\n   or: function [arguments]...\n".into()),
            },
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

/// The commands our userland implements (a tool the image has but we do not model answers as
/// missing rather than pretending to work).
const IMPLEMENTED: &[&str] = &[
    "sh",
    "ash",
    "bash",
    "env",
    "printenv",
    "cat",
    "ls",
    "hostname",
    "nslookup",
    "curl",
    "wget",
    "echo",
    "date",
    "whoami",
    "id",
    "pwd",
    "uname",
    "touch",
    "rm",
    "mkdir",
    "ps",
    "sleep",
    "true",
    "false",
    "test",
    "printf",
    "grep",
    "head",
    "tail",
    "wc",
    "sort",
    "uniq",
    "which",
    "busybox",
    "nc",
    "ping",
    "nginx",
    "redis-cli",
];

/// A network tool (`wget`, `curl`, `nslookup`) run by a container's own command at `at`.
pub(crate) struct PlanNet<'a, S: Store + ?Sized> {
    pub sim: &'a mut NodeSim,
    pub api: &'a S,
    pub rng: &'a mut SimRng,
    pub ns: String,
    pub pod: String,
    pub pod_ip: String,
    pub node: String,
    /// The runtime state of the pod whose container is starting.
    pub own: &'a mut PodRuntime,
    pub kind: Kind,
    pub flavour: Flavour,
    pub cmdline: &'a str,
    pub env: &'a [(String, String)],
    pub files: &'a BTreeMap<String, String>,
}

impl<S: Store + ?Sized> PlanNet<'_, S> {
    pub fn run(&mut self, argv: &[String], at: SimTime) -> (String, String, i32) {
        let session = Session {
            kind: self.kind,
            flavour: self.flavour,
            env: self.env.to_vec(),
            files: self.files.clone(),
            cmdline: self.cmdline.to_string(),
            old_busybox: false,
        };
        let net = Net {
            sim: &mut *self.sim,
            api: self.api,
            rng: &mut *self.rng,
            now: at,
            ns: self.ns.clone(),
            pod: self.pod.clone(),
            starting: Some((self.pod_ip.clone(), self.node.clone(), &mut *self.own)),
        };
        let mut host = ExecHost::new(session, Some(net), at);
        let vars: BTreeMap<String, String> = self.env.iter().cloned().collect();
        host.run(argv, "", &vars)
    }
}

/// Runs a command inside a running container without network access (exec probes).
pub fn run_local(run: &Run, argv: &[String], now: SimTime) -> ExecResult {
    if argv.is_empty() {
        return ExecResult { stdout: String::new(), stderr: String::new(), exit_code: 1 };
    }
    let session = Session {
        kind: run.kind,
        flavour: run.flavour,
        env: run.env.clone(),
        files: run.files_at(now),
        cmdline: run.cmdline.clone(),
        old_busybox: run.old_busybox,
    };
    let mut host: ExecHost<crate::testless::NoStore> = ExecHost::new(session, None, now);
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
    // What the exec session starts from: the process's environment and its files now.
    let Some(session) = sim
        .pods
        .get(pod.uid())
        .and_then(|rt| rt.container(container))
        .filter(|c| matches!(c.state, ContainerState::Running { .. }))
        .and_then(|c| c.run.as_ref())
        .map(|run| Session {
            kind: run.kind,
            flavour: run.flavour,
            env: run.env.clone(),
            files: run.files_at(now),
            cmdline: run.cmdline.clone(),
            old_busybox: run.old_busybox,
        })
    else {
        return err(format!("unable to upgrade connection: container not found (\"{container}\")"));
    };
    if argv.is_empty() {
        return err("you must specify at least one command for the container".into());
    }
    let kind = session.kind;
    let cmd = argv[0].rsplit('/').next().unwrap_or(&argv[0]).to_string();
    let known = (kind == Kind::Python && program::is_python(&cmd)) || IMPLEMENTED.contains(&cmd.as_str());
    let host = ExecHost::<S>::new(session, None, now);
    let present = matches!(kind, Kind::Generic) || (known && host.has(&cmd));
    if !present {
        return err(format!(
            "Internal error occurred: error executing command in container: failed to exec in container: failed to start exec \"{}\": OCI runtime exec failed: exec failed: unable to start container process: exec: \"{}\": executable file not found in $PATH: unknown",
            rng.hex(32),
            argv[0]
        ));
    }
    let mut host = ExecHost {
        net: Some(Net {
            sim,
            api,
            rng,
            now,
            ns: pod.namespace().to_string(),
            pod: pod.name().to_string(),
            starting: None,
        }),
        ..host
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
