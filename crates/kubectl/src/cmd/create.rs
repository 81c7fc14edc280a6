//! `kubectl create` (-f, deployment, service, configmap, secret generic, namespace),
//! `kubectl expose` and `kubectl run`. The generated objects match
//! `kubectl.1.33 create … --dry-run=client -o yaml` byte for byte.

use kubeplay_model::resource::lookup;
use kubeplay_model::{Object, ObjectExt};
use serde_json::{json, Map, Value};

use super::apply::last_applied;
use super::common::*;
use super::visit::{add_source_to_err, check_err, one_or_aggregate, visit_files, Item, KErr};
use super::{parse_flags, Ctx};
use crate::flags::{flag, Flag, Kind, Parsed};
use crate::print::{self, DryRun};
use crate::session::Session;

const COMMON: &[Flag] = &[
    flag("output", Some('o'), Kind::Str),
    flag("dry-run", None, Kind::OptStr("unchanged")),
    flag("save-config", None, Kind::Bool),
    flag("validate", None, Kind::OptStr("strict")),
    flag("field-manager", None, Kind::Str),
    flag("template", None, Kind::Str),
    flag("show-managed-fields", None, Kind::Bool),
    flag("allow-missing-template-keys", None, Kind::Bool),
];

fn with_common(extra: &[Flag]) -> Vec<Flag> {
    let mut v = COMMON.to_vec();
    v.extend_from_slice(extra);
    v
}

const CREATE_HELP: &str = "error: must specify one of -f and -k\n";

pub fn run(s: &mut Session, words: &[String], ctx: &Ctx, out: &mut Out) -> Result<(), CmdError> {
    // The subcommand is the first positional word.
    let sub_at = words.iter().position(|w| !w.starts_with('-'));
    let sub = sub_at.map(|i| words[i].as_str());
    let generator = match sub {
        Some("deployment" | "deploy") => Some("deployment"),
        Some("service" | "svc") => Some("service"),
        Some("configmap" | "cm") => Some("configmap"),
        Some("secret") => Some("secret"),
        Some("namespace" | "ns") => Some("namespace"),
        Some("job") => Some("job"),
        _ => None,
    };
    let (Some(g), Some(at)) = (generator, sub_at) else {
        return create_from_files(s, words, ctx, out);
    };
    let mut rest = words.to_vec();
    rest.remove(at);
    match g {
        "deployment" => create_deployment(s, &rest, out),
        "service" => create_service(s, &rest, out),
        "configmap" => create_configmap(s, &rest, out),
        "secret" => create_secret(s, &rest, out),
        "job" => create_job(s, &rest, out),
        _ => create_namespace(s, &rest, out),
    }
}

fn create_from_files(s: &mut Session, words: &[String], ctx: &Ctx, out: &mut Out) -> Result<(), CmdError> {
    let flags = with_common(&[
        flag("filename", Some('f'), Kind::Array),
        flag("recursive", Some('R'), Kind::Bool),
        flag("kustomize", Some('k'), Kind::Str),
        flag("selector", Some('l'), Kind::Str),
        flag("edit", None, Kind::Bool),
        flag("raw", None, Kind::Str),
        flag("windows-line-endings", None, Kind::Bool),
    ]);
    let p = parse_flags("create", words, &flags)?;
    let files = p.all("filename");
    if files.is_empty() {
        if let Some(a) = p.args.first() {
            return Err(CmdError::Help("create".into(), format!("Unexpected args: [{}]", p.args.join(" ")))
                .or_unknown(a));
        }
        return Err(CmdError::Raw(CREATE_HELP.into()));
    }
    let fmt = if p.is_set("output") { Some(output_format(&p, false)?) } else { None };
    let dry = dry_run(s, &p, out)?;
    let ns = namespace(s, &p);
    let visited = visit_files(s, &files, ctx.stdin, p.bool("recursive"), &ns, p.is_set("namespace"))?;
    // create.go visits with ContinueOnError: each object's error is collected in document order,
    // the streams' aggregate (syntax, schema, unknown kinds) comes last.
    let mut errs: Vec<KErr> = Vec::new();
    let mut printed = Vec::new();
    let mut count = 0;
    for item in visited.items {
        let (m, rt, obj_ns) = match item {
            Item::Info(m, rt, obj_ns) => (m, rt, obj_ns),
            Item::Err(e) => {
                errs.push(e);
                continue;
            }
        };
        if let Some(err) = kubeplay_yaml::server_decode_error(&m.doc) {
            errs.push(add_source_to_err("creating", &m.source, kubeplay_model::ApiError::bad_request(err)));
            continue;
        }
        let obj = if p.bool("save-config") { last_applied(&m.obj, rt, &obj_ns).0 } else { m.obj.clone() };
        match submit(s, &obj_ns, obj, "kubectl-create", dry) {
            Ok(o) => {
                count += 1;
                match &fmt {
                    Some(OutputFormat::Name) => out.line(&print::name_line(&o)),
                    Some(_) => printed.push(o),
                    None => out.line(&print::confirmation(&o, "created", dry)),
                }
            }
            Err(e) => errs.push(add_source_to_err("creating", &m.source, e)),
        }
    }
    errs.extend(visited.stream_err);
    if let Some(f) = &fmt {
        if !printed.is_empty() {
            let refs: Vec<&Object> = printed.iter().collect();
            print_objects(f, &refs, refs.len() == 1, out)?;
        }
    }
    match one_or_aggregate(errs) {
        Some(e) => Err(CmdError::Raw(check_err(&e))),
        None if count == 0 => Err(msg("no objects passed to create")),
        None => Ok(()),
    }
}

trait OrUnknown {
    fn or_unknown(self, a: &str) -> CmdError;
}
impl OrUnknown for CmdError {
    fn or_unknown(self, a: &str) -> CmdError {
        if matches!(a, "pod" | "pods" | "po" | "replicaset" | "rs") {
            return CmdError::Help("create".into(), format!("Unexpected args: [{a}]"));
        }
        self
    }
}

/// Sends an object to the server (or not, for client dry run) and returns what to print.
fn submit(
    s: &mut Session,
    ns: &str,
    obj: Object,
    manager: &str,
    dry: DryRun,
) -> Result<Object, kubeplay_model::ApiError> {
    if dry == DryRun::Client {
        return Ok(obj);
    }
    s.cluster_mut().create(ns, obj, manager, dry == DryRun::Server).map(|o| o.as_ref().clone())
}

/// Prints the result of a generator command (`create deployment`, `expose`, `run`, …).
fn finish_generated(
    s: &mut Session,
    p: &Parsed,
    obj: Object,
    op: &str,
    out: &mut Out,
) -> Result<(), CmdError> {
    let fmt = if p.is_set("output") { Some(output_format(p, false)?) } else { None };
    let dry = dry_run(s, p, out)?;
    let ns = namespace(s, p);
    let rt = lookup(obj.kind()).ok_or_else(|| msg("unknown kind"))?;
    let obj = if p.bool("save-config") { last_applied(&obj, rt, &ns).0 } else { obj };
    let obj = if rt.namespaced && dry == DryRun::Client && p.is_set("namespace") {
        let mut o = obj;
        o.meta_mut().insert("namespace".into(), json!(ns));
        o
    } else {
        obj
    };
    let manager = if op == "exposed" {
        "kubectl-expose"
    } else if op == "created" && rt.plural == "pods" {
        "kubectl-run"
    } else {
        "kubectl-create"
    };
    let created = match submit(s, &ns, obj, manager, dry) {
        Ok(o) => o,
        // create_deployment.go and create_job.go wrap the server's error (`%v`: the Status
        // message, not kubectl's Invalid rendering).
        Err(e) if manager == "kubectl-create" && matches!(rt.plural, "deployments" | "jobs") => {
            return Err(msg(format!("failed to create {}: {}", rt.singular, e.message)));
        }
        Err(e) => return Err(e.into()),
    };
    match fmt {
        Some(OutputFormat::Name) => out.line(&print::name_line(&created)),
        Some(f) => print_objects(&f, &[&created], true, out)?,
        None => out.line(&print::confirmation(&created, op, dry)),
    }
    Ok(())
}

/// kubectl's `NameFromCommandArgs`: exactly one word before `--` (the words after it are the
/// container's command, for the generators that take one).
fn one_name(cmd: &str, p: &Parsed) -> Result<String, CmdError> {
    match p.args_len_at_dash.unwrap_or(p.args.len()) {
        1 => Ok(p.args[0].clone()),
        n => Err(CmdError::Help(cmd.into(), format!("exactly one NAME is required, got {n}"))),
    }
}

/// The words after the name (`create deployment web --image=busybox -- sleep 3600`).
fn command_after_name(p: &Parsed) -> Vec<String> {
    p.args.get(1..).map(<[String]>::to_vec).unwrap_or_default()
}

/// The container name `create deployment` derives from an image: the basename without tag or
/// digest; names with `_` or `.` get dashes and a random suffix.
fn container_name(s: &mut Session, image: &str) -> String {
    let no_digest = image.split('@').next().unwrap_or(image);
    let base = no_digest.rsplit('/').next().unwrap_or(no_digest);
    let base = base.split(':').next().unwrap_or(base);
    if base.contains('_') || base.contains('.') {
        let suffix = s.cluster_mut().rng().name_suffix(5);
        format!("{}-{suffix}", base.replace(['_', '.'], "-"))
    } else {
        base.to_string()
    }
}

fn create_deployment(s: &mut Session, words: &[String], out: &mut Out) -> Result<(), CmdError> {
    let flags = with_common(&[
        flag("image", None, Kind::Array),
        flag("replicas", Some('r'), Kind::Int),
        flag("port", None, Kind::Int),
    ]);
    let p = parse_flags("create deployment", words, &flags)?;
    let images = p.all("image");
    if images.is_empty() {
        return Err(msg("required flag(s) \"image\" not set"));
    }
    let name = one_name("create deployment", &p)?;
    let command = command_after_name(&p);
    if images.len() > 1 && !command.is_empty() {
        return Err(msg("cannot specify multiple --image options and command"));
    }
    let port = p.int("port");
    let mut containers = Vec::new();
    for img in &images {
        let mut c = json!({"image": img, "name": container_name(s, img), "resources": {}});
        if !command.is_empty() {
            c["command"] = json!(command);
        }
        if let Some(port) = port {
            if port >= 0 {
                c["ports"] = json!([{"containerPort": port}]);
            }
        }
        containers.push(c);
    }
    if images.len() > 1 && port.is_some() {
        return Err(msg("cannot specify --port with multiple images"));
    }
    let obj = json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"creationTimestamp": null, "labels": {"app": name}, "name": name},
        "spec": {
            "replicas": p.int("replicas").unwrap_or(1),
            "selector": {"matchLabels": {"app": name}},
            "strategy": {},
            "template": {
                "metadata": {"creationTimestamp": null, "labels": {"app": name}},
                "spec": {"containers": containers},
            },
        },
        "status": {},
    });
    finish_generated(s, &p, obj, "created", out)
}

fn create_service(s: &mut Session, words: &[String], out: &mut Out) -> Result<(), CmdError> {
    let sub_at = words.iter().position(|w| !w.starts_with('-'));
    let Some(at) = sub_at else {
        return Err(CmdError::Raw(super::help::page("create service").unwrap_or_default().into()));
    };
    let ty = match words[at].as_str() {
        "clusterip" => "ClusterIP",
        "nodeport" => "NodePort",
        "loadbalancer" => "LoadBalancer",
        "externalname" => "ExternalName",
        _ => {
            let args: Vec<&str> = words.iter().filter(|w| !w.starts_with('-')).map(String::as_str).collect();
            return Err(CmdError::Help(
                "create service".into(),
                format!("unknown command \"{}\"", args.join(" ")),
            ));
        }
    };
    let mut rest = words.to_vec();
    rest.remove(at);
    let cmd = format!("create service {}", ty.to_ascii_lowercase());
    let flags = with_common(&[
        flag("tcp", None, Kind::Array),
        flag("clusterip", None, Kind::Str),
        flag("node-port", None, Kind::Int),
        flag("external-name", None, Kind::Str),
    ]);
    let p = parse_flags(&cmd, &rest, &flags)?;
    let name = one_name(&cmd, &p)?;
    let tcp: Vec<String> =
        p.all("tcp").iter().flat_map(|t| t.split(',').map(String::from).collect::<Vec<_>>()).collect();
    let clusterip = p.str("clusterip");
    let mut spec = Map::new();
    if ty == "ExternalName" {
        let ext = p.str("external-name").ok_or_else(|| msg("required flag(s) \"external-name\" not set"))?;
        spec.insert("externalName".into(), json!(ext));
    } else if tcp.is_empty() && clusterip != Some("None") {
        return Err(msg("at least one tcp port specifier must be provided"));
    }
    let mut ports = Vec::new();
    for t in &tcp {
        let (port, target) = match t.split_once(':') {
            Some((a, b)) => (a, b),
            None => (t.as_str(), t.as_str()),
        };
        let port_n: i64 =
            port.parse().map_err(|_| msg(format!("strconv.Atoi: parsing \"{port}\": invalid syntax")))?;
        let target_v = match target.parse::<i64>() {
            Ok(n) => json!(n),
            Err(_) => json!(target),
        };
        let pname = if port == target { port.to_string() } else { format!("{port}-{target}") };
        let mut pj = json!({"name": pname, "port": port_n, "protocol": "TCP", "targetPort": target_v});
        if let Some(np) = p.int("node-port") {
            if np != 0 {
                pj["nodePort"] = json!(np);
            }
        }
        ports.push(pj);
    }
    if let Some(ip) = clusterip {
        spec.insert("clusterIP".into(), json!(ip));
    }
    if !ports.is_empty() {
        spec.insert("ports".into(), Value::Array(ports));
    }
    if ty != "ExternalName" {
        spec.insert("selector".into(), json!({"app": name}));
    }
    spec.insert("type".into(), json!(ty));
    let obj = json!({
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"creationTimestamp": null, "labels": {"app": name}, "name": name},
        "spec": spec,
        "status": {"loadBalancer": {}},
    });
    finish_generated(s, &p, obj, "created", out)
}

/// `--from-literal` / `--from-file` / `--from-env-file` into a key → value map.
fn data_sources(s: &Session, p: &Parsed) -> Result<Map<String, Value>, CmdError> {
    let mut data = Map::new();
    for f in p.all("from-file") {
        let (key, path) = match f.split_once('=') {
            Some((k, p)) => (k.to_string(), p.to_string()),
            None => (f.rsplit('/').next().unwrap_or(&f).to_string(), f.clone()),
        };
        if let Some(text) = s.files().read(&path) {
            if data.contains_key(&key) {
                return Err(msg(format!("cannot add key {key}, another key by that name already exists in Data for ConfigMap \"\"")));
            }
            data.insert(key, json!(text));
        } else if s.files().is_dir(&path) {
            for fp in s.files().list_dir(&path) {
                let k = fp.rsplit('/').next().unwrap_or(&fp).to_string();
                data.insert(k, json!(s.files().read(&fp).unwrap_or("")));
            }
        } else {
            return Err(msg(format!("error reading {path}: no such file or directory")));
        }
    }
    for l in p.all("from-literal") {
        let Some((k, v)) = l.split_once('=') else {
            return Err(msg(format!("invalid literal source {l}, expected key=value")));
        };
        if data.contains_key(k) {
            return Err(msg(format!(
                "cannot add key {k}, another key by that name already exists in Data for ConfigMap \"\""
            )));
        }
        data.insert(k.to_string(), json!(v));
    }
    for f in p.all("from-env-file") {
        let text =
            s.files().read(&f).ok_or_else(|| msg(format!("error reading {f}: no such file or directory")))?;
        for line in text.lines() {
            let line = line.trim_start();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match line.split_once('=') {
                Some((k, v)) => {
                    data.insert(k.to_string(), json!(v));
                }
                None => {
                    data.insert(line.to_string(), json!(""));
                }
            }
        }
    }
    Ok(data)
}

fn create_configmap(s: &mut Session, words: &[String], out: &mut Out) -> Result<(), CmdError> {
    let flags = with_common(&[
        flag("from-literal", None, Kind::Array),
        flag("from-file", None, Kind::Array),
        flag("from-env-file", None, Kind::Array),
        flag("append-hash", None, Kind::Bool),
    ]);
    let p = parse_flags("create configmap", words, &flags)?;
    let name = one_name("create configmap", &p)?;
    let data = data_sources(s, &p)?;
    let mut obj = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"creationTimestamp": null, "name": name}});
    if !data.is_empty() {
        obj["data"] = Value::Object(data);
    }
    finish_generated(s, &p, obj, "created", out)
}

fn create_secret(s: &mut Session, words: &[String], out: &mut Out) -> Result<(), CmdError> {
    let sub_at = words.iter().position(|w| !w.starts_with('-'));
    let Some(at) = sub_at else {
        return Err(CmdError::Raw(super::help::page("create secret").unwrap_or_default().into()));
    };
    match words[at].as_str() {
        "generic" => {}
        "tls" | "docker-registry" => {
            return Err(msg(format!(
                "\"kubectl create secret {}\" is not available in this playground",
                words[at]
            )));
        }
        _ => {
            let args: Vec<&str> = words.iter().filter(|w| !w.starts_with('-')).map(String::as_str).collect();
            return Err(CmdError::Help(
                "create secret".into(),
                format!("unknown command \"{}\"", args.join(" ")),
            ));
        }
    }
    let mut rest = words.to_vec();
    rest.remove(at);
    let flags = with_common(&[
        flag("from-literal", None, Kind::Array),
        flag("from-file", None, Kind::Array),
        flag("from-env-file", None, Kind::Array),
        flag("type", None, Kind::Str),
        flag("append-hash", None, Kind::Bool),
    ]);
    let p = parse_flags("create secret generic", &rest, &flags)?;
    let name = one_name("create secret generic", &p)?;
    let data = data_sources(s, &p)?;
    let mut obj =
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"creationTimestamp": null, "name": name}});
    if !data.is_empty() {
        let enc: Map<String, Value> = data
            .into_iter()
            .map(|(k, v)| (k, json!(kubeplay_apiserver::base64::encode(v.as_str().unwrap_or("").as_bytes()))))
            .collect();
        obj["data"] = Value::Object(enc);
    }
    if let Some(t) = p.str("type") {
        obj["type"] = json!(t);
    }
    finish_generated(s, &p, obj, "created", out)
}

/// `kubectl create job NAME --image=I [-- COMMAND…]` or `--from=cronjob/NAME` (dry runs only).
fn create_job(s: &mut Session, words: &[String], out: &mut Out) -> Result<(), CmdError> {
    let flags = with_common(&[flag("image", None, Kind::Str), flag("from", None, Kind::Str)]);
    let p = parse_flags("create job", words, &flags)?;
    let name = one_name("create job", &p)?;
    let command = command_after_name(&p);
    let (image, from) = (p.str("image").filter(|i| !i.is_empty()), p.str("from").filter(|f| !f.is_empty()));
    if image.is_some() == from.is_some() {
        return Err(msg("either --image or --from must be specified"));
    }
    if !command.is_empty() && from.is_some() {
        return Err(msg("cannot specify --from and command"));
    }
    let obj = match image {
        Some(image) => {
            let mut c = json!({"image": image, "name": name, "resources": {}});
            if !command.is_empty() {
                c["command"] = json!(command);
            }
            json!({
                "apiVersion": "batch/v1",
                "kind": "Job",
                "metadata": {"creationTimestamp": null, "name": name},
                "spec": {"template": {
                    "metadata": {"creationTimestamp": null},
                    "spec": {"containers": [c], "restartPolicy": "Never"},
                }},
                "status": {},
            })
        }
        None => {
            let ns = namespace(s, &p);
            let tns = parse_resource_args(&[from.unwrap_or_default().to_string()])?;
            let cronjob = match tns.first() {
                Some(tn) if tn.rt.kind == "CronJob" && tn.names.len() == 1 => {
                    get(s, tn.rt, &ns, &tn.names[0])?
                }
                Some(tn) if tn.names.len() == 1 => {
                    return Err(msg(format!("unknown object type *v1.{}", tn.rt.kind)));
                }
                _ => return Err(msg("from must be an existing cronjob")),
            };
            job_from_cronjob(&name, &cronjob)
        }
    };
    // No Job controller runs Jobs here: a created Job would sit without pods, so only the dry
    // runs (which show what kubectl would send) are offered.
    if matches!(p.str("dry-run"), None | Some("none") | Some("false")) {
        return Err(msg(
            "Jobs are not run in this playground: \"kubectl create job\" works with --dry-run=client or --dry-run=server only",
        ));
    }
    finish_generated(s, &p, obj, "created", out)
}

/// create_job.go's `createJobFromCronJob`: the CronJob's job template, marked as instantiated by
/// hand and owned by the CronJob.
fn job_from_cronjob(name: &str, cronjob: &Object) -> Object {
    let mut annotations = Map::new();
    annotations.insert("cronjob.kubernetes.io/instantiate".into(), json!("manual"));
    if let Some(a) = cronjob.at("spec.jobTemplate.metadata.annotations").and_then(Value::as_object) {
        annotations.extend(a.clone());
    }
    let mut meta = json!({
        "annotations": annotations,
        "creationTimestamp": null,
        "name": name,
        "ownerReferences": [{
            "apiVersion": "batch/v1",
            "controller": true,
            "kind": "CronJob",
            "name": cronjob.name(),
            "uid": cronjob.uid(),
        }],
    });
    if let Some(l) = cronjob.at("spec.jobTemplate.metadata.labels") {
        meta["labels"] = l.clone();
    }
    let spec = cronjob.at("spec.jobTemplate.spec").cloned().unwrap_or_else(|| json!({}));
    json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": meta, "spec": spec, "status": {}})
}

fn create_namespace(s: &mut Session, words: &[String], out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("create namespace", words, COMMON)?;
    let name = one_name("create namespace", &p)?;
    let obj = json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"creationTimestamp": null, "name": name}, "spec": {}, "status": {}});
    finish_generated(s, &p, obj, "created", out)
}

pub const EXPOSE_FLAGS: &[Flag] = &[
    flag("port", None, Kind::Str),
    flag("target-port", None, Kind::Str),
    flag("type", None, Kind::Str),
    flag("name", None, Kind::Str),
    flag("protocol", None, Kind::Str),
    flag("selector", None, Kind::Str),
    flag("labels", Some('l'), Kind::Str),
    flag("external-ip", None, Kind::Str),
    flag("cluster-ip", None, Kind::Str),
    flag("load-balancer-ip", None, Kind::Str),
    flag("session-affinity", None, Kind::Str),
    flag("filename", Some('f'), Kind::Array),
    flag("output", Some('o'), Kind::Str),
    flag("dry-run", None, Kind::OptStr("unchanged")),
    flag("save-config", None, Kind::Bool),
    flag("override-type", None, Kind::Str),
    flag("overrides", None, Kind::Str),
    flag("field-manager", None, Kind::Str),
    flag("template", None, Kind::Str),
    flag("allow-missing-template-keys", None, Kind::Bool),
];

const NEED_RESOURCES: &str = "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n";

/// `kubectl expose deployment web --port=80 [--target-port=8080] [--type=NodePort] [--name=x]`.
pub fn run_expose(s: &mut Session, words: &[String], out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("expose", words, EXPOSE_FLAGS)?;
    if p.args.is_empty() {
        return Err(CmdError::Raw(NEED_RESOURCES.into()));
    }
    let tns = parse_resource_args(&p.args)?;
    let ns = namespace(s, &p);
    let Some(tn) = tns.first() else {
        return Err(CmdError::Raw(NEED_RESOURCES.into()));
    };
    let Some(name) = tn.names.first() else {
        return Err(msg("resource(s) were provided, but no name was specified"));
    };
    let src = get(s, tn.rt, &ns, name)?;
    let kind = tn.rt.kind;
    if !matches!(kind, "Deployment" | "ReplicaSet" | "Pod" | "Service" | "ReplicationController") {
        return Err(msg(format!("cannot expose a {kind}")));
    }
    // Selector: --selector, or introspected from the object.
    let selector: Map<String, Value> = match p.str("selector") {
        Some(sel) => {
            let mut m = Map::new();
            for part in sel.split(',') {
                if let Some((k, v)) = part.split_once('=') {
                    m.insert(k.to_string(), json!(v));
                }
            }
            m
        }
        None => {
            let sel = match kind {
                "Pod" => src.at("metadata.labels").cloned(),
                "Service" => src.at("spec.selector").cloned(),
                _ => {
                    if src
                        .at("spec.selector.matchExpressions")
                        .and_then(Value::as_array)
                        .is_some_and(|a| !a.is_empty())
                    {
                        return Err(msg(format!(
                            "couldn't retrieve selectors via --selector flag or introspection: {}s.apps \"{name}\" contains selector matchExpressions, which cannot be converted to a label selector",
                            kind.to_ascii_lowercase()
                        )));
                    }
                    src.at("spec.selector.matchLabels").cloned()
                }
            };
            match sel.and_then(|v| v.as_object().cloned()) {
                Some(m) if !m.is_empty() => m,
                _ => {
                    return Err(msg(format!(
                    "couldn't retrieve selectors via --selector flag or introspection: the {} has no labels",
                    kind.to_ascii_lowercase()
                )))
                }
            }
        }
    };
    // Ports: --port, or introspected from the containers / the service.
    let protocol = p.str("protocol");
    let mut ports: Vec<Value> = Vec::new();
    if let Some(port) = p.str("port") {
        let n: i64 =
            port.parse().map_err(|_| msg(format!("strconv.Atoi: parsing \"{port}\": invalid syntax")))?;
        ports.push(json!({"port": n, "protocol": protocol.unwrap_or("TCP")}));
    } else {
        let found: Vec<(i64, String, Option<String>)> = match kind {
            "Service" => src
                .at("spec.ports")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|p| {
                            (
                                p.i64_at("port").unwrap_or(0),
                                p.str_at("protocol").unwrap_or("TCP").to_string(),
                                p.str_at("name").map(String::from),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
            _ => {
                let path = if kind == "Pod" { "spec.containers" } else { "spec.template.spec.containers" };
                src.at(path)
                    .and_then(Value::as_array)
                    .map(|cs| {
                        cs.iter()
                            .flat_map(|c| {
                                c.get("ports").and_then(Value::as_array).cloned().unwrap_or_default()
                            })
                            .map(|p| {
                                (
                                    p.i64_at("containerPort").unwrap_or(0),
                                    p.str_at("protocol").unwrap_or("TCP").to_string(),
                                    p.str_at("name").map(String::from),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            }
        };
        if found.is_empty() {
            return Err(msg("couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples"));
        }
        let multi = found.len() > 1;
        for (i, (port, proto, pname)) in found.into_iter().enumerate() {
            let mut pj = json!({"port": port, "protocol": protocol.map(String::from).unwrap_or(proto)});
            if multi {
                pj["name"] = json!(pname.unwrap_or_else(|| format!("port-{}", i + 1)));
            }
            ports.push(pj);
        }
    }
    for pj in ports.iter_mut() {
        let target = match p.str("target-port") {
            Some(t) => match t.parse::<i64>() {
                Ok(n) => json!(n),
                Err(_) => json!(t),
            },
            None => pj["port"].clone(),
        };
        pj["targetPort"] = target;
    }
    let svc_name = p.str("name").map(String::from).unwrap_or_else(|| name.clone());
    let mut meta = json!({"creationTimestamp": null, "name": svc_name});
    let labels = match p.str("labels") {
        Some(l) => {
            let mut m = Map::new();
            for part in l.split(',') {
                if let Some((k, v)) = part.split_once('=') {
                    m.insert(k.to_string(), json!(v));
                }
            }
            Some(Value::Object(m))
        }
        None => src.at("metadata.labels").cloned(),
    };
    if let Some(l) = labels {
        meta["labels"] = l;
    }
    let mut spec = json!({"ports": ports, "selector": selector});
    if let Some(t) = p.str("type") {
        let ty = match t.to_ascii_lowercase().as_str() {
            "clusterip" => "ClusterIP",
            "nodeport" => "NodePort",
            "loadbalancer" => "LoadBalancer",
            "externalname" => "ExternalName",
            _ => return Err(msg(format!("invalid service type: {t}"))),
        };
        spec["type"] = json!(ty);
    }
    if let Some(ip) = p.str("cluster-ip") {
        spec["clusterIP"] = json!(ip);
    }
    if let Some(a) = p.str("session-affinity") {
        spec["sessionAffinity"] = json!(a);
    }
    let obj = json!({"apiVersion": "v1", "kind": "Service", "metadata": meta, "spec": spec, "status": {"loadBalancer": {}}});
    finish_generated(s, &p, obj, "exposed", out)
}

pub const RUN_FLAGS: &[Flag] = &[
    flag("image", None, Kind::Str),
    flag("port", None, Kind::Str),
    flag("labels", Some('l'), Kind::Str),
    flag("env", None, Kind::Array),
    flag("restart", None, Kind::Str),
    flag("command", None, Kind::Bool),
    flag("rm", None, Kind::Bool),
    flag("stdin", Some('i'), Kind::Bool),
    flag("tty", Some('t'), Kind::Bool),
    flag("attach", None, Kind::Bool),
    flag("leave-stdin-open", None, Kind::Bool),
    flag("quiet", Some('q'), Kind::Bool),
    flag("expose", None, Kind::Bool),
    flag("overrides", None, Kind::Str),
    flag("annotations", None, Kind::Array),
    flag("image-pull-policy", None, Kind::Str),
    flag("privileged", None, Kind::Bool),
    flag("output", Some('o'), Kind::Str),
    flag("dry-run", None, Kind::OptStr("unchanged")),
    flag("save-config", None, Kind::Bool),
    flag("field-manager", None, Kind::Str),
    flag("template", None, Kind::Str),
    flag("allow-missing-template-keys", None, Kind::Bool),
    flag("pod-running-timeout", None, Kind::Str),
];

/// `kubectl run NAME --image=I [--port=P] [--labels=k=v] [--env=K=V] [--restart=Never] [-- args]`.
pub fn run_run(s: &mut Session, words: &[String], out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("run", words, RUN_FLAGS)?;
    let Some(image) = p.str("image") else {
        return Err(msg("required flag(s) \"image\" not set"));
    };
    let name_args = p.args_len_at_dash.unwrap_or(p.args.len());
    if name_args == 0 {
        return Err(CmdError::Help("run".into(), "NAME is required for run".into()));
    }
    let name = p.args[0].clone();
    let extra: Vec<String> = p.args[1..].to_vec();
    let attach = super::attach::validate(&p, p.is_set("dry-run") && p.str("dry-run") != Some("none"))?;
    let labels: Value = match p.str("labels") {
        Some(l) => {
            let mut m = Map::new();
            for part in l.split(',') {
                let Some((k, v)) = part.split_once('=') else {
                    return Err(msg(format!("invalid label spec: {part}")));
                };
                m.insert(k.to_string(), json!(v));
            }
            Value::Object(m)
        }
        None => json!({"run": name}),
    };
    let mut c = json!({"image": image, "name": name, "resources": {}});
    if !extra.is_empty() {
        if p.bool("command") {
            c["command"] = json!(extra);
        } else {
            c["args"] = json!(extra);
        }
    }
    super::attach::set_stdin_fields(&mut c, &p);
    let env = p.all("env");
    if !env.is_empty() {
        let list: Vec<Value> = env
            .iter()
            .map(|e| match e.split_once('=') {
                Some((k, v)) => json!({"name": k, "value": v}),
                None => json!({"name": e}),
            })
            .collect();
        c["env"] = Value::Array(list);
    }
    if let Some(pp) = p.str("image-pull-policy") {
        c["imagePullPolicy"] = json!(pp);
    }
    if let Some(port) = p.str("port") {
        let n: i64 =
            port.parse().map_err(|_| msg(format!("strconv.Atoi: parsing \"{port}\": invalid syntax")))?;
        c["ports"] = json!([{"containerPort": n}]);
    }
    let restart = match p.str("restart").unwrap_or("Always") {
        "Always" => "Always",
        "OnFailure" => "OnFailure",
        "Never" => "Never",
        other => return Err(msg(format!("invalid restart policy: {other}"))),
    };
    let mut meta = json!({"creationTimestamp": null, "labels": labels, "name": name});
    let ann = p.all("annotations");
    if !ann.is_empty() {
        let mut m = Map::new();
        for a in ann {
            if let Some((k, v)) = a.split_once('=') {
                m.insert(k.to_string(), json!(v));
            }
        }
        meta["annotations"] = Value::Object(m);
    }
    let obj = json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": meta,
        "spec": {"containers": [c], "dnsPolicy": "ClusterFirst", "restartPolicy": restart},
        "status": {},
    });
    if attach {
        return super::attach::run_attached(s, &p, obj, out);
    }
    finish_generated(s, &p, obj, "created", out)
}
