package wrappers_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"sync"
	"testing"

	"github.com/govault/govault/wrappers"
)

// Against a real Vault (which has PATCH) it is a merge patch: nested maps
// merge and nil removes a key. A missing secret stays an ErrInvalidPath.
func TestPatchWithFallbackOnARealServer(t *testing.T) {
	c := client(t)
	ctx := context.Background()
	kv := c.KVv2("")
	_ = kv.DeleteMetadataAndAllVersions(ctx, "patch/app")
	_, err := kv.CreateOrUpdateSecret(ctx, "patch/app", map[string]any{"user": "a", "old": "x", "db": map[string]any{"host": "h", "port": 1}})
	mustOK(t, err)

	meta, err := kv.PatchWithFallback(ctx, "patch/app", map[string]any{"old": nil, "db": map[string]any{"port": 2}, "new": "y"})
	mustOK(t, err)
	if meta.Data.Version != 2 {
		t.Fatalf("version %d", meta.Data.Version)
	}
	got, err := kv.ReadSecret(ctx, "patch/app")
	mustOK(t, err)
	want := map[string]any{"user": "a", "new": "y", "db": map[string]any{"host": "h", "port": json.Number("2")}}
	if !reflect.DeepEqual(normalise(got.Data.Data), normalise(want)) {
		t.Fatalf("patched: %v", got.Data.Data)
	}

	_, err = kv.PatchWithFallback(ctx, "patch/none", map[string]any{"a": "b"})
	if !errors.Is(leaks.Seen(err), wrappers.ErrInvalidPath) {
		t.Fatalf("patch of a missing secret: %v", err)
	}
}

func normalise(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// fakeKV is a KV v2 mount without PATCH: it answers PATCH with status and
// errors, and records the write the fallback makes.
type fakeKV struct {
	status  int
	errors  string
	mu      sync.Mutex
	methods []string
	written map[string]any
}

func (f *fakeKV) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.methods = append(f.methods, r.Method)
	w.Header().Set("Content-Type", "application/json")
	switch r.Method {
	case http.MethodPatch:
		w.WriteHeader(f.status)
		_, _ = io.WriteString(w, `{"errors":[`+f.errors+`]}`)
	case http.MethodGet:
		_, _ = io.WriteString(w, `{"request_id":"r","lease_id":"","renewable":false,"lease_duration":0,"data":{"data":{"user":"a","old":"x","db":{"host":"h","port":1}},"metadata":{"created_time":"2024-01-01T00:00:00Z","custom_metadata":null,"deletion_time":"","destroyed":false,"version":7}},"wrap_info":null,"warnings":null,"auth":null,"mount_type":"kv"}`)
	case http.MethodPost, http.MethodPut:
		_ = json.NewDecoder(r.Body).Decode(&f.written)
		_, _ = io.WriteString(w, `{"request_id":"r","lease_id":"","renewable":false,"lease_duration":0,"data":{"created_time":"2024-01-02T00:00:00Z","custom_metadata":null,"deletion_time":"","destroyed":false,"version":8},"wrap_info":null,"warnings":null,"auth":null,"mount_type":"kv"}`)
	}
}

// A server without PATCH (405, or 404 for an unsupported path) gets
// read-then-write with check-and-set on the version read, the merge done
// locally.
func TestPatchWithFallbackWithoutPATCH(t *testing.T) {
	for _, f := range []*fakeKV{
		{status: http.StatusMethodNotAllowed, errors: `"1 error occurred:\n\t* unsupported operation\n\n"`},
		{status: http.StatusNotFound, errors: `"1 error occurred:\n\t* unsupported path\n\n"`},
	} {
		srv := httptestServer(f)
		defer srv.Close()
		c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(srv.URL), wrappers.WithToken("fake-token"))
		mustOK(t, err)

		meta, err := c.KVv2("").PatchWithFallback(context.Background(), "app", map[string]any{"old": nil, "db": map[string]any{"port": 2}, "new": "y"})
		mustOK(t, err)
		if meta.Data.Version != 8 {
			t.Fatalf("%d: version %d", f.status, meta.Data.Version)
		}
		f.mu.Lock()
		if !reflect.DeepEqual(f.methods, []string{"PATCH", "GET", "POST"}) && !reflect.DeepEqual(f.methods, []string{"PATCH", "GET", "PUT"}) {
			t.Fatalf("%d: requests %v", f.status, f.methods)
		}
		want := map[string]any{
			"data":    map[string]any{"user": "a", "new": "y", "db": map[string]any{"host": "h", "port": 2}},
			"options": map[string]any{"cas": 7},
		}
		if normalise(f.written) != normalise(want) {
			t.Fatalf("%d: written %s, want %s", f.status, normalise(f.written), normalise(want))
		}
		f.mu.Unlock()
	}

	// A plain 404 (no such secret) is not taken for a server without PATCH.
	f := &fakeKV{status: http.StatusNotFound}
	srv := httptestServer(f)
	defer srv.Close()
	c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(srv.URL), wrappers.WithToken("fake-token"))
	mustOK(t, err)
	_, err = c.KVv2("").PatchWithFallback(context.Background(), "app", map[string]any{"a": "b"})
	if !errors.Is(err, wrappers.ErrInvalidPath) || len(f.methods) != 1 {
		t.Fatalf("plain 404: %v after %v", err, f.methods)
	}
}

// A deleted or destroyed version reads as nil data plus its metadata; the
// plain read still fails on it, and a missing secret fails for both.
func TestReadSecretVersionAllowDeleted(t *testing.T) {
	c := client(t)
	ctx := context.Background()
	kv := c.KVv2("")
	_ = kv.DeleteMetadataAndAllVersions(ctx, "deleted/app")
	for _, v := range []string{"one", "two", "three"} {
		_, err := kv.CreateOrUpdateSecret(ctx, "deleted/app", map[string]any{"v": v})
		mustOK(t, err)
	}
	mustOK(t, kv.DeleteVersions(ctx, "deleted/app", []int{1}))
	mustOK(t, kv.DestroyVersions(ctx, "deleted/app", []int{2}))

	gone, err := kv.ReadSecretVersionAllowDeleted(ctx, "deleted/app", 1)
	mustOK(t, err)
	if gone.Data.Data != nil || gone.Data.Metadata.Version != 1 || gone.Data.Metadata.DeletionTime == "" || gone.Data.Metadata.Destroyed {
		t.Fatalf("deleted version: %+v", gone)
	}
	destroyed, err := kv.ReadSecretVersionAllowDeleted(ctx, "deleted/app", 2)
	mustOK(t, err)
	if destroyed.Data.Data != nil || destroyed.Data.Metadata.Version != 2 || !destroyed.Data.Metadata.Destroyed {
		t.Fatalf("destroyed version: %+v", destroyed)
	}
	live, err := kv.ReadSecretVersionAllowDeleted(ctx, "deleted/app", 0)
	mustOK(t, err)
	if live.Data.Data["v"] != "three" || live.Data.Metadata.Version != 3 {
		t.Fatalf("newest version: %+v", live)
	}

	if _, err := kv.ReadSecretVersion(ctx, "deleted/app", 1); !errors.Is(leaks.Seen(err), wrappers.ErrInvalidPath) {
		t.Fatalf("ReadSecretVersion of a deleted version: %v", err)
	}
	if _, err := kv.ReadSecretVersionAllowDeleted(ctx, "deleted/none", 0); !errors.Is(leaks.Seen(err), wrappers.ErrInvalidPath) {
		t.Fatalf("missing secret: %v", err)
	}
	if _, err := kv.ReadSecretVersionAllowDeleted(ctx, "deleted/app", 9); !errors.Is(leaks.Seen(err), wrappers.ErrInvalidPath) {
		t.Fatalf("version that never existed: %v", err)
	}
}
