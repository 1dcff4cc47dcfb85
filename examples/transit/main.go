// Command transit encrypts a line of text with a transit key and decrypts it
// again, the way an application uses Vault for encryption without ever
// holding the key. It reads VAULT_ADDR and VAULT_TOKEN like the Vault CLI;
// the transit engine must be mounted (vault secrets enable transit).
//
//	VAULT_ADDR=http://127.0.0.1:8200 VAULT_TOKEN=... go run ./examples/transit -key orders "card 4111-1111"
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/govault/govault/wrappers"
)

func main() {
	mount := flag.String("mount", "transit", "where the transit engine is mounted")
	key := flag.String("key", "demo", "the key name (made on first use if the token may)")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client, err := wrappers.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	tr := client.Transit(*mount)
	enc, err := tr.Encrypt(ctx, *key, []byte(strings.Join(flag.Args(), " ")))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("ciphertext (key version %d): %s\n", enc.KeyVersion, enc.Ciphertext)
	dec, err := tr.Decrypt(ctx, *key, enc.Ciphertext)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("decrypted: %s\n", dec.Plaintext)
}
