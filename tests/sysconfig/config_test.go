package sysconfig_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/govault/govault/generated/sysconfig"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("sys", sysconfig.New)

func TestAuditedRequestHeaders(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	err := a.SysWriteAuditedRequestHeader(ctx, "X-Govault-Test", sysconfig.SysWriteAuditedRequestHeaderRequest{HMAC: livetest.Ptr(true)})
	env.OK(t, err)

	one, err := a.SysReadAuditedRequestHeader(ctx, "X-Govault-Test")
	env.OK(t, err)
	if s, ok := one.Data["X-Govault-Test"]; !ok || !s.HMAC {
		t.Fatalf("read: data %+v", one.Data)
	}
	if s, ok := one.Get("X-Govault-Test"); !ok || !s.HMAC {
		t.Fatalf("read: top-level copy %+v", one.AdditionalProperties)
	}

	all, err := a.SysListAuditedRequestHeaders(ctx)
	env.OK(t, err)
	// Vault stores the name in lower case.
	if s, ok := all.Data.Headers["x-govault-test"]; !ok || !s.HMAC {
		t.Fatalf("list: %+v", all.Data.Headers)
	}
	if _, ok := all.Headers["x-govault-test"]; !ok {
		t.Fatalf("list: top-level copy %+v", all.Headers)
	}

	err = a.SysDeleteAuditedRequestHeader(ctx, "X-Govault-Test")
	env.OK(t, err)
	_, err = a.SysReadAuditedRequestHeader(ctx, "X-Govault-Test")
	if !errors.Is(err, wrappers.ErrInvalidRequest) {
		t.Fatalf("read after delete: want 400, got %v", err)
	}
}

func TestCORS(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	err := a.SysWriteCORSConfig(ctx, sysconfig.SysWriteCORSConfigRequest{
		AllowedOrigins: []string{"https://app.example.com"},
		AllowedHeaders: []string{"X-Govault"},
	})
	env.OK(t, err)
	got, err := a.SysReadCORSConfig(ctx)
	env.OK(t, err)
	if !got.Data.Enabled || !slices.Equal(got.Data.AllowedOrigins, []string{"https://app.example.com"}) ||
		!slices.Contains(got.Data.AllowedHeaders, "X-Govault") || !got.Enabled {
		t.Fatalf("cors: %+v", got)
	}
	err = a.SysDeleteCORSConfig(ctx)
	env.OK(t, err)
	got, err = a.SysReadCORSConfig(ctx)
	env.OK(t, err)
	if got.Data.Enabled || got.Data.AllowedOrigins != nil {
		t.Fatalf("cors after delete: %+v", got.Data)
	}
}

func TestUIHeaders(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	// Nothing configured yet: Vault answers 404, which a LIST reports as an empty result.
	var none vtypes.Raw
	empty, err := a.SysListUIHeaders(ctx, vtypes.CaptureRaw(&none))
	env.OK(t, err)
	if len(empty.Data.Keys) != 0 || none.Response.StatusCode != http.StatusNotFound {
		t.Fatalf("empty list: want an empty list from a 404, got %v (status %d, %s)", empty.Data.Keys, none.Response.StatusCode, none.Body)
	}

	_, err = a.SysWriteUIHeader(ctx, "X-Govault-UI", sysconfig.SysWriteUIHeaderRequest{Values: []string{"one", "two"}})
	env.OK(t, err)
	csp, err := a.SysWriteUIHeader(ctx, "Content-Security-Policy", sysconfig.SysWriteUIHeaderRequest{Values: []string{"default-src 'self'"}})
	env.OK(t, err)
	if len(csp.Warnings) == 0 {
		t.Fatal("overriding the CSP gave no warning")
	}

	keys, err := a.SysListUIHeaders(ctx)
	env.OK(t, err)
	// Names come back in canonical HTTP form.
	if !slices.Contains(keys.Data.Keys, "X-Govault-Ui") {
		t.Fatalf("list: %v", keys.Data.Keys)
	}
	first, err := a.SysReadUIHeader(ctx, "X-Govault-UI", nil)
	env.OK(t, err)
	if first.Data.Value == nil || *first.Data.Value != "one" || first.Data.Values != nil {
		t.Fatalf("read: %+v", first.Data)
	}
	every, err := a.SysReadUIHeader(ctx, "X-Govault-UI", &sysconfig.SysReadUIHeaderParams{Multivalue: livetest.Ptr(true)})
	env.OK(t, err)
	if !slices.Equal(every.Data.Values, []string{"one", "two"}) {
		t.Fatalf("read multivalue: %+v", every.Data)
	}

	// X-Vault- headers are refused.
	if _, err := a.SysWriteUIHeader(ctx, "X-Vault-Nope", sysconfig.SysWriteUIHeaderRequest{Values: []string{"x"}}); !errors.Is(err, wrappers.ErrInvalidRequest) {
		t.Fatalf("X-Vault- header: want 400, got %v", err)
	}

	for _, h := range []string{"X-Govault-UI", "Content-Security-Policy"} {
		err = a.SysDeleteUIHeader(ctx, h)
		env.OK(t, err)
	}
	if _, err := a.SysReadUIHeader(ctx, "X-Govault-UI", nil); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("read after delete: want 404, got %v", err)
	}
}

func TestReloadSubsystem(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	err := a.SysReloadSubsystem(ctx, "license")
	env.OK(t, err)
	if err := a.SysReloadSubsystem(ctx, "nothing"); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("unknown subsystem: want 404, got %v", err)
	}
}

func TestSanitizedConfig(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	cfg, err := a.SysReadSanitizedConfig(ctx)
	env.OK(t, err)
	d := cfg.Data
	if d.Storage == nil || d.Storage.Type != "inmem" {
		t.Fatalf("storage: %+v", d.Storage)
	}
	if len(d.Listeners) == 0 || d.Listeners[0].Type != "tcp" {
		t.Fatalf("listeners: %+v", d.Listeners)
	}
	if len(d.Seals) == 0 || d.Seals[0].Type != "shamir" {
		t.Fatalf("seals: %+v", d.Seals)
	}
	if d.Telemetry == nil || d.Telemetry.CirconusAPIToken != "" {
		t.Fatalf("telemetry: %+v", d.Telemetry)
	}
	if !d.EnableUI {
		t.Fatal("dev server reports the UI off")
	}
}

// Control groups and group policy application are Enterprise features: the
// Community Edition server routes the calls and refuses them with 404.
func TestEnterpriseOnly(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	mode := sysconfig.GroupPolicyModeAny
	ttl := vtypes.Duration("4h")
	calls := map[string]func() error{
		"SysReadControlGroupConfig": func() error {
			_, err := a.SysReadControlGroupConfig(ctx)
			return err
		},
		"SysWriteControlGroupConfig": func() error {
			return a.SysWriteControlGroupConfig(ctx, sysconfig.SysWriteControlGroupConfigRequest{MaxTTL: &ttl})
		},
		"SysDeleteControlGroupConfig": func() error {
			return a.SysDeleteControlGroupConfig(ctx)
		},
		"SysReadGroupPolicyApplication": func() error {
			_, err := a.SysReadGroupPolicyApplication(ctx)
			return err
		},
		"SysWriteGroupPolicyApplication": func() error {
			return a.SysWriteGroupPolicyApplication(ctx, sysconfig.SysWriteGroupPolicyApplicationRequest{GroupPolicyApplicationMode: mode})
		},
	}
	env.ExpectEnterpriseOnly(t, calls)
}
