//! Object edits: `patch`, `scale`, `label`/`annotate`, `set image`/`set env`.

use std::sync::Arc;

use kubeplay_apiserver::PatchType;
use kubeplay_model::resource::ResourceType;
use kubeplay_model::{Object, ObjectExt};
use serde_json::{json, Map, Value};

use super::common::*;
use super::parse_flags;
use crate::flags::{flag, Flag, Kind, Parsed};
use crate::print::{self, DryRun};
use crate::session::Session;

const NEED_RESOURCES: &str = "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n";

/// Objects named by resource args / `-f` / `-l` / `--all` for an edit command.
fn targets(
    s: &Session,
    p: &Parsed,
    args: &[String],
    out: &mut Out,
) -> Result<Vec<(&'static ResourceType, Arc<Object>)>, CmdError> {
    let ns = namespace(s, p);
    let files = p.all("filename");
    if !files.is_empty() {
        let mut v = Vec::new();
        for m in read_manifests(s, &files, None, false)? {
            let rt = manifest_type(&m).map_err(msg)?;
            let n = manifest_namespace(&m, rt, &ns, p.is_set("namespace")).map_err(msg)?;
            match get(s, rt, &n, m.obj.name()) {
                Ok(o) => v.push((rt, o)),
                Err(e) => out.api_error(&e, ""),
            }
        }
        return Ok(v);
    }
    if args.is_empty() {
        return Err(CmdError::Raw(NEED_RESOURCES.into()));
    }
    let tns = parse_resource_args(args)?;
    // `patch` has no `-l`, `--all` or `--all-namespaces`; the other verbs sharing this do.
    let sel = if p.declares("selector") { selector(p)? } else { None };
    let all_ns = p.declares("all-namespaces") && p.bool("all-namespaces");
    let all = p.declares("all") && p.bool("all");
    for tn in &tns {
        if tn.names.is_empty() && sel.is_none() && !all {
            return Err(msg("resource(s) were provided, but no name was specified"));
        }
    }
    Ok(select_objects(s, &tns, if all_ns { None } else { Some(&ns) }, sel.as_ref(), out))
}

fn write_back(
    s: &mut Session,
    rt: &ResourceType,
    before: &Object,
    after: Object,
    manager: &str,
    dry: DryRun,
) -> Result<Object, kubeplay_model::ApiError> {
    match dry {
        DryRun::Client => Ok(after),
        _ => {
            // A merge patch from the difference keeps other writers' fields (what kubectl's
            // strategic patches achieve for these edits).
            let patch = merge_diff(before, &after);
            s.cluster_mut()
                .patch(
                    rt.plural,
                    before.namespace(),
                    before.name(),
                    PatchType::Merge,
                    &patch,
                    manager,
                    dry == DryRun::Server,
                )
                .map(|o| o.as_ref().clone())
        }
    }
}

/// An RFC 7386 merge patch turning `a` into `b` (arrays replaced whole).
pub fn merge_diff(a: &Value, b: &Value) -> Value {
    match (a, b) {
        (Value::Object(ma), Value::Object(mb)) => {
            let mut p = Map::new();
            for (k, va) in ma {
                match mb.get(k) {
                    None => {
                        p.insert(k.clone(), Value::Null);
                    }
                    Some(vb) if vb != va => {
                        p.insert(k.clone(), merge_diff(va, vb));
                    }
                    _ => {}
                }
            }
            for (k, vb) in mb {
                if !ma.contains_key(k) {
                    p.insert(k.clone(), vb.clone());
                }
            }
            Value::Object(p)
        }
        _ => b.clone(),
    }
}

pub const PATCH_FLAGS: &[Flag] = &[
    flag("patch", Some('p'), Kind::Str),
    flag("patch-file", None, Kind::Str),
    flag("type", None, Kind::Str),
    flag("output", Some('o'), Kind::Str),
    flag("dry-run", None, Kind::OptStr("unchanged")),
    flag("filename", Some('f'), Kind::Array),
    flag("recursive", Some('R'), Kind::Bool),
    flag("local", None, Kind::Bool),
    flag("subresource", None, Kind::Str),
    flag("field-manager", None, Kind::Str),
    flag("template", None, Kind::Str),
    flag("allow-missing-template-keys", None, Kind::Bool),
];

pub fn run_patch(s: &mut Session, words: &[String], out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("patch", words, PATCH_FLAGS)?;
    let ty = match p.str("type").unwrap_or("strategic") {
        "strategic" => PatchType::Strategic,
        "merge" => PatchType::Merge,
        "json" => PatchType::Json,
        other => return Err(msg(format!("--type must be one of [json merge strategic], not \"{other}\""))),
    };
    let text = match (p.str("patch"), p.str("patch-file")) {
        (Some(t), _) => t.to_string(),
        (None, Some(f)) => s
            .files()
            .read(f)
            .ok_or_else(|| msg(format!("unable to read patch file: open {f}: no such file or directory")))?
            .to_string(),
        (None, None) => {
            return Err(msg("must specify --patch or --patch-file containing the contents of the patch"))
        }
    };
    let patch: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(_) => {
            let (docs, diags) = kubeplay_yaml::parse_documents(&text);
            match (docs.first(), diags.iter().find(|d| d.severity == kubeplay_yaml::Severity::Error)) {
                (Some(d), None) if d.value.is_object() || d.value.is_array() => d.value.clone(),
                (_, Some(d)) => return Err(msg(format!("unable to parse \"{text}\": yaml: line {}: {}", d.pos.line, d.message))),
                _ => return Err(msg(format!("unable to parse \"{text}\": json: cannot unmarshal string into Go value of type map[string]interface {{}}"))),
            }
        }
    };
    let fmt = if p.is_set("output") { Some(output_format(&p, false)?) } else { None };
    let dry = dry_run(s, &p, out)?;
    let objs = targets(s, &p, &p.args.clone(), out)?;
    for (rt, before) in objs {
        let res = if dry == DryRun::Client {
            Ok(before.as_ref().clone())
        } else {
            s.cluster_mut()
                .patch(
                    rt.plural,
                    before.namespace(),
                    before.name(),
                    ty,
                    &patch,
                    "kubectl-patch",
                    dry == DryRun::Server,
                )
                .map(|o| o.as_ref().clone())
        };
        match res {
            Ok(after) => {
                let changed = strip_rv(&after) != strip_rv(&before);
                match &fmt {
                    Some(OutputFormat::Name) => out.line(&print::name_line(&after)),
                    Some(f) => print_objects(f, &[&after], true, out)?,
                    None if changed || dry != DryRun::None => {
                        out.line(&print::confirmation(&after, "patched", dry))
                    }
                    None => out.line(&format!("{} (no change)", print::confirmation(&after, "patched", dry))),
                }
            }
            Err(e) => out.api_error(&e, ""),
        }
    }
    Ok(())
}

fn strip_rv(o: &Object) -> Object {
    let mut o = o.clone();
    if let Some(m) = o.get_mut("metadata").and_then(Value::as_object_mut) {
        m.remove("resourceVersion");
        m.remove("managedFields");
    }
    o
}

pub const SCALE_FLAGS: &[Flag] = &[
    flag("replicas", None, Kind::Int),
    flag("current-replicas", None, Kind::Int),
    flag("resource-version", None, Kind::Str),
    flag("selector", Some('l'), Kind::Str),
    flag("all", None, Kind::Bool),
    flag("all-namespaces", Some('A'), Kind::Bool),
    flag("filename", Some('f'), Kind::Array),
    flag("recursive", Some('R'), Kind::Bool),
    flag("output", Some('o'), Kind::Str),
    flag("dry-run", None, Kind::OptStr("unchanged")),
    flag("timeout", None, Kind::Str),
    flag("template", None, Kind::Str),
    flag("allow-missing-template-keys", None, Kind::Bool),
];

pub fn run_scale(s: &mut Session, words: &[String], out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("scale", words, SCALE_FLAGS)?;
    let Some(replicas) = p.int("replicas") else {
        return Err(msg("required flag(s) \"replicas\" not set"));
    };
    if replicas < 0 {
        return Err(msg(
            "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
        ));
    }
    let dry = dry_run(s, &p, out)?;
    let fmt = if p.is_set("output") { Some(output_format(&p, false)?) } else { None };
    let objs = targets(s, &p, &p.args.clone(), out)?;
    for (rt, before) in objs {
        if !matches!(rt.plural, "deployments" | "replicasets" | "statefulsets" | "replicationcontrollers") {
            out.error(&format!("cannot use scale subresource on {}", rt.qualified_plural()));
            continue;
        }
        if let Some(cur) = p.int("current-replicas") {
            let actual = before.i64_at("spec.replicas").unwrap_or(1);
            if cur != actual {
                out.error(&format!("Expected replicas to be {cur}, was {actual}"));
                continue;
            }
        }
        let patch = json!({"spec": {"replicas": replicas}});
        let res = if dry == DryRun::Client {
            let mut o = before.as_ref().clone();
            *o.at_mut("spec.replicas") = json!(replicas);
            Ok(o)
        } else {
            s.cluster_mut()
                .patch(
                    rt.plural,
                    before.namespace(),
                    before.name(),
                    PatchType::Merge,
                    &patch,
                    "kubectl",
                    dry == DryRun::Server,
                )
                .map(|o| o.as_ref().clone())
        };
        match res {
            Ok(after) => match &fmt {
                Some(OutputFormat::Name) => out.line(&print::name_line(&after)),
                Some(f) => print_objects(f, &[&after], true, out)?,
                None => out.line(&print::confirmation(&after, "scaled", dry)),
            },
            Err(e) => out.api_error(&e, ""),
        }
    }
    Ok(())
}

pub const LABEL_FLAGS: &[Flag] = &[
    flag("overwrite", None, Kind::Bool),
    flag("all", None, Kind::Bool),
    flag("all-namespaces", Some('A'), Kind::Bool),
    flag("selector", Some('l'), Kind::Str),
    flag("field-selector", None, Kind::Str),
    flag("filename", Some('f'), Kind::Array),
    flag("recursive", Some('R'), Kind::Bool),
    flag("output", Some('o'), Kind::Str),
    flag("dry-run", None, Kind::OptStr("unchanged")),
    flag("list", None, Kind::Bool),
    flag("local", None, Kind::Bool),
    flag("resource-version", None, Kind::Str),
    flag("field-manager", None, Kind::Str),
    flag("template", None, Kind::Str),
    flag("allow-missing-template-keys", None, Kind::Bool),
];

/// `kubectl label` / `kubectl annotate`: `key=value` sets, `key-` removes.
pub fn run_label(s: &mut Session, words: &[String], out: &mut Out, annotate: bool) -> Result<(), CmdError> {
    let cmd = if annotate { "annotate" } else { "label" };
    let p = parse_flags(cmd, words, LABEL_FLAGS)?;
    let mut res_args = Vec::new();
    let mut sets: Vec<(String, String)> = Vec::new();
    let mut removes: Vec<String> = Vec::new();
    for a in &p.args {
        if let Some((k, v)) = a.split_once('=') {
            sets.push((k.to_string(), v.to_string()));
        } else if let Some(k) = a.strip_suffix('-') {
            if !k.is_empty() && p.args.first().is_none_or(|f| f != a) {
                removes.push(k.to_string());
                continue;
            }
            res_args.push(a.clone());
        } else {
            res_args.push(a.clone());
        }
    }
    let what = if annotate { "annotation" } else { "label" };
    // kubectl checks for resources before it looks at the updates.
    if res_args.is_empty() && !p.is_set("filename") {
        return Err(msg("one or more resources must be specified as <resource> <name> or <resource>/<name>"));
    }
    if sets.is_empty() && removes.is_empty() && !p.bool("list") {
        return Err(msg(format!("at least one {what} update is required")));
    }
    for (k, v) in &sets {
        let e = kubeplay_model::names::is_qualified_name(k);
        if !e.is_empty() {
            return Err(msg(format!("invalid {what} spec: {k}={v}: {}", e.join("; "))));
        }
        if !annotate {
            let e = kubeplay_model::names::is_valid_label_value(v);
            if !e.is_empty() {
                return Err(msg(format!("invalid label value: \"{k}={v}\": {}", e.join("; "))));
            }
        }
    }
    let dry = dry_run(s, &p, out)?;
    let fmt = if p.is_set("output") { Some(output_format(&p, false)?) } else { None };
    let objs = targets(s, &p, &res_args, out)?;
    let field = if annotate { "metadata.annotations" } else { "metadata.labels" };
    for (rt, before) in objs {
        if p.bool("list") {
            let m = before.at(field).and_then(Value::as_object).cloned().unwrap_or_default();
            for (k, v) in m {
                out.line(&format!("{k}={}", v.as_str().unwrap_or_default()));
            }
            continue;
        }
        let mut after = before.as_ref().clone();
        let mut failed = false;
        for (k, v) in &sets {
            let existing = before.at(field).and_then(|m| m.get(k)).and_then(Value::as_str);
            if let Some(old) = existing {
                if old != v && !p.bool("overwrite") {
                    out.error(&format!("'{k}' already has a value ({old}), and --overwrite is false"));
                    failed = true;
                    break;
                }
            }
            let m = after.at_mut(field);
            if !m.is_object() {
                *m = json!({});
            }
            if let Some(m) = m.as_object_mut() {
                m.insert(k.clone(), json!(v));
            }
        }
        if failed {
            continue;
        }
        for k in &removes {
            let present = after.at(field).and_then(|m| m.get(k)).is_some();
            if !present {
                out.line(&format!("{what} \"{k}\" not found."));
            }
            if let Some(m) = after.at_mut(field).as_object_mut() {
                m.remove(k);
            }
        }
        let old_n = before.at(field).and_then(Value::as_object).map(|m| m.len()).unwrap_or(0);
        let new_n = after.at(field).and_then(Value::as_object).map(|m| m.len()).unwrap_or(0);
        let changed = after != *before.as_ref();
        let verb = if annotate {
            "annotated"
        } else if !changed {
            "not labeled"
        } else if !p.bool("overwrite") && new_n < old_n {
            "unlabeled"
        } else {
            "labeled"
        };
        let result = if changed {
            write_back(
                s,
                rt,
                &before,
                after,
                if annotate { "kubectl-annotate" } else { "kubectl-label" },
                dry,
            )
        } else {
            Ok(after)
        };
        match result {
            Ok(o) => match &fmt {
                Some(OutputFormat::Name) => out.line(&print::name_line(&o)),
                Some(f) => print_objects(f, &[&o], true, out)?,
                None => out.line(&print::confirmation(&o, verb, dry)),
            },
            Err(e) => out.api_error(&e, ""),
        }
    }
    Ok(())
}

pub const SET_FLAGS: &[Flag] = &[
    flag("all", None, Kind::Bool),
    flag("selector", Some('l'), Kind::Str),
    flag("filename", Some('f'), Kind::Array),
    flag("recursive", Some('R'), Kind::Bool),
    flag("output", Some('o'), Kind::Str),
    flag("dry-run", None, Kind::OptStr("unchanged")),
    flag("local", None, Kind::Bool),
    flag("field-manager", None, Kind::Str),
    flag("template", None, Kind::Str),
    flag("allow-missing-template-keys", None, Kind::Bool),
    flag("env", Some('e'), Kind::Array),
    flag("containers", Some('c'), Kind::Str),
    flag("list", None, Kind::Bool),
    flag("overwrite", None, Kind::Bool),
    flag("resolve", None, Kind::Bool),
    flag("from", None, Kind::Str),
    flag("keys", None, Kind::Array),
    flag("prefix", None, Kind::Str),
    flag("all-namespaces", Some('A'), Kind::Bool),
];

/// The pod template's spec path of the kinds `kubectl set` updates (`updatePodSpecForObject`
/// knows the workloads, not PodTemplate).
fn pod_spec_path(rt: &ResourceType) -> Option<&'static str> {
    rt.pod_spec_path.filter(|_| rt.plural != "podtemplates")
}

pub fn run_set(s: &mut Session, words: &[String], out: &mut Out) -> Result<(), CmdError> {
    let sub_at = words.iter().position(|w| !w.starts_with('-'));
    let Some(at) = sub_at else {
        // cobra's DefaultSubCommandRun: the help, exit 1.
        out.print(super::help::page("set").unwrap_or_default());
        out.failed = true;
        return Ok(());
    };
    let sub = words[at].clone();
    let mut rest = words.to_vec();
    rest.remove(at);
    match sub.as_str() {
        "image" => set_image(s, &rest, out),
        "env" => set_env(s, &rest, out),
        "resources" | "selector" | "serviceaccount" | "subject" => {
            Err(msg(format!("\"kubectl set {sub}\" is not available in this playground")))
        }
        _ => {
            let args: Vec<&str> = words.iter().filter(|w| !w.starts_with('-')).map(String::as_str).collect();
            Err(CmdError::Help("set".into(), format!("unknown command \"{}\"", args.join(" "))))
        }
    }
}

fn set_image(s: &mut Session, words: &[String], out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("set image", words, SET_FLAGS)?;
    let mut res_args = Vec::new();
    let mut images: Vec<(String, String)> = Vec::new();
    for a in &p.args {
        match a.split_once('=') {
            Some((c, i)) => images.push((c.to_string(), i.to_string())),
            None => res_args.push(a.clone()),
        }
    }
    if res_args.is_empty() && !p.is_set("filename") {
        return Err(CmdError::Raw(NEED_RESOURCES.into()));
    }
    if images.is_empty() {
        return Err(CmdError::Help("set image".into(), "at least one image update is required".into()));
    }
    let dry = dry_run(s, &p, out)?;
    let fmt = if p.is_set("output") { Some(output_format(&p, false)?) } else { None };
    let objs = targets(s, &p, &res_args, out)?;
    for (rt, before) in objs {
        let Some(path) = pod_spec_path(rt) else {
            out.error(&format!("{} is not supported by set image", rt.kind));
            continue;
        };
        let mut after = before.as_ref().clone();
        let mut missing = Vec::new();
        for (c, img) in &images {
            let mut found = false;
            for list in ["containers", "initContainers"] {
                if let Some(arr) = after.at_mut(&format!("{path}.{list}")).as_array_mut() {
                    for ct in arr.iter_mut() {
                        if c == "*" || ct.str_at("name") == Some(c.as_str()) {
                            ct["image"] = json!(img);
                            found = true;
                        }
                    }
                }
            }
            // at_mut created empty objects for absent lists: drop them again.
            for list in ["initContainers"] {
                if let Some(spec) = after.at_mut(path).as_object_mut() {
                    if spec
                        .get(list)
                        .is_some_and(|v| v.is_null() || v.as_object().is_some_and(|o| o.is_empty()))
                    {
                        spec.remove(list);
                    }
                }
            }
            if !found {
                missing.push(c.clone());
            }
        }
        if let Some(c) = missing.first() {
            out.error(&format!("unable to find container named \"{c}\""));
            continue;
        }
        if after == *before.as_ref() {
            continue;
        }
        match write_back(s, rt, &before, after, "kubectl-set", dry) {
            Ok(o) => match &fmt {
                Some(OutputFormat::Name) => out.line(&print::name_line(&o)),
                Some(f) => print_objects(f, &[&o], true, out)?,
                None => out.line(&print::confirmation(&o, "image updated", dry)),
            },
            Err(e) => out.api_error(&e, ""),
        }
    }
    Ok(())
}

fn set_env(s: &mut Session, words: &[String], out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("set env", words, SET_FLAGS)?;
    let mut res_args = Vec::new();
    let mut sets: Vec<(String, String)> = Vec::new();
    let mut removes: Vec<String> = Vec::new();
    for e in p.all("env") {
        match e.split_once('=') {
            Some((k, v)) => sets.push((k.to_string(), v.to_string())),
            None => return Err(msg(format!("invalid env: {e}"))),
        }
    }
    for (i, a) in p.args.iter().enumerate() {
        if let Some((k, v)) = a.split_once('=') {
            sets.push((k.to_string(), v.to_string()));
        } else if i > 0 && a.ends_with('-') && !a.contains('/') {
            removes.push(a.trim_end_matches('-').to_string());
        } else {
            res_args.push(a.clone());
        }
    }
    let list_only = p.bool("list");
    if sets.is_empty() && removes.is_empty() && !list_only && p.str("from").is_none() {
        return Err(msg("at least one environment variable must be provided"));
    }
    let dry = dry_run(s, &p, out)?;
    let objs = targets(s, &p, &res_args, out)?;
    let container_filter = p.str("containers").unwrap_or("*").to_string();
    for (rt, before) in objs {
        let Some(path) = pod_spec_path(rt) else {
            out.error(&format!("{} is not supported by set env", rt.kind));
            continue;
        };
        if list_only {
            let cs = before
                .at(&format!("{path}.containers"))
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for c in cs {
                let cname = c.str_at("name").unwrap_or("");
                if container_filter != "*" && container_filter != cname {
                    continue;
                }
                out.line(&format!("# {} {}, container {cname}", rt.singular, before.name()));
                for e in c.get("env").and_then(Value::as_array).cloned().unwrap_or_default() {
                    let name = e.str_at("name").unwrap_or("");
                    match e.get("value").and_then(Value::as_str) {
                        Some(v) => out.line(&format!("{name}={v}")),
                        None => out.line(&format!("# {name} from {}", describe_value_from(&e))),
                    }
                }
            }
            continue;
        }
        let mut after = before.as_ref().clone();
        if let Some(arr) = after.at_mut(&format!("{path}.containers")).as_array_mut() {
            for ct in arr.iter_mut() {
                let cname = ct.str_at("name").unwrap_or("").to_string();
                if container_filter != "*" && container_filter != cname {
                    continue;
                }
                let mut env: Vec<Value> =
                    ct.get("env").and_then(Value::as_array).cloned().unwrap_or_default();
                for (k, v) in &sets {
                    match env.iter_mut().find(|e| e.str_at("name") == Some(k.as_str())) {
                        Some(e) => *e = json!({"name": k, "value": v}),
                        None => env.push(json!({"name": k, "value": v})),
                    }
                }
                env.retain(|e| !removes.iter().any(|r| e.str_at("name") == Some(r.as_str())));
                if env.is_empty() {
                    if let Some(o) = ct.as_object_mut() {
                        o.remove("env");
                    }
                } else {
                    ct["env"] = Value::Array(env);
                }
            }
        }
        if after == *before.as_ref() {
            continue;
        }
        match write_back(s, rt, &before, after, "kubectl-set", dry) {
            Ok(o) => out.line(&print::confirmation(&o, "env updated", dry)),
            Err(e) => out.api_error(&e, ""),
        }
    }
    Ok(())
}

fn describe_value_from(e: &Value) -> String {
    if let Some(r) = e.at("valueFrom.configMapKeyRef") {
        return format!(
            "configmap {}, key {}",
            r.str_at("name").unwrap_or(""),
            r.str_at("key").unwrap_or("")
        );
    }
    if let Some(r) = e.at("valueFrom.secretKeyRef") {
        return format!("secret {}, key {}", r.str_at("name").unwrap_or(""), r.str_at("key").unwrap_or(""));
    }
    if let Some(r) = e.at("valueFrom.fieldRef") {
        return format!("field path {}", r.str_at("fieldPath").unwrap_or(""));
    }
    "an unknown source".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn merge_diff_sets_and_deletes() {
        let a = json!({"metadata": {"labels": {"a": "1", "b": "2"}}, "spec": {"x": 1}});
        let b = json!({"metadata": {"labels": {"a": "1", "c": "3"}}, "spec": {"x": 1}});
        assert_eq!(merge_diff(&a, &b), json!({"metadata": {"labels": {"b": null, "c": "3"}}}));
    }
}
