package wrappers_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/govault/govault/wrappers"
)

// Encrypt and Decrypt take and give raw bytes (binary included); the key is
// created on first use, and a ciphertext that is not Vault's is refused.
func TestTransitEncryptDecrypt(t *testing.T) {
	c := client(t)
	ctx := context.Background()
	enableEngine(t, "transit-wrappers", "transit", "transit")
	tr := c.Transit("transit-wrappers")

	for _, plain := range [][]byte{[]byte("attack at dawn"), {0, 1, 2, 0xff, 0xfe, '\n'}} {
		ct, err := tr.Encrypt(ctx, "app", plain)
		mustOK(t, err)
		if !strings.HasPrefix(ct.Ciphertext, "vault:v1:") || strings.Contains(ct.Ciphertext, string(plain)) {
			t.Fatalf("ciphertext %q", ct.Ciphertext)
		}
		got, err := tr.Decrypt(ctx, "app", ct.Ciphertext)
		mustOK(t, err)
		if !bytes.Equal(got.Plaintext, plain) {
			t.Fatalf("decrypted %q, want %q", got.Plaintext, plain)
		}
	}

	_, err := tr.Decrypt(ctx, "app", "vault:v1:bm90IGEgY2lwaGVydGV4dA==")
	if !errors.Is(leaks.Seen(err), wrappers.ErrInvalidRequest) {
		t.Fatalf("bad ciphertext: %v", err)
	}
	if c.Transit("").API() == nil {
		t.Fatal("default mount")
	}
}
