#!/usr/bin/env bash
# Runs the contract tests (tests/... and the live wrappers tests) against each
# release given, or every "builds" row of tools/vault/releases.tsv, building
# the server first. Operations a release predates (x-vault-min-version newer
# than the server) must be absent: a test that reaches one stops as
# absent-as-expected, and they are not counted as unexercised. Anything else
# failing fails the run. Per release, .bin/matrix/VERSION.{json,spec.json,txt}
# keep the test events, the live spec and a summary (docs/compatibility.md).
#
#   scripts/test-versions.sh [v1.19.5 ...]
set -uo pipefail
cd "$(dirname "$0")/.."
versions=("$@")
if [ ${#versions[@]} -eq 0 ]; then
  mapfile -t versions < <(awk -F'\t' '$1 ~ /^v/ && $3 == "builds" { print $1 }' tools/vault/releases.tsv)
fi
mkdir -p .bin/matrix
status=0
for v in "${versions[@]}"; do
  start=$(date +%s)
  bin=$(./scripts/build-vault.sh "$v") || { echo "test-versions: $v does not build" >&2; status=1; continue; }
  echo "test-versions: $v built or found in $(( $(date +%s) - start ))s" >&2
  ./scripts/fetch-spec.sh "$bin" ".bin/matrix/$v.spec.json" || status=1
  start=$(date +%s)
  GOVAULT_VAULT_BIN="$bin" nice -n 10 go test -count=1 -p 2 -timeout 45m -json ./tests/... ./wrappers/... > ".bin/matrix/$v.json" 2> ".bin/matrix/$v.stderr"
  rc=$?
  python3 scripts/matrix-summary.py "$v" ".bin/matrix/$v.json" ".bin/matrix/$v.spec.json" "$(( $(date +%s) - start ))" | tee ".bin/matrix/$v.txt"
  [ $rc -eq 0 ] || status=1
done
exit $status
