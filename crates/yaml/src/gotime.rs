//! The errors Go's `time.Parse(time.RFC3339, s)` returns, which the API server passes on for a bad
//! `metav1.Time` (`parsing time "2024-01-01" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"`).

const LAYOUT: &str = "2006-01-02T15:04:05Z07:00";

/// `None` when `s` parses as RFC 3339 (Go's lenient layout parse).
pub(crate) fn rfc3339_error(s: &str) -> Option<String> {
    let cannot = |value_elem: &str, layout_elem: &str| {
        Some(format!(
            "parsing time \"{s}\" as \"{LAYOUT}\": cannot parse \"{value_elem}\" as \"{layout_elem}\""
        ))
    };
    let out_of_range = |what: &str| Some(format!("parsing time \"{s}\": {what} out of range"));
    let mut v = s;
    // year
    if v.len() < 4 || !v.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
        return cannot(v, "2006");
    }
    let year: i64 = v[..4].parse().unwrap_or(0);
    v = &v[4..];
    let mut fields = [0i64; 5];
    let steps: [(&str, &str, bool); 5] =
        [("-", "01", true), ("-", "02", true), ("T", "15", false), (":", "04", true), (":", "05", true)];
    for (i, (lit, elem, fixed)) in steps.iter().enumerate() {
        let Some(rest) = v.strip_prefix(lit) else { return cannot(v, lit) };
        v = rest;
        let Some((n, rest)) = getnum(v, *fixed) else { return cannot(v, elem) };
        let range = match i {
            0 if !(1..=12).contains(&n) => Some("month"),
            2 if n >= 24 => Some("hour"),
            3 if n >= 60 => Some("minute"),
            4 if n >= 60 => Some("second"),
            _ => None,
        };
        if let Some(what) = range {
            return out_of_range(what);
        }
        fields[i] = n;
        v = rest;
    }
    // Fractional seconds are accepted even though the layout has none.
    let b = v.as_bytes();
    if b.len() >= 2 && (b[0] == b'.' || b[0] == b',') && b[1].is_ascii_digit() {
        let n = 1 + b[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        v = &v[n..];
    }
    // zone
    if let Some(rest) = v.strip_prefix('Z') {
        v = rest;
    } else {
        let b = v.as_bytes();
        let ok = b.len() >= 6
            && (b[0] == b'+' || b[0] == b'-')
            && b[3] == b':'
            && [1, 2, 4, 5].iter().all(|&i| b[i].is_ascii_digit());
        if !ok {
            return cannot(v, "Z07:00");
        }
        v = &v[6..];
    }
    if !v.is_empty() {
        return Some(format!("parsing time \"{s}\": extra text: \"{v}\""));
    }
    let (month, day) = (fields[0], fields[1]);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day < 1 || day > days {
        return out_of_range("day");
    }
    None
}

/// Go's `getnum`: one or two digits (exactly two when `fixed`).
fn getnum(v: &str, fixed: bool) -> Option<(i64, &str)> {
    let b = v.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    if !b.get(1).is_some_and(u8::is_ascii_digit) {
        if fixed {
            return None;
        }
        return Some((i64::from(b[0] - b'0'), &v[1..]));
    }
    Some((i64::from(b[0] - b'0') * 10 + i64::from(b[1] - b'0'), &v[2..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn go_messages() {
        assert_eq!(rfc3339_error("2024-01-02T03:04:05Z"), None);
        assert_eq!(rfc3339_error("2024-01-02T03:04:05.123+02:00"), None);
        assert_eq!(
            rfc3339_error("2024-01-01").as_deref(),
            Some("parsing time \"2024-01-01\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"T\"")
        );
        assert_eq!(
            rfc3339_error("yesterday").as_deref(),
            Some("parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\"")
        );
        assert_eq!(
            rfc3339_error("2024-13-01T00:00:00Z").as_deref(),
            Some("parsing time \"2024-13-01T00:00:00Z\": month out of range")
        );
        assert_eq!(
            rfc3339_error("2023-02-29T00:00:00Z").as_deref(),
            Some("parsing time \"2023-02-29T00:00:00Z\": day out of range")
        );
        assert_eq!(
            rfc3339_error("2024-01-02T03:04:05").as_deref(),
            Some("parsing time \"2024-01-02T03:04:05\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"Z07:00\"")
        );
    }
}
