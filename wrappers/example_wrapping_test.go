package wrappers_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/govault/govault/generated/kvv2"
	"github.com/govault/govault/wrappers"
)

func ExampleUnwrap() {
	ctx := context.Background()
	client, _ := wrappers.NewClient()
	kv := client.KVv2("secret")
	if _, err := kv.CreateOrUpdateSecret(ctx, "example/wrapped", map[string]any{"api_key": "xyz789"}); err != nil {
		log.Fatal(err)
	}

	// The sender asks for the read to be wrapped and hands over only the token...
	wctx := wrappers.WithRequestOptions(ctx, wrappers.RequestWrapTTL(5*time.Minute))
	wrapped, err := kv.API().KvV2Read(wctx, "example/wrapped", nil)
	if err != nil {
		log.Fatal(err)
	}
	token := *wrapped.WrapInfo.Token

	// ...which the receiver redeems, once, into the typed secret.
	secret, err := wrappers.Unwrap[kvv2.KvV2ReadData](ctx, client, token)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(secret.Data.Data["api_key"])
	// Output: xyz789
}
