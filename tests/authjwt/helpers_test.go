package authjwt_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/govault/govault/generated/authjwt"
	"github.com/govault/govault/internal/fakeupstream"
	"github.com/govault/govault/internal/livetest"
)

// signer makes ES256 JWTs by hand (no JWT library in go.mod).
type signer struct {
	key *ecdsa.PrivateKey
	kid string
}

func newSigner(t *testing.T) *signer {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return &signer{key: key, kid: "test-key"}
}

// publicPEM is the verification key as jwt_validation_pubkeys wants it.
func (s *signer) publicPEM(t *testing.T) string {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(s.key.Public())
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// jwk is the key as a JWKS entry.
func (s *signer) jwk() map[string]any {
	pad := func(b []byte) string {
		out := make([]byte, 32)
		copy(out[32-len(b):], b)
		return base64.RawURLEncoding.EncodeToString(out)
	}
	return map[string]any{
		"kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": s.kid,
		"x": pad(s.key.X.Bytes()), "y": pad(s.key.Y.Bytes()),
	}
}

// sign returns a compact JWT with the given claims plus iat/nbf/exp.
func (s *signer) sign(t *testing.T, claims map[string]any) string {
	t.Helper()
	now := time.Now().Unix()
	all := map[string]any{"iat": now, "nbf": now - 5, "exp": now + 300}
	for k, v := range claims {
		all[k] = v
	}
	enc := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return base64.RawURLEncoding.EncodeToString(b)
	}
	input := enc(map[string]any{"alg": "ES256", "typ": "JWT", "kid": s.kid}) + "." + enc(all)
	sum := sha256.Sum256([]byte(input))
	r, sv, err := ecdsa.Sign(rand.Reader, s.key, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	sig := make([]byte, 64)
	r.FillBytes(sig[:32])
	sv.FillBytes(sig[32:])
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// oidcProvider stands in for an OpenID Connect provider: discovery
// document, JWKS and a token endpoint that answers any code with an ID token
// for the nonce the test handed it.
type oidcProvider struct {
	*fakeupstream.Server
	signer   *signer
	clientID string
	nonce    string
	sub      string
}

func newOIDCProvider(t *testing.T, s *signer, clientID string) *oidcProvider {
	p := &oidcProvider{Server: fakeupstream.New(t), signer: s, clientID: clientID}
	p.Route("/.well-known/openid-configuration", func(*fakeupstream.Request) (int, any) {
		return http.StatusOK, map[string]any{
			"issuer":                                p.URL,
			"authorization_endpoint":                p.URL + "/authorize",
			"token_endpoint":                        p.URL + "/token",
			"jwks_uri":                              p.URL + "/jwks",
			"response_types_supported":              []string{"code", "id_token"},
			"subject_types_supported":               []string{"public"},
			"id_token_signing_alg_values_supported": []string{"ES256"},
		}
	})
	p.Route("/jwks", func(*fakeupstream.Request) (int, any) {
		return http.StatusOK, map[string]any{"keys": []any{s.jwk()}}
	})
	p.Route("/token", func(r *fakeupstream.Request) (int, any) {
		form, err := url.ParseQuery(string(r.Body))
		if err != nil || form.Get("code") == "" {
			return http.StatusBadRequest, map[string]any{"error": "invalid_request"}
		}
		return http.StatusOK, map[string]any{
			"access_token": "stub-access-token",
			"token_type":   "Bearer",
			"expires_in":   3600,
			"id_token":     p.signed(t),
		}
	})
	return p
}

// expect sets the nonce and subject of the next ID token.
func (p *oidcProvider) expect(nonce, sub string) {
	p.Locked(func() { p.nonce, p.sub = nonce, sub })
}

// idToken is the ID token the provider hands out now.
func (p *oidcProvider) idToken(t *testing.T) string {
	var tok string
	p.Locked(func() { tok = p.signed(t) })
	return tok
}

// signed is idToken for a route (which runs under the server's lock).
func (p *oidcProvider) signed(t *testing.T) string {
	return p.signer.sign(t, map[string]any{
		"iss": p.URL, "aud": p.clientID, "sub": p.sub, "nonce": p.nonce,
		"email": p.sub + "@example.com", "groups": []string{"devs"},
	})
}

// The generated client on each mount, with the root token; with
// wrappers.WithToken("") it sends none.
var (
	jwtAPI  = livetest.APIFor("auth/jwt", authjwt.New)
	oidcAPI = livetest.APIFor("auth/oidc", authjwt.New)
)
