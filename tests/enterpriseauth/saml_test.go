package enterpriseauth_test

import (
	"context"
	"testing"

	"github.com/govault/govault/generated/authsaml"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
)

// SAML: configuration, roles and the three-step browser login.
func TestSAMLDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	const base = "/v1/auth/saml"
	s.On("POST", base+"/config", 204, "")
	s.On("GET", base+"/config", 200, docstub.Enveloped(`{"acs_urls":["https://my.vault/v1/auth/saml/callback"],"default_role":"admin","entity_id":"https://my.vault/v1/auth/saml","idp_metadata_url":"https://company.okta.com/app/abc123eb9xnIfzlaf697/sso/saml/metadata","validate_assertion_signature":false,"validate_response_signature":false}`))
	s.On("POST", base+"/role/admin", 204, "")
	s.On("GET", base+"/role/admin", 200, docstub.Enveloped(`{"bound_attributes":{"group":["admin"]},"bound_attributes_type":"string","bound_subjects":["*@hashicorp.com"],"bound_subjects_type":"glob","groups_attribute":"","token_bound_cidrs":[],"token_explicit_max_ttl":0,"token_max_ttl":0,"token_no_default_policy":false,"token_num_uses":0,"token_period":0,"token_policies":["writer"],"token_ttl":0,"token_type":"default"}`))
	s.On("GET", base+"/role/", 200, docstub.Enveloped(`{"keys":["admin","operations"]}`))
	s.On("DELETE", base+"/role/admin", 204, "")
	s.On("POST", base+"/sso_service_url", 200, `{"sso_service_url":"https://example.okta.com/app/abc123eb9xnIfzlaf697/id/sso/saml?RelayState=r&SAMLRequest=q","token_poll_id":"ee442348-159b-df10-4c59-63050069df4d"}`)
	s.On("POST", base+"/callback", 204, "")
	s.On("POST", base+"/token", 200, docstub.EnvelopedAuth("hvs.saml-token", "default", "writer"))
	a := livetest.API(t, s.Client(t), "auth/saml", authsaml.New)

	env.OK(t, a.SAMLWriteConfig(ctx, authsaml.SAMLWriteConfigRequest{
		IdpMetadataURL: livetest.Ptr("https://company.okta.com/app/abc123eb9xnIfzlaf697/sso/saml/metadata"),
		EntityID:       livetest.Ptr("https://my.vault/v1/auth/saml"), AcsURLs: []string{"https://my.vault/v1/auth/saml/callback"},
	}))
	if got := s.Sent("POST", base+"/config"); got["entity_id"] != "https://my.vault/v1/auth/saml" || len(got["acs_urls"].([]any)) != 1 {
		t.Fatalf("config sent %v", got)
	}
	cfg, err := a.SAMLReadConfig(ctx)
	env.OK(t, err)
	if cfg.Data.DefaultRole == nil || *cfg.Data.DefaultRole != "admin" {
		t.Fatalf("config: %+v", cfg.Data)
	}
	env.OK(t, a.SAMLWriteRole(ctx, "admin", authsaml.SAMLWriteRoleRequest{
		BoundSubjects: []string{"*@hashicorp.com"}, BoundSubjectsType: livetest.Ptr(authsaml.SAMLWriteRoleRequestBoundSubjectsTypeGlob),
		TokenPolicies: []string{"writer"},
	}))
	if got := s.Sent("POST", base+"/role/admin"); got["bound_subjects_type"] != "glob" {
		t.Fatalf("role sent %v", got)
	}
	role, err := a.SAMLReadRole(ctx, "admin")
	env.OK(t, err)
	if role.Data.TokenPolicies[0] != "writer" || role.Data.BoundSubjects[0] != "*@hashicorp.com" {
		t.Fatalf("role: %+v", role.Data)
	}
	roles, err := a.SAMLListRoles(ctx)
	env.OK(t, err)
	if len(roles.Data.Keys) != 2 {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}
	env.OK(t, a.SAMLDeleteRole(ctx, "admin"))

	sso, err := a.SAMLSSOServiceURL(ctx, authsaml.SAMLSSOServiceURLRequest{
		ClientChallenge: "Ld8F1JtmZ0pKUPjJrYjZjV9YH0UyXbd0nVwmyZzyYcs=", ClientType: authsaml.Browser,
		AcsURL: "https://my.vault/v1/auth/saml/callback", Role: livetest.Ptr("admin"),
	})
	env.OK(t, err)
	if sso.TokenPollID != "ee442348-159b-df10-4c59-63050069df4d" {
		t.Fatalf("sso: %+v", sso)
	}
	env.OK(t, a.SAMLCallback(ctx, authsaml.SAMLCallbackRequest{RelayState: "r", SAMLResponse: "PHNhbWw+"}))
	if got := s.Sent("POST", base+"/callback"); got["SAMLResponse"] != "PHNhbWw+" {
		t.Fatalf("callback sent %v", got)
	}
	tok, err := a.SAMLToken(ctx, authsaml.SAMLTokenRequest{ClientVerifier: "verifier", TokenPollID: sso.TokenPollID})
	env.OK(t, err)
	if tok.Auth == nil || tok.Auth.ClientToken != "hvs.saml-token" {
		t.Fatalf("token: %+v", tok.Auth)
	}
}
