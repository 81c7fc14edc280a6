//! Go `%#v` renderings that v1.33 field errors print for structured values.

use kubeplay_model::errors::{go_quote, go_string_map};
use kubeplay_model::object::string_map;
use serde_json::Value;

/// `v1.LabelSelector{MatchLabels:map[string]string{…}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`
pub fn label_selector(sel: &Value) -> String {
    let ml = sel.get("matchLabels").filter(|v| v.is_object()).map(|v| string_map(Some(v)));
    let labels = go_string_map(ml.as_deref());
    let exprs = match sel.get("matchExpressions").and_then(Value::as_array) {
        None => "[]v1.LabelSelectorRequirement(nil)".to_string(),
        Some(a) => {
            let items: Vec<String> = a
                .iter()
                .map(|e| {
                    let key = e.get("key").and_then(Value::as_str).unwrap_or("");
                    let op = e.get("operator").and_then(Value::as_str).unwrap_or("");
                    let values = match e.get("values").and_then(Value::as_array) {
                        None => "[]string(nil)".to_string(),
                        Some(v) => {
                            let q: Vec<String> =
                                v.iter().map(|x| go_quote(x.as_str().unwrap_or(""))).collect();
                            format!("[]string{{{}}}", q.join(", "))
                        }
                    };
                    format!(
                        "v1.LabelSelectorRequirement{{Key:{}, Operator:{}, Values:{values}}}",
                        go_quote(key),
                        go_quote(op)
                    )
                })
                .collect();
            format!("[]v1.LabelSelectorRequirement{{{}}}", items.join(", "))
        }
    };
    format!("v1.LabelSelector{{MatchLabels:{labels}, MatchExpressions:{exprs}}}")
}

/// A label map as `map[string]string{…}`, or `map[string]string(nil)` when absent.
pub fn labels(v: Option<&Value>) -> String {
    match v.filter(|v| v.is_object()) {
        Some(v) => go_string_map(Some(&string_map(Some(v)))),
        None => go_string_map(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn selectors_render_in_go_syntax() {
        assert_eq!(
            label_selector(&json!({})),
            "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}"
        );
        assert_eq!(
            label_selector(&json!({"matchLabels": {"app": "web"}})),
            "v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}"
        );
        assert_eq!(labels(Some(&json!({"app": "other"}))), "map[string]string{\"app\":\"other\"}");
    }
}
