//! What a container's process does: a timeline of log lines, file changes and an exit, the ports
//! it listens on, how it answers HTTP, and how it reacts to SIGTERM. Built once at start from the
//! image, the command/args and the environment.

use std::collections::BTreeMap;

use kubeplay_model::SimTime;
use serde_json::Value;

use crate::images::Kind;
use crate::shell::{self, Host, Shell};

/// How the process answers on a port.
#[derive(Clone, Debug, PartialEq)]
pub enum App {
    Nginx(String),
    Httpd,
    Echo(String),
    Whoami,
    Httpbin,
    Generic,
    /// redis-server: answers the Redis protocol, closes connections that speak HTTP.
    Redis,
    /// Listens, but does not speak HTTP (postgres, dns).
    Tcp,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Sigterm {
    /// Handles SIGTERM: exits with this code after this many ms.
    Exit(i32, i64),
    /// PID 1 without a handler (a shell, `sleep`): only SIGKILL at the deadline ends it.
    Ignore,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Log lines at ms offsets from the start.
    pub lines: Vec<(i64, String)>,
    /// File writes (Some) and removals (None) at ms offsets.
    pub fs: Vec<(i64, String, Option<String>)>,
    /// (offset ms, exit code, reason).
    pub exit: Option<(i64, i32, &'static str)>,
    pub listen: Vec<(u16, App)>,
    pub sigterm: Sigterm,
    /// A start failure: (reason, message) — the runtime could not start the process.
    pub start_error: Option<(&'static str, String)>,
}

impl Plan {
    fn new() -> Self {
        Plan {
            lines: vec![],
            fs: vec![],
            exit: None,
            listen: vec![],
            sigterm: Sigterm::Exit(0, 100),
            start_error: None,
        }
    }
}

/// Everything the process sees when it starts.
pub struct Start<'a> {
    pub kind: Kind,
    pub image_tag: String,
    pub command: Vec<String>,
    pub args: Vec<String>,
    pub env: &'a [(String, String)],
    pub hostname: &'a str,
    pub pod_ip: &'a str,
    pub at: SimTime,
    pub mem_limit: Option<i128>,
    pub baseline_mib: u64,
    pub container_ports: Vec<u16>,
    pub files: &'a BTreeMap<String, String>,
    /// The container's `stdin` flag: its stdin stays open for `attach`/`run -i`.
    pub stdin: bool,
}

/// True for a command line that is an interactive shell: a bare `sh`/`bash`/`ash` (optionally
/// `-i`/`-l`), which reads commands from its stdin until it closes.
pub fn is_bare_shell(argv: &[&str]) -> bool {
    match argv {
        [sh] | [sh, "-i"] | [sh, "-l"] => matches!(sh.rsplit('/').next(), Some("sh" | "bash" | "ash")),
        _ => false,
    }
}

/// True when the container's process is a shell reading its stdin: a bare shell in a container
/// with `stdin: true`. Such a process keeps running until its stdin closes (`exit`, or the
/// session detaching), however much time passes between the lines it reads.
pub fn shell_waits_for_stdin(container: &Value) -> bool {
    if container.get("stdin").and_then(Value::as_bool) != Some(true) {
        return false;
    }
    let words: Vec<&str> = ["command", "args"]
        .iter()
        .filter_map(|k| container.get(*k).and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    is_bare_shell(&words)
}

/// Runs commands at plan time (network tools), when the kubelet can offer it.
pub type NetFn<'a> = dyn FnMut(&[String], i64) -> (String, String, i32) + 'a;

pub(crate) fn ts_nginx(t: SimTime) -> String {
    // 2025/03/01 10:00:05
    let s = t.to_rfc3339();
    format!("{} {}", s[..10].replace('-', "/"), &s[11..19])
}

fn ts_redis(t: SimTime) -> String {
    // 01 Mar 2025 10:00:05.123
    let r = t.to_rfc1123z(); // Sat, 01 Mar 2025 10:00:05 +0000
    format!("{}.{:03}", &r[5..25], t.millis().rem_euclid(1000))
}

fn env_get<'e>(env: &'e [(String, String)], k: &str) -> Option<&'e str> {
    env.iter().rev().find(|(k2, _)| k2 == k).map(|(_, v)| v.as_str())
}

/// Binaries a shell-type image has on its PATH (busybox applets and friends).
fn has_binary(kind: Kind, tag: &str, name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    const BUSYBOX: &[&str] = &[
        "sh", "ash", "sleep", "echo", "cat", "ls", "env", "printenv", "hostname", "wget", "nslookup", "nc",
        "ping", "date", "true", "false", "touch", "rm", "mkdir", "top", "ps", "tail", "head", "grep", "yes",
        "watch", "kill", "test", "[", "printf", "id", "whoami", "uname", "df", "free", "du", "mv", "cp",
        "sed", "awk", "wc", "timeout", "seq", "sort", "uniq", "find", "vi", "dd", "stress",
    ];
    match kind {
        Kind::Generic => true,
        Kind::Shell => {
            BUSYBOX.contains(&base)
                || (base == "curl")
                || (base == "bash" && tag == "ubuntu")
                || (base == "apt-get" && tag == "ubuntu")
        }
        Kind::Nginx | Kind::Httpd | Kind::Redis | Kind::Postgres | Kind::Httpbin => {
            BUSYBOX.contains(&base)
                || matches!(
                    base,
                    "bash"
                        | "nginx"
                        | "httpd"
                        | "redis-server"
                        | "redis-cli"
                        | "postgres"
                        | "psql"
                        | "docker-entrypoint.sh"
                        | "curl"
                )
        }
        Kind::Stress => matches!(base, "stress" | "sh"),
        Kind::Python => BUSYBOX.contains(&base) || is_python(base) || matches!(base, "bash" | "pip" | "pip3"),
        Kind::CoreDns | Kind::HttpEcho | Kind::Whoami | Kind::Pause => false,
        Kind::KubeSystem => !base.is_empty(),
    }
}

struct PlanHost<'a, 'n> {
    t: i64,
    /// Servers the command started (`python -m http.server`).
    listen: Vec<(u16, App)>,
    horizon: i64,
    lines: Vec<(i64, String)>,
    fs: Vec<(i64, String, Option<String>)>,
    files: BTreeMap<String, String>,
    env: Vec<(String, String)>,
    hostname: String,
    at: SimTime,
    net: Option<&'a mut NetFn<'n>>,
    net_calls: u32,
    kind: Kind,
    tag: String,
    mem_used_mib: u64,
}

impl Host for PlanHost<'_, '_> {
    fn run(
        &mut self,
        argv: &[String],
        stdin: &str,
        vars: &BTreeMap<String, String>,
    ) -> (String, String, i32) {
        let cmd = argv[0].rsplit('/').next().unwrap_or(&argv[0]).to_string();
        let args = &argv[1..];
        let ok = |s: String| (s, String::new(), 0);
        match cmd.as_str() {
            "env" | "printenv" if args.is_empty() => {
                let _ = vars;
                ok(self.env.iter().map(|(k, v)| format!("{k}={v}\n")).collect())
            }
            "printenv" => match args.first().and_then(|k| env_get(&self.env, k)) {
                Some(v) => ok(format!("{v}\n")),
                None => (String::new(), String::new(), 1),
            },
            "hostname" => ok(format!("{}\n", self.hostname)),
            "date" => ok(format!("{}\n", go_date(self.at.plus_millis(self.t)))),
            "cat" => {
                let mut out = String::new();
                let mut err = String::new();
                for f in args {
                    match self.files.get(f) {
                        Some(c) => out.push_str(c),
                        None => err.push_str(&format!("cat: can't open '{f}': No such file or directory\n")),
                    }
                }
                let st = if err.is_empty() { 0 } else { 1 };
                (out, err, st)
            }
            "touch" => {
                for f in args {
                    let c = self.files.get(f).cloned().unwrap_or_default();
                    self.write_file(f, &c, false);
                }
                ok(String::new())
            }
            "rm" => {
                for f in args.iter().filter(|a| !a.starts_with('-')) {
                    self.files.remove(f);
                    self.fs.push((self.t, f.clone(), None));
                }
                ok(String::new())
            }
            "mkdir" | "ls" | "kill" | "id" | "uname" | "ps" | "top" => ok(String::new()),
            "test" => {
                let exists = args.get(1).is_some_and(|f| {
                    self.files.contains_key(f)
                        || f.starts_with("/tmp") && self.files.keys().any(|k| k.starts_with(f.as_str()))
                });
                (String::new(), String::new(), if exists { 0 } else { 1 })
            }
            "stress" => {
                let bytes = args
                    .iter()
                    .position(|a| a == "--vm-bytes")
                    .and_then(|i| args.get(i + 1))
                    .cloned()
                    .unwrap_or("256M".into());
                let mib = parse_size_mib(&bytes);
                self.mem_used_mib = self.mem_used_mib.max(mib);
                self.lines
                    .push((self.t, "stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd".into()));
                self.sleep(i64::MAX / 4);
                ok(String::new())
            }
            _ if self.kind == Kind::Python && is_python(&cmd) => {
                let version = env_get(&self.env, "PYTHON_VERSION").unwrap_or("3.13.2").to_string();
                match python(&argv[0], args, &version, &self.files) {
                    Python::Done(out, err, code) => (out, err, code),
                    Python::Serves(port, line) => {
                        self.listen.push((port, App::Generic));
                        self.lines.push((self.t, line));
                        self.sleep(i64::MAX / 4);
                        ok(String::new())
                    }
                }
            }
            "wget" | "curl" | "nslookup" | "nc" | "ping" | "redis-cli" => {
                if self.net_calls >= 200 {
                    // Plans stop evaluating network loops after a while (see the crate report).
                    self.t = self.horizon + 1;
                    return (String::new(), String::new(), 0);
                }
                self.net_calls += 1;
                let t = self.t;
                match self.net.as_mut() {
                    Some(f) => f(argv, t),
                    None => (String::new(), String::new(), 0),
                }
            }
            _ if !has_binary(self.kind, &self.tag, &cmd)
                || cmd == "bash" && !has_binary(self.kind, &self.tag, "bash") =>
            {
                (String::new(), format!("sh: {cmd}: not found\n"), 127)
            }
            _ => {
                let _ = stdin;
                ok(String::new())
            }
        }
    }
    fn sleep(&mut self, ms: i64) {
        self.t = self.t.saturating_add(ms);
    }
    fn output(&mut self, out: &str, err: &str) {
        for l in out.lines().chain(err.lines()) {
            if self.lines.len() < 20_000 {
                self.lines.push((self.t, l.to_string()));
            }
        }
    }
    fn write_file(&mut self, path: &str, content: &str, append: bool) {
        let mut c = if append { self.files.get(path).cloned().unwrap_or_default() } else { String::new() };
        c.push_str(content);
        self.files.insert(path.to_string(), c.clone());
        self.fs.push((self.t, path.to_string(), Some(c)));
    }
    fn exhausted(&self) -> bool {
        self.t > self.horizon
    }
}

/// The container's process as `ps` shows it: its command and args, or the image's own program
/// (nginx's master process title, redis-server's `*:6379`).
pub fn process_cmdline(kind: Kind, command: &[String], args: &[String]) -> String {
    if !command.is_empty() {
        return command.iter().chain(args).cloned().collect::<Vec<_>>().join(" ");
    }
    let joined = args.join(" ");
    match kind {
        Kind::Nginx if args.is_empty() => "nginx: master process nginx -g daemon off;".into(),
        Kind::Nginx if args[0].contains("nginx") => format!("nginx: master process {joined}"),
        Kind::Redis if args.is_empty() || args[0].starts_with("--") => {
            let port = args
                .iter()
                .position(|a| a == "--port")
                .and_then(|i| args.get(i + 1))
                .map_or("6379", String::as_str);
            format!("redis-server *:{port}")
        }
        Kind::Httpd if args.is_empty() => "httpd -DFOREGROUND".into(),
        Kind::Postgres if args.is_empty() => "postgres".into(),
        Kind::Python if args.is_empty() => "python3".into(),
        Kind::Shell if args.is_empty() => "sh".into(),
        Kind::CoreDns if args.is_empty() => "/coredns".into(),
        Kind::CoreDns => format!("/coredns {joined}"),
        Kind::HttpEcho => format!("/http-echo {joined}").trim_end().to_string(),
        Kind::Whoami => format!("/whoami {joined}").trim_end().to_string(),
        Kind::Pause => "/pause".into(),
        Kind::KubeSystem => joined,
        _ if args.is_empty() => "/app".into(),
        _ => joined,
    }
}

/// A klog line: `I0301 09:55:04.123456       1 server.go:147] msg`.
fn klog(t: SimTime, source: &str, msg: &str) -> String {
    let r = t.to_rfc3339(); // 2025-03-01T09:55:04Z
    let micros = t.millis().rem_euclid(1000) * 1000 + 417;
    format!("I{}{} {}.{micros:06}       1 {source}] {msg}", &r[5..7], &r[8..10], &r[11..19])
}

/// The first lines a kube-system component logs (its startup), by its program.
fn system_log(program: &str, env: &[(String, String)], at: SimTime) -> Vec<(i64, String)> {
    let t = |ms: i64| at.plus_millis(ms);
    let host_ip = env_get(env, "HOST_IP").unwrap_or("172.18.0.2");
    match program {
        "etcd" => {
            let ts = |ms: i64| {
                let r = t(ms).to_rfc3339();
                format!("{}.{:06}Z", &r[..19], t(ms).millis().rem_euclid(1000) * 1000 + 281)
            };
            vec![
                (0, format!("{{\"level\":\"info\",\"ts\":\"{}\",\"caller\":\"etcdmain/etcd.go:73\",\"msg\":\"Running: \",\"args\":[\"etcd\",\"--advertise-client-urls=https://172.18.0.2:2379\",\"--data-dir=/var/lib/etcd\",\"--listen-client-urls=https://127.0.0.1:2379,https://172.18.0.2:2379\",\"--name=kubeplay-control-plane\"]}}", ts(0))),
                (40, format!("{{\"level\":\"info\",\"ts\":\"{}\",\"caller\":\"embed/etcd.go:140\",\"msg\":\"configuring peer listeners\",\"listen-peer-urls\":[\"https://172.18.0.2:2380\"]}}", ts(40))),
                (900, format!("{{\"level\":\"info\",\"ts\":\"{}\",\"caller\":\"etcdserver/server.go:2065\",\"msg\":\"published local member to cluster through raft\",\"local-member-name\":\"kubeplay-control-plane\"}}", ts(900))),
                (910, format!("{{\"level\":\"info\",\"ts\":\"{}\",\"caller\":\"embed/serve.go:250\",\"msg\":\"serving client traffic securely\",\"traffic\":\"grpc+http\",\"address\":\"172.18.0.2:2379\"}}", ts(910))),
            ]
        }
        "kube-apiserver" => vec![
            (0, klog(t(0), "options.go:249", "external host was not specified, using 172.18.0.2")),
            (30, klog(t(30), "server.go:147", "Version: v1.33.1")),
            (1800, klog(t(1800), "secure_serving.go:211", "Serving securely on [::]:6443")),
        ],
        "kube-controller-manager" | "kube-scheduler" => {
            let starting = if program == "kube-scheduler" {
                "\"Starting Kubernetes Scheduler\" version=\"v1.33.1\"".to_string()
            } else {
                "\"Starting\" version=\"v1.33.1\"".to_string()
            };
            vec![
                (0, klog(t(0), "serving.go:386", "Generated self-signed cert in-memory")),
                (300, klog(t(300), "controllermanager.go:209", &starting)),
                (
                    2500,
                    klog(
                        t(2500),
                        "leaderelection.go:271",
                        &format!("successfully acquired lease kube-system/{program}"),
                    ),
                ),
            ]
        }
        "/usr/local/bin/kube-proxy" | "kube-proxy" => vec![
            (0, klog(t(0), "server_linux.go:66", "\"Using iptables proxy\"")),
            (
                20,
                klog(
                    t(20),
                    "server.go:698",
                    &format!("\"Successfully retrieved node IP(s)\" IPs=[\"{host_ip}\"]"),
                ),
            ),
            (
                400,
                klog(t(400), "shared_informer.go:357", "\"Caches are synced\" controller=\"service config\""),
            ),
        ],
        "/bin/kindnetd" | "kindnetd" => vec![
            (0, klog(t(0), "main.go:139", &format!("hostIP = {host_ip}"))),
            (0, format!("podIP = {host_ip}")),
            (30, klog(t(30), "main.go:178", "kindnetd IP family: \"ipv4\"")),
            (600, klog(t(600), "main.go:297", "Handling node with IPs: map[172.18.0.2:{}]")),
        ],
        "local-path-provisioner" => {
            let ts = t(0).to_rfc3339();
            vec![
                (0, format!("time=\"{ts}\" level=debug msg=\"Applied config: {{\\\"nodePathMap\\\":[{{\\\"node\\\":\\\"DEFAULT_PATH_FOR_NON_LISTED_NODES\\\",\\\"paths\\\":[\\\"/var/local-path-provisioner\\\"]}}]}}\"")),
                (10, format!("time=\"{ts}\" level=debug msg=\"Provisioner started\"")),
            ]
        }
        _ => vec![],
    }
}

/// `python`, `python3`, `python3.12`…
pub fn is_python(cmd: &str) -> bool {
    let base = cmd.rsplit('/').next().unwrap_or(cmd);
    base == "python"
        || base.strip_prefix("python").is_some_and(|v| {
            !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit() || b == b'.') && v.starts_with(['2', '3'])
        })
}

/// What a python run ends in.
pub enum Python {
    /// (stdout, stderr, exit code).
    Done(String, String, i32),
    /// A server on a port, with its first log line (`python -m http.server`).
    Serves(u16, String),
}

/// Top-level modules of the standard library that tutorials import (the image has nothing else:
/// no flask, no redis client, no requests).
const PYTHON_STDLIB: &[&str] = &[
    "abc",
    "argparse",
    "asyncio",
    "base64",
    "collections",
    "contextlib",
    "csv",
    "dataclasses",
    "datetime",
    "enum",
    "functools",
    "glob",
    "hashlib",
    "http",
    "io",
    "itertools",
    "json",
    "logging",
    "math",
    "os",
    "pathlib",
    "pickle",
    "platform",
    "queue",
    "random",
    "re",
    "shutil",
    "signal",
    "socket",
    "socketserver",
    "sqlite3",
    "string",
    "subprocess",
    "sys",
    "tempfile",
    "threading",
    "time",
    "traceback",
    "typing",
    "unittest",
    "urllib",
    "uuid",
    "venv",
    "wsgiref",
    "xml",
    "zipfile",
    "pip",
    "ensurepip",
    "site",
    "sysconfig",
    "this",
    "timeit",
    "pydoc",
    "calendar",
    "statistics",
    "secrets",
];

/// The module a line of Python imports (`import flask`, `from flask import Flask`).
fn imported_module(line: &str) -> Option<&str> {
    let l = line.trim();
    let rest = l.strip_prefix("import ").or_else(|| l.strip_prefix("from "))?;
    let name = rest.split([' ', ',', '.', ';']).next()?;
    (!name.is_empty()).then_some(name)
}

/// The first import of a module the image does not have: (line number, line, module).
fn missing_import(source: &str) -> Option<(usize, &str, &str)> {
    source.lines().enumerate().find_map(|(i, l)| {
        let m = imported_module(l)?;
        (!PYTHON_STDLIB.contains(&m)).then_some((i + 1, l.trim(), m))
    })
}

/// `python ARGS` in an image with only the standard library (working directory `/`).
pub fn python(argv0: &str, args: &[String], version: &str, files: &BTreeMap<String, String>) -> Python {
    let done = |out: String, err: String, code: i32| Python::Done(out, err, code);
    // sys.executable: the interpreter as found on PATH.
    let executable = if argv0.contains('/') { argv0.to_string() } else { format!("/usr/local/bin/{argv0}") };
    // Options that change nothing we model (unbuffered output, no .pyc files, optimisation…).
    let skip = args
        .iter()
        .take_while(|a| matches!(a.as_str(), "-u" | "-B" | "-O" | "-OO" | "-q" | "-s" | "-E" | "-I" | "-i"))
        .count();
    let args = &args[skip..];
    match args.first().map(String::as_str) {
        // No script and no terminal: the REPL reads EOF from stdin and exits.
        None => done(String::new(), String::new(), 0),
        Some("-V" | "--version") => done(format!("Python {version}\n"), String::new(), 0),
        Some("-m") => {
            let Some(module) = args.get(1) else {
                return done(String::new(), "Argument expected for the -m option\n".into(), 2);
            };
            let top = module.split('.').next().unwrap_or(module);
            if module == "http.server" {
                let port = args.get(2).and_then(|p| p.parse().ok()).unwrap_or(8000u16);
                return Python::Serves(
                    port,
                    format!("Serving HTTP on 0.0.0.0 port {port} (http://0.0.0.0:{port}/) ..."),
                );
            }
            if PYTHON_STDLIB.contains(&top) {
                return done(String::new(), String::new(), 0);
            }
            done(String::new(), format!("{executable}: No module named {module}\n"), 1)
        }
        Some("-c") => {
            let code = args.get(1).map_or("", String::as_str);
            if let Some((n, _, m)) = missing_import(code) {
                return done(
                    String::new(),
                    format!("Traceback (most recent call last):\n  File \"<string>\", line {n}, in <module>\nModuleNotFoundError: No module named '{m}'\n"),
                    1,
                );
            }
            done(python_prints(code), String::new(), 0)
        }
        Some(script) => {
            // CPython makes the script path absolute by joining it to the working directory.
            let abs = if script.starts_with('/') { script.to_string() } else { format!("//{script}") };
            let key = if script.starts_with('/') { script.to_string() } else { format!("/{script}") };
            let Some(source) = files.get(&key) else {
                return done(
                    String::new(),
                    format!("{argv0}: can't open file '{abs}': [Errno 2] No such file or directory\n"),
                    2,
                );
            };
            if let Some((n, line, m)) = missing_import(source) {
                return done(
                    String::new(),
                    format!("Traceback (most recent call last):\n  File \"{key}\", line {n}, in <module>\n    {line}\nModuleNotFoundError: No module named '{m}'\n"),
                    1,
                );
            }
            done(python_prints(source), String::new(), 0)
        }
    }
}

/// The output of a program's top-level `print("literal")` statements (all we evaluate).
fn python_prints(source: &str) -> String {
    source
        .split(['\n', ';'])
        .filter_map(|stmt| {
            let inner = stmt.trim().strip_prefix("print(")?.strip_suffix(')')?.trim();
            let q = inner.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let text = inner.strip_prefix(q)?.strip_suffix(q)?;
            Some(format!("{text}\n"))
        })
        .collect()
}

fn parse_size_mib(s: &str) -> u64 {
    let (num, mult) = match s.chars().last() {
        Some('M' | 'm') => (&s[..s.len() - 1], 1.0),
        Some('G' | 'g') => (&s[..s.len() - 1], 1024.0),
        Some('K' | 'k') => (&s[..s.len() - 1], 1.0 / 1024.0),
        _ => (s, 1.0 / 1024.0 / 1024.0),
    };
    num.parse::<f64>().map(|v| (v * mult) as u64).unwrap_or(256)
}

/// `date` output: `Sat Mar  1 10:00:05 UTC 2025`.
pub fn go_date(t: SimTime) -> String {
    let r = t.to_rfc1123z(); // Sat, 01 Mar 2025 10:00:05 +0000
    let day: u32 = r[5..7].parse().unwrap_or(1);
    format!("{} {} {:>2} {} UTC {}", &r[0..3], &r[8..11], day, &r[17..25], &r[12..16])
}

/// The horizon up to which a script's timeline is computed (loops stop there).
pub const HORIZON_MS: i64 = 3_600_000;

pub fn plan(s: &Start, net: Option<&mut NetFn>) -> Plan {
    let mut p = Plan::new();
    let has_cmd = !s.command.is_empty();
    // kube-system components always run their own program (their command only sets flags).
    let server_default = s.kind == Kind::KubeSystem
        || !has_cmd
            && match s.kind {
                Kind::Nginx => s.args.is_empty() || s.args.first().is_some_and(|a| a.contains("nginx")),
                Kind::Httpd => s.args.is_empty() || s.args.first().is_some_and(|a| a.contains("httpd")),
                Kind::Redis => {
                    s.args.is_empty()
                        || s.args
                            .first()
                            .is_some_and(|a| a.starts_with("redis-server") || a.starts_with("--"))
                }
                Kind::Postgres => {
                    s.args.is_empty() || s.args.first().is_some_and(|a| a == "postgres" || a.starts_with('-'))
                }
                Kind::CoreDns
                | Kind::HttpEcho
                | Kind::Whoami
                | Kind::Httpbin
                | Kind::Pause
                | Kind::Generic
                | Kind::KubeSystem => true,
                Kind::Shell | Kind::Stress | Kind::Python => false,
            };
    let at = s.at;
    if server_default {
        let at50 = at.plus_millis(50);
        match s.kind {
            Kind::Nginx => {
                let ver = env_get(s.env, "NGINX_VERSION").unwrap_or("1.27.5").to_string();
                for l in [
                    "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
                    "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
                    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
                    "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
                    "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
                    "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
                    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
                    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
                    "/docker-entrypoint.sh: Configuration complete; ready for start up",
                ] {
                    p.lines.push((0, l.to_string()));
                }
                let ts = ts_nginx(at50);
                let gcc = if s.image_tag.contains("alpine") {
                    "built by gcc 14.2.0 (Alpine 14.2.0)"
                } else {
                    "built by gcc 12.2.0 (Debian 12.2.0-14) "
                };
                for l in [
                    "using the \"epoll\" event method".to_string(),
                    format!("nginx/{ver}"),
                    gcc.to_string(),
                    "OS: Linux 6.8.0-1021-gcp".into(),
                    "getrlimit(RLIMIT_NOFILE): 1048576:1048576".into(),
                    "start worker processes".into(),
                    "start worker process 29".into(),
                    "start worker process 30".into(),
                ] {
                    p.lines.push((50, format!("{ts} [notice] 1#1: {l}")));
                }
                p.listen.push((80, App::Nginx(ver)));
                p.sigterm = Sigterm::Exit(0, 100);
            }
            Kind::Httpd => {
                let warn = format!("AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {}. Set the 'ServerName' directive globally to suppress this message", s.pod_ip);
                p.lines.push((0, warn.clone()));
                p.lines.push((0, warn));
                let r = at50.to_rfc1123z();
                let ts = format!(
                    "{} {} {} {}.{:06} {}",
                    &r[0..3],
                    &r[8..11],
                    &r[5..7],
                    &r[17..25],
                    123_456,
                    &r[12..16]
                );
                p.lines.push((50, format!("[{ts}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.63 (Unix) configured -- resuming normal operations")));
                p.lines.push((
                    50,
                    format!(
                        "[{ts}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'"
                    ),
                ));
                p.listen.push((80, App::Httpd));
                p.sigterm = Sigterm::Exit(0, 200);
            }
            Kind::Redis => {
                let ts = ts_redis(at50);
                let ver = env_get(s.env, "REDIS_VERSION").unwrap_or("7.4.2");
                for (role, l) in [
                    ("C", "* oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo".to_string()),
                    ("C", format!("* Redis version={ver}, bits=64, commit=00000000, modified=0, pid=1, just started")),
                    ("C", "# Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf".into()),
                    ("M", "* monotonic clock: POSIX clock_gettime".into()),
                    ("M", "* Running mode=standalone, port=6379.".into()),
                    ("M", "* Server initialized".into()),
                    ("M", "* Ready to accept connections tcp".into()),
                ] {
                    p.lines.push((50, format!("1:{role} {ts} {l}")));
                }
                p.listen.push((6379, App::Redis));
                p.sigterm = Sigterm::Exit(0, 300);
            }
            Kind::Postgres => {
                let pw = env_get(s.env, "POSTGRES_PASSWORD").unwrap_or("");
                let trust = env_get(s.env, "POSTGRES_HOST_AUTH_METHOD") == Some("trust");
                if pw.is_empty() && !trust {
                    for l in [
                        "Error: Database is uninitialized and superuser password is not specified.",
                        "       You must specify POSTGRES_PASSWORD to a non-empty value for the",
                        "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".",
                        "",
                        "       You may also use \"POSTGRES_HOST_AUTH_METHOD=trust\" to allow all",
                        "       connections without a password. This is *not* recommended.",
                        "",
                        "       See PostgreSQL documentation about \"trust\":",
                        "       https://www.postgresql.org/docs/current/auth-trust.html",
                    ] {
                        p.lines.push((100, l.to_string()));
                    }
                    p.exit = Some((150, 1, "Error"));
                } else {
                    let ts = at.plus_millis(2500).to_rfc3339().replace('T', " ").replace('Z', ".000 UTC");
                    for (o, l) in [
                        (0, "The files belonging to this database system will be owned by user \"postgres\".".to_string()),
                        (0, "This user must also own the server process.".into()),
                        (1800, "PostgreSQL init process complete; ready for start up.".into()),
                        (2500, format!("{ts} [1] LOG:  starting PostgreSQL 17.4 (Debian 17.4-1.pgdg120+2) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit")),
                        (2500, format!("{ts} [1] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432")),
                        (2500, format!("{ts} [1] LOG:  database system is ready to accept connections")),
                    ] {
                        p.lines.push((o, l));
                    }
                    p.listen.push((5432, App::Tcp));
                    p.sigterm = Sigterm::Exit(0, 500);
                }
            }
            Kind::CoreDns => {
                for l in [".:53", "[INFO] plugin/reload: Running configuration SHA512 = 1b226df79860026c6a52e67daa10d7f0d57ec5b023288ec00c5e05f93523c894564e15b91770d3a07ae1cfbe861d15b37d4a0027e69c546ab112970993a3b03b", "CoreDNS-1.12.0", "linux/amd64, go1.23.3, 51e11f1"] {
                    p.lines.push((100, l.to_string()));
                }
                p.listen.extend([
                    (53, App::Tcp),
                    (8080, App::Generic),
                    (8181, App::Generic),
                    (9153, App::Generic),
                ]);
            }
            Kind::HttpEcho => {
                let mut text = "hello-world".to_string();
                let mut port = 5678u16;
                for a in &s.args {
                    if let Some(t) = a.strip_prefix("-text=").or_else(|| a.strip_prefix("--text=")) {
                        text = t.to_string();
                    }
                    if let Some(l) = a.strip_prefix("-listen=").or_else(|| a.strip_prefix("--listen=")) {
                        port = l.rsplit(':').next().and_then(|x| x.parse().ok()).unwrap_or(5678);
                    }
                }
                if let Some(pstr) = env_get(s.env, "ECHO_PORT") {
                    port = pstr.parse().unwrap_or(port);
                }
                p.lines.push((20, format!("{} [INFO] server is listening on :{port}", ts_nginx(at))));
                p.listen.push((port, App::Echo(text)));
                p.sigterm = Sigterm::Exit(2, 0);
            }
            Kind::Whoami => {
                let port = env_get(s.env, "WHOAMI_PORT_NUMBER")
                    .and_then(|v| v.parse().ok())
                    .or_else(|| {
                        s.args
                            .iter()
                            .position(|a| a == "--port")
                            .and_then(|i| s.args.get(i + 1))
                            .and_then(|v| v.parse().ok())
                    })
                    .unwrap_or(80);
                p.lines.push((20, format!("{} Starting up on port {port}", ts_nginx(at))));
                p.listen.push((port, App::Whoami));
                p.sigterm = Sigterm::Exit(2, 0);
            }
            Kind::Httpbin => {
                p.lines.push((500, "[2025-03-01 10:00:00 +0000] [1] [INFO] Starting gunicorn 19.9.0".into()));
                p.lines.push((
                    500,
                    "[2025-03-01 10:00:00 +0000] [1] [INFO] Listening at: http://0.0.0.0:80 (1)".into(),
                ));
                p.listen.push((80, App::Httpbin));
            }
            Kind::Pause => p.sigterm = Sigterm::Exit(0, 0),
            Kind::KubeSystem => {
                let program = s.command.first().map_or("", String::as_str);
                for (offset, line) in system_log(program, s.env, at) {
                    p.lines.push((offset, line));
                }
                p.sigterm = Sigterm::Exit(0, 200);
            }
            _ => {
                let ports = if s.container_ports.is_empty() { vec![8080] } else { s.container_ports.clone() };
                p.lines.push((
                    100,
                    format!(
                        "listening on {}",
                        ports.iter().map(|p| format!(":{p}")).collect::<Vec<_>>().join(", ")
                    ),
                ));
                for port in ports {
                    p.listen.push((port, App::Generic));
                }
                p.sigterm = Sigterm::Exit(143, 0);
            }
        }
        check_memory(&mut p, s, s.baseline_mib);
        return p;
    }
    // A command: run it as PID 1.
    let mut argv: Vec<String> = if has_cmd { s.command.clone() } else { s.args.clone() };
    if has_cmd {
        argv.extend(s.args.iter().cloned());
    }
    if argv.is_empty() {
        argv = match s.kind {
            Kind::Stress => vec!["stress".into()],
            Kind::Python => vec!["python3".into()],
            _ if s.image_tag == "ubuntu" => vec!["/bin/bash".into()],
            _ => vec!["sh".into()],
        };
    }
    let tagname = if s.image_tag == "ubuntu" { "ubuntu" } else { "" };
    if !has_binary(s.kind, tagname, &argv[0]) {
        p.start_error = Some((
            "StartError",
            format!(
                "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: \"{}\": executable file not found in $PATH: unknown",
                argv[0]
            ),
        ));
        p.exit = Some((0, 128, "StartError"));
        return p;
    }
    let mut host = PlanHost {
        t: 0,
        listen: vec![],
        horizon: HORIZON_MS,
        lines: vec![],
        fs: vec![],
        files: s.files.clone(),
        env: s.env.to_vec(),
        hostname: s.hostname.to_string(),
        at,
        net,
        net_calls: 0,
        kind: s.kind,
        tag: tagname.to_string(),
        mem_used_mib: s.baseline_mib,
    };
    let vars: BTreeMap<String, String> = s.env.iter().cloned().collect();
    let base = argv[0].rsplit('/').next().unwrap_or("").to_string();
    let words: Vec<&str> = argv.iter().map(String::as_str).collect();
    let reads_stdin = s.stdin && is_bare_shell(&words);
    let status = if matches!(base.as_str(), "sh" | "bash" | "ash") {
        match argv.iter().position(|a| a == "-c") {
            Some(i) => match argv.get(i + 1).map(|src| shell::parse(src)) {
                Some(Ok(script)) => Shell::new(&mut host, vars, &base).run_script(&script),
                Some(Err(e)) => {
                    host.lines.push((0, format!("{base}: {e}")));
                    2
                }
                None => {
                    host.lines.push((0, format!("{base}: -c requires an argument")));
                    2
                }
            },
            // No script: the shell reads its stdin. Closed (no `stdin: true`), it reads EOF and
            // exits; open, it waits for lines and never exits on its own (`reads_stdin`).
            None => 0,
        }
    } else {
        let quoted: Vec<String> = argv.iter().map(|a| format!("'{}'", a.replace('\'', "'\\''"))).collect();
        match shell::parse(&quoted.join(" ")) {
            Ok(script) => Shell::new(&mut host, vars, "sh").run_script(&script),
            Err(_) => 1,
        }
    };
    let mem = host.mem_used_mib;
    p.listen = host.listen;
    p.lines = host.lines;
    p.fs = host.fs;
    if host.t <= HORIZON_MS && !reads_stdin {
        let reason = if status == 0 { "Completed" } else { "Error" };
        p.exit = Some((host.t.max(10), status, reason));
    }
    p.sigterm = Sigterm::Ignore;
    check_memory(&mut p, s, mem);
    p
}

/// Above its memory limit the process is OOM-killed about a second after it starts.
fn check_memory(p: &mut Plan, s: &Start, used_mib: u64) {
    if let Some(limit) = s.mem_limit {
        let used = i128::from(used_mib) * 1024 * 1024 * 1000;
        if limit > 0 && used > limit {
            let at = p.exit.map_or(1000, |(t, _, _)| t.min(1000));
            p.exit = Some((at, 137, "OOMKilled"));
            p.lines.retain(|(t, _)| *t <= at);
        }
    }
}

/// An HTTP answer from an app: (status, body).
pub fn http(app: &App, path: &str, ctx: &HttpCtx) -> (u16, String) {
    let p = path.split('?').next().unwrap_or("/");
    match app {
        App::Nginx(ver) => match p {
            "/" | "/index.html" => (200, NGINX_WELCOME.to_string()),
            _ => (404, format!("<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/{ver}</center>\r\n</body>\r\n</html>\r\n")),
        },
        App::Httpd => match p {
            "/" | "/index.html" => (200, "<html><body><h1>It works!</h1></body></html>\n".into()),
            _ => (404, "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n".to_string()),
        },
        App::Echo(text) => (200, format!("{text}\n")),
        App::Whoami => (
            200,
            format!(
                "Hostname: {}\nIP: 127.0.0.1\nIP: ::1\nIP: {}\nRemoteAddr: {}:{}\n{} {} HTTP/1.1\nHost: {}\nUser-Agent: {}\nAccept: */*\n\n",
                ctx.hostname, ctx.pod_ip, ctx.client_ip, 40_000 + ctx.client_port, ctx.method, path, ctx.host, ctx.user_agent
            ),
        ),
        App::Httpbin => {
            if let Some(code) = p.strip_prefix("/status/").and_then(|c| c.parse::<u16>().ok()) {
                return (code, String::new());
            }
            match p {
                "/ip" => (200, format!("{{\n  \"origin\": \"{}\"\n}}\n", ctx.client_ip)),
                "/get" | "/headers" | "/anything" => (
                    200,
                    format!("{{\n  \"args\": {{}}, \n  \"headers\": {{\n    \"Accept\": \"*/*\", \n    \"Host\": \"{}\", \n    \"User-Agent\": \"{}\"\n  }}, \n  \"origin\": \"{}\", \n  \"url\": \"http://{}{}\"\n}}\n", ctx.host, ctx.user_agent, ctx.client_ip, ctx.host, path),
                ),
                "/" => (200, "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>httpbin.org</title></head>\n<body>A simple HTTP Request &amp; Response Service.</body>\n</html>\n".into()),
                _ => (404, "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n".into()),
            }
        }
        App::Generic => match p {
            "/healthz" | "/readyz" | "/livez" | "/health" | "/ready" => (200, "ok\n".into()),
            _ => (200, format!("Hello from {} ({})\n", ctx.hostname, ctx.pod_ip)),
        },
        App::Tcp | App::Redis => (0, String::new()),
    }
}

/// When the images' static pages were last modified (nginx's and httpd's index.html): the ETag
/// and Last-Modified headers derive from it.
const STATIC_PAGE_MTIME: SimTime = SimTime(1_738_753_592_000);

/// The headers a server sends with an answer, in its order.
pub fn http_headers(app: &App, status: u16, len: usize, now: SimTime) -> Vec<(String, String)> {
    let date = http_date(now);
    let h = |k: &str, v: String| (k.to_string(), v);
    let static_page = status == 200 && matches!(app, App::Nginx(_) | App::Httpd);
    let etag = format!("\"{:x}-{:x}\"", STATIC_PAGE_MTIME.millis() / 1000, len);
    match app {
        App::Nginx(ver) => {
            let mut v = vec![
                h("Server", format!("nginx/{ver}")),
                h("Date", date),
                h("Content-Type", "text/html".into()),
                h("Content-Length", len.to_string()),
            ];
            if static_page {
                v.push(h("Last-Modified", http_date(STATIC_PAGE_MTIME)));
            }
            v.push(h("Connection", "keep-alive".into()));
            if static_page {
                v.push(h("ETag", etag));
                v.push(h("Accept-Ranges", "bytes".into()));
            }
            v
        }
        App::Httpd => {
            let mut v = vec![h("Date", date), h("Server", "Apache/2.4.63 (Unix)".into())];
            if static_page {
                v.push(h("Last-Modified", http_date(STATIC_PAGE_MTIME)));
                v.push(h("ETag", etag));
                v.push(h("Accept-Ranges", "bytes".into()));
            }
            v.push(h("Content-Length", len.to_string()));
            v.push(h(
                "Content-Type",
                if static_page { "text/html" } else { "text/html; charset=iso-8859-1" }.into(),
            ));
            v
        }
        App::Echo(_) => vec![
            h("X-App-Name", "http-echo".into()),
            h("X-App-Version", "1.0.0".into()),
            h("Date", date),
            h("Content-Length", len.to_string()),
            h("Content-Type", "text/plain; charset=utf-8".into()),
        ],
        App::Httpbin => vec![
            h("Server", "gunicorn/19.9.0".into()),
            h("Date", date),
            h("Connection", "keep-alive".into()),
            h("Content-Type", "application/json".into()),
            h("Content-Length", len.to_string()),
            h("Access-Control-Allow-Origin", "*".into()),
            h("Access-Control-Allow-Credentials", "true".into()),
        ],
        App::Whoami | App::Generic => vec![
            h("Date", date),
            h("Content-Length", len.to_string()),
            h("Content-Type", "text/plain; charset=utf-8".into()),
        ],
        App::Redis | App::Tcp => vec![],
    }
}

/// An HTTP `Date` header: `Sat, 01 Mar 2025 10:00:12 GMT`.
fn http_date(t: SimTime) -> String {
    let r = t.to_rfc1123z(); // Sat, 01 Mar 2025 10:00:05 +0000
    format!("{} GMT", &r[..25])
}

/// redis-server's answer to one command, as redis-cli prints it when its output is not a terminal
/// (raw: `PONG`, `OK`, the value, an empty line for nil). The keyspace lives in the process, so a
/// restart empties it (no persistence configured, as in the default image).
pub fn redis_reply(keys: &mut BTreeMap<String, String>, argv: &[String]) -> String {
    let Some(cmd) = argv.first() else { return String::new() };
    let args = &argv[1..];
    let arity = |n: usize| args.len() == n;
    let wrong_arity = || format!("ERR wrong number of arguments for '{}' command\n", cmd.to_lowercase());
    match cmd.to_uppercase().as_str() {
        "PING" if args.len() <= 1 => format!("{}\n", args.first().map_or("PONG", String::as_str)),
        "ECHO" if arity(1) => format!("{}\n", args[0]),
        "SET" if args.len() >= 2 => {
            keys.insert(args[0].clone(), args[1].clone());
            "OK\n".into()
        }
        "GET" if arity(1) => format!("{}\n", keys.get(&args[0]).map_or("", String::as_str)),
        "DEL" | "UNLINK" if !args.is_empty() => {
            format!("{}\n", args.iter().filter(|k| keys.remove(k.as_str()).is_some()).count())
        }
        "EXISTS" if !args.is_empty() => {
            format!("{}\n", args.iter().filter(|k| keys.contains_key(k.as_str())).count())
        }
        "INCR" | "DECR" if arity(1) => {
            let cur = keys.get(&args[0]).map_or(Ok(0), |v| v.parse::<i64>());
            match cur {
                Ok(n) => {
                    let n = if cmd.eq_ignore_ascii_case("INCR") { n + 1 } else { n - 1 };
                    keys.insert(args[0].clone(), n.to_string());
                    format!("{n}\n")
                }
                Err(_) => "ERR value is not an integer or out of range\n".into(),
            }
        }
        "KEYS" if arity(1) => {
            let pat = &args[0];
            keys.keys()
                .filter(|k| pat == "*" || pat.strip_suffix('*').map_or(*k == pat, |p| k.starts_with(p)))
                .map(|k| format!("{k}\n"))
                .collect()
        }
        "DBSIZE" if args.is_empty() => format!("{}\n", keys.len()),
        "FLUSHALL" | "FLUSHDB" => {
            keys.clear();
            "OK\n".into()
        }
        "PING" | "ECHO" | "SET" | "GET" | "DEL" | "UNLINK" | "EXISTS" | "INCR" | "DECR" | "KEYS"
        | "DBSIZE" => wrong_arity(),
        _ => {
            let rest: Vec<String> = args.iter().map(|a| format!("'{a}' ")).collect();
            format!("ERR unknown command '{cmd}', with args beginning with: {}\n", rest.concat())
        }
    }
}

pub struct HttpCtx<'a> {
    pub hostname: &'a str,
    pub pod_ip: &'a str,
    pub client_ip: &'a str,
    pub client_port: u16,
    pub method: &'a str,
    pub host: &'a str,
    pub user_agent: &'a str,
}

/// The nginx welcome page (`/usr/share/nginx/html/index.html`, 615 bytes).
pub const NGINX_WELCOME: &str = "<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href=\"http://nginx.org/\">nginx.org</a>.<br/>
Commercial support is available at
<a href=\"http://nginx.com/\">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
";

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn start<'a>(
        kind: Kind,
        command: &[&str],
        args: &[&str],
        env: &'a [(String, String)],
        files: &'a BTreeMap<String, String>,
    ) -> Start<'a> {
        Start {
            kind,
            image_tag: "1.27".into(),
            command: command.iter().map(|s| s.to_string()).collect(),
            args: args.iter().map(|s| s.to_string()).collect(),
            env,
            hostname: "web",
            pod_ip: "10.244.1.5",
            at: SimTime(1_740_823_200_000),
            mem_limit: None,
            baseline_mib: 1,
            container_ports: vec![],
            files,
            stdin: false,
        }
    }

    #[test]
    fn only_a_bare_shell_with_stdin_waits_for_input() {
        assert!(shell_waits_for_stdin(&serde_json::json!({"stdin": true, "args": ["/bin/sh"]})));
        assert!(shell_waits_for_stdin(&serde_json::json!({"stdin": true, "command": ["bash"]})));
        assert!(!shell_waits_for_stdin(&serde_json::json!({"args": ["sh"]})));
        assert!(!shell_waits_for_stdin(&serde_json::json!({"stdin": true, "args": ["sh", "-c", "echo hi"]})));
        assert!(!shell_waits_for_stdin(&serde_json::json!({"stdin": true, "args": ["wget", "-qO-", "web"]})));
    }

    #[test]
    fn a_bare_shell_with_stdin_open_never_exits_on_its_own() {
        let (env, files) = (vec![], BTreeMap::new());
        let closed = start(Kind::Generic, &["sh"], &[], &env, &files);
        assert_eq!(plan(&closed, None).exit.map(|(_, code, _)| code), Some(0));
        let open = Start { stdin: true, ..start(Kind::Generic, &["sh"], &[], &env, &files) };
        assert_eq!(plan(&open, None).exit, None);
        // A script still runs to its end with stdin open.
        let script =
            Start { stdin: true, ..start(Kind::Generic, &["sh", "-c", "exit 3"], &[], &env, &files) };
        assert_eq!(plan(&script, None).exit.map(|(_, code, _)| code), Some(3));
    }

    #[test]
    fn nginx_welcome_page_is_615_bytes() {
        assert_eq!(NGINX_WELCOME.len(), 615);
        assert_eq!(go_date(SimTime(1_740_823_205_000)), "Sat Mar  1 10:00:05 UTC 2025");
    }

    #[test]
    fn shell_commands_and_exit() {
        let f = BTreeMap::new();
        let p = plan(&start(Kind::Shell, &["sh", "-c"], &["echo start; sleep 5; exit 3"], &[], &f), None);
        assert_eq!(p.lines, vec![(0, "start".to_string())]);
        assert_eq!(p.exit, Some((5000, 3, "Error")));
        let p = plan(&start(Kind::Shell, &["sleep", "3600"], &[], &[], &f), None);
        assert_eq!(p.exit, Some((3_600_000, 0, "Completed")));
        let p = plan(&start(Kind::Shell, &[], &[], &[], &f), None);
        assert_eq!(p.exit, Some((10, 0, "Completed")));
        let p = plan(&start(Kind::Shell, &["bash"], &[], &[], &f), None);
        assert_eq!(p.exit.map(|e| (e.1, e.2)), Some((128, "StartError")));
    }

    #[test]
    fn postgres_needs_a_password_and_stress_ooms() {
        let f = BTreeMap::new();
        let p = plan(&start(Kind::Postgres, &[], &[], &[], &f), None);
        assert_eq!(p.exit, Some((150, 1, "Error")));
        assert_eq!(p.lines[0].1, "Error: Database is uninitialized and superuser password is not specified.");
        let mut s =
            start(Kind::Stress, &["stress"], &["--vm", "1", "--vm-bytes", "150M", "--vm-hang", "1"], &[], &f);
        s.mem_limit = Some(100 * 1024 * 1024 * 1000);
        assert_eq!(plan(&s, None).exit, Some((1000, 137, "OOMKilled")));
        s.mem_limit = Some(200 * 1024 * 1024 * 1000);
        assert_eq!(plan(&s, None).exit, None);
    }
}
