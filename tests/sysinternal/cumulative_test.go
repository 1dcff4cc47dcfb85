package sysinternal_test

import (
	"context"
	"testing"

	"github.com/govault/govault/generated/sysinternal"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
)

// Cumulative client counts per namespace tree are Enterprise: checked
// against a doc-shaped stand-in.
func TestCumulativeActivityDocStub(t *testing.T) {
	s := docstub.New(t, env)
	counts := `{"entity_clients":25,"non_entity_clients":20,"clients":50,"secret_syncs":5,"acme_clients":0}`
	s.On("GET", "/v1/sys/internal/counters/activity/cumulative", 200, docstub.Enveloped(`{"by_namespace":{"ns1/child1/":{"namespace_id":"LU7RK","counts":`+counts+`},"root":{"namespace_id":"root","counts":`+counts+`}},"total":`+counts+`,"start_time":"2025-01-01T00:00:00Z","end_time":"2025-12-31T23:59:59Z"}`))
	a := livetest.API(t, s.Client(t), "sys", sysinternal.New)
	out, err := a.SysReadCumulativeActivity(context.Background(), &sysinternal.SysReadCumulativeActivityParams{StartTime: livetest.Ptr("2025-03-01T00:00:00Z")})
	env.OK(t, err)
	if q := s.RawQuery("GET", "/v1/sys/internal/counters/activity/cumulative"); q != "start_time=2025-03-01T00%3A00%3A00Z" {
		t.Fatalf("query %q", q)
	}
	if ns := out.Data.ByNamespace["ns1/child1/"]; ns.NamespaceID == nil || *ns.Counts.Clients != 50 || *out.Data.Total.SecretSyncs != 5 {
		t.Fatalf("cumulative: %+v", out.Data)
	}
}
