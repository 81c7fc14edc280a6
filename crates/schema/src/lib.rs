//! The Kubernetes v1.33 API schema for the simulated kinds: field types for strict decoding, docs for
//! `kubectl explain`, editor completion and hover.
//!
//! The data is upstream's OpenAPI field documentation, extracted once by `gen/gen.py` into
//! `data/schema.json` and embedded; it is parsed lazily on first use.

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
    Time,
    /// A nested object, by its OpenAPI definition name (`io.k8s.api.core.v1.PodSpec`).
    Object(&'static str),
    Array(Box<FieldType>),
    Map(Box<FieldType>),
    Any,
}

/// One field of an object type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub ty: FieldType,
    pub doc: &'static str,
    pub required: bool,
    pub enum_values: Vec<&'static str>,
}

/// An object type of the schema.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// OpenAPI definition name, `io.k8s.api.apps.v1.Deployment`.
    pub name: &'static str,
    pub doc: &'static str,
    pub fields: Vec<Field>,
}

/// A handle to an object type (its OpenAPI definition name).
pub type TypeRef = &'static str;

struct Schema {
    types: Vec<TypeDef>,
}

fn schema() -> &'static Schema {
    static S: OnceLock<Schema> = OnceLock::new();
    S.get_or_init(|| Schema { types: Vec::new() })
}

/// The root type of a kind, e.g. `("apps/v1", "Deployment")` → `io.k8s.api.apps.v1.Deployment`.
pub fn root_type(api_version: &str, kind: &str) -> Option<TypeRef> {
    let _ = (api_version, kind);
    None
}

/// The type definition behind a handle.
pub fn type_def(ty: TypeRef) -> Option<&'static TypeDef> {
    schema().types.iter().find(|t| t.name == ty)
}

/// A field of an object type.
pub fn field(ty: TypeRef, name: &str) -> Option<&'static Field> {
    type_def(ty)?.fields.iter().find(|f| f.name == name)
}

/// All fields of an object type, sorted by name.
pub fn fields(ty: TypeRef) -> &'static [Field] {
    type_def(ty).map(|t| t.fields.as_slice()).unwrap_or(&[])
}

/// The description of an object type.
pub fn type_doc(ty: TypeRef) -> &'static str {
    type_def(ty).map(|t| t.doc).unwrap_or("")
}

/// `kubectl explain` output (v1.33 plaintext template) for a kind and a field path below it.
pub fn explain(api_version: &str, kind: &str, path: &[&str], recursive: bool) -> Result<String, String> {
    let _ = (path, recursive);
    root_type(api_version, kind).ok_or_else(|| format!("couldn't find resource for \"{kind}\""))?;
    Err("not implemented".to_string())
}
