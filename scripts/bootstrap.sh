#!/usr/bin/env bash
# Installs everything a fresh machine of this kind lacks; skips what is already at the right version.
# Idempotent. Safe to run on every `make test` / `make serve`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock 2>/dev/null || true)"
WASM_BINDGEN_VERSION="${WASM_BINDGEN_VERSION:-0.2.130}"
TRUNK_VERSION=0.21.14   # trunk 0.22 needs rustc >= 1.96.1

log() { printf '\033[1;34m[bootstrap]\033[0m %s\n' "$*" >&2; }

# 1. Debian Chromium + ChromeDriver for headless browser tests (never Debian's binaryen: its wasm-opt 108 breaks).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  log "installing chromium + chromium-driver (apt)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
else
  log "chromium: present"
fi

# 2. Rust wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
else
  log "wasm32-unknown-unknown: present"
fi

# 3. wasm-bindgen-cli exactly matching Cargo.lock (no --locked: the mirror lacks a pinned webpki-roots).
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 min)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
else
  log "wasm-bindgen $WASM_BINDGEN_VERSION: present"
fi

# 4. trunk, LTO off to halve its build time.
if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION (about 7 min)"
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version "$TRUNK_VERSION" --locked --force
else
  log "trunk $TRUNK_VERSION: present"
fi

# 4b. wasm-pack (an alternative runner for the browser tests: `wasm-pack test --headless --chrome`).
WASM_PACK_VERSION=0.15.1
if [ "$(wasm-pack --version 2>/dev/null || true)" != "wasm-pack $WASM_PACK_VERSION" ]; then
  log "installing wasm-pack $WASM_PACK_VERSION (about 4 min)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --force
else
  log "wasm-pack $WASM_PACK_VERSION: present"
fi

# 5. npm packages (playwright-core, binaryen@132 for wasm-opt, axe-core, esbuild, CodeMirror 6), pinned by package-lock.json.
LOCK_SUM="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.kubeplay-lock 2>/dev/null || true)" != "$LOCK_SUM" ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$LOCK_SUM" > node_modules/.kubeplay-lock
else
  log "node_modules: up to date"
fi

# 6. crates for offline trunk builds.
cargo fetch --locked >/dev/null
log "toolchain ready"
