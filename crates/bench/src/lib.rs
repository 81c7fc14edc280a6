//! Benchmark scenarios as plain functions over the engine, shared by the native timer
//! (`src/main.rs`) and the in-browser timer (`tests/browser.rs`). Each scenario checks its own
//! outcome (panicking with a clear message if the engine got it wrong), so a smoke run proves the
//! benchmarks still measure something real; timing is the caller's business.

use kubeplay_apiserver::{DeleteOptions, PatchType};
use kubeplay_cluster::{Cluster, ClusterConfig};
use kubeplay_model::{Object, ObjectExt};
use serde_json::{json, Value};

/// Virtual-time limit for a rollout to converge (generous: a real cluster would take minutes).
const CONVERGE_LIMIT_MS: i64 = 3_600_000;

/// A cluster with one control-plane node and enough 110-pod workers for `replicas`.
pub fn cluster_for(replicas: i64) -> Cluster {
    let workers = ((replicas + 99) / 100).max(2) as usize;
    Cluster::new(ClusterConfig::with_workers(workers, 110))
}

/// The side-by-side cluster: three nodes like Webernetes' default (kind-like: a tainted control
/// plane and two workers), with the workers' pod capacity raised so `replicas` fit (a kubelet's
/// default of 110 would cap this shape at 220 pods).
pub fn cluster_3_nodes(replicas: i64) -> Cluster {
    let mut cfg = ClusterConfig::default();
    for n in cfg.nodes.iter_mut().filter(|n| !n.control_plane) {
        n.pods = n.pods.max(replicas);
    }
    Cluster::new(cfg)
}

/// The Deployment every scenario uses: busybox running `sleep 3600` (as the Webernetes
/// comparison does).
pub fn busybox_deployment(name: &str, replicas: i64, image: &str) -> Object {
    json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "labels": {"app": name}},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "busybox", "image": image, "command": ["sleep", "3600"]}]}
            }
        }
    })
}

fn deployment(c: &Cluster, name: &str) -> Option<std::sync::Arc<Object>> {
    c.api().get("deployments", "default", name).ok()
}

/// True when the Deployment's rollout is complete: every replica updated and available.
pub fn rollout_complete(c: &Cluster, name: &str, replicas: i64) -> bool {
    deployment(c, name).is_some_and(|d| {
        d.generation() <= d.i64_at("status.observedGeneration").unwrap_or(0)
            && d.i64_at("status.updatedReplicas") == Some(replicas)
            && d.i64_at("status.availableReplicas") == Some(replicas)
            && d.i64_at("status.replicas") == Some(replicas)
    })
}

/// Outcome of a scenario, for the report.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Objects the scenario made the engine handle (pods created, documents parsed…).
    pub objects: u64,
    /// Virtual time the cluster needed, in ms (0 when not meaningful).
    pub virtual_ms: i64,
}

/// Apply a Deployment of `replicas` and advance until all are available.
pub fn apply_until_available(c: &mut Cluster, replicas: i64) -> Outcome {
    let start = c.now();
    c.create(
        "default",
        busybox_deployment("bench", replicas, "busybox:1.36"),
        "kubectl-client-side-apply",
        false,
    )
    .unwrap_or_else(|e| panic!("create deployment: {e}"));
    let done = c.advance_until(CONVERGE_LIMIT_MS, &mut |c| rollout_complete(c, "bench", replicas));
    assert!(done, "deployment of {replicas} did not become available within the virtual hour");
    let pods = c.api().list("pods", Some("default")).len() as i64;
    assert_eq!(pods, replicas, "expected exactly {replicas} pods");
    Outcome { objects: replicas as u64, virtual_ms: c.now().millis() - start.millis() }
}

/// `kubectl set image` on the running `bench` Deployment and advance until the rollout completes
/// and the old ReplicaSet is scaled to zero.
pub fn rolling_update(c: &mut Cluster, replicas: i64) -> Outcome {
    let start = c.now();
    let patch = json!({"spec": {"template": {"spec": {"containers": [{"name": "busybox", "image": "busybox:1.37"}]}}}});
    c.patch("deployments", "default", "bench", PatchType::Strategic, &patch, "kubectl-set", false)
        .unwrap_or_else(|e| panic!("set image: {e}"));
    let done = c.advance_until(CONVERGE_LIMIT_MS, &mut |c| {
        rollout_complete(c, "bench", replicas)
            && c.api()
                .list("pods", Some("default"))
                .iter()
                .all(|p| p.str_at("spec.containers.0.image") == Some("busybox:1.37") && !p.is_deleting())
    });
    assert!(done, "rolling update of {replicas} did not complete within the virtual hour");
    let rss = c.api().list("replicasets", Some("default"));
    assert_eq!(rss.len(), 2, "old and new ReplicaSet");
    assert!(rss.iter().any(|r| r.i64_at("spec.replicas") == Some(0)), "old ReplicaSet scaled to 0");
    Outcome { objects: 2 * replicas as u64, virtual_ms: c.now().millis() - start.millis() }
}

/// Fills the store with `n` bare busybox pods bound round-robin to the workers (`spec.nodeName`
/// set, as a DaemonSet or a manual bind would) and advances until every one is Running. Used for
/// the idle-step scenario: it needs a big store, not a rollout, and this avoids paying for the
/// ReplicaSet and scheduler work of a 10,000-replica rollout just to get there.
pub fn fill_pods(c: &mut Cluster, n: i64) -> Outcome {
    fill_pods_range(c, 0, n)
}

/// `fill_pods` in slices: adds pods `idle-{from}`…`idle-{to - 1}` and advances until `to` pods are
/// Running (the browser benchmark yields to the page between slices).
pub fn fill_pods_range(c: &mut Cluster, from: i64, to: i64) -> Outcome {
    let start = c.now();
    let workers: Vec<String> = c
        .api()
        .list("nodes", None)
        .iter()
        .filter(|node| node.at("spec.taints").and_then(Value::as_array).is_none_or(|t| t.is_empty()))
        .map(|node| node.name().to_string())
        .collect();
    assert!(!workers.is_empty(), "no untainted nodes");
    let n = to;
    for i in from..to {
        let node = &workers[i as usize % workers.len()];
        let pod = json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": format!("idle-{i}"), "labels": {"app": "idle"}},
            "spec": {"nodeName": node, "containers": [{"name": "busybox", "image": "busybox:1.36", "command": ["sleep", "3600"]}]}
        });
        c.create("default", pod, "kubectl-client-side-apply", false)
            .unwrap_or_else(|e| panic!("create pod {i}: {e}"));
    }
    let running = |c: &Cluster| {
        c.api()
            .list("pods", Some("default"))
            .iter()
            .filter(|p| p.str_at("status.phase") == Some("Running"))
            .count() as i64
    };
    let mut waited = 0;
    while running(&*c) < n {
        assert!(waited < CONVERGE_LIMIT_MS, "only {} of {n} pods Running after an hour", running(&*c));
        c.advance(10_000);
        waited += 10_000;
    }
    Outcome { objects: (to - from).max(0) as u64, virtual_ms: c.now().millis() - start.millis() }
}

/// One idle step: advance the clock 100 ms when nothing is due. Returns the work items it ran.
pub fn idle_step(c: &mut Cluster) -> u64 {
    let before = c.stats().items_processed;
    c.advance(100);
    c.stats().items_processed - before
}

/// A multi-document manifest of about `bytes` bytes (Deployments and Services, like a real app).
pub fn big_manifest(bytes: usize) -> String {
    let mut out = String::new();
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(&format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{i}\n  labels:\n    app: app-{i}\n    tier: backend\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: app-{i}\n  template:\n    metadata:\n      labels:\n        app: app-{i}\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n        ports:\n        - containerPort: 80\n          name: http\n        env:\n        - name: MODE\n          value: \"production\"\n        resources:\n          requests:\n            cpu: 100m\n            memory: 64Mi\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: app-{i}\nspec:\n  selector:\n    app: app-{i}\n  ports:\n  - port: 80\n    targetPort: http\n---\n"
        ));
        i += 1;
    }
    out
}

/// Parse, strictly decode and server-validate (dry run) every document of a manifest.
pub fn parse_and_validate(c: &mut Cluster, text: &str) -> Outcome {
    let (docs, diags) = kubeplay_yaml::parse_documents(text);
    assert!(diags.is_empty(), "unexpected diagnostics: {:?}", diags.first());
    let mut n = 0;
    for d in &docs {
        let strict = kubeplay_yaml::strict_check(d);
        assert!(strict.is_empty(), "unexpected strict-decoding errors: {:?}", strict.first());
        c.create("default", d.value.clone(), "kubectl-client-side-apply", true)
            .unwrap_or_else(|e| panic!("dry-run create: {e}"));
        n += 1;
    }
    assert!(n > 0, "no documents");
    Outcome { objects: n, virtual_ms: 0 }
}

/// What the editor runs on every keystroke: parse every document and strictly check its fields
/// (no API server). Returns the number of documents; panics on any diagnostic.
pub fn parse_and_check(text: &str) -> u64 {
    let (docs, diags) = kubeplay_yaml::parse_documents(text);
    assert!(diags.is_empty(), "unexpected diagnostics: {:?}", diags.first());
    for d in &docs {
        let strict = kubeplay_yaml::strict_check(d);
        assert!(strict.is_empty(), "unexpected strict-decoding errors: {:?}", strict.first());
    }
    docs.len() as u64
}

/// The editor's incremental diagnostics: a warm [`kubeplay_yaml::DiagnosticsCache`] over a
/// manifest, then one character of one document changed per keystroke and the whole text
/// re-diagnosed (only the changed document is parsed again).
pub struct EditSession {
    cache: kubeplay_yaml::DiagnosticsCache,
    text: String,
    /// Byte offsets of the digits the edits change (each Deployment's `replicas` and image tag),
    /// cycled through in order so successive edits land in different documents.
    positions: Vec<usize>,
    next: usize,
}

impl EditSession {
    /// Diagnoses `text` once, warming the cache.
    pub fn new(text: &str) -> Self {
        let mut cache = kubeplay_yaml::DiagnosticsCache::new();
        let documents = cache.diagnose(text).documents.len();
        assert!(documents > 0, "no documents");
        let mut positions = Vec::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let body = line.trim_end();
            let editable = body.starts_with("  replicas: ") || body.starts_with("        image: nginx:");
            if editable && body.ends_with(|c: char| c.is_ascii_digit()) {
                positions.push(offset + body.len() - 1);
            }
            offset += line.len();
        }
        assert!(!positions.is_empty(), "nothing to edit");
        // Spread consecutive edits over the manifest: a stride coprime with the count visits each
        // position once per cycle.
        let gcd = |mut a: usize, mut b: usize| {
            while b != 0 {
                (a, b) = (b, a % b);
            }
            a
        };
        let mut stride = (positions.len() / 3).max(1);
        while gcd(stride, positions.len()) != 1 {
            stride += 1;
        }
        let ordered = (0..positions.len()).map(|k| positions[(k * stride) % positions.len()]).collect();
        EditSession { cache, text: text.to_string(), positions: ordered, next: 0 }
    }

    /// Changes the next digit (`3` → `4`, `9` → `0`) and re-diagnoses the whole text. Returns the
    /// number of documents; panics on any diagnostic or if more than one document was re-parsed.
    pub fn edit_and_check(&mut self) -> u64 {
        let at = self.positions[self.next % self.positions.len()];
        self.next += 1;
        let digit = self.text.as_bytes()[at];
        let changed = if digit == b'9' { '0' } else { char::from(digit + 1) };
        self.text.replace_range(at..at + 1, changed.encode_utf8(&mut [0; 4]));
        let r = self.cache.diagnose(&self.text);
        assert!(r.diagnostics.is_empty(), "unexpected diagnostics: {:?}", r.diagnostics.first());
        assert_eq!(r.reparsed, 1, "one edited document, one parse");
        r.documents.len() as u64
    }

    /// The cached result of the current text equals a full parse + strict check of it.
    pub fn check_against_full_parse(&mut self) {
        let (docs, mut diags) = kubeplay_yaml::parse_documents(&self.text);
        for d in &docs {
            diags.extend(kubeplay_yaml::strict_check(d));
        }
        let r = self.cache.diagnose(&self.text);
        assert_eq!(r.reparsed, 0, "an unchanged text is all reused");
        assert!(r.documents.iter().copied().eq(docs.iter()), "cached documents differ from a full parse");
        assert!(r.diagnostics.is_empty() && diags.is_empty(), "unexpected diagnostics");
    }
}

/// Delete the bench Deployment (used between repeated runs of the same cluster).
pub fn delete_bench(c: &mut Cluster) {
    let _ = c.delete("deployments", "default", "bench", &DeleteOptions::default());
    c.advance_until(CONVERGE_LIMIT_MS, &mut |c| c.api().list("pods", Some("default")).is_empty());
}

/// A JSON summary line of a cluster, for determinism checks across targets.
pub fn fingerprint(c: &Cluster) -> Value {
    let pods = c.api().list("pods", None);
    let events = c.api().list("events", None);
    let names: Vec<&str> = pods.iter().map(|p| p.name()).collect();
    json!({"rv": c.api().resource_version(), "now": c.now().millis(), "pods": names, "events": events.len()})
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn edit_session_reparses_one_document_and_matches_a_full_parse() {
        let text = big_manifest(10 * 1024);
        let docs = parse_and_check(&text);
        let mut s = EditSession::new(&text);
        for i in 0..60 {
            assert_eq!(s.edit_and_check(), docs);
            if i % 10 == 9 {
                s.check_against_full_parse();
            }
        }
        // Every position is visited once per cycle: 60 edits over fewer positions wrapped around.
        assert!(
            s.positions.len() < 60
                && s.positions.iter().collect::<std::collections::BTreeSet<_>>().len() == s.positions.len()
        );
    }
}
