// Command mounts lists the secrets engines and auth methods with their
// configuration, then reads one PKI mount's issuers through the generated
// package, which wrappers.Mount hands the client's transport, token and
// options. It reads VAULT_ADDR and VAULT_TOKEN like the Vault CLI.
//
//	VAULT_ADDR=http://127.0.0.1:8200 VAULT_TOKEN=... go run ./examples/mounts -pki pki
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"sort"
	"time"

	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/wrappers"
)

func main() {
	pkiMount := flag.String("pki", "", "a PKI mount whose issuers to list (none if empty)")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client, err := wrappers.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	engines, err := client.ListSecretsEngines(ctx)
	if err != nil {
		log.Fatal(err)
	}
	show("secrets engines", engines.Data)
	methods, err := client.ListAuthMethods(ctx)
	if err != nil {
		log.Fatal(err)
	}
	show("auth methods", methods.Data)

	if *pkiMount == "" {
		return
	}
	api, err := wrappers.Mount(client, *pkiMount, pki.New)
	if err != nil {
		log.Fatal(err)
	}
	issuers, err := api.PKIListIssuers(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s issuers: %v\n", *pkiMount, issuers.Data.Keys)
}

func show(title string, table sys.MountTable) {
	fmt.Println(title + ":")
	paths := make([]string, 0, len(table))
	for p := range table {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		m := table[p]
		fmt.Printf("  %-24s %-12s version=%-3s default_lease_ttl=%ds %s\n", p, m.Type, m.Options["version"], m.Config.DefaultLeaseTTL, m.Description)
	}
}
