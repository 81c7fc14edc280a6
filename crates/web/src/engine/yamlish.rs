//! Local stand-in for `kubeplay_yaml` while that crate is being written: multi-document YAML to
//! JSON values with the line/column of every key, and a block-style YAML printer.
//! Delete once `kubeplay_yaml::parse_documents` returns documents.

use saphyr_parser::{Event, Parser, ScalarStyle};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
pub struct Doc {
    pub value: Value,
    /// field path (`spec.template.spec.containers[0].image`) → (line, col) of its key, 1-based.
    pub keys: BTreeMap<String, (u32, u32)>,
    pub start_line: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

enum Frame {
    Map(Map<String, Value>, Option<String>, String),
    Seq(Vec<Value>, String),
}

fn child_path(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// YAML 1.1 plain-scalar resolution, the way go-yaml (and so kubectl) reads it.
fn resolve(s: &str, style: ScalarStyle) -> Value {
    if style != ScalarStyle::Plain {
        return Value::String(s.to_string());
    }
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => {
            return Value::Bool(true)
        }
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N" => {
            return Value::Bool(false)
        }
        _ => {}
    }
    if let Ok(i) = s.parse::<i64>() {
        return Value::from(i);
    }
    if s.chars().any(|c| c.is_ascii_digit()) && !s.contains(':') {
        if let Ok(f) = s.parse::<f64>() {
            if f.is_finite() {
                return Value::from(f);
            }
        }
    }
    Value::String(s.to_string())
}

/// Parses every document; stops at the first syntax error (reported with its position).
pub fn parse(text: &str) -> (Vec<Doc>, Option<SyntaxError>) {
    let mut docs = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut keys = BTreeMap::new();
    let mut start_line = 1;
    let mut root: Option<Value> = None;
    for ev in Parser::new_from_str(text) {
        let (ev, span) = match ev {
            Ok(x) => x,
            Err(e) => {
                let m = e.marker();
                return (
                    docs,
                    Some(SyntaxError {
                        line: m.line() as u32,
                        col: m.col() as u32 + 1,
                        message: e.info().to_string(),
                    }),
                );
            }
        };
        let (line, col) = (span.start.line() as u32, span.start.col() as u32 + 1);
        // A value completed at this event (scalar or closed collection).
        let mut done: Option<Value> = None;
        match ev {
            Event::DocumentStart(_) => {
                start_line = line;
                keys = BTreeMap::new();
                root = None;
            }
            Event::DocumentEnd => {
                if let Some(v) = root.take() {
                    if !v.is_null() {
                        docs.push(Doc { value: v, keys: std::mem::take(&mut keys), start_line });
                    }
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let path = match stack.last_mut() {
                    Some(Frame::Map(_, Some(k), p)) => child_path(p, k),
                    Some(Frame::Seq(items, p)) => format!("{p}[{}]", items.len()),
                    _ => String::new(),
                };
                if matches!(ev, Event::MappingStart(..)) {
                    stack.push(Frame::Map(Map::new(), None, path));
                } else {
                    stack.push(Frame::Seq(Vec::new(), path));
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map(m, _, _)) = stack.pop() {
                    done = Some(Value::Object(m));
                }
            }
            Event::SequenceEnd => {
                if let Some(Frame::Seq(s, _)) = stack.pop() {
                    done = Some(Value::Array(s));
                }
            }
            Event::Scalar(s, style, _, _) => {
                if let Some(Frame::Map(_, pending @ None, p)) = stack.last_mut() {
                    keys.insert(child_path(p, &s), (line, col));
                    *pending = Some(s.to_string());
                } else {
                    done = Some(resolve(&s, style));
                }
            }
            Event::Alias(_) => done = Some(Value::Null),
            _ => {}
        }
        if let Some(v) = done {
            match stack.last_mut() {
                Some(Frame::Map(m, pending, _)) => {
                    if let Some(k) = pending.take() {
                        m.insert(k, v);
                    }
                }
                Some(Frame::Seq(s, _)) => s.push(v),
                None => root = Some(v),
            }
        }
    }
    (docs, None)
}

fn needs_quotes(s: &str) -> bool {
    s.is_empty()
        || !matches!(resolve(s, ScalarStyle::Plain), Value::String(_))
        || s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        || s.ends_with(' ')
        || s.contains(": ")
        || s.contains(" #")
        || s.contains('\n')
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if needs_quotes(s) => serde_json::to_string(s).unwrap_or_default(),
        Value::String(s) => s.clone(),
        Value::Array(a) if a.is_empty() => "[]".into(),
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
    }
}

fn emit(v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(m) => {
            for (k, val) in m {
                let key =
                    if needs_quotes(k) { serde_json::to_string(k).unwrap_or_default() } else { k.clone() };
                match val {
                    Value::Object(c) if !c.is_empty() => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        emit(val, indent + 2, out);
                    }
                    Value::Array(c) if !c.is_empty() => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        emit(val, indent, out);
                    }
                    _ => out.push_str(&format!("{pad}{key}: {}\n", scalar(val))),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                let mut inner = String::new();
                emit(item, indent + 2, &mut inner);
                match item {
                    Value::Object(c) if !c.is_empty() => {
                        let trimmed = inner.trim_start_matches(' ');
                        out.push_str(&format!("{pad}- {trimmed}"));
                    }
                    Value::Array(c) if !c.is_empty() => {
                        out.push_str(&format!("{pad}-\n{inner}"));
                    }
                    _ => out.push_str(&format!("{pad}- {}\n", scalar(item))),
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", scalar(other))),
    }
}

/// Block-style YAML as `kubectl get -o yaml` prints it (keys sorted).
pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    emit(v, 0, &mut out);
    out
}
