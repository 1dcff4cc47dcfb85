package wrappers_test

import (
	"context"
	"fmt"
	"log"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/wrappers"
)

// The mount tables with each mount's whole configuration.
func ExampleClient_ListSecretsEngines() {
	ctx := context.Background()
	client, err := wrappers.NewClient() // VAULT_ADDR, VAULT_TOKEN
	if err != nil {
		log.Fatal(err)
	}
	desc := "billing's secrets"
	err = client.Sys().SysEnableSecretsEngine(ctx, "example-billing", sys.SysEnableSecretsEngineRequest{
		Type: "kv", Description: &desc, Options: map[string]string{"version": "2"},
	})
	if err != nil {
		log.Fatal(err)
	}
	engines, err := client.ListSecretsEngines(ctx)
	if err != nil {
		log.Fatal(err)
	}
	billing := engines.Data["example-billing/"]
	fmt.Println(billing.Type, billing.Options["version"], billing.Description)

	methods, err := client.ListAuthMethods(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(methods.Data["token/"].Type)
	// Output:
	// kv 2 billing's secrets
	// token
}
