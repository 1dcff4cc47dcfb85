package vaulttest

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// The binary is looked for in a fixed order: WithBinary, GOVAULT_VAULT_BIN,
// VAULT_BINARY, vault on PATH; nothing anywhere is errNoBinary.
func TestFindBinaryOrder(t *testing.T) {
	dir := t.TempDir()
	file := func(name string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	explicit, govault, vaultBinary := file("explicit"), file("govault"), file("vault-binary")
	onPath := filepath.Join(dir, "path")
	if err := os.Mkdir(onPath, 0o755); err != nil {
		t.Fatal(err)
	}
	pathVault := file(filepath.Join("path", "vault"))

	for _, tc := range []struct {
		name, explicit, govault, vaultBinary, path, want string
	}{
		{"WithBinary first", explicit, govault, vaultBinary, onPath, explicit},
		{"then GOVAULT_VAULT_BIN", "", govault, vaultBinary, onPath, govault},
		{"then VAULT_BINARY", "", "", vaultBinary, onPath, vaultBinary},
		{"then PATH", "", "", "", onPath, pathVault},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOVAULT_VAULT_BIN", tc.govault)
			t.Setenv("VAULT_BINARY", tc.vaultBinary)
			t.Setenv("PATH", tc.path)
			got, err := findBinary(tc.explicit)
			if err != nil || got != tc.want {
				t.Errorf("findBinary = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	t.Run("nowhere", func(t *testing.T) {
		t.Setenv("GOVAULT_VAULT_BIN", "")
		t.Setenv("VAULT_BINARY", "")
		t.Setenv("PATH", t.TempDir())
		if _, err := findBinary(""); !errors.Is(err, errNoBinary) {
			t.Errorf("err = %v, want errNoBinary", err)
		}
	})
	t.Run("named but missing", func(t *testing.T) {
		t.Setenv("GOVAULT_VAULT_BIN", filepath.Join(dir, "gone"))
		_, err := findBinary("")
		if err == nil || errors.Is(err, errNoBinary) || !errors.Is(err, os.ErrNotExist) {
			t.Errorf("err = %v, want a not-exist error that is not errNoBinary", err)
		}
	})
}
