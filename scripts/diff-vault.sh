#!/usr/bin/env bash
# Builds Vault VAULT_VERSION from the Go module proxy (in a scratch copy of
# tools/vault), starts it as a dev server on a free loopback port, mounts every
# builtin plugin and diffs its spec against ours.
#
#   scripts/diff-vault.sh v1.21.0 [sdk-version] [format]
#
# The build (scripts/build-vault.sh) takes the sdk and build settings from
# tools/vault/releases.tsv, which also lists the releases that do not build.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?usage: diff-vault.sh VAULT_VERSION [SDK_VERSION] [FORMAT]}
sdk=${2:-}
format=${3:-text}
bin=$(./scripts/build-vault.sh "$version" $sdk)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
token="diff-$(date +%s)"
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
go run ./cmd/gen diff -format "$format" -vault-addr "$VAULT_ADDR" -token "$token"
