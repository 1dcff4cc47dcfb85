package vaulttest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
)

// The environment variables naming the Vault binary, in the order they are
// read: govault's own, then the one other Vault tooling uses.
var binaryEnvs = []string{"GOVAULT_VAULT_BIN", "VAULT_BINARY"}

// errNoBinary: nothing named a binary and there is no vault on $PATH.
var errNoBinary = errors.New(`vaulttest: no Vault binary found.
Pass vaulttest.WithBinary(path), set GOVAULT_VAULT_BIN (or VAULT_BINARY) to a vault executable, or put vault on $PATH.
To get one: download HashiCorp's release from https://releases.hashicorp.com/vault/ (govault is tested with 1.21.0),
or build that version from govault's tools/vault module: git clone https://github.com/govault/govault && cd govault/tools/vault && go build -o "$HOME/bin/vault" .
(vaulttest.SkipIfNoBinary() skips the test instead of failing it)`)

// findBinary returns the Vault executable to run. Only an absence of any
// candidate is errNoBinary; a named file that is missing is another error.
// It never builds anything: that is for the user to choose.
func findBinary(explicit string) (string, error) {
	named := func(from, path string) (string, error) {
		if _, err := os.Stat(path); err != nil {
			return "", fmt.Errorf("vaulttest: the Vault binary named by %s: %w", from, err)
		}
		return path, nil
	}
	if explicit != "" {
		return named("WithBinary", explicit)
	}
	for _, env := range binaryEnvs {
		if p := os.Getenv(env); p != "" {
			return named("$"+env, p)
		}
	}
	if p, err := exec.LookPath("vault"); err == nil {
		return p, nil
	}
	return "", errNoBinary
}
