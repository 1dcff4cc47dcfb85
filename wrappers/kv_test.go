package wrappers_test

import (
	"context"
	"errors"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/kvv2"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/wrappers"
)

// mountKV enables a KV engine of the given version at a fresh path.
func mountKV(t *testing.T, c *wrappers.Client, path string, version string) {
	t.Helper()
	ctx := context.Background()
	err := c.Sys().SysEnableSecretsEngine(ctx, path, sys.SysEnableSecretsEngineRequest{
		Type: "kv", Options: map[string]string{"version": version},
	})
	mustOK(t, err)
	area := "kv-v1"
	if version == "2" {
		area = "kv-v2"
	}
	env.Validator.Mount(path, area)
	t.Cleanup(func() { _ = c.Sys().SysDisableSecretsEngine(context.Background(), path) })
}

func TestKVv2FullLifecycle(t *testing.T) {
	ctx := context.Background()
	c := client(t)
	kv := c.KVv2("") // dev mode mounts v2 at secret/
	const path = "lifecycle/a/b/c/d"

	v1, err := kv.CreateOrUpdateSecret(ctx, path, map[string]any{"user": "alice"}, wrappers.CAS(0))
	mustOK(t, err)
	if v1.Data.Version != 1 {
		t.Fatalf("first write: version %d, want 1", v1.Data.Version)
	}
	v2, err := kv.CreateOrUpdateSecret(ctx, path, map[string]any{"user": "bob"}, wrappers.CAS(1))
	mustOK(t, err)
	if v2.Data.Version != 2 {
		t.Fatalf("second write: version %d, want 2", v2.Data.Version)
	}

	// A stale cas is refused and changes nothing.
	_, err = kv.CreateOrUpdateSecret(ctx, path, map[string]any{"user": "mallory"}, wrappers.CAS(1))
	if !errors.Is(leaks.Seen(err), wrappers.ErrInvalidRequest) {
		t.Fatalf("cas conflict: got %v, want ErrInvalidRequest", err)
	}
	var re *wrappers.ResponseError
	if !errors.As(err, &re) || re.StatusCode != 400 || re.Operation != "KvV2Write" || len(re.Errors) == 0 {
		t.Fatalf("cas conflict error = %#v", re)
	}

	latest, err := kv.ReadSecret(ctx, path)
	mustOK(t, err)
	if diff := cmp.Diff(map[string]any{"user": "bob"}, latest.Data.Data); diff != "" || latest.Data.Metadata.Version != 2 {
		t.Fatalf("latest read (-want +got):\n%s version %d", diff, latest.Data.Metadata.Version)
	}
	first, err := kv.ReadSecretVersion(ctx, path, 1)
	mustOK(t, err)
	if first.Data.Data["user"] != "alice" {
		t.Fatalf("version 1 = %v", first.Data)
	}

	patched, err := kv.Patch(ctx, path, map[string]any{"role": "admin"})
	mustOK(t, err)
	got, err := kv.ReadSecret(ctx, path)
	mustOK(t, err)
	if diff := cmp.Diff(map[string]any{"user": "bob", "role": "admin"}, got.Data.Data); diff != "" || patched.Data.Version != 3 {
		t.Fatalf("after patch (-want +got):\n%s (version %d)", diff, patched.Data.Version)
	}

	mustOK(t, kv.UpdateMetadata(ctx, path, kvv2.KvV2WriteMetadataRequest{CustomMetadata: map[string]string{"owner": "team-a"}}))
	md, err := kv.ReadMetadata(ctx, path)
	mustOK(t, err)
	if md.Data.CurrentVersion != 3 || len(md.Data.Versions) != 3 || md.Data.CustomMetadata["owner"] != "team-a" {
		t.Fatalf("metadata: current %d, %d versions, custom %v", md.Data.CurrentVersion, len(md.Data.Versions), md.Data.CustomMetadata)
	}

	// Soft delete, then undelete.
	mustOK(t, kv.DeleteLatestVersion(ctx, path))
	if _, err := kv.ReadSecret(ctx, path); !errors.Is(leaks.Seen(err), wrappers.ErrInvalidPath) {
		t.Fatalf("read of deleted version: %v, want ErrInvalidPath", err)
	}
	mustOK(t, kv.UndeleteVersions(ctx, path, []int{3}))
	if _, err := kv.ReadSecret(ctx, path); err != nil {
		t.Fatalf("read after undelete: %v", err)
	}

	mustOK(t, kv.DeleteVersions(ctx, path, []int{2}))
	mustOK(t, kv.DestroyVersions(ctx, path, []int{1}))
	md, err = kv.ReadMetadata(ctx, path)
	mustOK(t, err)
	if !md.Data.Versions["1"].Destroyed || md.Data.Versions["2"].DeletionTime == "" || md.Data.Versions["3"].Destroyed {
		t.Fatalf("version states after delete/destroy: %+v", md.Data.Versions)
	}
	if _, err := kv.ReadSecretVersion(ctx, path, 1); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("read of destroyed version: %v, want ErrInvalidPath", err)
	}

	sub, err := kv.ReadSubkeys(ctx, path, 0, 0)
	mustOK(t, err)
	if diff := cmp.Diff(map[string]any{"user": nil, "role": nil}, sub.Data.Subkeys); diff != "" {
		t.Fatalf("subkeys (-want +got):\n%s", diff)
	}

	keys, err := kv.ListSecrets(ctx, "lifecycle/a/b")
	mustOK(t, err)
	if diff := cmp.Diff([]string{"c/"}, keys.Data.Keys); diff != "" {
		t.Fatalf("list lifecycle/a/b (-want +got):\n%s", diff)
	}
	keys, err = kv.ListSecrets(ctx, "lifecycle/a/b/c")
	mustOK(t, err)
	if diff := cmp.Diff([]string{"d"}, keys.Data.Keys); diff != "" {
		t.Fatalf("list lifecycle/a/b/c (-want +got):\n%s", diff)
	}
	empty, err := kv.ListSecrets(ctx, "nothing/here")
	mustOK(t, err)
	if empty.Data.Keys == nil || len(empty.Data.Keys) != 0 {
		t.Fatalf("empty list = %#v, want an empty non-nil slice", empty)
	}

	mustOK(t, kv.DeleteMetadataAndAllVersions(ctx, path))
	if _, err := kv.ReadMetadata(ctx, path); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("metadata after delete: %v, want ErrInvalidPath", err)
	}
}

func TestKVv2Configuration(t *testing.T) {
	ctx := context.Background()
	c := client(t)
	mountKV(t, c, "kvcfg", "2")
	kv := c.KVv2("kvcfg")
	maxVersions, casRequired := 7, true
	mustOK(t, kv.Configure(ctx, kvv2.KvV2WriteConfigRequest{MaxVersions: &maxVersions, CAsRequired: &casRequired}))
	cfg, err := kv.ReadConfiguration(ctx)
	mustOK(t, err)
	if cfg.Data.MaxVersions != 7 || !cfg.Data.CAsRequired {
		t.Fatalf("config = %+v", cfg)
	}
	// cas_required: a write without cas is refused.
	if _, err := kv.CreateOrUpdateSecret(ctx, "x", map[string]any{"a": 1}); !errors.Is(err, wrappers.ErrInvalidRequest) {
		t.Fatalf("write without cas on a cas_required mount: %v", err)
	}
	// false must be sendable (the pointer makes it so): turn it back off.
	casRequired = false
	mustOK(t, kv.Configure(ctx, kvv2.KvV2WriteConfigRequest{CAsRequired: &casRequired}))
	cfg, err = kv.ReadConfiguration(ctx)
	mustOK(t, err)
	if cfg.Data.CAsRequired || cfg.Data.MaxVersions != 7 {
		t.Fatalf("after turning cas_required off: %+v", cfg)
	}

	// The mount's top level, and a metadata patch that leaves other fields alone.
	_, err = kv.CreateOrUpdateSecret(ctx, "top", map[string]any{"a": 1})
	mustOK(t, err)
	_, err = kv.CreateOrUpdateSecret(ctx, "dir/inner", map[string]any{"a": 1})
	mustOK(t, err)
	keys, err := kv.ListSecrets(ctx, "")
	mustOK(t, err)
	sort.Strings(keys.Data.Keys)
	if diff := cmp.Diff([]string{"dir/", "top"}, keys.Data.Keys); diff != "" {
		t.Fatalf("root list (-want +got):\n%s", diff)
	}
	mustOK(t, kv.UpdateMetadata(ctx, "top", kvv2.KvV2WriteMetadataRequest{MaxVersions: &maxVersions, CustomMetadata: map[string]string{"a": "1"}}))
	owner := "team-b"
	mustOK(t, kv.PatchMetadata(ctx, "top", kvv2.KvV2PatchMetadataRequest{CustomMetadata: map[string]*string{"owner": &owner, "a": nil}}))
	md, err := kv.ReadMetadata(ctx, "top")
	mustOK(t, err)
	if diff := cmp.Diff(map[string]string{"owner": "team-b"}, md.Data.CustomMetadata); diff != "" || md.Data.MaxVersions != 7 {
		t.Fatalf("after metadata patch (-want +got):\n%s max_versions %d", diff, md.Data.MaxVersions)
	}
}

func TestKVv1FullLifecycle(t *testing.T) {
	ctx := context.Background()
	c := client(t)
	mountKV(t, c, "kv1", "1")
	kv := c.KVv1("kv1")

	mustOK(t, kv.CreateOrUpdateSecret(ctx, "app/a/b/c/d", map[string]any{"password": "s3cret", "n": 3}))
	got, err := kv.ReadSecret(ctx, "app/a/b/c/d")
	mustOK(t, err)
	if diff := cmp.Diff(map[string]any{"password": "s3cret", "n": float64(3)}, got.Data); diff != "" {
		t.Fatalf("read (-want +got):\n%s", diff)
	}
	mustOK(t, kv.CreateOrUpdateSecret(ctx, "app/other", map[string]any{"k": "v"}))
	keys, err := kv.ListSecrets(ctx, "app")
	mustOK(t, err)
	sort.Strings(keys.Data.Keys)
	if diff := cmp.Diff([]string{"a/", "other"}, keys.Data.Keys); diff != "" {
		t.Fatalf("list (-want +got):\n%s", diff)
	}
	top, err := kv.ListSecrets(ctx, "")
	mustOK(t, err)
	if diff := cmp.Diff([]string{"app/"}, top.Data.Keys); diff != "" {
		t.Fatalf("root list (-want +got):\n%s", diff)
	}
	mustOK(t, kv.DeleteSecret(ctx, "app/other"))
	if _, err := kv.ReadSecret(ctx, "app/other"); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("read after delete: %v", err)
	}
	mustOK(t, kv.DeleteSecret(ctx, "app/a/b/c/d"))
	keys, err = kv.ListSecrets(ctx, "app")
	mustOK(t, err)
	if len(keys.Data.Keys) != 0 {
		t.Fatalf("list after deleting everything = %v", keys)
	}
}

// The same code reads and writes either engine version; the version comes
// from the client default, a per-call override, or the server.
func TestKVVersionSwitching(t *testing.T) {
	ctx := context.Background()
	c := client(t)
	mountKV(t, c, "switch-v1", "1")

	if v := c.KV("secret").Version(); v != 2 {
		t.Fatalf("default KV version %d, want 2", v)
	}
	v1 := client(t, wrappers.WithKVVersion(1))
	if _, err := v1.KV("switch-v1").Write(ctx, "k", map[string]any{"v": "one"}); err != nil {
		t.Fatal(err)
	}
	// Per call: the v2 client reads the v1 mount by overriding the version.
	s, err := c.KV("switch-v1").WithVersion(1).Read(ctx, "k")
	mustOK(t, err)
	if s.Data["v"] != "one" || s.Version != 0 {
		t.Fatalf("v1 read via override = %+v", s)
	}
	// Detected from sys/internal/ui/mounts.
	for mount, want := range map[string]int{"switch-v1": 1, "secret": 2} {
		kv, err := v1.KV(mount).DetectVersion(ctx)
		mustOK(t, err)
		if kv.Version() != want {
			t.Errorf("%s: detected version %d, want %d", mount, kv.Version(), want)
		}
	}
	kv2, err := v1.KV("secret").DetectVersion(ctx)
	mustOK(t, err)
	n, err := kv2.Write(ctx, "switch/k", map[string]any{"v": "two"})
	mustOK(t, err)
	s, err = kv2.Read(ctx, "switch/k")
	mustOK(t, err)
	if s.Data["v"] != "two" || s.Version != n.Version || n.Version < 1 {
		t.Fatalf("v2 read after detect = %+v (wrote version %d)", s, n.Version)
	}
	if _, err := c.KV("sys").DetectVersion(ctx); err == nil {
		t.Fatal("DetectVersion on sys/: want an error, it is not a KV mount")
	}
}

// Secret names with characters that need escaping reach the right secret and
// come back intact (vault-client-go #267).
func TestKVv2PathsWithSpecialCharacters(t *testing.T) {
	ctx := context.Background()
	kv := client(t).KVv2("")
	for _, name := range []string{"with space", "plus+sign", "per%cent", "hash#tag", "question?mark", "ünïcødé", "dots..twice", "semi;colon", "a&b=c"} {
		t.Run(name, func(t *testing.T) {
			path := "special/" + name
			_, err := kv.CreateOrUpdateSecret(ctx, path, map[string]any{"name": name})
			mustOK(t, err)
			got, err := kv.ReadSecret(ctx, path)
			mustOK(t, err)
			if got.Data.Data["name"] != name {
				t.Fatalf("read back %v", got.Data)
			}
			keys, err := kv.ListSecrets(ctx, "special")
			mustOK(t, err)
			found := false
			for _, k := range keys.Data.Keys {
				found = found || k == name
			}
			if !found {
				t.Fatalf("list of special/ = %q lacks %q", keys.Data.Keys, name)
			}
		})
	}
}
