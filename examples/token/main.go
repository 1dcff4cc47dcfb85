// Command token walks a child token through its life with the wrappers
// Tokens calls: create it, look it up by accessor, renew it as the
// application would, revoke it, and see that Vault refuses it afterwards.
// It reads VAULT_ADDR and VAULT_TOKEN like the Vault CLI; the token must be
// allowed to create tokens with the policies given.
//
//	VAULT_ADDR=http://127.0.0.1:8200 VAULT_TOKEN=... go run ./examples/token -policy default -ttl 1h
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/govault/govault/generated/authtoken"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func main() {
	policies := flag.String("policy", "default", "comma-separated policies for the child token")
	ttl := flag.Duration("ttl", time.Hour, "the child token's TTL")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := run(ctx, strings.Split(*policies, ","), *ttl); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, policies []string, ttl time.Duration) error {
	client, err := wrappers.NewClient() // VAULT_ADDR, VAULT_TOKEN, ...
	if err != nil {
		return err
	}
	tokens := client.Tokens()

	self, err := tokens.LookupSelf(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("caller:   policies %v, ttl %v\n", self.Data.Policies, time.Duration(self.Data.TTL)*time.Second)

	d := vtypes.Of(ttl)
	child, err := tokens.Create(ctx, authtoken.TokenCreateRequest{
		Policies: policies, TTL: &d, Meta: map[string]string{"created-by": "examples/token"},
	})
	if err != nil {
		return err
	}
	printWarnings("create", child.Warnings)
	fmt.Printf("created:  accessor %s, lease %v, renewable %v\n", child.Auth.Accessor,
		time.Duration(child.Auth.LeaseDuration)*time.Second, child.Auth.Renewable)

	info, err := tokens.LookupAccessor(ctx, child.Auth.Accessor)
	if err != nil {
		return err
	}
	fmt.Printf("lookup:   policies %v, meta %v, expires %v\n", info.Data.Policies, info.Data.Meta, info.Data.ExpireTime)

	app := client.Clone(child.Auth.ClientToken) // the application's own client
	renewed, err := app.Tokens().RenewSelf(ctx, ttl/2)
	if err != nil {
		return err
	}
	printWarnings("renew", renewed.Warnings)
	fmt.Printf("renewed:  lease now %v\n", time.Duration(renewed.Auth.LeaseDuration)*time.Second)

	if err := tokens.Revoke(ctx, child.Auth.ClientToken); err != nil {
		return err
	}
	_, err = app.Tokens().LookupSelf(ctx)
	if !errors.Is(err, wrappers.ErrForbidden) {
		return fmt.Errorf("the revoked token still looks up: %v", err)
	}
	fmt.Println("revoked:  Vault now refuses the token (403)")
	return nil
}

func printWarnings(call string, warnings []string) {
	for _, w := range warnings {
		fmt.Printf("%s: warning: %s\n", call, w)
	}
}
