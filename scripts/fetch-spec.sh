#!/usr/bin/env bash
# Starts Vault BIN as a dev server on a free loopback port, mounts every
# builtin plugin and saves the spec it serves to OUT (gen fetch).
#
#   scripts/fetch-spec.sh .bin/vault-v1.19.5 .bin/spec-v1.19.5.json
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:?usage: fetch-spec.sh VAULT_BIN OUT}
out=${2:?usage: fetch-spec.sh VAULT_BIN OUT}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
token="fetch-$(date +%s)"
log=$(mktemp)
"$bin" server -dev -dev-no-store-token -dev-root-token-id="$token" -dev-listen-address="127.0.0.1:$port" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT
export VAULT_ADDR="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  "$bin" status >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { cat "$log" >&2; exit 2; }
  sleep 0.2
done
go run ./cmd/gen fetch -vault-addr "$VAULT_ADDR" -token "$token" -o "$out"
