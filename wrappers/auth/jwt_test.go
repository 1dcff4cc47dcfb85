package auth_test

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/govault/govault/internal/livetest"

	"github.com/govault/govault/generated/authjwt"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
	"github.com/govault/govault/wrappers/auth"
)

// JWT logs in with an ES256 JWT signed here and checked by Vault against
// jwt_validation_pubkeys: on the jwt mount with a role, on an oidc mount
// (Mount: "oidc") through its default_role, and refused when signed by
// another key.
func TestJWTLogin(t *testing.T) {
	ctx := context.Background()
	key := newECKey(t)
	c := admin(t)
	for _, mount := range []string{"jwt", "oidc"} {
		a := authjwt.New(c, livetest.URL(t, c, "auth/"+mount))
		err := a.JWTWriteConfig(ctx, authjwt.JWTWriteConfigRequest{
			JWTValidationPubkeys: []string{publicPEM(t, key.Public())}, BoundIssuer: livetest.Ptr("https://issuer.test"), DefaultRole: livetest.Ptr("dev"),
		})
		ok(t, err)
		_, err = a.JWTWriteRole(ctx, "dev", authjwt.JWTWriteRoleRequest{
			RoleType: livetest.Ptr(authjwt.JWT), UserClaim: livetest.Ptr("sub"), BoundAudiences: []string{"vault"},
			TokenPolicies: []string{"ci"}, TokenTTL: livetest.Ptr(vtypes.Duration("10m")),
		})
		ok(t, err)
	}
	for name, m := range map[string]auth.JWT{
		"jwt mount with role":     {Role: "dev", JWT: signedJWT(t, key, "ci-runner")},
		"oidc mount default role": {Mount: "oidc", JWT: signedJWT(t, key, "ci-runner")},
	} {
		t.Run(name, func(t *testing.T) {
			c := anonymous(t)
			gotReply, err := c.Login(ctx, m)
			ok(t, err)
			loggedIn(t, c, "", m, gotReply.Auth)
			if gotReply.Auth.Metadata["role"] != "dev" || !slices.Contains(gotReply.Auth.TokenPolicies, "ci") || gotReply.Auth.LeaseDuration != 600 {
				t.Fatalf("auth: %+v", gotReply.Auth)
			}
		})
	}

	forged := signedJWT(t, newECKey(t), "ci-runner")
	c = anonymous(t)
	_, err := c.Login(ctx, auth.JWT{Role: "dev", JWT: forged})
	env.Leaks.Seen(err)
	if !errors.Is(err, wrappers.ErrInvalidRequest) || c.Token() != "" {
		t.Fatalf("login with a JWT signed by another key: %v", err)
	}
}

// signedJWT is an ES256 JWT for the jwt/oidc mounts' config and role.
func signedJWT(t *testing.T, key *ecdsa.PrivateKey, sub string) string {
	t.Helper()
	now := time.Now().Unix()
	tok := signES256(t, key, "k1", map[string]any{
		"iss": "https://issuer.test", "sub": sub, "aud": "vault", "iat": now, "nbf": now - 5, "exp": now + 300,
	})
	env.Leaks.Add(tok)
	return tok
}
