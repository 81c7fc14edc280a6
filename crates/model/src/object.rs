//! Objects as JSON trees, and accessors for the metadata every controller reads.

use serde_json::{json, Map, Value};
use std::fmt;

use crate::time::SimTime;

/// A Kubernetes object exactly as stored: `apiVersion`, `kind`, `metadata`, `spec`, `status`, …
pub type Object = Value;

/// Identifies one object: which resource, which namespace (empty for cluster-scoped), which name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectRef {
    /// The plural resource name as the registry knows it (`pods`, `deployments`, …).
    pub resource: String,
    pub namespace: String,
    pub name: String,
}

impl ObjectRef {
    pub fn new(resource: &str, namespace: &str, name: &str) -> Self {
        ObjectRef { resource: resource.to_string(), namespace: namespace.to_string(), name: name.to_string() }
    }
}

impl fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.namespace.is_empty() {
            write!(f, "{}/{}", self.resource, self.name)
        } else {
            write!(f, "{}/{}/{}", self.resource, self.namespace, self.name)
        }
    }
}

/// Metadata accessors on an object tree. Missing fields read as empty, never panic.
pub trait ObjectExt {
    fn kind(&self) -> &str;
    fn api_version(&self) -> &str;
    fn name(&self) -> &str;
    fn namespace(&self) -> &str;
    fn uid(&self) -> &str;
    fn resource_version(&self) -> &str;
    fn generation(&self) -> i64;
    fn labels(&self) -> Map<String, Value>;
    fn label(&self, key: &str) -> Option<&str>;
    fn annotation(&self, key: &str) -> Option<&str>;
    fn creation_timestamp(&self) -> Option<SimTime>;
    fn deletion_timestamp(&self) -> Option<SimTime>;
    fn is_deleting(&self) -> bool;
    fn owner_references(&self) -> &[Value];
    /// The ownerReference with `controller: true`, if any.
    fn controller_ref(&self) -> Option<&Value>;
    fn finalizers(&self) -> Vec<String>;
    /// `metadata`, created if absent.
    fn meta_mut(&mut self) -> &mut Map<String, Value>;
    fn set_label(&mut self, key: &str, value: &str);
    fn set_annotation(&mut self, key: &str, value: &str);
    fn remove_annotation(&mut self, key: &str);
    /// Walk a dotted path (`spec.template.spec`); numeric segments index arrays.
    fn at(&self, path: &str) -> Option<&Value>;
    fn str_at(&self, path: &str) -> Option<&str>;
    fn i64_at(&self, path: &str) -> Option<i64>;
    fn bool_at(&self, path: &str) -> Option<bool>;
    /// Mutable access, creating intermediate objects as needed.
    fn at_mut(&mut self, path: &str) -> &mut Value;
}

static EMPTY_ARR: [Value; 0] = [];

impl ObjectExt for Value {
    fn kind(&self) -> &str {
        self.get("kind").and_then(Value::as_str).unwrap_or("")
    }
    fn api_version(&self) -> &str {
        self.get("apiVersion").and_then(Value::as_str).unwrap_or("")
    }
    fn name(&self) -> &str {
        self.str_at("metadata.name").unwrap_or("")
    }
    fn namespace(&self) -> &str {
        self.str_at("metadata.namespace").unwrap_or("")
    }
    fn uid(&self) -> &str {
        self.str_at("metadata.uid").unwrap_or("")
    }
    fn resource_version(&self) -> &str {
        self.str_at("metadata.resourceVersion").unwrap_or("")
    }
    fn generation(&self) -> i64 {
        self.i64_at("metadata.generation").unwrap_or(0)
    }
    fn labels(&self) -> Map<String, Value> {
        self.at("metadata.labels").and_then(Value::as_object).cloned().unwrap_or_default()
    }
    fn label(&self, key: &str) -> Option<&str> {
        self.at("metadata.labels")?.get(key)?.as_str()
    }
    fn annotation(&self, key: &str) -> Option<&str> {
        self.at("metadata.annotations")?.get(key)?.as_str()
    }
    fn creation_timestamp(&self) -> Option<SimTime> {
        SimTime::parse_rfc3339(self.str_at("metadata.creationTimestamp")?)
    }
    fn deletion_timestamp(&self) -> Option<SimTime> {
        SimTime::parse_rfc3339(self.str_at("metadata.deletionTimestamp")?)
    }
    fn is_deleting(&self) -> bool {
        self.at("metadata.deletionTimestamp").is_some_and(|v| !v.is_null())
    }
    fn owner_references(&self) -> &[Value] {
        self.at("metadata.ownerReferences").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&EMPTY_ARR)
    }
    fn controller_ref(&self) -> Option<&Value> {
        self.owner_references().iter().find(|r| r.get("controller").and_then(Value::as_bool) == Some(true))
    }
    fn finalizers(&self) -> Vec<String> {
        self.at("metadata.finalizers")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect())
            .unwrap_or_default()
    }
    fn meta_mut(&mut self) -> &mut Map<String, Value> {
        let m = self.at_mut("metadata");
        if !m.is_object() {
            *m = json!({});
        }
        m.as_object_mut().expect("just made an object")
    }
    fn set_label(&mut self, key: &str, value: &str) {
        set_in_map(self.at_mut("metadata.labels"), key, value);
    }
    fn set_annotation(&mut self, key: &str, value: &str) {
        set_in_map(self.at_mut("metadata.annotations"), key, value);
    }
    fn remove_annotation(&mut self, key: &str) {
        if let Some(m) = self.pointer_mut("/metadata/annotations").and_then(Value::as_object_mut) {
            m.remove(key);
        }
    }
    fn at(&self, path: &str) -> Option<&Value> {
        let mut cur = self;
        for seg in path.split('.').filter(|s| !s.is_empty()) {
            cur = match cur {
                Value::Object(m) => m.get(seg)?,
                Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(cur)
    }
    fn str_at(&self, path: &str) -> Option<&str> {
        self.at(path)?.as_str()
    }
    fn i64_at(&self, path: &str) -> Option<i64> {
        self.at(path)?.as_i64()
    }
    fn bool_at(&self, path: &str) -> Option<bool> {
        self.at(path)?.as_bool()
    }
    fn at_mut(&mut self, path: &str) -> &mut Value {
        let mut cur = self;
        for seg in path.split('.').filter(|s| !s.is_empty()) {
            if let (Value::Array(a), Ok(i)) = (&*cur, seg.parse::<usize>()) {
                if i < a.len() {
                    cur = &mut cur.as_array_mut().expect("checked")[i];
                    continue;
                }
            }
            if !cur.is_object() {
                *cur = json!({});
            }
            cur = cur
                .as_object_mut()
                .expect("just made an object")
                .entry(seg.to_string())
                .or_insert(Value::Null);
        }
        cur
    }
}

fn set_in_map(slot: &mut Value, key: &str, value: &str) {
    if !slot.is_object() {
        *slot = json!({});
    }
    slot.as_object_mut().expect("object").insert(key.to_string(), Value::String(value.to_string()));
}

/// Builds an ownerReference pointing at `owner` with controller and blockOwnerDeletion set, as
/// controllers do for the objects they create.
pub fn controller_owner_ref(owner: &Value) -> Value {
    json!({
        "apiVersion": owner.api_version(),
        "kind": owner.kind(),
        "name": owner.name(),
        "uid": owner.uid(),
        "controller": true,
        "blockOwnerDeletion": true,
    })
}

/// Labels of an object (or of any `{k: v}` JSON map) as sorted string pairs.
pub fn string_map(v: Option<&Value>) -> Vec<(String, String)> {
    v.and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string())).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn accessors_read_and_write_paths() {
        let mut o = json!({"kind": "Pod", "metadata": {"name": "web", "labels": {"app": "web"}}});
        assert_eq!(o.name(), "web");
        assert_eq!(o.label("app"), Some("web"));
        assert_eq!(o.namespace(), "");
        o.set_annotation("a", "b");
        assert_eq!(o.annotation("a"), Some("b"));
        *o.at_mut("spec.replicas") = json!(3);
        assert_eq!(o.i64_at("spec.replicas"), Some(3));
        assert!(!o.is_deleting());
    }
}
