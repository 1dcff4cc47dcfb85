package sysplugins_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/generated/sysplugins"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

const fakeSHA = "0000000000000000000000000000000000000000000000000000000000000000"

func clients(t *testing.T) (*sysplugins.Client, *wrappers.Client) {
	t.Helper()
	c := env.ClientFor(t, srv.Addr, srv.RootToken)
	return livetest.API(t, c, "sys", sysplugins.New), c
}

func hasWarning(warnings []string, part string) bool {
	return slices.ContainsFunc(warnings, func(w string) bool { return strings.Contains(w, part) })
}

func TestBuiltinCatalog(t *testing.T) {
	ctx := context.Background()
	a, _ := clients(t)
	all, err := a.SysListAllPlugins(ctx)
	env.OK(t, err)
	if !slices.Contains(all.Data.Secret, "kv") || !slices.Contains(all.Data.Auth, "approle") || len(all.Data.Database) == 0 {
		t.Fatalf("catalog: %+v", all.Data)
	}
	i := slices.IndexFunc(all.Data.Detailed, func(p sysplugins.PluginSummary) bool { return p.Name == "kv" && p.Type == "secret" })
	if i < 0 || !all.Data.Detailed[i].Builtin || all.Data.Detailed[i].DeprecationStatus == nil {
		t.Fatalf("detailed kv: %+v", all.Data.Detailed)
	}

	secrets, err := a.SysListPlugins(ctx, sysplugins.PluginTypeSecret)
	env.OK(t, err)
	if !slices.Contains(secrets.Data.Keys, "transit") {
		t.Fatalf("secret plugins: %v", secrets.Data.Keys)
	}

	kv, err := a.SysReadPlugin(ctx, sysplugins.PluginTypeSecret, "kv", nil)
	env.OK(t, err)
	if !kv.Data.Builtin || kv.Data.Args != nil || !strings.HasSuffix(kv.Data.Version, "+builtin") || *kv.Data.DeprecationStatus != "supported" {
		t.Fatalf("kv: %+v", kv.Data)
	}
	if _, err := a.SysReadPlugin(ctx, sysplugins.PluginTypeSecret, "no-such-plugin", nil); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("unknown plugin: want 404, got %v", err)
	}
}

// A file that is not a plugin at all can still be registered under a type:
// Vault only tries to run it for its version and shrugs when that fails.
func TestRegisterWithFakeChecksum(t *testing.T) {
	ctx := context.Background()
	a, _ := clients(t)
	if _, err := srv.install("/bin/true", "gv-not-a-plugin"); err != nil {
		t.Fatal(err)
	}
	_, err := a.SysRegisterPlugin(ctx, sysplugins.PluginTypeSecret, "gv-not-a-plugin", sysplugins.SysRegisterPluginRequest{
		Sha256: livetest.Ptr(fakeSHA), Command: livetest.Ptr("gv-not-a-plugin"),
	})
	env.OK(t, err)
	_, err = a.SysRegisterPlugin(ctx, sysplugins.PluginTypeSecret, "gv-not-a-plugin", sysplugins.SysRegisterPluginRequest{
		Sha256: livetest.Ptr(fakeSHA), Command: livetest.Ptr("gv-not-a-plugin"), Version: livetest.Ptr("1.2.3"),
		Args: []string{"-flag"}, Env: []string{"A=B"},
	})
	env.OK(t, err)

	plain, err := a.SysReadPlugin(ctx, sysplugins.PluginTypeSecret, "gv-not-a-plugin", nil)
	env.OK(t, err)
	wantPlain := sysplugins.PluginData{Name: "gv-not-a-plugin", Command: "gv-not-a-plugin", Sha256: fakeSHA, Args: []string{}}
	if diff := cmp.Diff(wantPlain, plain.Data); diff != "" {
		t.Fatalf("unversioned (-want +got):\n%s", diff)
	}
	versioned, err := a.SysReadPlugin(ctx, sysplugins.PluginTypeSecret, "gv-not-a-plugin", &sysplugins.SysReadPluginParams{Version: livetest.Ptr("1.2.3")})
	env.OK(t, err)
	// The version comes back with a "v"; the environment is not read back.
	wantVersioned := sysplugins.PluginData{Name: "gv-not-a-plugin", Command: "gv-not-a-plugin", Sha256: fakeSHA, Version: "v1.2.3", Args: []string{"-flag"}}
	if diff := cmp.Diff(wantVersioned, versioned.Data); diff != "" {
		t.Fatalf("versioned (-want +got):\n%s", diff)
	}

	all, err := a.SysListAllPlugins(ctx)
	env.OK(t, err)
	n := 0
	for _, p := range all.Data.Detailed {
		if p.Name == "gv-not-a-plugin" {
			n++
			if p.Builtin || p.Sha256 == nil || *p.Sha256 != fakeSHA {
				t.Fatalf("detailed entry: %+v", p)
			}
		}
	}
	if n != 2 {
		t.Fatalf("want 2 detailed entries, got %d", n)
	}

	for _, v := range []*string{nil, livetest.Ptr("v1.2.3")} {
		err = a.SysDeregisterPlugin(ctx, sysplugins.PluginTypeSecret, "gv-not-a-plugin", &sysplugins.SysDeregisterPluginParams{Version: v})
		env.OK(t, err)
	}
	if _, err := a.SysReadPlugin(ctx, sysplugins.PluginTypeSecret, "gv-not-a-plugin", nil); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("after deregister: want 404, got %v", err)
	}
}

// A real plugin: untyped registration (Vault runs it to learn type and
// version), a mount, pins and reloads.
func TestRealPlugin(t *testing.T) {
	ctx := context.Background()
	a, c := clients(t)
	sum, err := srv.install(fakePlugin, "gv-fake")
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.SysRegisterPluginUntyped(ctx, "gv-fake", sysplugins.SysRegisterPluginRequest{Sha256: &sum, Command: livetest.Ptr("gv-fake")})
	env.OK(t, err)
	// The plugin reports v0.1.0 and said it is a secrets engine.
	got, err := a.SysReadPlugin(ctx, sysplugins.PluginTypeSecret, "gv-fake", &sysplugins.SysReadPluginParams{Version: livetest.Ptr("v0.1.0")})
	env.OK(t, err)
	if got.Data.Sha256 != sum || got.Data.Version != "v0.1.0" {
		t.Fatalf("registered: %+v", got.Data)
	}
	old, err := a.SysReadPluginUntyped(ctx, "gv-fake")
	env.OK(t, err)
	if old.Data != nil || !hasWarning(old.Warnings, "Deprecated") {
		t.Fatalf("untyped read: %+v", old)
	}

	err = c.Sys().SysEnableSecretsEngine(ctx, "gv-fake", sys.SysEnableSecretsEngineRequest{Type: "gv-fake"})
	env.OK(t, err)

	_, err = a.SysPinPluginVersion(ctx, sysplugins.PluginTypeSecret, "gv-fake", sysplugins.SysPinPluginVersionRequest{Version: "0.1.0"})
	env.OK(t, err)
	pin, err := a.SysReadPinnedPluginVersion(ctx, sysplugins.PluginTypeSecret, "gv-fake")
	env.OK(t, err)
	if diff := cmp.Diff(sysplugins.PinnedVersion{Name: "gv-fake", Type: "secret", Version: "v0.1.0"}, pin.Data); diff != "" {
		t.Fatalf("pin (-want +got):\n%s", diff)
	}
	pins, err := a.SysListPinnedPluginVersions(ctx)
	env.OK(t, err)
	if len(pins.Data.PinnedVersions) != 1 || pins.Data.PinnedVersions[0] != pin.Data {
		t.Fatalf("pins: %+v", pins.Data)
	}
	// A pinned version cannot be removed.
	if err := a.SysDeregisterPlugin(ctx, sysplugins.PluginTypeSecret, "gv-fake", &sysplugins.SysDeregisterPluginParams{Version: livetest.Ptr("v0.1.0")}); err == nil {
		t.Fatal("deregistering the pinned version succeeded")
	}

	// Reload every instance, then the mount, then globally (202).
	r, err := a.SysReloadPlugin(ctx, sysplugins.PluginReloadTypeSecret, "gv-fake", sysplugins.SysReloadPluginRequest{})
	env.OK(t, err)
	if r.Data.ReloadID == "" || len(r.Warnings) != 0 {
		t.Fatalf("reload plugin: %+v", r)
	}
	r, err = a.SysReloadPluginBackends(ctx, sysplugins.SysReloadPluginBackendsRequest{Mounts: []string{"gv-fake/"}})
	env.OK(t, err)
	if r.Data.ReloadID == "" {
		t.Fatalf("reload mounts: %+v", r)
	}
	var globalRaw vtypes.Raw
	global, err := a.SysReloadPluginBackends(ctx, sysplugins.SysReloadPluginBackendsRequest{
		Plugin: livetest.Ptr("gv-fake"), Scope: livetest.Ptr(sysplugins.PluginReloadScopeGlobal),
	}, vtypes.CaptureRaw(&globalRaw))
	env.OK(t, err)
	if globalRaw.Response.StatusCode != 202 || global == nil || global.Data.ReloadID == "" {
		t.Fatalf("global reload: %d %s", globalRaw.Response.StatusCode, globalRaw.Body)
	}
	var global2Raw vtypes.Raw
	global2, err := a.SysReloadPlugin(ctx, sysplugins.PluginReloadTypeUnknown, "no-such-plugin", sysplugins.SysReloadPluginRequest{Scope: livetest.Ptr(sysplugins.PluginReloadScopeGlobal)}, vtypes.CaptureRaw(&global2Raw))
	env.OK(t, err)
	if global2Raw.Response.StatusCode != 202 || !hasWarning(global2.Warnings, "no plugins were reloaded") {
		t.Fatalf("global reload of nothing: %d %s", global2Raw.Response.StatusCode, global2Raw.Body)
	}
	// The per-node status of a global reload is an Enterprise feature.
	if _, err := a.SysReadPluginReloadStatus(ctx, &sysplugins.SysReadPluginReloadStatusParams{ReloadID: global.Data.ReloadID}); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("reload status on Community Edition: want 404, got %v", err)
	}

	_, err = a.SysUnpinPluginVersion(ctx, sysplugins.PluginTypeSecret, "gv-fake")
	env.OK(t, err)
	if _, err := a.SysReadPinnedPluginVersion(ctx, sysplugins.PluginTypeSecret, "gv-fake"); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("pin after unpin: want 404, got %v", err)
	}

	err = c.Sys().SysDisableSecretsEngine(ctx, "gv-fake")
	env.OK(t, err)
	// The untyped removal only knows entries stored without a type; it warns
	// and leaves the typed entry alone.
	gone, err := a.SysDeregisterPluginUntyped(ctx, "gv-fake", nil)
	env.OK(t, err)
	if !hasWarning(gone.Warnings, "Deprecated") {
		t.Fatalf("untyped deregister: %+v", gone)
	}
	err = a.SysDeregisterPlugin(ctx, sysplugins.PluginTypeSecret, "gv-fake", &sysplugins.SysDeregisterPluginParams{Version: livetest.Ptr("v0.1.0")})
	env.OK(t, err)
	list, err := a.SysListPlugins(ctx, sysplugins.PluginTypeSecret)
	env.OK(t, err)
	if slices.Contains(list.Data.Keys, "gv-fake") {
		t.Fatalf("still listed: %v", list.Data.Keys)
	}
	_ = os.Remove(srv.PluginDir + "/gv-fake")
}

func TestPluginRuntimes(t *testing.T) {
	ctx := context.Background()
	a, _ := clients(t)
	container := sysplugins.PluginRuntimeTypeContainer
	err := a.SysRegisterPluginRuntime(ctx, container, "gv-runtime", sysplugins.SysRegisterPluginRuntimeRequest{
		OciRuntime: livetest.Ptr("runsc"), CgroupParent: livetest.Ptr("/govault"), CPUNanos: livetest.Ptr(int64(500000000)), MemoryBytes: livetest.Ptr(int64(64 << 20)), Rootless: livetest.Ptr(true),
	})
	env.OK(t, err)
	got, err := a.SysReadPluginRuntime(ctx, container, "gv-runtime")
	env.OK(t, err)
	want := sysplugins.PluginRuntimeData{Name: "gv-runtime", Type: "container", OciRuntime: "runsc", CgroupParent: "/govault", CPUNanos: 500000000, MemoryBytes: 64 << 20, Rootless: true}
	if got.Data != want {
		t.Fatalf("runtime: %+v", got.Data)
	}
	all, err := a.SysListAllPluginRuntimes(ctx, nil)
	env.OK(t, err)
	if len(all.Data.Runtimes) != 1 || all.Data.Runtimes[0] != want {
		t.Fatalf("runtimes: %+v", all.Data.Runtimes)
	}
	listed, err := a.SysListPluginRuntimes(ctx, &sysplugins.SysListPluginRuntimesParams{Type: &container})
	env.OK(t, err)
	if len(listed.Data.Runtimes) != 1 || listed.Data.Runtimes[0] != want {
		t.Fatalf("runtimes (LIST): %+v", listed.Data.Runtimes)
	}
	err = a.SysDeregisterPluginRuntime(ctx, container, "gv-runtime")
	env.OK(t, err)
	if _, err := a.SysReadPluginRuntime(ctx, container, "gv-runtime"); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("after deregister: want 404, got %v", err)
	}
}
