use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// The issue's example step, with front matter.
const EXAMPLE: &str = "---
title: Scaling
---
Intro text.

## Scale the Deployment
Run five replicas instead of two.
```kubectl
kubectl scale deployment web --replicas=5
```
```check
kubectl get deployment web -o jsonpath='{.status.readyReplicas}'
equals: 5
```
";

fn error_of(text: &str) -> LessonError {
    parse_lesson(text).expect_err("the lesson is refused")
}

#[test]
fn the_issue_example_parses() {
    let l = parse_lesson(EXAMPLE).unwrap();
    assert_eq!(l.title, "Scaling");
    assert_eq!(l.cluster, ClusterKind::Kind);
    assert_eq!(l.intro, vec![Block::Prose("Intro text.".into())]);
    assert_eq!(l.steps.len(), 1);
    let s = &l.steps[0];
    assert_eq!(s.title, "Scale the Deployment");
    assert_eq!(s.line, 6);
    assert_eq!(s.blocks[0], Block::Prose("Run five replicas instead of two.".into()));
    let cmds = s.commands();
    assert_eq!(cmds.len(), 1);
    assert_eq!(cmds[0].line, "kubectl scale deployment web --replicas=5");
    let checks = s.checks();
    assert_eq!(
        checks,
        vec![&Check {
            command: "kubectl get deployment web -o jsonpath='{.status.readyReplicas}'".into(),
            expect: Expect::Equals("5".into()),
            line: 12,
        }]
    );
}

#[test]
fn front_matter_cluster_and_files() {
    let l = parse_lesson(
        "---\ntitle: T\ncluster: minikube\nfiles:\n  - name: k8s/a.yaml\n    text: |\n      kind: Pod\n      ---\n      kind: Service\n---\n## S\n",
    )
    .unwrap();
    assert_eq!(l.cluster, ClusterKind::Minikube);
    // The `---` inside the block scalar is the file's, not the end of the front matter.
    assert_eq!(
        l.files,
        vec![LessonFile { name: "k8s/a.yaml".into(), text: "kind: Pod\n---\nkind: Service\n".into() }]
    );
    assert_eq!(l.cluster.config().nodes.len(), 1);
    assert_eq!(l.cluster.config().nodes[0].name, "minikube");
}

#[test]
fn fences_details_and_code() {
    let l = parse_lesson(
        "---\ntitle: T\n---\n## S\n````markdown\n```kubectl\nkubectl delete all --all\n```\n````\n```yaml\nkind: Pod\n```\n<details>\n<summary>Solution</summary>\n\n```kubectl\nkubectl get pods\n```\n</details>\n<details><summary>Hint</summary>Use <b>scale</b></details>\n~~~check\nkubectl get pods\ncontains: Running\n~~~\n",
    )
    .unwrap();
    let s = &l.steps[0];
    // A four-backtick fence shows the inner ```kubectl as text: it is not a command.
    assert_eq!(
        s.blocks[0],
        Block::Code { info: "markdown".into(), text: "```kubectl\nkubectl delete all --all\n```".into() }
    );
    assert_eq!(s.blocks[1], Block::Code { info: "yaml".into(), text: "kind: Pod".into() });
    // A kubectl block inside <details> (a hidden solution) is one of the step's commands.
    let Block::Details { summary, blocks } = &s.blocks[2] else { panic!("details: {:?}", s.blocks) };
    assert_eq!(summary, "Solution");
    assert!(matches!(&blocks[0], Block::Kubectl(c) if c[0].line == "kubectl get pods"));
    assert_eq!(s.commands().len(), 1);
    // Raw HTML inside prose stays text for the renderer to show inertly.
    assert_eq!(
        s.blocks[3],
        Block::Details { summary: "Hint".into(), blocks: vec![Block::Prose("Use <b>scale</b>".into())] }
    );
    assert_eq!(s.checks()[0].expect, Expect::Contains("Running".into()));
}

#[test]
fn kubectl_blocks_take_heredocs_and_continuations() {
    let l = parse_lesson("---\ntitle: T\n---\n## S\n```kubectl\nkubectl apply -f - <<EOF\nkind: Namespace\nEOF\nkubectl get \\\n  pods\n```\n").unwrap();
    let c = l.steps[0].commands();
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].line, "kubectl apply -f -");
    assert_eq!(c[0].stdin.as_deref(), Some("kind: Namespace\n"));
    assert_eq!(c[1].line, "kubectl get   pods");
}

#[test]
fn expectations_compare_the_trimmed_output() {
    assert!(Expect::Equals("5".into()).holds("5"));
    assert!(!Expect::Equals("5".into()).holds("50"));
    assert!(Expect::Contains("Running".into()).holds("web-1   1/1   Running   0   5s"));
    assert!(!Expect::Contains("Running".into()).holds("Pending"));
    assert!(Expect::Matches(r"^\d+$".into()).holds("42"));
    assert!(!Expect::Matches(r"^\d+$".into()).holds("4 2"));
    let e = parse_expect("equals:  two spaces  ").unwrap();
    assert_eq!(
        e,
        Expect::Equals(" two spaces".into()),
        "one space separates, trailing whitespace is trimmed"
    );
    assert_eq!(e.to_string(), "equals:  two spaces");
}

#[test]
fn bad_lessons_are_refused_with_the_line() {
    let cases: &[(&str, usize, &str)] = &[
        ("## S\n", 1, "starts with front matter"),
        ("---\ntitle: T\n## S\n", 1, "not closed"),
        ("---\ncluster: kind\n---\n## S\n", 2, "`title`"),
        ("---\ntitle: T\ncolour: red\n---\n## S\n", 2, "unknown field \"colour\""),
        ("---\ntitle: T\ncluster: k3s\n---\n## S\n", 2, "\"k3s\" is not one of kind, minikube"),
        ("---\ntitle: [\n---\n## S\n", 3, "front matter:"),
        ("---\ntitle: T\nfiles:\n  - name: ../x\n    text: a\n---\n## S\n", 2, "is not a file name"),
        ("---\ntitle: T\n---\nno steps here\n", 0, "no steps"),
        ("---\ntitle: T\n---\n```kubectl\nkubectl get pods\n```\n## S\n", 4, "belongs to a step"),
        ("---\ntitle: T\n---\n## S\n```kubectl\nkubectl get pods\n", 5, "not closed: add a closing ``` line"),
        ("---\ntitle: T\n---\n## S\n```kubectl\n```\n", 5, "no commands"),
        ("---\ntitle: T\n---\n## S\n```check\nkubectl get pods\n```\n", 6, "two lines"),
        ("---\ntitle: T\n---\n## S\n```check\nkubectl get pods\nis: 5\n```\n", 7, "unknown check \"is\""),
        (
            "---\ntitle: T\n---\n## S\n```check\nkubectl get pods\nmatches: (a\n```\n",
            7,
            "invalid regular expression",
        ),
        ("---\ntitle: T\n---\n## S\n```check\nkubectl get pods\ncontains:\n```\n", 7, "needs a text"),
        ("---\ntitle: T\n---\n## S\n<details>\ntext\n## T\n", 5, "<details> is not closed"),
        ("---\ntitle: T\n---\n## S\n<details>\n<details>\n", 6, "inside <details>"),
        ("---\ntitle: T\n---\n## S\n</details>\n", 5, "without an opening"),
        ("---\ntitle: T\n---\n##\n", 4, "needs a title"),
    ];
    for (text, line, want) in cases {
        let e = error_of(text);
        assert!(e.message.contains(want), "{text:?}: {e}");
        assert_eq!(e.line, *line, "{text:?}: {e}");
    }
}

#[test]
fn limits_are_enforced() {
    let big = format!("---\ntitle: T\n---\n## S\n{}", "x".repeat(MAX_LESSON_BYTES));
    assert!(error_of(&big).message.contains("too large"));
    let many: String = (0..=MAX_STEPS).map(|i| format!("## S{i}\n")).collect();
    assert!(error_of(&format!("---\ntitle: T\n---\n{many}")).message.contains("more than 100 steps"));
    let long_pattern =
        format!("---\ntitle: T\n---\n## S\n```check\nkubectl get pods\nmatches: {}\n```\n", "a".repeat(2000));
    assert!(error_of(&long_pattern).message.contains("longer than 1024 bytes"));
    // A pattern whose compiled form would be huge is refused, not built.
    let huge = "---\ntitle: T\n---\n## S\n```check\nkubectl get pods\nmatches: ((a{100}){100}){100}\n```\n";
    assert!(error_of(huge).message.contains("invalid regular expression"));
}

/// Hostile text: every prefix of every built-in lesson, and some odd bytes, never panic.
#[test]
fn truncated_and_odd_lessons_never_panic() {
    for l in crate::list_builtin() {
        let text = l.text;
        let mut i = 0;
        while i < text.len() {
            if text.is_char_boundary(i) {
                let _ = parse_lesson(&text[..i]);
            }
            i += 13;
        }
    }
    for odd in [
        "",
        "---",
        "---\n---",
        "---\n---\n##",
        "---\ntitle: T\n---\n## S\n<details><summary></details>",
        "---\ntitle: T\n---\n## S\n<details></summary>x<summary></details>",
        "\u{0}\u{feff}---\n",
        "---\r\ntitle: T\r\n---\r\n## S\r\n",
    ] {
        let _ = parse_lesson(odd);
    }
    // CRLF line ends are read like LF ones.
    assert_eq!(parse_lesson("---\r\ntitle: T\r\n---\r\n## S\r\n").unwrap().steps[0].title, "S");
}
