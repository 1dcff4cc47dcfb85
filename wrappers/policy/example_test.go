package policy_test

import (
	"context"
	"fmt"
	"log"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/wrappers"
	"github.com/govault/govault/wrappers/policy"
)

func ExampleGet() {
	ctx := context.Background()
	client, _ := wrappers.NewClient() // VAULT_ADDR, VAULT_TOKEN
	rules := `path "secret/data/reports/*" { capabilities = ["read", "list"] }`
	if _, err := client.Sys().SysWritePolicy(ctx, "reports", sys.SysWritePolicyRequest{Policy: &rules}); err != nil {
		log.Fatal(err)
	}

	p, err := policy.Get(ctx, client, "reports")
	if err != nil {
		log.Fatal(err)
	}
	for _, rule := range p.Paths {
		fmt.Println(rule.Path, rule.Capabilities)
	}
	// Output: secret/data/reports/* [read list]
}
