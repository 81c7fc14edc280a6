#!/usr/bin/env bash
# Architecture invariant: the engine crates (everything but the UI crate and the CLI) have no
# dependency, direct or transitive, on the web stack. Exits 1 and names the offender otherwise.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
# The web stack, and crates that read an OS random source or a real clock.
FORBIDDEN='^(web-sys|js-sys|wasm-bindgen|wasm-bindgen-futures|gloo|gloo-[a-z-]+|yew|yew-macro|getrandom|rand|rand_core|instant|web-time) '
status=0
engine=$(cargo metadata --no-deps --format-version 1 \
  | python3 -c 'import json,sys; print("\n".join(p["name"] for p in json.load(sys.stdin)["packages"] if p["name"] not in ("kubeplay-web","kubeplay")))')
for pkg in $engine; do
  for target in "" "--target wasm32-unknown-unknown"; do
    # -e normal: only what ships (dev-dependencies such as wasm-bindgen-test are allowed).
    hits=$(cargo tree -q -p "$pkg" -e normal $target --prefix none --format '{p}' 2>/dev/null | grep -E "$FORBIDDEN" | sort -u || true)
    if [ -n "$hits" ]; then
      echo "architecture check FAILED: engine crate '$pkg' depends on the web stack or an OS entropy/clock crate${target:+ ($target)}:" >&2
      echo "$hits" | sed 's/^/    /' >&2
      status=1
    fi
  done
done
[ $status = 0 ] && echo "architecture check: $(echo "$engine" | wc -w) engine crates, no web dependencies"
exit $status
