//! Crate-level tests: expectations from kubectl 1.33 (run offline as an oracle) and the v1.33 server.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

/// (input, kubectl 1.33's text after `error converting YAML to JSON: `), from
/// `kubectl.1.33 create -f t.yaml --dry-run=client`.
const SYNTAX_CASES: &[(&str, &str)] = &[
    ("a:\n  b: 1\n c: 2\n", "yaml: line 2: did not find expected key"),
    ("a:\n\tb: 1\n", "yaml: line 2: found character that cannot start any token"),
    ("a: [1, 2\n", "yaml: line 1: did not find expected ',' or ']'"),
    ("a: \"x\n", "yaml: line 2: found unexpected end of stream"),
    ("a:\n  - b\n  c: d\n", "yaml: line 2: did not find expected '-' indicator"),
    ("a: b\n- c\n", "yaml: line 1: did not find expected key"),
    ("a: *x\n", "yaml: unknown anchor 'x' referenced"),
    ("a: &x [*x]\n", "yaml: anchor 'x' value contains itself"),
    ("a: 1\n  b: 2\n", "yaml: line 2: mapping values are not allowed in this context"),
    ("a: 'x\n", "yaml: line 2: found unexpected end of stream"),
    ("a: {b: 1\n", "yaml: line 1: did not find expected ',' or '}'"),
    ("a: !!int x\n", "yaml: cannot decode !!str `x` as a !!int"),
    ("a: b: c\n", "yaml: mapping values are not allowed in this context"),
    ("key: value\n\tother: x\n", "yaml: line 2: found a tab character that violates indentation"),
    ("a:\n  b: 1\n   c: 2\n", "yaml: line 3: mapping values are not allowed in this context"),
    (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  bad: a: b\n",
        "yaml: line 5: mapping values are not allowed in this context",
    ),
    ("a: @x\n", "yaml: found character that cannot start any token"),
    ("a: `x\n", "yaml: found character that cannot start any token"),
    ("@a: 1\n", "yaml: found character that cannot start any token"),
    ("a: [1, 2]]\n", "yaml: did not find expected key"),
    ("a: 'x'y\n", "yaml: did not find expected key"),
    ("a:\n- b\n c: d\n", "yaml: line 3: mapping values are not allowed in this context"),
    ("a: |\n  x\n\ty\n", "yaml: line 3: found a tab character where an indentation space is expected"),
    ("a:\n  b:\n    c: 1\n   d: 2\n", "yaml: line 3: did not find expected key"),
    ("a: \"\\q\"\n", "yaml: found unknown escape character"),
    ("a: b #c\nd\n", "yaml: line 3: could not find expected ':'"),
    ("a:\n  - b: 1\n   c: 2\n", "yaml: line 2: did not find expected '-' indicator"),
    ("x: 1\ny: 2\n  z: 3\n", "yaml: line 3: mapping values are not allowed in this context"),
    (
        "apiVersion: v1\nkind: Pod\nmetadata:\n name: a\n  labels: {}\n",
        "yaml: line 5: mapping values are not allowed in this context",
    ),
    ("a: 'it''s'\nb: c: d\n", "yaml: line 2: mapping values are not allowed in this context"),
    ("- a\n-b\n", "yaml: line 3: could not find expected ':'"),
    ("a: -\n", "yaml: block sequence entries are not allowed in this context"),
    ("a: *\n", "yaml: did not find expected alphabetic or numeric character"),
    ("a: &\n", "yaml: did not find expected alphabetic or numeric character"),
    ("%YAML 1.1\n---\na: 1\n", "yaml: line 1: did not find expected <document start>"),
    ("a: [\n", "yaml: line 1: did not find expected node content"),
    ("a: {\n", "yaml: line 1: did not find expected node content"),
    ("a: |0\n  x\n", "yaml: found an indentation indicator equal to 0"),
];

#[test]
fn syntax_errors_match_kubectl() {
    for (input, want) in SYNTAX_CASES {
        let (_, diags) = parse_documents(input);
        assert_eq!(diags.len(), 1, "{input:?}: {diags:?}");
        assert_eq!(diags[0].kubectl_detail.as_deref(), Some(*want), "{input:?}");
        assert_eq!(diags[0].severity, Severity::Error);
    }
}

#[test]
fn syntax_error_positions_point_at_the_problem() {
    let pos = |input: &str| parse_documents(input).1[0].pos;
    // The colon of the second mapping value on the line.
    assert_eq!(
        pos("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  bad: a: b\n"),
        Pos { line: 5, col: 9 }
    );
    // The badly indented key.
    assert_eq!(pos("a:\n  b: 1\n c: 2\n"), Pos { line: 3, col: 2 });
    // The tab.
    assert_eq!(pos("a:\n\tb: 1\n"), Pos { line: 2, col: 1 });
    assert_eq!(pos("key: value\n\tother: x\n"), Pos { line: 2, col: 1 });
}

#[test]
fn kubectl_parse_error_line() {
    let (_, diags) = parse_documents("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  bad: a: b\n");
    assert_eq!(
        kubectl_parse_error("a.yaml", &diags[0]),
        "error: error parsing a.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context"
    );
    let (_, diags) = parse_documents("a: .nan\n");
    assert_eq!(
        kubectl_parse_error("t.yaml", &diags[0]),
        "error: error parsing t.yaml: error converting YAML to JSON: json: unsupported value: NaN"
    );
    let (_, diags) = parse_documents("a: .inf\n");
    assert_eq!(diags[0].kubectl_detail.as_deref(), Some("json: unsupported value: +Inf"));
}

#[test]
fn multi_document_lines_are_relative_to_the_document() {
    // kubectl's YAMLReader splits at `---` lines and go-yaml counts lines within the document.
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n  bad: a: b\n";
    let (docs, diags) = parse_documents(text);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].start_line, 1);
    assert_eq!(docs[0].end_line, 4);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].doc_index, 1);
    assert_eq!(diags[0].pos, Pos { line: 10, col: 9 });
    assert_eq!(
        diags[0].kubectl_detail.as_deref(),
        Some("yaml: line 5: mapping values are not allowed in this context")
    );
}

#[test]
fn documents_and_spans() {
    let text = "# leading comment\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app.kubernetes.io/name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\n        ports:\n        - containerPort: 80\n---\n---\n# only a comment\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n";
    let (docs, diags) = parse_documents(text);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(docs.len(), 2);
    let d = &docs[0];
    assert_eq!(d.value["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"], 80);
    assert_eq!(
        d.spans.get("spec.template.spec.containers[0].ports[0].containerPort"),
        Some(Pos { line: 16, col: 26 })
    );
    assert_eq!(
        d.spans.key("spec.template.spec.containers[0].ports[0].containerPort"),
        Some(Pos { line: 16, col: 11 })
    );
    assert_eq!(d.spans.get("spec.template.spec.containers[0]"), Some(Pos { line: 13, col: 9 }));
    assert_eq!(d.spans.key("metadata.labels[app.kubernetes.io/name]"), Some(Pos { line: 8, col: 5 }));
    assert_eq!(
        d.spans.nearest("spec.template.spec.containers[0].resources.limits"),
        Some(Pos { line: 13, col: 9 })
    );
    assert_eq!(d.spans.nearest("status.replicas"), Some(Pos { line: 3, col: 1 }));
    assert_eq!(docs[1].start_line, 21);
    assert_eq!(docs[1].spans.get("metadata.name"), Some(Pos { line: 23, col: 18 }));
}

#[test]
fn yaml11_values_as_kubectl_reads_them() {
    let (docs, diags) = parse_documents(
        "a: yes\nb: No\nc: on\nd: 'yes'\ne: 0x1F\nf: 0755\ng: 1_000\nh: ~\ni: 1.0\nj: 1.5\nk: 2001-12-14\nl: \"80\"\ny: x\n",
    );
    assert!(diags.is_empty());
    let v = &docs[0].value;
    assert_eq!(v["a"], true);
    assert_eq!(v["b"], false);
    assert_eq!(v["c"], true);
    assert_eq!(v["d"], "yes");
    assert_eq!(v["e"], 31);
    assert_eq!(v["f"], 493);
    assert_eq!(v["g"], 1000);
    assert!(v["h"].is_null());
    assert_eq!(v["i"], 1);
    assert_eq!(v["j"], 1.5);
    assert_eq!(v["k"], "2001-12-14");
    assert_eq!(v["l"], "80");
    // `y` as a key is the boolean true, which sigs.k8s.io/yaml writes as the key "true".
    assert_eq!(v["true"], "x");
}

#[test]
fn duplicate_keys_warn_and_the_last_wins() {
    // kubectl 1.33 accepts duplicates (go-yaml v2, non-strict): the later value is used.
    let (docs, diags) = parse_documents("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: y\n");
    assert_eq!(docs[0].value["metadata"]["name"], true);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].severity, Severity::Warning);
    assert_eq!(diags[0].message, "mapping key \"name\" already defined at line 4");
    assert_eq!(diags[0].pos, Pos { line: 5, col: 3 });
}

#[test]
fn anchors_aliases_and_merge_keys() {
    let (docs, diags) = parse_documents("base: &b {p: 1, q: 2}\nuse:\n  <<: *b\n  q: 3\nlist: [*b]\n");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(docs[0].value["use"], serde_json::json!({"p": 1, "q": 3}));
    assert_eq!(docs[0].value["list"][0], serde_json::json!({"p": 1, "q": 2}));
}

#[test]
fn billion_laughs_is_refused() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let (docs, diags) = parse_documents(&text);
    assert!(docs.is_empty());
    assert_eq!(diags[0].message, "document contains excessive aliasing");
}

#[test]
fn limits_give_diagnostics() {
    let deep = format!("{}1{}", "[".repeat(MAX_DEPTH + 10), "]".repeat(MAX_DEPTH + 10));
    let (docs, diags) = parse_documents(&deep);
    assert!(docs.is_empty());
    assert_eq!(diags.len(), 1);
    let big = "a: b\n".repeat(MAX_TEXT_BYTES / 5 + 1);
    let (docs, diags) = parse_documents(&big);
    assert!(docs.is_empty());
    assert!(diags[0].message.starts_with("the manifest is too large"));
}

#[test]
fn never_panics_on_garbage() {
    for input in [
        "",
        "\n",
        "---",
        "--- foo",
        "...",
        "- a\n- b",
        "\"x",
        "{",
        "[",
        "&a",
        "*",
        "!",
        "? a",
        ": b",
        "\t",
        "\u{feff}a: 1",
        "a: |\n",
        "a: >-\n  b\n",
        "\u{0}",
    ] {
        let _ = parse_documents(input);
    }
    let (_, diags) = parse_documents("--- foo\na: 1\n");
    assert_eq!(diags[0].message, "invalid Yaml document separator: foo");
}

/// Golden files are compiled in (not read at run time) so these tests also run in the browser.
fn testdata(name: &str) -> String {
    let text = match name {
        "configmap_files.kubectl.yaml" => include_str!("../testdata/configmap_files.kubectl.yaml"),
        "configmap_literals.json" => include_str!("../testdata/configmap_literals.json"),
        "configmap_literals.kubectl.json" => include_str!("../testdata/configmap_literals.kubectl.json"),
        "configmap_literals.kubectl.yaml" => include_str!("../testdata/configmap_literals.kubectl.yaml"),
        "configmap_literals.sorted.json" => include_str!("../testdata/configmap_literals.sorted.json"),
        "cronjob.kubectl.yaml" => include_str!("../testdata/cronjob.kubectl.yaml"),
        "deployment.kubectl.json" => include_str!("../testdata/deployment.kubectl.json"),
        "deployment.kubectl.yaml" => include_str!("../testdata/deployment.kubectl.yaml"),
        "deployment.sorted.json" => include_str!("../testdata/deployment.sorted.json"),
        "get_mixed.kubectl.json" => include_str!("../testdata/get_mixed.kubectl.json"),
        "get_mixed.kubectl.yaml" => include_str!("../testdata/get_mixed.kubectl.yaml"),
        "get_mixed.served.json" => include_str!("../testdata/get_mixed.served.json"),
        "ingress.kubectl.yaml" => include_str!("../testdata/ingress.kubectl.yaml"),
        "job.kubectl.yaml" => include_str!("../testdata/job.kubectl.yaml"),
        "pdb.kubectl.yaml" => include_str!("../testdata/pdb.kubectl.yaml"),
        "quota.kubectl.yaml" => include_str!("../testdata/quota.kubectl.yaml"),
        "secret.kubectl.yaml" => include_str!("../testdata/secret.kubectl.yaml"),
        "service.kubectl.yaml" => include_str!("../testdata/service.kubectl.yaml"),
        _ => panic!("unknown testdata file {name}"),
    };
    text.to_string()
}

#[test]
fn to_yaml_matches_kubectl_golden_files() {
    for name in [
        "deployment",
        "service",
        "secret",
        "configmap_literals",
        "configmap_files",
        "cronjob",
        "ingress",
        "quota",
        "pdb",
        "job",
    ] {
        // U+2028 is a line break to go-yaml (YAML 1.1) but not to saphyr (YAML 1.2), so that one
        // value does not survive the round trip; to_yaml_from_values covers its output.
        let want: String = testdata(&format!("{name}.kubectl.yaml"))
            .split_inclusive('\n')
            .filter(|l| !l.contains('\u{2028}'))
            .collect();
        assert!(!want.is_empty(), "{name}");
        let (docs, diags) = parse_documents(&want);
        assert!(diags.is_empty(), "{name}: {diags:?}");
        assert_eq!(to_yaml(&docs[0].value), want, "{name}");
    }
}

#[test]
fn to_yaml_from_values_matches_kubectl() {
    // The same ConfigMap built from the literal strings rather than parsed back.
    let vals: Vec<String> = serde_json::from_str(&testdata("configmap_literals.json")).unwrap_or_default();
    assert!(vals.len() > 100);
    let mut data = serde_json::Map::new();
    for (i, v) in vals.iter().enumerate() {
        data.insert(format!("k{i:03}"), serde_json::Value::String(v.clone()));
    }
    let cm = serde_json::json!({"apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "x", "creationTimestamp": null}, "data": data});
    let want = testdata("configmap_literals.kubectl.yaml");
    let got = to_yaml(&cm);
    for (g, w) in got.lines().zip(want.lines()) {
        assert_eq!(g, w);
    }
    assert_eq!(got, want);
}

#[test]
fn to_json_matches_kubectl_golden_files() {
    for name in ["deployment", "configmap_literals"] {
        let want = testdata(&format!("{name}.sorted.json"));
        let v: serde_json::Value =
            serde_json::from_str(&testdata(&format!("{name}.kubectl.json"))).unwrap_or_default();
        assert_eq!(to_json(&v), want, "{name}");
    }
}

#[test]
fn to_yaml_shapes() {
    let v = serde_json::json!({"a": [[1, 2], {"b": []}], "c": {}, "d": null, "e": 1.5, "f": 1e6, "g": [], "h": "x"});
    assert_eq!(to_yaml(&v), "a:\n- - 1\n  - 2\n- b: []\nc: {}\nd: null\ne: 1.5\nf: 1e+06\ng: []\nh: x\n");
    assert_eq!(to_yaml(&serde_json::json!({})), "{}\n");
    assert_eq!(to_yaml(&serde_json::json!(["a", {"k": "v", "l": [1]}])), "- a\n- k: v\n  l:\n  - 1\n");
}

const KUBECTL_CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n";

#[test]
fn kubectl_client_validation_messages() {
    // `kubectl.1.33 create -f x.yaml --dry-run=client`.
    let cases = [
        ("apiVersion: v1\nmetadata:\n  name: x\n", "kind not set"),
        ("metadata:\n  name: x\n", "[apiVersion not set, kind not set]"),
        ("kind: ConfigMap\nmetadata:\n  name: x\n", "apiVersion not set"),
        (
            "kind: 3\napiVersion: 4\nmetadata:\n  name: x\n",
            "[apiVersion isn't string type, kind isn't string type]",
        ),
        ("kind: Pod\napiVersion: a/b/c\n", "unexpected GroupVersion string: a/b/c"),
        ("[1, 2]\n", "invalid object to validate"),
    ];
    for (input, want) in cases {
        let (docs, _) = parse_documents(input);
        assert_eq!(
            kubectl_validate_error("x.yaml", &docs[0]).as_deref(),
            Some(format!("error: error validating \"x.yaml\": error validating data: {want}; if you choose to ignore these errors, turn validation off with --validate=false").as_str())
        );
    }
    let (docs, _) = parse_documents(KUBECTL_CM);
    assert_eq!(kubectl_validate_error("x.yaml", &docs[0]), None);
    let diags = strict_check(&parse_documents("apiVersion: v1\nmetadata:\n  name: x\n").0[0]);
    assert_eq!(diags[0].message, "kind not set");
    assert_eq!(diags[0].pos, Pos { line: 1, col: 1 });
}

fn decode(text: &str) -> (Option<String>, Vec<Diagnostic>) {
    let (docs, diags) = parse_documents(text);
    assert!(diags.is_empty(), "{diags:?}");
    (server_decode_error(&docs[0]), strict_check(&docs[0]))
}

const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\n        ports:\n        - containerPort: 80\n";

#[test]
fn clean_deployment_decodes() {
    let (err, diags) = decode(DEPLOY);
    assert_eq!(err, None);
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn wrong_types_as_the_server_reports_them() {
    let (err, diags) = decode(&DEPLOY.replace("replicas: 3", "replicas: three"));
    assert_eq!(
        err.as_deref(),
        Some("Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32")
    );
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].pos, Pos { line: 6, col: 13 });
    assert_eq!(diags[0].path.as_deref(), Some("spec.replicas"));
    let (err, _) = decode(&DEPLOY.replace("replicas: 3", "replicas: \"3\""));
    assert!(err.unwrap_or_default().ends_with(
        "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"
    ));
    let (err, diags) = decode(&DEPLOY.replace("containerPort: 80", "containerPort: \"80\""));
    assert!(err.unwrap_or_default().ends_with("json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32"));
    assert_eq!(diags[0].pos, Pos { line: 19, col: 26 });
}

#[test]
fn unknown_fields_as_the_server_reports_them() {
    let text = DEPLOY
        .replace("replicas: 3", "replica: 3")
        .replace("image: nginx", "image: nginx\n        imagePullPolice: Always");
    let (err, diags) = decode(&text);
    assert_eq!(
        err.as_deref(),
        Some("Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.replica\", unknown field \"spec.template.spec.containers[0].imagePullPolice\"")
    );
    assert_eq!(diags.len(), 2);
    assert_eq!(diags[0].message, "unknown field \"spec.replica\"");
    assert_eq!(diags[0].pos, Pos { line: 6, col: 3 });
    assert_eq!(diags[1].pos, Pos { line: 18, col: 9 });
    // A type error wins over unknown fields.
    let (err, _) = decode(&text.replace("containerPort: 80", "containerPort: true"));
    assert!(err.unwrap_or_default().ends_with("json: cannot unmarshal bool into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32"));
}

#[test]
fn quantities_and_int_or_string() {
    let text = DEPLOY.replace(
        "image: nginx",
        "image: nginx\n        resources:\n          limits:\n            cpu: lots",
    );
    let (err, _) = decode(&text);
    assert_eq!(
        err.as_deref(),
        Some("Deployment in version \"v1\" cannot be handled as a Deployment: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
    );
    let (err, _) = decode(&DEPLOY.replace(
        "image: nginx",
        "image: nginx\n        resources:\n          limits:\n            cpu: 1\n            memory: 128Mi",
    ));
    assert_eq!(err, None);
    let svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n    targetPort: http\n  - port: 81\n    targetPort: 8081\n";
    assert_eq!(decode(svc).0, None);
    let (err, _) = decode(&svc.replace("targetPort: 8081", "targetPort: true"));
    assert_eq!(err.as_deref(), Some("Service in version \"v1\" cannot be handled as a Service: json: cannot unmarshal bool into Go value of type int32"));
}

#[test]
fn secret_data_must_be_base64() {
    let (err, _) = decode("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  a: cGFzcw==\n");
    assert_eq!(err, None);
    let (err, _) = decode("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  a: pa$s\n");
    assert_eq!(
        err.as_deref(),
        Some("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 2")
    );
}

#[test]
fn unknown_kind_is_flagged_for_the_editor() {
    let (err, diags) = decode("apiVersion: v1\nkind: Deploymnet\nmetadata:\n  name: x\n");
    assert_eq!(err, None);
    assert_eq!(diags[0].message, "no matches for kind \"Deploymnet\" in version \"v1\"");
    assert_eq!(diags[0].pos, Pos { line: 2, col: 7 });
}

#[test]
fn large_manifest_parses_and_checks() {
    // ~100 KB of Deployments: parse + strict check must simply complete (budgets live in benchmarks).
    let mut text = String::new();
    while text.len() < 100 * 1024 {
        text.push_str(DEPLOY);
        text.push_str("---\n");
    }
    let (docs, diags) = parse_documents(&text);
    assert!(diags.is_empty());
    assert!(docs.len() > 200);
    for d in &docs {
        assert!(strict_check(d).is_empty());
    }
}

#[test]
fn list_items_are_checked_one_by_one() {
    let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n  dta: {}\n";
    let (docs, _) = parse_documents(text);
    let diags = strict_check(&docs[0]);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].message, "unknown field \"dta\"");
    assert_eq!(diags[0].path.as_deref(), Some("items[0].dta"));
    assert_eq!(diags[0].pos, Pos { line: 8, col: 3 });
}

#[test]
fn get_output_matches_kubectl() {
    // An object served by a stand-in API server and printed by the real `kubectl.1.33 get -o yaml`
    // and `-o json` (which hide metadata.managedFields): strings needing quotes, escapes, emoji,
    // folding, block scalars, nested and empty collections, and Go's number formatting.
    let mut v: serde_json::Value =
        serde_json::from_str(&testdata("get_mixed.served.json")).unwrap_or_default();
    if let Some(m) = v.get_mut("metadata").and_then(|m| m.as_object_mut()) {
        m.remove("managedFields");
    }
    assert_eq!(to_yaml(&v), testdata("get_mixed.kubectl.yaml"));
    assert_eq!(to_json(&v), testdata("get_mixed.kubectl.json"));
}

#[test]
fn ranges_and_path_at_cursor() {
    let (docs, _) = parse_documents(DEPLOY);
    let s = &docs[0].spans;
    // `        image: nginx` on line 17.
    assert_eq!(
        s.key_range("spec.template.spec.containers[0].image"),
        Some((Pos { line: 17, col: 9 }, Pos { line: 17, col: 14 }))
    );
    assert_eq!(
        s.range("spec.template.spec.containers[0].image"),
        Some((Pos { line: 17, col: 16 }, Pos { line: 17, col: 21 }))
    );
    assert_eq!(s.path_at(Pos { line: 17, col: 11 }), Some("spec.template.spec.containers[0].image"));
    assert_eq!(s.path_at(Pos { line: 17, col: 18 }), Some("spec.template.spec.containers[0].image"));
    assert_eq!(s.path_at(Pos { line: 6, col: 5 }), Some("spec.replicas"));
    let (err_docs, _) = parse_documents(&DEPLOY.replace("replicas: 3", "replicas: three"));
    let d = &strict_check(&err_docs[0])[0];
    assert_eq!((d.pos, d.end), (Pos { line: 6, col: 13 }, Some(Pos { line: 6, col: 18 })));
}

#[test]
fn schema_field_for_hover() {
    let (docs, _) = parse_documents(DEPLOY);
    let f = schema_field(&docs[0], "spec.template.spec.containers[0].ports[0].containerPort");
    assert_eq!(f.map(|f| f.name), Some("containerPort"));
    assert_eq!(schema_field(&docs[0], "spec.template.metadata.labels[app]").map(|f| f.name), Some("labels"));
    assert!(schema_field(&docs[0], "spec.replica").is_none());
    assert_eq!(schema_object_type(&docs[0], ""), Some("io.k8s.api.apps.v1.Deployment"));
    assert_eq!(
        schema_object_type(&docs[0], "spec.template.spec.containers[0]"),
        Some("io.k8s.api.core.v1.Container")
    );
    assert_eq!(schema_object_type(&docs[0], "spec.replicas"), None);
}

#[test]
fn crlf_and_bom_input() {
    let text = "\u{feff}apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: x\r\ndata:\r\n  k: |\r\n    a\r\n    b\r\n---\r\napiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: y\r\n";
    let (docs, diags) = parse_documents(text);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].value["data"]["k"], "a\nb\n");
    assert_eq!(docs[1].spans.get("metadata.name"), Some(Pos { line: 13, col: 9 }));
}

#[test]
fn tab_after_colon_is_accepted_like_kubectl() {
    // kubectl 1.33 reads `a:<TAB>b` as {a: b}.
    let (docs, diags) = parse_documents("a:\tb\nc: d\t# comment\n");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(docs[0].value, serde_json::json!({"a": "b", "c": "d"}));
    assert_eq!(docs[0].spans.get("a"), Some(Pos { line: 1, col: 4 }));
}
