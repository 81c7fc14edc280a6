//! Small helpers shared by the printers.

use kubeplay_model::time::human_duration;
use kubeplay_model::{ObjectExt, SimTime};
use serde_json::Value;

/// AGE of an object: `human_duration(now - creationTimestamp)`, `<unknown>` without one.
pub fn age(obj: &Value, now: SimTime) -> String {
    match obj.creation_timestamp() {
        Some(t) => human_duration(now.millis() - t.millis()),
        None => "<unknown>".to_string(),
    }
}

/// `human_duration` since an RFC 3339 string, `<unknown>` if absent or unparsable.
pub fn since(ts: Option<&str>, now: SimTime) -> String {
    match ts.and_then(SimTime::parse_rfc3339) {
        Some(t) => human_duration(now.millis() - t.millis()),
        None => "<unknown>".to_string(),
    }
}

/// A JSON value as a plain string cell: strings bare, numbers and bools as JSON.
pub fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `k=v,k2=v2` sorted by key, as labels and selectors print.
pub fn kv_join(m: Option<&Value>) -> String {
    m.and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| format!("{k}={}", plain(v))).collect::<Vec<_>>().join(","))
        .unwrap_or_default()
}

/// An array at `path` (empty slice if absent).
pub fn arr<'a>(v: &'a Value, path: &str) -> &'a [Value] {
    v.at(path).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// A string field of a JSON object (empty if absent or not a string).
pub fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// An integer field of a JSON object (0 if absent).
pub fn i(v: &Value, key: &str) -> i64 {
    v.get(key).and_then(Value::as_i64).unwrap_or(0)
}
