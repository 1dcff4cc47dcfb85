package wrappers_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/wrappers"
)

// Encryption as a service: the application never holds the key.
func ExampleTransit() {
	ctx := context.Background()
	client, err := wrappers.NewClient() // VAULT_ADDR, VAULT_TOKEN
	if err != nil {
		log.Fatal(err)
	}
	if err := client.Sys().SysEnableSecretsEngine(ctx, "example-transit", sys.SysEnableSecretsEngineRequest{Type: "transit"}); err != nil {
		log.Fatal(err)
	}
	tr := client.Transit("example-transit")

	enc, err := tr.Encrypt(ctx, "orders", []byte("card 4111-1111")) // the key is made on first use
	if err != nil {
		log.Fatal(err)
	}
	dec, err := tr.Decrypt(ctx, "orders", enc.Ciphertext)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.HasPrefix(enc.Ciphertext, "vault:v1:"), enc.KeyVersion, string(dec.Plaintext), dec.RequestID != "")
	// Output: true 1 card 4111-1111 true
}
