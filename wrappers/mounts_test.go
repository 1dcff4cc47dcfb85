package wrappers_test

import (
	"context"
	"testing"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/vtypes"
)

// The mount tables come back as path -> type, with Vault's trailing slashes.
func TestListMounts(t *testing.T) {
	c := client(t)
	ctx := context.Background()
	enableEngine(t, "transit-listed", "transit", "transit")
	enableAuth(t, "userpass-listed", "userpass", "auth-userpass")

	engines, err := c.ListSecretsEngines(ctx)
	mustOK(t, err)
	for path, typ := range map[string]string{"secret/": "kv", "cubbyhole/": "cubbyhole", "sys/": "system", "identity/": "identity", "transit-listed/": "transit"} {
		if engines[path] != typ {
			t.Errorf("secrets engine %s: %q, want %q (all: %v)", path, engines[path], typ, engines)
		}
	}
	methods, err := c.ListAuthMethods(ctx)
	mustOK(t, err)
	if methods["token/"] != "token" || methods["userpass-listed/"] != "userpass" {
		t.Errorf("auth methods: %v", methods)
	}
}

// Tuning changes only the fields given, for engines and auth methods alike.
func TestTuneMounts(t *testing.T) {
	c := client(t)
	ctx := context.Background()
	enableEngine(t, "transit-tuned", "transit", "transit")
	enableAuth(t, "userpass-tuned", "userpass", "auth-userpass")

	mustOK(t, c.TuneSecretsEngine(ctx, "transit-tuned/", sys.MountTuneInput{
		Description: ptr("tuned engine"), DefaultLeaseTTL: ptr(vtypes.Duration("1h")), MaxLeaseTTL: ptr(vtypes.Seconds(7200)),
	}))
	engine, err := c.Sys().SysReadMountTuning(ctx, "transit-tuned")
	mustOK(t, err)
	if engine.Data.Description != "tuned engine" || engine.Data.DefaultLeaseTTL != 3600 || engine.Data.MaxLeaseTTL != 7200 {
		t.Fatalf("engine tuning: %+v", engine.Data)
	}
	mustOK(t, c.TuneSecretsEngine(ctx, "transit-tuned", sys.MountTuneInput{Description: ptr("again")}))
	engine, err = c.Sys().SysReadMountTuning(ctx, "transit-tuned")
	mustOK(t, err)
	if engine.Data.Description != "again" || engine.Data.DefaultLeaseTTL != 3600 {
		t.Fatalf("second tuning changed more than the description: %+v", engine.Data)
	}

	mustOK(t, c.TuneAuthMethod(ctx, "userpass-tuned", sys.MountTuneInput{
		Description: ptr("tuned method"), DefaultLeaseTTL: ptr(vtypes.Duration("30m")), ListingVisibility: ptr(sys.MountTuneInputListingVisibilityUnauth),
	}))
	method, err := c.Sys().SysReadAuthMethodTuning(ctx, "userpass-tuned")
	mustOK(t, err)
	if method.Data.Description != "tuned method" || method.Data.DefaultLeaseTTL != 1800 || method.Data.ListingVisibility == nil || *method.Data.ListingVisibility != "unauth" {
		t.Fatalf("auth method tuning: %+v", method.Data)
	}

	if err := c.TuneSecretsEngine(ctx, "no-such-mount", sys.MountTuneInput{Description: ptr("x")}); err == nil {
		t.Fatal("tuning a missing mount should fail")
	}
}
