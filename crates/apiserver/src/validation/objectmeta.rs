//! `ValidateObjectMeta` (`apimachinery/pkg/api/validation/objectmeta.go`): names per kind,
//! namespace, labels, annotations, finalizers.

use kubeplay_model::errors::BadValue;
use kubeplay_model::names::{
    is_dns1035_label, is_dns1123_label, is_dns1123_subdomain, is_qualified_name, is_valid_label_value,
};
use kubeplay_model::object::ObjectExt;
use kubeplay_model::{FieldError, Object};
use serde_json::Value;

use super::Errs;
use crate::store::ResInfo;

/// The annotation size limit (`TotalAnnotationSizeLimitB`).
pub const TOTAL_ANNOTATION_SIZE_LIMIT: usize = 256 * 1024;

fn name_rule(plural: &str) -> fn(&str) -> Vec<String> {
    match plural {
        "namespaces" => is_dns1123_label,
        "services" => is_dns1035_label,
        _ => is_dns1123_subdomain,
    }
}

/// `ValidateLabels`: every key a qualified name, every value a label value.
pub fn labels(v: Option<&Value>, field: &str, errs: &mut Errs) {
    let Some(m) = v.and_then(Value::as_object) else { return };
    for (k, val) in m {
        for msg in is_qualified_name(k) {
            errs.push(FieldError::invalid(field, BadValue::Str(k.clone()), msg));
        }
        let s = val.as_str().unwrap_or_default();
        for msg in is_valid_label_value(s) {
            errs.push(FieldError::invalid(field, BadValue::Str(s.to_string()), msg));
        }
    }
}

/// `ValidateAnnotations`: keys are qualified names; the total size is at most 256 KiB.
pub fn annotations(v: Option<&Value>, field: &str, errs: &mut Errs) {
    let Some(m) = v.and_then(Value::as_object) else { return };
    let mut total = 0usize;
    for (k, val) in m {
        for msg in is_qualified_name(&k.to_ascii_lowercase()) {
            errs.push(FieldError::invalid(field, BadValue::Str(k.clone()), msg));
        }
        total += k.len() + val.as_str().map(str::len).unwrap_or(0);
    }
    if total > TOTAL_ANNOTATION_SIZE_LIMIT {
        errs.push(FieldError::new(
            kubeplay_model::FieldErrorType::TooLong,
            field,
            BadValue::None,
            format!("may not be more than {TOTAL_ANNOTATION_SIZE_LIMIT} bytes"),
        ));
    }
}

/// Replaces a trailing dash so a generateName prefix validates like a full name.
fn mask_trailing_dash(s: &str) -> String {
    match s.strip_suffix('-') {
        Some(p) if !p.is_empty() => format!("{p}a"),
        _ => s.to_string(),
    }
}

pub fn validate(info: &ResInfo, obj: &Object, errs: &mut Errs) {
    let rule = name_rule(&info.plural);
    let name = obj.name();
    if let Some(gen) = obj.str_at("metadata.generateName").filter(|g| !g.is_empty()) {
        for msg in rule(&mask_trailing_dash(gen)) {
            errs.push(FieldError::invalid("metadata.generateName", BadValue::Str(gen.to_string()), msg));
        }
    }
    if name.is_empty() {
        errs.push(FieldError::required("metadata.name", "name or generateName is required"));
    } else {
        for msg in rule(name) {
            errs.push(FieldError::invalid("metadata.name", BadValue::Str(name.to_string()), msg));
        }
    }
    let ns = obj.namespace();
    if info.namespaced {
        if ns.is_empty() {
            errs.push(FieldError::required("metadata.namespace", ""));
        } else {
            for msg in is_dns1123_label(ns) {
                errs.push(FieldError::invalid("metadata.namespace", BadValue::Str(ns.to_string()), msg));
            }
        }
    } else if !ns.is_empty() {
        errs.push(FieldError::forbidden("metadata.namespace", "not allowed on this type"));
    }
    labels(obj.at("metadata.labels"), "metadata.labels", errs);
    annotations(obj.at("metadata.annotations"), "metadata.annotations", errs);
    let fins = obj.finalizers();
    let mut seen: Vec<&str> = Vec::new();
    for f in &fins {
        for msg in is_qualified_name(f) {
            errs.push(FieldError::invalid("metadata.finalizers", BadValue::Str(f.clone()), msg));
        }
        if seen.contains(&f.as_str()) {
            errs.push(FieldError::duplicate("metadata.finalizers", BadValue::Str(f.clone())));
        }
        seen.push(f);
    }
    if seen.contains(&"orphan") && seen.contains(&"foregroundDeletion") {
        let q: Vec<String> = fins.iter().map(|f| kubeplay_model::errors::go_quote(f)).collect();
        errs.push(FieldError::invalid(
            "metadata.finalizers",
            BadValue::Raw(format!("[]string{{{}}}", q.join(", "))),
            "finalizer orphan and foregroundDeletion cannot be both set",
        ));
    }
    let controllers = obj
        .owner_references()
        .iter()
        .filter(|r| r.get("controller").and_then(Value::as_bool) == Some(true))
        .count();
    if controllers > 1 {
        errs.push(FieldError::invalid(
            "metadata.ownerReferences",
            BadValue::Raw(String::new()),
            "Only one reference can have Controller set to true",
        ));
    }
}
