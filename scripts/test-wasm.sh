#!/usr/bin/env bash
# The engine crates' tests and the UI's browser unit tests, compiled to wasm32 and run in
# headless Chromium by wasm-bindgen-test-runner (the cargo runner set in scripts/env.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
cargo test --locked --target wasm32-unknown-unknown \
  -p kubeplay-model -p kubeplay-yaml -p kubeplay-schema -p kubeplay-apiserver -p kubeplay-controllers \
  -p kubeplay-node -p kubeplay-cluster -p kubeplay-kubectl -p kubeplay-view -p kubeplay-share -p kubeplay-bench -p kubeplay-web
# The lesson crate through wasm-pack, the path the README documents for users' own browser tests
# (its tests include that README example), so it cannot rot. `--mode no-install`: never download.
wasm-pack test --headless --chrome --mode no-install crates/lesson
