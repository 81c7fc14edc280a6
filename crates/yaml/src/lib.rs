//! YAML manifests with line/column spans: multi-document parsing, strict decoding against the schema,
//! and kubectl-style YAML/JSON output.
//!
//! - [`parse_documents`]: multi-document text → `serde_json::Value`s with a [`SpanMap`] each, plus
//!   [`Diagnostic`]s (syntax errors worded as go-yaml words them, duplicate keys, limits). YAML 1.1
//!   scalars as go-yaml v2 resolves them (`yes` is `true`). Never panics, never stops at the first
//!   bad document.
//! - [`strict_check`] / [`server_decode_error`] / [`kubectl_validate_error`]: what the v1.33 server
//!   and kubectl say about unknown fields, wrong types and missing apiVersion/kind.
//! - [`DiagnosticsCache`]: the editor's parse + strict check of a whole manifest, re-parsing only
//!   the documents whose text changed since the previous call.
//! - [`to_yaml`] / [`to_json`]: `kubectl get -o yaml` / `-o json` output, byte for byte.

mod cache;
mod errors;
mod gotime;
mod json;
mod parse;
mod resolve;
pub mod span;
mod strict;
mod yaml_out;

pub use cache::{Diagnosis, DiagnosticsCache};
pub use json::to_json;
pub use parse::{parse_documents, MAX_DEPTH, MAX_NODES, MAX_TEXT_BYTES};
pub use span::SpanMap;
pub use strict::{kubectl_validate_error, server_decode_error, strict_check};
pub use yaml_out::to_yaml;

/// A 1-based line/column position (columns count characters), as editors and kubectl show them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// One YAML document of a manifest.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub value: serde_json::Value,
    pub spans: SpanMap,
    /// First and last line (1-based) of the document's text in the manifest.
    pub start_line: u32,
    pub end_line: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// A problem found in a manifest, with the position to underline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub pos: Pos,
    pub end: Option<Pos>,
    /// The problem alone, e.g. `mapping values are not allowed in this context` or
    /// `unknown field "spec.replica"`.
    pub message: String,
    /// The field path, when the problem concerns one.
    pub path: Option<String>,
    /// Which document of the manifest (counting non-empty documents from 0).
    pub doc_index: usize,
    /// For syntax errors: go-yaml's full error as kubectl quotes it, with the line relative to the
    /// document (`yaml: line 5: mapping values are not allowed in this context`).
    pub kubectl_detail: Option<String>,
}

/// The schema field a document path names (`spec.template.spec.containers[0].image`), for hover
/// and completion: list indexes and map keys are stepped through.
pub fn schema_field(doc: &Document, path: &str) -> Option<&'static kubeplay_schema::Field> {
    let api_version = doc.value.get("apiVersion")?.as_str()?;
    let kind = doc.value.get("kind")?.as_str()?;
    let mut ty: &str = kubeplay_schema::root_type(api_version, kind)?;
    let mut current: Option<&'static kubeplay_schema::Field> = None;
    for seg in span::parse_path(path) {
        let span::Segment::Key(name) = seg else { continue };
        // A key below a map-typed field is a map key, not a field.
        if let Some(f) = current {
            if matches!(f.ty, kubeplay_schema::FieldType::Map(_)) {
                continue;
            }
            ty = f.ty.object_type()?;
        }
        current = Some(kubeplay_schema::field(ty, &name)?);
    }
    current
}

/// The schema object type of the mapping at `path` (`""` is the document root), for completing its
/// keys: `spec.template.spec.containers[0]` → `io.k8s.api.core.v1.Container`.
pub fn schema_object_type(doc: &Document, path: &str) -> Option<kubeplay_schema::TypeRef> {
    if span::parse_path(path).iter().all(|s| matches!(s, span::Segment::Index(_))) {
        let api_version = doc.value.get("apiVersion")?.as_str()?;
        let kind = doc.value.get("kind")?.as_str()?;
        return kubeplay_schema::root_type(api_version, kind);
    }
    schema_field(doc, path)?.ty.object_type()
}

/// kubectl's line for a YAML syntax error:
/// `error: error parsing x.yaml: error converting YAML to JSON: yaml: line 5: ...`.
pub fn kubectl_parse_error(filename: &str, d: &Diagnostic) -> String {
    match &d.kubectl_detail {
        Some(detail) if detail.starts_with("invalid Yaml document separator") => {
            format!("error: error parsing {filename}: {detail}")
        }
        Some(detail) => format!("error: error parsing {filename}: error converting YAML to JSON: {detail}"),
        None => {
            format!("error: error parsing {filename}: error converting YAML to JSON: yaml: {}", d.message)
        }
    }
}

#[cfg(test)]
mod cache_tests;
#[cfg(test)]
mod tests;

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
