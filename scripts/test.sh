#!/usr/bin/env bash
# Runs every test kubeplay has. This is the README's test command and all that CI runs.
#   native unit + integration tests, engine tests in headless Chromium (wasm32), UI browser unit
#   tests, the release build + end-to-end browser tests, benchmarks in smoke mode, fmt, clippy,
#   and the architecture check.
# Installs whatever the machine lacks first (scripts/bootstrap.sh is idempotent).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

step() { printf '\n\033[1;32m==> %s\033[0m\n' "$*"; STEP_START=$SECONDS; }
done_step() { printf '\033[2m    (%ss)\033[0m\n' "$((SECONDS - STEP_START))"; }

step "bootstrap toolchain"; ./scripts/bootstrap.sh; done_step
step "cargo fmt --check"; cargo fmt --all --check; done_step
step "architecture check"; ./scripts/check-architecture.sh; done_step
step "clippy (native, all targets)"; cargo clippy --workspace --all-targets --locked -- -D warnings; done_step
step "clippy (web crate, wasm32)"; cargo clippy -p kubeplay-web --target wasm32-unknown-unknown --all-targets --locked -- -D warnings; done_step
step "native tests"; cargo test --workspace --locked; done_step
step "engine + UI tests in headless Chromium (wasm32)"
./scripts/test-wasm.sh; done_step
step "release build of the playground (trunk)"; ./scripts/build-web.sh; done_step
step "end-to-end browser tests (playwright-core + Chromium)"; node --test --test-concurrency=1 tests/e2e/; done_step
step "benchmarks (smoke mode: they run and check themselves, timings not judged)"; ./scripts/bench.sh --smoke; done_step
printf '\n\033[1;32mall tests passed\033[0m (%ss)\n' "$SECONDS"
