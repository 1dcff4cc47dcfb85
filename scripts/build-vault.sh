#!/usr/bin/env bash
# Builds Vault VERSION from the Go module proxy in a scratch copy of
# tools/vault into .bin/vault-VERSION (nothing when it is already there).
# The sdk and any build environment come from tools/vault/releases.tsv
# unless given:
#
#   scripts/build-vault.sh v1.19.5 [sdk-version]
#
# Prints the binary's path on success; exits 2 when the release does not build.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?usage: build-vault.sh VAULT_VERSION [SDK_VERSION]}
root=$PWD
bin="$root/.bin/vault-$version"
row=$(awk -F'\t' -v v="$version" '$1 == v { print; exit }' tools/vault/releases.tsv)
sdk=${2:-$(printf '%s' "$row" | cut -f2)}
envs=$(printf '%s' "$row" | cut -f4)
patch=${VAULT_SDK_PATCH:-$(printf '%s' "$row" | cut -f5)}
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi
if [ "$(printf '%s' "$row" | cut -f3)" = fails ] && [ -z "${2:-}" ]; then
  echo "build-vault: Vault $version is listed as not building in tools/vault/releases.tsv: $(printf '%s' "$row" | cut -f6)" >&2
  exit 2
fi
mkdir -p "$root/.bin"
if [ "$version" = v1.21.0 ] && [ -x "$root/.bin/vault" ]; then
  ln -s vault "$bin" && echo "$bin" && exit 0 # tools/vault's own release
fi
work=$(mktemp -d "$root/.bin/src-$version.XXXX")
trap 'rm -rf "$work"' EXIT
cp tools/vault/main.go "$work/"
printf 'module github.com/govault/govault/tools/vault\n\ngo 1.26\n' > "$work/go.mod"
start=$(date +%s)
(
  cd "$work"
  if [ -n "$envs" ] && [ "$envs" != "-" ]; then
    for e in $envs; do export "${e?}"; done
  fi
  # && throughout: set -e does not hold inside a subshell tested with ||.
  go list -m "github.com/hashicorp/vault@$version" >/dev/null &&
  # Vault's own go.mod replaces some modules with forks; a dependency's
  # replaces are ignored, so repeat those (not the ./api, ./sdk ones) first.
    for r in $(awk '/^replace /{sub(/^replace /,""); print} /^replace \(/{b=1; next} b&&/^\)/{b=0} b{print}' \
        "$(go env GOMODCACHE)/cache/download/github.com/hashicorp/vault/@v/$version.mod" |
        awk '$0 !~ /=> \./ && NF>=3 { l=$1; if ($2 != "=>") l=l"@"$2; n=$(NF-1); if ($NF !~ /^v/) n=$NF; else n=n"@"$NF; print l"="n }'); do
      go mod edit -replace "$r" || exit 1
    done &&
  # GOVAULT_PINS (releases.tsv env): module@version pins, for a package the
  # release imports from a module that later split (tidy would take its
  # newest version, and with it a newer grpc than the release's).
  go get "github.com/hashicorp/vault@$version" ${sdk:+"github.com/hashicorp/vault/sdk@$sdk"} ${GOVAULT_PINS:-} &&
    if [ -n "$patch" ] && [ "$patch" != "-" ]; then
      # A published sdk that needs a small fix to match the release branch's:
      # a patched copy of it replaces the module.
      src=$(go list -m -f '{{.Dir}}' github.com/hashicorp/vault/sdk) &&
        cp -r "$src" sdk && chmod -R u+w sdk &&
        (cd sdk && "$root/tools/vault/patches/$patch") &&
        go mod edit -replace github.com/hashicorp/vault/sdk=./sdk
    fi &&
    go mod tidy &&
    nice -n 10 go build -buildvcs=false -o "$bin" .
) >&2 || { echo "build-vault: Vault $version does not build from the module proxy${sdk:+ with sdk $sdk}" >&2; exit 2; }
echo "build-vault: $version built in $(( $(date +%s) - start ))s" >&2
echo "$bin"
