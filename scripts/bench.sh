#!/usr/bin/env bash
# Benchmarks. `scripts/bench.sh` (= `make bench`) runs everything and prints each number against
# its budget; `scripts/bench.sh --smoke` runs each scenario once at small sizes (they check their
# own outcomes; time is not judged, a missed budget never fails it) so the benchmarks cannot rot.
# Results land in bench-results/. See BENCHMARKS.md for what each number means.
#
# Steps: engine native (kubeplay-bench) → engine in wasm in headless Chromium (tests/browser.rs)
# → side by side with Webernetes in Node (bench/side-by-side.mjs) → page (bench/page.mjs, needs
# dist/ from scripts/build-web.sh; skipped with a message when dist/ is absent).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
MODE=full
[ "${1:-}" = "--smoke" ] && MODE=smoke
mkdir -p bench-results
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
status=0

echo "== machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"

echo "== engine, native (cargo --profile native) =="
if [ "$MODE" = smoke ]; then
  # Smoke checks correctness, not speed: the dev profile reuses what `cargo test` already built.
  cargo build --locked -q -p kubeplay-bench
  BIN="$TARGET_DIR/debug/kubeplay-bench"
else
  cargo build --locked -q --profile native -p kubeplay-bench
  BIN="$TARGET_DIR/native/kubeplay-bench"
fi
if [ "$MODE" = smoke ]; then
  "$BIN" --smoke || status=1
else
  "$BIN" --json bench-results/native.json || status=1
fi

echo "== engine in wasm, headless Chromium (performance.now() inside the page) =="
# Console output of a passing wasm-bindgen test shows only with --nocapture. No `cargo test -q`:
# it forwards --quiet, which wasm-bindgen-test-runner 0.2.130 rejects ("unexpected argument").
wasm_filter() { grep -E "^BENCH|test result|panicked|FAILED|^error" || true; }
if [ "$MODE" = smoke ]; then
  cargo test --locked --target wasm32-unknown-unknown -p kubeplay-bench --test browser -- --nocapture 2>&1 \
    | tee bench-results/wasm-smoke.txt | wasm_filter
  grep -q '^BENCH' bench-results/wasm-smoke.txt || { echo "wasm smoke: no BENCH lines"; status=1; }
else
  # Release profile = what the page ships (opt-level z, lto). The scenarios cap themselves at 60 s each.
  KUBEPLAY_BENCH_FULL=1 WASM_BINDGEN_TEST_TIMEOUT=900 \
    cargo test --locked --release --target wasm32-unknown-unknown -p kubeplay-bench --test browser -- --nocapture 2>&1 \
    | tee bench-results/wasm.txt | wasm_filter
fi

echo "== side by side with Webernetes (Node) =="
KUBEPLAY_BENCH_BIN="$BIN" node bench/side-by-side.mjs $([ "$MODE" = smoke ] && echo --smoke) || status=1

echo "== page (playwright-core + Chromium on dist/) =="
if [ -f dist/index.html ]; then
  node bench/page.mjs $([ "$MODE" = smoke ] && echo --smoke) || status=1
else
  echo "dist/ not built: run scripts/build-web.sh first (page benchmarks skipped)"
  [ "$MODE" = full ] && status=1
fi

echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
