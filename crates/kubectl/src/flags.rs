//! Command-line flags parsed as cobra/pflag do it: flags anywhere among the arguments,
//! `--flag=value` and `--flag value`, `-n ns`, `-nns`, `-n=ns`, combined boolean shorthands
//! (`-it`), optional-value flags (`--dry-run`, `--cascade`), and `--` ending flag parsing.

use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Bool,
    /// A string; repeated use keeps the last value.
    Str,
    /// A string that may be given without a value (pflag `NoOptDefVal`), e.g. `--dry-run`.
    OptStr(&'static str),
    /// A repeatable string (`-f a -f b`, `-L a,b` is split by the command when it wants).
    Array,
    /// An integer (`--replicas`); checked while parsing like pflag's strconv errors.
    Int,
}

#[derive(Clone, Copy, Debug)]
pub struct Flag {
    pub long: &'static str,
    pub short: Option<char>,
    pub kind: Kind,
}

pub const fn flag(long: &'static str, short: Option<char>, kind: Kind) -> Flag {
    Flag { long, short, kind }
}

/// kubectl's persistent (global) flags that a playground accepts.
pub const GLOBAL: &[Flag] = &[
    flag("namespace", Some('n'), Kind::Str),
    flag("context", None, Kind::Str),
    flag("kubeconfig", None, Kind::Str),
    flag("cluster", None, Kind::Str),
    flag("user", None, Kind::Str),
    flag("server", Some('s'), Kind::Str),
    flag("request-timeout", None, Kind::Str),
    flag("v", Some('v'), Kind::Int),
    flag("warnings-as-errors", None, Kind::Bool),
    flag("insecure-skip-tls-verify", None, Kind::Bool),
    flag("help", Some('h'), Kind::Bool),
];

/// The result of parsing one command's arguments.
#[derive(Clone, Debug)]
pub struct Parsed {
    /// Positional arguments, including those after `--`.
    pub args: Vec<String>,
    /// How many positional arguments came before `--` (cobra's ArgsLenAtDash).
    pub args_len_at_dash: Option<usize>,
    values: BTreeMap<&'static str, Vec<String>>,
    /// The long names the command declared (its own and the global flags): reading any other
    /// name is a misspelling that would silently read as absent, so it panics in debug builds.
    declared: Vec<&'static str>,
}

impl Parsed {
    /// Whether the command has this flag at all: for helpers shared by commands that differ in
    /// which flags they declare (e.g. `--all-namespaces`).
    pub fn declares(&self, long: &str) -> bool {
        self.declared.contains(&long)
    }
    fn values_of(&self, long: &str) -> Option<&Vec<String>> {
        debug_assert!(self.declares(long), "flag --{long} read but not declared by the command");
        self.values.get(long)
    }
    pub fn is_set(&self, long: &str) -> bool {
        self.values_of(long).is_some()
    }
    /// The last value given for a flag.
    pub fn str(&self, long: &str) -> Option<&str> {
        self.values_of(long).and_then(|v| v.last()).map(String::as_str)
    }
    pub fn str_or<'a>(&'a self, long: &str, default: &'a str) -> &'a str {
        self.str(long).unwrap_or(default)
    }
    /// All values of a repeatable flag.
    pub fn all(&self, long: &str) -> Vec<String> {
        self.values_of(long).cloned().unwrap_or_default()
    }
    pub fn bool(&self, long: &str) -> bool {
        self.str(long).is_some_and(|v| parse_bool(v) == Some(true))
    }
    /// Boolean with a default when not given.
    pub fn bool_or(&self, long: &str, default: bool) -> bool {
        match self.str(long) {
            Some(v) => parse_bool(v).unwrap_or(default),
            None => default,
        }
    }
    pub fn int(&self, long: &str) -> Option<i64> {
        self.str(long).and_then(|v| v.parse().ok())
    }
    /// Sets a value programmatically (used for defaults shared between commands).
    pub fn set(&mut self, long: &'static str, value: &str) {
        debug_assert!(self.declares(long), "flag --{long} set but not declared by the command");
        self.values.insert(long, vec![value.to_string()]);
    }
}

/// pflag's `strconv.ParseBool`.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

fn display_name(f: &Flag) -> String {
    match f.short {
        Some(c) => format!("-{c}, --{}", f.long),
        None => format!("--{}", f.long),
    }
}

fn check_value(f: &Flag, value: &str) -> Result<(), String> {
    match f.kind {
        Kind::Bool if parse_bool(value).is_none() => Err(format!(
            "invalid argument \"{value}\" for \"{}\" flag: strconv.ParseBool: parsing \"{value}\": invalid syntax",
            display_name(f)
        )),
        Kind::Int if value.parse::<i64>().is_err() => {
            let why = if value.trim_start_matches('-').chars().all(|c| c.is_ascii_digit()) && !value.is_empty() {
                "value out of range"
            } else {
                "invalid syntax"
            };
            Err(format!(
                "invalid argument \"{value}\" for \"{}\" flag: strconv.ParseInt: parsing \"{value}\": {why}",
                display_name(f)
            ))
        }
        _ => Ok(()),
    }
}

/// Parses `words` (the arguments after the command path) against the command's flags plus the
/// global ones. The error is the message after `error: ` (kubectl adds the usage hint).
pub fn parse(words: &[String], flags: &[Flag]) -> Result<Parsed, String> {
    let find_long = |name: &str| flags.iter().chain(GLOBAL).find(|f| f.long == name).copied();
    let find_short = |c: char| flags.iter().chain(GLOBAL).find(|f| f.short == Some(c)).copied();
    let mut p = Parsed {
        args: Vec::new(),
        args_len_at_dash: None,
        values: BTreeMap::new(),
        declared: flags.iter().chain(GLOBAL).map(|f| f.long).collect(),
    };
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        i += 1;
        if w == "--" {
            p.args_len_at_dash = Some(p.args.len());
            p.args.extend(words[i..].iter().cloned());
            break;
        }
        if let Some(rest) = w.strip_prefix("--") {
            let (name, inline) = match rest.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (rest, None),
            };
            let Some(f) = find_long(name) else {
                return Err(format!("unknown flag: --{name}"));
            };
            let value = match (inline, f.kind) {
                (Some(v), _) => v,
                (None, Kind::Bool) => "true".to_string(),
                (None, Kind::OptStr(d)) => d.to_string(),
                (None, _) => {
                    if i < words.len() {
                        i += 1;
                        words[i - 1].clone()
                    } else {
                        return Err(format!("flag needs an argument: --{name}"));
                    }
                }
            };
            check_value(&f, &value)?;
            p.values.entry(f.long).or_default().push(value);
        } else if w.len() > 1 && w.starts_with('-') {
            let shorts: Vec<char> = w.chars().skip(1).collect();
            let mut j = 0;
            while j < shorts.len() {
                let c = shorts[j];
                let Some(f) = find_short(c) else {
                    return Err(format!("unknown shorthand flag: '{c}' in {w}"));
                };
                let rest: String = shorts[j + 1..].iter().collect();
                let value = if let Some(v) = rest.strip_prefix('=') {
                    j = shorts.len();
                    v.to_string()
                } else {
                    match f.kind {
                        Kind::Bool => {
                            j += 1;
                            "true".to_string()
                        }
                        Kind::OptStr(d) => {
                            j += 1;
                            d.to_string()
                        }
                        _ if !rest.is_empty() => {
                            j = shorts.len();
                            rest
                        }
                        _ => {
                            j = shorts.len();
                            if i < words.len() {
                                i += 1;
                                words[i - 1].clone()
                            } else {
                                return Err(format!("flag needs an argument: '{c}' in -{c}"));
                            }
                        }
                    }
                };
                check_value(&f, &value)?;
                p.values.entry(f.long).or_default().push(value);
            }
        } else {
            p.args.push(w.clone());
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn w(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    const F: &[Flag] = &[
        flag("output", Some('o'), Kind::Str),
        flag("watch", Some('w'), Kind::Bool),
        flag("stdin", Some('i'), Kind::Bool),
        flag("tty", Some('t'), Kind::Bool),
        flag("container", Some('c'), Kind::Str),
        flag("dry-run", None, Kind::OptStr("unchanged")),
        flag("filename", Some('f'), Kind::Array),
        flag("replicas", None, Kind::Int),
    ];

    #[test]
    fn pflag_forms() {
        let p = parse(&w("pods -nkube-system -o=wide --watch web -f a.yaml -f=b.yaml"), F).unwrap();
        assert_eq!(p.args, vec!["pods", "web"]);
        assert_eq!(p.str("namespace"), Some("kube-system"));
        assert_eq!(p.str("output"), Some("wide"));
        assert!(p.bool("watch"));
        assert_eq!(p.all("filename"), vec!["a.yaml", "b.yaml"]);
        let p = parse(&w("web -itc app -- sh -c ls"), F).unwrap();
        assert!(p.bool("stdin") && p.bool("tty"));
        assert_eq!(p.str("container"), Some("app"));
        assert_eq!(p.args_len_at_dash, Some(1));
        assert_eq!(p.args, vec!["web", "sh", "-c", "ls"]);
        let p = parse(&w("--dry-run"), F).unwrap();
        assert_eq!(p.str("dry-run"), Some("unchanged"));
    }

    #[test]
    #[should_panic(expected = "flag --wacth read but not declared")]
    fn reading_an_undeclared_flag_panics_in_debug_builds() {
        let p = parse(&w("pods --watch"), F).unwrap();
        assert!(p.declares("watch") && !p.declares("wacth"));
        p.bool("wacth");
    }

    /// Every flag name the commands read as a literal (`p.bool("…")` and the like) is declared
    /// by some command's flag list: a misspelling on a path no transcript runs still fails here.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn every_flag_read_in_the_source_is_declared_somewhere() {
        fn sources(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    sources(&path, out);
                } else if path.extension().is_some_and(|x| x == "rs") {
                    // The code, not its tests (this test reads a misspelt flag on purpose).
                    let text = std::fs::read_to_string(&path).unwrap();
                    let code = text.split("#[cfg(test)]").next().unwrap_or_default().to_string();
                    out.push((path.display().to_string(), code));
                }
            }
        }
        /// The string literals that directly follow each occurrence of `prefix`.
        fn names_after<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
            text.match_indices(prefix)
                .filter_map(|(i, _)| text[i + prefix.len()..].split('"').next())
                .collect()
        }
        let mut files = Vec::new();
        sources(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
        let declared: Vec<&str> = files.iter().flat_map(|(_, t)| names_after(t, "flag(\"")).collect();
        assert!(declared.contains(&"namespace") && declared.contains(&"selector"));
        let accessors = ["is_set", "str", "str_or", "all", "bool", "bool_or", "int", "set", "declares"];
        let mut reads = 0;
        for (path, text) in &files {
            for acc in accessors {
                for name in names_after(text, &format!("p.{acc}(\"")) {
                    reads += 1;
                    assert!(declared.contains(&name), "{path}: p.{acc}(\"{name}\") reads an undeclared flag");
                }
            }
        }
        assert!(reads > 100, "found only {reads} flag reads: has the accessor syntax changed?");
    }

    #[test]
    fn pflag_errors_match_kubectl_1_33() {
        // Checked against kubectl.1.33 (`get pods --foo`, `-z`, `-n`, `--namespace`, `-w=x`).
        assert_eq!(parse(&w("pods --foo"), F).unwrap_err(), "unknown flag: --foo");
        assert_eq!(parse(&w("pods -z"), F).unwrap_err(), "unknown shorthand flag: 'z' in -z");
        assert_eq!(parse(&w("pods -n"), F).unwrap_err(), "flag needs an argument: 'n' in -n");
        assert_eq!(parse(&w("pods --namespace"), F).unwrap_err(), "flag needs an argument: --namespace");
        assert_eq!(
            parse(&w("pods -w=x"), F).unwrap_err(),
            "invalid argument \"x\" for \"-w, --watch\" flag: strconv.ParseBool: parsing \"x\": invalid syntax"
        );
        assert_eq!(
            parse(&w("--replicas=x"), F).unwrap_err(),
            "invalid argument \"x\" for \"--replicas\" flag: strconv.ParseInt: parsing \"x\": invalid syntax"
        );
    }
}
