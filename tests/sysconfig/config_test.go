package sysconfig_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/govault/govault/generated/sysconfig"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func api(t *testing.T) *sysconfig.ClientWithResponses {
	t.Helper()
	return livetest.API(t, env.Client(t), "sys", sysconfig.NewClientWithResponses, sysconfig.WithHTTPClient)
}

func ptr[T any](v T) *T { return &v }

func TestAuditedRequestHeaders(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	_, err := wrappers.Check(a.SysWriteAuditedRequestHeaderWithResponse(ctx, "X-Govault-Test", sysconfig.SysWriteAuditedRequestHeaderRequest{Hmac: ptr(true)}))
	env.OK(t, err)

	one, err := wrappers.Decode(a.SysReadAuditedRequestHeaderWithResponse(ctx, "X-Govault-Test"))
	env.OK(t, err)
	if s, ok := one.Data["X-Govault-Test"]; !ok || !s.Hmac {
		t.Fatalf("read: data %+v", one.Data)
	}
	if s, ok := one.Get("X-Govault-Test"); !ok || !s.Hmac {
		t.Fatalf("read: top-level copy %+v", one.AdditionalProperties)
	}

	all, err := wrappers.Decode(a.SysListAuditedRequestHeadersWithResponse(ctx))
	env.OK(t, err)
	// Vault stores the name in lower case.
	if s, ok := all.Data.Headers["x-govault-test"]; !ok || !s.Hmac {
		t.Fatalf("list: %+v", all.Data.Headers)
	}
	if _, ok := all.Headers["x-govault-test"]; !ok {
		t.Fatalf("list: top-level copy %+v", all.Headers)
	}

	_, err = wrappers.Check(a.SysDeleteAuditedRequestHeaderWithResponse(ctx, "X-Govault-Test"))
	env.OK(t, err)
	_, err = wrappers.Decode(a.SysReadAuditedRequestHeaderWithResponse(ctx, "X-Govault-Test"))
	if !errors.Is(err, wrappers.ErrInvalidRequest) {
		t.Fatalf("read after delete: want 400, got %v", err)
	}
}

func TestCORS(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	_, err := wrappers.Check(a.SysWriteCORSConfigWithResponse(ctx, sysconfig.SysWriteCORSConfigRequest{
		AllowedOrigins: []string{"https://app.example.com"},
		AllowedHeaders: []string{"X-Govault"},
	}))
	env.OK(t, err)
	got, err := wrappers.Decode(a.SysReadCORSConfigWithResponse(ctx))
	env.OK(t, err)
	if !got.Data.Enabled || !slices.Equal(got.Data.AllowedOrigins, []string{"https://app.example.com"}) ||
		!slices.Contains(got.Data.AllowedHeaders, "X-Govault") || !got.Enabled {
		t.Fatalf("cors: %+v", got)
	}
	_, err = wrappers.Check(a.SysDeleteCORSConfigWithResponse(ctx))
	env.OK(t, err)
	got, err = wrappers.Decode(a.SysReadCORSConfigWithResponse(ctx))
	env.OK(t, err)
	if got.Data.Enabled || got.Data.AllowedOrigins != nil {
		t.Fatalf("cors after delete: %+v", got.Data)
	}
}

func TestUIHeaders(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	list := &sysconfig.SysListUIHeadersParams{List: vaultcommon.ListTrue}
	// Nothing configured yet: Vault answers 404.
	if _, err := wrappers.Decode(a.SysListUIHeadersWithResponse(ctx, list)); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("empty list: want 404, got %v", err)
	}

	_, err := wrappers.Decode(a.SysWriteUIHeaderWithResponse(ctx, "X-Govault-UI", sysconfig.SysWriteUIHeaderRequest{Values: []string{"one", "two"}}))
	env.OK(t, err)
	csp, err := wrappers.Decode(a.SysWriteUIHeaderWithResponse(ctx, "Content-Security-Policy", sysconfig.SysWriteUIHeaderRequest{Values: []string{"default-src 'self'"}}))
	env.OK(t, err)
	if len(csp.Warnings) == 0 {
		t.Fatal("overriding the CSP gave no warning")
	}

	keys, err := wrappers.Decode(a.SysListUIHeadersWithResponse(ctx, list))
	env.OK(t, err)
	// Names come back in canonical HTTP form.
	if !slices.Contains(keys.Data.Keys, "X-Govault-Ui") {
		t.Fatalf("list: %v", keys.Data.Keys)
	}
	first, err := wrappers.Decode(a.SysReadUIHeaderWithResponse(ctx, "X-Govault-UI", nil))
	env.OK(t, err)
	if first.Data.Value == nil || *first.Data.Value != "one" || first.Data.Values != nil {
		t.Fatalf("read: %+v", first.Data)
	}
	every, err := wrappers.Decode(a.SysReadUIHeaderWithResponse(ctx, "X-Govault-UI", &sysconfig.SysReadUIHeaderParams{Multivalue: ptr(true)}))
	env.OK(t, err)
	if !slices.Equal(every.Data.Values, []string{"one", "two"}) {
		t.Fatalf("read multivalue: %+v", every.Data)
	}

	// X-Vault- headers are refused.
	if _, err := wrappers.Check(a.SysWriteUIHeaderWithResponse(ctx, "X-Vault-Nope", sysconfig.SysWriteUIHeaderRequest{Values: []string{"x"}})); !errors.Is(err, wrappers.ErrInvalidRequest) {
		t.Fatalf("X-Vault- header: want 400, got %v", err)
	}

	for _, h := range []string{"X-Govault-UI", "Content-Security-Policy"} {
		_, err = wrappers.Check(a.SysDeleteUIHeaderWithResponse(ctx, h))
		env.OK(t, err)
	}
	if _, err := wrappers.Decode(a.SysReadUIHeaderWithResponse(ctx, "X-Govault-UI", nil)); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("read after delete: want 404, got %v", err)
	}
}

func TestReloadSubsystem(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	_, err := wrappers.Check(a.SysReloadSubsystemWithResponse(ctx, "license"))
	env.OK(t, err)
	if _, err := wrappers.Check(a.SysReloadSubsystemWithResponse(ctx, "nothing")); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("unknown subsystem: want 404, got %v", err)
	}
}

func TestSanitizedConfig(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	cfg, err := wrappers.Decode(a.SysReadSanitizedConfigWithResponse(ctx))
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
			_, err := wrappers.Check(a.SysReadControlGroupConfigWithResponse(ctx))
			return err
		},
		"SysWriteControlGroupConfig": func() error {
			_, err := wrappers.Check(a.SysWriteControlGroupConfigWithResponse(ctx, sysconfig.SysWriteControlGroupConfigRequest{MaxTTL: &ttl}))
			return err
		},
		"SysDeleteControlGroupConfig": func() error {
			_, err := wrappers.Check(a.SysDeleteControlGroupConfigWithResponse(ctx))
			return err
		},
		"SysReadGroupPolicyApplication": func() error {
			_, err := wrappers.Check(a.SysReadGroupPolicyApplicationWithResponse(ctx))
			return err
		},
		"SysWriteGroupPolicyApplication": func() error {
			_, err := wrappers.Check(a.SysWriteGroupPolicyApplicationWithResponse(ctx, sysconfig.SysWriteGroupPolicyApplicationRequest{GroupPolicyApplicationMode: mode}))
			return err
		},
	}
	for name, call := range calls {
		err := call()
		var re *wrappers.ResponseError
		if !errors.As(err, &re) || re.StatusCode != 404 || !strings.Contains(strings.Join(re.Errors, " "), "enterprise") {
			t.Errorf("%s: want 404 enterprise-only, got %v", name, err)
		}
	}
}
