package sysenterprise_test

import (
	"context"
	"testing"

	"github.com/govault/govault/generated/syscontrolgroup"
	"github.com/govault/govault/generated/syslicense"
	"github.com/govault/govault/generated/syssentinel"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
)

// Sentinel RGPs and EGPs against the docs-shaped Enterprise stand-in.
func TestSentinelDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	s.On("POST", "/v1/sys/policies/rgp/webapp", 204, "")
	s.On("GET", "/v1/sys/policies/rgp/webapp", 200, docstub.Enveloped(`{"name":"webapp","policy":"rule main = {...","enforcement_level":"soft-mandatory"}`))
	s.On("GET", "/v1/sys/policies/rgp/", 200, docstub.Enveloped(`{"keys":["webapp","database"]}`))
	s.On("DELETE", "/v1/sys/policies/rgp/webapp", 204, "")
	s.On("POST", "/v1/sys/policies/egp/breakglass", 204, "")
	s.On("GET", "/v1/sys/policies/egp/breakglass", 200, docstub.Enveloped(`{"enforcement_level":"soft-mandatory","name":"breakglass","paths":["*"],"policy":"rule main = {..."}`))
	s.On("GET", "/v1/sys/policies/egp/", 200, docstub.Enveloped(`{"keys":["breakglass"]}`))
	s.On("DELETE", "/v1/sys/policies/egp/breakglass", 204, "")
	a := livetest.API(t, s.Client(t), "sys", syssentinel.New)

	err := a.SysWriteRGPPolicy(ctx, "webapp", syssentinel.SysWriteRGPPolicyRequest{
		Policy: "rule main = {...", EnforcementLevel: syssentinel.SoftMandatory,
	})
	env.OK(t, err)
	if got := s.Sent("POST", "/v1/sys/policies/rgp/webapp"); got["enforcement_level"] != "soft-mandatory" || got["policy"] != "rule main = {..." {
		t.Fatalf("rgp write sent %v", got)
	}
	rgp, err := a.SysReadRGPPolicy(ctx, "webapp")
	env.OK(t, err)
	if rgp.Data.EnforcementLevel != "soft-mandatory" {
		t.Fatalf("rgp: %+v", rgp.Data)
	}
	rgps, err := a.SysListRGPPolicies(ctx)
	env.OK(t, err)
	if len(rgps.Data.Keys) != 2 {
		t.Fatalf("rgps: %v", rgps.Data.Keys)
	}
	err = a.SysDeleteRGPPolicy(ctx, "webapp")
	env.OK(t, err)

	err = a.SysWriteEGPPolicy(ctx, "breakglass", syssentinel.SysWriteEGPPolicyRequest{
		Policy: "rule main = {...", EnforcementLevel: syssentinel.SoftMandatory, Paths: []string{"*", "secret/*"},
	})
	env.OK(t, err)
	if paths := s.Sent("POST", "/v1/sys/policies/egp/breakglass")["paths"].([]any); len(paths) != 2 || paths[1] != "secret/*" {
		t.Fatalf("egp write sent paths %v", paths)
	}
	egp, err := a.SysReadEGPPolicy(ctx, "breakglass")
	env.OK(t, err)
	if egp.Data.Paths[0] != "*" {
		t.Fatalf("egp: %+v", egp.Data)
	}
	egps, err := a.SysListEGPPolicies(ctx)
	env.OK(t, err)
	if egps.Data.Keys[0] != "breakglass" {
		t.Fatalf("egps: %+v", egps.Data)
	}
	err = a.SysDeleteEGPPolicy(ctx, "breakglass")
	env.OK(t, err)
}

// License status: the docs sample through the stand-in.
func TestLicenseDocStub(t *testing.T) {
	s := docstub.New(t, env)
	s.On("GET", "/v1/sys/license/status", 200, docstub.Enveloped(`{"autoloading_used":true,"autoloaded":`+licenseSample+`,"persisted_autoload":`+licenseSample+`}`))
	c := s.Client(t)
	a := livetest.API(t, c, "sys", syslicense.New)
	st, err := a.SysReadLicenseStatus(context.Background())
	env.OK(t, err)
	if !st.Data.AutoloadingUsed || st.Data.Autoloaded == nil || st.Data.Autoloaded.LicenseID != "060d7820-fa59-f95c-832b-395db0aeb9ba" {
		t.Fatalf("license: %+v", st.Data)
	}
}

// Control group approval and status: the docs samples through the stand-in.
func TestControlGroupDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	s.On("POST", "/v1/sys/control-group/authorize", 200, docstub.Enveloped(`{"approved":false}`))
	s.On("POST", "/v1/sys/control-group/request", 200, docstub.Enveloped(`{"approved":false,"request_path":"secret/foo","request_entity":{"id":"c8b6e404-de4b-50a4-2917-715ff8beec8e","name":"Bob"},"authorizations":[{"entity_id":"6544a3ec-d3cd-443b-b87b-4fd2e889e0b7","entity_name":"Abby Jones"},{"entity_id":"919084a4-417e-42ee-9d78-87fa2843af37","entity_name":"James Franklin"}]}`))
	c := s.Client(t)
	a := livetest.API(t, c, "sys", syscontrolgroup.New)
	acc := "0ad21b78-e9bb-64fa-88b8-1e38db217bde"
	auth, err := a.SysAuthorizeControlGroup(ctx, syscontrolgroup.SysAuthorizeControlGroupRequest{Accessor: acc})
	env.OK(t, err)
	if auth.Data.Approved || s.Sent("POST", "/v1/sys/control-group/authorize")["accessor"] != acc {
		t.Fatalf("authorize: %+v", auth.Data)
	}
	st, err := a.SysReadControlGroupStatus(ctx, syscontrolgroup.SysReadControlGroupStatusRequest{Accessor: acc})
	env.OK(t, err)
	if st.Data.RequestEntity.Name != "Bob" || len(st.Data.Authorizations) != 2 || st.Data.RequestPath != "secret/foo" {
		t.Fatalf("request: %+v", st.Data)
	}
}
