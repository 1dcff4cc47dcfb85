package identity_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/govault/govault/generated/authtoken"
	"github.com/govault/govault/generated/identity"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
)

// api returns the identity client on the dev server with the root token,
// every response held to the spec.
var api = livetest.APIFor("identity", identity.New)

// entityToken issues a token tied to a new entity (through an entity alias on
// the token store) and returns it with the entity's ID.
func entityToken(t *testing.T, alias string) (token, entityID string) {
	t.Helper()
	ctx := context.Background()
	tok := env.Client(t).TokenAuth()
	role := "identity-" + alias
	_, err := tok.TokenWriteRole(ctx, role, authtoken.TokenWriteRoleRequest{
		AllowedPolicies:      []string{"identity-user"},
		AllowedEntityAliases: []string{alias},
	})
	env.OK(t, err)
	ttl := vtypes.Duration("1h")
	out, err := tok.TokenCreateWithRole(ctx, role, authtoken.TokenCreateRequest{
		EntityAlias: &alias, Policies: []string{"identity-user"}, TTL: &ttl,
	})
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

// formBody re-sends a request's JSON object body as a form
// (application/x-www-form-urlencoded), the other encoding the spec allows
// for the OIDC token endpoint: the generated client sends JSON only.
func formBody(t *testing.T) identity.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		raw, err := io.ReadAll(req.Body)
		if err != nil {
			return err
		}
		req.Body.Close()
		var fields map[string]any
		if err := json.Unmarshal(raw, &fields); err != nil {
			return err
		}
		form := url.Values{}
		for k, v := range fields {
			s, ok := v.(string)
			if !ok {
				t.Errorf("formBody: field %s is not a string: %v", k, v)
				continue
			}
			form.Set(k, s)
		}
		encoded := form.Encode()
		req.Body = io.NopCloser(strings.NewReader(encoded))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(encoded)), nil }
		req.ContentLength = int64(len(encoded))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return nil
	}
}

func status(t *testing.T, got, want int, what string) {
	t.Helper()
	if got != want {
		t.Fatalf("%s: status %d, want %d", what, got, want)
	}
}

// failedWith fails t unless err is Vault's answer with status want.
func failedWith(t *testing.T, err error, want int, what string) {
	t.Helper()
	if got := livetest.StatusOf(env.Leaks.Seen(err)); got != want {
		t.Fatalf("%s: status %d, want %d (%v)", what, got, want, err)
	}
}

// jsonBody decodes a captured answer that must have come as JSON into dst.
func jsonBody(t *testing.T, raw vtypes.Raw, dst any, what string) {
	t.Helper()
	if raw.Response == nil {
		t.Fatalf("%s: no answer captured", what)
	}
	if ct := raw.Response.Header.Get("Content-Type"); !strings.Contains(ct, "json") {
		t.Fatalf("%s: body came as %q: %s", what, ct, raw.Body)
	}
	if err := json.Unmarshal(raw.Body, dst); err != nil {
		t.Fatalf("%s: %v: %s", what, err, raw.Body)
	}
}
