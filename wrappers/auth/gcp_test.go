package auth_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/govault/govault/internal/livetest"

	"github.com/govault/govault/generated/authgcp"
	"github.com/govault/govault/internal/fakegoogle"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers/auth"
)

// GCP logs in with an RS256 JWT "signed by" a service account (the stub's
// key): Vault fetches that account's public key and looks the account up
// in IAM, both from the stub, and issues a token.
func TestGCPLogin(t *testing.T) {
	ctx := context.Background()
	c := admin(t)
	a := authgcp.New(c, livetest.URL(t, c, "auth/gcp"))
	err := a.GCPAuthWriteConfig(ctx, authgcp.GCPAuthWriteConfigRequest{
		CustomEndpoint: &authgcp.GCPAuthCustomEndpoints{API: livetest.Ptr(google.URL), Iam: livetest.Ptr(google.URL + "/")},
	})
	ok(t, err)
	_, err = a.GCPAuthWriteRole(ctx, "dev", authgcp.GCPAuthWriteRoleRequest{
		Type: livetest.Ptr(authgcp.Iam), BoundServiceAccounts: []string{fakegoogle.SAEmail}, MaxJWTExp: livetest.Ptr(vtypes.Duration("10m")),
		TokenPolicies: []string{"dev"}, TokenTTL: livetest.Ptr(vtypes.Duration("20m")),
	})
	ok(t, err)

	now := time.Now().Unix()
	jwt := signRS256(t, google.SAKey, fakegoogle.SAKeyID, map[string]any{"sub": fakegoogle.SAEmail, "aud": "vault/dev", "iat": now, "exp": now + 300})
	env.Leaks.Add(jwt)
	lookups := google.IAMLookups()
	anon := anonymous(t)
	m := auth.GCP{Role: "dev", JWT: jwt}
	gotReply, err := anon.Login(ctx, m)
	ok(t, err)
	loggedIn(t, anon, "", m, gotReply.Auth)
	if gotReply.Auth.Metadata["service_account_email"] != fakegoogle.SAEmail || gotReply.Auth.Metadata["role"] != "dev" || !slices.Contains(gotReply.Auth.TokenPolicies, "dev") ||
		google.IAMLookups() == lookups {
		t.Fatalf("auth: %+v (IAM lookups before %d, after %d)", gotReply.Auth, lookups, google.IAMLookups())
	}
	// Role and JWT are required before anything is sent.
	if _, err := anon.Login(ctx, auth.GCP{Role: "dev"}); err == nil {
		t.Fatal("login without a JWT: no error")
	}
}
