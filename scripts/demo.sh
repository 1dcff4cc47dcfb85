#!/usr/bin/env bash
# make demo: starts a throwaway, non-dev Vault server (file storage in a
# temporary directory, loopback only, so it starts uninitialised and sealed)
# and a Redis server for the database step, runs cmd/demo against them, and
# stops both whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
VAULT_BIN=${GOVAULT_VAULT_BIN:-$PWD/.bin/vault}
[ -x "$VAULT_BIN" ] || { echo "demo: $VAULT_BIN missing; run make vault" >&2; exit 1; }
REDIS_BIN=$(command -v redis-server || true)
[ -n "$REDIS_BIN" ] || { echo "demo: redis-server missing; run make backends" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

# wait_for NAME PID CMD...: until CMD succeeds, at most 20 s.
wait_for() {
	local name=$1 pid=$2
	shift 2
	for _ in $(seq 1 100); do
		"$@" >/dev/null 2>&1 && return 0
		kill -0 "$pid" 2>/dev/null || { echo "demo: $name exited:" >&2; cat "$work/$name.log" >&2; exit 1; }
		sleep 0.2
	done
	echo "demo: $name did not come up within 20 s:" >&2
	cat "$work/$name.log" >&2
	exit 1
}

redis_port=$(free_port)
redis_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
"$REDIS_BIN" --port "$redis_port" --bind 127.0.0.1 --dir "$work" --save '' --appendonly no \
	--requirepass "$redis_password" >"$work/redis.log" 2>&1 &
pids+=($!)
wait_for redis "${pids[-1]}" bash -c "exec 3<>/dev/tcp/127.0.0.1/$redis_port"

vault_port=$(free_port)
mkdir -p "$work/data"
cat >"$work/vault.hcl" <<HCL
storage "file" { path = "$work/data" }
listener "tcp" {
  address     = "127.0.0.1:$vault_port"
  tls_disable = true
}
api_addr      = "http://127.0.0.1:$vault_port"
disable_mlock = true
HCL
"$VAULT_BIN" server -config="$work/vault.hcl" >"$work/vault.log" 2>&1 &
pids+=($!)
# The listener accepting connections is enough: the demo starts with init.
wait_for vault "${pids[-1]}" bash -c "exec 3<>/dev/tcp/127.0.0.1/$vault_port"

VAULT_ADDR="http://127.0.0.1:$vault_port" VAULT_TOKEN= \
	DEMO_REDIS_ADDR="127.0.0.1:$redis_port" DEMO_REDIS_PASSWORD="$redis_password" \
	go run ./cmd/demo
