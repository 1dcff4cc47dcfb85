// Package vaulttest starts real Vault servers for the integration tests: a dev
// server for most of them, and uninitialised servers with inmem or file storage
// for the init, unseal, rekey and generate-root flows. The binary comes from
// tools/vault, a separate module built from the Go module proxy. The process
// handling is internal/vaultproc's, shared with the public vaulttest package;
// building the binary stays here, since users' tests must never do that.
package vaulttest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
)

// BinaryEnv overrides where the Vault binary is looked for.
const BinaryEnv = "GOVAULT_VAULT_BIN"

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// Binary returns the path of the Vault server binary, building it from
// tools/vault when it is not there yet. The first build downloads Vault's
// modules and compiles for many minutes; later ones hit the caches.
func Binary() (string, error) {
	binOnce.Do(func() { binPath, binErr = findOrBuild() })
	return binPath, binErr
}

func findOrBuild() (string, error) {
	if p := os.Getenv(BinaryEnv); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("vaulttest: %s=%s: %w", BinaryEnv, p, err)
		}
		return p, nil
	}
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(root, ".bin", "vault")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	fmt.Fprintf(os.Stderr, "vaulttest: %s missing; building Vault from tools/vault (slow the first time)\n", bin)
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = filepath.Join(root, "tools", "vault")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("vaulttest: building Vault in tools/vault failed (run `make vault` to see why): %w", err)
	}
	return bin, nil
}

// repoRoot finds the module root from this source file's location.
func repoRoot() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", fmt.Errorf("vaulttest: cannot locate the repository")
	}
	return filepath.Abs(filepath.Join(filepath.Dir(file), "..", ".."))
}
