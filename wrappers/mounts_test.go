package wrappers_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// The mount tables come back whole, keyed by path with Vault's trailing
// slashes: every setting a mount was enabled with, exactly what
// SysListMounts and SysListAuthMethods carry in data.
func TestListMounts(t *testing.T) {
	c := client(t)
	ctx := context.Background()
	s := c.Sys()
	mustOK(t, s.SysEnableSecretsEngine(ctx, "kv1-listed", sys.SysEnableSecretsEngineRequest{
		Type: "kv", Description: livetest.Ptr("listed engine"), Options: map[string]string{"version": "1"},
		Local: livetest.Ptr(true), SealWrap: livetest.Ptr(true),
		Config: &sys.MountConfigInput{
			DefaultLeaseTTL: livetest.Ptr(vtypes.Duration("1h")), MaxLeaseTTL: livetest.Ptr(vtypes.Seconds(7200)),
			AuditNonHMACRequestKeys: []string{"user"}, PassthroughRequestHeaders: []string{"X-Tenant"},
			ListingVisibility: livetest.Ptr(sys.MountConfigInputListingVisibilityUnauth),
		},
	}))
	env.Validator.Mount("kv1-listed", "kv-v1")
	t.Cleanup(func() { _ = s.SysDisableSecretsEngine(context.Background(), "kv1-listed") })
	mustOK(t, s.SysEnableAuthMethod(ctx, "userpass-listed", sys.SysEnableAuthMethodRequest{
		Type: "userpass", Description: livetest.Ptr("listed method"),
		Config: &sys.MountConfigInput{DefaultLeaseTTL: livetest.Ptr(vtypes.Duration("30m")), TokenType: livetest.Ptr("batch")},
	}))
	env.Validator.Mount("auth/userpass-listed", "auth-userpass")
	t.Cleanup(func() { _ = s.SysDisableAuthMethod(context.Background(), "userpass-listed") })

	// What Vault makes up itself, checked apart.
	generated := cmpopts.IgnoreFields(sys.MountEntry{}, "Accessor", "UUID", "RunningPluginVersion", "RunningSha256", "DeprecationStatus")

	engines, err := c.ListSecretsEngines(ctx)
	mustOK(t, err)
	wantEngine := sys.MountEntry{
		Type: "kv", Description: "listed engine", Options: map[string]string{"version": "1"}, Local: true, SealWrap: true,
		Config: sys.MountConfig{
			DefaultLeaseTTL: 3600, MaxLeaseTTL: 7200,
			AuditNonHMACRequestKeys: []string{"user"}, PassthroughRequestHeaders: []string{"X-Tenant"},
			ListingVisibility: livetest.Ptr("unauth"),
		},
	}
	if diff := cmp.Diff(wantEngine, engines.Data["kv1-listed/"], generated); diff != "" {
		t.Errorf("kv1-listed/ (-want +got):\n%s", diff)
	}
	if e := engines.Data["kv1-listed/"]; !strings.HasPrefix(e.Accessor, "kv_") || e.UUID == "" || !strings.HasSuffix(e.RunningPluginVersion, "+builtin") {
		t.Errorf("kv1-listed/: accessor %q, uuid %q, running plugin version %q", e.Accessor, e.UUID, e.RunningPluginVersion)
	}
	for path, typ := range map[string]string{"secret/": "kv", "cubbyhole/": "cubbyhole", "sys/": "system", "identity/": "identity"} {
		if engines.Data[path].Type != typ {
			t.Errorf("secrets engine %s: type %q, want %q", path, engines.Data[path].Type, typ)
		}
	}
	raw, err := s.SysListMounts(ctx)
	mustOK(t, err)
	if diff := cmp.Diff(raw.Data, engines.Data); diff != "" {
		t.Errorf("ListSecretsEngines differs from SysListMounts' data (-raw +listed):\n%s", diff)
	}

	methods, err := c.ListAuthMethods(ctx)
	mustOK(t, err)
	wantMethod := sys.MountEntry{
		Type: "userpass", Description: "listed method", Options: map[string]string{},
		Config: sys.MountConfig{DefaultLeaseTTL: 1800, TokenType: livetest.Ptr("batch")},
	}
	if diff := cmp.Diff(wantMethod, methods.Data["userpass-listed/"], generated, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("userpass-listed/ (-want +got):\n%s", diff)
	}
	if methods.Data["token/"].Type != "token" || !strings.HasPrefix(methods.Data["userpass-listed/"].Accessor, "auth_userpass_") {
		t.Errorf("auth methods: token/ %+v, userpass-listed/ %+v", methods.Data["token/"], methods.Data["userpass-listed/"])
	}
	rawAuth, err := s.SysListAuthMethods(ctx)
	mustOK(t, err)
	if diff := cmp.Diff(rawAuth.Data, methods.Data); diff != "" {
		t.Errorf("ListAuthMethods differs from SysListAuthMethods' data (-raw +listed):\n%s", diff)
	}
}

// A listing answered as a wrapping token is an error that carries the token,
// not an empty table.
func TestListMountsWrapped(t *testing.T) {
	c := client(t)
	ctx := context.Background()
	for name, list := range map[string]func(...wrappers.RequestOption) (any, error){
		"ListSecretsEngines": func(o ...wrappers.RequestOption) (any, error) { return c.ListSecretsEngines(ctx, o...) },
		"ListAuthMethods":    func(o ...wrappers.RequestOption) (any, error) { return c.ListAuthMethods(ctx, o...) },
	} {
		table, err := list(wrappers.RequestWrapTTL(time.Minute))
		var we *wrappers.WrappedError
		if !errors.As(err, &we) || !errors.Is(err, wrappers.ErrWrapped) || we.WrapInfo == nil || we.WrapInfo.Token == nil {
			t.Fatalf("%s wrapped: table %v, err %v; want a *WrappedError with the token", name, table, err)
		}
		if strings.Contains(err.Error(), *we.WrapInfo.Token) {
			t.Errorf("%s: the error text holds the wrapping token", name)
		}
		unwrapped, err := wrappers.Unwrap[sys.MountTable](ctx, c, *we.WrapInfo.Token)
		mustOK(t, err)
		if unwrapped.Data["sys/"].Type != "system" && unwrapped.Data["token/"].Type != "token" {
			t.Errorf("%s: the unwrapped table has neither sys/ nor token/: %v", name, unwrapped.Data)
		}
	}
}

// Tuning changes only the fields given, for engines and auth methods alike.
func TestTuneMounts(t *testing.T) {
	c := client(t)
	ctx := context.Background()
	enableEngine(t, "transit-tuned", "transit", "transit")
	enableAuth(t, "userpass-tuned", "userpass", "auth-userpass")

	mustOK(t, c.TuneSecretsEngine(ctx, "transit-tuned/", sys.MountTuneInput{
		Description: livetest.Ptr("tuned engine"), DefaultLeaseTTL: livetest.Ptr(vtypes.Duration("1h")), MaxLeaseTTL: livetest.Ptr(vtypes.Seconds(7200)),
	}))
	engine, err := c.Sys().SysReadMountTuning(ctx, "transit-tuned")
	mustOK(t, err)
	if engine.Data.Description != "tuned engine" || engine.Data.DefaultLeaseTTL != 3600 || engine.Data.MaxLeaseTTL != 7200 {
		t.Fatalf("engine tuning: %+v", engine.Data)
	}
	mustOK(t, c.TuneSecretsEngine(ctx, "transit-tuned", sys.MountTuneInput{Description: livetest.Ptr("again")}))
	engine, err = c.Sys().SysReadMountTuning(ctx, "transit-tuned")
	mustOK(t, err)
	if engine.Data.Description != "again" || engine.Data.DefaultLeaseTTL != 3600 {
		t.Fatalf("second tuning changed more than the description: %+v", engine.Data)
	}

	mustOK(t, c.TuneAuthMethod(ctx, "userpass-tuned", sys.MountTuneInput{
		Description: livetest.Ptr("tuned method"), DefaultLeaseTTL: livetest.Ptr(vtypes.Duration("30m")), ListingVisibility: livetest.Ptr(sys.MountTuneInputListingVisibilityUnauth),
	}))
	method, err := c.Sys().SysReadAuthMethodTuning(ctx, "userpass-tuned")
	mustOK(t, err)
	if method.Data.Description != "tuned method" || method.Data.DefaultLeaseTTL != 1800 || method.Data.ListingVisibility == nil || *method.Data.ListingVisibility != "unauth" {
		t.Fatalf("auth method tuning: %+v", method.Data)
	}

	if err := c.TuneSecretsEngine(ctx, "no-such-mount", sys.MountTuneInput{Description: livetest.Ptr("x")}); err == nil {
		t.Fatal("tuning a missing mount should fail")
	}
}
