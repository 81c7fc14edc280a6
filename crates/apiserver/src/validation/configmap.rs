//! ConfigMap and Secret validation: keys (`IsConfigMapKey`), size limits, Secret types,
//! immutability.

use kubeplay_model::errors::BadValue;
use kubeplay_model::names::regex_error;
use kubeplay_model::object::ObjectExt;
use kubeplay_model::{FieldError, FieldErrorType, Object};
use serde_json::Value;

use super::Errs;

/// `MaxSecretSize`, shared by ConfigMaps.
pub const MAX_SIZE: usize = 1024 * 1024;

/// `IsConfigMapKey`: the messages apimachinery returns for a data key.
pub fn config_key_errors(k: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if k.len() > 253 {
        errs.push("must be no more than 253 characters".to_string());
    }
    if k.is_empty() || !k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.') {
        errs.push(regex_error(
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
            "[-._a-zA-Z0-9]+",
            &["key.name", "KEY_NAME", "key-name"],
        ));
    }
    if k == "." {
        errs.push("must not be '.'".to_string());
    } else if k == ".." {
        errs.push("must not be '..'".to_string());
    } else if k.starts_with("..") {
        errs.push("must not start with '..'".to_string());
    }
    errs
}

fn keys(obj: &Object, field: &str, errs: &mut Errs) -> usize {
    let mut total = 0;
    for (k, v) in obj.get(field).and_then(Value::as_object).into_iter().flatten() {
        for msg in config_key_errors(k) {
            errs.push(FieldError::invalid(format!("{field}[{k}]"), BadValue::Str(k.clone()), msg));
        }
        total += v.as_str().map(str::len).unwrap_or(0);
    }
    total
}

fn too_long(field: &str) -> FieldError {
    FieldError::new(
        FieldErrorType::TooLong,
        field,
        BadValue::None,
        format!("may not be more than {MAX_SIZE} bytes"),
    )
}

pub fn configmap(obj: &Object, errs: &mut Errs) {
    let mut total = keys(obj, "data", errs);
    total += keys(obj, "binaryData", errs);
    let data = obj.get("data").and_then(Value::as_object);
    for k in obj.get("binaryData").and_then(Value::as_object).into_iter().flat_map(|m| m.keys()) {
        if data.is_some_and(|d| d.contains_key(k)) {
            errs.push(FieldError::invalid(
                format!("data[{k}]"),
                BadValue::Str(k.clone()),
                "duplicate of key present in binaryData",
            ));
        }
    }
    if total > MAX_SIZE {
        errs.push(too_long(""));
    }
}

pub fn secret(obj: &Object, errs: &mut Errs) {
    let mut total = 0;
    for (k, v) in obj.get("data").and_then(Value::as_object).into_iter().flatten() {
        for msg in config_key_errors(k) {
            errs.push(FieldError::invalid(format!("data[{k}]"), BadValue::Str(k.clone()), msg));
        }
        let s = v.as_str().unwrap_or("");
        match kubeplay_model::base64::decode(s) {
            Some(b) => total += b.len(),
            None => errs.push(FieldError::invalid(
                format!("data[{k}]"),
                BadValue::Raw("\"<secret contents redacted>\"".into()),
                "illegal base64 data",
            )),
        }
    }
    if total > MAX_SIZE {
        errs.push(too_long("data"));
    }
    let data = obj.get("data").and_then(Value::as_object);
    let has = |k: &str| data.is_some_and(|d| d.contains_key(k));
    let ty = obj.get("type").and_then(Value::as_str).unwrap_or("Opaque");
    // Keys each built-in Secret type requires.
    let required: &[&str] = match ty {
        "kubernetes.io/tls" => &["tls.crt", "tls.key"],
        "kubernetes.io/dockerconfigjson" => &[".dockerconfigjson"],
        "kubernetes.io/dockercfg" => &[".dockercfg"],
        "kubernetes.io/ssh-auth" => &["ssh-privatekey"],
        "kubernetes.io/basic-auth" if !has("username") && !has("password") => &["username", "password"],
        _ => &[],
    };
    for k in required {
        if !has(k) {
            errs.push(FieldError::required(format!("data[{k}]"), ""));
        }
    }
    if ty == "kubernetes.io/service-account-token"
        && obj.annotation("kubernetes.io/service-account.name").is_none_or(str::is_empty)
    {
        errs.push(FieldError::required("metadata.annotations[kubernetes.io/service-account.name]", ""));
    }
}

/// `immutable: true` freezes data (and cannot be unset); Secret types never change.
pub fn immutable_update(new: &Object, old: &Object, errs: &mut Errs) {
    if old.kind() == "Secret" && new.get("type") != old.get("type") {
        errs.push(FieldError::invalid(
            "type",
            BadValue::Str(new.get("type").and_then(Value::as_str).unwrap_or("").to_string()),
            "field is immutable",
        ));
    }
    if old.get("immutable").and_then(Value::as_bool) == Some(true) {
        if new.get("immutable").and_then(Value::as_bool) != Some(true) {
            errs.push(FieldError::forbidden("immutable", "field is immutable when `immutable` is set"));
        }
        if new.get("data") != old.get("data") {
            errs.push(FieldError::forbidden("data", "field is immutable when `immutable` is set"));
        }
        if new.get("binaryData") != old.get("binaryData") {
            errs.push(FieldError::forbidden("binaryData", "field is immutable when `immutable` is set"));
        }
    }
}
