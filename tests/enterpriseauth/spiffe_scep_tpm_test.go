package enterpriseauth_test

import (
	"context"
	"testing"

	"github.com/govault/govault/generated/authscep"
	"github.com/govault/govault/generated/authspiffe"
	"github.com/govault/govault/generated/authtpm"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
	"github.com/govault/govault/vtypes"
)

// SPIFFE auth: trust domain, a role and a JWT SVID login.
func TestSPIFFEAuthDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	const base = "/v1/auth/spiffe"
	s.On("POST", base+"/config", 204, "")
	s.On("GET", base+"/config", 200, docstub.Enveloped(`{"cached_bundle_config_version":1,"cached_bundle_fetched_at":"2025-09-18T14:02:21.730308-04:00","cached_bundle_refresh_hint":"15m0s","cached_bundle_sequence_number":11,"endpoint_root_ca_truststore_pem":"-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n","endpoint_url":"https://192.168.1.65:8443","profile":"https_web_bundle","trust_domain":"spiffe://test.dadgarcorp.org","version":1}`))
	s.On("POST", base+"/role/example-role", 204, "")
	s.On("GET", base+"/role/example-role", 200, docstub.Enveloped(`{"alias_metadata":{},"display_name":"example-role","name":"example-role","token_bound_cidrs":[],"token_explicit_max_ttl":0,"token_max_ttl":0,"token_no_default_policy":false,"token_num_uses":0,"token_period":0,"token_policies":["spiffe-service1"],"token_ttl":0,"token_type":"default","workload_id_patterns":["service1","team1/*","team2/+/service1"]}`))
	s.On("GET", base+"/role/", 200, docstub.Enveloped(`{"keys":["example-role"]}`))
	s.On("DELETE", base+"/role/example-role", 204, "")
	s.On("POST", base+"/login", 200, docstub.EnvelopedAuth("hvs.spiffe-token", "default", "spiffe-service1"))
	a := livetest.API(t, s.Client(t), "auth/spiffe", authspiffe.New)

	env.OK(t, a.SPIFFEAuthWriteConfig(ctx, authspiffe.SPIFFEAuthWriteConfigRequest{
		TrustDomain: "spiffe://test.dadgarcorp.org", Profile: authspiffe.HTTPSWebBundle, EndpointURL: livetest.Ptr("https://192.168.1.65:8443"),
	}))
	if got := s.Sent("POST", base+"/config"); got["profile"] != "https_web_bundle" || got["trust_domain"] != "spiffe://test.dadgarcorp.org" {
		t.Fatalf("config sent %v", got)
	}
	cfg, err := a.SPIFFEAuthReadConfig(ctx)
	env.OK(t, err)
	if cfg.Data.CachedBundleSequenceNumber == nil || *cfg.Data.CachedBundleSequenceNumber != 11 {
		t.Fatalf("config: %+v", cfg.Data)
	}
	env.OK(t, a.SPIFFEAuthWriteRole(ctx, "example-role", authspiffe.SPIFFEAuthWriteRoleRequest{
		WorkloadIDPatterns: []string{"service1", "team1/*"}, TokenPolicies: []string{"spiffe-service1"},
	}))
	if got := s.Sent("POST", base+"/role/example-role"); len(got["workload_id_patterns"].([]any)) != 2 {
		t.Fatalf("role sent %v", got)
	}
	role, err := a.SPIFFEAuthReadRole(ctx, "example-role")
	env.OK(t, err)
	if len(role.Data.WorkloadIDPatterns) != 3 {
		t.Fatalf("role: %+v", role.Data)
	}
	roles, err := a.SPIFFEAuthListRoles(ctx)
	env.OK(t, err)
	if roles.Data.Keys[0] != "example-role" {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}
	env.OK(t, a.SPIFFEAuthDeleteRole(ctx, "example-role"))
	login, err := a.SPIFFEAuthLogin(ctx, authspiffe.SPIFFEAuthLoginRequest{Role: livetest.Ptr("example-role"), Type: livetest.Ptr(authspiffe.JWT), JWTSvid: livetest.Ptr("eyJhbGciOi")})
	env.OK(t, err)
	if login.Auth.ClientToken != "hvs.spiffe-token" || s.Sent("POST", base+"/login")["type"] != "jwt" {
		t.Fatalf("login: %+v", login.Auth)
	}
}

// SCEP auth: roles and the login the SCEP endpoint makes.
func TestSCEPDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	const base = "/v1/auth/scep"
	role := `{"auth_type":"static-challenge","display_name":"static-challenge-1","name":"static-challenge-1","token_bound_cidrs":[],"token_explicit_max_ttl":0,"token_max_ttl":0,"token_no_default_policy":false,"token_num_uses":0,"token_period":0,"token_policies":["access-scep"],"token_ttl":0,"token_type":"batch"}`
	s.On("POST", base+"/role/static-challenge-1", 200, docstub.Enveloped(role))
	s.On("GET", base+"/role/static-challenge-1", 200, docstub.Enveloped(role))
	s.On("GET", base+"/role/", 200, docstub.Enveloped(`{"keys":["static-challenge-1","intune-1"]}`))
	s.On("DELETE", base+"/role/static-challenge-1", 204, "")
	s.On("POST", base+"/login", 200, docstub.EnvelopedAuth("hvb.scep-token", "access-scep"))
	a := livetest.API(t, s.Client(t), "auth/scep", authscep.New)

	w, err := a.SCEPWriteRole(ctx, "static-challenge-1", authscep.SCEPWriteRoleRequest{
		AuthType: authscep.StaticChallenge, Challenge: livetest.Ptr("ch4ll3nge"), TokenType: livetest.Ptr("batch"), TokenPolicies: []string{"access-scep"},
	})
	env.OK(t, err)
	if got := s.Sent("POST", base+"/role/static-challenge-1"); got["auth_type"] != "static-challenge" || got["challenge"] != "ch4ll3nge" {
		t.Fatalf("role sent %v", got)
	}
	if w.Data.AuthType == nil || *w.Data.AuthType != "static-challenge" {
		t.Fatalf("written role: %+v", w.Data)
	}
	r, err := a.SCEPReadRole(ctx, "static-challenge-1")
	env.OK(t, err)
	if r.Data.TokenType == nil || *r.Data.TokenType != "batch" {
		t.Fatalf("role: %+v", r.Data)
	}
	roles, err := a.SCEPListRoles(ctx)
	env.OK(t, err)
	if len(roles.Data.Keys) != 2 {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}
	env.OK(t, a.SCEPDeleteRole(ctx, "static-challenge-1"))
	login, err := a.SCEPLogin(ctx, authscep.SCEPLoginRequest{Name: livetest.Ptr("static-challenge-1")})
	env.OK(t, err)
	if login.Auth.ClientToken != "hvb.scep-token" {
		t.Fatalf("login: %+v", login.Auth)
	}
}

// TPM auth: the CA settings, a role, the two-phase certificate issuance and
// the login with the issued certificate.
func TestTPMDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	const base = "/v1/auth/tpm"
	cfg := `{"ca_lifetime":"8760h0m0s","ca_soft_expiry":"720h0m0s","default_cert_ttl":"168h0m0s"}`
	role := `{"name":"my-role","display_name":"my-device","tpm_ids":["sha256-abc123"],"tpmgroup_ids":[],"cert_ttl":0,"token_ttl":3600,"token_max_ttl":0,"token_policies":["default","my-policy"]}`
	s.On("POST", base+"/config", 200, docstub.Enveloped(cfg))
	s.On("GET", base+"/config", 200, docstub.Enveloped(cfg))
	s.On("POST", base+"/role/my-role", 200, docstub.Enveloped(role))
	s.On("GET", base+"/role/my-role", 200, docstub.Enveloped(role))
	s.On("GET", base+"/role/", 200, docstub.Enveloped(`{"keys":["my-role","another-role"]}`))
	s.On("DELETE", base+"/role/my-role", 204, "")
	s.On("POST", base+"/role/my-role/gentpmcert/begin", 200, docstub.Enveloped(`{"challenge_id":"dGVzdGNoYWxsZW5nZQ==","encrypted_credentials":"ZW5jcnlwdGVk"}`))
	s.On("POST", base+"/role/my-role/gentpmcert/finish", 200, docstub.Enveloped(`{"certificate":"-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----","ca_chain":["-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----"]}`))
	s.On("POST", base+"/login", 200, docstub.EnvelopedAuth("hvs.tpm-token", "default", "my-policy"))
	a := livetest.API(t, s.Client(t), "auth/tpm", authtpm.New)

	wc, err := a.TPMWriteConfig(ctx, authtpm.TPMWriteConfigRequest{CALifetime: livetest.Ptr(vtypes.Duration("8760h")), DefaultCertTTL: livetest.Ptr(vtypes.Duration("168h"))})
	env.OK(t, err)
	if got := s.Sent("POST", base+"/config"); got["ca_lifetime"] != "8760h" || wc.Data.DefaultCertTTL == nil || *wc.Data.DefaultCertTTL != "168h0m0s" {
		t.Fatalf("config sent %v, answered %+v", got, wc.Data)
	}
	rc, err := a.TPMReadConfig(ctx)
	env.OK(t, err)
	if rc.Data.CASoftExpiry == nil || *rc.Data.CASoftExpiry != "720h0m0s" {
		t.Fatalf("config: %+v", rc.Data)
	}
	wr, err := a.TPMWriteRole(ctx, "my-role", authtpm.TPMWriteRoleRequest{TpmIDs: []string{"sha256-abc123"}, DisplayName: livetest.Ptr("my-device"), TokenTTL: livetest.Ptr(vtypes.Duration("1h"))})
	env.OK(t, err)
	if wr.Data.TokenTTL == nil || *wr.Data.TokenTTL != 3600 {
		t.Fatalf("written role: %+v", wr.Data)
	}
	rr, err := a.TPMReadRole(ctx, "my-role")
	env.OK(t, err)
	if rr.Data.TpmIDs[0] != "sha256-abc123" {
		t.Fatalf("role: %+v", rr.Data)
	}
	roles, err := a.TPMListRoles(ctx)
	env.OK(t, err)
	if len(roles.Data.Keys) != 2 {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}
	env.OK(t, a.TPMDeleteRole(ctx, "my-role"))
	begin, err := a.TPMBeginCert(ctx, "my-role", authtpm.TPMBeginCertRequest{EkPublicKey: "-----BEGIN PUBLIC KEY-----", AkParams: "e30="})
	env.OK(t, err)
	fin, err := a.TPMFinishCert(ctx, "my-role", authtpm.TPMFinishCertRequest{
		EkPublicKey: "-----BEGIN PUBLIC KEY-----", ChallengeID: begin.Data.ChallengeID, ChallengeResponse: "c2VjcmV0",
		CSR: "-----BEGIN CERTIFICATE REQUEST-----", KeyCertification: "e30=",
	})
	env.OK(t, err)
	if s.Sent("POST", base+"/role/my-role/gentpmcert/finish")["challenge_id"] != "dGVzdGNoYWxsZW5nZQ==" || len(fin.Data.CAChain) != 1 {
		t.Fatalf("finish: %+v", fin.Data)
	}
	login, err := a.TPMLogin(ctx, authtpm.TPMLoginRequest{RoleName: "my-role"})
	env.OK(t, err)
	if login.Auth.ClientToken != "hvs.tpm-token" {
		t.Fatalf("login: %+v", login.Auth)
	}
}
