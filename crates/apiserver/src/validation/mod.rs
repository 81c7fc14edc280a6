//! Validation with v1.33 messages and field paths (`pkg/apis/*/validation/validation.go`),
//! every problem collected, in upstream's order.

pub(crate) mod apps;
pub(crate) mod configmap;
mod objectmeta;
pub(crate) mod pod;
pub(crate) mod service;

use kubeplay_model::errors::BadValue;
use kubeplay_model::{FieldError, Object};
use serde_json::Value;

use crate::store::ResInfo;

pub(crate) type Errs = Vec<FieldError>;

/// `ValidateNonnegativeField`.
pub(crate) fn non_negative(v: Option<&Value>, field: &str, errs: &mut Errs) {
    if let Some(n) = v.and_then(Value::as_i64) {
        if n < 0 {
            errs.push(FieldError::invalid(field, BadValue::Int(n), "must be greater than or equal to 0"));
        }
    }
}

/// The most replicas one workload may ask for in the playground. Real clusters have no such
/// field limit; here a typo like `replicas: 1000000` must not grind the browser tab for minutes,
/// so it is refused up front with a message that says why.
pub const MAX_REPLICAS: i64 = 10_000;

/// `spec.replicas`: non-negative (upstream) and within the playground limit.
pub(crate) fn replicas(v: Option<&Value>, errs: &mut Errs) {
    non_negative(v, "spec.replicas", errs);
    if let Some(n) = v.and_then(Value::as_i64) {
        if n > MAX_REPLICAS {
            errs.push(FieldError::invalid(
                "spec.replicas",
                BadValue::Int(n),
                format!("must be less than or equal to {MAX_REPLICAS} (a kubeplay playground limit)"),
            ));
        }
    }
}

/// A JSON value as a field error prints it (`%v` of the Go value).
pub(crate) fn bad_value(v: &Value) -> BadValue {
    match v {
        Value::String(s) => BadValue::Str(s.clone()),
        Value::Number(n) => n.as_i64().map(BadValue::Int).unwrap_or_else(|| BadValue::Raw(n.to_string())),
        Value::Bool(b) => BadValue::Bool(*b),
        Value::Null => BadValue::Raw("null".into()),
        other => BadValue::Raw(other.to_string()),
    }
}

pub fn validate_create(info: &ResInfo, obj: &Object) -> Vec<FieldError> {
    let mut errs = Vec::new();
    objectmeta::validate(info, obj, &mut errs);
    crate::registry::strategy(&info.plural).validate(obj, &mut errs);
    errs
}

pub fn validate_update(info: &ResInfo, new: &Object, old: &Object) -> Vec<FieldError> {
    let mut errs = validate_create(info, new);
    crate::registry::strategy(&info.plural).validate_update(new, old, &mut errs);
    errs
}

#[cfg(test)]
mod tests;
