package identity_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/govault/govault/generated/identity"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
	"github.com/govault/govault/wrappers"
)

// The documented child issuers, plugins and secrets-sync (Enterprise), are
// values of {child}: their discovery reads are the child operations.
func TestOIDCChildIssuersDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	for _, child := range []string{"plugins", "secrets-sync"} {
		base := "https://example.com/v1/identity/oidc/" + child
		s.On("GET", "/v1/identity/oidc/"+child+"/.well-known/openid-configuration", 200, `{"issuer":"`+base+`","jwks_uri":"`+base+`/.well-known/keys",`+
			`"response_types_supported":["id_token"],"subject_types_supported":["public"],"id_token_signing_alg_values_supported":["RS256","RS384","RS512","ES256","ES384","ES512","EdDSA"]}`)
		s.On("GET", "/v1/identity/oidc/"+child+"/.well-known/keys", 200, `{"keys":[{"use":"sig","kty":"RSA","kid":"94178020-55b5-e18d-b32b-1010ba5a35b4","alg":"RS256","n":"1bt-V8T7g0zr7koNbdppFrUM5Yrnyb","e":"AQAB"}]}`)
	}
	a := livetest.API(t, s.Client(t), "identity", identity.New)
	for _, child := range []string{"plugins", "secrets-sync"} {
		disc, err := a.IdentityReadOIDCChildOpenIDConfiguration(ctx, child)
		env.OK(t, err)
		want := "https://example.com/v1/identity/oidc/" + child
		if disc.Issuer != want || disc.JWKSURI != want+"/.well-known/keys" {
			t.Errorf("%s discovery: %+v", child, disc)
		}
		jwks, err := a.IdentityReadOIDCChildPublicKeys(ctx, child)
		env.OK(t, err)
		if diff := cmp.Diff([]string{"RSA"}, []string{jwks.Keys[0].Kty}); diff != "" || jwks.Keys[0].E == nil {
			t.Errorf("%s keys: %+v", child, jwks.Keys)
		}
	}
}

// Community Edition knows no child issuer: the documented ones are a 400.
func TestOIDCChildIssuersCommunity(t *testing.T) {
	ctx := context.Background()
	a := livetest.API(t, env.Client(t, wrappers.WithToken("")), "identity", identity.New)
	for _, child := range []string{"plugins", "secrets-sync"} {
		_, err := a.IdentityReadOIDCChildOpenIDConfiguration(ctx, child)
		if got := livetest.StatusOf(err); got != http.StatusBadRequest {
			t.Errorf("%s discovery on Community Edition: status %d (%v), want 400", child, got, err)
		}
		_, err = a.IdentityReadOIDCChildPublicKeys(ctx, child)
		if got := livetest.StatusOf(err); got != http.StatusBadRequest {
			t.Errorf("%s keys on Community Edition: status %d (%v), want 400", child, got, err)
		}
	}
}
