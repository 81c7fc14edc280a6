//! Informational commands: the root help, `explain`, `api-resources`, `cluster-info`,
//! `version`, `config …`.

use kubeplay_model::resource::RESOURCES;
use kubeplay_model::ObjectExt;
use serde_json::{json, Value};

use super::common::*;
use super::parse_flags;
use crate::flags::{flag, Flag, Kind};
use crate::print::tabwriter;
use crate::session::{Context, Session};

pub const CLIENT_VERSION: &str = "v1.33.1";
pub const KUSTOMIZE_VERSION: &str = "v5.6.0";

/// `kubectl VERB --help` for the verbs the playground does not run: the command's one-line
/// description (from the root help) and usage. The pages of the commands it runs are in `help`.
pub fn short_help(verb: &str) -> Option<String> {
    let line = super::help::ROOT
        .lines()
        .find(|l| l.split_whitespace().next() == Some(verb) && l.starts_with("  "))?;
    let desc = line.trim_start()[verb.len()..].trim();
    Some(format!(
        "{desc}.\n\nUsage:\n  kubectl {verb} [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n"
    ))
}

pub const EXPLAIN_FLAGS: &[Flag] = &[
    flag("recursive", None, Kind::Bool),
    flag("api-version", None, Kind::Str),
    flag("output", Some('o'), Kind::Str),
];

pub fn run_explain(_s: &mut Session, words: &[String], out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("explain", words, EXPLAIN_FLAGS)?;
    let Some(arg) = p.args.first() else {
        return Err(msg("You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources."));
    };
    if p.args.len() > 1 {
        return Err(CmdError::Help("explain".into(), "We accept only this format: explain RESOURCE".into()));
    }
    let mut parts = arg.split('.');
    let ty = parts.next().unwrap_or("");
    let path: Vec<&str> = parts.filter(|s| !s.is_empty()).collect();
    let rt = resolve_type(ty)?;
    let api_version = p.str("api-version").map(String::from).unwrap_or_else(|| rt.api_version());
    match kubeplay_schema::explain(&api_version, rt.kind, &path, p.bool("recursive")) {
        Ok(text) => out.print(&text),
        Err(e) => return Err(msg(e)),
    }
    Ok(())
}

pub const API_RESOURCES_FLAGS: &[Flag] = &[
    flag("namespaced", None, Kind::Bool),
    flag("output", Some('o'), Kind::Str),
    flag("no-headers", None, Kind::Bool),
    flag("api-group", None, Kind::Str),
    flag("verbs", None, Kind::Array),
    flag("sort-by", None, Kind::Str),
    flag("cached", None, Kind::Bool),
    flag("categories", None, Kind::Array),
];

pub fn run_api_resources(_s: &mut Session, words: &[String], out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("api-resources", words, API_RESOURCES_FLAGS)?;
    let wide = match p.str("output") {
        None | Some("") => false,
        Some("wide") => true,
        Some("name") => {
            for r in filtered(&p) {
                out.line(&r.qualified_plural());
            }
            return Ok(());
        }
        Some(o) => return Err(msg(format!("--output {o} is not available"))),
    };
    let mut text = String::new();
    if !p.bool("no-headers") {
        text.push_str("NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND");
        text.push_str(if wide { "\tVERBS\tCATEGORIES\n" } else { "\n" });
    }
    for r in filtered(&p) {
        text.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}",
            r.plural,
            r.short_names.join(","),
            r.api_version(),
            r.namespaced,
            r.kind
        ));
        if wide {
            let verbs = match r.plural {
                "bindings" => "create",
                "componentstatuses" => "get,list",
                "events" | "endpoints" | "configmaps" | "secrets" | "serviceaccounts" | "pods"
                | "services" | "namespaces" | "nodes" => {
                    "create,delete,deletecollection,get,list,patch,update,watch"
                }
                _ => "create,delete,deletecollection,get,list,patch,update,watch",
            };
            let cats = r.categories.join(" ");
            text.push_str(&format!(
                "\t[{}]\t{}",
                verbs.replace(',', " "),
                if cats.is_empty() { String::new() } else { format!("[{cats}]") }
            ));
        }
        text.push('\n');
    }
    out.print(&tabwriter::table(&text));
    Ok(())
}

fn filtered(p: &crate::flags::Parsed) -> Vec<&'static kubeplay_model::ResourceType> {
    let mut v: Vec<_> = RESOURCES
        .iter()
        .filter(|r| !p.is_set("namespaced") || r.namespaced == p.bool("namespaced"))
        .filter(|r| p.str("api-group").is_none_or(|g| r.group == g))
        .collect();
    match p.str("sort-by") {
        Some("name") => v.sort_by_key(|r| r.plural),
        Some("kind") => v.sort_by_key(|r| r.kind),
        _ => {}
    }
    v
}

/// The API server's address as kind's kubeconfig has it: the control-plane container's 6443
/// published on the host's loopback.
pub fn server_url(s: &Session) -> String {
    format!("https://127.0.0.1:{}", crate::session::api_server_port(s.config()))
}

pub fn run_cluster_info(s: &mut Session, words: &[String], out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("cluster-info", words, &[])?;
    if p.args.first().is_some_and(|a| a == "dump") {
        return Err(msg("\"kubectl cluster-info dump\" is not available in this playground"));
    }
    let url = server_url(s);
    out.line(&format!("Kubernetes control plane is running at {url}"));
    for svc in s.cluster().api().list("services", Some("kube-system")) {
        if svc.label("kubernetes.io/cluster-service") != Some("true") {
            continue;
        }
        let name = svc.label("kubernetes.io/name").unwrap_or(svc.name()).to_string();
        let port_name = svc.str_at("spec.ports.0.name").map(|n| format!(":{n}")).unwrap_or_default();
        out.line(&format!(
            "{name} is running at {url}/api/v1/namespaces/kube-system/services/{}{port_name}/proxy",
            svc.name()
        ));
    }
    out.line("");
    out.line("To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.");
    Ok(())
}

pub const VERSION_FLAGS: &[Flag] = &[flag("client", None, Kind::Bool), flag("output", Some('o'), Kind::Str)];

/// The server's version: the kubelet version the nodes report, else the client's.
pub fn server_version(s: &Session) -> String {
    s.cluster()
        .api()
        .list("nodes", None)
        .first()
        .and_then(|n| n.str_at("status.nodeInfo.kubeletVersion").map(String::from))
        .unwrap_or_else(|| CLIENT_VERSION.to_string())
}

pub fn run_version(s: &mut Session, words: &[String], out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("version", words, VERSION_FLAGS)?;
    let client = json!({
        "major": "1", "minor": "33", "gitVersion": CLIENT_VERSION,
        "gitCommit": "8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828", "gitTreeState": "clean",
        "buildDate": "2025-05-15T08:27:33Z", "goVersion": "go1.24.2", "compiler": "gc", "platform": "linux/amd64",
    });
    let sv = server_version(s);
    let server = json!({
        "major": "1", "minor": "33", "gitVersion": sv,
        "gitCommit": "8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828", "gitTreeState": "clean",
        "buildDate": "2025-05-15T08:19:07Z", "goVersion": "go1.24.2", "compiler": "gc", "platform": "linux/amd64",
    });
    match p.str("output") {
        None => {
            out.line(&format!("Client Version: {CLIENT_VERSION}"));
            out.line(&format!("Kustomize Version: {KUSTOMIZE_VERSION}"));
            if !p.bool("client") {
                out.line(&format!("Server Version: {sv}"));
            }
        }
        Some(f @ ("json" | "yaml")) => {
            let mut v = json!({"clientVersion": client, "kustomizeVersion": KUSTOMIZE_VERSION});
            if !p.bool("client") {
                v["serverVersion"] = server;
            }
            if f == "json" {
                // kubectl prints the JSON without a trailing newline.
                out.print(&serde_json::to_string_pretty(&v).unwrap_or_default());
            } else {
                out.print(&kubeplay_yaml::to_yaml(&v));
            }
        }
        Some(_) => return Err(msg("--output must be 'yaml' or 'json'")),
    }
    Ok(())
}

pub const CONFIG_FLAGS: &[Flag] = &[
    flag("output", Some('o'), Kind::Str),
    flag("no-headers", None, Kind::Bool),
    flag("current", None, Kind::Bool),
    flag("cluster", None, Kind::Str),
    flag("user", None, Kind::Str),
    flag("minify", None, Kind::Bool),
    flag("raw", None, Kind::Bool),
    flag("flatten", None, Kind::Bool),
];

pub fn run_config(s: &mut Session, words: &[String], out: &mut Out) -> Result<(), CmdError> {
    let sub_at = words.iter().position(|w| !w.starts_with('-'));
    let Some(at) = sub_at else {
        out.print(super::help::page("config").unwrap_or_default());
        out.failed = true;
        return Ok(());
    };
    let sub = words[at].clone();
    let mut rest = words.to_vec();
    rest.remove(at);
    let cmd = format!("config {sub}");
    let p = parse_flags(&cmd, &rest, CONFIG_FLAGS)?;
    match sub.as_str() {
        "current-context" => out.line(&s.current_context.clone()),
        "get-contexts" => {
            let names_only = p.str("output") == Some("name");
            let mut ctxs: Vec<Context> = s.contexts.clone();
            let mut missing = Vec::new();
            if !p.args.is_empty() {
                ctxs.retain(|c| p.args.contains(&c.name));
                missing = p.args.iter().filter(|n| !s.contexts.iter().any(|c| c.name == **n)).collect();
            }
            if names_only {
                for c in ctxs {
                    out.line(&c.name);
                }
            } else {
                let mut t = String::new();
                if !p.bool("no-headers") {
                    t.push_str("CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n");
                }
                for c in ctxs {
                    let cur = if c.name == s.current_context { "*" } else { "" };
                    t.push_str(&format!("{cur}\t{}\t{}\t{}\t{}\n", c.name, c.cluster, c.user, c.namespace));
                }
                out.print(&tabwriter::table(&t));
            }
            // get_contexts.go prints the table, then one error for the names it did not find.
            if !missing.is_empty() {
                let errs: Vec<String> = missing.iter().map(|n| format!("context {n} not found")).collect();
                return Err(msg(if errs.len() == 1 {
                    errs[0].clone()
                } else {
                    format!("[{}]", errs.join(", "))
                }));
            }
        }
        "use-context" | "use" => {
            let Some(n) = p.args.first() else {
                // cobra.ExactArgs(1): the command's help, then the error.
                out.print(super::help::page("config use-context").unwrap_or_default());
                return Err(msg("Unexpected args: []"));
            };
            if !s.contexts.iter().any(|c| c.name == *n) {
                return Err(msg(format!("no context exists with the name: \"{n}\"")));
            }
            s.current_context = n.clone();
            out.line(&format!("Switched to context \"{n}\"."));
        }
        "set-context" => {
            let name = if p.bool("current") {
                if !p.args.is_empty() {
                    return Err(msg("you cannot specify both a context name and --current"));
                }
                s.current_context.clone()
            } else {
                match p.args.first() {
                    Some(n) => n.clone(),
                    None => return Err(msg("you must specify a non-empty context name or --current")),
                }
            };
            let ns = p.str("namespace").map(String::from);
            let exists = s.contexts.iter().any(|c| c.name == name);
            if !exists {
                s.contexts.push(Context {
                    name: name.clone(),
                    cluster: String::new(),
                    user: String::new(),
                    namespace: String::new(),
                });
            }
            if let Some(c) = s.contexts.iter_mut().find(|c| c.name == name) {
                if let Some(ns) = ns {
                    c.namespace = ns;
                }
                if let Some(cl) = p.str("cluster") {
                    c.cluster = cl.to_string();
                }
                if let Some(u) = p.str("user") {
                    c.user = u.to_string();
                }
            }
            out.line(&format!("Context \"{name}\" {}.", if exists { "modified" } else { "created" }));
        }
        "get-clusters" => {
            out.line("NAME");
            out.line(&crate::session::kubeconfig_name(s.config()));
        }
        "get-users" => {
            out.line("NAME");
            out.line(&crate::session::kubeconfig_name(s.config()));
        }
        "view" => {
            let contexts: Vec<Value> = s
                .contexts
                .iter()
                .map(|c| {
                    let mut ctx = json!({"cluster": c.cluster, "user": c.user});
                    if !c.namespace.is_empty() {
                        ctx["namespace"] = json!(c.namespace);
                    }
                    json!({"context": ctx, "name": c.name})
                })
                .collect();
            let kind = crate::session::kubeconfig_name(s.config());
            let v = json!({
                "apiVersion": "v1",
                "clusters": [{"cluster": {"certificate-authority-data": "DATA+OMITTED", "server": server_url(s)}, "name": kind}],
                "contexts": contexts,
                "current-context": s.current_context,
                "kind": "Config",
                "preferences": {},
                "users": [{"name": kind, "user": {"client-certificate-data": "DATA+OMITTED", "client-key-data": "DATA+OMITTED"}}],
            });
            out.print(&kubeplay_yaml::to_yaml(&v));
        }
        _ => {
            return Err(msg(format!("\"kubectl config {sub}\" is not available in this playground")));
        }
    }
    Ok(())
}
