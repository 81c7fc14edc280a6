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

#[cfg(test)]
mod tests {
    use super::*;

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
