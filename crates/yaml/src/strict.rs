//! Strict decoding as the v1.33 API server does it for kubectl's default `--validate=strict`
//! (`fieldValidation=Strict`), plus kubectl's own client-side apiVersion/kind check.
//!
//! The server decodes the JSON kubectl sends (keys sorted) into the typed object: the first type
//! error wins (`json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of
//! type int32`); otherwise every unknown field is reported, joined:
//! `strict decoding error: unknown field "spec.replica", unknown field "spec.x"`.

use kubeplay_model::quantity::Quantity;
use kubeplay_schema::{self as schema, FieldType};
use serde_json::Value;

use crate::span::{push_index, push_key};
use crate::{Diagnostic, Document, Pos, Severity};

/// One decoding problem at a path.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Problem {
    path: String,
    /// Type errors are fatal for the server; unknown fields are "strict" errors.
    unknown: bool,
    message: String,
}

/// kubectl's client-side check (`getObjectKind`): the messages it aggregates into
/// `error validating data: ...`.
fn kind_errors(v: &Value) -> Vec<(String, &'static str)> {
    let Value::Object(m) = v else { return vec![("invalid object to validate".into(), "")] };
    let mut errs = Vec::new();
    match m.get("apiVersion") {
        None | Some(Value::Null) => errs.push(("apiVersion not set".into(), "")),
        Some(Value::String(s)) => {
            if s.matches('/').count() > 1 {
                errs.push((format!("unexpected GroupVersion string: {s}"), "apiVersion"));
            }
        }
        Some(_) => errs.push(("apiVersion isn't string type".into(), "apiVersion")),
    }
    match m.get("kind") {
        None | Some(Value::Null) => errs.push(("kind not set".into(), "")),
        Some(Value::String(_)) => {}
        Some(_) => errs.push(("kind isn't string type".into(), "kind")),
    }
    errs
}

/// kubectl's error for a document without a usable apiVersion/kind:
/// `error: error validating "x.yaml": error validating data: kind not set; if you choose to ignore
/// these errors, turn validation off with --validate=false`.
pub fn kubectl_validate_error(filename: &str, doc: &Document) -> Option<String> {
    let errs = kind_errors(&doc.value);
    if errs.is_empty() {
        return None;
    }
    let joined = if errs.len() == 1 {
        errs[0].0.clone()
    } else {
        format!("[{}]", errs.iter().map(|e| e.0.as_str()).collect::<Vec<_>>().join(", "))
    };
    Some(format!(
        "error: error validating \"{filename}\": error validating data: {joined}; if you choose to ignore these errors, turn validation off with --validate=false"
    ))
}

fn root_of(v: &Value) -> Option<(&str, &str, &'static str)> {
    let api_version = v.get("apiVersion")?.as_str()?;
    let kind = v.get("kind")?.as_str()?;
    let root = schema::root_type(api_version, kind)?;
    Some((api_version, kind, root))
}

/// The server's BadRequest message for a document that fails strict decoding
/// (`Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ...`), the
/// text kubectl prints after `Error from server (BadRequest): error when creating "x.yaml": `.
/// `None` when the document decodes cleanly or its kind is not one the schema knows.
pub fn server_decode_error(doc: &Document) -> Option<String> {
    let (api_version, kind, root) = root_of(&doc.value)?;
    let problems = decode_problems(&doc.value, root);
    let version = api_version.rsplit('/').next().unwrap_or(api_version);
    let detail = if let Some(p) = problems.iter().find(|p| !p.unknown) {
        p.message.clone()
    } else if !problems.is_empty() {
        format!(
            "strict decoding error: {}",
            problems.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join(", ")
        )
    } else {
        return None;
    };
    Some(format!("{kind} in version \"{version}\" cannot be handled as a {kind}: {detail}"))
}

/// Strict decoding as the v1.33 API server does it with kubectl's default `--validate=strict`:
/// unknown fields, wrong types, missing apiVersion/kind. Every problem becomes a diagnostic at the
/// offending key (unknown fields) or value (type errors). A `v1` `List` has each item checked.
/// `doc_index` is left 0: set it from the document's place in the manifest.
pub fn strict_check(doc: &Document) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let is_list = doc.value.get("apiVersion").and_then(Value::as_str) == Some("v1")
        && doc.value.get("kind").and_then(Value::as_str) == Some("List");
    match doc.value.get("items") {
        // kubectl sends a List's items one by one, so each is checked on its own.
        Some(Value::Array(items)) if is_list => {
            for (i, item) in items.iter().enumerate() {
                check_object(item, doc, &push_index("items", i), &mut out);
            }
        }
        _ => check_object(&doc.value, doc, "", &mut out),
    }
    out
}

fn diag(pos: Pos, message: String, path: Option<String>) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        pos,
        end: None,
        message,
        path,
        doc_index: 0,
        kubectl_detail: None,
    }
}

fn diag_range(range: (Pos, Pos), message: String, path: String) -> Diagnostic {
    Diagnostic { end: Some(range.1), ..diag(range.0, message, Some(path)) }
}

/// Checks one object found at `prefix` in the document.
fn check_object(v: &Value, doc: &Document, prefix: &str, out: &mut Vec<Diagnostic>) {
    let abs = |p: &str| match (prefix.is_empty(), p.is_empty()) {
        (true, _) => p.to_string(),
        (false, true) => prefix.to_string(),
        (false, false) => format!("{prefix}.{p}"),
    };
    let root_pos = doc.spans.get(prefix).unwrap_or(Pos { line: doc.start_line, col: 1 });
    let errs = kind_errors(v);
    if !errs.is_empty() {
        for (message, key) in errs {
            match doc.spans.range(&abs(key)).filter(|_| !key.is_empty()) {
                Some(r) => out.push(diag_range(r, message, abs(key))),
                None => out.push(diag(root_pos, message, None)),
            }
        }
        return;
    }
    let Some((_, _, root)) = root_of(v) else {
        let api_version = v.get("apiVersion").and_then(Value::as_str).unwrap_or("");
        let kind = v.get("kind").and_then(Value::as_str).unwrap_or("");
        let message = format!("no matches for kind \"{kind}\" in version \"{api_version}\"");
        match doc.spans.range(&abs("kind")) {
            Some(r) => out.push(diag_range(r, message, abs("kind"))),
            None => out.push(diag(root_pos, message, Some(abs("kind")))),
        }
        return;
    };
    for p in decode_problems(v, root) {
        let path = abs(&p.path);
        let range = if p.unknown { doc.spans.key_range(&path) } else { doc.spans.range(&path) };
        match range {
            Some(r) => out.push(diag_range(r, p.message, path)),
            None => {
                let pos = doc.spans.nearest(&path).unwrap_or(root_pos);
                out.push(diag(pos, p.message, Some(path)));
            }
        }
    }
}

fn decode_problems(v: &Value, root: &'static str) -> Vec<Problem> {
    let mut d = Decoder { problems: Vec::new(), fields: Vec::new() };
    d.object(v, root, "");
    d.problems
}

struct Decoder {
    problems: Vec<Problem>,
    /// JSON field names from the root (Go's error context has no list indexes).
    fields: Vec<String>,
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Go's `reflect.Type.String()` for a field type.
fn go_type(t: &FieldType) -> String {
    match t {
        FieldType::String => "string".into(),
        FieldType::Int32 => "int32".into(),
        FieldType::Int64 => "int64".into(),
        FieldType::Bool => "bool".into(),
        FieldType::Number => "float64".into(),
        FieldType::IntOrString => "intstr.IntOrString".into(),
        FieldType::Quantity => "resource.Quantity".into(),
        FieldType::Time => "v1.Time".into(),
        FieldType::Bytes => "[]uint8".into(),
        FieldType::Object(name) => format!("v1.{}", schema::short_name(name)),
        FieldType::Array(inner) => format!("[]{}", go_type(inner)),
        FieldType::Map(inner) => format!("map[string]{}", go_type(inner)),
        FieldType::Any => "interface {}".into(),
    }
}

impl Decoder {
    fn type_error(&mut self, path: &str, value: String, strukt: &str, ty: &str) {
        let message = format!(
            "json: cannot unmarshal {value} into Go struct field {strukt}.{} of type {ty}",
            self.fields.join(".")
        );
        self.problems.push(Problem { path: path.to_string(), unknown: false, message });
    }

    fn plain_error(&mut self, path: &str, message: String) {
        self.problems.push(Problem { path: path.to_string(), unknown: false, message });
    }

    fn object(&mut self, v: &Value, ty: &'static str, path: &str) {
        let Value::Object(map) = v else { return };
        let mut keys: Vec<&String> = map.keys().collect();
        keys.sort();
        for k in keys {
            let child = push_key(path, k);
            let Some(val) = map.get(k) else { continue };
            match schema::field(ty, k) {
                None => {
                    let shown = display_path(path, k);
                    self.problems.push(Problem {
                        path: child,
                        unknown: true,
                        message: format!("unknown field \"{shown}\""),
                    });
                }
                Some(f) => {
                    self.fields.push(k.clone());
                    self.value(val, &f.ty, &child, schema::short_name(ty));
                    self.fields.pop();
                }
            }
        }
    }

    fn value(&mut self, v: &Value, t: &FieldType, path: &str, strukt: &str) {
        if v.is_null() {
            return;
        }
        match t {
            FieldType::String => {
                if !v.is_string() {
                    self.type_error(path, json_kind(v).into(), strukt, "string");
                }
            }
            FieldType::Bool => {
                if !v.is_boolean() {
                    self.type_error(path, json_kind(v).into(), strukt, "bool");
                }
            }
            FieldType::Int32 | FieldType::Int64 => {
                let ty = if *t == FieldType::Int32 { "int32" } else { "int64" };
                match v {
                    Value::Number(n) => {
                        let fits = match n.as_i64() {
                            Some(i) => *t == FieldType::Int64 || i32::try_from(i).is_ok(),
                            None => false,
                        };
                        if !fits {
                            self.type_error(
                                path,
                                format!("number {}", crate::json::go_number_text(n)),
                                strukt,
                                ty,
                            );
                        }
                    }
                    _ => self.type_error(path, json_kind(v).into(), strukt, ty),
                }
            }
            FieldType::Number => {
                if !v.is_number() {
                    self.type_error(path, json_kind(v).into(), strukt, "float64");
                }
            }
            FieldType::IntOrString => match v {
                Value::String(_) => {}
                Value::Number(n) if n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) => {}
                Value::Number(n) => self.plain_error(
                    path,
                    format!(
                        "json: cannot unmarshal number {} into Go value of type int32",
                        crate::json::go_number_text(n)
                    ),
                ),
                _ => self.plain_error(
                    path,
                    format!("json: cannot unmarshal {} into Go value of type int32", json_kind(v)),
                ),
            },
            FieldType::Quantity => {
                let text = match v {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => crate::json::go_number_text(n),
                    other => serde_json::to_string(other).unwrap_or_default(),
                };
                if let Err(e) = Quantity::parse(&text) {
                    self.plain_error(path, e);
                }
            }
            FieldType::Time => match v {
                Value::String(s) => {
                    if let Some(e) = crate::gotime::rfc3339_error(s) {
                        self.plain_error(path, e);
                    }
                }
                _ => self.plain_error(
                    path,
                    format!("json: cannot unmarshal {} into Go value of type string", json_kind(v)),
                ),
            },
            FieldType::Bytes => match v {
                Value::String(s) => {
                    if let Some(at) = base64_error_offset(s) {
                        self.plain_error(path, format!("illegal base64 data at input byte {at}"));
                    }
                }
                _ => self.type_error(path, json_kind(v).into(), strukt, "[]uint8"),
            },
            FieldType::Object(name) => match v {
                Value::Object(_) => self.object(v, name, path),
                _ => self.type_error(path, json_kind(v).into(), strukt, &go_type(t)),
            },
            FieldType::Array(inner) => match v {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.value(item, inner, &push_index(path, i), strukt);
                    }
                }
                _ => self.type_error(path, json_kind(v).into(), strukt, &go_type(t)),
            },
            FieldType::Map(inner) => match v {
                Value::Object(map) => {
                    let mut keys: Vec<&String> = map.keys().collect();
                    keys.sort();
                    for k in keys {
                        if let Some(item) = map.get(k) {
                            self.value(item, inner, &push_key(path, k), strukt);
                        }
                    }
                }
                _ => self.type_error(path, json_kind(v).into(), strukt, &go_type(t)),
            },
            FieldType::Any => {}
        }
    }
}

/// Unknown-field paths as the server prints them: dotted JSON names with list indexes
/// (`spec.template.spec.containers[0].imagePullPolice`).
fn display_path(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// Go's `base64.StdEncoding` decode error offset (`CorruptInputError`), or `None` when the text
/// decodes. Line breaks are skipped, as Go does.
fn base64_error_offset(s: &str) -> Option<usize> {
    let src = s.as_bytes();
    let valid = |c: u8| c.is_ascii_alphanumeric() || c == b'+' || c == b'/';
    let skip_breaks = |mut i: usize| {
        while i < src.len() && (src[i] == b'\n' || src[i] == b'\r') {
            i += 1;
        }
        i
    };
    let mut si = 0;
    loop {
        // One quantum of four characters.
        let mut j = 0;
        while j < 4 {
            if si == src.len() {
                return match j {
                    0 => None,
                    _ => Some(si - j),
                };
            }
            let c = src[si];
            si += 1;
            if c == b'\n' || c == b'\r' {
                continue;
            }
            if c == b'=' {
                match j {
                    0 | 1 => return Some(si - 1),
                    2 => {
                        si = skip_breaks(si);
                        if si == src.len() {
                            return Some(src.len());
                        }
                        if src[si] != b'=' {
                            return Some(si - 1);
                        }
                        si += 1;
                    }
                    _ => {}
                }
                si = skip_breaks(si);
                return (si < src.len()).then_some(si);
            }
            if !valid(c) {
                return Some(si - 1);
            }
            j += 1;
        }
    }
}
