// Command quickstart writes and reads a KV v2 secret twice: once through the
// wrappers package, and once through the generated kvv2 package alone with a
// plain *http.Client. It reads VAULT_ADDR and VAULT_TOKEN like the Vault CLI.
//
//	VAULT_ADDR=http://127.0.0.1:8200 VAULT_TOKEN=... go run ./examples/quickstart
package main

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/govault/govault/generated/kvv2"
	"github.com/govault/govault/wrappers"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := withWrappers(ctx); err != nil {
		log.Fatal(err)
	}
	if err := generatedOnly(ctx); err != nil {
		log.Fatal(err)
	}
}

// withWrappers uses the hand-written client: environment config, typed
// errors, KV v2 conveniences.
func withWrappers(ctx context.Context) error {
	client, err := wrappers.NewClient() // VAULT_ADDR, VAULT_TOKEN, ...
	if err != nil {
		return err
	}
	kv := client.KVv2("secret")
	written, err := kv.CreateOrUpdateSecret(ctx, "quickstart/db", map[string]any{"password": "correct horse"})
	if err != nil {
		return err
	}
	secret, err := kv.ReadSecret(ctx, "quickstart/db")
	if err != nil {
		return err
	}
	fmt.Printf("wrappers:  wrote version %d, read back password=%v\n", written.Data.Version, secret.Data.Data["password"])
	return nil
}

// generatedOnly uses nothing but the generated package and net/http.
func generatedOnly(ctx context.Context) error {
	token := os.Getenv("VAULT_TOKEN")
	api := kvv2.New(&http.Client{Timeout: 10 * time.Second}, os.Getenv("VAULT_ADDR")+"/v1/secret")
	withToken := func(_ context.Context, req *http.Request) error {
		req.Header.Set("X-Vault-Token", token)
		return nil
	}
	res, err := api.KvV2Read(ctx, "quickstart/db", nil, withToken)
	if err != nil {
		return err
	}
	fmt.Printf("generated: version %d, password=%v\n", res.Data.Metadata.Version, res.Data.Data["password"])
	return nil
}
