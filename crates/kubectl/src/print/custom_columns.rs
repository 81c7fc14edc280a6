//! `-o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image` (cli-runtime
//! `CustomColumnsPrinter`): relaxed JSONPath per column, `<none>` when nothing matches, values
//! printed with Go's `%v` and comma-joined, laid out with the table tabwriter.

use kubeplay_model::Object;

use super::gofmt::go_v;
use super::jsonpath::find_values;
use super::tabwriter;

/// cli-runtime `RelaxedJSONPathExpression`: `.a.b`, `a.b`, `{.a.b}` and `{a.b}` all mean `{.a.b}`.
pub fn relaxed_jsonpath(expr: &str) -> Result<String, String> {
    if expr.is_empty() {
        return Ok(String::new());
    }
    let inner = expr.strip_prefix('{').and_then(|e| e.strip_suffix('}')).unwrap_or(expr);
    let inner = inner.strip_prefix('.').unwrap_or(inner);
    if inner.is_empty() || inner.contains('{') || inner.contains('}') {
        return Err("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".into());
    }
    Ok(format!("{{.{inner}}}"))
}

/// Renders `objs` with a custom-columns spec. Errors are kubectl's text without `error: `.
pub fn custom_columns(spec: &str, objs: &[&Object], no_headers: bool) -> Result<String, String> {
    if spec.is_empty() {
        return Err("custom-columns format specified but no custom columns given".into());
    }
    let mut cols = Vec::new();
    for part in spec.split(',') {
        let Some((header, path)) = part.split_once(':') else {
            return Err(format!(
                "unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"
            ));
        };
        cols.push((header.to_string(), relaxed_jsonpath(path)?));
    }
    let mut text = String::new();
    if !no_headers {
        text.push_str(&cols.iter().map(|c| c.0.as_str()).collect::<Vec<_>>().join("\t"));
        text.push('\n');
    }
    for o in objs {
        let mut cells = Vec::new();
        for (_, path) in &cols {
            let cell = match find_values(path, o)? {
                None => "<none>".to_string(),
                Some(vals) => vals.iter().map(go_v).collect::<Vec<_>>().join(","),
            };
            cells.push(cell);
        }
        text.push_str(&cells.join("\t"));
        text.push('\n');
    }
    Ok(tabwriter::table(&text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn columns_none_and_joined_values() {
        let a = json!({"metadata": {"name": "web-1"}, "spec": {"containers": [{"image": "nginx:1.27"}, {"image": "busybox"}]}});
        let b = json!({"metadata": {"name": "db"}, "spec": {"containers": [{"image": "redis"}]}});
        let out = custom_columns(
            "NAME:.metadata.name,IMAGES:.spec.containers[*].image,NODE:.spec.nodeName",
            &[&a, &b],
            false,
        )
        .unwrap();
        // Same tabwriter as tables (minwidth 6, padding 3); missing → `<none>`; several → comma-joined.
        assert_eq!(out, "NAME    IMAGES               NODE\nweb-1   nginx:1.27,busybox   <none>\ndb      redis                <none>\n");
        let out = custom_columns("N:metadata.name", &[&a], true).unwrap();
        assert_eq!(out, "web-1\n");
        let out = custom_columns("SEL:{.spec}", &[&json!({"spec": {"a": {"b": "c"}}})], false).unwrap();
        assert_eq!(out, "SEL\nmap[a:map[b:c]]\n");
    }

    #[test]
    fn bad_specs() {
        assert_eq!(
            custom_columns("NAME", &[], false).unwrap_err(),
            "unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>"
        );
        assert_eq!(
            custom_columns("", &[], false).unwrap_err(),
            "custom-columns format specified but no custom columns given"
        );
    }
}
