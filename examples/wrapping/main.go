// Command wrapping hands a KV v2 secret over through a single-use wrapping
// token: the read comes back wrapped (a *wrappers.WrappedError, never an
// empty secret), the token is redeemed once, and a second attempt fails.
// It reads VAULT_ADDR and VAULT_TOKEN like the Vault CLI.
//
//	VAULT_ADDR=http://127.0.0.1:8200 VAULT_TOKEN=... go run ./examples/wrapping -secret app/db
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/govault/govault/generated/kvv2"
	"github.com/govault/govault/wrappers"
)

func main() {
	secret := flag.String("secret", "app/db", "a KV v2 secret under secret/")
	ttl := flag.Duration("ttl", time.Minute, "how long the wrapping token lives")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client, err := wrappers.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.KVv2("secret").ReadSecret(ctx, *secret, wrappers.RequestWrapTTL(*ttl))
	var wrapped *wrappers.WrappedError
	if !errors.As(err, &wrapped) {
		log.Fatalf("the read did not come back wrapped: %v", err)
	}
	fmt.Printf("wrapped for %ds at %s (the token itself is not printed)\n", *wrapped.WrapInfo.TTL, *wrapped.WrapInfo.CreationTime)

	// Whoever receives the token redeems it; no other token is needed.
	got, err := wrappers.Unwrap[kvv2.KvV2ReadData](ctx, client, *wrapped.WrapInfo.Token)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("unwrapped version %d with %d keys\n", got.Data.Metadata.Version, len(got.Data.Data))
	if _, err := wrappers.Unwrap[kvv2.KvV2ReadData](ctx, client, *wrapped.WrapInfo.Token); err != nil {
		fmt.Println("second unwrap refused:", errors.Is(err, wrappers.ErrInvalidRequest) || errors.Is(err, wrappers.ErrForbidden))
	}
}
