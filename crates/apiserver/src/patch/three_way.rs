//! kubectl apply's client-side three-way strategic patch (`CreateThreeWayMergePatch`): deletions
//! come from last-applied vs the new manifest, changes from the live object vs the new manifest;
//! whatever neither manifest mentions (defaults, status, other managers' fields) is kept.

use serde_json::{json, Map, Value};

use super::strategic::{list_strategy, ListStrategy};

pub fn diff(
    original: Option<&Value>,
    modified: &Value,
    current: &Value,
    kind: &str,
) -> Result<Value, String> {
    let Some(m) = modified.as_object() else {
        return Err("modified configuration is not a JSON object".into());
    };
    let o = original.and_then(Value::as_object);
    let c = current.as_object();
    let mut path = Vec::new();
    Ok(Value::Object(diff_map(o, m, c, kind, &mut path)))
}

fn diff_map<'a>(
    orig: Option<&Map<String, Value>>,
    modified: &'a Map<String, Value>,
    current: Option<&Map<String, Value>>,
    kind: &str,
    path: &mut Vec<&'a str>,
) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, mv) in modified {
        let cv = current.and_then(|c| c.get(k));
        let ov = orig.and_then(|o| o.get(k));
        match mv {
            Value::Null => {
                if cv.is_some_and(|c| !c.is_null()) {
                    out.insert(k.clone(), Value::Null);
                }
            }
            Value::Object(mm) => match cv {
                Some(Value::Object(cm)) => {
                    path.push(k.as_str());
                    let sub = diff_map(ov.and_then(Value::as_object), mm, Some(cm), kind, path);
                    path.pop();
                    if !sub.is_empty() {
                        out.insert(k.clone(), Value::Object(sub));
                    }
                }
                _ => {
                    out.insert(k.clone(), mv.clone());
                }
            },
            Value::Array(ma) => {
                let strat = list_strategy(kind, path, k);
                let sub = match (strat, cv) {
                    (ListStrategy::Key(key), Some(Value::Array(ca)))
                        if ma.iter().all(|e| e.get(key).is_some()) =>
                    {
                        path.push(k.as_str());
                        let r = diff_keyed_list(ov.and_then(Value::as_array), ma, ca, key, kind, path);
                        path.pop();
                        r
                    }
                    (ListStrategy::Primitive, Some(Value::Array(ca))) => {
                        let added: Vec<Value> = ma.iter().filter(|e| !ca.contains(e)).cloned().collect();
                        let gone: Vec<Value> = ov
                            .and_then(Value::as_array)
                            .map(|oa| oa.iter().filter(|e| !ma.contains(e)).cloned().collect())
                            .unwrap_or_default();
                        if !gone.is_empty() {
                            out.insert(format!("$deleteFromPrimitiveList/{k}"), Value::Array(gone));
                        }
                        (!added.is_empty()).then_some(Value::Array(added))
                    }
                    _ => (cv != Some(mv)).then(|| mv.clone()),
                };
                if let Some(sub) = sub {
                    out.insert(k.clone(), sub);
                }
            }
            _ => {
                if cv != Some(mv) {
                    out.insert(k.clone(), mv.clone());
                }
            }
        }
    }
    // Fields the last apply set and the new manifest dropped are deleted.
    if let Some(o) = orig {
        for k in o.keys() {
            if !modified.contains_key(k) {
                out.insert(k.clone(), Value::Null);
            }
        }
    }
    out
}

fn diff_keyed_list<'a>(
    orig: Option<&Vec<Value>>,
    modified: &'a [Value],
    current: &[Value],
    key: &str,
    kind: &str,
    path: &mut Vec<&'a str>,
) -> Option<Value> {
    let mut out = Vec::new();
    for me in modified {
        let kv = me.get(key);
        let ce = current.iter().find(|c| c.get(key) == kv);
        let oe = orig.and_then(|o| o.iter().find(|e| e.get(key) == kv));
        match (me.as_object(), ce.and_then(Value::as_object)) {
            (Some(mm), Some(cm)) => {
                let mut sub = diff_map(oe.and_then(Value::as_object), mm, Some(cm), kind, path);
                if !sub.is_empty() {
                    sub.insert(key.to_string(), kv.cloned().unwrap_or(Value::Null));
                    out.push(Value::Object(sub));
                }
            }
            _ => out.push(me.clone()),
        }
    }
    for oe in orig.into_iter().flatten() {
        let kv = oe.get(key);
        if kv.is_some() && !modified.iter().any(|m| m.get(key) == kv) {
            out.push(json!({key: kv.cloned().unwrap_or(Value::Null), "$patch": "delete"}));
        }
    }
    (!out.is_empty()).then_some(Value::Array(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::strategic_merge;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn live() -> Value {
        json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "uid": "u1", "resourceVersion": "7", "labels": {"app": "web", "tier": "fe"}},
            "spec": {"replicas": 5, "revisionHistoryLimit": 10, "template": {"spec": {"containers": [
                {"name": "web", "image": "nginx:1.26", "imagePullPolicy": "IfNotPresent",
                 "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]}]}}},
            "status": {"replicas": 5}})
    }

    #[test]
    fn unchanged_manifest_gives_empty_patch() {
        let manifest = json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "labels": {"app": "web", "tier": "fe"}},
            "spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.26",
                "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]}]}}}});
        let p = diff(Some(&manifest), &manifest, &live(), "Deployment").unwrap();
        assert_eq!(p, json!({}));
    }

    #[test]
    fn removed_fields_are_deleted_changed_fields_set_others_kept() {
        let original = json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "labels": {"app": "web", "tier": "fe"}},
            "spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.26",
                "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]}]}}}});
        let modified = json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "labels": {"app": "web"}},
            "spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.27",
                "env": [{"name": "A", "value": "1"}]}]}}}});
        let p = diff(Some(&original), &modified, &live(), "Deployment").unwrap();
        assert_eq!(
            p,
            json!({"metadata": {"labels": {"tier": null}},
                "spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.27",
                    "env": [{"name": "B", "$patch": "delete"}]}]}}}})
        );
        let after = strategic_merge(&live(), &p, "Deployment").unwrap();
        // replicas (scaled by someone else), defaults and status survive.
        assert_eq!(after["spec"]["replicas"], json!(5));
        assert_eq!(
            after["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"],
            json!("IfNotPresent")
        );
        assert_eq!(
            after["spec"]["template"]["spec"]["containers"][0]["env"],
            json!([{"name": "A", "value": "1"}])
        );
        assert_eq!(after["metadata"]["labels"], json!({"app": "web"}));
        assert_eq!(after["status"], json!({"replicas": 5}));
    }

    #[test]
    fn replicas_removed_from_manifest_is_deleted_once() {
        let original = json!({"spec": {"replicas": 3}});
        let modified = json!({"spec": {}});
        let p = diff(Some(&original), &modified, &live(), "Deployment").unwrap();
        assert_eq!(p, json!({"spec": {"replicas": null}}));
        // Without a last-applied annotation nothing is deleted.
        assert_eq!(diff(None, &modified, &live(), "Deployment").unwrap(), json!({}));
    }

    #[test]
    fn primitive_set_lists_add_and_remove() {
        let original = json!({"metadata": {"finalizers": ["a/x", "a/y"]}});
        let modified = json!({"metadata": {"finalizers": ["a/x", "a/z"]}});
        let current = json!({"metadata": {"finalizers": ["a/x", "a/y", "other/w"]}});
        let p = diff(Some(&original), &modified, &current, "ConfigMap").unwrap();
        assert_eq!(
            p,
            json!({"metadata": {"$deleteFromPrimitiveList/finalizers": ["a/y"], "finalizers": ["a/z"]}})
        );
        let after = strategic_merge(&current, &p, "ConfigMap").unwrap();
        assert_eq!(after["metadata"]["finalizers"], json!(["a/x", "other/w", "a/z"]));
    }

    #[test]
    fn new_container_is_added_whole() {
        let modified = json!({"spec": {"template": {"spec": {"containers": [
            {"name": "web", "image": "nginx:1.26"}, {"name": "log", "image": "busybox"}]}}}});
        let p = diff(None, &modified, &live(), "Deployment").unwrap();
        assert_eq!(
            p,
            json!({"spec": {"template": {"spec": {"containers": [{"name": "log", "image": "busybox"}]}}}})
        );
    }
}
