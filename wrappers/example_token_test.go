package wrappers_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/govault/govault/generated/authtoken"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func ExampleTokens() {
	ctx := context.Background()
	client, err := wrappers.NewClient() // VAULT_ADDR, VAULT_TOKEN
	if err != nil {
		log.Fatal(err)
	}
	tokens := client.Tokens()

	// A child token for an application, an hour at a time.
	ttl := vtypes.Duration("1h")
	child, err := tokens.Create(ctx, authtoken.TokenCreateRequest{
		Policies: []string{"default"}, Meta: map[string]string{"app": "billing"}, TTL: &ttl,
	})
	if err != nil {
		log.Fatal(err)
	}
	info, err := tokens.LookupAccessor(ctx, child.Auth.Accessor) // what an operator sees, without the token
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(info.Data.Policies, info.Data.Meta["app"], info.Data.ID == "")

	// The application renews its own token...
	app := client.Clone(child.Auth.ClientToken)
	renewed, err := app.Tokens().RenewSelf(ctx, 30*time.Minute)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(time.Duration(renewed.Auth.LeaseDuration) * time.Second)

	// ...until it is revoked.
	if err := tokens.Revoke(ctx, child.Auth.ClientToken); err != nil {
		log.Fatal(err)
	}
	_, err = app.Tokens().LookupSelf(ctx)
	fmt.Println(errors.Is(err, wrappers.ErrForbidden))
	// Output:
	// [default] billing true
	// 30m0s
	// true
}
