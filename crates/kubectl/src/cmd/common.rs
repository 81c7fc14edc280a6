//! Helpers every verb shares: output accumulation, kubectl's error shapes, resource arguments
//! (`pods`, `deploy/web`, `pods,svc web`), namespaces, dry-run, output formats and manifests.

use std::sync::Arc;

use kubeplay_model::resource::{lookup, ResourceType, RESOURCES};
use kubeplay_model::{ApiError, LabelSelector, Object, ObjectExt};
use serde_json::Value;

use crate::flags::Parsed;
use crate::print::DryRun;
use crate::session::{Output, Session, StreamId};

/// What a command prints, in order, and whether it failed.
#[derive(Default)]
pub struct Out {
    pub text: String,
    pub failed: bool,
    /// An explicit exit code (exec passes the remote command's through).
    pub code: Option<i32>,
    pub stream: Option<StreamId>,
}

impl Out {
    pub fn print(&mut self, s: &str) {
        self.text.push_str(s);
    }
    pub fn line(&mut self, s: &str) {
        self.text.push_str(s);
        self.text.push('\n');
    }
    /// `error: <msg>` and exit 1, but the command continues (kubectl aggregates per-object errors).
    pub fn error(&mut self, msg: &str) {
        self.line(&format!("error: {msg}"));
        self.failed = true;
    }
    /// An API error as kubectl prints it; the command continues.
    pub fn api_error(&mut self, e: &ApiError, file_ctx: &str) {
        self.line(&e.kubectl_message(file_ctx));
        self.failed = true;
    }
    pub fn finish(mut self, res: Result<(), CmdError>) -> Output {
        if let Err(e) = res {
            self.text.push_str(&e.render());
            self.failed = true;
        }
        let exit_code = self.code.unwrap_or(if self.failed { 1 } else { 0 });
        Output { text: self.text, exit_code, stream: self.stream }
    }
}

/// A command's fatal error.
#[derive(Debug, Clone, PartialEq)]
pub enum CmdError {
    /// `error: <msg>`
    Msg(String),
    /// `error: <msg>\nSee 'kubectl <cmd> --help' for usage.` (flag errors)
    Usage(String, String),
    /// `error: <msg>\nSee 'kubectl <cmd> -h' for help and examples` (argument errors)
    Help(String, String),
    /// Printed exactly.
    Raw(String),
    Api(ApiError),
}

impl CmdError {
    pub fn render(&self) -> String {
        match self {
            CmdError::Msg(m) => format!("error: {m}\n"),
            CmdError::Usage(cmd, m) => format!("error: {m}\nSee 'kubectl {cmd} --help' for usage.\n"),
            CmdError::Help(cmd, m) => format!("error: {m}\nSee 'kubectl {cmd} -h' for help and examples\n"),
            CmdError::Raw(s) => s.clone(),
            CmdError::Api(e) => format!("{}\n", e.kubectl_message("")),
        }
    }
}

impl From<ApiError> for CmdError {
    fn from(e: ApiError) -> Self {
        CmdError::Api(e)
    }
}

pub fn msg(s: impl Into<String>) -> CmdError {
    CmdError::Msg(s.into())
}

/// The namespace a command works in: `-n`, else the context's.
pub fn namespace(s: &Session, p: &Parsed) -> String {
    match p.str("namespace") {
        Some(n) if !n.is_empty() => n.to_string(),
        _ => s.namespace(),
    }
}

/// Resolves a type argument: `pods`, `po`, `deployments.apps`, `Deployment`.
pub fn resolve_type(name: &str) -> Result<&'static ResourceType, CmdError> {
    lookup(name).ok_or_else(|| msg(format!("the server doesn't have a resource type \"{name}\"")))
}

/// Types `kubectl get all` expands to, in the order it prints them.
pub fn all_types() -> Vec<&'static ResourceType> {
    RESOURCES.iter().filter(|r| r.in_category("all")).collect()
}

/// One resource request from the arguments: a type and the names asked for (empty: all).
#[derive(Clone, Debug)]
pub struct TypeNames {
    pub rt: &'static ResourceType,
    pub names: Vec<String>,
}

/// Parses resource arguments as kubectl's builder does (`ResourceTypeOrNameArgs`):
/// `TYPE[,TYPE…] [NAME…]`, or `TYPE/NAME…` for every argument.
pub fn parse_resource_args(args: &[String]) -> Result<Vec<TypeNames>, CmdError> {
    if args.is_empty() {
        return Ok(Vec::new());
    }
    if args.iter().any(|a| a.contains('/')) {
        let mut out: Vec<TypeNames> = Vec::new();
        for a in args {
            let Some((t, n)) = a.split_once('/') else {
                return Err(msg(
                    "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
                ));
            };
            if n.is_empty() {
                return Err(msg("arguments in resource/name form must have a single resource and name"));
            }
            let rt = resolve_type(t)?;
            match out.iter_mut().find(|tn| tn.rt.plural == rt.plural) {
                Some(tn) => tn.names.push(n.to_string()),
                None => out.push(TypeNames { rt, names: vec![n.to_string()] }),
            }
        }
        // Keep argument order per type but group like kubectl's visitor does.
        return Ok(out);
    }
    let mut types = Vec::new();
    for t in args[0].split(',').filter(|t| !t.is_empty()) {
        if t.eq_ignore_ascii_case("all") {
            for rt in all_types() {
                types.push(rt);
            }
            continue;
        }
        types.push(resolve_type(t)?);
    }
    let names: Vec<String> = args[1..].to_vec();
    Ok(types.into_iter().map(|rt| TypeNames { rt, names: names.clone() }).collect())
}

/// `--dry-run` as kubectl reads it.
pub fn dry_run(s: &Session, p: &Parsed, out: &mut Out) -> Result<DryRun, CmdError> {
    match p.str("dry-run") {
        None | Some("none") | Some("false") => Ok(DryRun::None),
        Some("client") => Ok(DryRun::Client),
        Some("server") => Ok(DryRun::Server),
        Some("unchanged") | Some("true") => {
            out.line(&klog_warning(
                s,
                "helpers.go:703",
                "--dry-run is deprecated and can be replaced with --dry-run=client.",
            ));
            Ok(DryRun::Client)
        }
        Some(v) => {
            Err(msg(format!("Invalid dry-run value ({v}). Must be \"none\", \"server\", or \"client\".")))
        }
    }
}

/// A klog warning line as kubectl writes it to stderr (`W0301 10:00:00.000000       1 file.go:N] msg`).
pub fn klog_warning(s: &Session, at: &str, m: &str) -> String {
    let t = s.cluster().now().to_rfc3339();
    // 2025-03-01T10:00:00Z → 0301 10:00:00
    let mmdd = format!("{}{}", t.get(5..7).unwrap_or("01"), t.get(8..10).unwrap_or("01"));
    let hms = t.get(11..19).unwrap_or("00:00:00");
    format!("W{mmdd} {hms}.000000       1 {at}] {m}")
}

/// The `-l` selector, parsed (kubectl's own error text for bad syntax).
pub fn selector(p: &Parsed) -> Result<Option<LabelSelector>, CmdError> {
    match p.str("selector") {
        None => Ok(None),
        Some(s) => LabelSelector::parse(s).map(Some).map_err(msg),
    }
}

/// `--field-selector`: `a=b,c!=d` over the fields the API server supports.
#[derive(Clone, Debug, Default)]
pub struct FieldSelector {
    reqs: Vec<(String, bool, String)>,
}

impl FieldSelector {
    pub fn parse(s: &str, rt: &ResourceType) -> Result<FieldSelector, CmdError> {
        let mut reqs = Vec::new();
        for part in s.split(',').filter(|p| !p.is_empty()) {
            let (k, eq, v) = if let Some((k, v)) = part.split_once("!=") {
                (k, false, v)
            } else if let Some((k, v)) = part.split_once("==") {
                (k, true, v)
            } else if let Some((k, v)) = part.split_once('=') {
                (k, true, v)
            } else {
                return Err(msg(format!("invalid selector: '{s}'; can't understand '{part}'")));
            };
            let k = k.trim();
            let supported = matches!(k, "metadata.name" | "metadata.namespace")
                || (rt.plural == "pods"
                    && matches!(
                        k,
                        "spec.nodeName"
                            | "spec.restartPolicy"
                            | "spec.schedulerName"
                            | "spec.serviceAccountName"
                            | "status.phase"
                            | "status.podIP"
                            | "status.nominatedNodeName"
                            | "spec.hostNetwork"
                    ))
                || (rt.plural == "events"
                    && (k.starts_with("involvedObject.")
                        || matches!(k, "reason" | "type" | "source" | "reportingComponent")))
                || (rt.plural == "secrets" && k == "type")
                || (rt.plural == "nodes" && k == "spec.unschedulable")
                || (rt.plural == "namespaces" && k == "status.phase")
                || (rt.plural == "replicasets" && k == "status.replicas");
            if !supported {
                return Err(CmdError::Api(ApiError::bad_request(format!(
                    "Unable to find \"{}, Resource={}\" that match label selector \"\", field selector \"{s}\": field label not supported: {k}",
                    if rt.group.is_empty() { format!("/{}", rt.version) } else { format!("{}/{}", rt.group, rt.version) },
                    rt.plural
                ))));
            }
            reqs.push((k.to_string(), eq, v.trim().to_string()));
        }
        Ok(FieldSelector { reqs })
    }

    pub fn matches(&self, o: &Object) -> bool {
        self.reqs.iter().all(|(k, eq, v)| {
            let actual = match o.at(k) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Bool(b)) => b.to_string(),
                Some(Value::Number(n)) => n.to_string(),
                _ => String::new(),
            };
            (actual == *v) == *eq
        })
    }
}

/// Lists objects of a type in a namespace (`None`: all namespaces / cluster-scoped).
pub fn list(s: &Session, rt: &ResourceType, ns: Option<&str>) -> Vec<Arc<Object>> {
    let ns = if rt.namespaced { ns } else { None };
    s.cluster().api().list(rt.plural, ns)
}

/// Gets one object; `ns` ignored for cluster-scoped types.
pub fn get(s: &Session, rt: &ResourceType, ns: &str, name: &str) -> Result<Arc<Object>, ApiError> {
    let ns = if rt.namespaced { ns } else { "" };
    s.cluster().api().get(rt.plural, ns, name)
}

/// The `No resources found in <ns> namespace.` line.
pub fn no_resources(ns: Option<&str>, namespaced: bool) -> String {
    match ns {
        Some(n) if namespaced => format!("No resources found in {n} namespace.\n"),
        _ => "No resources found\n".to_string(),
    }
}

/// Output formats kubectl accepts for `-o`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    Wide,
    Yaml,
    Json,
    Name,
    /// Template and `--allow-missing-template-keys` (kubectl's default: true).
    JsonPath(String, bool),
    JsonPathAsJson(String, bool),
    CustomColumns(String),
    GoTemplate(String, bool),
}

pub const GET_FORMATS: &str = "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml";
pub const OBJ_FORMATS: &str = "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml";

/// Parses `-o`. `table_ok` is false for commands that print objects only (create, apply, …).
pub fn output_format(p: &Parsed, table_ok: bool) -> Result<OutputFormat, CmdError> {
    let Some(o) = p.str("output") else {
        return Ok(OutputFormat::Table);
    };
    let (name, arg) = match o.split_once('=') {
        Some((n, a)) => (n, Some(a.to_string())),
        None => (o, None),
    };
    let template = || arg.clone().or_else(|| p.str("template").map(String::from)).unwrap_or_default();
    let allow_missing = p.bool_or("allow-missing-template-keys", true);
    let f = match name {
        "" if table_ok => OutputFormat::Table,
        "wide" if table_ok => OutputFormat::Wide,
        "yaml" => OutputFormat::Yaml,
        "json" => OutputFormat::Json,
        "name" => OutputFormat::Name,
        "jsonpath" => OutputFormat::JsonPath(template(), allow_missing),
        "jsonpath-as-json" => OutputFormat::JsonPathAsJson(template(), allow_missing),
        "custom-columns" if table_ok => OutputFormat::CustomColumns(template()),
        "go-template" | "template" => OutputFormat::GoTemplate(template(), allow_missing),
        _ => {
            let allowed = if table_ok { GET_FORMATS } else { OBJ_FORMATS };
            return Err(msg(format!(
                "unable to match a printer suitable for the output format \"{o}\", allowed formats are: {allowed}"
            )));
        }
    };
    if let OutputFormat::JsonPath(t, _)
    | OutputFormat::JsonPathAsJson(t, _)
    | OutputFormat::GoTemplate(t, _) = &f
    {
        if t.is_empty() {
            return Err(msg("template format specified but no template given"));
        }
    }
    if let OutputFormat::CustomColumns(t) = &f {
        if t.is_empty() {
            return Err(msg("custom-columns format specified but no custom columns given"));
        }
    }
    Ok(f)
}

/// Prints objects in a non-table format (`-o yaml|json|name|jsonpath|go-template`). `single`:
/// one object asked for by name (no List wrapper).
pub fn print_objects(
    f: &OutputFormat,
    objs: &[&Object],
    single: bool,
    out: &mut Out,
) -> Result<(), CmdError> {
    use crate::print;
    match f {
        OutputFormat::Yaml => out.print(&print::to_yaml_output(objs, single)),
        OutputFormat::Json => out.print(&print::to_json_output(objs, single)),
        OutputFormat::Name => {
            for o in objs {
                out.line(&print::name_line(o));
            }
        }
        OutputFormat::JsonPath(t, allow)
        | OutputFormat::JsonPathAsJson(t, allow)
        | OutputFormat::GoTemplate(t, allow) => {
            let data = print::yaml_json::printable(objs, single);
            let r = match f {
                OutputFormat::JsonPath(..) => print::jsonpath(t, &data, *allow),
                OutputFormat::JsonPathAsJson(..) => print::jsonpath_as_json(t, &data, *allow),
                _ => print::go_template(t, &data, *allow),
            };
            match r {
                Ok(text) => out.print(&text),
                Err(e) => return Err(msg(e)),
            }
        }
        OutputFormat::CustomColumns(spec) => match print::custom_columns(spec, objs, false) {
            Ok(text) => out.print(&text),
            Err(e) => return Err(msg(e)),
        },
        OutputFormat::Table | OutputFormat::Wide => {}
    }
    Ok(())
}

/// One manifest document with where it came from (`-f` source name as kubectl prints it).
#[derive(Clone, Debug)]
pub struct Manifest {
    pub source: String,
    pub obj: Object,
    pub doc: kubeplay_yaml::Document,
}

/// Reads `-f` arguments: files, directories (their `.yaml`/`.yml`/`.json` files, sorted), `-`.
/// A YAML syntax error stops everything with kubectl's message.
pub fn read_manifests(
    s: &Session,
    filenames: &[String],
    stdin: Option<&str>,
    recursive: bool,
) -> Result<Vec<Manifest>, CmdError> {
    let mut out = Vec::new();
    for (name, text) in read_sources(s, filenames, stdin, recursive)? {
        let (docs, diags) = kubeplay_yaml::parse_documents(&text);
        if let Some(d) = diags.iter().find(|d| d.severity == kubeplay_yaml::Severity::Error) {
            return Err(CmdError::Raw(format!("{}\n", kubeplay_yaml::kubectl_parse_error(&name, d))));
        }
        for doc in docs {
            if doc.value.is_null() {
                continue;
            }
            out.push(Manifest { source: name.clone(), obj: doc.value.clone(), doc });
        }
    }
    Ok(out)
}

/// The `-f` sources as `(name kubectl shows, text)`, in kubectl's order; a path that does not
/// exist is fatal before anything is read.
pub fn read_sources(
    s: &Session,
    filenames: &[String],
    stdin: Option<&str>,
    recursive: bool,
) -> Result<Vec<(String, String)>, CmdError> {
    let mut sources: Vec<(String, String)> = Vec::new();
    for f in filenames {
        if f == "-" {
            sources.push(("STDIN".to_string(), stdin.unwrap_or("").to_string()));
        } else if f.starts_with("http://") || f.starts_with("https://") {
            return Err(msg(format!(
                "unable to read URL \"{f}\", server reported 404 Not Found, status code=404"
            )));
        } else if let Some(text) = s.files().read(f) {
            sources.push((f.clone(), text.to_string()));
        } else if s.files().is_dir(f) {
            let mut paths = Vec::new();
            collect_dir(s, f, recursive, &mut paths);
            for p in paths {
                let text = s.files().read(&p).unwrap_or("").to_string();
                let shown = display_path(f, &p);
                sources.push((shown, text));
            }
        } else {
            return Err(msg(format!("the path \"{f}\" does not exist")));
        }
    }
    Ok(sources)
}

fn collect_dir(s: &Session, dir: &str, recursive: bool, out: &mut Vec<String>) {
    let files = s.files().paths();
    let base = crate::files::normalize(dir);
    let prefix = if base.is_empty() { String::new() } else { format!("{base}/") };
    for p in files {
        let Some(rest) = p.strip_prefix(&prefix) else { continue };
        if rest.contains('/') && !recursive {
            continue;
        }
        if p.ends_with(".yaml") || p.ends_with(".yml") || p.ends_with(".json") {
            out.push(p);
        }
    }
}

/// kubectl shows directory entries joined to the argument as written (`k8s/web.yaml`).
fn display_path(arg: &str, full: &str) -> String {
    let base = crate::files::normalize(arg);
    let rest = if base.is_empty() { full } else { full.strip_prefix(&format!("{base}/")).unwrap_or(full) };
    if arg.ends_with('/') {
        format!("{arg}{rest}")
    } else {
        format!("{arg}/{rest}")
    }
}

/// kubectl's client-side schema check (`getObjectKind`): apiVersion and kind must be set
/// strings, aggregated as `[e1, e2]` when both are wrong. It ends the file's stream.
pub fn manifest_schema_error(m: &Manifest) -> Option<String> {
    let what = match &m.obj {
        serde_json::Value::Object(o) => {
            let mut errs = Vec::new();
            match o.get("apiVersion") {
                None | Some(serde_json::Value::Null) => errs.push("apiVersion not set"),
                Some(serde_json::Value::String(_)) => {}
                Some(_) => errs.push("apiVersion isn't string type"),
            }
            match o.get("kind") {
                None | Some(serde_json::Value::Null) => errs.push("kind not set"),
                Some(serde_json::Value::String(_)) => {}
                Some(_) => errs.push("kind isn't string type"),
            }
            match errs.len() {
                // Both present as (empty) strings: the REST mapping reports it.
                0 => None,
                1 => Some(errs[0].to_string()),
                _ => Some(format!("[{}]", errs.join(", "))),
            }
        }
        _ => Some("invalid object to validate".to_string()),
    }?;
    Some(format!(
        "error validating \"{}\": error validating data: {what}; if you choose to ignore these errors, turn validation off with --validate=false",
        m.source
    ))
}

/// The resource type of a manifest object, or kubectl's error for an unknown kind.
pub fn manifest_type(m: &Manifest) -> Result<&'static ResourceType, String> {
    if let Some(e) = manifest_schema_error(m) {
        return Err(e);
    }
    let av = m.obj.api_version();
    let kind = m.obj.kind();
    kubeplay_model::resource::by_kind(av, kind).ok_or_else(|| {
        let (group, version) = match av.split_once('/') {
            Some((g, v)) => (g.to_string(), v.to_string()),
            None => (String::new(), av.to_string()),
        };
        format!(
            "resource mapping not found for name: \"{}\" namespace: \"{}\" from \"{}\": no matches for kind \"{kind}\" in version \"{}{version}\"\nensure CRDs are installed first",
            m.obj.name(),
            m.obj.namespace(),
            m.source,
            if group.is_empty() { String::new() } else { format!("{group}/") }
        )
    })
}

/// Checks a manifest's namespace against the `-n` namespace (kubectl's client-side check).
pub fn manifest_namespace(
    m: &Manifest,
    rt: &ResourceType,
    ns: &str,
    explicit_ns: bool,
) -> Result<String, String> {
    if !rt.namespaced {
        return Ok(String::new());
    }
    let own = m.obj.namespace();
    if own.is_empty() {
        return Ok(ns.to_string());
    }
    if explicit_ns && own != ns {
        return Err(format!(
            "the namespace from the provided object \"{own}\" does not match the namespace \"{ns}\". You must pass '--namespace={own}' to perform this operation."
        ));
    }
    Ok(own.to_string())
}

/// `kind.group/name` for messages about an object given by type and name.
pub fn kind_name(rt: &ResourceType, name: &str) -> String {
    format!("{}/{name}", rt.qualified_kind_lower())
}

/// Finds objects for `TYPE NAME…`, `-l`, `--all`, or the whole type; NotFound errors are
/// printed and the rest continue (kubectl's visitor behaviour).
pub fn select_objects(
    s: &Session,
    tns: &[TypeNames],
    ns: Option<&str>,
    sel: Option<&LabelSelector>,
    out: &mut Out,
) -> Vec<(&'static ResourceType, Arc<Object>)> {
    let mut res = Vec::new();
    for tn in tns {
        if tn.names.is_empty() {
            for o in list(s, tn.rt, ns) {
                if sel.is_none_or(|l| l.matches_object(&o)) {
                    res.push((tn.rt, o));
                }
            }
        } else {
            for n in &tn.names {
                match get(s, tn.rt, ns.unwrap_or("default"), n) {
                    Ok(o) => res.push((tn.rt, o)),
                    Err(e) => out.api_error(&e, ""),
                }
            }
        }
    }
    res
}
