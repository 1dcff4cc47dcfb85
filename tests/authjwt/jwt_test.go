package authjwt_test

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/authjwt"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// Config, roles and a real JWT login on auth/jwt, with keys made here.
func TestJWTConfigRolesLogin(t *testing.T) {
	ctx := context.Background()
	a := jwtAPI(t)
	s := newSigner(t)
	pub := s.publicPEM(t)

	err := a.JWTWriteConfig(ctx, authjwt.JWTWriteConfigRequest{
		JWTValidationPubkeys: []string{pub},
		JWTSupportedAlgs:     []string{"ES256"},
		BoundIssuer:          livetest.Ptr("https://issuer.test"),
		DefaultRole:          livetest.Ptr("ci"),
	})
	env.OK(t, err)
	cfg, err := a.JWTReadConfig(ctx)
	env.OK(t, err)
	if cfg.Data.BoundIssuer != "https://issuer.test" || cfg.Data.DefaultRole != "ci" ||
		len(cfg.Data.JWTValidationPubkeys) != 1 || strings.TrimSpace(cfg.Data.JWTValidationPubkeys[0]) != strings.TrimSpace(pub) ||
		!slices.Equal(cfg.Data.JWTSupportedAlgs, []string{"ES256"}) || !cfg.Data.NamespaceInState {
		t.Fatalf("config: %+v", cfg.Data)
	}

	ttl := vtypes.Duration("1h")
	roleType := authjwt.JWT
	_, err = a.JWTWriteRole(ctx, "ci", authjwt.JWTWriteRoleRequest{
		RoleType:         &roleType,
		UserClaim:        livetest.Ptr("sub"),
		BoundAudiences:   []string{"vault"},
		BoundClaims:      map[string]any{"team": "platform", "level": []string{"1", "2"}},
		ClaimMappings:    map[string]string{"email": "email"},
		TokenPolicies:    []string{"reader"},
		TokenTTL:         &ttl,
		ExpirationLeeway: livetest.Ptr(vtypes.Seconds(30)),
	})
	env.OK(t, err)
	role, err := a.JWTReadRole(ctx, "ci")
	env.OK(t, err)
	wantRole := authjwt.JWTRoleData{
		RoleType: "jwt", UserClaim: "sub", BoundAudiences: []string{"vault"},
		BoundClaims:   map[string]any{"team": "platform", "level": []any{"1", "2"}},
		ClaimMappings: map[string]string{"email": "email"}, TokenPolicies: []string{"reader"}, TokenTTL: 3600, ExpirationLeeway: 30,
		// Vault's defaults.
		BoundClaimsType: "string", TokenBoundCIDRs: []string{}, TokenType: "default",
	}
	if diff := cmp.Diff(wantRole, role.Data); diff != "" {
		t.Fatalf("role (-want +got):\n%s", diff)
	}

	// The real login, without a token: the signed JWT is the credential.
	anon := jwtAPI(t, wrappers.WithToken(""))
	jwt := s.sign(t, map[string]any{"iss": "https://issuer.test", "aud": "vault", "sub": "build-42",
		"team": "platform", "level": "2", "email": "ci@example.com"})
	login, err := anon.JWTLogin(ctx, authjwt.JWTLoginRequest{JWT: jwt})
	env.OK(t, err)
	if login.Auth == nil || login.Auth.ClientToken == "" {
		t.Fatalf("login: no auth block: %+v", login)
	}
	env.Leaks.Add(login.Auth.ClientToken, jwt)
	if login.Auth.Metadata["role"] != "ci" || login.Auth.Metadata["email"] != "ci@example.com" ||
		!slices.Contains(login.Auth.Policies, "reader") || login.Auth.LeaseDuration != 3600 {
		t.Fatalf("login auth: %+v", login.Auth)
	}
	// A token that breaks a bound claim is refused.
	bad := s.sign(t, map[string]any{"iss": "https://issuer.test", "aud": "vault", "sub": "x", "team": "other", "level": "1"})
	if _, err := anon.JWTLogin(ctx, authjwt.JWTLoginRequest{JWT: bad, Role: livetest.Ptr("ci")}); err == nil {
		t.Fatal("login with a wrong bound claim succeeded")
	}

	// Deprecated field names are still accepted and read back under both names.
	_, err = a.JWTWriteRole(ctx, "legacy", authjwt.JWTWriteRoleRequest{
		RoleType:     &roleType,
		UserClaim:    livetest.Ptr("sub"),
		BoundSubject: livetest.Ptr("svc"),
		Policies:     []string{"old"},
		TTL:          livetest.Ptr(vtypes.Duration("10m")),
		MaxTTL:       livetest.Ptr(vtypes.Duration("20m")),
		Period:       livetest.Ptr(vtypes.Duration("5m")),
		NumUses:      livetest.Ptr(3),
		BoundCIDRs:   []string{"127.0.0.1/32"},
	})
	env.OK(t, err)
	legacy, err := a.JWTReadRole(ctx, "legacy")
	env.OK(t, err)
	if !slices.Equal(legacy.Data.Policies, []string{"old"}) || legacy.Data.TTL == nil || *legacy.Data.TTL != 600 ||
		legacy.Data.MaxTTL == nil || *legacy.Data.MaxTTL != 1200 || legacy.Data.Period == nil || *legacy.Data.Period != 300 ||
		legacy.Data.NumUses == nil || *legacy.Data.NumUses != 3 || len(legacy.Data.BoundCIDRs) != 1 ||
		legacy.Data.TokenTTL != 600 || legacy.Data.TokenNumUses != 3 {
		t.Fatalf("legacy role: %+v", legacy.Data)
	}

	// An oidc role with verbose logging is saved with a warning.
	warned, err := a.JWTWriteRole(ctx, "verbose", authjwt.JWTWriteRoleRequest{
		UserClaim:           livetest.Ptr("sub"),
		AllowedRedirectURIs: []string{"http://localhost:8250/oidc/callback"},
		OIDCScopes:          []string{"email"},
		VerboseOIDCLogging:  livetest.Ptr(true),
	})
	env.OK(t, err)
	if len(warned.Warnings) == 0 {
		t.Fatal("verbose_oidc_logging: no warning")
	}

	list, err := a.JWTListRoles(ctx)
	env.OK(t, err)
	if !slices.Equal(list.Data.Keys, []string{"ci", "legacy", "verbose"}) {
		t.Fatalf("roles: %v", list.Data.Keys)
	}
	for _, name := range list.Data.Keys {
		err = a.JWTDeleteRole(ctx, name)
		env.OK(t, err)
	}
	if _, err := a.JWTReadRole(ctx, "ci"); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("deleted role read: %v", err)
	}
}

// The OIDC browser flow on auth/oidc against a stub provider: auth_url, then
// the code callback; then form_post mode with an ID token posted back.
func TestOIDCFlow(t *testing.T) {
	ctx := context.Background()
	a := oidcAPI(t)
	anon := oidcAPI(t, wrappers.WithToken(""))
	s := newSigner(t)
	p := newOIDCProvider(t, s, "vault-client")

	configure := func(mode *authjwt.JWTWriteConfigRequestOIDCResponseMode, types []authjwt.JWTWriteConfigRequestOIDCResponseTypes) {
		t.Helper()
		err := a.JWTWriteConfig(ctx, authjwt.JWTWriteConfigRequest{
			OIDCDiscoveryURL:  livetest.Ptr(p.URL),
			OIDCClientID:      livetest.Ptr("vault-client"),
			OIDCClientSecret:  livetest.Ptr("vault-secret"),
			JWTSupportedAlgs:  []string{"ES256"},
			DefaultRole:       livetest.Ptr("web"),
			OIDCResponseMode:  mode,
			OIDCResponseTypes: types,
		})
		env.OK(t, err)
	}
	configure(nil, nil)
	cfg, err := a.JWTReadConfig(ctx)
	env.OK(t, err)
	if cfg.Data.OIDCDiscoveryURL != p.URL || cfg.Data.OIDCClientID != "vault-client" || cfg.Data.OIDCResponseMode != "" {
		t.Fatalf("config: %+v", cfg.Data)
	}

	redirect := "http://localhost:8250/oidc/callback"
	uiRedirect := "http://localhost:8200/ui/vault/auth/oidc/oidc/callback"
	_, err = a.JWTWriteRole(ctx, "web", authjwt.JWTWriteRoleRequest{
		UserClaim:           livetest.Ptr("email"),
		GroupsClaim:         livetest.Ptr("groups"),
		AllowedRedirectURIs: []string{redirect, uiRedirect},
		OIDCScopes:          []string{"email", "profile"},
		ClaimMappings:       map[string]string{"sub": "subject"},
		TokenPolicies:       []string{"web"},
	})
	env.OK(t, err)

	start := func(body authjwt.JWTOIDCAuthURLRequest) (state, nonce string) {
		t.Helper()
		out, err := anon.JWTOIDCAuthURL(ctx, body)
		env.OK(t, err)
		u, err := url.Parse(out.Data.AuthURL)
		if err != nil || !strings.HasPrefix(out.Data.AuthURL, p.URL+"/authorize?") {
			t.Fatalf("auth_url %q: %v", out.Data.AuthURL, err)
		}
		q := u.Query()
		if q.Get("client_id") != "vault-client" || !strings.Contains(q.Get("scope"), "profile") {
			t.Fatalf("auth_url query: %v", q)
		}
		return q.Get("state"), q.Get("nonce")
	}

	// A redirect the role does not allow gets an empty URL, not an error.
	refused, err := anon.JWTOIDCAuthURL(ctx, authjwt.JWTOIDCAuthURLRequest{RedirectURI: "https://evil.test/cb"})
	env.OK(t, err)
	if refused.Data.AuthURL != "" {
		t.Fatalf("refused auth_url: %q", refused.Data.AuthURL)
	}

	// Code flow: the stub's token endpoint answers the code with an ID token.
	state, nonce := start(authjwt.JWTOIDCAuthURLRequest{Role: livetest.Ptr("web"), RedirectURI: redirect, ClientNonce: livetest.Ptr("cli-nonce")})
	p.expect(nonce, "alice")
	done, err := anon.JWTOIDCCallback(ctx, &authjwt.JWTOIDCCallbackParams{
		State: state, Code: livetest.Ptr("any-code"), ClientNonce: livetest.Ptr("cli-nonce"),
	})
	env.OK(t, err)
	if done.Auth == nil || done.Auth.ClientToken == "" {
		t.Fatalf("callback: no auth: %+v", done)
	}
	env.Leaks.Add(done.Auth.ClientToken)
	if done.Auth.Metadata["role"] != "web" || done.Auth.Metadata["subject"] != "alice" || !slices.Contains(done.Auth.Policies, "web") {
		t.Fatalf("callback auth: %+v", done.Auth)
	}
	// The state is spent.
	if _, err := anon.JWTOIDCCallback(ctx, &authjwt.JWTOIDCCallbackParams{State: state, Code: livetest.Ptr("any-code"), ClientNonce: livetest.Ptr("cli-nonce")}); err == nil {
		t.Fatal("callback reused a state")
	}

	// form_post with id_token: the provider posts the ID token to Vault,
	// whose page then calls the GET callback with code "no_code".
	configure(livetest.Ptr(authjwt.FormPost), []authjwt.JWTWriteConfigRequestOIDCResponseTypes{authjwt.IDToken})
	state, nonce = start(authjwt.JWTOIDCAuthURLRequest{RedirectURI: uiRedirect})
	p.expect(nonce, "bob")
	var postedRaw vtypes.Raw
	posted, err := anon.JWTOIDCCallbackFormPost(ctx, authjwt.JWTOIDCCallbackFormPostRequest{
		State: state, IDToken: livetest.Ptr(p.idToken(t)),
	}, vtypes.CaptureRaw(&postedRaw))
	env.OK(t, err)
	if ct := postedRaw.Response.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") || !strings.Contains(string(posted), state) {
		t.Fatalf("form_post page: %s %.200s", ct, posted)
	}
	done, err = anon.JWTOIDCCallback(ctx, &authjwt.JWTOIDCCallbackParams{State: state, Code: livetest.Ptr("no_code")})
	env.OK(t, err)
	if done.Auth == nil || done.Auth.Metadata["subject"] != "bob" {
		t.Fatalf("form_post callback auth: %+v", done.Auth)
	}
	env.Leaks.Add(done.Auth.ClientToken)
}
