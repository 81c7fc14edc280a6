//! `kubectl explain` output in kubectl 1.33's default `plaintext` format (the OpenAPI v3 template):
//! a GROUP/KIND/VERSION header, `FIELD: name <type>` for a field path, an `ENUM:` block, the
//! `DESCRIPTION:` (the field's own description, then its type's), and the `FIELDS:` list (name, type,
//! `-required-`, description wrapped at 76 columns and indented by 4) or, with `--recursive`, the
//! whole field tree without descriptions.

use crate::wrap::{indent, wrap};
use crate::{field, root_type, short_name, type_def, Field, FieldType};

const WIDTH: usize = 76;

/// Renders `kubectl explain` for a kind and a field path below it (`["spec", "replicas"]`).
/// The error is kubectl's message without its `error: ` prefix.
pub fn explain(api_version: &str, kind: &str, path: &[&str], recursive: bool) -> Result<String, String> {
    let root = root_type(api_version, kind)
        .ok_or_else(|| format!("couldn't find resource for \"{}\"", kind.to_lowercase()))?;
    let (group, version) = match api_version.split_once('/') {
        Some((g, v)) => (g, v),
        None => ("", api_version),
    };
    let mut out = String::new();
    if !group.is_empty() {
        out.push_str(&format!("GROUP:      {group}\n"));
    }
    out.push_str(&format!("KIND:       {kind}\n"));
    out.push_str(&format!("VERSION:    {version}\n\n"));

    // Walk the path; `ty` is the type whose fields get listed.
    let mut current: Option<&Field> = None;
    let mut ty: Option<&str> = Some(root);
    for name in path {
        let parent = ty.ok_or_else(|| format!("field \"{name}\" does not exist"))?;
        let f = field(parent, name).ok_or_else(|| format!("field \"{name}\" does not exist"))?;
        ty = f.ty.object_type();
        current = Some(f);
    }

    let mut description = String::new();
    if let Some(f) = current {
        out.push_str(&format!("FIELD: {} <{}>\n", f.name, type_name(f)));
        if f.enum_values.is_empty() {
            out.push('\n');
        } else {
            out.push_str("ENUM:\n");
            for v in &f.enum_values {
                out.push_str(&format!("    {v}\n"));
            }
        }
        out.push('\n');
        description.push_str(f.doc);
        // The referenced definition's own description follows the field's.
        if let Some(t) = f.def.and_then(type_def) {
            if !t.doc.is_empty() {
                if !description.is_empty() {
                    description.push('\n');
                }
                description.push_str(t.doc);
            }
        }
    } else if let Some(t) = ty.and_then(type_def) {
        description.push_str(t.doc);
    }
    if !description.is_empty() {
        out.push_str("DESCRIPTION:\n");
        description.push('\n');
        out.push_str(&indent(&wrap(&description, WIDTH), 4));
        out.push('\n');
    }

    if let Some(t) = ty.and_then(type_def) {
        if !t.fields.is_empty() {
            out.push_str("FIELDS:\n");
            if recursive {
                field_tree(&mut out, t.name, 1, 0);
            } else {
                for f in &t.fields {
                    field_header(&mut out, f, 1);
                    if !f.doc.is_empty() {
                        out.push_str(&indent(&wrap(f.doc, WIDTH), 4));
                        out.push('\n');
                    }
                    out.push('\n');
                }
            }
        }
    }
    out.push('\n');
    Ok(out)
}

/// The type between `<` and `>`: untyped objects show their definition's name (`RawExtension`).
fn type_name(f: &Field) -> String {
    match (&f.ty, f.def) {
        (FieldType::Any, Some(def)) => short_name(def).to_string(),
        (t, _) => t.explain_name(),
    }
}

fn field_header(out: &mut String, f: &Field, level: usize) {
    let pad = " ".repeat(level * 2);
    out.push_str(&pad);
    out.push_str(f.name);
    out.push_str(&format!("\t<{}>", type_name(f)));
    if f.required {
        out.push_str(" -required-");
    }
    out.push('\n');
    if !f.enum_values.is_empty() {
        // The short form lists at most four values.
        let shown: Vec<&str> = f.enum_values.iter().take(4).copied().collect();
        let more = if f.enum_values.len() > 4 { ", ...." } else { "" };
        out.push_str(&format!("{pad}enum: {}{more}\n", shown.join(", ")));
    }
}

fn field_tree(out: &mut String, ty: &str, level: usize, depth: usize) {
    // The schema has no cycles today; the bound keeps a future one from recursing forever.
    if depth > 32 {
        return;
    }
    let Some(t) = type_def(ty) else { return };
    for f in &t.fields {
        field_header(out, f, level);
        if let Some(inner) = f.ty.object_type() {
            if !matches!(f.ty, FieldType::Any) {
                field_tree(out, inner, level + 1, depth + 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// Golden files: the real kubectl 1.33 (`kubectl explain ...`) rendering this schema, served as
    /// OpenAPI v3 by a stand-in API server on 127.0.0.1 (see `testdata/explain/README.md`).
    const CASES: &[(&str, &str, &str, &[&str], bool)] = &[
        ("deployment", "apps/v1", "Deployment", &[], false),
        ("deployment.spec", "apps/v1", "Deployment", &["spec"], false),
        ("deployment.spec.replicas", "apps/v1", "Deployment", &["spec", "replicas"], false),
        ("deployment.spec.recursive", "apps/v1", "Deployment", &["spec"], true),
        ("pod.spec.containers", "v1", "Pod", &["spec", "containers"], false),
        ("pod.spec.restartPolicy", "v1", "Pod", &["spec", "restartPolicy"], false),
        ("service.spec.ports", "v1", "Service", &["spec", "ports"], false),
        ("service.spec.ports.targetPort", "v1", "Service", &["spec", "ports", "targetPort"], false),
        (
            "pod.spec.containers.resources.limits",
            "v1",
            "Pod",
            &["spec", "containers", "resources", "limits"],
            false,
        ),
        ("pod.metadata", "v1", "Pod", &["metadata"], false),
        ("pod.metadata.labels", "v1", "Pod", &["metadata", "labels"], false),
        ("pod.metadata.creationTimestamp", "v1", "Pod", &["metadata", "creationTimestamp"], false),
        ("secret", "v1", "Secret", &[], false),
        ("configmap", "v1", "ConfigMap", &[], false),
        ("endpointslice", "discovery.k8s.io/v1", "EndpointSlice", &[], false),
        ("event", "v1", "Event", &[], false),
        ("pod.recursive", "v1", "Pod", &[], true),
        ("node.status.recursive", "v1", "Node", &["status"], true),
        ("pod.status", "v1", "Pod", &["status"], false),
        ("pod.status.phase", "v1", "Pod", &["status", "phase"], false),
        ("service.spec", "v1", "Service", &["spec"], false),
    ];

    /// Goldens are compiled in so the test also runs in the browser.
    fn golden(file: &str) -> &'static str {
        match file {
            "configmap" => include_str!("../testdata/explain/configmap.txt"),
            "deployment.spec.recursive" => include_str!("../testdata/explain/deployment.spec.recursive.txt"),
            "deployment.spec.replicas" => include_str!("../testdata/explain/deployment.spec.replicas.txt"),
            "deployment.spec" => include_str!("../testdata/explain/deployment.spec.txt"),
            "deployment" => include_str!("../testdata/explain/deployment.txt"),
            "endpointslice" => include_str!("../testdata/explain/endpointslice.txt"),
            "event" => include_str!("../testdata/explain/event.txt"),
            "node.status.recursive" => include_str!("../testdata/explain/node.status.recursive.txt"),
            "pod.metadata.creationTimestamp" => {
                include_str!("../testdata/explain/pod.metadata.creationTimestamp.txt")
            }
            "pod.metadata.labels" => include_str!("../testdata/explain/pod.metadata.labels.txt"),
            "pod.metadata" => include_str!("../testdata/explain/pod.metadata.txt"),
            "pod.recursive" => include_str!("../testdata/explain/pod.recursive.txt"),
            "pod.spec.containers.resources.limits" => {
                include_str!("../testdata/explain/pod.spec.containers.resources.limits.txt")
            }
            "pod.spec.containers" => include_str!("../testdata/explain/pod.spec.containers.txt"),
            "pod.spec.restartPolicy" => include_str!("../testdata/explain/pod.spec.restartPolicy.txt"),
            "pod.status.phase" => include_str!("../testdata/explain/pod.status.phase.txt"),
            "pod.status" => include_str!("../testdata/explain/pod.status.txt"),
            "secret" => include_str!("../testdata/explain/secret.txt"),
            "service.spec.ports.targetPort" => {
                include_str!("../testdata/explain/service.spec.ports.targetPort.txt")
            }
            "service.spec.ports" => include_str!("../testdata/explain/service.spec.ports.txt"),
            "service.spec" => include_str!("../testdata/explain/service.spec.txt"),
            _ => "",
        }
    }

    #[test]
    fn matches_kubectl_rendering() {
        for (file, api_version, kind, path, recursive) in CASES {
            let want = golden(file).to_string();
            assert!(!want.is_empty(), "{file}");
            let got = explain(api_version, kind, path, *recursive).unwrap_or_default();
            for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
                assert_eq!(g, w, "{file} line {}", i + 1);
            }
            assert_eq!(got, want, "{file}");
        }
    }

    #[test]
    fn deployment_spec_replicas_as_a_cluster_prints_it() {
        // From a real v1.33 cluster (the description text is upstream's, not only ours).
        let want = "GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: replicas <integer>\n\n\nDESCRIPTION:\n    Number of desired pods. This is a pointer to distinguish between explicit\n    zero and not specified. Defaults to 1.\n    \n\n";
        assert_eq!(explain("apps/v1", "Deployment", &["spec", "replicas"], false).unwrap_or_default(), want);
    }

    #[test]
    fn unknown_field() {
        // kubectl 1.33: `error: field "foo" does not exist`.
        assert_eq!(
            explain("apps/v1", "Deployment", &["spec", "foo"], false),
            Err("field \"foo\" does not exist".to_string())
        );
    }
}
