package identity_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/identity"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// Identity tokens: issuer config, named keys, roles, signed tokens,
// introspection and the unauthenticated discovery endpoints.
func TestOIDCIdentityTokens(t *testing.T) {
	ctx := context.Background()
	id := api(t)

	// Issuer: setting one warns (200), clearing it is a 204.
	set, err := id.IdentityWriteOIDCConfig(ctx, identity.IdentityWriteOIDCConfigRequest{Issuer: livetest.Ptr("https://vault.example.com:8200")})
	env.OK(t, err)
	if len(set.Warnings) == 0 {
		t.Fatal("setting an issuer gave no warning")
	}
	cfg, err := id.IdentityReadOIDCConfig(ctx)
	env.OK(t, err)
	if cfg.Data.Issuer != "https://vault.example.com:8200" {
		t.Fatalf("config: %+v", cfg.Data)
	}
	var cleared vtypes.Raw
	_, err = id.IdentityWriteOIDCConfig(ctx, identity.IdentityWriteOIDCConfigRequest{Issuer: livetest.Ptr("")}, vtypes.CaptureRaw(&cleared))
	env.OK(t, err)
	status(t, cleared.Response.StatusCode, http.StatusNoContent, "clearing the issuer")

	// A named key and a role that signs with it.
	alg := identity.KeyAlgorithmES256
	rotation, verification := vtypes.Duration("12h"), vtypes.Duration("2h")
	err = id.IdentityWriteOIDCKey(ctx, "signer", identity.IdentityWriteOIDCKeyRequest{
		Algorithm: &alg, AllowedClientIDs: []string{"*"}, RotationPeriod: &rotation, VerificationTTL: &verification,
	})
	env.OK(t, err)
	key, err := id.IdentityReadOIDCKey(ctx, "signer")
	env.OK(t, err)
	wantKey := identity.IdentityOIDCKeyData{Algorithm: "ES256", AllowedClientIDs: []string{"*"}, RotationPeriod: 43200, VerificationTTL: 7200}
	if diff := cmp.Diff(wantKey, key.Data); diff != "" {
		t.Fatalf("key (-want +got):\n%s", diff)
	}
	keys, err := id.IdentityListOIDCKeys(ctx)
	env.OK(t, err)
	if !slices.Contains(keys.Data.Keys, "signer") {
		t.Fatalf("keys: %v", keys.Data.Keys)
	}
	err = id.IdentityRotateOIDCKey(ctx, "signer", identity.IdentityRotateOIDCKeyRequest{VerificationTTL: livetest.Ptr(vtypes.Duration("1h"))})
	env.OK(t, err)

	ttl := vtypes.Duration("30m")
	err = id.IdentityWriteOIDCRole(ctx, "app", identity.IdentityWriteOIDCRoleRequest{
		Key: livetest.Ptr("signer"), TTL: &ttl, Template: livetest.Ptr(`{"team": {{identity.entity.metadata.team}} }`),
	})
	env.OK(t, err)
	role, err := id.IdentityReadOIDCRole(ctx, "app")
	env.OK(t, err)
	if role.Data.ClientID == "" {
		t.Fatalf("role without a client ID: %+v", role.Data)
	}
	wantRole := identity.IdentityOIDCRoleData{
		Key: "signer", TTL: 1800, Template: `{"team": {{identity.entity.metadata.team}} }`, ClientID: role.Data.ClientID,
	}
	if diff := cmp.Diff(wantRole, role.Data); diff != "" {
		t.Fatalf("role (-want +got):\n%s", diff)
	}
	roles, err := id.IdentityListOIDCRoles(ctx)
	env.OK(t, err)
	if !slices.Equal(roles.Data.Keys, []string{"app"}) {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}

	// A token tied to an entity gets a signed JWT; introspection accepts it.
	token, entityID := entityToken(t, "oidc-token-user")
	signed, err := api(t, wrappers.WithToken(token)).IdentityGenerateOIDCToken(ctx, "app")
	env.OK(t, err)
	env.Leaks.Add(signed.Data.Token)
	if signed.Data.ClientID != role.Data.ClientID || signed.Data.TTL != 1800 || strings.Count(signed.Data.Token, ".") != 2 {
		t.Fatalf("token: %+v", signed.Data)
	}
	claims := jwtClaims(t, signed.Data.Token)
	if !strings.Contains(claims, `"sub":"`+entityID+`"`) {
		t.Fatalf("token claims %s lack sub %s", claims, entityID)
	}
	active, err := id.IdentityIntrospectOIDCToken(ctx, identity.IdentityIntrospectOIDCTokenRequest{Token: signed.Data.Token, ClientID: &role.Data.ClientID})
	env.OK(t, err)
	if !active.Active || active.Error != nil {
		t.Fatalf("introspect: %+v", active)
	}
	inactive, err := id.IdentityIntrospectOIDCToken(ctx, identity.IdentityIntrospectOIDCTokenRequest{Token: "not.a.jwt"})
	env.OK(t, err)
	if inactive.Active || inactive.Error == nil {
		t.Fatalf("introspect of garbage: %+v", inactive)
	}

	// Discovery works without a token.
	anon := api(t, wrappers.WithToken(""))
	disc, err := anon.IdentityReadOIDCOpenIDConfiguration(ctx)
	env.OK(t, err)
	if !strings.HasSuffix(disc.Issuer, "/v1/identity/oidc") || disc.JWKSURI != disc.Issuer+"/.well-known/keys" || !slices.Contains(disc.IDTokenSigningAlgValuesSupported, "ES256") {
		t.Fatalf("discovery: %+v", disc)
	}
	jwks, err := anon.IdentityReadOIDCPublicKeys(ctx)
	env.OK(t, err)
	kid := jwtHeaderKid(t, signed.Data.Token)
	if !slices.ContainsFunc(jwks.Keys, func(k identity.IdentityJSONWebKey) bool { return k.Kid == kid && k.Kty == "EC" && k.Crv != nil }) {
		t.Fatalf("jwks lacks the signing key %s: %+v", kid, jwks.Keys)
	}

	// A key in use cannot be deleted; after the role goes it can.
	err = id.IdentityDeleteOIDCKey(ctx, "signer")
	failedWith(t, err, http.StatusBadRequest, "deleting a key a role uses")
	err = id.IdentityDeleteOIDCRole(ctx, "app")
	env.OK(t, err)
	err = id.IdentityDeleteOIDCKey(ctx, "signer")
	env.OK(t, err)
	err = id.IdentityDeleteEntityByID(ctx, entityID)
	env.OK(t, err)
}

// The OIDC provider: assignments, scopes, clients, providers, discovery, and
// the whole authorization code flow (authorize, token, userinfo) against the
// dev server, for a confidential client and for a public client with PKCE.
func TestOIDCProvider(t *testing.T) {
	ctx := context.Background()
	id := api(t)
	token, entityID := entityToken(t, "oidc-provider-user")
	err := id.IdentityUpdateEntityByID(ctx, entityID, identity.IdentityUpdateEntityByIDRequest{Metadata: map[string]string{"email": "user@example.com"}})
	env.OK(t, err)

	err = id.IdentityWriteOIDCAssignment(ctx, "users", identity.IdentityWriteOIDCAssignmentRequest{EntityIDs: []string{entityID}})
	env.OK(t, err)
	asg, err := id.IdentityReadOIDCAssignment(ctx, "users")
	env.OK(t, err)
	if !slices.Equal(asg.Data.EntityIDs, []string{entityID}) {
		t.Fatalf("assignment: %+v", asg.Data)
	}
	asgs, err := id.IdentityListOIDCAssignments(ctx)
	env.OK(t, err)
	if !slices.Contains(asgs.Data.Keys, "users") || !slices.Contains(asgs.Data.Keys, "allow_all") {
		t.Fatalf("assignments: %v", asgs.Data.Keys)
	}

	err = id.IdentityWriteOIDCScope(ctx, "email", identity.IdentityWriteOIDCScopeRequest{
		Template: livetest.Ptr(`{"email": {{identity.entity.metadata.email}} }`), Description: livetest.Ptr("The entity's email"),
	})
	env.OK(t, err)
	scope, err := id.IdentityReadOIDCScope(ctx, "email")
	env.OK(t, err)
	if scope.Data.Description != "The entity's email" || !strings.Contains(scope.Data.Template, "metadata.email") {
		t.Fatalf("scope: %+v", scope.Data)
	}
	scopes, err := id.IdentityListOIDCScopes(ctx)
	env.OK(t, err)
	if !slices.Equal(scopes.Data.Keys, []string{"email"}) {
		t.Fatalf("scopes: %v", scopes.Data.Keys)
	}

	const redirect = "https://app.example.com/callback"
	idTTL := vtypes.Duration("30m")
	err = id.IdentityWriteOIDCClient(ctx, "web", identity.IdentityWriteOIDCClientRequest{
		Key: livetest.Ptr("default"), RedirectURIs: []string{redirect}, Assignments: []string{"users"}, IDTokenTTL: &idTTL,
	})
	env.OK(t, err)
	public := identity.ClientTypePublic
	err = id.IdentityWriteOIDCClient(ctx, "cli", identity.IdentityWriteOIDCClientRequest{
		Key: livetest.Ptr("default"), RedirectURIs: []string{redirect}, Assignments: []string{"allow_all"}, ClientType: &public,
	})
	env.OK(t, err)
	web, err := id.IdentityReadOIDCClient(ctx, "web")
	env.OK(t, err)
	if web.Data.ClientSecret == nil || web.Data.ClientType != "confidential" || web.Data.IDTokenTTL != 1800 {
		t.Fatalf("confidential client: %+v", web.Data)
	}
	env.Leaks.Add(*web.Data.ClientSecret)
	cli, err := id.IdentityReadOIDCClient(ctx, "cli")
	env.OK(t, err)
	if cli.Data.ClientSecret != nil || cli.Data.ClientType != "public" {
		t.Fatalf("public client: %+v", cli.Data)
	}
	clients, err := id.IdentityListOIDCClients(ctx)
	env.OK(t, err)
	if info := clients.Data.KeyInfo["web"]; info.ClientID != web.Data.ClientID {
		t.Fatalf("clients: %+v", clients.Data)
	}

	_, err = id.IdentityWriteOIDCProvider(ctx, "corp", identity.IdentityWriteOIDCProviderRequest{
		AllowedClientIDs: []string{web.Data.ClientID, cli.Data.ClientID}, ScopesSupported: []string{"email"},
	})
	env.OK(t, err)
	// An explicit issuer is accepted with a warning (200).
	warned, err := id.IdentityWriteOIDCProvider(ctx, "corp", identity.IdentityWriteOIDCProviderRequest{Issuer: livetest.Ptr(strings.TrimSuffix(env.Server.Addr, "/"))})
	env.OK(t, err)
	if len(warned.Warnings) == 0 {
		t.Fatal("explicit provider issuer gave no warning")
	}
	provider, err := id.IdentityReadOIDCProvider(ctx, "corp")
	env.OK(t, err)
	if !strings.HasSuffix(provider.Data.Issuer, "/v1/identity/oidc/provider/corp") || !slices.Equal(provider.Data.ScopesSupported, []string{"email"}) {
		t.Fatalf("provider: %+v", provider.Data)
	}
	filtered, err := id.IdentityListOIDCProviders(ctx, &identity.IdentityListOIDCProvidersParams{AllowedClientID: &web.Data.ClientID})
	env.OK(t, err)
	if _, ok := filtered.Data.KeyInfo["corp"]; !ok || !slices.Contains(filtered.Data.Keys, "default") {
		t.Fatalf("providers for the web client: %+v", filtered.Data)
	}

	anon := api(t, wrappers.WithToken(""))
	disc, err := anon.IdentityReadOIDCProviderOpenIDConfiguration(ctx, "corp")
	env.OK(t, err)
	if disc.Issuer != provider.Data.Issuer || !slices.Contains(disc.ScopesSupported, "openid") || !slices.Contains(disc.CodeChallengeMethodsSupported, "S256") {
		t.Fatalf("provider discovery: %+v", disc)
	}
	pkeys, err := anon.IdentityReadOIDCProviderPublicKeys(ctx, "corp")
	env.OK(t, err)
	if len(pkeys.Keys) == 0 || pkeys.Keys[0].Kty != "RSA" || pkeys.Keys[0].N == nil {
		t.Fatalf("provider keys: %+v", pkeys.Keys)
	}

	// Confidential client: authorize (POST form), exchange with client_secret_post.
	user := api(t, wrappers.WithToken(token))
	code, err := user.IdentityOIDCProviderAuthorizeWithParameters(ctx, "corp", identity.IdentityOIDCProviderAuthorizeWithParametersRequest{
		ClientID: web.Data.ClientID, Scope: "openid email", RedirectURI: redirect, ResponseType: "code", State: livetest.Ptr("s1"), Nonce: livetest.Ptr("n1"),
	})
	env.OK(t, err)
	if code.Code == "" || code.State != "s1" {
		t.Fatalf("authorize: %+v", code)
	}
	// Unknown client: an OAuth error body, not Vault's errors list.
	var refused vtypes.Raw
	_, err = user.IdentityOIDCProviderAuthorizeWithParameters(ctx, "corp", identity.IdentityOIDCProviderAuthorizeWithParametersRequest{
		ClientID: "nope", Scope: "openid", RedirectURI: redirect, ResponseType: "code", State: livetest.Ptr("s2"),
	}, vtypes.CaptureRaw(&refused))
	failedWith(t, err, http.StatusBadRequest, "authorize with an unknown client")
	var refusal identity.IdentityOIDCProviderError
	jsonBody(t, refused, &refusal, "authorize with an unknown client")
	if refusal.Error != "invalid_client_id" || refusal.State == nil || *refusal.State != "s2" {
		t.Fatalf("authorize with an unknown client: %d %s", refused.Response.StatusCode, refused.Body)
	}
	tokens, err := anon.IdentityOIDCProviderToken(ctx, "corp", identity.IdentityOIDCProviderTokenRequest{
		GrantType: "authorization_code", Code: code.Code, RedirectURI: redirect, ClientID: &web.Data.ClientID, ClientSecret: web.Data.ClientSecret,
	})
	env.OK(t, err)
	env.Leaks.Add(tokens.AccessToken, tokens.IDToken)
	if tokens.TokenType != "Bearer" || tokens.ExpiresIn <= 0 || !strings.Contains(jwtClaims(t, tokens.IDToken), `"nonce":"n1"`) {
		t.Fatalf("token: %+v", tokens)
	}
	// A code works once.
	var reused vtypes.Raw
	_, err = anon.IdentityOIDCProviderToken(ctx, "corp", identity.IdentityOIDCProviderTokenRequest{
		GrantType: "authorization_code", Code: code.Code, RedirectURI: redirect, ClientID: &web.Data.ClientID, ClientSecret: web.Data.ClientSecret,
	}, vtypes.CaptureRaw(&reused))
	failedWith(t, err, http.StatusBadRequest, "reused code")
	var reuseErr identity.IdentityOIDCProviderError
	jsonBody(t, reused, &reuseErr, "reused code")
	if reuseErr.Error != "invalid_grant" {
		t.Fatalf("reused code: %d %s", reused.Response.StatusCode, reused.Body)
	}
	var badSecret vtypes.Raw
	_, err = anon.IdentityOIDCProviderToken(ctx, "corp", identity.IdentityOIDCProviderTokenRequest{
		GrantType: "authorization_code", Code: "x", RedirectURI: redirect, ClientID: &web.Data.ClientID, ClientSecret: livetest.Ptr("wrong"),
	}, vtypes.CaptureRaw(&badSecret))
	failedWith(t, err, http.StatusUnauthorized, "wrong client secret")
	var secretErr identity.IdentityOIDCProviderError
	jsonBody(t, badSecret, &secretErr, "wrong client secret")
	if secretErr.Error != "invalid_client" {
		t.Fatalf("wrong client secret: %d %s", badSecret.Response.StatusCode, badSecret.Body)
	}

	// userinfo wants the access token as a Bearer header and no X-Vault-Token.
	info, err := anon.IdentityOIDCProviderUserInfo(ctx, "corp", bearer(tokens.AccessToken))
	env.OK(t, err)
	if info.Sub != entityID || info.AdditionalProperties["email"] != "user@example.com" {
		t.Fatalf("userinfo: %+v", info)
	}
	infoPost, err := anon.IdentityOIDCProviderUserInfoPost(ctx, "corp", bearer(tokens.AccessToken))
	env.OK(t, err)
	if infoPost.Sub != entityID {
		t.Fatalf("userinfo (POST): %+v", infoPost)
	}
	var denied vtypes.Raw
	_, err = anon.IdentityOIDCProviderUserInfo(ctx, "corp", bearer("not-a-token"), vtypes.CaptureRaw(&denied))
	failedWith(t, err, http.StatusUnauthorized, "userinfo with a bad token")
	var deniedErr identity.IdentityOIDCProviderError
	jsonBody(t, denied, &deniedErr, "userinfo with a bad token")
	if deniedErr.Error != "invalid_token" {
		t.Fatalf("userinfo with a bad token: %d %s", denied.Response.StatusCode, denied.Body)
	}

	// Public client: authorize (GET) with an S256 PKCE challenge, exchange
	// with the verifier in a form body.
	verifier := strings.Repeat("v", 50)
	sum := sha256.Sum256([]byte(verifier))
	s256 := identity.CodeChallengeS256
	pcode, err := user.IdentityOIDCProviderAuthorize(ctx, "corp", &identity.IdentityOIDCProviderAuthorizeParams{
		ClientID: cli.Data.ClientID, Scope: "openid", RedirectURI: redirect, ResponseType: "code",
		CodeChallenge: livetest.Ptr(base64.RawURLEncoding.EncodeToString(sum[:])), CodeChallengeMethod: &s256,
	})
	env.OK(t, err)
	if pcode.Code == "" || pcode.State != "" {
		t.Fatalf("authorize (GET): %+v", pcode)
	}
	ptokens, err := anon.IdentityOIDCProviderToken(ctx, "corp", identity.IdentityOIDCProviderTokenRequest{
		GrantType: "authorization_code", Code: pcode.Code, RedirectURI: redirect, ClientID: &cli.Data.ClientID, CodeVerifier: &verifier,
	}, formBody(t))
	env.OK(t, err)
	env.Leaks.Add(ptokens.AccessToken, ptokens.IDToken)
	if !strings.Contains(jwtClaims(t, ptokens.IDToken), `"aud":"`+cli.Data.ClientID+`"`) {
		t.Fatalf("public client id token: %s", jwtClaims(t, ptokens.IDToken))
	}

	// Clean up: provider first (it names the scope), then clients, scope, assignment.
	err = id.IdentityDeleteOIDCProvider(ctx, "corp")
	env.OK(t, err)
	for _, c := range []string{"web", "cli"} {
		err = id.IdentityDeleteOIDCClient(ctx, c)
		env.OK(t, err)
	}
	err = id.IdentityDeleteOIDCScope(ctx, "email")
	env.OK(t, err)
	err = id.IdentityDeleteOIDCAssignment(ctx, "users")
	env.OK(t, err)
	_, err = id.IdentityReadOIDCProvider(ctx, "corp")
	failedWith(t, err, http.StatusNotFound, "read of a deleted provider")
	err = id.IdentityDeleteEntityByID(ctx, entityID)
	env.OK(t, err)
}

// jwtClaims returns the decoded payload of a JWT, as JSON text.
func jwtClaims(t *testing.T, jwt string) string {
	t.Helper()
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %d parts", len(parts))
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatalf("JWT payload: %v", err)
	}
	return string(raw)
}

// jwtHeaderKid returns the kid of a JWT's header.
func jwtHeaderKid(t *testing.T, jwt string) string {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(strings.Split(jwt, ".")[0])
	if err != nil {
		t.Fatalf("JWT header: %v", err)
	}
	_, after, ok := strings.Cut(string(raw), `"kid":"`)
	if !ok {
		t.Fatalf("JWT header without kid: %s", raw)
	}
	kid, _, _ := strings.Cut(after, `"`)
	return kid
}
