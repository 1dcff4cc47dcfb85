package sysquotas_test

import (
	"context"
	"errors"
	"github.com/google/go-cmp/cmp"
	"net/http"
	"slices"
	"testing"

	"github.com/govault/govault/generated/kvv2"
	"github.com/govault/govault/generated/sysquotas"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("sys", sysquotas.New)

func TestQuotasConfig(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	before, err := a.SysReadQuotasConfig(ctx)
	env.OK(t, err)
	// A fresh server exempts health, seal-status, unseal and friends.
	if !slices.Contains(before.Data.RateLimitExemptPaths, "sys/health") || before.Data.EnableRateLimitResponseHeaders {
		t.Fatalf("defaults: %+v", before.Data)
	}

	err = a.SysWriteQuotasConfig(ctx, sysquotas.SysWriteQuotasConfigRequest{
		EnableRateLimitAuditLogging:    livetest.Ptr(true),
		EnableRateLimitResponseHeaders: livetest.Ptr(true),
		RateLimitExemptPaths:           []string{"sys/health", "sys/seal-status"},
		AbsoluteRateLimitExemptPaths:   []string{"sys/unseal"},
	})
	env.OK(t, err)
	after, err := a.SysReadQuotasConfig(ctx)
	env.OK(t, err)
	want := sysquotas.QuotasConfigData{
		EnableRateLimitAuditLogging: true, EnableRateLimitResponseHeaders: true,
		RateLimitExemptPaths: []string{"sys/health", "sys/seal-status"}, AbsoluteRateLimitExemptPaths: []string{"sys/unseal"},
	}
	if after.Data.EnableRateLimitAuditLogging != want.EnableRateLimitAuditLogging ||
		after.Data.EnableRateLimitResponseHeaders != want.EnableRateLimitResponseHeaders ||
		!slices.Equal(after.Data.RateLimitExemptPaths, want.RateLimitExemptPaths) ||
		!slices.Equal(after.Data.AbsoluteRateLimitExemptPaths, want.AbsoluteRateLimitExemptPaths) {
		t.Fatalf("after write: %+v", after.Data)
	}
	// Put the defaults back.
	err = a.SysWriteQuotasConfig(ctx, sysquotas.SysWriteQuotasConfigRequest{
		RateLimitExemptPaths: before.Data.RateLimitExemptPaths,
	})
	env.OK(t, err)
}

func TestRateLimitQuotas(t *testing.T) {
	ctx := context.Background()
	c := env.Client(t)
	a := livetest.API(t, c, "sys", sysquotas.New)
	// No quotas yet: Vault answers 404, which a LIST reports as an empty result.
	var none vtypes.Raw
	empty, err := a.SysListRateLimitQuotas(ctx, vtypes.CaptureRaw(&none))
	env.OK(t, err)
	if len(empty.Data.Keys) != 0 || none.Response.StatusCode != http.StatusNotFound {
		t.Fatalf("no quotas yet: want an empty list from a 404, got %v (status %d, %s)", empty.Data.Keys, none.Response.StatusCode, none.Body)
	}

	err = a.SysWriteRateLimitQuota(ctx, "global", sysquotas.SysWriteRateLimitQuotaRequest{Rate: 100000})
	env.OK(t, err)
	err = a.SysWriteRateLimitQuota(ctx, "kv", sysquotas.SysWriteRateLimitQuotaRequest{
		Rate: 1, Path: livetest.Ptr("secret/"), Interval: livetest.Ptr(vtypes.Duration("1m")), BlockInterval: livetest.Ptr(vtypes.Seconds(90)),
		GroupBy: livetest.Ptr(sysquotas.QuotaGroupByIP),
	})
	env.OK(t, err)

	global, err := a.SysReadRateLimitQuota(ctx, "global")
	env.OK(t, err)
	if global.Data.Path != "" || !global.Data.Inheritable || global.Data.Interval != 1 || global.Data.Rate != 100000 {
		t.Fatalf("global quota: %+v", global.Data)
	}
	kv, err := a.SysReadRateLimitQuota(ctx, "kv")
	env.OK(t, err)
	want := sysquotas.RateLimitQuotaData{Type: "rate-limit", Name: "kv", Path: "secret/", Rate: 1, Interval: 60, BlockInterval: 90}
	if env.AtLeast("1.20") { // grouping came with 1.20
		ip, zero := "ip", 0.0
		want.GroupBy, want.SecondaryRate = &ip, &zero
	}
	if diff := cmp.Diff(want, kv.Data); diff != "" {
		t.Fatalf("kv quota (-want +got):\n%s", diff)
	}
	names, err := a.SysListRateLimitQuotas(ctx)
	env.OK(t, err)
	// Not sorted: the order is the quota index's.
	if keys := slices.Sorted(slices.Values(names.Data.Keys)); !slices.Equal(keys, []string{"global", "kv"}) {
		t.Fatalf("list: %v", names.Data.Keys)
	}

	// The quota bites: the second request to secret/ within the minute is refused.
	kvAPI := livetest.API(t, c, "secret", kvv2.New)
	_, err = kvAPI.KvV2ReadConfig(ctx)
	env.OK(t, err)
	if _, err := kvAPI.KvV2ReadConfig(ctx); !errors.Is(err, wrappers.ErrRateLimitExceeded) {
		t.Fatalf("second request: want 429, got %v", err)
	}

	// Only ip grouping exists on Community Edition; unknown mounts are refused.
	for _, body := range []sysquotas.SysWriteRateLimitQuotaRequest{
		{Rate: 5, GroupBy: livetest.Ptr(sysquotas.QuotaGroupByNone), Path: livetest.Ptr("sys/")},
		{Rate: 5, Path: livetest.Ptr("no-such-mount/")},
		{Rate: 0, Path: livetest.Ptr("sys/")},
	} {
		if body.GroupBy != nil && !env.AtLeast("1.20") {
			continue // older releases ignore group_by, which came with 1.20
		}
		if err := a.SysWriteRateLimitQuota(ctx, "bad", body); !errors.Is(err, wrappers.ErrInvalidRequest) {
			t.Errorf("%+v: want 400, got %v", body, err)
		}
	}

	for _, name := range []string{"kv", "global", "kv"} {
		err = a.SysDeleteRateLimitQuota(ctx, name)
		env.OK(t, err)
	}
	if _, err := a.SysReadRateLimitQuota(ctx, "kv"); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("read after delete: want 404, got %v", err)
	}
	// With the quota gone secret/ answers again.
	_, err = kvAPI.KvV2ReadConfig(ctx)
	env.OK(t, err)
}

// Lease-count quotas are an Enterprise feature: Community Edition routes the
// calls and refuses them with 404.
func TestLeaseCountQuotasEnterpriseOnly(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	calls := map[string]func() error{
		"SysListLeaseCountQuotas": func() error {
			_, err := a.SysListLeaseCountQuotas(ctx)
			return err
		},
		"SysWriteLeaseCountQuota": func() error {
			return a.SysWriteLeaseCountQuota(ctx, "leases", sysquotas.SysWriteLeaseCountQuotaRequest{MaxLeases: 100})
		},
		"SysReadLeaseCountQuota": func() error {
			_, err := a.SysReadLeaseCountQuota(ctx, "leases")
			return err
		},
		"SysDeleteLeaseCountQuota": func() error {
			return a.SysDeleteLeaseCountQuota(ctx, "leases")
		},
	}
	env.ExpectEnterpriseOnly(t, calls)
}
