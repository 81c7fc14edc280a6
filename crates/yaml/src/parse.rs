//! Multi-document parsing on saphyr-parser's event stream, into `serde_json::Value`s plus a span
//! for every node.
//!
//! Documents are split the way kubectl's `YAMLReader` splits a stream (a line starting with `---`
//! ends the current document), and each is parsed on its own, so a syntax error in one document
//! leaves the others usable, and kubectl's error lines (relative to the document) can be reproduced.

use std::collections::BTreeMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Span};
use serde_json::{Map, Number, Value};

use crate::resolve::{resolve_plain, Resolved};
use crate::span::{push_index, push_key, SpanMap};
use crate::{Diagnostic, Document, Pos, Severity};

/// Largest manifest accepted (the API server's request limit is 3 MiB).
pub const MAX_TEXT_BYTES: usize = 3 * 1024 * 1024;
/// Deepest nesting of collections accepted.
pub const MAX_DEPTH: usize = 500;
/// Most nodes one document may expand to (aliases included).
pub const MAX_NODES: usize = 250_000;

#[derive(Clone, Debug)]
enum NodeKind {
    Scalar { value: String, style: ScalarStyle, tag: Option<String> },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Clone, Debug)]
struct Node {
    kind: NodeKind,
    pos: Pos,
    /// Just past the node's text (for collections: past their last child).
    end: Pos,
}

/// A syntax error as go-yaml reports it.
#[derive(Default)]
struct SyntaxError {
    pos: Pos,
    message: String,
    /// go-yaml's full text (`yaml: line 5: ...`), line relative to the document as kubectl shows it.
    detail: String,
    /// saphyr's own message and character index, when saphyr raised it.
    raw_info: String,
    raw_index: usize,
}

/// Parses a multi-document manifest. Never panics; empty documents are skipped.
///
/// `Diagnostic::doc_index` counts the non-empty documents of the text (those that failed to parse
/// included); a document with a syntax error is not returned.
pub fn parse_documents(text: &str) -> (Vec<Document>, Vec<Diagnostic>) {
    let mut docs = Vec::new();
    let mut diags = Vec::new();
    if let Some(d) = too_large(text) {
        diags.push(d);
        return (docs, diags);
    }
    let mut doc_index = 0;
    for chunk in split_documents(text, &mut diags) {
        let parsed = parse_chunk_at(chunk.text, chunk.first_line, chunk.last_line, doc_index);
        if parsed.counted {
            doc_index += 1;
        }
        diags.extend(parsed.diags);
        docs.extend(parsed.doc);
    }
    (docs, diags)
}

/// The diagnostic for a manifest over [`MAX_TEXT_BYTES`], if it is one.
pub(crate) fn too_large(text: &str) -> Option<Diagnostic> {
    (text.len() > MAX_TEXT_BYTES).then(|| Diagnostic {
        severity: Severity::Error,
        pos: Pos { line: 1, col: 1 },
        end: None,
        message: format!(
            "the manifest is too large ({} bytes; the limit is {} bytes)",
            text.len(),
            MAX_TEXT_BYTES
        ),
        path: None,
        doc_index: 0,
        kubectl_detail: None,
    })
}

/// What one document chunk parses to. Every position in it is `first_line`-relative plus
/// `first_line - 1`, and every diagnostic carries `doc_index`: nothing else of the stream matters,
/// which is what lets [`crate::DiagnosticsCache`] reuse it when the chunk's text is unchanged.
pub(crate) struct ChunkParse {
    pub doc: Option<Document>,
    pub diags: Vec<Diagnostic>,
    /// Whether the chunk is a non-empty document (it takes a `doc_index`).
    pub counted: bool,
    /// Indexes into `diags` of messages that quote an absolute line (`already defined at line N`).
    pub line_refs: Vec<usize>,
}

/// Parses one chunk of the stream as the `doc_index`-th non-empty document, starting at line
/// `first_line` and ending at `last_line`.
pub(crate) fn parse_chunk_at(text: &str, first_line: u32, last_line: u32, doc_index: usize) -> ChunkParse {
    let mut diags = Vec::new();
    if let Some(pos) = control_char(text, first_line) {
        // go-yaml's reader rejects these before the scanner sees anything (no line number).
        diags.push(Diagnostic {
            severity: Severity::Error,
            pos,
            end: None,
            message: "control characters are not allowed".into(),
            path: None,
            doc_index,
            kubectl_detail: Some("yaml: control characters are not allowed".into()),
        });
        return ChunkParse { doc: None, diags, counted: true, line_refs: Vec::new() };
    }
    match parse_chunk_lenient(text, first_line) {
        Ok(None) => ChunkParse { doc: None, diags, counted: false, line_refs: Vec::new() },
        Ok(Some(root)) => {
            let mut spans = SpanMap::default();
            let mut conv = Converter {
                spans: &mut spans,
                diags: &mut diags,
                doc_index,
                failed: false,
                line_refs: Vec::new(),
            };
            let value = conv.value(root, String::new(), None);
            let (failed, line_refs) = (conv.failed, std::mem::take(&mut conv.line_refs));
            let doc =
                (!failed).then_some(Document { value, spans, start_line: first_line, end_line: last_line });
            ChunkParse { doc, diags, counted: true, line_refs }
        }
        Err(e) => {
            diags.push(Diagnostic {
                severity: Severity::Error,
                pos: e.pos,
                end: None,
                message: e.message,
                path: None,
                doc_index,
                kubectl_detail: Some(e.detail),
            });
            ChunkParse { doc: None, diags, counted: true, line_refs: Vec::new() }
        }
    }
}

/// The first character YAML does not allow in a stream (go-yaml's `is_printable`), if any.
fn control_char(text: &str, first_line: u32) -> Option<Pos> {
    let printable = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
    let mut line = first_line;
    let mut col = 1;
    for c in text.chars() {
        if !printable(c) {
            return Some(Pos { line, col });
        }
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    None
}

pub(crate) struct Chunk<'a> {
    pub text: &'a str,
    pub first_line: u32,
    pub last_line: u32,
}

/// kubectl's `YAMLReader`: a line starting with `---` ends a non-empty document (and is dropped);
/// at the start of a document it is kept. Only spaces or a comment may follow the marker.
pub(crate) fn split_documents<'a>(text: &'a str, diags: &mut Vec<Diagnostic>) -> Vec<Chunk<'a>> {
    let mut chunks = Vec::new();
    let mut start = 0usize; // byte offset of the current chunk
    let mut start_line = 1u32;
    let mut line_no = 1u32;
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("---") {
            let trimmed = rest.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                diags.push(Diagnostic {
                    severity: Severity::Error,
                    pos: Pos { line: line_no, col: 4 },
                    end: None,
                    message: format!("invalid Yaml document separator: {trimmed}"),
                    path: None,
                    doc_index: chunks.len(),
                    kubectl_detail: Some(format!("invalid Yaml document separator: {trimmed}")),
                });
            }
            if offset > start {
                chunks.push(Chunk {
                    text: &text[start..offset],
                    first_line: start_line,
                    last_line: line_no - 1,
                });
                start = offset + line.len();
                start_line = line_no + 1;
            }
        }
        offset += line.len();
        line_no += 1;
    }
    if offset > start {
        let last = if text.ends_with('\n') { line_no - 1 } else { line_no.saturating_sub(1).max(start_line) };
        chunks.push(Chunk { text: &text[start..], first_line: start_line, last_line: last });
    }
    chunks
}

fn pos_of(m: &Marker, first_line: u32) -> Pos {
    Pos { line: m.line() as u32 + first_line - 1, col: m.col() as u32 + 1 }
}

/// go-yaml (YAML 1.1) accepts a tab as the separator after a mapping colon (`key:\tvalue`); saphyr
/// does not. Such a tab is turned into a space (same width, so positions hold) and parsing retried.
fn parse_chunk_lenient(text: &str, first_line: u32) -> Result<Option<Node>, SyntaxError> {
    let mut owned: Option<String> = None;
    for _ in 0..64 {
        let current = owned.as_deref().unwrap_or(text);
        let err = match parse_chunk(current, first_line) {
            Err(e) if e.raw_info == "':' must be followed by a valid YAML whitespace" => e,
            other => return other,
        };
        // The mark sits near the colon: find the tab that follows it.
        let chars: Vec<(usize, char)> =
            current.char_indices().skip(err.raw_index.saturating_sub(2)).take(4).collect();
        let Some(at) = chars.windows(2).find(|w| w[0].1 == ':' && w[1].1 == '\t').map(|w| w[1].0) else {
            return Err(err);
        };
        let mut fixed = current.to_string();
        fixed.replace_range(at..at + 1, " ");
        owned = Some(fixed);
    }
    parse_chunk(owned.as_deref().unwrap_or(text), first_line)
}

/// Parses one document; `Ok(None)` when it holds no node (only comments, or nothing).
fn parse_chunk(text: &str, first_line: u32) -> Result<Option<Node>, SyntaxError> {
    let mut b = Builder {
        parser: Parser::new_from_str(text),
        text,
        first_line,
        anchors: BTreeMap::new(),
        open_anchors: Vec::new(),
        nodes: 0,
        aliased: 0,
    };
    let mut root = None;
    loop {
        match b.next()? {
            None | Some((Event::StreamEnd, _)) => break,
            Some((Event::StreamStart | Event::DocumentEnd | Event::Nothing, _)) => {}
            Some((Event::DocumentStart(_), _)) => {
                // Like go-yaml's Unmarshal, only the first document of the chunk counts.
                if root.is_some() {
                    break;
                }
                let (ev, span) = b.next()?.ok_or_else(|| b.eof_error())?;
                if matches!(ev, Event::DocumentEnd) {
                    continue;
                }
                root = Some(b.node(ev, span, 0)?);
            }
            Some((ev, span)) => {
                root = Some(b.node(ev, span, 0)?);
            }
        }
    }
    Ok(root.filter(|n| !matches!(&n.kind, NodeKind::Scalar { value, style: ScalarStyle::Plain, tag: None } if value.is_empty())))
}

struct Builder<'a> {
    parser: Parser<'a, saphyr_parser::StrInput<'a>>,
    text: &'a str,
    first_line: u32,
    anchors: BTreeMap<usize, Node>,
    /// Anchors whose node is still being built (an alias to one is a cycle).
    open_anchors: Vec<usize>,
    nodes: usize,
    aliased: usize,
}

impl<'a> Builder<'a> {
    fn next(&mut self) -> Result<Option<(Event<'a>, Span)>, SyntaxError> {
        match self.parser.next_event() {
            None => Ok(None),
            Some(Ok((ev, span))) => Ok(Some((ev, span))),
            Some(Err(e)) => Err(self.scan_error(&e)),
        }
    }

    fn eof_error(&self) -> SyntaxError {
        SyntaxError {
            pos: Pos { line: self.first_line, col: 1 },
            message: "unexpected end of stream".into(),
            detail: "yaml: unexpected end of stream".into(),
            ..Default::default()
        }
    }

    fn scan_error(&self, e: &ScanError) -> SyntaxError {
        let m = e.marker();
        if e.info().contains("unknown anchor") {
            let message = format!("unknown anchor '{}' referenced", crate::errors::alias_name(self.text, m));
            return SyntaxError {
                pos: pos_of(m, self.first_line),
                detail: format!("yaml: {message}"),
                message,
                ..Default::default()
            };
        }
        let (message, stage, at) = crate::errors::go_yaml_error(e.info(), self.text, m);
        let pos = Pos { line: at.line as u32 + self.first_line - 1, col: at.col as u32 + 1 };
        let detail = crate::errors::go_yaml_detail(&message, stage, at.line as u32);
        SyntaxError { pos, message, detail, raw_info: e.info().to_string(), raw_index: m.index() }
    }

    fn count(&mut self, m: &Marker) -> Result<(), SyntaxError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            let message = if self.aliased > 0 {
                "document contains excessive aliasing".to_string()
            } else {
                format!("document has more than {MAX_NODES} nodes")
            };
            return Err(SyntaxError {
                pos: pos_of(m, self.first_line),
                detail: format!("yaml: {message}"),
                message,
                ..Default::default()
            });
        }
        Ok(())
    }

    fn node(&mut self, ev: Event<'a>, span: Span, depth: usize) -> Result<Node, SyntaxError> {
        let m = span.start;
        if depth > MAX_DEPTH {
            let message = format!("exceeded max depth of {MAX_DEPTH}");
            return Err(SyntaxError {
                pos: pos_of(&m, self.first_line),
                detail: format!("yaml: {message}"),
                message,
                ..Default::default()
            });
        }
        self.count(&m)?;
        let pos = pos_of(&m, self.first_line);
        let (node, anchor) = match ev {
            Event::Scalar(value, style, anchor, tag) => {
                let tag = tag.map(|t| {
                    if t.handle == "tag:yaml.org,2002:" || t.handle == "!!" {
                        format!("!!{}", t.suffix)
                    } else {
                        format!("{}{}", t.handle, t.suffix)
                    }
                });
                let end = pos_of(&span.end, self.first_line);
                (Node { kind: NodeKind::Scalar { value: value.into_owned(), style, tag }, pos, end }, anchor)
            }
            Event::SequenceStart(anchor, _) => {
                self.open_anchors.push(anchor);
                let mut items = Vec::new();
                loop {
                    let (ev, span) = self.next()?.ok_or_else(|| self.eof_error())?;
                    if matches!(ev, Event::SequenceEnd) {
                        break;
                    }
                    items.push(self.node(ev, span, depth + 1)?);
                }
                self.open_anchors.pop();
                let end = items.last().map_or(pos, |n| n.end);
                (Node { kind: NodeKind::Seq(items), pos, end }, anchor)
            }
            Event::MappingStart(anchor, _) => {
                self.open_anchors.push(anchor);
                let mut pairs = Vec::new();
                loop {
                    let (ev, span) = self.next()?.ok_or_else(|| self.eof_error())?;
                    if matches!(ev, Event::MappingEnd) {
                        break;
                    }
                    let k = self.node(ev, span, depth + 1)?;
                    let (ev, span) = self.next()?.ok_or_else(|| self.eof_error())?;
                    let v = self.node(ev, span, depth + 1)?;
                    pairs.push((k, v));
                }
                self.open_anchors.pop();
                let end = pairs.last().map_or(pos, |(_, v)| v.end);
                (Node { kind: NodeKind::Map(pairs), pos, end }, anchor)
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id).cloned() else {
                    let name = crate::errors::alias_name(self.text, &m);
                    let message = if self.open_anchors.contains(&id) {
                        format!("anchor '{name}' value contains itself")
                    } else {
                        format!("unknown anchor '{name}' referenced")
                    };
                    return Err(SyntaxError {
                        pos,
                        detail: format!("yaml: {message}"),
                        message,
                        ..Default::default()
                    });
                };
                let n = count_nodes(&target);
                self.aliased += n;
                for _ in 1..n {
                    self.count(&m)?;
                }
                let mut target = target;
                target.pos = pos;
                target.end = pos_of(&span.end, self.first_line);
                return Ok(target);
            }
            _ => {
                let message = "did not find expected node content".to_string();
                return Err(SyntaxError {
                    pos,
                    detail: format!("yaml: {message}"),
                    message,
                    ..Default::default()
                });
            }
        };
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }
}

fn count_nodes(n: &Node) -> usize {
    match &n.kind {
        NodeKind::Scalar { .. } => 1,
        NodeKind::Seq(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        NodeKind::Map(pairs) => 1 + pairs.iter().map(|(k, v)| count_nodes(k) + count_nodes(v)).sum::<usize>(),
    }
}

struct Converter<'a> {
    spans: &'a mut SpanMap,
    diags: &'a mut Vec<Diagnostic>,
    doc_index: usize,
    failed: bool,
    /// Indexes into `diags` of messages that quote an absolute line.
    line_refs: Vec<usize>,
}

impl Converter<'_> {
    /// A problem that makes kubectl reject the document while converting it to JSON; `detail` is
    /// the error text kubectl shows after `error converting YAML to JSON: `.
    fn error(&mut self, pos: Pos, path: &str, message: String, detail: String) {
        self.failed = true;
        self.diags.push(Diagnostic {
            severity: Severity::Error,
            pos,
            end: None,
            path: Some(path.to_string()),
            message,
            doc_index: self.doc_index,
            kubectl_detail: Some(detail),
        });
    }

    fn value(&mut self, node: Node, path: String, key: Option<(Pos, Pos)>) -> Value {
        let (pos, end) = (node.pos, node.end);
        let v = match node.kind {
            NodeKind::Scalar { value, style, tag } => self.scalar(pos, &path, value, style, tag.as_deref()),
            NodeKind::Seq(items) => Value::Array(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, n)| self.value(n, push_index(&path, i), None))
                    .collect(),
            ),
            NodeKind::Map(pairs) => {
                let mut map = Map::new();
                let mut merges = Vec::new();
                for (k, v) in pairs {
                    if is_merge_key(&k) {
                        merges.push(v);
                        continue;
                    }
                    let (kpos, kend) = (k.pos, k.end);
                    let Some(key) = self.key_string(k, &path) else { continue };
                    let child = push_key(&path, &key);
                    if map.contains_key(&key) {
                        let line = self.spans.key(&child).map(|p| p.line).unwrap_or(kpos.line);
                        self.line_refs.push(self.diags.len());
                        self.diags.push(Diagnostic {
                            severity: Severity::Warning,
                            pos: kpos,
                            end: Some(kend),
                            message: format!("mapping key \"{key}\" already defined at line {line}"),
                            path: Some(child.clone()),
                            doc_index: self.doc_index,
                            kubectl_detail: None,
                        });
                    }
                    let v = self.value(v, child, Some((kpos, kend)));
                    map.insert(key, v);
                }
                // Merge keys (`<<: *base`) add entries the mapping does not set itself.
                for m in merges {
                    let sources: Vec<Node> = match m.kind {
                        NodeKind::Seq(items) => items,
                        kind => vec![Node { kind, pos: m.pos, end: m.end }],
                    };
                    for src in sources {
                        let NodeKind::Map(pairs) = src.kind else {
                            let m = "map merge requires map or sequence of maps as the value".to_string();
                            self.error(src.pos, &path, m.clone(), format!("yaml: {m}"));
                            continue;
                        };
                        for (k, v) in pairs {
                            let (kpos, kend) = (k.pos, k.end);
                            let Some(key) = self.key_string(k, &path) else { continue };
                            if map.contains_key(&key) {
                                continue;
                            }
                            let child = push_key(&path, &key);
                            let v = self.value(v, child, Some((kpos, kend)));
                            map.insert(key, v);
                        }
                    }
                }
                Value::Object(map)
            }
        };
        self.spans.insert(path, (pos, end), key);
        v
    }

    /// JSON object keys: sigs.k8s.io/yaml turns resolved non-string keys into their text form
    /// (`yes:` becomes `"true"`, `80:` becomes `"80"`).
    fn key_string(&mut self, k: Node, path: &str) -> Option<String> {
        match k.kind {
            NodeKind::Scalar { value, style, tag } => {
                if style != ScalarStyle::Plain || tag.as_deref() == Some("!!str") {
                    return Some(value);
                }
                Some(match resolve_plain(&value) {
                    Resolved::Bool(b) => b.to_string(),
                    Resolved::Int(i) => i.to_string(),
                    Resolved::UInt(u) => u.to_string(),
                    Resolved::Float(f) => crate::json::go_float_g(f),
                    Resolved::Null => "null".to_string(),
                    _ => value,
                })
            }
            _ => {
                self.error(k.pos, path, "invalid map key".into(), "yaml: invalid map key".into());
                None
            }
        }
    }

    fn scalar(
        &mut self,
        pos: Pos,
        path: &str,
        value: String,
        style: ScalarStyle,
        tag: Option<&str>,
    ) -> Value {
        if style != ScalarStyle::Plain {
            return match tag {
                Some(t @ ("!!int" | "!!float" | "!!bool" | "!!null")) => self.tagged(pos, path, &value, t),
                _ => Value::String(value),
            };
        }
        match tag {
            Some("!!str") | Some("!!binary") => return Value::String(value),
            Some(t @ ("!!int" | "!!float" | "!!bool" | "!!null")) => {
                return self.tagged(pos, path, &value, t)
            }
            _ => {}
        }
        match resolve_plain(&value) {
            Resolved::Null => Value::Null,
            Resolved::Bool(b) => Value::Bool(b),
            Resolved::Int(i) => Value::Number(i.into()),
            Resolved::UInt(u) => Value::Number(u.into()),
            Resolved::Float(f) => self.float(pos, path, f),
            Resolved::Str | Resolved::Timestamp | Resolved::Merge => Value::String(value),
        }
    }

    fn tagged(&mut self, pos: Pos, path: &str, value: &str, tag: &str) -> Value {
        let r = resolve_plain(value);
        let ok = matches!(
            (tag, &r),
            ("!!int", Resolved::Int(_) | Resolved::UInt(_))
                | ("!!float", Resolved::Int(_) | Resolved::UInt(_) | Resolved::Float(_))
                | ("!!bool", Resolved::Bool(_))
                | ("!!null", Resolved::Null)
        );
        if !ok {
            let m = format!("cannot decode !!str `{value}` as a {tag}");
            self.error(pos, path, m.clone(), format!("yaml: {m}"));
            return Value::Null;
        }
        match r {
            Resolved::Int(i) if tag == "!!float" => self.float(pos, path, i as f64),
            Resolved::Int(i) => Value::Number(i.into()),
            Resolved::UInt(u) => Value::Number(u.into()),
            Resolved::Float(f) => self.float(pos, path, f),
            Resolved::Bool(b) => Value::Bool(b),
            _ => Value::Null,
        }
    }

    /// JSON has no NaN/Inf (encoding/json refuses them); whole floats are written by Go as integers
    /// (`1.0` becomes `1`), which typed decoding then accepts as an integer.
    fn float(&mut self, pos: Pos, path: &str, f: f64) -> Value {
        if !f.is_finite() {
            let shown = if f.is_nan() {
                "NaN"
            } else if f > 0.0 {
                "+Inf"
            } else {
                "-Inf"
            };
            let m = format!("json: unsupported value: {shown}");
            self.error(pos, path, m.clone(), m);
            return Value::Null;
        }
        if f.fract() == 0.0 && f.abs() < 1e15 {
            return Value::Number((f as i64).into());
        }
        Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null)
    }
}

fn is_merge_key(k: &Node) -> bool {
    matches!(&k.kind, NodeKind::Scalar { value, style: ScalarStyle::Plain, tag } if value == "<<" && (tag.is_none() || tag.as_deref() == Some("!!merge")))
}
