//! Incremental editor diagnostics: [`parse_documents`](crate::parse_documents) plus
//! [`strict_check`](crate::strict_check) for every document, re-parsing only the documents whose
//! text changed since the previous call.
//!
//! Why reuse is exact: the stream is split into chunks at `---` lines by a cheap line scan (redone
//! on every call), and each chunk is then parsed on its own parser: no directive, anchor or
//! document-end marker crosses a chunk boundary (a block scalar holding a `---` line is cut there
//! by the split, exactly as kubectl's reader cuts it). A chunk's result therefore depends only on
//! its text, its first line and its document index, and positions depend on the first line only
//! by an added offset. A reused result is moved by the difference of first lines (every span, the
//! document's start/end lines, every diagnostic position and the one message quoting a line,
//! `mapping key "x" already defined at line N`) and given its new document index.

use std::collections::BTreeMap;

use crate::parse::{parse_chunk_at, split_documents, too_large};
use crate::span::{shift_line, shift_pos};
use crate::{strict_check, Diagnostic, Document};

/// A cache of per-document parse and strict-check results, keyed by each document chunk's exact
/// text. It holds only the chunks of the latest text it was given, so it never grows beyond one
/// manifest's results.
#[derive(Debug, Default)]
pub struct DiagnosticsCache {
    /// The chunks of the latest text, in order.
    chunks: Vec<CachedChunk>,
    /// Diagnostics of the stream itself (bad `---` separators, a manifest too large).
    stream_diags: Vec<Diagnostic>,
    /// How many chunks the latest call parsed (the others were reused).
    parsed: usize,
}

/// What [`DiagnosticsCache::diagnose`] found: the same documents and diagnostics, in the same
/// order, as `parse_documents` followed by `strict_check` of each document, except that the
/// strict-check diagnostics carry their document's `doc_index` (`strict_check` leaves it 0).
#[derive(Debug)]
pub struct Diagnosis<'a> {
    pub documents: Vec<&'a Document>,
    pub diagnostics: Vec<&'a Diagnostic>,
    /// How many document chunks this call parsed (the others were reused).
    pub reparsed: usize,
}

#[derive(Debug)]
struct CachedChunk {
    text: String,
    /// The first line and document index the stored positions and diagnostics are written for.
    first_line: u32,
    doc_index: usize,
    /// Whether the chunk is a non-empty document (takes a document index).
    counted: bool,
    doc: Option<Document>,
    parse_diags: Vec<Diagnostic>,
    /// Indexes into `parse_diags` of messages quoting an absolute line.
    line_refs: Vec<usize>,
    strict_diags: Vec<Diagnostic>,
}

impl CachedChunk {
    fn parse(text: &str, first_line: u32, last_line: u32, doc_index: usize) -> Self {
        let p = parse_chunk_at(text, first_line, last_line, doc_index);
        let strict_diags = p.doc.as_ref().map_or_else(Vec::new, |d| {
            let mut v = strict_check(d);
            for x in &mut v {
                x.doc_index = doc_index;
            }
            v
        });
        CachedChunk {
            text: text.to_string(),
            first_line,
            doc_index,
            counted: p.counted,
            doc: p.doc,
            parse_diags: p.diags,
            line_refs: p.line_refs,
            strict_diags,
        }
    }

    /// Rewrites the stored results for the chunk now starting at `first_line` as document
    /// `doc_index` (the text being the same, everything else moves by the line difference).
    fn rebase(&mut self, first_line: u32, doc_index: usize) {
        let delta = i64::from(first_line) - i64::from(self.first_line);
        if delta != 0 {
            if let Some(doc) = &mut self.doc {
                doc.start_line = shift_line(doc.start_line, delta);
                doc.end_line = shift_line(doc.end_line, delta);
                doc.spans.shift_lines(delta);
            }
            for d in self.parse_diags.iter_mut().chain(self.strict_diags.iter_mut()) {
                d.pos = shift_pos(d.pos, delta);
                d.end = d.end.map(|e| shift_pos(e, delta));
            }
            for &i in &self.line_refs {
                if let Some(d) = self.parse_diags.get_mut(i) {
                    d.message = shift_quoted_line(&d.message, delta);
                }
            }
            self.first_line = first_line;
        }
        if doc_index != self.doc_index {
            for d in self.parse_diags.iter_mut().chain(self.strict_diags.iter_mut()) {
                d.doc_index = doc_index;
            }
            self.doc_index = doc_index;
        }
    }
}

/// `... at line N` with `N` moved by `delta`.
pub(crate) fn shift_quoted_line(message: &str, delta: i64) -> String {
    match message.rsplit_once(" at line ").and_then(|(head, n)| Some((head, n.parse::<u32>().ok()?))) {
        Some((head, n)) => format!("{head} at line {}", shift_line(n, delta)),
        None => message.to_string(),
    }
}

impl DiagnosticsCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses and strictly checks `text`, reusing the results of every document chunk whose text
    /// is unchanged since the previous call. Exactly what a full parse gives (see [`Diagnosis`]).
    pub fn diagnose(&mut self, text: &str) -> Diagnosis<'_> {
        let mut old = std::mem::take(&mut self.chunks);
        self.stream_diags.clear();
        self.parsed = 0;
        if let Some(d) = too_large(text) {
            self.stream_diags.push(d);
            return self.result();
        }
        let chunks = split_documents(text, &mut self.stream_diags);
        // Which new chunks each text is wanted by; reused results are moved into their slots.
        let mut wanted: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, c) in chunks.iter().enumerate().rev() {
            wanted.entry(c.text).or_default().push(i);
        }
        let mut slots: Vec<Option<CachedChunk>> = Vec::new();
        slots.resize_with(chunks.len(), || None);
        for entry in old.drain(..) {
            if let Some(i) = wanted.get_mut(entry.text.as_str()).and_then(Vec::pop) {
                if let Some(slot) = slots.get_mut(i) {
                    *slot = Some(entry);
                }
            }
        }
        // Document indexes count the non-empty chunks before, so they are assigned in order.
        let mut doc_index = 0;
        for (chunk, slot) in chunks.iter().zip(slots) {
            let entry = match slot {
                Some(mut e) => {
                    e.rebase(chunk.first_line, doc_index);
                    e
                }
                None => {
                    self.parsed += 1;
                    CachedChunk::parse(chunk.text, chunk.first_line, chunk.last_line, doc_index)
                }
            };
            if entry.counted {
                doc_index += 1;
            }
            self.chunks.push(entry);
        }
        self.result()
    }

    /// How many document chunks the latest [`diagnose`](Self::diagnose) parsed (the rest were
    /// reused).
    pub fn last_parsed(&self) -> usize {
        self.parsed
    }

    /// How many document chunks the cache holds (those of the latest text).
    pub fn len(&self) -> usize {
        self.chunks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }

    fn result(&self) -> Diagnosis<'_> {
        let documents = self.chunks.iter().filter_map(|c| c.doc.as_ref()).collect();
        let diagnostics = self
            .stream_diags
            .iter()
            .chain(self.chunks.iter().flat_map(|c| c.parse_diags.iter()))
            .chain(self.chunks.iter().flat_map(|c| c.strict_diags.iter()))
            .collect();
        Diagnosis { documents, diagnostics, reparsed: self.parsed }
    }
}
