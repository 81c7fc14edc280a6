//! Plain-scalar resolution as go-yaml v2 does it (YAML 1.1, what sigs.k8s.io/yaml and so kubectl
//! use): `y`/`yes`/`on`/`true` (three casings each) are booleans, `~`/`null`/empty are null,
//! integers accept `_` separators and Go's `0x`/`0o`/`0b`/leading-`0` prefixes, floats follow
//! `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`, and `2001-12-14`-style timestamps stay
//! strings when decoded into untyped values.

/// What a plain scalar means.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str,
    /// A value that resolves to a timestamp (a string once decoded into JSON).
    Timestamp,
    /// `<<`, the merge key.
    Merge,
}

pub(crate) fn resolve_plain(s: &str) -> Resolved {
    // Fast path: most scalars start with a letter that no special value starts with.
    if let Some(&b) = s.as_bytes().first() {
        if b.is_ascii_alphabetic() && !b"yYnNtTfFoO".contains(&b) {
            return Resolved::Str;
        }
    }
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Resolved::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Resolved::Bool(false)
        }
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Resolved::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        _ => {}
    }
    let first = s.as_bytes().first().copied().unwrap_or(0);
    match first {
        b'.' => match go_parse_float(s) {
            Some(f) => Resolved::Float(f),
            None => Resolved::Str,
        },
        b'+' | b'-' | b'0'..=b'9' => {
            if is_timestamp(s) {
                return Resolved::Timestamp;
            }
            let plain: String = s.chars().filter(|&c| c != '_').collect();
            if let Some(i) = go_parse_int(&plain) {
                return Resolved::Int(i);
            }
            if let Some(u) = go_parse_uint(&plain) {
                return Resolved::UInt(u);
            }
            if is_yaml_float(&plain) {
                if let Ok(f) = plain.parse::<f64>() {
                    return Resolved::Float(f);
                }
            }
            Resolved::Str
        }
        b'<' if s == "<<" => Resolved::Merge,
        _ => Resolved::Str,
    }
}

/// Whether a string needs quoting to stay a string when written plain (go-yaml v2's encoder quotes
/// anything that resolves to another type, and base-60 floats such as `1:20`).
pub(crate) fn needs_quotes(s: &str) -> bool {
    !matches!(resolve_plain(s), Resolved::Str | Resolved::Merge) || is_base60_float(s)
}

/// Go's `strconv.ParseInt(s, 0, 64)`: optional sign, `0x`/`0o`/`0b`/leading-`0` prefixes.
fn go_parse_int(s: &str) -> Option<i64> {
    let (neg, body) = split_sign(s);
    let mag = parse_prefixed(body)?;
    if neg {
        if mag <= (i64::MAX as u128) + 1 {
            Some((mag as i128).checked_neg().and_then(|v| i64::try_from(v).ok())?)
        } else {
            None
        }
    } else {
        i64::try_from(mag).ok()
    }
}

/// Go's `strconv.ParseUint(s, 0, 64)` (no sign allowed).
fn go_parse_uint(s: &str) -> Option<u64> {
    if s.starts_with('+') || s.starts_with('-') {
        return None;
    }
    u64::try_from(parse_prefixed(s)?).ok()
}

fn split_sign(s: &str) -> (bool, &str) {
    if let Some(r) = s.strip_prefix('-') {
        (true, r)
    } else if let Some(r) = s.strip_prefix('+') {
        (false, r)
    } else {
        (false, s)
    }
}

fn parse_prefixed(body: &str) -> Option<u128> {
    let lower = body.get(..2).map(|p| p.to_ascii_lowercase());
    let (radix, digits) = match lower.as_deref() {
        Some("0x") => (16, &body[2..]),
        Some("0o") => (8, &body[2..]),
        Some("0b") => (2, &body[2..]),
        _ if body.len() > 1 && body.starts_with('0') => (8, &body[1..]),
        _ => (10, body),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = u128::from_str_radix(digits, radix).ok()?;
    (v <= u64::MAX as u128).then_some(v)
}

fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go's `strconv.ParseFloat` for the inputs go-yaml hands it (those starting with `.`).
fn go_parse_float(s: &str) -> Option<f64> {
    let ok = s.bytes().all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'));
    if !ok || !s.bytes().any(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse::<f64>().ok()
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() && i - start < 2 {
            i += 1;
        }
        let n = i - start;
        if n == 0 || (n == 2 && b[start] > b'5') {
            return false;
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// go-yaml's timestamp forms: `2006-1-2`, `2006-1-2T15:4:5.999999999Z07:00`, `2006-1-2t15:4:5...`,
/// `2006-1-2 15:4:5.999999999` (only the date part is checked strictly here).
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    // A quick guard as go-yaml has: must look like dddd-.
    if b.len() < 8 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let mut i = 5;
    let num = |i: &mut usize, max: usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() && *i - start < max {
            *i += 1;
        }
        *i - start
    };
    if num(&mut i, 2) == 0 || b.get(i) != Some(&b'-') {
        return false;
    }
    i += 1;
    if num(&mut i, 2) == 0 {
        return false;
    }
    if i == b.len() {
        return true;
    }
    if !matches!(b[i], b'T' | b't' | b' ') {
        return false;
    }
    i += 1;
    if num(&mut i, 2) == 0 || b.get(i) != Some(&b':') {
        return false;
    }
    i += 1;
    if num(&mut i, 2) == 0 || b.get(i) != Some(&b':') {
        return false;
    }
    i += 1;
    if num(&mut i, 2) == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        num(&mut i, 9);
    }
    match &s[i..] {
        "" | "Z" => true,
        rest => {
            let r = rest.as_bytes();
            (r.len() == 6 && (r[0] == b'+' || r[0] == b'-') && r[3] == b':')
                && r[1..3].iter().chain(&r[4..6]).all(u8::is_ascii_digit)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;
    use Resolved::*;

    #[test]
    fn yaml11_scalars() {
        for s in ["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"] {
            assert_eq!(resolve_plain(s), Bool(true), "{s}");
        }
        for s in ["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"] {
            assert_eq!(resolve_plain(s), Bool(false), "{s}");
        }
        for s in ["yEs", "oN", "tRUE", "a", "1e", "e3", "._", "1,000", "0x", "- a"] {
            assert_eq!(resolve_plain(s), Str, "{s}");
        }
        assert_eq!(resolve_plain("~"), Null);
        assert_eq!(resolve_plain(""), Null);
        assert_eq!(resolve_plain("0x1F"), Int(31));
        assert_eq!(resolve_plain("0o17"), Int(15));
        assert_eq!(resolve_plain("0755"), Int(493));
        assert_eq!(resolve_plain("0b101"), Int(5));
        assert_eq!(resolve_plain("1_000"), Int(1000));
        assert_eq!(resolve_plain("-0"), Int(0));
        assert_eq!(resolve_plain("18446744073709551615"), UInt(u64::MAX));
        assert_eq!(resolve_plain("1e3"), Float(1000.0));
        assert_eq!(resolve_plain("1."), Float(1.0));
        assert_eq!(resolve_plain(".5"), Float(0.5));
        assert_eq!(resolve_plain("2001-12-14"), Timestamp);
        assert_eq!(resolve_plain("<<"), Merge);
    }

    #[test]
    fn quoting_matches_kubectl() {
        // Taken from `kubectl create configmap --from-literal=... -o yaml` (v1.33): quoted ones first.
        for s in [
            "null",
            "~",
            "1e3",
            "0x1F",
            "1_000",
            "0755",
            "0o17",
            ".5",
            "+1",
            "1:20",
            "190:20:30",
            "-1",
            "-.inf",
            ".nan",
            "Yes",
            "On",
            "n",
            "N",
            "1.0",
            "1.",
            "2001-12-14",
            "12:30",
            "0.1e-5",
            "1e+06",
            "0b101",
            "+.5",
            "1__0",
            "0x_1",
            "0",
            "00",
            "-0",
            "+0",
            "80",
            "true",
            "y",
            "",
        ] {
            assert!(needs_quotes(s), "{s}");
        }
        for s in ["yEs", "1e", "e3", "._", "1,000", "<<", "a:b", "x"] {
            assert!(!needs_quotes(s), "{s}");
        }
    }
}
