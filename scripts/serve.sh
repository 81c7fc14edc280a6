#!/usr/bin/env bash
# Serves the playground (trunk serve) on the embedded default example and prints its URL.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
./scripts/bootstrap.sh
npm run --silent build:editor
PORT="${PORT:-8080}"
printf '\n\033[1;32mkubeplay playground: http://127.0.0.1:%s/\033[0m  (Ctrl+C to stop)\n\n' "$PORT"
exec trunk serve --release --address 127.0.0.1 --port "$PORT"
