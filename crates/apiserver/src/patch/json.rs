//! RFC 7386 (JSON merge patch) and RFC 6902 (JSON patch).

use serde_json::{Map, Value};

pub fn merge(target: &Value, patch: &Value) -> Value {
    let Some(pm) = patch.as_object() else { return patch.clone() };
    let mut out: Map<String, Value> = target.as_object().cloned().unwrap_or_default();
    for (k, v) in pm {
        if v.is_null() {
            out.remove(k);
        } else {
            let merged = merge(out.get(k).unwrap_or(&Value::Null), v);
            out.insert(k.clone(), merged);
        }
    }
    Value::Object(out)
}

/// `/a/b~1c` → ["a", "b/c"]; "" is the whole document.
fn tokens(pointer: &str) -> Result<Vec<String>, String> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err(format!("JSON pointer must be empty or start with a \"/\": {pointer:?}"));
    };
    Ok(rest.split('/').map(|t| t.replace("~1", "/").replace("~0", "~")).collect())
}

fn parent_mut<'v>(
    doc: &'v mut Value,
    toks: &[String],
    op: &str,
    path: &str,
) -> Result<&'v mut Value, String> {
    let missing = || format!("{op} operation does not apply: doc is missing path: {path:?}: missing value");
    let mut cur = doc;
    for t in &toks[..toks.len().saturating_sub(1)] {
        cur = match cur {
            Value::Object(m) => m.get_mut(t).ok_or_else(missing)?,
            Value::Array(a) => {
                let i: usize = t.parse().map_err(|_| missing())?;
                a.get_mut(i).ok_or_else(missing)?
            }
            _ => return Err(missing()),
        };
    }
    Ok(cur)
}

fn get<'v>(doc: &'v Value, toks: &[String]) -> Option<&'v Value> {
    let mut cur = doc;
    for t in toks {
        cur = match cur {
            Value::Object(m) => m.get(t)?,
            Value::Array(a) => a.get(t.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn add(doc: &mut Value, path: &str, value: Value, op: &str) -> Result<(), String> {
    let toks = tokens(path)?;
    let Some(last) = toks.last().cloned() else {
        *doc = value;
        return Ok(());
    };
    let parent = parent_mut(doc, &toks, op, path)?;
    match parent {
        Value::Object(m) => {
            m.insert(last, value);
            Ok(())
        }
        Value::Array(a) => {
            if last == "-" {
                a.push(value);
                return Ok(());
            }
            match last.parse::<usize>() {
                Ok(i) if i <= a.len() => {
                    a.insert(i, value);
                    Ok(())
                }
                _ => Err(format!(
                    "{op} operation does not apply: doc is missing path: {path:?}: invalid index"
                )),
            }
        }
        _ => Err(format!("{op} operation does not apply: doc is missing path: {path:?}: missing value")),
    }
}

fn remove(doc: &mut Value, path: &str, op: &str) -> Result<Value, String> {
    let toks = tokens(path)?;
    let missing = || format!("{op} operation does not apply: doc is missing path: {path:?}: missing value");
    let Some(last) = toks.last().cloned() else { return Err(missing()) };
    let parent = parent_mut(doc, &toks, op, path)?;
    match parent {
        Value::Object(m) => m.remove(&last).ok_or_else(missing),
        Value::Array(a) => match last.parse::<usize>() {
            Ok(i) if i < a.len() => Ok(a.remove(i)),
            _ => Err(missing()),
        },
        _ => Err(missing()),
    }
}

pub fn patch(original: &Value, ops: &Value) -> Result<Value, String> {
    let Some(ops) = ops.as_array() else {
        return Err("json: cannot unmarshal object into Go value of type jsonpatch.Patch".into());
    };
    let mut doc = original.clone();
    for op in ops {
        let kind = op.get("op").and_then(Value::as_str).unwrap_or("");
        let path = op.get("path").and_then(Value::as_str);
        let value = op.get("value");
        let from = op.get("from").and_then(Value::as_str);
        let need_path = || path.ok_or_else(|| format!("{kind} operation missing path"));
        match kind {
            "add" => {
                let v = value.ok_or("add operation missing value")?.clone();
                add(&mut doc, need_path()?, v, "add")?;
            }
            "remove" => {
                remove(&mut doc, need_path()?, "remove")?;
            }
            "replace" => {
                let p = need_path()?;
                let v = value.ok_or("replace operation missing value")?.clone();
                let toks = tokens(p)?;
                if get(&doc, &toks).is_none() {
                    return Err(format!(
                        "replace operation does not apply: doc is missing key: {p}: missing value"
                    ));
                }
                remove(&mut doc, p, "replace").ok();
                if toks.is_empty() {
                    doc = v;
                } else {
                    add(&mut doc, p, v, "replace")?;
                }
            }
            "move" => {
                let f = from.ok_or("move operation missing from")?;
                let v = remove(&mut doc, f, "move")?;
                add(&mut doc, need_path()?, v, "move")?;
            }
            "copy" => {
                let f = from.ok_or("copy operation missing from")?;
                let v = get(&doc, &tokens(f)?).cloned().ok_or_else(|| {
                    format!("copy operation does not apply: doc is missing from path: {f:?}: missing value")
                })?;
                add(&mut doc, need_path()?, v, "copy")?;
            }
            "test" => {
                let p = need_path()?;
                let want = value.unwrap_or(&Value::Null);
                if get(&doc, &tokens(p)?) != Some(want) {
                    return Err(format!("testing value {p} failed: test failed"));
                }
            }
            other => return Err(format!("Unexpected kind: {other}")),
        }
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn rfc7386_examples() {
        let t = json!({"a": "b", "c": {"d": "e", "f": "g"}});
        let p = json!({"a": "z", "c": {"f": null}});
        assert_eq!(merge(&t, &p), json!({"a": "z", "c": {"d": "e"}}));
        assert_eq!(merge(&json!({"a": [1]}), &json!({"a": [2, 3]})), json!({"a": [2, 3]}));
        assert_eq!(merge(&json!({"a": "b"}), &json!(["c"])), json!(["c"]));
    }

    #[test]
    fn rfc6902_ops() {
        let doc = json!({"spec": {"replicas": 1, "list": ["a", "b"]}, "metadata": {"labels": {"x/y": "1"}}});
        let ops = json!([
            {"op": "replace", "path": "/spec/replicas", "value": 3},
            {"op": "add", "path": "/spec/list/1", "value": "z"},
            {"op": "add", "path": "/spec/list/-", "value": "end"},
            {"op": "remove", "path": "/metadata/labels/x~1y"},
            {"op": "copy", "from": "/spec/replicas", "path": "/spec/copied"},
            {"op": "move", "from": "/spec/copied", "path": "/spec/moved"},
            {"op": "test", "path": "/spec/moved", "value": 3}
        ]);
        assert_eq!(
            patch(&doc, &ops).unwrap(),
            json!({"spec": {"replicas": 3, "list": ["a", "z", "b", "end"], "moved": 3}, "metadata": {"labels": {}}})
        );
        assert_eq!(
            patch(&doc, &json!([{"op": "test", "path": "/spec/replicas", "value": 2}])),
            Err("testing value /spec/replicas failed: test failed".into())
        );
        assert!(patch(&doc, &json!([{"op": "replace", "path": "/spec/nope", "value": 1}])).is_err());
        assert!(patch(&doc, &json!([{"op": "remove", "path": "/spec/nope"}])).is_err());
        assert!(patch(&doc, &json!([{"op": "add", "path": "/no/such/parent", "value": 1}])).is_err());
    }
}
