#!/usr/bin/env bash
# Starts a throwaway Vault dev server on a free loopback port, runs the quick
# start against it, and stops the server whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
VAULT_BIN=${GOVAULT_VAULT_BIN:-$PWD/.bin/vault}
[ -x "$VAULT_BIN" ] || { echo "demo: $VAULT_BIN missing; run make vault" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18200)
token="demo-$(date +%s)"
log=$(mktemp)
"$VAULT_BIN" server -dev -dev-no-store-token -dev-root-token-id="$token" \
  -dev-listen-address="127.0.0.1:$port" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT

export VAULT_ADDR="http://127.0.0.1:$port" VAULT_TOKEN="$token"
for _ in $(seq 1 100); do
  "$VAULT_BIN" status >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { echo "demo: vault exited:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.2
done
echo "demo: Vault dev server at $VAULT_ADDR"
go run ./examples/quickstart
