//! The README's example of a user's own browser test (section "Testing manifests in a headless
//! browser"), kept here so it cannot rot: `wasm-pack test --headless --chrome crates/lesson` runs
//! it in Chromium, and `cargo test -p kubeplay-lesson` natively.

use kubeplay_cluster::ClusterConfig;
use kubeplay_kubectl::{Session, WaitMode};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test_configure!(run_in_browser);

const MANIFEST: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
";

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn web_rolls_out_three_ready_replicas() {
    // kind's shape (a control plane and two workers), seed 1; waiting commands advance the clock.
    let mut kube = Session::new(ClusterConfig::default(), WaitMode::AdvanceClock);

    let out = kube.apply_text(MANIFEST, "web.yaml");
    assert_eq!(out.text, "deployment.apps/web created\n");

    // Virtual time: a minute passes in no real time.
    kube.advance(60_000);

    let out = kube.run("kubectl get deployment web");
    assert_eq!(out.exit_code, 0);
    assert_eq!(
        out.text.lines().nth(1).map(|l| l.split_whitespace().take(4).collect::<Vec<_>>()),
        Some(vec!["web", "3/3", "3", "3"])
    );

    let out = kube.run("kubectl rollout status deployment/web");
    assert_eq!(out.text, "deployment \"web\" successfully rolled out\n");
}
