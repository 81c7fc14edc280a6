//! How Go's fmt and encoding/json print decoded JSON (`map[string]interface{}` trees): the
//! printers reproduce these because kubectl feeds unstructured objects to them.

use serde_json::Value;

/// `strconv.FormatFloat(f, 'g', -1, 64)`, which is also fmt's `%v` for float64.
pub fn go_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    // Shortest round-trip digits via Rust's `{:e}` (also shortest), then Go's %g layout.
    let e = format!("{f:e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    let sign = if neg { "-" } else { "" };
    // %g with shortest precision uses the exponent form below 1e-4 and from 1e6 (eprec = 6)...
    // unless the digits need more room: Go keeps eprec = 6 for the shortest form.
    if !(-4..6).contains(&exp) {
        return exp_form(sign, &digits, exp);
    }
    if exp < 0 {
        let zeros = "0".repeat((-exp - 1) as usize);
        return format!("{sign}0.{zeros}{digits}");
    }
    let point = (exp + 1) as usize;
    if digits.len() <= point {
        format!("{sign}{digits}{}", "0".repeat(point - digits.len()))
    } else {
        format!("{sign}{}.{}", &digits[..point], &digits[point..])
    }
}

fn exp_form(sign: &str, digits: &str, exp: i32) -> String {
    let (head, tail) = digits.split_at(1);
    let frac = if tail.is_empty() { String::new() } else { format!(".{tail}") };
    let es = if exp < 0 { '-' } else { '+' };
    format!("{sign}{head}{frac}e{es}{:02}", exp.abs())
}

/// A JSON number as Go prints the value unstructured decoding gives (int64 or float64).
pub fn go_number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        i.to_string()
    } else if let Some(u) = n.as_u64() {
        u.to_string()
    } else {
        go_float(n.as_f64().unwrap_or(0.0))
    }
}

/// fmt's `%v` of a decoded JSON value: `map[a:1 b:[x y]]`, `<nil>` for null.
pub fn go_v(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => go_number(n),
        Value::String(s) => s.clone(),
        Value::Array(a) => format!("[{}]", a.iter().map(go_v).collect::<Vec<_>>().join(" ")),
        Value::Object(m) => {
            format!(
                "map[{}]",
                m.iter().map(|(k, v)| format!("{k}:{}", go_v(v))).collect::<Vec<_>>().join(" ")
            )
        }
    }
}

/// `strconv.Quote` for the printable strings we meet (one implementation, in the model crate).
pub use kubeplay_model::errors::go_quote;

/// fmt's `%#v` of a decoded JSON value, as kubectl's jsonpath error dump shows the object.
pub fn go_sharp_v(v: &Value) -> String {
    match v {
        Value::Null => "interface {}(nil)".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => go_number(n),
        Value::String(s) => go_quote(s),
        Value::Array(a) => {
            format!("[]interface {{}}{{{}}}", a.iter().map(go_sharp_v).collect::<Vec<_>>().join(", "))
        }
        Value::Object(m) => format!(
            "map[string]interface {{}}{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{}:{}", go_quote(k), go_sharp_v(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `json.Marshal`: compact, keys sorted, `<`, `>`, `&` escaped as Go does.
pub fn go_json(v: &Value) -> String {
    escape_html(&serde_json::to_string(v).unwrap_or_default())
}

/// `json.MarshalIndent(v, "", "    ")`.
pub fn go_json_indent(v: &Value) -> String {
    let mut out = String::new();
    indent_into(v, 0, &mut out);
    escape_html(&out)
}

fn indent_into(v: &Value, depth: usize, out: &mut String) {
    let pad = |d: usize| "    ".repeat(d);
    match v {
        Value::Array(a) if !a.is_empty() => {
            out.push_str("[\n");
            for (k, x) in a.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                indent_into(x, depth + 1, out);
                out.push_str(if k + 1 < a.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push(']');
        }
        Value::Object(m) if !m.is_empty() => {
            out.push_str("{\n");
            for (k, (key, x)) in m.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                out.push_str(&serde_json::to_string(key).unwrap_or_default());
                out.push_str(": ");
                indent_into(x, depth + 1, out);
                out.push_str(if k + 1 < m.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push('}');
        }
        other => out.push_str(&serde_json::to_string(other).unwrap_or_default()),
    }
}

fn escape_html(s: &str) -> String {
    s.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn floats_like_go() {
        assert_eq!(go_float(1.5), "1.5");
        assert_eq!(go_float(3.0), "3");
        assert_eq!(go_float(1_000_000.0), "1e+06");
        assert_eq!(go_float(100_000.0), "100000");
        assert_eq!(go_float(0.0001), "0.0001");
        assert_eq!(go_float(0.00001), "1e-05");
        assert_eq!(go_float(123456.7), "123456.7");
    }

    #[test]
    fn go_value_forms() {
        let v = json!({"b": [1, "x"], "a": {"c": true}});
        assert_eq!(go_v(&v), "map[a:map[c:true] b:[1 x]]");
        assert_eq!(go_sharp_v(&v), "map[string]interface {}{\"a\":map[string]interface {}{\"c\":true}, \"b\":[]interface {}{1, \"x\"}}");
        assert_eq!(go_json(&json!({"m": "<a&b>"})), "{\"m\":\"\\u003ca\\u0026b\\u003e\"}");
    }
}
