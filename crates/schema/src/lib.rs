//! The Kubernetes v1.33 API schema for the simulated kinds: field types for strict decoding, docs for
//! `kubectl explain`, editor completion and hover.
//!
//! The data is upstream's OpenAPI definitions (types, fields, required-ness, descriptions) for the
//! kinds we simulate and every type they reference, extracted once by `gen/gen.py` into
//! `data/schema.json`, embedded with `include_str!` and parsed lazily on first use.

mod explain;
mod wrap;

pub use explain::explain;

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The type of a field's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldType {
    String,
    Int32,
    Int64,
    Bool,
    Number,
    IntOrString,
    Quantity,
    /// RFC 3339 timestamp (`metav1.Time` and `MicroTime`).
    Time,
    /// A base64-encoded byte string (`Secret.data` values).
    Bytes,
    /// A nested object, by its OpenAPI definition name (`io.k8s.api.core.v1.PodSpec`).
    Object(&'static str),
    Array(Box<FieldType>),
    /// A map from string keys to values of the inner type.
    Map(Box<FieldType>),
    /// Anything (RawExtension, FieldsV1).
    Any,
}

impl FieldType {
    /// The type name `kubectl explain` shows between `<` and `>` (`[]Container`, `map[string]string`).
    pub fn explain_name(&self) -> String {
        match self {
            FieldType::String | FieldType::Time | FieldType::Bytes => "string".to_string(),
            FieldType::Int32 | FieldType::Int64 => "integer".to_string(),
            FieldType::Bool => "boolean".to_string(),
            FieldType::Number => "number".to_string(),
            FieldType::IntOrString => "IntOrString".to_string(),
            FieldType::Quantity => "Quantity".to_string(),
            FieldType::Object(name) => short_name(name).to_string(),
            FieldType::Array(inner) => format!("[]{}", inner.explain_name()),
            FieldType::Map(inner) => format!("map[string]{}", inner.explain_name()),
            FieldType::Any => "Object".to_string(),
        }
    }

    /// The object type reached through arrays and maps, if any.
    pub fn object_type(&self) -> Option<TypeRef> {
        match self {
            FieldType::Object(name) => Some(name),
            FieldType::Array(inner) | FieldType::Map(inner) => inner.object_type(),
            _ => None,
        }
    }
}

/// The last dotted segment of a definition name: `io.k8s.api.apps.v1.DeploymentSpec` → `DeploymentSpec`.
pub fn short_name(type_name: &str) -> &str {
    type_name.rsplit('.').next().unwrap_or(type_name)
}

/// One field of an object type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub ty: FieldType,
    pub doc: &'static str,
    pub required: bool,
    pub enum_values: Vec<&'static str>,
    /// The OpenAPI definition the field's type refers to, directly or as its items/values: an object
    /// type (`io.k8s.api.core.v1.Container`) or a leaf type (`io.k8s.apimachinery.pkg.apis.meta.v1.Time`).
    pub def: Option<&'static str>,
}

/// An object type of the schema.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// OpenAPI definition name, `io.k8s.api.apps.v1.Deployment`.
    pub name: &'static str,
    pub doc: &'static str,
    /// Sorted by name.
    pub fields: Vec<Field>,
}

/// A handle to an object type (its OpenAPI definition name).
pub type TypeRef = &'static str;

/// A kind the schema knows, with its root type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kind {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub type_name: TypeRef,
}

struct Schema {
    kinds: Vec<Kind>,
    types: BTreeMap<&'static str, TypeDef>,
}

const DATA: &str = include_str!("../data/schema.json");

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

/// A type code of `data/schema.json` (see `gen/gen.py`) and the definition it names, if any.
fn parse_type(code: &str) -> (FieldType, Option<&'static str>) {
    if let Some(rest) = code.strip_prefix("[]") {
        let (t, def) = parse_type(rest);
        return (FieldType::Array(Box::new(t)), def);
    }
    if let Some(rest) = code.strip_prefix("{}") {
        let (t, def) = parse_type(rest);
        return (FieldType::Map(Box::new(t)), def);
    }
    let (kind, def) = match code.split_once(':') {
        Some((kind, name)) => (kind, Some(leak(name))),
        None => (code, None),
    };
    let t = match kind {
        "o" => FieldType::Object(def.unwrap_or("")),
        "s" => FieldType::String,
        "i32" => FieldType::Int32,
        "i64" => FieldType::Int64,
        "b" => FieldType::Bool,
        "n" => FieldType::Number,
        "ios" => FieldType::IntOrString,
        "q" => FieldType::Quantity,
        "t" => FieldType::Time,
        "y" => FieldType::Bytes,
        _ => FieldType::Any,
    };
    (t, def)
}

fn str_at(v: &serde_json::Value, i: usize) -> &str {
    v.get(i).and_then(serde_json::Value::as_str).unwrap_or("")
}

fn load() -> Schema {
    use serde_json::Value;
    let root: Value = serde_json::from_str(DATA).unwrap_or(Value::Null);
    let kinds = root["roots"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| Kind {
                    api_version: leak(str_at(r, 0)),
                    kind: leak(str_at(r, 1)),
                    type_name: leak(str_at(r, 2)),
                })
                .collect()
        })
        .unwrap_or_default();
    let mut types = BTreeMap::new();
    if let Some(map) = root["types"].as_object() {
        for (name, def) in map {
            let name = leak(name);
            let fields = def
                .get(1)
                .and_then(Value::as_array)
                .map(|fs| {
                    fs.iter()
                        .map(|f| {
                            let (ty, def) = parse_type(str_at(f, 1));
                            Field {
                                name: leak(str_at(f, 0)),
                                ty,
                                def,
                                doc: leak(str_at(f, 2)),
                                required: f.get(3).and_then(Value::as_u64) == Some(1),
                                enum_values: f
                                    .get(4)
                                    .and_then(Value::as_array)
                                    .map(|e| e.iter().filter_map(Value::as_str).map(leak).collect())
                                    .unwrap_or_default(),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            types.insert(name, TypeDef { name, doc: leak(str_at(def, 0)), fields });
        }
    }
    Schema { kinds, types }
}

fn schema() -> &'static Schema {
    static S: OnceLock<Schema> = OnceLock::new();
    S.get_or_init(load)
}

/// Every kind the schema describes.
pub fn kinds() -> &'static [Kind] {
    &schema().kinds
}

/// The root type of a kind, e.g. `("apps/v1", "Deployment")` → `io.k8s.api.apps.v1.Deployment`.
pub fn root_type(api_version: &str, kind: &str) -> Option<TypeRef> {
    schema().kinds.iter().find(|k| k.api_version == api_version && k.kind == kind).map(|k| k.type_name)
}

/// The type definition behind a handle.
pub fn type_def(ty: &str) -> Option<&'static TypeDef> {
    schema().types.get(ty)
}

/// A field of an object type.
pub fn field(ty: &str, name: &str) -> Option<&'static Field> {
    let fields = &type_def(ty)?.fields;
    fields.binary_search_by(|f| f.name.cmp(name)).ok().and_then(|i| fields.get(i))
}

/// All fields of an object type, sorted by name.
pub fn fields(ty: &str) -> &'static [Field] {
    type_def(ty).map(|t| t.fields.as_slice()).unwrap_or(&[])
}

/// The description of an object type.
pub fn type_doc(ty: &str) -> &'static str {
    type_def(ty).map(|t| t.doc).unwrap_or("")
}

/// The field reached by following `path` (field names; array and map levels are stepped through)
/// from a root type.
pub fn field_at(root: &str, path: &[&str]) -> Option<&'static Field> {
    let (last, parents) = path.split_last()?;
    let mut ty: &str = root;
    for name in parents {
        ty = field(ty, name)?.ty.object_type()?;
    }
    field(ty, last)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn roots_resolve() {
        assert_eq!(root_type("apps/v1", "Deployment"), Some("io.k8s.api.apps.v1.Deployment"));
        assert_eq!(root_type("v1", "Pod"), Some("io.k8s.api.core.v1.Pod"));
        assert_eq!(
            root_type("discovery.k8s.io/v1", "EndpointSlice"),
            Some("io.k8s.api.discovery.v1.EndpointSlice")
        );
        assert_eq!(root_type("v1", "Deployment"), None);
        assert_eq!(kinds().len(), 12);
    }

    #[test]
    fn field_types() {
        let spec = "io.k8s.api.apps.v1.DeploymentSpec";
        let f = field(spec, "replicas").unwrap();
        assert_eq!(f.ty, FieldType::Int32);
        assert!(!f.required);
        assert_eq!(
            f.doc,
            "Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1."
        );
        assert!(field(spec, "selector").unwrap().required);
        assert_eq!(
            field(spec, "template").unwrap().ty,
            FieldType::Object("io.k8s.api.core.v1.PodTemplateSpec")
        );
        let c = field("io.k8s.api.core.v1.PodSpec", "containers").unwrap();
        assert_eq!(c.ty, FieldType::Array(Box::new(FieldType::Object("io.k8s.api.core.v1.Container"))));
        assert_eq!(c.ty.explain_name(), "[]Container");
        let labels = field("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "labels").unwrap();
        assert_eq!(labels.ty.explain_name(), "map[string]string");
        let ts = field("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "creationTimestamp").unwrap();
        assert_eq!(ts.ty, FieldType::Time);
        let limits = field("io.k8s.api.core.v1.ResourceRequirements", "limits").unwrap();
        assert_eq!(limits.ty, FieldType::Map(Box::new(FieldType::Quantity)));
        let port = field("io.k8s.api.core.v1.ServicePort", "targetPort").unwrap();
        assert_eq!(port.ty, FieldType::IntOrString);
        let data = field("io.k8s.api.core.v1.Secret", "data").unwrap();
        assert_eq!(data.ty, FieldType::Map(Box::new(FieldType::Bytes)));
        let gen = field("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "generation").unwrap();
        assert_eq!(gen.ty, FieldType::Int64);
        let pull = field("io.k8s.api.core.v1.Container", "imagePullPolicy").unwrap();
        assert_eq!(pull.enum_values, vec!["Always", "IfNotPresent", "Never"]);
        assert_eq!(ts.def, Some("io.k8s.apimachinery.pkg.apis.meta.v1.Time"));
        assert!(type_doc("io.k8s.apimachinery.pkg.apis.meta.v1.Time")
            .starts_with("Time is a wrapper around time.Time"));
        assert_eq!(limits.def, Some("io.k8s.apimachinery.pkg.api.resource.Quantity"));
    }

    #[test]
    fn paths() {
        let root = root_type("apps/v1", "Deployment").unwrap();
        let f =
            field_at(root, &["spec", "template", "spec", "containers", "ports", "containerPort"]).unwrap();
        assert_eq!(f.ty, FieldType::Int32);
        assert!(f.required);
        assert!(field_at(root, &["spec", "replica"]).is_none());
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
