//! Positions of a document's nodes keyed by Kubernetes field path.
//!
//! Paths are written the way API errors write them: `spec.template.spec.containers[0].image`, with map
//! keys that are not plain identifiers in brackets (`metadata.labels[app.kubernetes.io/name]`).
//! Lookups normalise the query, so `data[key]` and `data.key` find the same node.

use std::collections::BTreeMap;

use crate::Pos;

/// Positions of every node of a document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpanMap {
    entries: BTreeMap<String, Entry>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    /// Start and end (just past) of the value's text; a collection ends with its last child.
    value: (Pos, Pos),
    /// The mapping key's start and end, when the value is a mapping entry.
    key: Option<(Pos, Pos)>,
}

impl SpanMap {
    /// Position of the value at `path` (`""` is the document root).
    pub fn get(&self, path: &str) -> Option<Pos> {
        self.entries.get(&normalize(path)).map(|e| e.value.0)
    }

    /// Position of the mapping key naming `path`.
    pub fn key(&self, path: &str) -> Option<Pos> {
        self.entries.get(&normalize(path)).and_then(|e| e.key.map(|k| k.0))
    }

    /// Position of `path`'s key (or value, for list items and the root), or of its longest existing
    /// prefix: where to underline an API error's field path.
    pub fn nearest(&self, path: &str) -> Option<Pos> {
        let segs = parse_path(path);
        for n in (0..=segs.len()).rev() {
            let p = join(&segs[..n]);
            if let Some(e) = self.entries.get(&p) {
                return Some(e.key.map_or(e.value.0, |k| k.0));
            }
        }
        None
    }

    /// Every value path, in path order.
    pub fn paths(&self) -> impl Iterator<Item = (&str, Pos)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v.value.0))
    }

    /// Start and end (just past) of the value at `path`.
    pub fn range(&self, path: &str) -> Option<(Pos, Pos)> {
        self.entries.get(&normalize(path)).map(|e| e.value)
    }

    /// Start and end (just past) of the key naming `path`.
    pub fn key_range(&self, path: &str) -> Option<(Pos, Pos)> {
        self.entries.get(&normalize(path)).and_then(|e| e.key)
    }

    /// The deepest path whose key or scalar value covers `pos` (for hover and completion), or
    /// else the last key starting on that line before `pos`.
    pub fn path_at(&self, pos: Pos) -> Option<&str> {
        let covers = |(a, b): (Pos, Pos)| a <= pos && pos <= b;
        let mut best: Option<(&str, usize)> = None;
        for (path, e) in &self.entries {
            let scalar_value = e.value.0.line == e.value.1.line && covers(e.value);
            if e.key.is_some_and(covers) || scalar_value {
                let depth = parse_path(path).len();
                if best.is_none_or(|(_, d)| depth > d) {
                    best = Some((path, depth));
                }
            }
        }
        if let Some((p, _)) = best {
            return Some(p);
        }
        self.entries
            .iter()
            .filter_map(|(p, e)| e.key.map(|k| (p, k.0)))
            .filter(|(_, k)| k.line == pos.line && k.col <= pos.col)
            .max_by_key(|(_, k)| k.col)
            .map(|(p, _)| p.as_str())
    }

    /// Moves every position `delta` lines down (up when negative), for a document whose text moved.
    pub(crate) fn shift_lines(&mut self, delta: i64) {
        for e in self.entries.values_mut() {
            e.value.0 = shift_pos(e.value.0, delta);
            e.value.1 = shift_pos(e.value.1, delta);
            if let Some((a, b)) = &mut e.key {
                *a = shift_pos(*a, delta);
                *b = shift_pos(*b, delta);
            }
        }
    }

    pub(crate) fn insert(&mut self, path: String, value: (Pos, Pos), key: Option<(Pos, Pos)>) {
        self.entries.insert(path, Entry { value, key });
    }
}

/// `pos` moved `delta` lines (clamped to line 0, which no real position has).
pub(crate) fn shift_pos(pos: Pos, delta: i64) -> Pos {
    Pos { line: shift_line(pos.line, delta), col: pos.col }
}

pub(crate) fn shift_line(line: u32, delta: i64) -> u32 {
    u32::try_from((i64::from(line) + delta).max(0)).unwrap_or(u32::MAX)
}

/// One step of a field path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// Appends a map key to a path.
pub fn push_key(path: &str, key: &str) -> String {
    let mut s = String::with_capacity(path.len() + key.len() + 2);
    s.push_str(path);
    if is_ident(key) {
        if !path.is_empty() {
            s.push('.');
        }
        s.push_str(key);
    } else {
        s.push('[');
        s.push_str(key);
        s.push(']');
    }
    s
}

/// Appends a list index to a path.
pub fn push_index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

fn is_ident(key: &str) -> bool {
    !key.is_empty()
        && !key.bytes().all(|b| b.is_ascii_digit())
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'$')
}

/// Splits a field path into segments; `[n]` with a number is an index, other brackets are keys.
pub fn parse_path(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let b = path.as_bytes();
    let mut i = 0;
    let mut cur = String::new();
    while i < b.len() {
        match b[i] {
            b'.' => {
                if !cur.is_empty() {
                    out.push(Segment::Key(std::mem::take(&mut cur)));
                }
                i += 1;
            }
            b'[' => {
                if !cur.is_empty() {
                    out.push(Segment::Key(std::mem::take(&mut cur)));
                }
                let close = path[i + 1..].find(']').map(|j| i + 1 + j).unwrap_or(b.len());
                let inner = &path[i + 1..close];
                match inner.parse::<usize>() {
                    Ok(n) if !inner.is_empty() && inner.bytes().all(|c| c.is_ascii_digit()) => {
                        out.push(Segment::Index(n))
                    }
                    _ => out.push(Segment::Key(inner.to_string())),
                }
                i = close + 1;
            }
            _ => {
                // Copy one UTF-8 character.
                let ch_len = path[i..].chars().next().map(char::len_utf8).unwrap_or(1);
                cur.push_str(&path[i..i + ch_len]);
                i += ch_len;
            }
        }
    }
    if !cur.is_empty() {
        out.push(Segment::Key(cur));
    }
    out
}

fn join(segs: &[Segment]) -> String {
    let mut s = String::new();
    for seg in segs {
        s = match seg {
            Segment::Key(k) => push_key(&s, k),
            Segment::Index(i) => push_index(&s, *i),
        };
    }
    s
}

fn normalize(path: &str) -> String {
    join(&parse_path(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn paths_round_trip() {
        let p = push_key(&push_key("", "metadata"), "labels");
        assert_eq!(push_key(&p, "app.kubernetes.io/name"), "metadata.labels[app.kubernetes.io/name]");
        assert_eq!(normalize("data[key]"), "data.key");
        assert_eq!(normalize("spec.containers[0].image"), "spec.containers[0].image");
        assert_eq!(
            parse_path("metadata.labels[app.kubernetes.io/name]"),
            vec![
                Segment::Key("metadata".into()),
                Segment::Key("labels".into()),
                Segment::Key("app.kubernetes.io/name".into())
            ]
        );
    }
}
