package sysenterprise_test

import (
	"context"
	"encoding/base64"
	"testing"
	"time"

	"github.com/govault/govault/generated/sysbilling"
	"github.com/govault/govault/generated/sysoauth"
	"github.com/govault/govault/generated/sysui"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
)

// UI custom messages and default login settings against the docs' samples.
func TestUIDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	const msgs = "/v1/sys/config/ui/custom-messages/"
	const id = "7d3e2c1a-9b8f-4e6d-a5c4-b3a2f1e0d9c8"
	msg := docstub.Enveloped(`{"id":"` + id + `","title":"Pre-login Advisory","active":true,"authenticated":false,"type":"banner","message":"TG9yZW0=","link":{"click here":"https://www.learnmore.com"},"options":{},"start_time":"2018-03-22T02:24:06.945319214Z","end_time":null}`)
	s.On("GET", msgs, 200, docstub.Enveloped(`{"key_info":{"`+id+`":{"title":"Post-login Advisory","type":"modal","authenticated":false,"start_time":"2024-01-01T00:00:00.000000000Z","end_time":null}},"keys":["`+id+`"]}`))
	s.On("POST", msgs, 200, docstub.Enveloped(`{"id":"`+id+`","active":true,"start_time":"2023-10-15T02:36:43.986212308Z","end_time":null,"type":"modal","authenticated":false}`))
	s.On("GET", msgs+id, 200, msg)
	s.On("POST", msgs+id, 200, msg)
	s.On("DELETE", msgs+id, 204, "")
	const login = "/v1/sys/config/ui/login/default-auth/"
	s.On("GET", login, 200, docstub.Enveloped(`{"key_info":{"default-ldap":{"name":"default-ldap","namespace_path":"root","disable_inheritance":false}},"keys":["default-ldap"]}`))
	s.On("POST", login+"default-ldap", 204, "")
	s.On("GET", login+"default-ldap", 200, docstub.Enveloped(`{"backup_auth_types":["token","userpass"],"default_auth_type":"okta","disable_inheritance":false,"namespace_path":"it_admins"}`))
	s.On("DELETE", login+"default-ldap", 204, "")
	s.On("GET", "/v1/sys/internal/ui/default-auth-methods", 200, docstub.Enveloped(`{"backup_auth_types":["token","userpass"],"default_auth_type":"ldap","disable_inheritance":false}`))
	a := livetest.API(t, s.Client(t), "sys", sysui.New)

	list, err := a.SysListUICustomMessages(ctx, &sysui.SysListUICustomMessagesParams{Active: livetest.Ptr(true), Type: livetest.Ptr(sysui.Modal)})
	env.OK(t, err)
	if q := s.RawQuery("GET", msgs); q != "list=true&active=true&type=modal" {
		t.Fatalf("list query %q", q)
	}
	if list.Data.KeyInfo[id].Title == nil || *list.Data.KeyInfo[id].Title != "Post-login Advisory" {
		t.Fatalf("list: %+v", list.Data)
	}
	in := sysui.UICustomMessageInput{Title: "Post-login Advisory", Message: []byte("Lorem"), StartTime: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Type: livetest.Ptr(sysui.Modal)}
	created, err := a.SysCreateUICustomMessage(ctx, in)
	env.OK(t, err)
	if got := s.Sent("POST", msgs); got["message"] != base64.StdEncoding.EncodeToString([]byte("Lorem")) || got["start_time"] != "2024-01-01T00:00:00Z" {
		t.Fatalf("create sent %v", got)
	}
	if created.Data.ID == nil || *created.Data.ID != id {
		t.Fatalf("created: %+v", created.Data)
	}
	read, err := a.SysReadUICustomMessage(ctx, id)
	env.OK(t, err)
	if read.Data.Link["click here"] != "https://www.learnmore.com" {
		t.Fatalf("read: %+v", read.Data)
	}
	_, err = a.SysUpdateUICustomMessage(ctx, id, in)
	env.OK(t, err)
	env.OK(t, a.SysDeleteUICustomMessage(ctx, id))

	defaults, err := a.SysListUILoginDefaultAuth(ctx)
	env.OK(t, err)
	if defaults.Data.KeyInfo["default-ldap"].NamespacePath == nil {
		t.Fatalf("login defaults: %+v", defaults.Data)
	}
	env.OK(t, a.SysWriteUILoginDefaultAuth(ctx, "default-ldap", sysui.SysWriteUILoginDefaultAuthRequest{DefaultAuthType: "ldap", BackupAuthTypes: []string{"token"}}))
	if got := s.Sent("POST", login+"default-ldap"); got["default_auth_type"] != "ldap" {
		t.Fatalf("login default sent %v", got)
	}
	one, err := a.SysReadUILoginDefaultAuth(ctx, "default-ldap")
	env.OK(t, err)
	if one.Data.DefaultAuthType == nil || *one.Data.DefaultAuthType != "okta" {
		t.Fatalf("login default: %+v", one.Data)
	}
	env.OK(t, a.SysDeleteUILoginDefaultAuth(ctx, "default-ldap"))
	methods, err := a.SysReadUIDefaultAuthMethods(ctx)
	env.OK(t, err)
	if len(methods.Data.BackupAuthTypes) != 2 {
		t.Fatalf("default auth methods: %+v", methods.Data)
	}
}

// Billing figures, their retention, and the utilization report.
func TestBillingDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	s.On("GET", "/v1/sys/billing/certificates", 200, `{"months":[{"counts":{"issued_certificates":0},"error":"certificate counts not found for 2025-10","timestamp":"2025-10"},{"counts":{"issued_certificates":2},"timestamp":"2025-11"}]}`)
	s.On("GET", "/v1/sys/billing/overview", 200, `{"months":[{"month":"2026-01","updated_at":"2026-01-14T10:49:00Z","usage_metrics":[{"metric_name":"static_secrets","metric_data":{"total":10,"metric_details":[{"type":"kv","count":10}]}},{"metric_name":"kmip","metric_data":{"used_in_month":true}},{"metric_name":"pki_units","metric_data":{"total":100.1234}}]}]}`)
	s.On("GET", "/v1/sys/billing/config", 200, docstub.Enveloped(`{"retention_months":37}`))
	s.On("POST", "/v1/sys/billing/config", 200, docstub.EnvelopedWarn("Retention period increased from 37 to 48 months."))
	s.On("GET", "/v1/sys/utilization-report", 200, docstub.Enveloped(`{"auth_methods":{"cert":1,"token":2,"userpass":1},"kvv1_secrets":0,"kvv2_secrets":23,"lease_count_quotas":{"global_lease_count_quota":{"capacity":300000,"count":1542,"name":"default"},"total_lease_count_quotas":1},"leases_by_auth_method":{"cert":0,"token":1500,"userpass":42},"namespaces":2,"pki":{"total_issuers":2,"total_roles":3},"replication_status":{"dr_primary":false,"dr_state":"disabled","pr_primary":false,"pr_state":"disabled"},"secret_engines":{"cubbyhole":1,"identity":1,"kv":1,"pki":2,"system":1}}`))
	a := livetest.API(t, s.Client(t), "sys", sysbilling.New)

	certs, err := a.SysReadBillingCertificates(ctx, &sysbilling.SysReadBillingCertificatesParams{StartTime: livetest.Ptr("2025-10"), EndTime: livetest.Ptr("2025-11")})
	env.OK(t, err)
	if q := s.RawQuery("GET", "/v1/sys/billing/certificates"); q != "start_time=2025-10&end_time=2025-11" {
		t.Fatalf("certificates query %q", q)
	}
	if len(certs.Months) != 2 || *certs.Months[1].Counts.IssuedCertificates != 2 || certs.Months[0].Error == nil {
		t.Fatalf("certificates: %+v", certs.Months)
	}
	ov, err := a.SysReadBillingOverview(ctx, &sysbilling.SysReadBillingOverviewParams{RefreshData: livetest.Ptr(true)})
	env.OK(t, err)
	if m := ov.Months[0].UsageMetrics; len(m) != 3 || m[1].MetricData.UsedInMonth == nil || !*m[1].MetricData.UsedInMonth {
		t.Fatalf("overview: %+v", ov.Months)
	}
	cfg, err := a.SysReadBillingConfig(ctx)
	env.OK(t, err)
	if cfg.Data.RetentionMonths != 37 {
		t.Fatalf("billing config: %+v", cfg.Data)
	}
	w, err := a.SysWriteBillingConfig(ctx, sysbilling.SysWriteBillingConfigRequest{RetentionMonths: 48})
	env.OK(t, err)
	if s.Sent("POST", "/v1/sys/billing/config")["retention_months"] != float64(48) || len(w.Warnings) != 1 {
		t.Fatalf("billing config write: %+v", w)
	}
	rep, err := a.SysReadUtilizationReport(ctx)
	env.OK(t, err)
	if rep.Data.Kvv2Secrets == nil || *rep.Data.Kvv2Secrets != 23 || rep.Data.SecretEngines["pki"] != 2 {
		t.Fatalf("utilization: %+v", rep.Data)
	}
}

// OAuth resource server profiles and the discovery reads, one of them at
// /.well-known/ outside /v1/ on the same host.
func TestOAuthResourceServerDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	const cfg = "/v1/sys/config/oauth-resource-server/"
	const types = "/v1/sys/oauth-resource-server/authorization-details-types"
	profile := docstub.Enveloped(`{"config_id":"b2f5c891-3a7d-4e12-9f8a-1c6d4e7b2a03","profile_name":"github-actions","issuer_id":"https://token.actions.githubusercontent.com","local":false,"use_jwks":true,"jwks_uri":"https://token.actions.githubusercontent.com/.well-known/jwks","audiences":["https://github.com/my-org"],"no_default_policy":false,"optional_authorization_details":false,"user_claim":"sub","supported_algorithms":["RS256"],"jwt_type":"access_token","clock_skew_leeway":30,"enabled":true}`)
	meta := docstub.Enveloped(`{"resource":"https://vault.example.com","authorization_servers":["https://auth.example.com"],"authorization_details_types_supported":["vault:path_access"],"bearer_methods_supported":["header"],"rar_types_metadata_endpoint":"/v1/sys/oauth-resource-server/authorization-details-types"}`)
	s.On("GET", cfg, 200, docstub.Enveloped(`{"keys":["github-actions","corporate-idp"]}`))
	s.On("POST", cfg+"github-actions", 200, docstub.EnvelopedWarn("JWKS URI uses HTTP instead of HTTPS."))
	s.On("GET", cfg+"github-actions", 200, profile)
	s.On("GET", cfg+"id/b2f5c891-3a7d-4e12-9f8a-1c6d4e7b2a03", 200, profile)
	s.On("DELETE", cfg+"github-actions", 204, "")
	s.On("GET", types+"/", 200, docstub.Enveloped(`{"keys":["vault:path_access"]}`))
	s.On("GET", types, 200, docstub.Enveloped(`{"api_version":"v1","default_unknown_type_behavior":"deny","types":[{"type":"vault:path_access","status":"generally-available","schema_version":"1.0.0","title":"Vault Path Access","description":"d","docs_url":"https://developer.hashicorp.com/vault/docs/auth/jwt/oauth-rar","introduced_in":"2.0.0-ent","schema_path":"/v1/sys/oauth-resource-server/authorization-details-types/vault:path_access/schema"}]}`))
	s.On("GET", types+"/vault:path_access", 200, docstub.Enveloped(`{"type":"vault:path_access","status":"generally-available","schema_version":"1.0.0","title":"Vault Path Access","required_fields":["type","path","capabilities"],"optional_fields":[],"matching_semantics":{"path_match":"acl"},"examples":[{"type":"vault:path_access","path":"kv/data/team-a/secret","capabilities":["read"]}],"schema_path":"/v1/sys/oauth-resource-server/authorization-details-types/vault:path_access/schema"}`))
	s.On("GET", types+"/vault:path_access/schema", 200, docstub.Enveloped(`{"type":"vault:path_access","schema_version":"1.0.0","json_schema_draft":"2020-12","schema":{"type":"object","required":["type","path","capabilities"]}}`))
	s.On("GET", "/v1/sys/oauth-resource-server/protected-resource-metadata", 200, meta)
	s.On("GET", "/.well-known/oauth-protected-resource", 200, meta)
	a := livetest.API(t, s.Client(t), "sys", sysoauth.New)

	list, err := a.SysListOAuthResourceServers(ctx)
	env.OK(t, err)
	w, err := a.SysWriteOAuthResourceServer(ctx, "github-actions", sysoauth.SysWriteOAuthResourceServerRequest{
		IssuerID: livetest.Ptr("https://token.actions.githubusercontent.com"), JWKSURI: livetest.Ptr("https://token.actions.githubusercontent.com/.well-known/jwks"),
		JWTType: livetest.Ptr(sysoauth.AccessToken), ClockSkewLeeway: livetest.Ptr(30),
	})
	env.OK(t, err)
	if got := s.Sent("POST", cfg+"github-actions"); got["jwt_type"] != "access_token" || len(w.Warnings) != 1 || len(list.Data.Keys) != 2 {
		t.Fatalf("write sent %v, answered %+v", got, w)
	}
	p, err := a.SysReadOAuthResourceServer(ctx, "github-actions")
	env.OK(t, err)
	byID, err := a.SysReadOAuthResourceServerByID(ctx, p.Data.ConfigID)
	env.OK(t, err)
	if byID.Data.ProfileName != "github-actions" || p.Data.ClockSkewLeeway == nil || *p.Data.ClockSkewLeeway != 30 {
		t.Fatalf("profile: %+v", p.Data)
	}
	env.OK(t, a.SysDeleteOAuthResourceServer(ctx, "github-actions"))
	tl, err := a.SysListOAuthDetailsTypes(ctx)
	env.OK(t, err)
	cat, err := a.SysReadOAuthDetailsTypeCatalog(ctx)
	env.OK(t, err)
	one, err := a.SysReadOAuthDetailsType(ctx, "vault:path_access")
	env.OK(t, err)
	sch, err := a.SysReadOAuthDetailsTypeSchema(ctx, "vault:path_access")
	env.OK(t, err)
	if tl.Data.Keys[0] != "vault:path_access" || cat.Data.Types[0].Type != "vault:path_access" || len(one.Data.RequiredFields) != 3 || sch.Data.Schema["type"] != "object" {
		t.Fatalf("types: %v / %+v / %+v / %+v", tl.Data.Keys, cat.Data, one.Data, sch.Data)
	}
	m1, err := a.SysReadOAuthProtectedResourceMetadata(ctx)
	env.OK(t, err)
	m2, err := a.SysReadWellKnownOAuthProtectedResource(ctx)
	env.OK(t, err)
	if m1.Data.Resource != "https://vault.example.com" || m2.Data.Resource != m1.Data.Resource {
		t.Fatalf("metadata: %+v / %+v", m1.Data, m2.Data)
	}
}
