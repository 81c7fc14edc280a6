//! `curl` from the user's machine: `localhost:PORT` goes through an active port-forward, node
//! IPs reach NodePorts; everything else is outside the simulated network.

use kubeplay_node::{NetRequest, NetSource};

use super::common::*;
use crate::session::Session;

pub fn run(s: &mut Session, args: &[String], out: &mut Out) -> Result<(), CmdError> {
    let mut url: Option<String> = None;
    let mut method = "GET".to_string();
    let mut include = false;
    let mut timeout_ms = 0i64;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        match a {
            "-s" | "--silent" | "-S" | "-sS" | "-L" | "--location" | "-f" | "--fail" | "-k"
            | "--insecure" | "-v" => {}
            "-i" | "--include" => include = true,
            "-X" | "--request" => {
                i += 1;
                method = args.get(i).cloned().unwrap_or(method);
            }
            "-m" | "--max-time" | "--connect-timeout" => {
                i += 1;
                timeout_ms =
                    args.get(i).and_then(|t| t.parse::<f64>().ok()).map(|t| (t * 1000.0) as i64).unwrap_or(0);
            }
            "-o" | "--output" | "-H" | "--header" | "-d" | "--data" | "-w" => {
                i += 1;
            }
            _ if a.starts_with('-') => {}
            _ => url = Some(a.to_string()),
        }
        i += 1;
    }
    let Some(raw) = url else {
        out.line("curl: try 'curl --help' or 'curl --manual' for more information");
        out.code = Some(2);
        return Ok(());
    };
    let full = if raw.contains("://") { raw.clone() } else { format!("http://{raw}") };
    let after_scheme = full.split_once("://").map(|x| x.1).unwrap_or(&full);
    let (hostport, path) = match after_scheme.find('/') {
        Some(i) => (&after_scheme[..i], &after_scheme[i..]),
        None => (after_scheme, "/"),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h.to_string(), p.parse::<u16>().unwrap_or(80)),
        None => (hostport.to_string(), 80),
    };
    let local = matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]" | "0.0.0.0");
    let req_url = if local {
        let Some(fwd) = s.forwards.iter().find(|f| f.local_port == port).cloned() else {
            out.line(&format!(
                "curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server"
            ));
            out.code = Some(7);
            return Ok(());
        };
        let handling = format!("Handling connection for {port}\n");
        if fwd.to_stream {
            if let Some(st) = s.streams.get_mut(&fwd.stream) {
                st.buffer.push_str(&handling);
            }
        } else {
            out.print(&handling);
        }
        let pod = match s.cluster().api().get("pods", &fwd.namespace, &fwd.pod) {
            Ok(p) => p,
            Err(_) => {
                out.line("curl: (52) Empty reply from server");
                out.code = Some(52);
                return Ok(());
            }
        };
        use kubeplay_model::ObjectExt;
        let ip = pod.str_at("status.podIP").unwrap_or("").to_string();
        format!("http://{ip}:{}{path}", fwd.pod_port)
    } else {
        format!("http://{hostport}{path}")
    };
    let req = NetRequest {
        source: NetSource::External,
        url: req_url,
        method,
        timeout_ms: if timeout_ms > 0 { timeout_ms } else { 10_000 },
    };
    let resp = s.request(&req);
    if let (true, Some(e)) = (local, &resp.error) {
        if e.contains("Connection refused") {
            // The tunnel was accepted by kubectl; the pod side refused: kubectl logs the error and
            // curl sees the connection closed.
            let fwd = s.forwards.iter().find(|f| f.local_port == port).cloned();
            if let Some(f) = fwd {
                out.line(&format!(
                    "E0301 00:00:00.000000       1 portforward.go:424] \"Unhandled Error\" err=\"an error occurred forwarding {port} -> {}: error forwarding port {} to pod {}, uid : failed to connect to localhost:{} inside namespace: connection refused\"",
                    f.pod_port, f.pod_port, f.pod, f.pod_port
                ));
            }
            out.line("curl: (52) Empty reply from server");
            out.code = Some(52);
            return Ok(());
        }
    }
    if let Some(e) = &resp.error {
        let e = e.replace(&req.url, &raw);
        out.line(&e);
        out.code = Some(curl_code(&e));
        return Ok(());
    }
    if include {
        out.print(&format!("HTTP/1.1 {} {}\r\n\r\n", resp.status, reason(resp.status)));
    }
    out.print(&resp.body);
    Ok(())
}

fn curl_code(e: &str) -> i32 {
    e.strip_prefix("curl: (").and_then(|r| r.split(')').next()).and_then(|n| n.parse().ok()).unwrap_or(1)
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "",
    }
}
