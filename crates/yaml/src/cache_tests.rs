//! The incremental cache against the full parse: exact equality over random edit sequences, and the
//! re-basing of reused documents.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use std::collections::BTreeSet;

use kubeplay_model::SimRng;

use crate::{parse_documents, strict_check, Diagnostic, DiagnosticsCache, Document, Pos, Severity};

/// The uncached path: `parse_documents`, then `strict_check` of every document with its
/// diagnostics given the document's index (the indexes not taken by documents that failed).
fn full(text: &str) -> (Vec<Document>, Vec<Diagnostic>) {
    let (docs, mut diags) = parse_documents(text);
    let failed: BTreeSet<usize> = diags
        .iter()
        .filter(|d| {
            d.severity == Severity::Error && !d.message.starts_with("invalid Yaml document separator")
        })
        .map(|d| d.doc_index)
        .collect();
    let mut indexes = (0..).filter(|i| !failed.contains(i));
    for d in &docs {
        let i = indexes.next().unwrap_or_default();
        for mut s in strict_check(d) {
            s.doc_index = i;
            diags.push(s);
        }
    }
    (docs, diags)
}

fn cached(cache: &mut DiagnosticsCache, text: &str) -> (Vec<Document>, Vec<Diagnostic>) {
    let r = cache.diagnose(text);
    (r.documents.into_iter().cloned().collect(), r.diagnostics.into_iter().cloned().collect())
}

/// A manifest with the awkward parts: directives, document end markers, comment-only and empty
/// documents, anchors and merge keys, a block scalar holding `---`, duplicate keys, unknown fields,
/// a wrong type, a syntax error, a bad separator, a `List`, a tab after a colon, non-ASCII text.
const MANIFEST: &str = "# leading comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: &labels
    app: web
    tier: front
spec:
  replicas: 3
  replica: 2
  selector:
    matchLabels: *labels
  template:
    metadata:
      labels:
        <<: *labels
        extra: \"é ü\"
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
---
# only a comment
---
%YAML 1.1
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  name: cfg2
data:
  script: |
    echo start
---
    echo after
...
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - port: \"eighty\"
    targetPort:\thttp
--- trailing
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: a
  bogus: 1
---
a: b: c
---

---
apiVersion: v1
kind: Pod
metadata: {name: p, labels: {x: 'y'}}
spec:
  containers: [{name: c, image: busybox, command: [sh, -c, 'sleep 1']}]
";

const INSERTS: &[&str] = &[
    "a",
    "Z",
    "0",
    " ",
    "  ",
    "\n",
    "\n\n",
    ":",
    ": ",
    "-",
    "- ",
    "---\n",
    "\n---\n",
    "...\n",
    "#",
    "\t",
    "\"",
    "'",
    "&x ",
    "*x",
    "[",
    "]",
    "{",
    "}",
    "|",
    ">",
    "%YAML 1.1\n",
    "é",
    "\u{7}",
    "key: value\n",
    "  nested: 1\n",
    "metadata:\n  name: n\n",
    "<<: *labels\n",
    "replica: 1\n",
];

/// A character boundary of `text` at or before `i`.
fn boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn random_edit(text: &str, rng: &mut SimRng) -> String {
    let at = boundary(text, rng.below(text.len() as u64 + 1) as usize);
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
    let mut out = text.to_string();
    match rng.below(6) {
        0 | 1 => out.insert_str(at, INSERTS[rng.below(INSERTS.len() as u64) as usize]),
        2 => {
            let end = boundary(text, at + 1 + rng.below(3) as usize);
            if end > at {
                out.replace_range(at..end, "");
            } else if at > 0 {
                let start = boundary(text, at - 1);
                out.replace_range(start..at, "");
            }
        }
        3 => out.replace_range(line_start..line_end, ""),
        4 => {
            let line = text[line_start..line_end].to_string();
            out.insert_str(line_start, &line);
        }
        _ => {
            // Move a line elsewhere (the kind of edit that shifts later documents both ways).
            let line = text[line_start..line_end].to_string();
            out.replace_range(line_start..line_end, "");
            let to = boundary(&out, rng.below(out.len() as u64 + 1) as usize);
            let to = out[..to].rfind('\n').map_or(0, |i| i + 1);
            out.insert_str(to, &line);
        }
    }
    out
}

#[test]
fn cached_equals_full_parse_over_random_edits() {
    let mut rng = SimRng::new(0x6b75_6265);
    let mut checked = 0;
    for round in 0..60 {
        let mut cache = DiagnosticsCache::new();
        // Half the rounds edit the small awkward manifest, half a longer one (repeated documents:
        // identical chunk texts at several places).
        let mut text = if round % 2 == 0 { MANIFEST.to_string() } else { MANIFEST.repeat(4) };
        assert_eq!(cached(&mut cache, &text), full(&text), "round {round}: initial text");
        for step in 0..40 {
            text = random_edit(&text, &mut rng);
            assert_eq!(cached(&mut cache, &text), full(&text), "round {round} step {step}: text {text:?}");
            let chunks = text.lines().filter(|l| l.starts_with("---")).count() + 1;
            assert!(cache.len() <= chunks, "the cache holds only the latest text's chunks");
            checked += 1;
        }
        // Back to the start: every original chunk is parsed again or reused, same answer.
        let original = if round % 2 == 0 { MANIFEST.to_string() } else { MANIFEST.repeat(4) };
        assert_eq!(cached(&mut cache, &original), full(&original));
    }
    assert_eq!(checked, 2400);
}

#[test]
fn cached_equals_full_parse_for_edge_texts() {
    let texts = [
        "",
        "\n",
        "---",
        "---\n",
        "---\n---\n",
        "a: 1",
        "a: 1\n---",
        "a: 1\n---\nb: 2",
        "--- x\na: 1\n",
        "a: 1\n...\nb: 2\n",
        "%YAML 1.2\n---\na: 1\n",
        "a: |\n  x\n---\n  y\n",
        "a: 1\na: 2\n---\nb: 1\nb: 2\n",
        "a: \u{1}\n---\nb: 1\n",
        "a: [\n---\nb: 1\n",
    ];
    let mut cache = DiagnosticsCache::new();
    for (i, t) in texts.iter().enumerate() {
        assert_eq!(cached(&mut cache, t), full(t), "text {i} {t:?}");
        // Each text also after every earlier one: reused chunks meet new neighbours.
        for u in &texts[..i] {
            let joined = format!("{u}\n---\n{t}");
            assert_eq!(cached(&mut cache, &joined), full(&joined), "{joined:?}");
        }
    }
}

const DEPLOY: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  name: web2
spec:
  replica: 2
";
const SERVICE: &str = "apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - port: 80
";

#[test]
fn reused_document_moves_with_inserted_lines() {
    let mut cache = DiagnosticsCache::new();
    let before = format!("{SERVICE}---\n{DEPLOY}");
    {
        let r = cache.diagnose(&before);
        let d = r.documents[1];
        assert_eq!((d.start_line, d.end_line), (9, 15));
        assert_eq!(d.spans.get("metadata.name"), Some(Pos { line: 13, col: 9 }));
        assert_eq!(
            d.spans.key_range("spec.replica"),
            Some((Pos { line: 15, col: 3 }, Pos { line: 15, col: 10 }))
        );
    }
    assert_eq!(cache.last_parsed(), 2);
    // Two lines more in the first document: the second is reused, two lines lower.
    let after =
        format!("{}---\n{DEPLOY}", SERVICE.replace("  name: web\n", "  name: web\n  labels:\n    a: b\n"));
    let r = cache.diagnose(&after);
    let d = r.documents[1];
    assert_eq!((d.start_line, d.end_line), (11, 17));
    assert_eq!(d.spans.get("metadata.name"), Some(Pos { line: 15, col: 9 }));
    assert_eq!(d.spans.key("metadata.name"), Some(Pos { line: 15, col: 3 }));
    assert_eq!(d.spans.range(""), Some((Pos { line: 11, col: 1 }, Pos { line: 17, col: 13 })));
    assert_eq!(
        d.spans.key_range("spec.replica"),
        Some((Pos { line: 17, col: 3 }, Pos { line: 17, col: 10 }))
    );
    assert_eq!(d.spans.path_at(Pos { line: 17, col: 4 }), Some("spec.replica"));
    let msgs: Vec<(Pos, &str, usize)> =
        r.diagnostics.iter().map(|x| (x.pos, x.message.as_str(), x.doc_index)).collect();
    assert_eq!(
        msgs,
        vec![
            (Pos { line: 15, col: 3 }, "mapping key \"name\" already defined at line 14", 1),
            (Pos { line: 17, col: 3 }, "unknown field \"spec.replica\"", 1),
        ]
    );
    assert_eq!(r.diagnostics[1].end, Some(Pos { line: 17, col: 10 }));
    assert_eq!(cache.last_parsed(), 1);
}

#[test]
fn reused_document_moves_up_and_takes_its_new_index() {
    let mut cache = DiagnosticsCache::new();
    let before = format!("a: [\nb: 1\n---\n{DEPLOY}");
    {
        let r = cache.diagnose(&before);
        assert_eq!(r.diagnostics.iter().map(|x| x.doc_index).collect::<Vec<_>>(), vec![0, 1, 1]);
        assert_eq!(r.diagnostics[1].message, "mapping key \"name\" already defined at line 7");
    }
    // The broken first document becomes a comment: the Deployment is now document 0, two lines up.
    let after = format!("# gone\n---\n{DEPLOY}");
    let r = cache.diagnose(&after);
    assert_eq!(r.documents.len(), 1);
    assert_eq!(r.documents[0].start_line, 3);
    let got: Vec<(Pos, &str, usize)> =
        r.diagnostics.iter().map(|x| (x.pos, x.message.as_str(), x.doc_index)).collect();
    assert_eq!(
        got,
        vec![
            (Pos { line: 7, col: 3 }, "mapping key \"name\" already defined at line 6", 0),
            (Pos { line: 9, col: 3 }, "unknown field \"spec.replica\"", 0),
        ]
    );
    assert_eq!(cache.last_parsed(), 1);
}

#[test]
fn one_character_edit_reparses_one_document() {
    let text = format!("{DEPLOY}---\n{SERVICE}---\n{DEPLOY}");
    let mut cache = DiagnosticsCache::new();
    cache.diagnose(&text);
    assert_eq!(cache.last_parsed(), 3);
    let edited = text.replacen("port: 80", "port: 81", 1);
    assert_eq!(cached(&mut cache, &edited), full(&edited));
    assert_eq!(cache.last_parsed(), 1);
    assert_eq!(cached(&mut cache, &edited), full(&edited));
    assert_eq!(cache.last_parsed(), 0);
    assert_eq!(cache.len(), 3);
    cache.diagnose("");
    assert!(cache.is_empty());
}

#[test]
fn quoted_line_is_moved() {
    assert_eq!(
        crate::cache::shift_quoted_line("mapping key \"at line 3\" already defined at line 4", 10),
        "mapping key \"at line 3\" already defined at line 14"
    );
}
