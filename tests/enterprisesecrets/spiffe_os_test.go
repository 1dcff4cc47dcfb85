package enterprisesecrets_test

import (
	"context"
	"testing"

	osengine "github.com/govault/govault/generated/os"
	"github.com/govault/govault/generated/spiffe"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
	"github.com/govault/govault/vtypes"
)

// SPIFFE secrets: configuration, a role, minting, and the two OIDC
// discovery reads that need no token.
func TestSPIFFESecretsDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	const base = "/v1/spiffe"
	s.On("POST", base+"/config", 204, "")
	s.On("GET", base+"/config", 200, docstub.Enveloped(`{"bundle_refresh_hint":"3600","jwt_issuer_url":"","jwt_oidc_compability_mode":false,"jwt_signing_algorithm":"RS256","key_lifetime":"86400","trust_domain":"example.org"}`))
	s.On("POST", base+"/role/example-role", 204, "")
	s.On("GET", base+"/role/example-role", 200, docstub.Enveloped(`{"template":"{\"sub\": \"spiffe://example.org/sales\"}","ttl":"300","use_jti_claim":false}`))
	s.On("GET", base+"/role/", 200, docstub.Enveloped(`{"keys":["example-role"]}`))
	s.On("DELETE", base+"/role/example-role", 204, "")
	s.On("POST", base+"/role/example-role/mintjwt", 200, docstub.Enveloped(`{"token":"eyJhbGciOiJSUzI1NiJ9.e30.sig"}`))
	s.On("GET", base+"/.well-known/openid-configuration", 200, `{"issuer":"https://vault.example.com/v1/spiffe","jwks_uri":"https://vault.example.com/v1/spiffe/.well-known/keys","response_types_supported":["id_token"],"subject_types_supported":["public"],"id_token_signing_alg_values_supported":["RS256"]}`)
	s.On("GET", base+"/.well-known/keys", 200, `{"keys":[{"use":"sig","kty":"RSA","kid":"abc123","alg":"RS256","n":"syfV6","e":"AQAB"}]}`)
	a := livetest.API(t, s.Client(t), "spiffe", spiffe.New)

	env.OK(t, a.SPIFFEWriteConfig(ctx, spiffe.SPIFFEWriteConfigRequest{TrustDomain: "example.org", KeyLifetime: livetest.Ptr(vtypes.Duration("24h"))}))
	if got := s.Sent("POST", base+"/config"); got["trust_domain"] != "example.org" || got["key_lifetime"] != "24h" {
		t.Fatalf("config sent %v", got)
	}
	cfg, err := a.SPIFFEReadConfig(ctx)
	env.OK(t, err)
	if cfg.Data.JWTSigningAlgorithm == nil || *cfg.Data.JWTSigningAlgorithm != "RS256" {
		t.Fatalf("config: %+v", cfg.Data)
	}
	env.OK(t, a.SPIFFEWriteRole(ctx, "example-role", spiffe.SPIFFEWriteRoleRequest{Template: `{"sub": "spiffe://example.org/sales"}`, TTL: livetest.Ptr(vtypes.Duration("5m"))}))
	role, err := a.SPIFFEReadRole(ctx, "example-role")
	env.OK(t, err)
	if role.Data.TTL == nil || *role.Data.TTL != "300" {
		t.Fatalf("role: %+v", role.Data)
	}
	roles, err := a.SPIFFEListRoles(ctx)
	env.OK(t, err)
	if len(roles.Data.Keys) != 1 {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}
	minted, err := a.SPIFFEMintJWT(ctx, "example-role", spiffe.SPIFFEMintJWTRequest{Audience: livetest.Ptr("sales")})
	env.OK(t, err)
	if minted.Data.Token == "" || s.Sent("POST", base+"/role/example-role/mintjwt")["audience"] != "sales" {
		t.Fatalf("mint: %+v", minted.Data)
	}
	env.OK(t, a.SPIFFEDeleteRole(ctx, "example-role"))
	disc, err := a.SPIFFEReadOIDCDiscovery(ctx)
	env.OK(t, err)
	keys, err := a.SPIFFEReadOIDCKeys(ctx)
	env.OK(t, err)
	if disc.JWKSURI != "https://vault.example.com/v1/spiffe/.well-known/keys" || len(keys.Keys) != 1 {
		t.Fatalf("discovery %+v, keys %+v", disc, keys)
	}
}

// OS secrets: a host, an account on it, and the credential lifecycle.
func TestOSDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	const host = "/v1/os/hosts/jumpbox"
	const acct = host + "/accounts/dave"
	s.On("POST", "/v1/os/config", 204, "")
	s.On("GET", "/v1/os/config", 200, docstub.Enveloped(`{"max_versions":10,"ssh_host_key_trust_on_first_use":true}`))
	s.On("POST", host, 204, "")
	s.On("GET", host, 200, docstub.Enveloped(`{"address":"192.0.2.0","port":22,"ssh_host_key":"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl","password_policy":"short","custom_metadata":{"foo":"bar","baz":67}}`))
	s.On("GET", "/v1/os/hosts/", 200, docstub.Enveloped(`{"keys":["jumpbox"]}`))
	s.On("DELETE", host, 204, "")
	s.On("POST", acct, 204, "")
	s.On("GET", acct, 200, docstub.Enveloped(`{"username":"dave","last_vault_rotation":"2026-01-01T00:00:00Z","next_vault_rotation":"2026-02-01T00:00:00Z","parent_account_ref":"other_dave","rotation_schedule":"0 0 1 * *","password_policy":"short","custom_metadata":{"foo":"bar","baz":67}}`))
	s.On("GET", host+"/accounts/", 200, docstub.Enveloped(`{"keys":["dave","other_dave"]}`))
	s.On("DELETE", acct, 204, "")
	s.On("POST", acct+"/rotate", 204, "")
	s.On("GET", acct+"/creds", 200, docstub.Enveloped(`{"username":"dave","password":"xgzqdkpwid","last_vault_rotation":"2026-02-01T00:00:00Z","next_vault_rotation":"2026-03-01T00:00:00Z","created_time":"2026-02-01T00:00:01Z","ttl":2246367,"version":2}`))
	s.On("GET", acct+"/versions", 200, docstub.Enveloped(`{"created_time":"2026-02-01T00:00:01Z","ttl":2242067,"current_version":2,"versions":{"1":{"created_time":"2026-01-01T00:00:00Z","expired_time":"2026-02-01T00:00:01Z"},"2":{"created_time":"2026-01-01T00:00:00Z"}}}`))
	s.On("POST", acct+"/versions/1/restore", 204, "")
	s.On("POST", acct+"/reset", 204, "")
	a := livetest.API(t, s.Client(t), "os", osengine.New)

	env.OK(t, a.OSWriteConfig(ctx, osengine.OSWriteConfigRequest{MaxVersions: livetest.Ptr(10)}))
	cfg, err := a.OSReadConfig(ctx)
	env.OK(t, err)
	if cfg.Data.MaxVersions == nil || *cfg.Data.MaxVersions != 10 {
		t.Fatalf("config: %+v", cfg.Data)
	}
	env.OK(t, a.OSWriteHost(ctx, "jumpbox", osengine.OSWriteHostRequest{Address: "192.0.2.0", Port: livetest.Ptr(22)}))
	if got := s.Sent("POST", host); got["address"] != "192.0.2.0" {
		t.Fatalf("host sent %v", got)
	}
	h, err := a.OSReadHost(ctx, "jumpbox")
	env.OK(t, err)
	if h.Data.Port == nil || *h.Data.Port != 22 {
		t.Fatalf("host: %+v", h.Data)
	}
	hosts, err := a.OSListHosts(ctx)
	env.OK(t, err)
	if hosts.Data.Keys[0] != "jumpbox" {
		t.Fatalf("hosts: %v", hosts.Data.Keys)
	}
	env.OK(t, a.OSWriteAccount(ctx, "jumpbox", "dave", osengine.OSWriteAccountRequest{Username: "dave", Password: "initial-pw", RotationSchedule: livetest.Ptr("0 0 1 * *")}))
	if got := s.Sent("POST", acct); got["password"] != "initial-pw" || got["rotation_schedule"] != "0 0 1 * *" {
		t.Fatalf("account sent %v", got)
	}
	ac, err := a.OSReadAccount(ctx, "jumpbox", "dave")
	env.OK(t, err)
	if ac.Data.ParentAccountRef == nil || *ac.Data.ParentAccountRef != "other_dave" {
		t.Fatalf("account: %+v", ac.Data)
	}
	accts, err := a.OSListAccounts(ctx, "jumpbox")
	env.OK(t, err)
	if len(accts.Data.Keys) != 2 {
		t.Fatalf("accounts: %v", accts.Data.Keys)
	}
	env.OK(t, a.OSRotateAccount(ctx, "jumpbox", "dave"))
	creds, err := a.OSReadAccountCreds(ctx, "jumpbox", "dave")
	env.OK(t, err)
	if creds.Data.Password == nil || *creds.Data.Password != "xgzqdkpwid" {
		t.Fatal("creds: wrong password")
	}
	vers, err := a.OSReadAccountVersions(ctx, "jumpbox", "dave")
	env.OK(t, err)
	if v1 := vers.Data.Versions["1"]; v1.ExpiredTime == nil || len(vers.Data.Versions) != 2 {
		t.Fatalf("versions: %+v", vers.Data)
	}
	env.OK(t, a.OSRestoreAccountVersion(ctx, "jumpbox", "dave", "1"))
	env.OK(t, a.OSResetAccount(ctx, "jumpbox", "dave", osengine.OSResetAccountRequest{Password: "changed-outside"}))
	env.OK(t, a.OSDeleteAccount(ctx, "jumpbox", "dave"))
	env.OK(t, a.OSDeleteHost(ctx, "jumpbox"))
}
