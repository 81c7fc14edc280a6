#!/usr/bin/env bash
# Fuzzes kubeplay's input surfaces with cargo-fuzz (libFuzzer).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]   each target for SECONDS (default 60)
#   scripts/fuzz.sh --smoke                 no libFuzzer build: runs every seed-corpus file (and
#                                           every saved regression) through the targets' bodies
#                                           natively, plus the invalid-input corpus (tests/corpus)
#
# Targets (fuzz/fuzz_targets/, bodies in fuzz/src/lib.rs): manifest, kubectl_line, patch,
# jsonpath, replay, lesson (the lesson parser), share (the share-link decoder). Seeds live in
# fuzz/seeds/<target>/ (read-only); libFuzzer grows
# fuzz/corpus/<target>/ and writes crashes to fuzz/artifacts/<target>/. Copy a crash into
# fuzz/regressions/<target>/ once fixed so the smoke test keeps it fixed.
#
# cargo-fuzz needs nightly flags; on the stable toolchain RUSTC_BOOTSTRAP=1 unlocks them. The code
# is safe Rust (#![forbid(unsafe_code)]), so no sanitizer: panics and hangs are what we look for.
set -euo pipefail
cd "$(dirname "$0")/.."

ALL_TARGETS=(manifest kubectl_line patch jsonpath replay lesson share)

if [[ "${1:-}" == "--smoke" ]]; then
  exec cargo test -p kubeplay-tests --test integration corpus::
fi

SECONDS_PER_TARGET="${1:-60}"
shift || true
TARGETS=("$@")
[[ ${#TARGETS[@]} -eq 0 ]] && TARGETS=("${ALL_TARGETS[@]}")

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is not installed: cargo install cargo-fuzz" >&2
  exit 1
fi

export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target/fuzz}"
FUZZ_FLAGS=(--fuzz-dir fuzz --sanitizer none --debug-assertions)

status=0
for t in "${TARGETS[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  echo "== $t: ${SECONDS_PER_TARGET}s"
  if ! cargo fuzz run "${FUZZ_FLAGS[@]}" "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
      -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -max_len=65536 -rss_limit_mb=2048 \
      -artifact_prefix="fuzz/artifacts/$t/" -print_final_stats=1; then
    echo "!! $t found a crash: see fuzz/artifacts/$t/" >&2
    status=1
  fi
done
exit $status
