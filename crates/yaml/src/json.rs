//! `kubectl get -o json` output: Go's `json.MarshalIndent(obj, "", "    ")` plus a newline. Keys
//! sorted (Go sorts map keys), `<`, `>`, `&`, U+2028 and U+2029 escaped as `\u003c` etc., control
//! characters as `\n`, `\t`, `\b`... or `\u00XX`, floats in Go's shortest form.

use serde_json::{Number, Value};

/// An object as `kubectl get -o json` prints it (with the trailing newline).
pub fn to_json(v: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, v, 0);
    out.push('\n');
    out
}

fn write_value(out: &mut String, v: &Value, depth: usize) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&go_json_number(n)),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_value(out, item, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Object(map) => {
            if map.is_empty() {
                out.push_str("{}");
                return;
            }
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_string(out, k);
                out.push_str(": ");
                if let Some(v) = map.get(*k) {
                    write_value(out, v, depth + 1);
                }
            }
            newline(out, depth);
            out.push('}');
        }
    }
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("    ");
    }
}

fn write_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let n = c as u32;
                out.push_str("\\u");
                for shift in [12, 8, 4, 0] {
                    out.push(HEX[((n >> shift) & 0xf) as usize] as char);
                }
            }
            c if (c as u32) < 0x20 => {
                let n = c as u32;
                out.push_str("\\u00");
                out.push(HEX[(n >> 4) as usize] as char);
                out.push(HEX[(n & 0xf) as usize] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn go_json_number(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    // Beyond int64, Go's unstructured decoding holds the number as a float64.
    go_json_float(n.as_f64().unwrap_or(0.0))
}

/// The shortest round-trip decimal digits of `f` and its decimal point position:
/// `f = 0.DIGITS × 10^dp`.
fn shortest_digits(f: f64) -> (String, i32) {
    let s = format!("{:e}", f.abs());
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let exp: i32 = exp.parse().unwrap_or(0);
    if digits.bytes().all(|b| b == b'0') {
        return ("0".to_string(), 1);
    }
    (digits, exp + 1)
}

fn fmt_e(neg: bool, digits: &str, dp: i32) -> String {
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    s.push_str(&digits[..1]);
    if digits.len() > 1 {
        s.push('.');
        s.push_str(&digits[1..]);
    }
    let exp = if digits == "0" { 0 } else { dp - 1 };
    s.push('e');
    s.push(if exp < 0 { '-' } else { '+' });
    let a = exp.unsigned_abs();
    if a < 10 {
        s.push('0');
    }
    s.push_str(&a.to_string());
    s
}

fn fmt_f(neg: bool, digits: &str, dp: i32) -> String {
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    if dp <= 0 {
        s.push_str("0.");
        for _ in 0..(-dp) {
            s.push('0');
        }
        s.push_str(digits);
    } else if dp as usize >= digits.len() {
        s.push_str(digits);
        for _ in 0..(dp as usize - digits.len()) {
            s.push('0');
        }
    } else {
        s.push_str(&digits[..dp as usize]);
        s.push('.');
        s.push_str(&digits[dp as usize..]);
    }
    s
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)` (what go-yaml writes for floats), with go-yaml's
/// `.inf`/`-.inf`/`.nan`.
pub(crate) fn go_float_g(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf".into() } else { "-.inf".into() };
    }
    let neg = f.is_sign_negative() && f != 0.0;
    let (digits, dp) = shortest_digits(f);
    let exp = dp - 1;
    if !(-4..6).contains(&exp) {
        fmt_e(neg, &digits, dp)
    } else {
        fmt_f(neg, &digits, dp)
    }
}

/// encoding/json's float format: `'f'` unless the magnitude is below 1e-6 or at least 1e21, then
/// `'e'` with a one-digit negative exponent (`1e-7`).
fn go_json_float(f: f64) -> String {
    if !f.is_finite() {
        return "null".into();
    }
    let neg = f.is_sign_negative() && f != 0.0;
    let (digits, dp) = shortest_digits(f);
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let s = fmt_e(neg, &digits, dp);
        // Go trims e-07 to e-7.
        if let Some(i) = s.find("e-0") {
            return format!("{}e-{}", &s[..i], &s[i + 3..]);
        }
        s
    } else {
        fmt_f(neg, &digits, dp)
    }
}

/// A JSON number as Go's encoder writes it (what the server sees in error messages).
pub(crate) fn go_number_text(n: &Number) -> String {
    go_json_number(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn go_floats() {
        assert_eq!(go_float_g(1.5), "1.5");
        assert_eq!(go_float_g(1e6), "1e+06");
        assert_eq!(go_float_g(100000.0), "100000");
        assert_eq!(go_float_g(123456789.0), "1.23456789e+08");
        assert_eq!(go_float_g(0.0001), "0.0001");
        assert_eq!(go_float_g(0.00001), "1e-05");
        assert_eq!(go_float_g(-2.5), "-2.5");
        assert_eq!(go_json_float(1.5), "1.5");
        assert_eq!(go_json_float(1e20), "100000000000000000000");
        assert_eq!(go_json_float(1e21), "1e+21");
        assert_eq!(go_json_float(1e-7), "1e-7");
        assert_eq!(go_json_float(0.000001), "0.000001");
    }

    #[test]
    fn configmap_like_kubectl() {
        // `kubectl create configmap x --from-literal=lt='<a&b>' --from-literal=u=$'é\u2028x\x01'
        // --dry-run=client -o json` (v1.33), with keys in the sorted order `kubectl get` prints.
        let v = json!({"kind": "ConfigMap", "apiVersion": "v1",
            "metadata": {"name": "x", "creationTimestamp": null},
            "data": {"lt": "<a&b>", "u": "é\u{2028}x\u{1}"}});
        let want = "{\n    \"apiVersion\": \"v1\",\n    \"data\": {\n        \"lt\": \"\\u003ca\\u0026b\\u003e\",\n        \"u\": \"é\\u2028x\\u0001\"\n    },\n    \"kind\": \"ConfigMap\",\n    \"metadata\": {\n        \"creationTimestamp\": null,\n        \"name\": \"x\"\n    }\n}\n";
        assert_eq!(to_json(&v), want);
        assert_eq!(
            to_json(&json!({"a": [], "b": {}, "c": [1, 2.5]})),
            "{\n    \"a\": [],\n    \"b\": {},\n    \"c\": [\n        1,\n        2.5\n    ]\n}\n"
        );
    }
}
