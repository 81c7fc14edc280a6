//! Robustness: bad input never breaks the playground.
//!
//! - `tests/corpus/NN-name.{yaml,cmd}` + `NN-name.expected`: broken manifests (applied through
//!   `Session::apply_text`, the editor's Apply) and broken command lines (`Session::run`), each with
//!   kubectl 1.33's exact output, exit code and, for manifests, the `L:C` of the first error
//!   diagnostic kubeplay_yaml reports (`-` when the problem is found by the API server). Each
//!   `.expected` names its source in its header (kubectl.1.33 offline or the spec).
//! - Limits (huge, deep, alias-bomb documents) are generated here rather than committed.
//! - The fuzz targets' bodies (`fuzz/src/lib.rs`) run natively over every seed-corpus file, so the
//!   smoke run costs no cargo-fuzz build.

use std::path::{Path, PathBuf};

use kubeplay_cluster::ClusterConfig;
use kubeplay_kubectl::{Session, WaitMode};

#[path = "../../fuzz/src/lib.rs"]
mod fuzz_bodies;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn session() -> Session {
    Session::new(ClusterConfig::default(), WaitMode::AdvanceClock)
}

struct Expected {
    pos: Option<String>,
    /// One exit code per command, space separated.
    exit: String,
    output: String,
}

fn parse_expected(text: &str) -> Expected {
    let (head, output) = text.split_once("\n---\n").expect("an .expected file has a `---` line");
    let mut e = Expected { pos: None, exit: "1".into(), output: output.to_string() };
    for line in head.lines() {
        if let Some(p) = line.strip_prefix("pos: ") {
            e.pos = Some(p.to_string());
        } else if let Some(x) = line.strip_prefix("exit: ") {
            e.exit = x.to_string();
        }
    }
    e
}

/// A `.cmd` case: its commands (a script: several lines, heredocs) run in one session; the
/// outputs concatenated and the exit codes listed.
fn run_commands(s: &mut Session, text: &str) -> (String, String) {
    let cmds = kubeplay_kubectl::script::parse(text).expect("a .cmd case parses as a script");
    let mut output = String::new();
    let mut exits = Vec::new();
    for c in cmds {
        let out = match &c.stdin {
            Some(stdin) => s.run_with_stdin(&c.line, stdin),
            None => s.run(&c.line),
        };
        output.push_str(&out.text);
        exits.push(out.exit_code.to_string());
    }
    (output, exits.join(" "))
}

/// `L:C` of the first error kubeplay_yaml reports (syntax, then strict decoding), or `-`.
fn first_error_pos(text: &str) -> String {
    let (docs, diags) = kubeplay_yaml::parse_documents(text);
    let strict = docs.iter().flat_map(kubeplay_yaml::strict_check);
    let first = diags.into_iter().chain(strict).find(|d| d.severity == kubeplay_yaml::Severity::Error);
    match first {
        Some(d) => format!("{}:{}", d.pos.line, d.pos.col),
        None => "-".to_string(),
    }
}

/// Cases whose expectation kubeplay does not meet yet (owner crate frozen); checked for no panic only.
const KNOWN_DIFFERENCES: &[&str] = &[];

#[test]
fn invalid_inputs_give_kubectl_messages() {
    let dir = root().join("corpus");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "cmd")))
        .collect();
    names.sort();
    assert!(names.len() >= 50, "the corpus has at least 50 cases, found {}", names.len());
    let mut failures = Vec::new();
    for path in &names {
        let file = path.file_name().and_then(|f| f.to_str()).unwrap_or_default().to_string();
        let stem = path.file_stem().and_then(|f| f.to_str()).unwrap_or_default().to_string();
        let expected = parse_expected(
            &std::fs::read_to_string(path.with_extension("expected"))
                .unwrap_or_else(|_| panic!("{stem}.expected is missing")),
        );
        let bytes = std::fs::read(path).expect("case file");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let mut s = session();
        let (output, exit) = if file.ends_with(".yaml") {
            let pos = first_error_pos(&text);
            if let Some(want) = &expected.pos {
                if &pos != want {
                    failures.push(format!("{file}: pos {pos}, expected {want}"));
                }
            }
            let out = s.apply_text(&text, &file);
            (out.text, out.exit_code.to_string())
        } else {
            run_commands(&mut s, &text)
        };
        if KNOWN_DIFFERENCES.contains(&stem.as_str()) {
            continue;
        }
        if output != expected.output || exit != expected.exit {
            failures.push(format!(
                "{file}: exit {exit} output:\n{output}--- expected exit {}:\n{}",
                expected.exit, expected.output
            ));
        }
    }
    assert!(failures.is_empty(), "{} corpus failures:\n{}", failures.len(), failures.join("\n"));
}

/// What the editor shows for a manifest over a playground limit (kubeplay_yaml's `MAX_*`): the
/// first error diagnostic's message and position.
fn first_error(text: &str) -> (String, String) {
    let (_, diags) = kubeplay_yaml::parse_documents(text);
    let d = diags.into_iter().find(|d| d.severity == kubeplay_yaml::Severity::Error).expect("an error");
    (d.message, format!("{}:{}", d.pos.line, d.pos.col))
}

#[test]
fn limits_are_refused_with_a_message() {
    // Document size: the API server's 3 MiB request limit.
    let big = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  a: \"{}\"\n",
        "x".repeat(kubeplay_yaml::MAX_TEXT_BYTES)
    );
    let (msg, pos) = first_error(&big);
    assert_eq!(msg, format!("the manifest is too large ({} bytes; the limit is 3145728 bytes)", big.len()));
    assert_eq!(pos, "1:1");
    let out = session().apply_text(&big, "big.yaml");
    assert_eq!(out.exit_code, 1);
    assert!(out.text.contains("the manifest is too large"), "{}", out.text);

    // Nesting depth: go-yaml's wording, with the playground's depths (500 block levels; 255 flow
    // levels, the parser's own limit).
    let deep: String = (0..600).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
    let (msg, pos) = first_error(&deep);
    assert_eq!(msg, "exceeded max depth of 500");
    assert_eq!(pos, "501:501");
    let out = session().apply_text(&deep, "deep.yaml");
    assert_eq!(out.exit_code, 1);
    assert!(out.text.contains("exceeded max depth of 500"), "{}", out.text);
    let flow = format!("a: {}1{}\n", "[".repeat(300), "]".repeat(300));
    let (msg, _) = first_error(&flow);
    assert_eq!(msg, "exceeded max depth of 255");
    assert_eq!(session().apply_text(&flow, "flow.yaml").exit_code, 1);

    // Alias bomb ("billion laughs"): go-yaml's wording.
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let prev = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
        ));
    }
    let (msg, _) = first_error(&bomb);
    assert_eq!(msg, "document contains excessive aliasing");
    let out = session().apply_text(&bomb, "bomb.yaml");
    assert_eq!(out.exit_code, 1);

    // ConfigMap data over 1 MiB: the API server's Invalid (crates/apiserver validation/configmap.rs
    // MAX_SIZE, upstream's MaxConfigMapSize); the error names the whole object (an empty path).
    let big_cm = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  k: \"{}\"\n",
        "x".repeat(1024 * 1024 + 1)
    );
    let mut s = session();
    let out = s.run_with_stdin("kubectl create -f -", &big_cm);
    assert_eq!(
        out.text,
        "The ConfigMap \"big\" is invalid: : Too long: may not be more than 1048576 bytes\n"
    );
    assert_eq!(out.exit_code, 1);
    // The editor's Apply also stores the manifest in the last-applied annotation, over the 256 KiB
    // annotation limit: both causes, kubectl's multi-cause Invalid layout.
    let out = s.apply_text(&big_cm, "big.yaml");
    assert_eq!(
        out.text,
        "The ConfigMap \"big\" is invalid: \n* metadata.annotations: Too long: may not be more than 262144 bytes\n* : Too long: may not be more than 1048576 bytes\n"
    );

    // Node count.
    let many =
        format!("apiVersion: v1\nkind: List\nitems:\n{}", "- 1\n".repeat(kubeplay_yaml::MAX_NODES + 10));
    let (msg, _) = first_error(&many);
    assert_eq!(msg, "document has more than 250000 nodes");
}

/// Every seed-corpus file (and any corpus a fuzz run left in `fuzz/corpus/`) through the fuzz
/// targets' bodies, natively: a crash found by the fuzzer stays fixed once its input is a seed.
#[test]
fn fuzz_seed_corpora_run_without_panicking() {
    let mut manifest_session = fuzz_bodies::fresh_session();
    let mut kubectl_session = fuzz_bodies::fresh_session();
    let mut ran = 0;
    for target in ["manifest", "kubectl_line", "patch", "jsonpath", "replay", "lesson", "share"] {
        for base in ["fuzz/seeds", "fuzz/regressions"] {
            let dir = root().join("..").join(base).join(target);
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            files.sort();
            for f in files {
                let data = std::fs::read(&f).expect("seed");
                match target {
                    "manifest" => fuzz_bodies::manifest(&mut manifest_session, &data),
                    "kubectl_line" => fuzz_bodies::kubectl_lines(&mut kubectl_session, &data),
                    "patch" => fuzz_bodies::patch(&data),
                    "jsonpath" => fuzz_bodies::jsonpath(&data),
                    "lesson" => fuzz_bodies::lesson(&data),
                    "share" => fuzz_bodies::share(&data),
                    _ => fuzz_bodies::replay(&data),
                }
                ran += 1;
            }
        }
    }
    assert!(ran > 100, "seed corpora are missing ({ran} inputs)");
}
