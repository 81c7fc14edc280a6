//! Splitting a console line into words the way a POSIX shell does for the simple cases a
//! playground needs: whitespace, single and double quotes, backslash escapes.

/// Splits `line` into words. Unterminated quotes are an error with bash's wording.
pub fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => cur.push(ch),
                        None => return Err("unexpected EOF while looking for matching `''".to_string()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.peek() {
                            Some(&n @ ('"' | '\\' | '$' | '`')) => {
                                cur.push(n);
                                chars.next();
                            }
                            Some('\n') => {
                                chars.next();
                            }
                            _ => cur.push('\\'),
                        },
                        Some(ch) => cur.push(ch),
                        None => return Err("unexpected EOF while looking for matching `\"'".to_string()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some('\n') => {}
                    Some(ch) => cur.push(ch),
                    None => {}
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '#' if !in_word => break,
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// Quotes a word for [`split_words`] when it needs it.
pub fn quote(w: &str) -> String {
    if !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,@%+".contains(c)) {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', "'\\''"))
    }
}

/// Replaces each `$(…)` outside single quotes by what `run` returns for the inner command,
/// trailing newlines removed (as a shell's command substitution does).
pub fn expand_substitutions(line: &str, run: &mut dyn FnMut(&str) -> String) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let mut in_single = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            in_single = !in_single;
        }
        if !in_single && c == '$' && chars.get(i + 1) == Some(&'(') {
            let mut depth = 1;
            let mut j = i + 2;
            while j < chars.len() && depth > 0 {
                match chars[j] {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                j += 1;
            }
            if depth == 0 {
                let inner: String = chars[i + 2..j - 1].iter().collect();
                out.push_str(run(&inner).trim_end_matches('\n'));
                i = j;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn command_substitution() {
        let mut f = |s: &str| format!("<{s}>\n");
        assert_eq!(expand_substitutions("a $(b c) d", &mut f), "a <b c> d");
        assert_eq!(expand_substitutions("a '$(b)'", &mut f), "a '$(b)'");
        assert_eq!(expand_substitutions("x $(y $(z))", &mut f), "x <y $(z)>");
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(
            split_words(r#"kubectl patch deploy web -p '{"spec":{"replicas":2}}'"#).unwrap(),
            vec!["kubectl", "patch", "deploy", "web", "-p", r#"{"spec":{"replicas":2}}"#]
        );
        assert_eq!(split_words(r#"echo "a \"b\"" c\ d"#).unwrap(), vec!["echo", "a \"b\"", "c d"]);
        assert_eq!(split_words("get pods # comment").unwrap(), vec!["get", "pods"]);
        assert_eq!(split_words("a ''").unwrap(), vec!["a", ""]);
        assert!(split_words("echo 'abc").is_err());
    }
}
