# govault: the spec -> generator -> generated client -> wrappers pipeline.
# Every target does its own setup; `make test` and `make demo` work on a fresh clone.

GO        ?= go

.PHONY: all generate check-generated lint vet test test-short vault demo bundle diff-vault coverage bench fuzz reliability clean test-versions

# The release the tests run against. The default is tools/vault's (.bin/vault);
# any other row of tools/vault/releases.tsv builds into .bin/vault-VERSION.
DEFAULT_VAULT_VERSION := v1.21.0
VAULT_VERSION ?= $(DEFAULT_VAULT_VERSION)
VAULT_SDK_VERSION ?=
DIFF_FORMAT ?= text
ifeq ($(VAULT_VERSION),$(DEFAULT_VAULT_VERSION))
VAULT_BIN := $(CURDIR)/.bin/vault
else
VAULT_BIN := $(CURDIR)/.bin/vault-$(VAULT_VERSION)
endif
export GOVAULT_VAULT_BIN := $(VAULT_BIN)

all: lint test

## generate: regenerate generated/ from openapi/
generate:
	$(GO) generate ./...

## check-generated: fail when generated/ is stale
check-generated:
	$(GO) run ./cmd/gen generate -check

## lint: the spec's own rules, go vet and gofmt
lint:
	$(GO) run ./cmd/gen lint
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

## backends: install the real servers the backend tests start (PostgreSQL,
## MariaDB, Redis, OpenLDAP, FreeRADIUS, RabbitMQ; Debian packages, skipped
## when all are installed)
.PHONY: backends
backends:
	./scripts/backends.sh install

## vault: build the real Vault server used by the tests (tools/vault, separate module)
vault: $(VAULT_BIN)

$(CURDIR)/.bin/vault: tools/vault/go.mod tools/vault/go.sum tools/vault/main.go
	@mkdir -p $(dir $@)
	cd tools/vault && $(GO) build -o $@ .

$(CURDIR)/.bin/vault-%: tools/vault/releases.tsv
	./scripts/build-vault.sh $* $(VAULT_SDK_VERSION) >/dev/null

## test-versions: the contract tests against every release of
## tools/vault/releases.tsv that builds (each built first); operations a
## release predates must be absent -> docs/compatibility.md figures in .bin/matrix
test-versions:
	./scripts/test-versions.sh $(VERSIONS)

# The live-coverage floor: `make test` fails if the spec (with the reasoned
# exclusions in openapi/exclusions.yaml) covers less of a mount-all Vault than
# this, in percent.
COVERAGE_FLOOR ?= 100

FUZZTIME ?= 10s
FUZZ_TARGETS := FuzzClientCalls FuzzResponseError FuzzGeneratedParsers FuzzPathParameters

## test: everything, under the race detector, against a real Vault (dev and
## non-dev servers); then coverage, short fuzz runs and a benchmark smoke run
test: vault backends lint check-generated
	rm -rf .coverage && mkdir -p .coverage
	GOVAULT_SEEN_DIR=$(CURDIR)/.coverage $(GO) test -race -count=1 -timeout 45m ./...
	$(GO) run ./cmd/gen coverage -start-vault -seen .coverage -require-exercised -fail-under $(COVERAGE_FLOOR)
	$(MAKE) fuzz
	cd bench && $(GO) test -count=1 -run . -bench . -benchtime 1x ./...
	$(MAKE) demo

## fuzz: each fuzz target for FUZZTIME (seed corpus in wrappers/fuzz_test.go);
## new inputs are minimized for at most 1s (the default 60s stalls every
## worker on the large generated packages and can outlast FUZZTIME)
fuzz:
	@for t in $(FUZZ_TARGETS); do \
	  echo "fuzz $$t ($(FUZZTIME))"; \
	  $(GO) test ./wrappers -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 1s || exit 1; \
	done

## coverage: per-area coverage of the live server's operations (after make test)
coverage: vault
	$(GO) run ./cmd/gen coverage -start-vault -seen .coverage -list-missing

## demo: the product's main job on a fresh non-dev Vault (init 5/3, unseal, seal,
## rekey 3/2 with verification, generate-root with an OTP), then KV v1/v2,
## AppRole login and renewal, transit, PKI, database credentials against a real
## Redis, wrap/unwrap and a gen diff against the server; one line per step
demo: vault backends
	./scripts/demo.sh

## diff-vault: build VAULT_VERSION, start it, and diff its spec against ours (exit 1 if ours misses operations)
diff-vault:
	./scripts/diff-vault.sh $(VAULT_VERSION) $(VAULT_SDK_VERSION) $(DIFF_FORMAT)

## reliability: fault tests against real Vault servers -> docs/reliability.md
reliability: vault
	./scripts/reliability.sh

## bench: every benchmark (overhead, throughput, build cost, generation) -> docs/benchmarks.md
bench: vault
	cd bench && $(GO) run ./cmd/report

## bundle: one self-contained spec file
bundle:
	$(GO) run ./cmd/gen bundle -o vault-bundle.yaml

clean:
	rm -rf .bin vault-bundle.yaml
