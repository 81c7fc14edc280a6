//! kubectl's command tree: finding the verb among the words (global flags may come first),
//! cobra's unknown-command suggestions, and one module per verb.

pub mod apply;
pub mod attach;
pub mod common;
pub mod create;
pub mod curl;
pub mod delete;
pub mod describe;
pub mod edit;
pub mod exec;
pub mod get;
pub mod gnudiff;
pub mod help;
pub mod info;
pub mod logs;
pub mod nodes;
pub mod portforward;
pub mod rollout;
pub mod visit;
pub mod wait;

use crate::flags::{self, Flag, GLOBAL};
use crate::session::{Output, Session};
use common::{CmdError, Out};

/// The root commands in `kubectl --help` order (cobra keeps insertion order for kubectl, which
/// is also the order of its "Did you mean this?" suggestions).
pub const ROOT_COMMANDS: &[&str] = &[
    "create",
    "expose",
    "run",
    "set",
    "explain",
    "get",
    "edit",
    "delete",
    "rollout",
    "scale",
    "autoscale",
    "certificate",
    "cluster-info",
    "top",
    "cordon",
    "uncordon",
    "drain",
    "taint",
    "describe",
    "logs",
    "attach",
    "exec",
    "port-forward",
    "proxy",
    "cp",
    "auth",
    "debug",
    "events",
    "diff",
    "apply",
    "patch",
    "replace",
    "wait",
    "kustomize",
    "label",
    "annotate",
    "completion",
    "api-resources",
    "api-versions",
    "config",
    "plugin",
    "version",
    "options",
    "help",
];

/// Commands kubectl has but the playground does not simulate.
const UNSUPPORTED: &[&str] = &[
    "edit",
    "autoscale",
    "certificate",
    "attach",
    "proxy",
    "cp",
    "auth",
    "debug",
    "replace",
    "kustomize",
    "completion",
    "api-versions",
    "plugin",
    "options",
];

/// Runs one console line (the `kubectl`/`k` prefix is optional; `curl`, `echo`, `sleep` too).
pub fn run_line(s: &mut Session, line: &str, stdin: Option<&str>) -> Output {
    if s.shell.is_some() {
        return exec::shell_line(s, line);
    }
    // `$(kubectl get pods -o name …)`: run the inner command first (its errors go to the terminal).
    let mut side = String::new();
    let expanded;
    let line = if line.contains("$(") {
        expanded = crate::shell::expand_substitutions(line, &mut |inner| {
            let o = run_line(s, inner, None);
            if o.exit_code != 0 {
                side.push_str(&o.text);
                return String::new();
            }
            o.text
        });
        expanded.as_str()
    } else {
        line
    };
    let mut words = match crate::shell::split_words(line) {
        Ok(w) => w,
        Err(e) => return Output { text: format!("bash: {e}\n"), exit_code: 2, stream: None },
    };
    // `cmd | head -n 3 | grep x`: simple text filters on what the command printed.
    if let Some(pos) = words.iter().position(|w| w == "|") {
        let filters: Vec<String> = words[pos + 1..].to_vec();
        let left = words[..pos].iter().map(|w| crate::shell::quote(w)).collect::<Vec<_>>().join(" ");
        let mut o = run_line(s, &left, stdin);
        let all = std::mem::take(&mut o.text);
        // A backgrounded port-forward writes to the terminal, not into the pipe.
        let (fwd, mut text): (String, String) =
            all.split_inclusive('\n').fold((String::new(), String::new()), |(mut a, mut b), l| {
                if l.starts_with("Handling connection for ") {
                    a.push_str(l);
                } else {
                    b.push_str(l);
                }
                (a, b)
            });
        for f in filters.split(|w| w == "|") {
            text = pipe_filter(f, &text);
        }
        o.text = format!("{side}{fwd}{text}");
        return o;
    }
    // A trailing `&` runs the command in the background: its stream keeps going (port-forward).
    let background = words.last().is_some_and(|w| w == "&");
    if background {
        words.pop();
    }
    let Some(first) = words.first().cloned() else {
        return Output::default();
    };
    let mut out = Out::default();
    let res = match first.as_str() {
        "kubectl" | "k" => {
            words.remove(0);
            dispatch(s, &words, stdin, background, &mut out)
        }
        "curl" => curl::run(s, &words[1..], &mut out),
        "echo" => {
            out.print(&format!("{}\n", words[1..].join(" ")));
            Ok(())
        }
        "sleep" => {
            match words.get(1).map(|w| parse_sleep(w)) {
                Some(Some(ms)) => s.advance_unrecorded(ms),
                _ => out.print("sleep: invalid time interval\n"),
            }
            Ok(())
        }
        _ => dispatch(s, &words, stdin, background, &mut out),
    };
    let mut o = out.finish(res);
    if !side.is_empty() {
        o.text = format!("{side}{}", o.text);
    }
    o
}

/// The filters a pipe may end in: `head`, `tail` (`-n N`, `-N`), `grep [-v] [-i] TEXT`, `wc -l`.
fn pipe_filter(f: &[String], text: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let count = |args: &[String]| -> usize {
        let mut n = 10;
        let mut i = 0;
        while i < args.len() {
            if args[i] == "-n" {
                n = args.get(i + 1).and_then(|v| v.parse().ok()).unwrap_or(n);
                i += 1;
            } else if let Some(v) = args[i].strip_prefix('-').and_then(|v| v.parse().ok()) {
                n = v;
            }
            i += 1;
        }
        n
    };
    match f.first().map(String::as_str) {
        Some("head") => lines.iter().take(count(&f[1..])).copied().collect(),
        Some("tail") => {
            let n = count(&f[1..]);
            lines[lines.len().saturating_sub(n)..].concat()
        }
        Some("grep") => {
            let invert = f.iter().any(|a| a == "-v");
            let icase = f.iter().any(|a| a == "-i");
            let pat = f[1..].iter().find(|a| !a.starts_with('-')).cloned().unwrap_or_default();
            lines
                .iter()
                .filter(|l| {
                    let hit =
                        if icase { l.to_lowercase().contains(&pat.to_lowercase()) } else { l.contains(&pat) };
                    hit != invert
                })
                .copied()
                .collect()
        }
        Some("wc") => format!("{}\n", lines.len()),
        _ => text.to_string(),
    }
}

/// `sleep 10`, `sleep 1.5`, `sleep 2m` → milliseconds.
pub fn parse_sleep(w: &str) -> Option<i64> {
    let (num, mult) = match w.chars().last()? {
        's' => (&w[..w.len() - 1], 1000.0),
        'm' => (&w[..w.len() - 1], 60_000.0),
        'h' => (&w[..w.len() - 1], 3_600_000.0),
        _ => (w, 1000.0),
    };
    let v: f64 = num.parse().ok()?;
    if !v.is_finite() || v < 0.0 {
        return None;
    }
    Some((v * mult).round() as i64)
}

/// Finds the verb: the first word that is not a global flag or a global flag's value.
fn split_verb(words: &[String]) -> (Option<usize>, Vec<String>) {
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if w == "--" {
            return (None, words.to_vec());
        }
        if let Some(name) = w.strip_prefix("--") {
            let takes_value = !name.contains('=')
                && GLOBAL.iter().any(|f| f.long == name && !matches!(f.kind, flags::Kind::Bool));
            i += if takes_value { 2 } else { 1 };
            continue;
        }
        if w.len() == 2 && w.starts_with('-') {
            let c = w.chars().nth(1);
            let takes_value = GLOBAL.iter().any(|f| f.short == c && !matches!(f.kind, flags::Kind::Bool));
            i += if takes_value { 2 } else { 1 };
            continue;
        }
        if w.starts_with('-') {
            i += 1;
            continue;
        }
        let mut rest = words.to_vec();
        rest.remove(i);
        return (Some(i), rest);
    }
    (None, words.to_vec())
}

fn dispatch(
    s: &mut Session,
    words: &[String],
    stdin: Option<&str>,
    background: bool,
    out: &mut Out,
) -> Result<(), CmdError> {
    let (verb_at, rest) = split_verb(words);
    let Some(at) = verb_at else {
        // `kubectl` alone (or only flags): the root help.
        if words.is_empty() || words.iter().any(|w| w == "-h" || w == "--help") {
            out.print(help::ROOT);
            return Ok(());
        }
        flags::parse(words, &[]).map_err(|e| CmdError::Usage("kubectl".into(), e))?;
        out.print(help::ROOT);
        return Ok(());
    };
    let verb = words[at].as_str();
    if rest.iter().take_while(|w| *w != "--").any(|w| w == "-h" || w == "--help") {
        // The deepest command path the words name (`create deployment web --help`).
        if let Some(h) = help::for_command(verb, &rest) {
            out.print(h);
            return Ok(());
        }
        // Commands the playground does not run keep a one-line description.
        return match info::short_help(verb) {
            Some(h) => {
                out.print(&h);
                Ok(())
            }
            None => Err(CmdError::Raw(unknown_command(verb))),
        };
    }
    let ctx = Ctx { stdin, background };
    match verb {
        "get" => get::run(s, &rest, &ctx, out),
        "describe" => describe::run(s, &rest, out),
        "apply" => apply::run(s, &rest, &ctx, out),
        "diff" => apply::run_diff(s, &rest, &ctx, out),
        "create" => create::run(s, &rest, &ctx, out),
        "delete" => delete::run(s, &rest, &ctx, out),
        "patch" => edit::run_patch(s, &rest, out),
        "scale" => edit::run_scale(s, &rest, out),
        "label" => edit::run_label(s, &rest, out, false),
        "annotate" => edit::run_label(s, &rest, out, true),
        "set" => edit::run_set(s, &rest, out),
        "expose" => create::run_expose(s, &rest, out),
        "run" => create::run_run(s, &rest, out),
        "rollout" => rollout::run(s, &rest, &ctx, out),
        "logs" => logs::run(s, &rest, &ctx, out),
        "exec" => exec::run(s, &rest, out),
        "port-forward" => portforward::run(s, &rest, &ctx, out),
        "wait" => wait::run(s, &rest, &ctx, out),
        "events" => get::run_events(s, &rest, &ctx, out),
        "explain" => info::run_explain(s, &rest, out),
        "api-resources" => info::run_api_resources(s, &rest, out),
        "cluster-info" => info::run_cluster_info(s, &rest, out),
        "version" => info::run_version(s, &rest, out),
        "config" => info::run_config(s, &rest, out),
        "cordon" => nodes::run_cordon(s, &rest, out, true),
        "uncordon" => nodes::run_cordon(s, &rest, out, false),
        "drain" => nodes::run_drain(s, &rest, &ctx, out),
        "taint" => nodes::run_taint(s, &rest, out),
        "top" => nodes::run_top(s, &rest, out),
        "help" => {
            out.print(&help::help_command(&rest));
            Ok(())
        }
        v if UNSUPPORTED.contains(&v) => {
            Err(CmdError::Msg(format!("\"kubectl {v}\" is not available in this playground")))
        }
        v => Err(CmdError::Raw(unknown_command(v))),
    }
}

/// Per-invocation context: stdin for `-f -`, and whether the line ended with `&`.
pub struct Ctx<'a> {
    pub stdin: Option<&'a str>,
    pub background: bool,
}

/// cobra's `unknown command` error with "Did you mean this?" suggestions (Levenshtein distance
/// ≤ 2, case-insensitive, or a prefix match), in command order.
pub fn unknown_command(v: &str) -> String {
    let lower = v.to_ascii_lowercase();
    let sugg: Vec<&str> = ROOT_COMMANDS
        .iter()
        .copied()
        .filter(|c| *c != "help")
        .filter(|c| levenshtein(&lower, c) <= 2 || c.starts_with(&lower))
        .collect();
    let mut s = format!("error: unknown command \"{v}\" for \"kubectl\"\n");
    if !sugg.is_empty() {
        s.push_str("\nDid you mean this?\n");
        for c in sugg {
            s.push('\t');
            s.push_str(c);
            s.push('\n');
        }
    }
    s
}

pub fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Parses a command's arguments, turning flag errors into kubectl's usage error.
pub fn parse_flags(cmd: &str, words: &[String], flags: &[Flag]) -> Result<flags::Parsed, CmdError> {
    flags::parse(words, flags).map_err(|e| CmdError::Usage(cmd.to_string(), e))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn unknown_command_suggestions_match_kubectl_1_33() {
        // `kubectl.1.33 gett` / `foo` / `zzzzzzz` (stderr, exit 1).
        assert_eq!(
            unknown_command("gett"),
            "error: unknown command \"gett\" for \"kubectl\"\n\nDid you mean this?\n\tset\n\tget\n"
        );
        assert_eq!(
            unknown_command("foo"),
            "error: unknown command \"foo\" for \"kubectl\"\n\nDid you mean this?\n\ttop\n"
        );
        assert_eq!(unknown_command("zzzzzzz"), "error: unknown command \"zzzzzzz\" for \"kubectl\"\n");
    }

    #[test]
    fn verb_after_global_flags() {
        let w: Vec<String> = ["-n", "kube-system", "get", "pods"].iter().map(|s| s.to_string()).collect();
        let (at, rest) = split_verb(&w);
        assert_eq!(at, Some(2));
        assert_eq!(rest, vec!["-n", "kube-system", "pods"]);
        assert_eq!(parse_sleep("10"), Some(10_000));
        assert_eq!(parse_sleep("1.5s"), Some(1500));
        assert_eq!(parse_sleep("2m"), Some(120_000));
    }
}
