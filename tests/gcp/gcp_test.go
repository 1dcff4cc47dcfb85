package gcp_test

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/govault/govault/generated/gcp"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func ptr[T any](v T) *T { return &v }

func api(t *testing.T) *gcp.ClientWithResponses {
	t.Helper()
	return livetest.API(t, env.Client(t), "gcp", gcp.NewClientWithResponses, gcp.WithHTTPClient)
}

const viewerBinding = `resource "//cloudresourcemanager.googleapis.com/projects/proj-1" { roles = ["roles/viewer"] }`

// checkToken and checkKey assert the two kinds of secret the engine issues.
func checkToken(t *testing.T, what string, out *gcp.GCPAccessTokenResult, want string) {
	t.Helper()
	if out.Data.Token != want || out.Data.TokenTTL <= 0 || out.Data.ExpiresAtSeconds == 0 {
		t.Fatalf("%s: %+v", what, out.Data)
	}
}

func checkKey(t *testing.T, what string, out *gcp.GCPServiceAccountKeyResult, email string, lease int) {
	t.Helper()
	file, err := base64.StdEncoding.DecodeString(out.Data.PrivateKeyData)
	if err != nil || !strings.Contains(string(file), email) || out.Data.KeyType != "TYPE_GOOGLE_CREDENTIALS_FILE" || out.LeaseID == "" || out.LeaseDuration != lease {
		t.Fatalf("%s: %+v lease %q %d (%v)", what, out.Data, out.LeaseID, out.LeaseDuration, err)
	}
}

func TestGCPOperations(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	env.Leaks.Add(fakeToken, fakeImpToken)
	list := vaultcommon.ListTrue

	_, err := wrappers.Decode(a.GCPReadConfigWithResponse(ctx))
	if !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("unconfigured config: %v", err)
	}
	_, err = wrappers.Check(a.GCPWriteConfigWithResponse(ctx, gcp.GCPWriteConfigRequest{
		Credentials: ptr(keyFile(adminEmail, "admin-key-0")),
		TTL:         ptr(vtypes.Duration("1h")),
		MaxTTL:      ptr(vtypes.Seconds(7200)),
	}))
	env.OK(t, err)
	cfg, err := wrappers.Decode(a.GCPReadConfigWithResponse(ctx))
	env.OK(t, err)
	if cfg.Data.TTL != 3600 || cfg.Data.MaxTTL != 7200 {
		t.Fatalf("config: %+v", cfg.Data)
	}

	// Rolesets: Vault creates and binds a service account for each.
	_, err = wrappers.Check(a.GCPWriteRolesetWithResponse(ctx, "tokens", gcp.GCPWriteRolesetRequest{
		Project: ptr(project), SecretType: ptr("access_token"), Bindings: ptr(viewerBinding), TokenScopes: []string{cloudPlatform},
	}))
	env.OK(t, err)
	_, err = wrappers.Check(a.GCPWriteRolesetWithResponse(ctx, "keys", gcp.GCPWriteRolesetRequest{
		Project: ptr(project), SecretType: ptr("service_account_key"), Bindings: ptr(viewerBinding),
	}))
	env.OK(t, err)
	tokens, err := wrappers.Decode(a.GCPReadRolesetWithResponse(ctx, "tokens"))
	env.OK(t, err)
	if tokens.Data.SecretType != "access_token" || tokens.Data.Project != project || len(tokens.Data.TokenScopes) != 1 ||
		tokens.Data.Bindings["//cloudresourcemanager.googleapis.com/projects/proj-1"][0] != "roles/viewer" || !strings.HasPrefix(tokens.Data.ServiceAccountEmail, "vaulttokens-") {
		t.Fatalf("roleset tokens: %+v", tokens.Data)
	}
	keys, err := wrappers.Decode(a.GCPReadRolesetWithResponse(ctx, "keys"))
	env.OK(t, err)
	if keys.Data.SecretType != "service_account_key" || keys.Data.TokenScopes != nil {
		t.Fatalf("roleset keys: %+v", keys.Data)
	}
	if cloud.Count("POST", "cloudresourcemanager.googleapis.com", ":setIamPolicy") != 2 {
		t.Fatalf("bindings were not applied: %+v", cloud.Requests())
	}
	for name, call := range map[string]func() (*vaultcommon.ListResponse, error){
		"rolesets": func() (*vaultcommon.ListResponse, error) {
			return wrappers.Decode(a.GCPListRolesetsWithResponse(ctx, &gcp.GCPListRolesetsParams{List: list}))
		},
		"roleset": func() (*vaultcommon.ListResponse, error) {
			return wrappers.Decode(a.GCPListRolesetsAliasWithResponse(ctx, &gcp.GCPListRolesetsAliasParams{List: list}))
		},
	} {
		out, err := call()
		env.OK(t, err)
		if len(out.Data.Keys) != 2 {
			t.Fatalf("list %s: %v", name, out.Data.Keys)
		}
	}

	tok, err := wrappers.Decode(a.GCPGenerateRolesetAccessTokenWithResponse(ctx, "tokens"))
	env.OK(t, err)
	checkToken(t, "roleset token", tok, fakeToken)
	tok, err = wrappers.Decode(a.GCPGenerateRolesetAccessTokenWithPostWithResponse(ctx, "tokens"))
	env.OK(t, err)
	checkToken(t, "roleset token (POST)", tok, fakeToken)
	tok, err = wrappers.Decode(a.GCPGenerateRolesetAccessTokenLegacyWithResponse(ctx, "tokens"))
	env.OK(t, err)
	checkToken(t, "legacy token", tok, fakeToken)
	tok, err = wrappers.Decode(a.GCPGenerateRolesetAccessTokenLegacyWithPostWithResponse(ctx, "tokens"))
	env.OK(t, err)
	checkToken(t, "legacy token (POST)", tok, fakeToken)

	key, err := wrappers.Decode(a.GCPGenerateRolesetKeyWithResponse(ctx, "keys", &gcp.GCPGenerateRolesetKeyParams{TTL: ptr(gcp.KeyTTLQuery("600"))}))
	env.OK(t, err)
	checkKey(t, "roleset key", key, keys.Data.ServiceAccountEmail, 600)
	key, err = wrappers.Decode(a.GCPGenerateRolesetKeyWithParametersWithResponse(ctx, "keys", gcp.GCPGenerateKeyRequest{KeyAlgorithm: ptr("KEY_ALG_RSA_2048"), TTL: ptr(vtypes.Duration("15m"))}))
	env.OK(t, err)
	checkKey(t, "roleset key (POST)", key, keys.Data.ServiceAccountEmail, 900)
	key, err = wrappers.Decode(a.GCPGenerateRolesetKeyLegacyWithResponse(ctx, "keys", nil))
	env.OK(t, err)
	checkKey(t, "legacy key", key, keys.Data.ServiceAccountEmail, 3600)
	key, err = wrappers.Decode(a.GCPGenerateRolesetKeyLegacyWithParametersWithResponse(ctx, "keys", gcp.GCPGenerateKeyRequest{TTL: ptr(vtypes.Seconds(1200))}))
	env.OK(t, err)
	checkKey(t, "legacy key (POST)", key, keys.Data.ServiceAccountEmail, 1200)

	_, err = wrappers.Check(a.GCPRotateRolesetKeyWithResponse(ctx, "tokens"))
	env.OK(t, err)
	_, err = wrappers.Check(a.GCPRotateRolesetWithResponse(ctx, "keys"))
	env.OK(t, err)

	// Static accounts: existing service accounts.
	const appEmail, app2Email = "app@proj-1.iam.gserviceaccount.com", "app2@proj-1.iam.gserviceaccount.com"
	_, err = wrappers.Check(a.GCPWriteStaticAccountWithResponse(ctx, "static-tokens", gcp.GCPWriteStaticAccountRequest{
		ServiceAccountEmail: ptr(appEmail), SecretType: ptr("access_token"), TokenScopes: []string{cloudPlatform}, Bindings: ptr(viewerBinding),
	}))
	env.OK(t, err)
	_, err = wrappers.Check(a.GCPWriteStaticAccountWithResponse(ctx, "static-keys", gcp.GCPWriteStaticAccountRequest{
		ServiceAccountEmail: ptr(app2Email), SecretType: ptr("service_account_key"),
	}))
	env.OK(t, err)
	st, err := wrappers.Decode(a.GCPReadStaticAccountWithResponse(ctx, "static-tokens"))
	env.OK(t, err)
	if st.Data.ServiceAccountEmail != appEmail || st.Data.ServiceAccountProject != project || len(st.Data.TokenScopes) != 1 || st.Data.Bindings == nil || len(*st.Data.Bindings) != 1 {
		t.Fatalf("static-tokens: %+v", st.Data)
	}
	sk, err := wrappers.Decode(a.GCPReadStaticAccountWithResponse(ctx, "static-keys"))
	env.OK(t, err)
	if sk.Data.SecretType != "service_account_key" || sk.Data.Bindings != nil || sk.Data.TokenScopes != nil {
		t.Fatalf("static-keys: %+v", sk.Data)
	}
	for name, call := range map[string]func() (*vaultcommon.ListResponse, error){
		"static-accounts": func() (*vaultcommon.ListResponse, error) {
			return wrappers.Decode(a.GCPListStaticAccountsWithResponse(ctx, &gcp.GCPListStaticAccountsParams{List: list}))
		},
		"static-account": func() (*vaultcommon.ListResponse, error) {
			return wrappers.Decode(a.GCPListStaticAccountsAliasWithResponse(ctx, &gcp.GCPListStaticAccountsAliasParams{List: list}))
		},
	} {
		out, err := call()
		env.OK(t, err)
		if len(out.Data.Keys) != 2 {
			t.Fatalf("list %s: %v", name, out.Data.Keys)
		}
	}
	tok, err = wrappers.Decode(a.GCPGenerateStaticAccountAccessTokenWithResponse(ctx, "static-tokens"))
	env.OK(t, err)
	checkToken(t, "static token", tok, fakeToken)
	tok, err = wrappers.Decode(a.GCPGenerateStaticAccountAccessTokenWithPostWithResponse(ctx, "static-tokens"))
	env.OK(t, err)
	checkToken(t, "static token (POST)", tok, fakeToken)
	key, err = wrappers.Decode(a.GCPGenerateStaticAccountKeyWithResponse(ctx, "static-keys", &gcp.GCPGenerateStaticAccountKeyParams{KeyType: ptr(gcp.KeyTypeQuery("TYPE_GOOGLE_CREDENTIALS_FILE"))}))
	env.OK(t, err)
	checkKey(t, "static key", key, app2Email, 3600)
	key, err = wrappers.Decode(a.GCPGenerateStaticAccountKeyWithParametersWithResponse(ctx, "static-keys", gcp.GCPGenerateKeyRequest{TTL: ptr(vtypes.Duration("10m"))}))
	env.OK(t, err)
	checkKey(t, "static key (POST)", key, app2Email, 600)
	_, err = wrappers.Check(a.GCPRotateStaticAccountKeyWithResponse(ctx, "static-tokens"))
	env.OK(t, err)

	// Impersonated accounts.
	const impEmail = "imp@proj-1.iam.gserviceaccount.com"
	_, err = wrappers.Check(a.GCPWriteImpersonatedAccountWithResponse(ctx, "imp", gcp.GCPWriteImpersonatedAccountRequest{
		ServiceAccountEmail: ptr(impEmail), TokenScopes: []string{cloudPlatform}, TTL: ptr(vtypes.Duration("30m")),
	}))
	env.OK(t, err)
	imp, err := wrappers.Decode(a.GCPReadImpersonatedAccountWithResponse(ctx, "imp"))
	env.OK(t, err)
	if imp.Data.ServiceAccountEmail != impEmail || imp.Data.TTL != 1800 || len(imp.Data.TokenScopes) != 1 {
		t.Fatalf("impersonated account: %+v", imp.Data)
	}
	for name, call := range map[string]func() (*vaultcommon.ListResponse, error){
		"impersonated-accounts": func() (*vaultcommon.ListResponse, error) {
			return wrappers.Decode(a.GCPListImpersonatedAccountsWithResponse(ctx, &gcp.GCPListImpersonatedAccountsParams{List: list}))
		},
		"impersonated-account": func() (*vaultcommon.ListResponse, error) {
			return wrappers.Decode(a.GCPListImpersonatedAccountsAliasWithResponse(ctx, &gcp.GCPListImpersonatedAccountsAliasParams{List: list}))
		},
	} {
		out, err := call()
		env.OK(t, err)
		if len(out.Data.Keys) != 1 || out.Data.Keys[0] != "imp" {
			t.Fatalf("list %s: %v", name, out.Data.Keys)
		}
	}
	tok, err = wrappers.Decode(a.GCPGenerateImpersonatedAccountAccessTokenWithResponse(ctx, "imp"))
	env.OK(t, err)
	checkToken(t, "impersonated token", tok, fakeImpToken)
	tok, err = wrappers.Decode(a.GCPGenerateImpersonatedAccountAccessTokenWithPostWithResponse(ctx, "imp"))
	env.OK(t, err)
	checkToken(t, "impersonated token (POST)", tok, fakeImpToken)

	rotated, err := wrappers.Decode(a.GCPRotateRootWithResponse(ctx))
	env.OK(t, err)
	if !strings.HasPrefix(rotated.Data.PrivateKeyID, "key") {
		t.Fatalf("rotate-root: %+v", rotated.Data)
	}

	_, err = wrappers.Check(a.GCPDeleteImpersonatedAccountWithResponse(ctx, "imp"))
	env.OK(t, err)
	_, err = wrappers.Check(a.GCPDeleteStaticAccountWithResponse(ctx, "static-tokens"))
	env.OK(t, err)
	_, err = wrappers.Check(a.GCPDeleteRolesetWithResponse(ctx, "tokens"))
	env.OK(t, err)
	_, err = wrappers.Decode(a.GCPReadRolesetWithResponse(ctx, "tokens"))
	if !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("deleted roleset still readable: %v", err)
	}
}
