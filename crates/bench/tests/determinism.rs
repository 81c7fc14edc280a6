//! The cluster is a function of (seed, config, timestamped actions): one scenario, run natively
//! and in headless Chromium, must produce byte-identical objects and events. Both targets
//! compare against the same recorded digest (`determinism.golden`), so a pass on both means the
//! two runs agree. Regenerate natively with `UPDATE_GOLDEN=1 cargo test -p kubeplay-bench --test determinism`
//! after an intended engine change.

use kubeplay_apiserver::{DeleteOptions, PatchType};
use kubeplay_bench as b;
use kubeplay_cluster::{Cluster, ClusterConfig};
use kubeplay_model::ObjectExt;
use serde_json::json;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const GOLDEN: &str = include_str!("determinism.golden");

/// Everything observable: every object of every resource, in store order, serialised.
fn dump(c: &Cluster) -> String {
    let mut out = String::new();
    for r in kubeplay_model::RESOURCES {
        for o in c.api().list(r.plural, None) {
            out.push_str(&o.to_string());
            out.push('\n');
        }
    }
    out.push_str(&format!("now={} rv={}\n", c.now().millis(), c.api().resource_version()));
    out
}

fn fnv1a64(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

fn scenario() -> String {
    let mut c = Cluster::new(ClusterConfig { seed: 42, ..ClusterConfig::default() });
    c.create("default", b::busybox_deployment("web", 5, "busybox:1.36"), "kubectl-client-side-apply", false)
        .expect("create");
    c.advance(60_000);
    let patch = json!({"spec": {"template": {"spec": {"containers": [{"name": "busybox", "image": "busybox:1.37"}]}}}});
    c.patch("deployments", "default", "web", PatchType::Strategic, &patch, "kubectl-set", false)
        .expect("set image");
    c.advance_until(600_000, &mut |c| b::rollout_complete(c, "web", 5));
    let victim = c.api().list("pods", Some("default")).first().map(|p| p.name().to_string()).expect("a pod");
    c.delete("pods", "default", &victim, &DeleteOptions::default()).expect("delete pod");
    c.advance(45_000);
    let d = dump(&c);
    format!("{:016x} {} bytes\n", fnv1a64(&d), d.len())
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn same_inputs_same_cluster_on_every_target() {
    let first = scenario();
    assert_eq!(first, scenario(), "two runs in one process differ");
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/determinism.golden"), &first)
            .expect("write golden");
        return;
    }
    assert_eq!(first, GOLDEN, "digest differs from the recorded one (native and wasm must both match it)");
}
