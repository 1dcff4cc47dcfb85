package sysenterprise_test

import (
	"context"
	"testing"

	"github.com/govault/govault/generated/sysrotation"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
)

// Rotation policies and orphaned rotation entries (Enterprise, 2.0).
func TestRotationPoliciesDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	s.On("POST", "/v1/sys/policies/rotation/retry-3", 204, "")
	s.On("GET", "/v1/sys/policies/rotation/retry-3", 200, docstub.Enveloped(`{"max_retries_per_cycle":3,"max_retry_cycles":3}`))
	s.On("DELETE", "/v1/sys/policies/rotation/retry-3", 204, "")
	s.On("GET", "/v1/sys/rotation/orphans/", 200, docstub.Enveloped(`{"orphans":["ldap/static-role/mary","ldap/static-role/alice"]}`))
	a := livetest.API(t, s.Client(t), "sys", sysrotation.New)

	env.OK(t, a.SysWriteRotationPolicy(ctx, "retry-3", sysrotation.SysWriteRotationPolicyRequest{MaxRetriesPerCycle: 3, MaxRetryCycles: 3}))
	if got := s.Sent("POST", "/v1/sys/policies/rotation/retry-3"); got["max_retry_cycles"] != float64(3) {
		t.Fatalf("policy sent %v", got)
	}
	p, err := a.SysReadRotationPolicy(ctx, "retry-3")
	env.OK(t, err)
	if p.Data.MaxRetriesPerCycle != 3 {
		t.Fatalf("policy: %+v", p.Data)
	}
	env.OK(t, a.SysDeleteRotationPolicy(ctx, "retry-3"))
	o, err := a.SysReadRotationOrphans(ctx)
	env.OK(t, err)
	if len(o.Data.Orphans) != 2 {
		t.Fatalf("orphans: %v", o.Data.Orphans)
	}
}
