#!/usr/bin/env bash
# Benchmarks. `scripts/bench.sh` runs everything and prints each number against its budget;
# `scripts/bench.sh --smoke` runs each scenario once at small sizes (they check their own
# outcomes; time is not judged) so the benchmarks cannot rot. Results land in bench-results/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
MODE="${1:-full}"
mkdir -p bench-results

echo "== engine, native =="
if [ "$MODE" = "--smoke" ]; then
  cargo run --locked -q --profile native -p kubeplay-bench -- --smoke
else
  cargo run --locked -q --profile native -p kubeplay-bench -- --json bench-results/native.json
fi

echo "== engine in wasm, headless Chromium =="
if [ "$MODE" = "--smoke" ]; then
  cargo test --locked -q --target wasm32-unknown-unknown -p kubeplay-bench --test browser -- --nocapture 2>&1 | grep -E 'BENCH|test result' || true
else
  KUBEPLAY_BENCH_FULL=1 cargo test --locked -q --release --target wasm32-unknown-unknown -p kubeplay-bench --test browser -- --nocapture 2>&1 \
    | tee bench-results/wasm.txt | grep -E 'BENCH|test result'
fi

if [ -f bench/side-by-side.mjs ]; then
  echo "== side by side with Webernetes (Node) =="
  node bench/side-by-side.mjs ${MODE/full/}
fi
if [ -f bench/page.mjs ] && [ -d dist ]; then
  echo "== page (playwright-core + Chromium on dist/) =="
  node bench/page.mjs ${MODE/full/}
fi
