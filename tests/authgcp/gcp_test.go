package authgcp_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/govault/govault/generated/authgcp"
	"github.com/govault/govault/internal/fakegoogle"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var gcpClient = livetest.APIFor("auth/gcp", authgcp.New)

// signRS256 makes a compact RS256 JWT by hand.
func signRS256(t *testing.T, key *rsa.PrivateKey, kid string, claims map[string]any) string {
	t.Helper()
	enc := func(v any) string {
		b, err := json.Marshal(v)
		env.OK(t, err)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	input := enc(map[string]any{"alg": "RS256", "typ": "JWT", "kid": kid}) + "." + enc(claims)
	sum := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	env.OK(t, err)
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func TestGCPAuth(t *testing.T) {
	ctx := context.Background()
	a := gcpClient(t)

	// Unconfigured, config answers with the defaults.
	cfg, err := a.GCPAuthReadConfig(ctx)
	env.OK(t, err)
	if len(cfg.Data.IamMetadata) == 0 || cfg.Data.IamAlias != nil || cfg.Data.ClientEmail != nil || cfg.Data.CustomEndpoint != nil {
		t.Fatalf("default config: %+v", cfg.Data)
	}

	// Stored credentials come back without the private key.
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	env.OK(t, err)
	keyPEM := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	env.Leaks.Add(keyPEM)
	creds, _ := json.Marshal(map[string]string{
		"type": "service_account", "project_id": "proj-2", "private_key_id": "stored-key-1",
		"private_key": keyPEM, "client_email": "vault@proj-2.iam.gserviceaccount.com", "client_id": "42",
	})
	err = a.GCPAuthWriteConfig(ctx, authgcp.GCPAuthWriteConfigRequest{Credentials: livetest.Ptr(string(creds))})
	env.OK(t, err)
	cfg, err = a.GCPAuthReadConfig(ctx)
	env.OK(t, err)
	if cfg.Data.ClientEmail == nil || *cfg.Data.ClientEmail != "vault@proj-2.iam.gserviceaccount.com" ||
		cfg.Data.PrivateKeyID == nil || *cfg.Data.PrivateKeyID != "stored-key-1" || cfg.Data.ProjectID == nil || *cfg.Data.ProjectID != "proj-2" {
		t.Fatalf("config with credentials: %+v", cfg.Data)
	}

	// Back to application default credentials (the stub's), with the
	// stub's endpoints and identity settings.
	err = a.GCPAuthWriteConfig(ctx, authgcp.GCPAuthWriteConfigRequest{
		Credentials:    livetest.Ptr(""),
		CustomEndpoint: &authgcp.GCPAuthCustomEndpoints{API: livetest.Ptr(google.URL), Iam: livetest.Ptr(google.URL + "/")},
		IamAlias:       livetest.Ptr(authgcp.GCPAuthWriteConfigRequestIamAliasUniqueID),
		IamMetadata:    []string{"project_id", "role", "service_account_email"},
		GceAlias:       livetest.Ptr(authgcp.GCPAuthWriteConfigRequestGceAliasInstanceID),
	})
	env.OK(t, err)
	cfg, err = a.GCPAuthReadConfig(ctx)
	env.OK(t, err)
	// No stored credentials any more; gce_metadata keeps Vault's default list.
	wantCfg := authgcp.GCPAuthConfigData{
		DisableAutomatedRotation: livetest.Since(env, "1.19", false), RotationPeriod: livetest.Since(env, "1.19", int64(0)), RotationSchedule: livetest.Since(env, "1.19", ""), RotationWindow: livetest.Since(env, "1.19", int64(0)),
		CustomEndpoint: &authgcp.GCPAuthCustomEndpoints{API: livetest.Ptr(google.URL), Iam: livetest.Ptr(google.URL + "/")},
		IamAlias:       livetest.Ptr("unique_id"), IamMetadata: []string{"project_id", "role", "service_account_email"},
		GceAlias: livetest.Ptr("instance_id"),
	}
	if diff := cmp.Diff(wantCfg, cfg.Data, cmpopts.IgnoreFields(authgcp.GCPAuthConfigData{}, "GceMetadata")); diff != "" {
		t.Fatalf("config (-want +got):\n%s", diff)
	}

	// Roles.
	out, err := a.GCPAuthWriteRole(ctx, "dev", authgcp.GCPAuthWriteRoleRequest{
		Type:                 livetest.Ptr(authgcp.Iam),
		BoundServiceAccounts: []string{"other@proj-1.iam.gserviceaccount.com"},
		MaxJWTExp:            livetest.Ptr(vtypes.Duration("10m")),
		TokenPolicies:        []string{"dev"},
		TokenTTL:             livetest.Ptr(vtypes.Duration("20m")),
	})
	env.OK(t, err)
	if out.Warnings != nil {
		t.Fatalf("dev role warnings: %v", out.Warnings)
	}
	_, err = a.GCPAuthEditRoleServiceAccounts(ctx, "dev", authgcp.GCPAuthEditRoleServiceAccountsRequest{
		Add: []string{fakegoogle.SAEmail}, Remove: []string{"other@proj-1.iam.gserviceaccount.com"},
	})
	env.OK(t, err)
	dev, err := a.GCPAuthReadRole(ctx, "dev")
	env.OK(t, err)
	if dev.Data.RoleID == "" {
		t.Fatalf("dev role without a role ID: %+v", dev.Data)
	}
	wantDev := authgcp.GCPAuthRoleData{
		RoleID: dev.Data.RoleID, Type: livetest.Ptr("iam"), BoundServiceAccounts: []string{fakegoogle.SAEmail},
		MaxJWTExp: livetest.Ptr[int64](600), AllowGceInference: livetest.Ptr(true),
		TokenPolicies: []string{"dev"}, TokenTTL: 1200, TokenBoundCIDRs: []string{}, TokenType: "default",
	}
	if diff := cmp.Diff(wantDev, dev.Data); diff != "" {
		t.Fatalf("dev role (-want +got):\n%s", diff)
	}

	warned, err := a.GCPAuthWriteRole(ctx, "vm", authgcp.GCPAuthWriteRoleRequest{
		Type:          livetest.Ptr(authgcp.Gce),
		BoundProjects: []string{"proj-1"},
		BoundZones:    []string{"europe-west1-b"},
		BoundRegions:  []string{"europe-west1"},
		BoundLabels:   []string{"env:prod"},
		Policies:      []string{"old"},
		TTL:           livetest.Ptr(vtypes.Duration("10m")),
	})
	env.OK(t, err)
	if len(warned.Warnings) == 0 {
		t.Fatal("gce role with both zones and regions: no warning")
	}
	_, err = a.GCPAuthEditRoleLabels(ctx, "vm", authgcp.GCPAuthEditRoleLabelsRequest{
		Add: []string{"team:web"}, Remove: []string{"env"},
	})
	env.OK(t, err)
	vm, err := a.GCPAuthReadRole(ctx, "vm")
	env.OK(t, err)
	wantVM := authgcp.GCPAuthRoleData{
		RoleID: vm.Data.RoleID, Type: livetest.Ptr("gce"), BoundProjects: []string{"proj-1"},
		BoundZones: []string{"europe-west1-b"}, BoundRegions: []string{"europe-west1"}, BoundLabels: map[string]string{"team": "web"},
		Policies: []string{"old"}, TokenPolicies: []string{"old"}, TTL: livetest.Ptr[int64](600), TokenTTL: 600,
		TokenBoundCIDRs: []string{}, TokenType: "default",
	}
	if diff := cmp.Diff(wantVM, vm.Data); diff != "" {
		t.Fatalf("vm role (-want +got):\n%s", diff)
	}
	roles, err := a.GCPAuthListRoles(ctx)
	env.OK(t, err)
	rolesAlias, err := a.GCPAuthListRolesAlias(ctx)
	env.OK(t, err)
	if !slices.Equal(roles.Data.Keys, []string{"dev", "vm"}) || !slices.Equal(rolesAlias.Data.Keys, roles.Data.Keys) {
		t.Fatalf("roles: %v / %v", roles.Data.Keys, rolesAlias.Data.Keys)
	}

	// iam login, without a Vault token: a JWT signed with the service
	// account's key; Vault gets the public key and the account from the stub.
	anon := gcpClient(t, wrappers.WithToken(""))
	now := time.Now().Unix()
	jwt := signRS256(t, google.SAKey, fakegoogle.SAKeyID, map[string]any{
		"sub": fakegoogle.SAEmail, "aud": "vault/dev", "iat": now, "exp": now + 300,
	})
	env.Leaks.Add(jwt)
	login, err := anon.GCPAuthLogin(ctx, authgcp.GCPAuthLoginRequest{Role: "dev", JWT: jwt})
	env.OK(t, err)
	if login.Auth == nil || login.Auth.ClientToken == "" {
		t.Fatalf("login: no auth: %+v", login)
	}
	env.Leaks.Add(login.Auth.ClientToken)
	md := login.Auth.Metadata
	if md["role"] != "dev" || md["service_account_email"] != fakegoogle.SAEmail || md["project_id"] != "proj-1" ||
		!slices.Contains(login.Auth.Policies, "dev") || login.Auth.LeaseDuration != 1200 || google.IAMLookups() == 0 {
		t.Fatalf("login auth: %+v (IAM lookups %d)", login.Auth, google.IAMLookups())
	}
	// A JWT for another role's audience is refused.
	wrongAud := signRS256(t, google.SAKey, fakegoogle.SAKeyID, map[string]any{"sub": fakegoogle.SAEmail, "aud": "vault/vm", "exp": now + 300})
	if _, err := anon.GCPAuthLogin(ctx, authgcp.GCPAuthLoginRequest{Role: "dev", JWT: wrongAud}); err == nil {
		t.Fatal("login with another role's audience succeeded")
	}

	for _, r := range roles.Data.Keys {
		err = a.GCPAuthDeleteRole(ctx, r)
		env.OK(t, err)
	}
	if _, err := a.GCPAuthReadRole(ctx, "dev"); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("deleted role: %v", err)
	}
}
