//! Word wrapping as kubectl's explain templates do it (mitchellh/go-wordwrap `WrapString`): break at
//! whitespace once a line would exceed the limit, keep words longer than the limit whole, keep
//! existing line breaks.

pub(crate) fn wrap(s: &str, lim: usize) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut current = 0usize;
    let (mut word, mut space) = (String::new(), String::new());
    let (mut word_len, mut space_len) = (0usize, 0usize);
    for ch in s.chars() {
        if ch == '\n' {
            if word.is_empty() {
                if current + space_len <= lim {
                    out.push_str(&space);
                }
            } else {
                out.push_str(&space);
                out.push_str(&word);
            }
            space.clear();
            word.clear();
            space_len = 0;
            word_len = 0;
            out.push('\n');
            current = 0;
        } else if ch.is_whitespace() && ch != '\u{a0}' {
            if space.is_empty() || !word.is_empty() {
                current += space_len + word_len;
                out.push_str(&space);
                out.push_str(&word);
                space.clear();
                word.clear();
                space_len = 0;
                word_len = 0;
            }
            space.push(ch);
            space_len += 1;
        } else {
            word.push(ch);
            word_len += 1;
            if current + space_len + word_len > lim && word_len < lim {
                out.push('\n');
                current = 0;
                space.clear();
                space_len = 0;
            }
        }
    }
    if word.is_empty() {
        if current + space_len <= lim {
            out.push_str(&space);
        }
    } else {
        out.push_str(&space);
        out.push_str(&word);
    }
    out
}

/// Prefixes every line (including empty ones and the one after a final newline) with `n` spaces.
pub(crate) fn indent(s: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    let mut out = String::with_capacity(s.len() + 8 * n);
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&pad);
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn wraps_at_76_like_explain() {
        let s = "Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.";
        assert_eq!(
            wrap(s, 76),
            "Number of desired pods. This is a pointer to distinguish between explicit\nzero and not specified. Defaults to 1."
        );
        let long = "More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
        assert_eq!(
            wrap(long, 76),
            "More info:\nhttps://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
        );
    }
}
