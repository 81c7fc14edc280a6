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

/// The prompt an interactive shell in a container prints, as the image's own shell does with
/// its default settings: busybox `ash` (busybox, alpine, `*-alpine`, curlimages/curl) shows
/// `\w \$ ` (`/ # `, or `~ $ ` for curl's non-root user in its home); Debian's `dash` (what `sh` is
/// in nginx, redis, python, …) shows `# ` for root; `bash` there shows `\u@\h:\w\$ ` from the
/// image's `/root/.bashrc` (`root@web-7d9c:/# `).
pub fn container_prompt(image: &str, shell: &str, hostname: &str, working_dir: Option<&str>) -> String {
    let (repo, tag) = image_repo_and_tag(image);
    let busybox_based = matches!(repo.as_str(), "busybox" | "alpine" | "curl") || tag.contains("alpine");
    // curlimages/curl runs as curl_user (uid 100) in its home; the rest run as root.
    let (user, home, default_dir) = match repo.as_str() {
        "curl" => ("curl_user", "/home/curl_user", "/home/curl_user"),
        "redis" => ("root", "/root", "/data"),
        "httpd" => ("root", "/root", "/usr/local/apache2"),
        _ => ("root", "/root", "/"),
    };
    let dir = working_dir.filter(|d| !d.is_empty()).unwrap_or(default_dir);
    let shown_dir = if dir == home {
        "~".to_string()
    } else if let Some(rest) = dir.strip_prefix(home).filter(|r| r.starts_with('/')) {
        format!("~{rest}")
    } else {
        dir.to_string()
    };
    let sigil = if user == "root" { '#' } else { '$' };
    let shell = shell.rsplit('/').next().unwrap_or(shell);
    if busybox_based {
        format!("{shown_dir} {sigil} ")
    } else if shell == "bash" {
        let host = hostname.split('.').next().unwrap_or(hostname);
        format!("{user}@{host}:{shown_dir}{sigil} ")
    } else {
        format!("{sigil} ")
    }
}

/// `docker.io/library/redis:7-alpine` → (`redis`, `7-alpine`): the repository's last path
/// segment and the tag (`latest` when none; a digest is not a tag).
fn image_repo_and_tag(image: &str) -> (String, String) {
    let without_digest = image.split('@').next().unwrap_or(image);
    let last = without_digest.rsplit('/').next().unwrap_or(without_digest);
    match last.split_once(':') {
        Some((repo, tag)) => (repo.to_string(), tag.to_string()),
        None => (last.to_string(), "latest".to_string()),
    }
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

    #[test]
    fn container_prompts_are_the_images_shells() {
        // busybox ash's default PS1 `\w \$ `, as `kubectl run -it --image=busybox -- sh` shows.
        assert_eq!(container_prompt("busybox", "/bin/sh", "debug", None), "/ # ");
        assert_eq!(container_prompt("busybox:1.36", "sh", "debug", None), "/ # ");
        assert_eq!(container_prompt("alpine:3.20", "sh", "a", None), "/ # ");
        assert_eq!(container_prompt("nginx:1.27-alpine", "sh", "web", None), "/ # ");
        assert_eq!(container_prompt("curlimages/curl", "sh", "c", None), "~ $ ");
        // Debian images: dash for sh, bash with the image's .bashrc prompt.
        assert_eq!(container_prompt("nginx:1.27", "sh", "web-1", None), "# ");
        assert_eq!(container_prompt("nginx:1.27", "bash", "web-1", None), "root@web-1:/# ");
        assert_eq!(container_prompt("redis:7", "bash", "redis-0", None), "root@redis-0:/data# ");
        assert_eq!(container_prompt("nginx", "bash", "web", Some("/root/app")), "root@web:~/app# ");
        assert_eq!(
            container_prompt("docker.io/library/busybox@sha256:ab", "sh", "b", Some("/tmp")),
            "/tmp # "
        );
    }
}
