#!/usr/bin/env bash
# Release build of the playground into dist/ (editor bundle, wasm, wasm-opt -Oz).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
npm run --silent build:editor
trunk build --release "$@"
