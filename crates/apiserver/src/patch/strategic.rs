//! Strategic merge patch (`apimachinery/pkg/util/strategicpatch`): the merge keys of the kinds we
//! serve (from the `patchMergeKey`/`patchStrategy` struct tags of `k8s.io/api`), and application.

use serde_json::{Map, Value};

/// How a list field merges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListStrategy {
    /// No patch strategy: the patch's list replaces the live one.
    Replace,
    /// `patchStrategy:"merge"` with this `patchMergeKey`.
    Key(&'static str),
    /// A merged list of primitives (a set union), e.g. `metadata.finalizers`.
    Primitive,
}

/// The strategy for list `field` found under the object path `path` (field names only).
pub fn list_strategy(kind: &str, path: &[&str], field: &str) -> ListStrategy {
    let parent = path.last().copied().unwrap_or("");
    let in_container = matches!(parent, "containers" | "initContainers" | "ephemeralContainers");
    match field {
        "containers" | "initContainers" | "ephemeralContainers" => ListStrategy::Key("name"),
        "env" if in_container => ListStrategy::Key("name"),
        "volumeMounts" if in_container => ListStrategy::Key("mountPath"),
        "volumeDevices" if in_container => ListStrategy::Key("devicePath"),
        "resizePolicy" if in_container => ListStrategy::Key("resourceName"),
        "ports" if in_container => ListStrategy::Key("containerPort"),
        "ports" if kind == "Service" && path == ["spec"] => ListStrategy::Key("port"),
        "volumes" | "imagePullSecrets" | "resourceClaims" if parent == "spec" => ListStrategy::Key("name"),
        "hostAliases" if parent == "spec" => ListStrategy::Key("ip"),
        "topologySpreadConstraints" if parent == "spec" => ListStrategy::Key("topologyKey"),
        "conditions" if parent == "status" => ListStrategy::Key("type"),
        "addresses" if kind == "Node" && path == ["status"] => ListStrategy::Key("type"),
        "ownerReferences" if path == ["metadata"] => ListStrategy::Key("uid"),
        "finalizers" if path == ["metadata"] => ListStrategy::Primitive,
        _ => ListStrategy::Replace,
    }
}

fn directive(v: &Value) -> Option<&str> {
    v.get("$patch").and_then(Value::as_str)
}

/// Removes directives and nulls from a value that is inserted whole.
fn clean(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, v)| !k.starts_with('$') && !v.is_null())
                .map(|(k, v)| (k.clone(), clean(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().filter(|e| directive(e).is_none()).map(clean).collect()),
        other => other.clone(),
    }
}

pub fn apply(original: &Value, patch: &Value, kind: &str) -> Result<Value, String> {
    if !patch.is_object() {
        return Err(
            "unable to find api field in struct for the patch: the patch must be a JSON object".into()
        );
    }
    let mut path = Vec::new();
    merge_map_value(original, patch, kind, &mut path)
}

fn merge_map_value<'a>(
    orig: &Value,
    patch: &'a Value,
    kind: &str,
    path: &mut Vec<&'a str>,
) -> Result<Value, String> {
    let Some(pm) = patch.as_object() else { return Ok(patch.clone()) };
    match directive(patch) {
        Some("replace") => return Ok(clean(patch)),
        Some("delete") | Some("merge") | None => {}
        Some(other) => return Err(format!("Unknown patch type: {other:?}")),
    }
    let mut result: Map<String, Value> = orig.as_object().cloned().unwrap_or_default();
    let mut retain: Option<Vec<String>> = None;
    for (k, pv) in pm {
        if k == "$patch" || k.starts_with("$setElementOrder/") {
            continue;
        }
        if k == "$retainKeys" {
            retain = pv.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect());
            continue;
        }
        if let Some(field) = k.strip_prefix("$deleteFromPrimitiveList/") {
            let gone: Vec<&Value> = pv.as_array().map(|a| a.iter().collect()).unwrap_or_default();
            if let Some(a) = result.get_mut(field).and_then(Value::as_array_mut) {
                a.retain(|x| !gone.contains(&x));
            }
            continue;
        }
        match pv {
            Value::Null => {
                result.remove(k);
            }
            Value::Object(_) if directive(pv) == Some("delete") => {
                result.remove(k);
            }
            Value::Object(_) => {
                path.push(k.as_str());
                let merged = merge_map_value(result.get(k).unwrap_or(&Value::Null), pv, kind, path);
                path.pop();
                result.insert(k.clone(), merged?);
            }
            Value::Array(items) => {
                let strat = list_strategy(kind, path, k);
                path.push(k.as_str());
                let merged = merge_list(result.get(k), items, strat, kind, path);
                path.pop();
                result.insert(k.clone(), merged?);
            }
            other => {
                result.insert(k.clone(), other.clone());
            }
        }
    }
    if let Some(keep) = retain {
        result.retain(|k, _| keep.contains(k));
    }
    Ok(Value::Object(result))
}

fn merge_list<'a>(
    orig: Option<&Value>,
    patch: &'a [Value],
    strat: ListStrategy,
    kind: &str,
    path: &mut Vec<&'a str>,
) -> Result<Value, String> {
    let replace_all = patch.iter().any(|e| directive(e) == Some("replace"));
    let orig_items: Vec<Value> = orig.and_then(Value::as_array).cloned().unwrap_or_default();
    match strat {
        _ if replace_all => {
            Ok(Value::Array(patch.iter().filter(|e| directive(e).is_none()).map(clean).collect()))
        }
        ListStrategy::Replace => Ok(clean(&Value::Array(patch.to_vec()))),
        ListStrategy::Primitive => {
            let mut out = orig_items;
            for e in patch {
                if !out.contains(e) {
                    out.push(e.clone());
                }
            }
            Ok(Value::Array(out))
        }
        ListStrategy::Key(key) => {
            let mut out = orig_items;
            for pe in patch {
                let kv = pe.get(key);
                match (pe.is_object(), kv) {
                    (true, Some(kv)) => {
                        let idx = out.iter().position(|o| o.get(key) == Some(kv));
                        if directive(pe) == Some("delete") {
                            out.retain(|o| o.get(key) != Some(kv));
                            continue;
                        }
                        match idx {
                            Some(i) => {
                                let merged = merge_map_value(&out[i], pe, kind, path)?;
                                out[i] = merged;
                            }
                            None => out.push(merge_map_value(&Value::Null, pe, kind, path)?),
                        }
                    }
                    (true, None) if directive(pe) == Some("delete") => {}
                    (true, None) => {
                        return Err(format!("map: {pe} does not contain declared merge key: {key}"));
                    }
                    (false, _) => out.push(pe.clone()),
                }
            }
            Ok(Value::Array(out))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn containers_merge_by_name_and_ports_by_container_port() {
        let orig = json!({"spec": {"template": {"spec": {"containers": [
            {"name": "web", "image": "nginx:1.26", "ports": [{"containerPort": 80, "protocol": "TCP"}]},
            {"name": "side", "image": "busybox"}
        ]}}}});
        let patch = json!({"spec": {"template": {"spec": {"containers": [
            {"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 443}]}
        ]}}}});
        let got = apply(&orig, &patch, "Deployment").unwrap();
        assert_eq!(
            got,
            json!({"spec": {"template": {"spec": {"containers": [
                {"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 80, "protocol": "TCP"}, {"containerPort": 443}]},
                {"name": "side", "image": "busybox"}
            ]}}}})
        );
    }

    #[test]
    fn directives_delete_and_replace() {
        let orig = json!({"spec": {"containers": [{"name": "a", "image": "x"}, {"name": "b", "image": "y"}],
            "tolerations": [{"key": "k"}], "nodeSelector": {"disk": "ssd", "zone": "a"}}});
        let patch = json!({"spec": {"containers": [{"name": "a", "$patch": "delete"}],
            "tolerations": [{"key": "z"}], "nodeSelector": {"$patch": "replace", "gpu": "yes"}}});
        let got = apply(&orig, &patch, "Pod").unwrap();
        assert_eq!(
            got,
            json!({"spec": {"containers": [{"name": "b", "image": "y"}], "tolerations": [{"key": "z"}], "nodeSelector": {"gpu": "yes"}}})
        );
        let list_replace =
            json!({"spec": {"containers": [{"$patch": "replace"}, {"name": "c", "image": "z"}]}});
        assert_eq!(
            apply(&orig, &list_replace, "Pod").unwrap()["spec"]["containers"],
            json!([{"name": "c", "image": "z"}])
        );
    }

    #[test]
    fn null_deletes_and_service_ports_merge_by_port() {
        let orig = json!({"metadata": {"labels": {"a": "1", "b": "2"}, "finalizers": ["x"]},
            "spec": {"ports": [{"port": 80, "targetPort": 8080}]}});
        let patch = json!({"metadata": {"labels": {"a": null}, "finalizers": ["y"]},
            "spec": {"ports": [{"port": 80, "targetPort": 9090}, {"port": 443}], "$setElementOrder/ports": [{"port": 80}, {"port": 443}]}});
        let got = apply(&orig, &patch, "Service").unwrap();
        assert_eq!(
            got,
            json!({"metadata": {"labels": {"b": "2"}, "finalizers": ["x", "y"]},
                "spec": {"ports": [{"port": 80, "targetPort": 9090}, {"port": 443}]}})
        );
    }

    #[test]
    fn retain_keys_and_unknown_directive() {
        let orig = json!({"spec": {"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}}});
        let patch = json!({"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}});
        assert_eq!(
            apply(&orig, &patch, "Deployment").unwrap(),
            json!({"spec": {"strategy": {"type": "Recreate"}}})
        );
        assert_eq!(
            apply(&orig, &json!({"spec": {"$patch": "bogus"}}), "Deployment"),
            Err("Unknown patch type: \"bogus\"".to_string())
        );
        assert!(apply(&orig, &json!([1]), "Deployment").is_err());
    }

    #[test]
    fn env_by_name_volume_mounts_by_path() {
        let orig = json!({"spec": {"containers": [{"name": "a", "env": [{"name": "A", "value": "1"}],
            "volumeMounts": [{"mountPath": "/x", "name": "v"}]}]}});
        let patch = json!({"spec": {"containers": [{"name": "a", "env": [{"name": "B", "value": "2"}],
            "volumeMounts": [{"mountPath": "/x", "readOnly": true}]}]}});
        let got = apply(&orig, &patch, "Pod").unwrap();
        assert_eq!(
            got["spec"]["containers"][0]["env"],
            json!([{"name": "A", "value": "1"}, {"name": "B", "value": "2"}])
        );
        assert_eq!(
            got["spec"]["containers"][0]["volumeMounts"],
            json!([{"mountPath": "/x", "name": "v", "readOnly": true}])
        );
    }
}
