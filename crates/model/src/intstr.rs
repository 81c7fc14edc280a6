//! IntOrString values (`maxSurge: 25%`, `targetPort: http`) and their scaling rules.

use serde_json::Value;

/// `intstr.GetScaledValueFromIntOrPercent`: an integer is used as given; `N%` is scaled against
/// `total`, rounding up or down. Returns an error string for anything else.
pub fn scaled_value(v: &Value, total: i64, round_up: bool) -> Result<i64, String> {
    match v {
        Value::Number(n) => n.as_i64().ok_or_else(|| format!("invalid value for IntOrString: {n}")),
        Value::String(s) => {
            let pct = s.strip_suffix('%').and_then(|p| p.parse::<i64>().ok()).ok_or_else(|| {
                format!("invalid value for IntOrString: invalid type: string is not a percentage: {s}")
            })?;
            let scaled = pct * total;
            Ok(if round_up { (scaled + 99).div_euclid(100) } else { scaled.div_euclid(100) })
        }
        _ => Err("invalid value for IntOrString".into()),
    }
}

/// `ResolveFenceposts`: (maxSurge, maxUnavailable) for a rolling update of `desired` replicas.
/// Surge rounds up, unavailable rounds down; if both are 0, unavailable becomes 1.
pub fn resolve_fenceposts(
    max_surge: &Value,
    max_unavailable: &Value,
    desired: i64,
) -> Result<(i64, i64), String> {
    let surge = scaled_value(max_surge, desired, true)?;
    let unavailable = scaled_value(max_unavailable, desired, false)?;
    if surge == 0 && unavailable == 0 {
        return Ok((0, 1));
    }
    Ok((surge, unavailable))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn fenceposts_match_reference_examples() {
        assert_eq!(resolve_fenceposts(&json!("25%"), &json!("25%"), 3), Ok((1, 0)));
        assert_eq!(resolve_fenceposts(&json!("25%"), &json!("25%"), 10), Ok((3, 2)));
        assert_eq!(resolve_fenceposts(&json!(0), &json!(0), 5), Ok((0, 1)));
        assert_eq!(resolve_fenceposts(&json!("1%"), &json!("25%"), 2), Ok((1, 0)));
    }
}
