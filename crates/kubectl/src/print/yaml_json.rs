//! `-o yaml` / `-o json`: one object, or a `List` for list requests. managedFields are hidden.

use kubeplay_model::Object;
use serde_json::{json, Value};

/// kubectl's `List` wrapper: `{apiVersion: v1, items: [...], kind: List, metadata: {resourceVersion: ""}}`.
pub fn list_of(items: Vec<Object>) -> Object {
    json!({"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}})
}

fn strip(o: &Object) -> Object {
    let mut o = o.clone();
    if let Some(m) = o.get_mut("metadata").and_then(Value::as_object_mut) {
        m.remove("managedFields");
    }
    o
}

/// What `-o yaml|json` prints: the object itself when `single` (a `get` by name of one object),
/// otherwise the `List` wrapper, with managedFields stripped.
pub fn printable(objs: &[&Object], single: bool) -> Object {
    match (single, objs) {
        (true, [one]) => strip(one),
        _ => list_of(objs.iter().map(|o| strip(o)).collect()),
    }
}

/// `-o yaml` output.
pub fn to_yaml_output(objs: &[&Object], single: bool) -> String {
    kubeplay_yaml::to_yaml(&printable(objs, single))
}

/// `-o json` output (ends with a newline).
pub fn to_json_output(objs: &[&Object], single: bool) -> String {
    let mut s = kubeplay_yaml::to_json(&printable(objs, single));
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn list_wrapper_and_managed_fields() {
        // kubectl hides managedFields (`kubectl.1.33 label --local -f two.yaml x=y -o json` drops them);
        // list requests print the `List` wrapper with an empty resourceVersion.
        let a = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "managedFields": [{"manager": "x"}]}});
        let b = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b"}});
        assert_eq!(
            printable(&[&a], true),
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}})
        );
        assert_eq!(
            printable(&[&a, &b], false),
            json!({"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""},
                   "items": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}, b]})
        );
        assert_eq!(printable(&[], false)["items"], json!([]));
    }
}
