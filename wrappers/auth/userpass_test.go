package auth_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/govault/govault/internal/livetest"

	"github.com/govault/govault/generated/authuserpass"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
	"github.com/govault/govault/wrappers/auth"
)

const alicePassword = "correct horse battery staple"

func userpassSetup(t *testing.T) {
	t.Helper()
	c := admin(t)
	a := authuserpass.New(c, livetest.URL(t, c, "auth/userpass"))
	env.Leaks.Add(alicePassword)
	err := a.UserpassWriteUser(context.Background(), "alice", authuserpass.UserpassWriteUserRequest{
		Password: livetest.Ptr(alicePassword), TokenPolicies: []string{"dev"}, TokenTTL: livetest.Ptr(vtypes.Duration("30m")),
	})
	ok(t, err)
}

// Userpass stores the issued token on the client (hvac's userpass login
// does not), also when the client held a token before, even a bad one.
func TestUserpassLogin(t *testing.T) {
	ctx := context.Background()
	userpassSetup(t)
	for name, start := range map[string]string{"no token": "", "root token": env.Server.RootToken, "revoked token": "hvs.revoked-or-bogus"} {
		t.Run(name, func(t *testing.T) {
			c := env.ClientFor(t, env.Server.Addr, start)
			m := auth.Userpass{Username: "alice", Password: alicePassword}
			gotReply, err := c.Login(ctx, m)
			ok(t, err)
			loggedIn(t, c, start, m, gotReply.Auth)
			if gotReply.Auth.Metadata["username"] != "alice" || !slices.Contains(gotReply.Auth.TokenPolicies, "dev") || gotReply.Auth.LeaseDuration != 1800 {
				t.Fatalf("auth: %+v", gotReply.Auth)
			}
		})
	}

	// A wrong password: Vault's 400, without the password in the error.
	wrong := "not-" + alicePassword
	env.Leaks.Add(wrong)
	c := anonymous(t)
	_, err := c.Login(ctx, auth.Userpass{Username: "alice", Password: wrong})
	env.Leaks.Seen(err)
	if !errors.Is(err, wrappers.ErrInvalidRequest) || c.Token() != "" || c.LastLogin() != nil {
		t.Fatalf("wrong password: %v", err)
	}
}

// A login answered as a wrapping token (RequestWrapTTL) carries no client
// token: Login says so with a *NoAuthError and keeps the client's token.
func TestLoginWrappedAnswer(t *testing.T) {
	userpassSetup(t)
	c := anonymous(t)
	ctx := wrappers.WithRequestOptions(context.Background(), wrappers.RequestWrapTTL(time.Minute))
	_, err := c.Login(ctx, auth.Userpass{Username: "alice", Password: alicePassword})
	env.Leaks.Seen(err)
	var na *wrappers.NoAuthError
	if !errors.Is(err, wrappers.ErrNoAuth) || !errors.As(err, &na) || na.WrapInfo == nil || na.WrapInfo.Token == nil || na.Operation != "UserpassLogin" {
		t.Fatalf("wrapped login: %v", err)
	}
	env.Leaks.Add(*na.WrapInfo.Token)
	if c.Token() != "" || c.LastLogin() != nil {
		t.Fatal("a login without a token changed the client")
	}
}
