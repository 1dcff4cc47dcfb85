#!/usr/bin/env bash
# Runs the fault tests against real Vault servers and writes the figures they
# log to docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(go test -count=1 -v -run 'SealAndRestart|NetworkFaults|HACluster' ./wrappers 2>&1) || { echo "$out"; exit 1; }
{
  echo "# Reliability"
  echo
  echo "Produced by \`make reliability\` on $(date -u +%Y-%m-%d) ($(go version | cut -d' ' -f3), Vault 1.21.0). Each row is one test against real Vault servers; the figures are what the test counted."
  echo
  echo "| scenario | operations | faults injected | errors surfaced | retries | lost writes |"
  echo "|---|---|---|---|---|---|"
  echo "$out" | grep -o 'reliability: .*' | sed 's/^reliability: //; s/ | operations / | /; s/ | faults injected / | /; s/ | errors surfaced / | /; s/ | retries[^|0-9]*/ | /; s/ | lost writes / | /; s/^/| /; s/$/ |/'
  echo
  echo "Fuzzing (\`make fuzz\`, run by \`make test\` for 10 s per target): FuzzClientCalls (any status and body through the whole client), FuzzResponseError, FuzzGeneratedParsers (KV, sys and AppRole parsers). Malformed, truncated, wrongly typed and oversized bodies give errors, never panics; bodies over the client's limit (32 MB by default, \`WithMaxResponseSize\`) are refused."
  echo
  echo "Secrets: generated request and response types that carry tokens, unseal keys, secret IDs or passwords print them as [redacted] with every fmt verb (generated Format methods; tested in wrappers/redaction_test.go), the auth method structs in wrappers/auth redact theirs, and every error and debug log line of the test clients is checked for the tokens the tests use."
  echo
  echo "The HA row: a writer (to the first leader) and two readers (one per standby) run for 6 s; the leader steps down after 1 s and a standby is killed after 2 s. Errors surfaced are calls that still failed after the client's bounded retries (4, 50-400 ms), mostly during the election; every write the client reported as successful was read back from the new active node."
} > docs/reliability.md
echo "wrote docs/reliability.md"
