//! Resource quantities (`100m`, `1.5`, `128Mi`, `1G`, `1e3`) in milli-units.

/// The error apimachinery returns for a malformed quantity.
pub const QUANTITY_REGEX_ERROR: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/// A quantity as an exact count of thousandths (`1` = 1000, `100m` = 100, `1Ki` = 1_024_000),
/// rounded up to milli precision as the API server does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Quantity {
    pub milli: i128,
}

impl Quantity {
    pub fn from_milli(milli: i128) -> Self {
        Quantity { milli }
    }
    /// The whole value rounded up (bytes for memory, cores for cpu).
    pub fn value(self) -> i128 {
        (self.milli + 999).div_euclid(1000)
    }

    pub fn parse(s: &str) -> Result<Quantity, String> {
        let s = s.trim();
        let err = || QUANTITY_REGEX_ERROR.to_string();
        if s.is_empty() {
            return Err(err());
        }
        let (neg, body) = match s.as_bytes()[0] {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let num_len = body.bytes().take_while(|c| c.is_ascii_digit() || *c == b'.').count();
        let (num, suffix) = body.split_at(num_len);
        if num.is_empty() || num == "." || num.matches('.').count() > 1 {
            return Err(err());
        }
        // (multiplier numerator, base-10 exponent) so that value = num * mult * 10^exp.
        let (mult, exp): (i128, i32) = match suffix {
            "" => (1, 0),
            "n" => (1, -9),
            "u" => (1, -6),
            "m" => (1, -3),
            "k" => (1, 3),
            "M" => (1, 6),
            "G" => (1, 9),
            "T" => (1, 12),
            "P" => (1, 15),
            "E" => (1, 18),
            "Ki" => (1 << 10, 0),
            "Mi" => (1 << 20, 0),
            "Gi" => (1 << 30, 0),
            "Ti" => (1 << 40, 0),
            "Pi" => (1 << 50, 0),
            "Ei" => (1 << 60, 0),
            _ => {
                let e = suffix.strip_prefix('e').or_else(|| suffix.strip_prefix('E')).ok_or_else(err)?;
                let e: i32 = e.parse().map_err(|_| err())?;
                if !(-30..=30).contains(&e) {
                    return Err(err());
                }
                (1, e)
            }
        };
        let (int_part, frac_part) = num.split_once('.').unwrap_or((num, ""));
        let digits = format!("{int_part}{frac_part}");
        let digits = digits.trim_start_matches('0');
        let mantissa: i128 = if digits.is_empty() { 0 } else { digits.parse().map_err(|_| err())? };
        // value in milli = mantissa * mult * 10^(exp + 3 - frac_len)
        let e = exp + 3 - frac_part.len() as i32;
        let base = mantissa.checked_mul(mult).ok_or_else(err)?;
        let milli = if e >= 0 {
            base.checked_mul(10i128.checked_pow(e as u32).ok_or_else(err)?).ok_or_else(err)?
        } else {
            let d = 10i128.checked_pow((-e) as u32).unwrap_or(i128::MAX);
            (base + d - 1) / d // round up to milli precision
        };
        Ok(Quantity { milli: if neg { -milli } else { milli } })
    }
}

/// CPU as `kubectl top` prints it: millicores (`250m`).
pub fn format_cpu(q: Quantity) -> String {
    format!("{}m", q.milli)
}

/// Memory as `kubectl top` prints it: mebibytes (`64Mi`).
pub fn format_memory_mi(q: Quantity) -> String {
    format!("{}Mi", q.value() / (1 << 20))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn parses_common_forms() {
        let m = |s: &str| Quantity::parse(s).unwrap().milli;
        assert_eq!(m("100m"), 100);
        assert_eq!(m("1"), 1000);
        assert_eq!(m("1.5"), 1500);
        assert_eq!(m("0.1"), 100);
        assert_eq!(m("128Mi"), 128 * 1024 * 1024 * 1000);
        assert_eq!(m("1G"), 1_000_000_000_000);
        assert_eq!(m("1e3"), 1_000_000);
        assert_eq!(m("1n"), 1); // rounded up to milli
        assert_eq!(Quantity::parse("1Gi").unwrap().value(), 1 << 30);
    }

    #[test]
    fn rejects_junk() {
        for bad in ["lots", "", "1.2.3", "12Qi", "m", "--1"] {
            assert_eq!(Quantity::parse(bad), Err(QUANTITY_REGEX_ERROR.to_string()), "{bad}");
        }
    }
}
