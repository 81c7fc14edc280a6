//! Canonical quantity strings (`resource.Quantity.String()`): the server stores requests, limits
//! and capacities in canonical form, rounded up to milli precision, keeping the user's format
//! (binary `Ki…Ei`, decimal `k…E`/`m`, or decimal exponent `eN`).

use kubeplay_model::quantity::Quantity;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    BinarySi,
    DecimalSi,
    DecimalExponent,
}

fn format_of(s: &str) -> Format {
    let suffix =
        s.trim_start_matches(['+', '-']).trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    if suffix.ends_with('i') {
        Format::BinarySi
    } else if suffix.starts_with(['e', 'E']) {
        Format::DecimalExponent
    } else {
        Format::DecimalSi
    }
}

/// The canonical form of a valid quantity string; `None` when it does not parse.
pub fn canonical(s: &str) -> Option<String> {
    let q = Quantity::parse(s).ok()?;
    let (neg, milli) = (q.milli < 0, q.milli.unsigned_abs());
    let sign = if neg { "-" } else { "" };
    if milli == 0 {
        return Some("0".into());
    }
    let mut format = format_of(s.trim());
    if format == Format::BinarySi && milli % 1000 != 0 {
        format = Format::DecimalSi;
    }
    if milli % 1000 != 0 {
        return Some(match format {
            Format::DecimalExponent => format!("{sign}{milli}e-3"),
            _ => format!("{sign}{milli}m"),
        });
    }
    let v = milli / 1000;
    Some(match format {
        Format::BinarySi => {
            let suffixes = [(60, "Ei"), (50, "Pi"), (40, "Ti"), (30, "Gi"), (20, "Mi"), (10, "Ki")];
            match suffixes.iter().find(|(k, _)| v % (1u128 << k) == 0) {
                Some((k, suf)) => format!("{sign}{}{suf}", v >> k),
                None => format!("{sign}{v}"),
            }
        }
        Format::DecimalSi | Format::DecimalExponent => {
            let exps = [(18u32, "E"), (15, "P"), (12, "T"), (9, "G"), (6, "M"), (3, "k")];
            match exps.iter().find(|(e, _)| v % 10u128.pow(*e) == 0) {
                Some((e, suf)) if format == Format::DecimalSi => format!("{sign}{}{suf}", v / 10u128.pow(*e)),
                Some((e, _)) => format!("{sign}{}e{e}", v / 10u128.pow(*e)),
                None => format!("{sign}{v}"),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::canonical;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn canonical_forms() {
        for (input, want) in [
            ("0.5", "500m"),
            ("500m", "500m"),
            ("1000m", "1"),
            ("2", "2"),
            ("0.0001", "1m"),
            ("1000", "1k"),
            ("1500", "1500"),
            ("64M", "64M"),
            ("128Mi", "128Mi"),
            ("1024Mi", "1Gi"),
            ("1.5Gi", "1536Mi"),
            ("1536", "1536"),
            ("0.5Ki", "512"),
            ("1e3", "1e3"),
            ("0", "0"),
        ] {
            assert_eq!(canonical(input).as_deref(), Some(want), "{input}");
        }
        assert_eq!(canonical("lots"), None);
    }
}
