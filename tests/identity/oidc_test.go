package identity_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/govault/govault/generated/identity"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// Identity tokens: issuer config, named keys, roles, signed tokens,
// introspection and the unauthenticated discovery endpoints.
func TestOIDCIdentityTokens(t *testing.T) {
	ctx := context.Background()
	id := api(t)

	// Issuer: setting one warns (200), clearing it is a 204.
	set, err := wrappers.Decode(id.IdentityWriteOIDCConfigWithResponse(ctx, identity.IdentityWriteOIDCConfigRequest{Issuer: ptr("https://vault.example.com:8200")}))
	env.OK(t, err)
	if len(set.Warnings) == 0 {
		t.Fatal("setting an issuer gave no warning")
	}
	cfg, err := wrappers.Decode(id.IdentityReadOIDCConfigWithResponse(ctx))
	env.OK(t, err)
	if cfg.Data.Issuer != "https://vault.example.com:8200" {
		t.Fatalf("config: %+v", cfg.Data)
	}
	cleared, err := wrappers.Check(id.IdentityWriteOIDCConfigWithResponse(ctx, identity.IdentityWriteOIDCConfigRequest{Issuer: ptr("")}))
	env.OK(t, err)
	status(t, cleared.StatusCode(), http.StatusNoContent, "clearing the issuer")

	// A named key and a role that signs with it.
	alg := identity.KeyAlgorithmES256
	rotation, verification := vtypes.Duration("12h"), vtypes.Duration("2h")
	_, err = wrappers.Check(id.IdentityWriteOIDCKeyWithResponse(ctx, "signer", identity.IdentityWriteOIDCKeyRequest{
		Algorithm: &alg, AllowedClientIds: []string{"*"}, RotationPeriod: &rotation, VerificationTTL: &verification,
	}))
	env.OK(t, err)
	key, err := wrappers.Decode(id.IdentityReadOIDCKeyWithResponse(ctx, "signer"))
	env.OK(t, err)
	if key.Data.Algorithm != "ES256" || key.Data.RotationPeriod != 43200 || key.Data.VerificationTTL != 7200 {
		t.Fatalf("key: %+v", key.Data)
	}
	keys, err := wrappers.Decode(id.IdentityListOIDCKeysWithResponse(ctx, &identity.IdentityListOIDCKeysParams{List: list}))
	env.OK(t, err)
	if !slices.Contains(keys.Data.Keys, "signer") {
		t.Fatalf("keys: %v", keys.Data.Keys)
	}
	_, err = wrappers.Check(id.IdentityRotateOIDCKeyWithResponse(ctx, "signer", identity.IdentityRotateOIDCKeyRequest{VerificationTTL: ptr(vtypes.Duration("1h"))}))
	env.OK(t, err)

	ttl := vtypes.Duration("30m")
	_, err = wrappers.Check(id.IdentityWriteOIDCRoleWithResponse(ctx, "app", identity.IdentityWriteOIDCRoleRequest{
		Key: ptr("signer"), TTL: &ttl, Template: ptr(`{"team": {{identity.entity.metadata.team}} }`),
	}))
	env.OK(t, err)
	role, err := wrappers.Decode(id.IdentityReadOIDCRoleWithResponse(ctx, "app"))
	env.OK(t, err)
	if role.Data.Key != "signer" || role.Data.TTL != 1800 || role.Data.ClientID == "" {
		t.Fatalf("role: %+v", role.Data)
	}
	roles, err := wrappers.Decode(id.IdentityListOIDCRolesWithResponse(ctx, &identity.IdentityListOIDCRolesParams{List: list}))
	env.OK(t, err)
	if !slices.Equal(roles.Data.Keys, []string{"app"}) {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}

	// A token tied to an entity gets a signed JWT; introspection accepts it.
	token, entityID := entityToken(t, "oidc-token-user")
	signed, err := wrappers.Decode(api(t, wrappers.WithToken(token)).IdentityGenerateOIDCTokenWithResponse(ctx, "app"))
	env.OK(t, err)
	env.Leaks.Add(signed.Data.Token)
	if signed.Data.ClientID != role.Data.ClientID || signed.Data.TTL != 1800 || strings.Count(signed.Data.Token, ".") != 2 {
		t.Fatalf("token: %+v", signed.Data)
	}
	claims := jwtClaims(t, signed.Data.Token)
	if !strings.Contains(claims, `"sub":"`+entityID+`"`) {
		t.Fatalf("token claims %s lack sub %s", claims, entityID)
	}
	active, err := wrappers.Decode(id.IdentityIntrospectOIDCTokenWithResponse(ctx, identity.IdentityIntrospectOIDCTokenRequest{Token: signed.Data.Token, ClientID: &role.Data.ClientID}))
	env.OK(t, err)
	if !active.Active || active.Error != nil {
		t.Fatalf("introspect: %+v", active)
	}
	inactive, err := wrappers.Decode(id.IdentityIntrospectOIDCTokenWithResponse(ctx, identity.IdentityIntrospectOIDCTokenRequest{Token: "not.a.jwt"}))
	env.OK(t, err)
	if inactive.Active || inactive.Error == nil {
		t.Fatalf("introspect of garbage: %+v", inactive)
	}

	// Discovery works without a token.
	anon := api(t, wrappers.WithToken(""))
	disc, err := wrappers.Decode(anon.IdentityReadOIDCOpenIDConfigurationWithResponse(ctx))
	env.OK(t, err)
	if !strings.HasSuffix(disc.Issuer, "/v1/identity/oidc") || disc.JwksURI != disc.Issuer+"/.well-known/keys" || !slices.Contains(disc.IDTokenSigningAlgValuesSupported, "ES256") {
		t.Fatalf("discovery: %+v", disc)
	}
	jwks, err := wrappers.Decode(anon.IdentityReadOIDCPublicKeysWithResponse(ctx))
	env.OK(t, err)
	kid := jwtHeaderKid(t, signed.Data.Token)
	if !slices.ContainsFunc(jwks.Keys, func(k identity.IdentityJSONWebKey) bool { return k.Kid == kid && k.Kty == "EC" && k.Crv != nil }) {
		t.Fatalf("jwks lacks the signing key %s: %+v", kid, jwks.Keys)
	}

	// A key in use cannot be deleted; after the role goes it can.
	inUse, err := id.IdentityDeleteOIDCKeyWithResponse(ctx, "signer")
	env.OK(t, err)
	status(t, inUse.StatusCode(), http.StatusBadRequest, "deleting a key a role uses")
	_, err = wrappers.Check(id.IdentityDeleteOIDCRoleWithResponse(ctx, "app"))
	env.OK(t, err)
	_, err = wrappers.Check(id.IdentityDeleteOIDCKeyWithResponse(ctx, "signer"))
	env.OK(t, err)
	_, err = wrappers.Check(id.IdentityDeleteEntityByIDWithResponse(ctx, entityID))
	env.OK(t, err)
}

// The OIDC provider: assignments, scopes, clients, providers, discovery, and
// the whole authorization code flow (authorize, token, userinfo) against the
// dev server, for a confidential client and for a public client with PKCE.
func TestOIDCProvider(t *testing.T) {
	ctx := context.Background()
	id := api(t)
	token, entityID := entityToken(t, "oidc-provider-user")
	_, err := wrappers.Check(id.IdentityUpdateEntityByIDWithResponse(ctx, entityID, identity.IdentityUpdateEntityByIDRequest{Metadata: map[string]string{"email": "user@example.com"}}))
	env.OK(t, err)

	_, err = wrappers.Check(id.IdentityWriteOIDCAssignmentWithResponse(ctx, "users", identity.IdentityWriteOIDCAssignmentRequest{EntityIds: []string{entityID}}))
	env.OK(t, err)
	asg, err := wrappers.Decode(id.IdentityReadOIDCAssignmentWithResponse(ctx, "users"))
	env.OK(t, err)
	if !slices.Equal(asg.Data.EntityIds, []string{entityID}) {
		t.Fatalf("assignment: %+v", asg.Data)
	}
	asgs, err := wrappers.Decode(id.IdentityListOIDCAssignmentsWithResponse(ctx, &identity.IdentityListOIDCAssignmentsParams{List: list}))
	env.OK(t, err)
	if !slices.Contains(asgs.Data.Keys, "users") || !slices.Contains(asgs.Data.Keys, "allow_all") {
		t.Fatalf("assignments: %v", asgs.Data.Keys)
	}

	_, err = wrappers.Check(id.IdentityWriteOIDCScopeWithResponse(ctx, "email", identity.IdentityWriteOIDCScopeRequest{
		Template: ptr(`{"email": {{identity.entity.metadata.email}} }`), Description: ptr("The entity's email"),
	}))
	env.OK(t, err)
	scope, err := wrappers.Decode(id.IdentityReadOIDCScopeWithResponse(ctx, "email"))
	env.OK(t, err)
	if scope.Data.Description != "The entity's email" || !strings.Contains(scope.Data.Template, "metadata.email") {
		t.Fatalf("scope: %+v", scope.Data)
	}
	scopes, err := wrappers.Decode(id.IdentityListOIDCScopesWithResponse(ctx, &identity.IdentityListOIDCScopesParams{List: list}))
	env.OK(t, err)
	if !slices.Equal(scopes.Data.Keys, []string{"email"}) {
		t.Fatalf("scopes: %v", scopes.Data.Keys)
	}

	const redirect = "https://app.example.com/callback"
	idTTL := vtypes.Duration("30m")
	_, err = wrappers.Check(id.IdentityWriteOIDCClientWithResponse(ctx, "web", identity.IdentityWriteOIDCClientRequest{
		Key: ptr("default"), RedirectUris: []string{redirect}, Assignments: []string{"users"}, IDTokenTTL: &idTTL,
	}))
	env.OK(t, err)
	public := identity.ClientTypePublic
	_, err = wrappers.Check(id.IdentityWriteOIDCClientWithResponse(ctx, "cli", identity.IdentityWriteOIDCClientRequest{
		Key: ptr("default"), RedirectUris: []string{redirect}, Assignments: []string{"allow_all"}, ClientType: &public,
	}))
	env.OK(t, err)
	web, err := wrappers.Decode(id.IdentityReadOIDCClientWithResponse(ctx, "web"))
	env.OK(t, err)
	if web.Data.ClientSecret == nil || web.Data.ClientType != "confidential" || web.Data.IDTokenTTL != 1800 {
		t.Fatalf("confidential client: %+v", web.Data)
	}
	env.Leaks.Add(*web.Data.ClientSecret)
	cli, err := wrappers.Decode(id.IdentityReadOIDCClientWithResponse(ctx, "cli"))
	env.OK(t, err)
	if cli.Data.ClientSecret != nil || cli.Data.ClientType != "public" {
		t.Fatalf("public client: %+v", cli.Data)
	}
	clients, err := wrappers.Decode(id.IdentityListOIDCClientsWithResponse(ctx, &identity.IdentityListOIDCClientsParams{List: list}))
	env.OK(t, err)
	if info := clients.Data.KeyInfo["web"]; info.ClientID != web.Data.ClientID {
		t.Fatalf("clients: %+v", clients.Data)
	}

	_, err = wrappers.Check(id.IdentityWriteOIDCProviderWithResponse(ctx, "corp", identity.IdentityWriteOIDCProviderRequest{
		AllowedClientIds: []string{web.Data.ClientID, cli.Data.ClientID}, ScopesSupported: []string{"email"},
	}))
	env.OK(t, err)
	// An explicit issuer is accepted with a warning (200).
	warned, err := wrappers.Decode(id.IdentityWriteOIDCProviderWithResponse(ctx, "corp", identity.IdentityWriteOIDCProviderRequest{Issuer: ptr(strings.TrimSuffix(env.Server.Addr, "/"))}))
	env.OK(t, err)
	if len(warned.Warnings) == 0 {
		t.Fatal("explicit provider issuer gave no warning")
	}
	provider, err := wrappers.Decode(id.IdentityReadOIDCProviderWithResponse(ctx, "corp"))
	env.OK(t, err)
	if !strings.HasSuffix(provider.Data.Issuer, "/v1/identity/oidc/provider/corp") || !slices.Equal(provider.Data.ScopesSupported, []string{"email"}) {
		t.Fatalf("provider: %+v", provider.Data)
	}
	filtered, err := wrappers.Decode(id.IdentityListOIDCProvidersWithResponse(ctx, &identity.IdentityListOIDCProvidersParams{List: list, AllowedClientID: &web.Data.ClientID}))
	env.OK(t, err)
	if _, ok := filtered.Data.KeyInfo["corp"]; !ok || !slices.Contains(filtered.Data.Keys, "default") {
		t.Fatalf("providers for the web client: %+v", filtered.Data)
	}

	anon := api(t, wrappers.WithToken(""))
	disc, err := wrappers.Decode(anon.IdentityReadOIDCProviderOpenIDConfigurationWithResponse(ctx, "corp"))
	env.OK(t, err)
	if disc.Issuer != provider.Data.Issuer || !slices.Contains(disc.ScopesSupported, "openid") || !slices.Contains(disc.CodeChallengeMethodsSupported, "S256") {
		t.Fatalf("provider discovery: %+v", disc)
	}
	pkeys, err := wrappers.Decode(anon.IdentityReadOIDCProviderPublicKeysWithResponse(ctx, "corp"))
	env.OK(t, err)
	if len(pkeys.Keys) == 0 || pkeys.Keys[0].Kty != "RSA" || pkeys.Keys[0].N == nil {
		t.Fatalf("provider keys: %+v", pkeys.Keys)
	}

	// Confidential client: authorize (POST form), exchange with client_secret_post.
	user := api(t, wrappers.WithToken(token))
	code, err := wrappers.Decode(user.IdentityOIDCProviderAuthorizeWithParametersWithResponse(ctx, "corp", identity.IdentityOIDCProviderAuthorizeWithParametersRequest{
		ClientID: web.Data.ClientID, Scope: "openid email", RedirectURI: redirect, ResponseType: "code", State: ptr("s1"), Nonce: ptr("n1"),
	}))
	env.OK(t, err)
	if code.Code == "" || code.State != "s1" {
		t.Fatalf("authorize: %+v", code)
	}
	// Unknown client: an OAuth error body, not Vault's errors list.
	refused, err := user.IdentityOIDCProviderAuthorizeWithParametersWithResponse(ctx, "corp", identity.IdentityOIDCProviderAuthorizeWithParametersRequest{
		ClientID: "nope", Scope: "openid", RedirectURI: redirect, ResponseType: "code", State: ptr("s2"),
	})
	env.OK(t, err)
	if refused.JSON400 == nil || refused.JSON400.Error != "invalid_client_id" || refused.JSON400.State == nil || *refused.JSON400.State != "s2" {
		t.Fatalf("authorize with an unknown client: %d %s", refused.StatusCode(), refused.Body)
	}
	tokens, err := wrappers.Decode(anon.IdentityOIDCProviderTokenWithResponse(ctx, "corp", identity.IdentityOIDCProviderTokenRequest{
		GrantType: "authorization_code", Code: code.Code, RedirectURI: redirect, ClientID: &web.Data.ClientID, ClientSecret: web.Data.ClientSecret,
	}))
	env.OK(t, err)
	env.Leaks.Add(tokens.AccessToken, tokens.IDToken)
	if tokens.TokenType != "Bearer" || tokens.ExpiresIn <= 0 || !strings.Contains(jwtClaims(t, tokens.IDToken), `"nonce":"n1"`) {
		t.Fatalf("token: %+v", tokens)
	}
	// A code works once.
	reused, err := anon.IdentityOIDCProviderTokenWithResponse(ctx, "corp", identity.IdentityOIDCProviderTokenRequest{
		GrantType: "authorization_code", Code: code.Code, RedirectURI: redirect, ClientID: &web.Data.ClientID, ClientSecret: web.Data.ClientSecret,
	})
	env.OK(t, err)
	if reused.JSON400 == nil || reused.JSON400.Error != "invalid_grant" {
		t.Fatalf("reused code: %d %s", reused.StatusCode(), reused.Body)
	}
	badSecret, err := anon.IdentityOIDCProviderTokenWithResponse(ctx, "corp", identity.IdentityOIDCProviderTokenRequest{
		GrantType: "authorization_code", Code: "x", RedirectURI: redirect, ClientID: &web.Data.ClientID, ClientSecret: ptr("wrong"),
	})
	env.OK(t, err)
	if badSecret.JSON401 == nil || badSecret.JSON401.Error != "invalid_client" {
		t.Fatalf("wrong client secret: %d %s", badSecret.StatusCode(), badSecret.Body)
	}

	// userinfo wants the access token as a Bearer header and no X-Vault-Token.
	info, err := wrappers.Decode(anon.IdentityOIDCProviderUserInfoWithResponse(ctx, "corp", bearer(tokens.AccessToken)))
	env.OK(t, err)
	if info.Sub != entityID || info.AdditionalProperties["email"] != "user@example.com" {
		t.Fatalf("userinfo: %+v", info)
	}
	infoPost, err := wrappers.Decode(anon.IdentityOIDCProviderUserInfoPostWithResponse(ctx, "corp", bearer(tokens.AccessToken)))
	env.OK(t, err)
	if infoPost.Sub != entityID {
		t.Fatalf("userinfo (POST): %+v", infoPost)
	}
	denied, err := anon.IdentityOIDCProviderUserInfoWithResponse(ctx, "corp", bearer("not-a-token"))
	env.OK(t, err)
	if denied.JSON401 == nil || denied.JSON401.Error != "invalid_token" {
		t.Fatalf("userinfo with a bad token: %d %s", denied.StatusCode(), denied.Body)
	}

	// Public client: authorize (GET) with an S256 PKCE challenge, exchange
	// with the verifier in a form body.
	verifier := strings.Repeat("v", 50)
	sum := sha256.Sum256([]byte(verifier))
	s256 := identity.CodeChallengeS256
	pcode, err := wrappers.Decode(user.IdentityOIDCProviderAuthorizeWithResponse(ctx, "corp", &identity.IdentityOIDCProviderAuthorizeParams{
		ClientID: cli.Data.ClientID, Scope: "openid", RedirectURI: redirect, ResponseType: "code",
		CodeChallenge: ptr(base64.RawURLEncoding.EncodeToString(sum[:])), CodeChallengeMethod: &s256,
	}))
	env.OK(t, err)
	if pcode.Code == "" || pcode.State != "" {
		t.Fatalf("authorize (GET): %+v", pcode)
	}
	ptokens, err := wrappers.Decode(anon.IdentityOIDCProviderTokenWithFormdataBodyWithResponse(ctx, "corp", identity.IdentityOIDCProviderTokenRequest{
		GrantType: "authorization_code", Code: pcode.Code, RedirectURI: redirect, ClientID: &cli.Data.ClientID, CodeVerifier: &verifier,
	}))
	env.OK(t, err)
	env.Leaks.Add(ptokens.AccessToken, ptokens.IDToken)
	if !strings.Contains(jwtClaims(t, ptokens.IDToken), `"aud":"`+cli.Data.ClientID+`"`) {
		t.Fatalf("public client id token: %s", jwtClaims(t, ptokens.IDToken))
	}

	// Clean up: provider first (it names the scope), then clients, scope, assignment.
	_, err = wrappers.Check(id.IdentityDeleteOIDCProviderWithResponse(ctx, "corp"))
	env.OK(t, err)
	for _, c := range []string{"web", "cli"} {
		_, err = wrappers.Check(id.IdentityDeleteOIDCClientWithResponse(ctx, c))
		env.OK(t, err)
	}
	_, err = wrappers.Check(id.IdentityDeleteOIDCScopeWithResponse(ctx, "email"))
	env.OK(t, err)
	_, err = wrappers.Check(id.IdentityDeleteOIDCAssignmentWithResponse(ctx, "users"))
	env.OK(t, err)
	gone, err := id.IdentityReadOIDCProviderWithResponse(ctx, "corp")
	env.OK(t, err)
	status(t, gone.StatusCode(), http.StatusNotFound, "read of a deleted provider")
	_, err = wrappers.Check(id.IdentityDeleteEntityByIDWithResponse(ctx, entityID))
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
