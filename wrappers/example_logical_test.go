package wrappers_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// Any path, for plugins no generated package covers; here KV v2's own paths
// stand in for one.
func ExampleLogical() {
	ctx := context.Background()
	client, err := wrappers.NewClient() // VAULT_ADDR, VAULT_TOKEN
	if err != nil {
		log.Fatal(err)
	}
	l := client.Logical()

	if _, err := l.Write(ctx, "secret/data/example-logical/app", map[string]any{"data": map[string]any{"colour": "green"}}); err != nil {
		log.Fatal(err)
	}
	res, err := l.Read(ctx, "secret/data/example-logical/app")
	if err != nil {
		log.Fatal(err)
	}
	data := res.Data["data"].(map[string]any)
	fmt.Println(data["colour"], res.Wrapped())

	list, err := l.List(ctx, "secret/metadata/example-logical/")
	if err != nil {
		log.Fatal(err)
	}
	keys, err := list.Keys()
	fmt.Println(keys, err)

	// A wrapped answer has no data: the token in WrapInfo holds it.
	wrapped, err := l.Read(ctx, "secret/data/example-logical/app", wrappers.RequestWrapTTL(time.Minute))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(wrapped.Wrapped(), wrapped.Data == nil, *wrapped.WrapInfo.TTL)

	_, err = l.Read(ctx, "secret/../sys/seal-status") // refused, nothing sent
	fmt.Println(errors.Is(err, wrappers.ErrBadPathParameter))
	_, err = l.Read(ctx, "secret/data/example-logical/missing")
	fmt.Println(errors.Is(err, wrappers.ErrInvalidPath))
	// Output:
	// green false
	// [app] <nil>
	// true true 60
	// true
	// true
}

// A generated client for a mount, sending through the wrappers' client.
func ExampleMount() {
	ctx := context.Background()
	client, err := wrappers.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	if err := client.Sys().SysEnableSecretsEngine(ctx, "example-mount-pki", sys.SysEnableSecretsEngineRequest{Type: "pki"}); err != nil {
		log.Fatal(err)
	}
	defer client.Sys().SysDisableSecretsEngine(ctx, "example-mount-pki")

	api, err := wrappers.Mount(client, "example-mount-pki", pki.New) // *pki.Client
	if err != nil {
		log.Fatal(err)
	}
	name, ttl, keyType := "Example Root CA", vtypes.Duration("1h"), pki.KeyTypeEC
	if _, err := api.PKIGenerateRoot(ctx, pki.KeySourceInternal, pki.PKIGenerateRootRequest{CommonName: &name, TTL: &ttl, KeyType: &keyType}); err != nil {
		log.Fatal(err)
	}
	issuers, err := api.PKIListIssuers(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(issuers.Data.Keys))

	_, err = wrappers.Mount(client, "pki/../sys", pki.New)
	fmt.Println(errors.Is(err, wrappers.ErrBadPathParameter))
	// Output:
	// 1
	// true
}
