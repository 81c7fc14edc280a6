//! `kubectl apply -f` (client-side apply: last-applied-configuration + three-way strategic merge)
//! and `kubectl diff -f`.

use kubeplay_apiserver::patch::three_way_strategic;
use kubeplay_apiserver::PatchType;
use kubeplay_model::errors::go_quote;
use kubeplay_model::resource::ResourceType;
use kubeplay_model::{ApiError, Object, ObjectExt};
use serde_json::Value;

use super::common::*;
use super::visit::{
    add_source_to_err, check_err, one_or_aggregate, visit_files, visit_sources, KErr, Visited,
};
use super::{parse_flags, Ctx};
use crate::flags::{flag, Flag, Kind};
use crate::print::{self, DryRun};
use crate::session::{Output, Session};

pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";
pub const APPLY_MANAGER: &str = "kubectl-client-side-apply";

pub const FLAGS: &[Flag] = &[
    flag("filename", Some('f'), Kind::Array),
    flag("output", Some('o'), Kind::Str),
    flag("dry-run", None, Kind::OptStr("unchanged")),
    flag("recursive", Some('R'), Kind::Bool),
    flag("kustomize", Some('k'), Kind::Str),
    flag("prune", None, Kind::Bool),
    flag("selector", Some('l'), Kind::Str),
    flag("all", None, Kind::Bool),
    flag("force", None, Kind::Bool),
    flag("grace-period", None, Kind::Int),
    flag("overwrite", None, Kind::Bool),
    flag("server-side", None, Kind::Bool),
    flag("force-conflicts", None, Kind::Bool),
    flag("field-manager", None, Kind::Str),
    flag("validate", None, Kind::OptStr("strict")),
    flag("wait", None, Kind::Bool),
    flag("timeout", None, Kind::Str),
    flag("template", None, Kind::Str),
    flag("allow-missing-template-keys", None, Kind::Bool),
    flag("show-managed-fields", None, Kind::Bool),
    flag("save-config", None, Kind::Bool),
];

pub fn run(s: &mut Session, words: &[String], ctx: &Ctx, out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("apply", words, FLAGS)?;
    let files = p.all("filename");
    if files.is_empty() && p.str("kustomize").is_none() {
        return Err(msg("must specify one of -f and -k"));
    }
    if p.str("kustomize").is_some() {
        return Err(msg("kustomize is not available in this playground"));
    }
    if let Some(a) = p.args.first() {
        let _ = a;
        return Err(CmdError::Help("apply".into(), format!("Unexpected args: [{}]", p.args.join(" "))));
    }
    let fmt = if p.is_set("output") { Some(output_format(&p, false)?) } else { None };
    let dry = dry_run(s, &p, out)?;
    let ns = namespace(s, &p);
    let visited = visit_files(s, &files, ctx.stdin, p.bool("recursive"), &ns, p.is_set("namespace"))?;
    apply_visited(s, visited, dry, fmt.as_ref(), out)
}

/// The editor's Apply button: `kubectl apply -f <filename>` with `yaml` as the file's content.
pub fn apply_text(s: &mut Session, yaml: &str, filename: &str) -> Output {
    let mut out = Out::default();
    let ns = s.namespace();
    let visited = visit_sources(&[(filename.to_string(), yaml.to_string())], &ns, false);
    let res = apply_visited(s, visited, DryRun::None, None, &mut out);
    out.finish(res)
}

/// apply.go `Run`: the infos the builder could decode are applied even when it reported errors;
/// its error comes first, then each object's, rendered once at the end (`CheckErr`).
fn apply_visited(
    s: &mut Session,
    visited: Visited,
    dry: DryRun,
    fmt: Option<&OutputFormat>,
    out: &mut Out,
) -> Result<(), CmdError> {
    let (infos, builder_err) = visited.infos();
    let mut errs: Vec<KErr> = builder_err.into_iter().collect();
    if infos.is_empty() && errs.is_empty() {
        return Err(msg("no objects passed to apply"));
    }
    let mut printed: Vec<Object> = Vec::new();
    for (m, rt, obj_ns) in &infos {
        match apply_one(s, m, rt, obj_ns, dry) {
            Ok((obj, op, warning)) => {
                if let Some(w) = warning {
                    out.line(&w);
                }
                match fmt {
                    Some(f) if *f != OutputFormat::Name => printed.push(obj),
                    Some(_) => out.line(&print::name_line(&obj)),
                    None => out.line(&print::confirmation(&obj, op, dry)),
                }
            }
            Err(e) => errs.push(e),
        }
    }
    if let Some(f) = fmt {
        if *f != OutputFormat::Name && !printed.is_empty() {
            let refs: Vec<&Object> = printed.iter().collect();
            print_objects(f, &refs, refs.len() == 1, out)?;
        }
    }
    match one_or_aggregate(errs) {
        Some(e) => Err(CmdError::Raw(check_err(&e))),
        None => Ok(()),
    }
}

/// The last-applied annotation for a manifest: the manifest itself (namespace filled in, the
/// annotation map present but without this key) as compact JSON with sorted keys.
pub fn last_applied(obj: &Object, rt: &ResourceType, ns: &str) -> (Object, String) {
    let mut o = prune_nulls(obj.clone());
    if rt.namespaced {
        o.meta_mut().insert("namespace".into(), Value::String(ns.to_string()));
    }
    let meta = o.meta_mut();
    let ann = meta.entry("annotations").or_insert_with(|| Value::Object(Default::default()));
    if !ann.is_object() {
        *ann = Value::Object(Default::default());
    }
    if let Some(a) = ann.as_object_mut() {
        a.remove(LAST_APPLIED);
    }
    // kubectl encodes it with a json.Encoder, which ends the document with a newline (so
    // `-o yaml` prints the annotation as a `|` block).
    let json = serde_json::to_string(&o).unwrap_or_default() + "\n";
    let mut modified = o;
    modified.set_annotation(LAST_APPLIED, &json);
    (modified, json)
}

fn prune_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, prune_nulls(v))).collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(prune_nulls).collect()),
        other => other,
    }
}

/// Applies one object: `(result, "created"|"configured"|"unchanged", warning)` or the error line(s).
fn apply_one(
    s: &mut Session,
    m: &Manifest,
    rt: &'static ResourceType,
    ns: &str,
    dry: DryRun,
) -> Result<(Object, &'static str, Option<String>), KErr> {
    let name = m.obj.name().to_string();
    let (modified, _json) = last_applied(&m.obj, rt, ns);
    let retrieving =
        format!("retrieving current configuration of:\n{}\nfrom server for:", info_string(rt, &name, ns));
    if name.is_empty() && m.obj.str_at("metadata.generateName").is_none() {
        // client-go refuses the GET before sending it: a plain error.
        return Err(KErr::Plain(format!(
            "error when {retrieving} {}: resource name may not be empty",
            go_quote(&m.source)
        )));
    }
    let live = s.cluster().api().get(rt.plural, if rt.namespaced { ns } else { "" }, &name);
    match live {
        Err(e) if e.reason == "NotFound" => {
            if let Some(err) = kubeplay_yaml::server_decode_error(&m.doc) {
                return Err(add_source_to_err("creating", &m.source, ApiError::bad_request(err)));
            }
            if dry == DryRun::Client {
                return Ok((modified, "created", None));
            }
            match s.cluster_mut().create(ns, modified, APPLY_MANAGER, dry == DryRun::Server) {
                Ok(o) => Ok((o.as_ref().clone(), "created", None)),
                Err(e) => Err(add_source_to_err("creating", &m.source, e)),
            }
        }
        Err(e) => Err(add_source_to_err(&retrieving, &m.source, e)),
        Ok(live) => {
            let warning = if live.annotation(LAST_APPLIED).is_none() {
                Some(format!(
                    "Warning: resource {}/{name} is missing the {LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.",
                    rt.qualified_plural()
                ))
            } else {
                None
            };
            let patching =
                |patch: &str| format!("applying patch:\n{patch}\nto:\n{}\nfor:", info_string(rt, &name, ns));
            if let Some(err) = kubeplay_yaml::server_decode_error(&m.doc) {
                let verb = patching(&serde_json::to_string(&m.obj).unwrap_or_default());
                return Err(add_source_to_err(&verb, &m.source, ApiError::bad_request(err)));
            }
            if dry == DryRun::Client {
                return Ok((modified, "configured", warning));
            }
            let original: Option<Value> =
                live.annotation(LAST_APPLIED).and_then(|a| serde_json::from_str(a).ok());
            let patch = three_way_strategic(original.as_ref(), &modified, &live, rt.kind)
                .map_err(|e| KErr::Plain(e.to_string()))?;
            if patch.as_object().is_some_and(|o| o.is_empty()) {
                return Ok((live.as_ref().clone(), "unchanged", warning));
            }
            match s.cluster_mut().patch(
                rt.plural,
                if rt.namespaced { ns } else { "" },
                &name,
                PatchType::Strategic,
                &patch,
                APPLY_MANAGER,
                dry == DryRun::Server,
            ) {
                Ok(o) => Ok((o.as_ref().clone(), "configured", warning)),
                Err(e) => {
                    let verb = patching(&serde_json::to_string(&patch).unwrap_or_default());
                    Err(add_source_to_err(&verb, &m.source, e))
                }
            }
        }
    }
}

/// cli-runtime's `Info.String()`: what `apply` names in its error contexts.
fn info_string(rt: &ResourceType, name: &str, ns: &str) -> String {
    format!(
        "Resource: \"{}\", GroupVersionKind: \"{}\"\nName: \"{name}\", Namespace: \"{ns}\"",
        resource_gvr(rt),
        gvk(rt)
    )
}

/// `apps/v1, Resource=deployments`
pub fn resource_gvr(rt: &ResourceType) -> String {
    // client-go's GroupVersionResource.String(): `group/version`, so core is `/v1`.
    format!("{}/{}, Resource={}", rt.group, rt.version, rt.plural)
}

/// `apps/v1, Kind=Deployment`
pub fn gvk(rt: &ResourceType) -> String {
    format!("{}/{}, Kind={}", rt.group, rt.version, rt.kind)
}

pub const DIFF_FLAGS: &[Flag] = &[
    flag("filename", Some('f'), Kind::Array),
    flag("recursive", Some('R'), Kind::Bool),
    flag("server-side", None, Kind::Bool),
    flag("force-conflicts", None, Kind::Bool),
    flag("field-manager", None, Kind::Str),
    flag("prune", None, Kind::Bool),
    flag("selector", Some('l'), Kind::Str),
    flag("kustomize", Some('k'), Kind::Str),
    flag("concurrency", None, Kind::Int),
    flag("show-managed-fields", None, Kind::Bool),
];

/// `kubectl diff -f`: a unified diff of live vs. would-be-applied objects (server dry run), in
/// kubectl's `diff -u -N` layout; exit 1 when there are differences.
pub fn run_diff(s: &mut Session, words: &[String], ctx: &Ctx, out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("diff", words, DIFF_FLAGS)?;
    let files = p.all("filename");
    if files.is_empty() {
        return Err(msg("must specify one of -f and -k"));
    }
    let ns = namespace(s, &p);
    let manifests = read_manifests(s, &files, ctx.stdin, p.bool("recursive"))?;
    let mut differs = false;
    for m in &manifests {
        let rt = manifest_type(m).map_err(msg)?;
        let obj_ns = manifest_namespace(m, rt, &ns, p.is_set("namespace")).map_err(msg)?;
        let live =
            s.cluster().api().get(rt.plural, if rt.namespaced { &obj_ns } else { "" }, m.obj.name()).ok();
        let (modified, _) = last_applied(&m.obj, rt, &obj_ns);
        let merged: Option<Object> = match &live {
            None => s
                .cluster_mut()
                .create(&obj_ns, modified.clone(), APPLY_MANAGER, true)
                .ok()
                .map(|o| o.as_ref().clone()),
            Some(l) => {
                let original: Option<Value> =
                    l.annotation(LAST_APPLIED).and_then(|a| serde_json::from_str(a).ok());
                let patch = three_way_strategic(original.as_ref(), &modified, l, rt.kind).map_err(msg)?;
                if patch.as_object().is_some_and(|o| o.is_empty()) {
                    Some(l.as_ref().clone())
                } else {
                    s.cluster_mut()
                        .patch(
                            rt.plural,
                            if rt.namespaced { &obj_ns } else { "" },
                            m.obj.name(),
                            PatchType::Strategic,
                            &patch,
                            APPLY_MANAGER,
                            true,
                        )
                        .map_err(CmdError::Api)?
                        .as_ref()
                        .clone()
                        .into()
                }
            }
        };
        let before = live.map(|l| diff_text(&l)).unwrap_or_default();
        let after = merged.map(|o| diff_text(&o)).unwrap_or_default();
        if before == after {
            continue;
        }
        differs = true;
        let label = format!(
            "{}.{}.{}{}",
            rt.api_version().replace('/', "."),
            rt.kind,
            if obj_ns.is_empty() { String::new() } else { format!("{obj_ns}.") },
            m.obj.name()
        );
        // GNU diff over the two directories kubectl wrote just now (an absent live object is
        // an empty file): `diff -u -N` names each pair, the headers carry the files' times.
        let (live_path, merged_path) =
            (format!("/tmp/LIVE-0000000000/{label}"), format!("/tmp/MERGED-0000000000/{label}"));
        let written = diff_file_time(s.now());
        out.line(&format!("diff -u -N {live_path} {merged_path}"));
        out.print(&unified_diff(
            &before,
            &after,
            &format!("{live_path}\t{written}"),
            &format!("{merged_path}\t{written}"),
        ));
    }
    if differs {
        out.code = Some(1);
    }
    Ok(())
}

/// The YAML kubectl diff writes: the object without managedFields (`--show-managed-fields`
/// is false); what the server changes, such as `generation`, stays.
fn diff_text(o: &Object) -> String {
    let mut o = o.clone();
    if let Some(m) = o.get_mut("metadata").and_then(Value::as_object_mut) {
        m.remove("managedFields");
    }
    kubeplay_yaml::to_yaml(&o)
}

/// A file's modification time as GNU `diff -u` prints it in its headers
/// (`2025-03-01 10:00:00.000000000 +0000`).
fn diff_file_time(t: kubeplay_model::SimTime) -> String {
    let r = t.to_rfc3339_micros(); // 2025-03-01T10:00:00.000000Z
    format!("{} {}000 +0000", &r[..10], &r[11..26])
}

/// A unified diff over lines as GNU `diff -u` prints it (`a_label`/`b_label` follow `---`/`+++`),
/// hunks with 3 lines of context.
pub fn unified_diff(a: &str, b: &str, a_label: &str, b_label: &str) -> String {
    let al: Vec<&str> = a.lines().collect();
    let bl: Vec<&str> = b.lines().collect();
    // diff's own pairing of lines, then the script in file order: deletions before insertions.
    let (a_changed, b_changed) = super::gnudiff::changed_lines(&al, &bl);
    let (n, m) = (al.len(), bl.len());
    let mut ops: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && a_changed[i] {
            ops.push(('-', al[i]));
            i += 1;
        } else if j < m && b_changed[j] {
            ops.push(('+', bl[j]));
            j += 1;
        } else {
            ops.push((' ', al[i.min(n.saturating_sub(1))]));
            i += 1;
            j += 1;
        }
    }
    // Hunks with 3 lines of context.
    let mut out = format!("--- {a_label}\n+++ {b_label}\n");
    let changed: Vec<usize> = ops.iter().enumerate().filter(|(_, o)| o.0 != ' ').map(|(k, _)| k).collect();
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(3);
        let mut end = (changed[k] + 3).min(ops.len() - 1);
        while k + 1 < changed.len() && changed[k + 1] <= end + 4 {
            k += 1;
            end = (changed[k] + 3).min(ops.len() - 1);
        }
        let a_start = ops[..start].iter().filter(|o| o.0 != '+').count();
        let b_start = ops[..start].iter().filter(|o| o.0 != '-').count();
        let a_len = ops[start..=end].iter().filter(|o| o.0 != '+').count();
        let b_len = ops[start..=end].iter().filter(|o| o.0 != '-').count();
        let a_from = if a_len == 0 { a_start } else { a_start + 1 };
        let b_from = if b_len == 0 { b_start } else { b_start + 1 };
        // GNU diff leaves out a length of 1 (`@@ -1 +1 @@`).
        let range =
            |from: usize, len: usize| if len == 1 { from.to_string() } else { format!("{from},{len}") };
        out.push_str(&format!("@@ -{} +{} @@\n", range(a_from, a_len), range(b_from, b_len)));
        for (c, l) in &ops[start..=end] {
            out.push(*c);
            out.push_str(l);
            out.push('\n');
        }
        k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn last_applied_is_compact_sorted_json_with_namespace_and_empty_annotations() {
        // The shape real clusters show: `"annotations":{}`, the defaulted namespace included, and
        // json.Encoder's final newline (`kubectl.1.33 create … --save-config -o json` ends it
        // with `\n`).
        let rt = kubeplay_model::resource::lookup("deployments").unwrap();
        let m = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "labels": {"app": "web"}}, "spec": {"replicas": 2}});
        let (modified, j) = last_applied(&m, rt, "default");
        assert_eq!(
            j,
            r#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"app":"web"},"name":"web","namespace":"default"},"spec":{"replicas":2}}"#.to_string() + "\n"
        );
        assert_eq!(modified.annotation(LAST_APPLIED), Some(j.as_str()));
    }

    #[test]
    fn documents_before_a_broken_one_are_applied() {
        use crate::session::WaitMode;
        let mut s = Session::new(kubeplay_cluster::ClusterConfig::default(), WaitMode::AdvanceClock);
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\n  labels: [\n";
        let out = s.apply_text(text, "bad.yaml");
        // kubectl.1.33 offline: `configmap/ok` is visited, then the parse error (line relative to
        // the document) is reported alone, with `error: `.
        assert_eq!(
            out.text,
            "configmap/ok created\nerror: error parsing bad.yaml: error converting YAML to JSON: yaml: line 5: did not find expected node content\n"
        );
        assert_eq!(out.exit_code, 1);
        assert!(s.cluster().api().get("configmaps", "default", "ok").is_ok());
        // Only broken documents: nothing applied, only the error (no "no objects passed");
        // kubectl.1.33 offline says line 1.
        let out = s.apply_text("a: [\n", "only.yaml");
        assert_eq!(
            out.text,
            "error: error parsing only.yaml: error converting YAML to JSON: yaml: line 1: did not find expected node content\n"
        );
        // Nothing at all: apply.go's own message.
        assert_eq!(s.apply_text("---\n", "empty.yaml").text, "error: no objects passed to apply\n");
    }

    #[test]
    fn unified_diff_hunk() {
        // GNU diff 3.x: `--- FILE<TAB>%Y-%m-%d %H:%M:%S.%N %z`.
        let t = diff_file_time(kubeplay_model::SimTime::parse_rfc3339("2025-03-01T10:00:00Z").unwrap());
        assert_eq!(t, "2025-03-01 10:00:00.000000000 +0000");
        let d = unified_diff("a\nb\nc\n", "a\nB\nc\n", "/l", "/m");
        assert_eq!(d, "--- /l\n+++ /m\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
        // A new object: an empty live file.
        let d = unified_diff("", "a\n", "/l", "/m");
        assert!(d.ends_with("@@ -0,0 +1 @@\n+a\n"), "{d}");
        let d = unified_diff("x\n", "a\n", "/l", "/m");
        assert!(d.ends_with("@@ -1 +1 @@\n-x\n+a\n"), "{d}");
    }
}
