package vaulttest_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/govault/govault/internal/vaulttest"
)

// TestMain does for this repository what a user's CI does: it names the
// Vault binary in GOVAULT_VAULT_BIN (the repository's own, built from
// tools/vault when missing), so Start and the Examples find it as they
// would in a user's module.
func TestMain(m *testing.M) {
	if os.Getenv("GOVAULT_VAULT_BIN") == "" && os.Getenv("VAULT_BINARY") == "" {
		bin, err := vaulttest.Binary()
		if err != nil {
			fmt.Fprintf(os.Stderr, "FAIL: no Vault binary: %v\n", err)
			os.Exit(1)
		}
		os.Setenv("GOVAULT_VAULT_BIN", bin)
	}
	os.Exit(m.Run())
}
