//! YAML syntax errors worded as go-yaml v2 (libyaml) words them, which is what kubectl prints:
//! `error: error parsing x.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not
//! allowed in this context`.

use saphyr_parser::Marker;

/// Where libyaml raised the error: the scanner reports the 1-based line of its mark, the parser the
/// 0-based one (a long-standing go-yaml quirk: parser errors name the line before the problem).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    Scanner,
    Parser,
}

/// A position in a document: 1-based line, 0-based column in characters (saphyr's convention).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Mark {
    pub line: usize,
    pub col: usize,
}

/// Maps saphyr's message and mark to go-yaml's message, stage and problem mark.
pub(crate) fn go_yaml_error(info: &str, text: &str, m: &Marker) -> (String, Stage, Mark) {
    use Stage::*;
    let at = Mark { line: m.line(), col: m.col() };
    let strip = |prefix: &str| info.strip_prefix(prefix).unwrap_or(info).to_string();
    match info {
        // A tab indenting a line of a block scalar: saphyr sees a missing key, libyaml the tab.
        "while parsing a block mapping, did not find expected key" if line_starts_with_tab(text, m) => (
            "found a tab character where an indentation space is expected".into(),
            Scanner,
            Mark { line: at.line, col: 0 },
        ),
        // Stray closing brackets and text after a quoted scalar: libyaml's parser wants a key there.
        "misplaced bracket" => ("did not find expected key".into(), Parser, at),
        i if i.starts_with("invalid trailing content after") => {
            ("did not find expected key".into(), Parser, at)
        }
        i if i.starts_with("while parsing a block mapping, ") => {
            (strip("while parsing a block mapping, "), Parser, at)
        }
        i if i.starts_with("while parsing a block collection, ") => {
            (strip("while parsing a block collection, "), Parser, at)
        }
        "while parsing a flow sequence, expected ',' or ']'" => {
            ("did not find expected ',' or ']'".into(), Parser, at)
        }
        i if i.starts_with("while parsing a flow mapping, ") => {
            (strip("while parsing a flow mapping, "), Parser, at)
        }
        i if i.starts_with("while parsing a node, ") => (strip("while parsing a node, "), Parser, at),
        i if i.starts_with("did not find expected <document") => {
            ("did not find expected <document start>".into(), Parser, at)
        }
        "simple key expect ':'" => ("could not find expected ':'".into(), Scanner, at),
        // saphyr counts flow nesting in a u8; go-yaml words its (deeper) limit this way.
        "recursion limit exceeded" => ("exceeded max depth of 255".into(), Scanner, at),
        // libyaml does not check the indentation of a quoted scalar's continuation lines: an
        // unclosed quote runs to the end of the stream.
        i if i.contains("invalid indentation in quoted scalar") && !quote_after(text, m) => {
            ("found unexpected end of stream".into(), Scanner, end_mark(text))
        }
        // libyaml notices the end of the stream where it is, not where the scalar started.
        i if i.contains("found unexpected end of stream") => {
            ("found unexpected end of stream".into(), Scanner, end_mark(text))
        }
        i if i.starts_with("while parsing a quoted scalar, ") => {
            (strip("while parsing a quoted scalar, "), Scanner, at)
        }
        i if i.starts_with("while scanning a block scalar, ") => {
            (strip("while scanning a block scalar, "), Scanner, at)
        }
        i if i.starts_with("while scanning an anchor or alias, ") => {
            (strip("while scanning an anchor or alias, "), Scanner, at)
        }
        // A tab used as indentation: saphyr stops just after it, libyaml on it.
        i if i.starts_with("tabs disallowed within this context") => (
            "found character that cannot start any token".into(),
            Scanner,
            Mark { line: at.line, col: at.col.saturating_sub(1) },
        ),
        // A tab indenting the line after a plain scalar: saphyr stops at the scalar's end, libyaml
        // on the tab.
        i if i.contains("tab") => (
            "found a tab character that violates indentation".into(),
            Scanner,
            next_tab(text, m).unwrap_or(at),
        ),
        i if i.starts_with("unexpected character") => {
            ("found character that cannot start any token".into(), Scanner, at)
        }
        "found unprintable character" => ("control characters are not allowed".into(), Scanner, at),
        other => (other.to_string(), Scanner, at),
    }
}

/// The mark just past the last character.
fn end_mark(text: &str) -> Mark {
    let mut line = 1;
    let mut col = 0;
    for c in text.chars() {
        if c == '\n' {
            line += 1;
            col = 0;
        } else {
            col += 1;
        }
    }
    Mark { line, col }
}

/// The first tab at or after the marker's character index.
fn next_tab(text: &str, m: &Marker) -> Option<Mark> {
    let (mut line, mut col) = (1, 0);
    for (i, c) in text.chars().enumerate() {
        if i >= m.index() && c == '\t' {
            return Some(Mark { line, col });
        }
        if c == '\n' {
            line += 1;
            col = 0;
        } else {
            col += 1;
        }
    }
    None
}

/// go-yaml's `yaml: line N: msg` (the line omitted when it would be 0).
pub(crate) fn go_yaml_detail(msg: &str, stage: Stage, mark_line_1based: u32) -> String {
    let zero_based = mark_line_1based.saturating_sub(1);
    let line = match stage {
        Stage::Scanner if zero_based != 0 => zero_based + 1,
        Stage::Scanner => 0,
        Stage::Parser => zero_based,
    };
    if line == 0 {
        format!("yaml: {msg}")
    } else {
        format!("yaml: line {line}: {msg}")
    }
}

fn line_starts_with_tab(text: &str, m: &Marker) -> bool {
    line_text(text, m).is_some_and(|l| l.starts_with('\t'))
}

fn line_text<'t>(text: &'t str, m: &Marker) -> Option<&'t str> {
    text.lines().nth(m.line().checked_sub(1)?)
}

/// The anchor name of the alias at `m` (`*name`).
pub(crate) fn alias_name(text: &str, m: &Marker) -> String {
    let Some(line) = line_text(text, m) else { return String::new() };
    line.chars()
        .skip(m.col())
        .skip_while(|&c| c == '*')
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}' | '[' | '{'))
        .collect()
}

/// Whether a quote character follows the opening quote at the marker (the scalar may still close).
fn quote_after(text: &str, m: &Marker) -> bool {
    text.chars().skip(m.index() + 1).any(|c| c == '"' || c == '\'')
}
