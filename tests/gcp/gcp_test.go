package gcp_test

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/gcp"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("gcp", gcp.New)

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

	_, err := a.GCPReadConfig(ctx)
	if !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("unconfigured config: %v", err)
	}
	err = a.GCPWriteConfig(ctx, gcp.GCPWriteConfigRequest{
		Credentials: livetest.Ptr(keyFile(adminEmail, "admin-key-0")),
		TTL:         livetest.Ptr(vtypes.Duration("1h")),
		MaxTTL:      livetest.Ptr(vtypes.Seconds(7200)),
	})
	env.OK(t, err)
	cfg, err := a.GCPReadConfig(ctx)
	env.OK(t, err)
	if cfg.Data.TTL != 3600 || cfg.Data.MaxTTL != 7200 {
		t.Fatalf("config: %+v", cfg.Data)
	}

	// Rolesets: Vault creates and binds a service account for each.
	err = a.GCPWriteRoleset(ctx, "tokens", gcp.GCPWriteRolesetRequest{
		Project: livetest.Ptr(project), SecretType: livetest.Ptr("access_token"), Bindings: livetest.Ptr(viewerBinding), TokenScopes: []string{cloudPlatform},
	})
	env.OK(t, err)
	err = a.GCPWriteRoleset(ctx, "keys", gcp.GCPWriteRolesetRequest{
		Project: livetest.Ptr(project), SecretType: livetest.Ptr("service_account_key"), Bindings: livetest.Ptr(viewerBinding),
	})
	env.OK(t, err)
	tokens, err := a.GCPReadRoleset(ctx, "tokens")
	env.OK(t, err)
	if tokens.Data.SecretType != "access_token" || tokens.Data.Project != project || len(tokens.Data.TokenScopes) != 1 ||
		tokens.Data.Bindings["//cloudresourcemanager.googleapis.com/projects/proj-1"][0] != "roles/viewer" || !strings.HasPrefix(tokens.Data.ServiceAccountEmail, "vaulttokens-") {
		t.Fatalf("roleset tokens: %+v", tokens.Data)
	}
	keys, err := a.GCPReadRoleset(ctx, "keys")
	env.OK(t, err)
	if keys.Data.SecretType != "service_account_key" || keys.Data.TokenScopes != nil {
		t.Fatalf("roleset keys: %+v", keys.Data)
	}
	if cloud.Count("POST", "cloudresourcemanager.googleapis.com", ":setIamPolicy") != 2 {
		t.Fatalf("bindings were not applied: %+v", cloud.Requests())
	}
	for name, call := range map[string]func() (*vaultcommon.ListResponse, error){
		"rolesets": func() (*vaultcommon.ListResponse, error) {
			return a.GCPListRolesets(ctx)
		},
		"roleset": func() (*vaultcommon.ListResponse, error) {
			return a.GCPListRolesetsAlias(ctx)
		},
	} {
		out, err := call()
		env.OK(t, err)
		if len(out.Data.Keys) != 2 {
			t.Fatalf("list %s: %v", name, out.Data.Keys)
		}
	}

	tok, err := a.GCPGenerateRolesetAccessToken(ctx, "tokens")
	env.OK(t, err)
	checkToken(t, "roleset token", tok, fakeToken)
	tok, err = a.GCPGenerateRolesetAccessTokenWithPost(ctx, "tokens")
	env.OK(t, err)
	checkToken(t, "roleset token (POST)", tok, fakeToken)
	tok, err = a.GCPGenerateRolesetAccessTokenLegacy(ctx, "tokens")
	env.OK(t, err)
	checkToken(t, "legacy token", tok, fakeToken)
	tok, err = a.GCPGenerateRolesetAccessTokenLegacyWithPost(ctx, "tokens")
	env.OK(t, err)
	checkToken(t, "legacy token (POST)", tok, fakeToken)

	key, err := a.GCPGenerateRolesetKey(ctx, "keys", &gcp.GCPGenerateRolesetKeyParams{TTL: livetest.Ptr(gcp.KeyTTLQuery("600"))})
	env.OK(t, err)
	checkKey(t, "roleset key", key, keys.Data.ServiceAccountEmail, 600)
	key, err = a.GCPGenerateRolesetKeyWithParameters(ctx, "keys", gcp.GCPGenerateKeyRequest{KeyAlgorithm: livetest.Ptr("KEY_ALG_RSA_2048"), TTL: livetest.Ptr(vtypes.Duration("15m"))})
	env.OK(t, err)
	checkKey(t, "roleset key (POST)", key, keys.Data.ServiceAccountEmail, 900)
	key, err = a.GCPGenerateRolesetKeyLegacy(ctx, "keys", nil)
	env.OK(t, err)
	checkKey(t, "legacy key", key, keys.Data.ServiceAccountEmail, 3600)
	key, err = a.GCPGenerateRolesetKeyLegacyWithParameters(ctx, "keys", gcp.GCPGenerateKeyRequest{TTL: livetest.Ptr(vtypes.Seconds(1200))})
	env.OK(t, err)
	checkKey(t, "legacy key (POST)", key, keys.Data.ServiceAccountEmail, 1200)

	err = a.GCPRotateRolesetKey(ctx, "tokens")
	env.OK(t, err)
	err = a.GCPRotateRoleset(ctx, "keys")
	env.OK(t, err)

	// Static accounts: existing service accounts.
	const appEmail, app2Email = "app@proj-1.iam.gserviceaccount.com", "app2@proj-1.iam.gserviceaccount.com"
	err = a.GCPWriteStaticAccount(ctx, "static-tokens", gcp.GCPWriteStaticAccountRequest{
		ServiceAccountEmail: livetest.Ptr(appEmail), SecretType: livetest.Ptr("access_token"), TokenScopes: []string{cloudPlatform}, Bindings: livetest.Ptr(viewerBinding),
	})
	env.OK(t, err)
	err = a.GCPWriteStaticAccount(ctx, "static-keys", gcp.GCPWriteStaticAccountRequest{
		ServiceAccountEmail: livetest.Ptr(app2Email), SecretType: livetest.Ptr("service_account_key"),
	})
	env.OK(t, err)
	st, err := a.GCPReadStaticAccount(ctx, "static-tokens")
	env.OK(t, err)
	wantST := gcp.GCPStaticAccountData{
		ServiceAccountEmail: appEmail, ServiceAccountProject: project, SecretType: "access_token", TokenScopes: []string{cloudPlatform},
		Bindings: &gcp.GCPBindings{"//cloudresourcemanager.googleapis.com/projects/proj-1": {"roles/viewer"}},
	}
	if diff := cmp.Diff(wantST, st.Data); diff != "" {
		t.Fatalf("static-tokens (-want +got):\n%s", diff)
	}
	sk, err := a.GCPReadStaticAccount(ctx, "static-keys")
	env.OK(t, err)
	wantSK := gcp.GCPStaticAccountData{ServiceAccountEmail: app2Email, ServiceAccountProject: project, SecretType: "service_account_key"}
	if diff := cmp.Diff(wantSK, sk.Data); diff != "" {
		t.Fatalf("static-keys (-want +got):\n%s", diff)
	}
	for name, call := range map[string]func() (*vaultcommon.ListResponse, error){
		"static-accounts": func() (*vaultcommon.ListResponse, error) {
			return a.GCPListStaticAccounts(ctx)
		},
		"static-account": func() (*vaultcommon.ListResponse, error) {
			return a.GCPListStaticAccountsAlias(ctx)
		},
	} {
		out, err := call()
		env.OK(t, err)
		if len(out.Data.Keys) != 2 {
			t.Fatalf("list %s: %v", name, out.Data.Keys)
		}
	}
	tok, err = a.GCPGenerateStaticAccountAccessToken(ctx, "static-tokens")
	env.OK(t, err)
	checkToken(t, "static token", tok, fakeToken)
	tok, err = a.GCPGenerateStaticAccountAccessTokenWithPost(ctx, "static-tokens")
	env.OK(t, err)
	checkToken(t, "static token (POST)", tok, fakeToken)
	key, err = a.GCPGenerateStaticAccountKey(ctx, "static-keys", &gcp.GCPGenerateStaticAccountKeyParams{KeyType: livetest.Ptr(gcp.KeyTypeQuery("TYPE_GOOGLE_CREDENTIALS_FILE"))})
	env.OK(t, err)
	checkKey(t, "static key", key, app2Email, 3600)
	key, err = a.GCPGenerateStaticAccountKeyWithParameters(ctx, "static-keys", gcp.GCPGenerateKeyRequest{TTL: livetest.Ptr(vtypes.Duration("10m"))})
	env.OK(t, err)
	checkKey(t, "static key (POST)", key, app2Email, 600)
	err = a.GCPRotateStaticAccountKey(ctx, "static-tokens")
	env.OK(t, err)

	// Impersonated accounts.
	const impEmail = "imp@proj-1.iam.gserviceaccount.com"
	err = a.GCPWriteImpersonatedAccount(ctx, "imp", gcp.GCPWriteImpersonatedAccountRequest{
		ServiceAccountEmail: livetest.Ptr(impEmail), TokenScopes: []string{cloudPlatform}, TTL: livetest.Ptr(vtypes.Duration("30m")),
	})
	env.OK(t, err)
	imp, err := a.GCPReadImpersonatedAccount(ctx, "imp")
	env.OK(t, err)
	wantImp := gcp.GCPImpersonatedAccountData{ServiceAccountEmail: impEmail, ServiceAccountProject: project, TokenScopes: []string{cloudPlatform}, TTL: 1800}
	if diff := cmp.Diff(wantImp, imp.Data); diff != "" {
		t.Fatalf("impersonated account (-want +got):\n%s", diff)
	}
	for name, call := range map[string]func() (*vaultcommon.ListResponse, error){
		"impersonated-accounts": func() (*vaultcommon.ListResponse, error) {
			return a.GCPListImpersonatedAccounts(ctx)
		},
		"impersonated-account": func() (*vaultcommon.ListResponse, error) {
			return a.GCPListImpersonatedAccountsAlias(ctx)
		},
	} {
		out, err := call()
		env.OK(t, err)
		if len(out.Data.Keys) != 1 || out.Data.Keys[0] != "imp" {
			t.Fatalf("list %s: %v", name, out.Data.Keys)
		}
	}
	tok, err = a.GCPGenerateImpersonatedAccountAccessToken(ctx, "imp")
	env.OK(t, err)
	checkToken(t, "impersonated token", tok, fakeImpToken)
	tok, err = a.GCPGenerateImpersonatedAccountAccessTokenWithPost(ctx, "imp")
	env.OK(t, err)
	checkToken(t, "impersonated token (POST)", tok, fakeImpToken)

	rotated, err := a.GCPRotateRoot(ctx)
	env.OK(t, err)
	if !strings.HasPrefix(rotated.Data.PrivateKeyID, "key") {
		t.Fatalf("rotate-root: %+v", rotated.Data)
	}

	err = a.GCPDeleteImpersonatedAccount(ctx, "imp")
	env.OK(t, err)
	err = a.GCPDeleteStaticAccount(ctx, "static-tokens")
	env.OK(t, err)
	err = a.GCPDeleteRoleset(ctx, "tokens")
	env.OK(t, err)
	_, err = a.GCPReadRoleset(ctx, "tokens")
	if !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("deleted roleset still readable: %v", err)
	}
}
