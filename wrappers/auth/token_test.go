package auth_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/govault/govault/generated/authtoken"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
	"github.com/govault/govault/wrappers/auth"
)

// Token validates a token with lookup-self before the client adopts it; a
// token Vault does not know is refused and leaves the client as it was.
func TestTokenLogin(t *testing.T) {
	ctx := context.Background()
	created, err := admin(t).TokenAuth().TokenCreate(ctx, authtoken.TokenCreateRequest{
		Policies: []string{"app"}, TTL: livetest.Ptr(vtypes.Duration("1h")), Meta: map[string]string{"team": "web"},
	})
	ok(t, err)
	tok := created.Auth.ClientToken
	env.Leaks.Add(tok)

	c := admin(t)
	before := c.Token()
	m := auth.Token{Token: tok}
	gotReply, err := c.Login(ctx, m)
	ok(t, err)
	loggedIn(t, c, before, m, gotReply.Auth)
	if gotReply.Auth.Accessor != created.Auth.Accessor || !slices.Contains(gotReply.Auth.Policies, "app") || gotReply.Auth.Metadata["team"] != "web" ||
		gotReply.Auth.LeaseDuration <= 0 || gotReply.Auth.LeaseDuration > 3600 || !gotReply.Auth.Renewable || gotReply.Auth.TokenType != "service" {
		t.Fatalf("auth from lookup: %+v", gotReply.Auth)
	}

	bogus := "hvs.not-a-real-token"
	env.Leaks.Add(bogus)
	_, err = c.Login(ctx, auth.Token{Token: bogus})
	env.Leaks.Seen(err)
	if !errors.Is(err, wrappers.ErrForbidden) {
		t.Fatalf("login with an unknown token: %v", err)
	}
	if c.Token() != tok {
		t.Fatal("a failed login changed the client's token")
	}
	if _, err := c.Login(ctx, auth.Token{}); err == nil {
		t.Fatal("login with an empty token: no error")
	}
}
