package identity_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/govault/govault/generated/authtoken"
	"github.com/govault/govault/generated/identity"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var list = vaultcommon.ListTrue

// api returns the identity client on the dev server with the root token,
// every response held to the spec.
func api(t *testing.T, opts ...wrappers.Option) *identity.ClientWithResponses {
	t.Helper()
	return livetest.API(t, env.Client(t, opts...), "identity", identity.NewClientWithResponses, identity.WithHTTPClient)
}

// entityToken issues a token tied to a new entity (through an entity alias on
// the token store) and returns it with the entity's ID.
func entityToken(t *testing.T, alias string) (token, entityID string) {
	t.Helper()
	ctx := context.Background()
	tok := env.Client(t).TokenAuth()
	role := "identity-" + alias
	_, err := wrappers.Check(tok.TokenWriteRoleWithResponse(ctx, role, authtoken.TokenWriteRoleRequest{
		AllowedPolicies:      []string{"identity-user"},
		AllowedEntityAliases: []string{alias},
	}))
	env.OK(t, err)
	ttl := vtypes.Duration("1h")
	out, err := wrappers.Decode(tok.TokenCreateWithRoleWithResponse(ctx, role, authtoken.TokenCreateRequest{
		EntityAlias: &alias, Policies: []string{"identity-user"}, TTL: &ttl,
	}))
	env.OK(t, err)
	if out.Auth == nil || out.Auth.EntityID == "" {
		t.Fatalf("token from role %s has no entity: %+v", role, out.Auth)
	}
	env.Leaks.Add(out.Auth.ClientToken)
	return out.Auth.ClientToken, out.Auth.EntityID
}

// bearer sends the OIDC access token the way the userinfo endpoint wants it.
func bearer(token string) identity.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+token)
		return nil
	}
}

func ptr[T any](v T) *T { return &v }

func status(t *testing.T, got, want int, what string) {
	t.Helper()
	if got != want {
		t.Fatalf("%s: status %d, want %d", what, got, want)
	}
}
