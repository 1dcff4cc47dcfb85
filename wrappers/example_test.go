package wrappers_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/govault/govault/wrappers"
)

// The examples run against the test suite's dev server, which TestMain
// exports as VAULT_ADDR and VAULT_TOKEN, the way a user's shell would.

func ExampleNewClient() {
	ctx := context.Background()
	client, err := wrappers.NewClient() // reads VAULT_ADDR, VAULT_TOKEN, VAULT_CACERT, ...
	if err != nil {
		log.Fatal(err)
	}
	kv := client.KVv2("secret")
	if _, err := kv.CreateOrUpdateSecret(ctx, "example/app", map[string]any{"api_key": "abc123"}); err != nil {
		log.Fatal(err)
	}
	secret, err := kv.ReadSecret(ctx, "example/app")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(secret.Data.Data["api_key"])
	// Output: abc123
}

func ExampleKVv2_CreateOrUpdateSecret_checkAndSet() {
	ctx := context.Background()
	client, _ := wrappers.NewClient()
	kv := client.KVv2("secret")
	_ = kv.DeleteMetadataAndAllVersions(ctx, "example/cas")

	// CAS(0): write only if the secret does not exist yet.
	first, _ := kv.CreateOrUpdateSecret(ctx, "example/cas", map[string]any{"n": 1}, wrappers.CAS(0))
	_, err := kv.CreateOrUpdateSecret(ctx, "example/cas", map[string]any{"n": 2}, wrappers.CAS(0))
	fmt.Println(first.Data.Version, errors.Is(err, wrappers.ErrInvalidRequest))
	// Output: 1 true
}

func ExampleResponseError() {
	ctx := context.Background()
	client, _ := wrappers.NewClient()
	_, err := client.KVv2("secret").ReadSecret(ctx, "example/does-not-exist")

	var re *wrappers.ResponseError
	if errors.As(err, &re) {
		fmt.Println(re.Operation, re.StatusCode, errors.Is(err, wrappers.ErrInvalidPath))
	}
	// Output: KvV2Read 404 true
}

func ExampleKV() {
	ctx := context.Background()
	client, _ := wrappers.NewClient(wrappers.WithKVVersion(1)) // hvac's default_kv_version
	kv, err := client.KV("secret").DetectVersion(ctx)          // ...or ask the server
	if err != nil {
		log.Fatal(err)
	}
	written, _ := kv.Write(ctx, "example/kv", map[string]any{"colour": "blue"})
	s, _ := kv.Read(ctx, "example/kv")
	fmt.Println(kv.Version(), written.Version == s.Version, s.Data["colour"])
	// Output: 2 true blue
}
