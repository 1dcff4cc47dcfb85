package wrappers_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/govault/govault/generated/authtoken"
	"github.com/govault/govault/generated/kvv1"
	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/wrappers"
)

// sent records the requests that reach the HTTP transport, headers and all.
type sent struct {
	mu   sync.Mutex
	reqs []*http.Request
}

func (s *sent) middleware(next http.RoundTripper) http.RoundTripper {
	return roundTrip(func(r *http.Request) (*http.Response, error) {
		s.mu.Lock()
		s.reqs = append(s.reqs, r.Clone(context.Background()))
		s.mu.Unlock()
		return next.RoundTrip(r)
	})
}

func (s *sent) take() []*http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.reqs
	s.reqs = nil
	return out
}

// Vault's own fields of an envelope, which change with every answer.
var ignoreRequestID = cmpopts.IgnoreFields(wrappers.LogicalResponse{}, "RequestID")

// Write, read, list and delete on a KV v1 mount through the path-generic
// API: Vault's whole envelope comes back, the requests are the ones the
// generated KV v1 calls send (the contract validator holds every answer to
// the spec's KV v1 operations), with the client's token on them.
func TestLogicalKVv1(t *testing.T) {
	ctx := context.Background()
	rec := &sent{}
	c := client(t, wrappers.WithMiddleware(rec.middleware))
	mountKV(t, c, "kv1-logical", "1")
	l := c.Logical()
	rec.take()

	out, err := l.Write(ctx, "kv1-logical/app/db", map[string]any{"password": "s3cret", "port": 5432})
	mustOK(t, err)
	if diff := cmp.Diff(&wrappers.LogicalResponse{}, out); diff != "" {
		t.Errorf("a KV v1 write answers 204: want a zero envelope (-want +got):\n%s", diff)
	}
	_, err = l.Write(ctx, "/kv1-logical/app/api/", map[string]any{"key": "k"}) // slashes around are ignored
	mustOK(t, err)

	got, err := l.Read(ctx, "kv1-logical/app/db")
	mustOK(t, err)
	want := &wrappers.LogicalResponse{
		Data:          map[string]any{"password": "s3cret", "port": float64(5432)},
		LeaseDuration: 768 * 3600, // the dev server's default TTL, KV v1's refresh hint
		MountType:     "kv",
	}
	if diff := cmp.Diff(want, got, ignoreRequestID); diff != "" {
		t.Errorf("read (-want +got):\n%s", diff)
	}
	if got.RequestID == "" || got.Wrapped() {
		t.Errorf("read: request ID %q, wrapped %v", got.RequestID, got.Wrapped())
	}
	// The same answer as the generated call's.
	typed, err := c.KVv1("kv1-logical").ReadSecret(ctx, "app/db")
	mustOK(t, err)
	if diff := cmp.Diff(typed.Data, got.Data); diff != "" {
		t.Errorf("Logical.Read and KvV1Read differ (-typed +logical):\n%s", diff)
	}

	list, err := l.List(ctx, "kv1-logical/app")
	mustOK(t, err)
	keys, err := list.Keys()
	mustOK(t, err)
	if diff := cmp.Diff([]string{"api", "db"}, keys); diff != "" {
		t.Errorf("list (-want +got):\n%s", diff)
	}
	// An empty or missing folder is an empty list, as for the generated lists.
	empty, err := l.List(ctx, "kv1-logical/nothing-here")
	mustOK(t, err)
	if keys, err := empty.Keys(); err != nil || len(keys) != 0 {
		t.Errorf("missing folder: keys %v, err %v; want an empty list", keys, err)
	}

	del, err := l.Delete(ctx, "kv1-logical/app/db")
	mustOK(t, err)
	if diff := cmp.Diff(&wrappers.LogicalResponse{}, del); diff != "" {
		t.Errorf("delete (-want +got):\n%s", diff)
	}
	_, err = l.Read(ctx, "kv1-logical/app/db")
	var re *wrappers.ResponseError
	if !errors.As(err, &re) || re.StatusCode != http.StatusNotFound || re.Operation != "LogicalRead" || !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("read after delete: %v; want a 404 *ResponseError of LogicalRead matching ErrInvalidPath", err)
	}

	type call struct{ Method, Path, Query, Token, ContentType string }
	var seen []call
	for _, r := range rec.take() {
		seen = append(seen, call{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get(wrappers.TokenHeader), r.Header.Get("Content-Type")})
	}
	root := dev.RootToken
	wantWire := []call{
		{"POST", "/v1/kv1-logical/app/db", "", root, "application/json"},
		{"POST", "/v1/kv1-logical/app/api", "", root, "application/json"},
		{"GET", "/v1/kv1-logical/app/db", "", root, ""},
		{"GET", "/v1/kv1-logical/app/db", "", root, ""}, // the generated KvV1Read
		{"GET", "/v1/kv1-logical/app/", "list=true", root, ""},
		{"GET", "/v1/kv1-logical/nothing-here/", "list=true", root, ""},
		{"DELETE", "/v1/kv1-logical/app/db", "", root, ""},
		{"GET", "/v1/kv1-logical/app/db", "", root, ""},
	}
	if diff := cmp.Diff(wantWire, seen); diff != "" {
		t.Errorf("requests sent (-want +got):\n%s", diff)
	}
}

// The options given to a call apply to its request, after the context's.
func TestLogicalRequestOptions(t *testing.T) {
	ctx := context.Background()
	c := client(t)
	mountKV(t, c, "kv1-logical-opts", "1")
	l := c.Logical()
	_, err := l.Write(ctx, "kv1-logical-opts/x", map[string]any{"a": "b"})
	mustOK(t, err)

	_, err = l.Read(ctx, "kv1-logical-opts/x", wrappers.RequestToken("not-a-token"))
	if !errors.Is(err, wrappers.ErrForbidden) {
		t.Errorf("read with a wrong token: %v, want ErrForbidden", err)
	}
	_, err = l.Read(wrappers.WithRequestOptions(ctx, wrappers.RequestToken("not-a-token")), "kv1-logical-opts/x",
		wrappers.RequestToken(dev.RootToken))
	mustOK(t, err) // the call's option wins over the context's

	// A query parameter, here KV v2's version (validated as KvV2Read).
	kv := c.KVv2("")
	for _, v := range []string{"one", "two"} {
		_, err := kv.CreateOrUpdateSecret(ctx, "logical/versions", map[string]any{"v": v})
		mustOK(t, err)
	}
	first, err := l.Read(ctx, "secret/data/logical/versions", wrappers.RequestQuery("version", "1"))
	mustOK(t, err)
	if data, _ := first.Data["data"].(map[string]any); data["v"] != "one" {
		t.Errorf("version 1 read as %v", first.Data)
	}
}

// A wrapped answer is never taken for an empty one: Wrapped reports it, its
// WrapInfo holds the token, Keys refuses it, and the token unwraps to the data.
func TestLogicalWrapped(t *testing.T) {
	ctx := context.Background()
	c := client(t)
	mountKV(t, c, "kv1-logical-wrap", "1")
	l := c.Logical()
	_, err := l.Write(ctx, "kv1-logical-wrap/app/db", map[string]any{"password": "s3cret"})
	mustOK(t, err)

	read, err := l.Read(ctx, "kv1-logical-wrap/app/db", wrappers.RequestWrapTTL(time.Minute))
	mustOK(t, err)
	if !read.Wrapped() || read.Data != nil || read.WrapInfo.TTL == nil || *read.WrapInfo.TTL != 60 {
		t.Fatalf("wrapped read: %+v; want Wrapped, no data, a 60s wrap_info", read)
	}
	data, err := wrappers.Unwrap[map[string]any](ctx, c, *read.WrapInfo.Token)
	mustOK(t, err)
	if data.Data["password"] != "s3cret" {
		t.Errorf("unwrapped %v", data.Data)
	}

	list, err := l.List(ctx, "kv1-logical-wrap/app", wrappers.RequestWrapTTL(time.Minute))
	mustOK(t, err)
	keys, err := list.Keys()
	var we *wrappers.WrappedError
	if !errors.As(err, &we) || !errors.Is(err, wrappers.ErrWrapped) || we.WrapInfo.Token == nil || keys != nil {
		t.Fatalf("Keys of a wrapped list: %v, %v; want a *WrappedError", keys, err)
	}
	if strings.Contains(err.Error(), *we.WrapInfo.Token) {
		t.Error("the error text holds the wrapping token")
	}
	unwrapped, err := wrappers.Unwrap[struct{ Keys []string }](ctx, c, *we.WrapInfo.Token)
	mustOK(t, err)
	if diff := cmp.Diff([]string{"db"}, unwrapped.Data.Keys); diff != "" {
		t.Errorf("unwrapped list (-want +got):\n%s", diff)
	}
}

// Patch sends a JSON merge patch: on KV v2's data path it changes the named
// fields and removes those set to nil; KV v1 does not patch, and says so
// with a 405.
func TestLogicalPatch(t *testing.T) {
	ctx := context.Background()
	rec := &sent{}
	c := client(t, wrappers.WithMiddleware(rec.middleware))
	l := c.Logical()
	_, err := l.Write(ctx, "secret/data/logical/patched", map[string]any{"data": map[string]any{"a": "1", "b": "2"}})
	mustOK(t, err)
	rec.take()
	out, err := l.Patch(ctx, "secret/data/logical/patched", map[string]any{"data": map[string]any{"b": nil, "c": "3"}})
	mustOK(t, err)
	if v, _ := out.Data["version"].(float64); v != 2 {
		t.Errorf("patch answered %+v; want version 2 in data", out)
	}
	reqs := rec.take()
	if len(reqs) != 1 || reqs[0].Method != http.MethodPatch || reqs[0].Header.Get("Content-Type") != "application/merge-patch+json" {
		t.Fatalf("patch sent %v", reqs)
	}
	got, err := l.Read(ctx, "secret/data/logical/patched")
	mustOK(t, err)
	if diff := cmp.Diff(map[string]any{"a": "1", "c": "3"}, got.Data["data"]); diff != "" {
		t.Errorf("after the patch (-want +got):\n%s", diff)
	}

	// KV v1 has no patch, so no operation of the spec answers it: a client
	// without the contract validator.
	mountKV(t, c, "kv1-logical-patch", "1")
	raw, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(dev.Addr), wrappers.WithToken(dev.RootToken))
	mustOK(t, err)
	_, err = raw.Logical().Write(ctx, "kv1-logical-patch/x", map[string]any{"a": "1"})
	mustOK(t, err)
	_, err = raw.Logical().Patch(ctx, "kv1-logical-patch/x", map[string]any{"a": "2"})
	var re *wrappers.ResponseError
	if !errors.As(err, &re) || re.StatusCode != http.StatusMethodNotAllowed || re.Operation != "LogicalPatch" {
		t.Fatalf("patch on KV v1: %v; want a 405 *ResponseError of LogicalPatch", err)
	}
}

// A path with an empty, "." or ".." segment is refused before anything is
// sent, by every Logical call; the server stays unsealed.
func TestLogicalRefusesTraversals(t *testing.T) {
	ctx := context.Background()
	w := &wire{}
	c := client(t, wrappers.WithMiddleware(w.middleware))
	l := c.Logical()
	calls := map[string]func(string) error{
		"LogicalRead":   func(p string) error { _, err := l.Read(ctx, p); return err },
		"LogicalWrite":  func(p string) error { _, err := l.Write(ctx, p, map[string]any{"x": "y"}); return err },
		"LogicalList":   func(p string) error { _, err := l.List(ctx, p); return err },
		"LogicalDelete": func(p string) error { _, err := l.Delete(ctx, p); return err },
		"LogicalPatch":  func(p string) error { _, err := l.Patch(ctx, p, map[string]any{"x": "y"}); return err },
	}
	for op, call := range calls {
		for _, p := range []string{"secret/../sys/seal", "../sys/seal", "secret/data/../../sys/seal", "secret/./x",
			"secret//x", "secret/x/..", "..", ".", "", "/", "//"} {
			err := call(p)
			var pe *wrappers.PathParameterError
			if !errors.As(err, &pe) || !errors.Is(err, wrappers.ErrBadPathParameter) || pe.Operation != op || pe.Parameter != "path" {
				t.Errorf("%s(%q): %v; want a *PathParameterError of %s for path", op, p, err, op)
			}
		}
	}
	if got := w.take(); len(got) != 0 {
		t.Fatalf("refused paths reached the server: %v", got)
	}
	sealed, err := c.Operator().IsSealed(ctx)
	mustOK(t, err)
	if sealed {
		t.Fatal("the server was sealed")
	}
}

// Mount builds a generated client on the client's transport in one call:
// the middleware sees its requests and the client's token is on them.
func TestMount(t *testing.T) {
	ctx := context.Background()
	rec := &sent{}
	c := client(t, wrappers.WithMiddleware(rec.middleware))
	mountKV(t, c, "kv1-mounted", "1")

	kv, err := wrappers.Mount(c, "/kv1-mounted/", kvv1.New)
	mustOK(t, err)
	rec.take()
	mustOK(t, kv.KvV1Write(ctx, "app", kvv1.KvV1WriteRequest{"k": "v"}))
	read, err := kv.KvV1Read(ctx, "app")
	mustOK(t, err)
	if read.Data["k"] != "v" {
		t.Errorf("read %v", read.Data)
	}
	reqs := rec.take()
	if len(reqs) != 2 || reqs[0].URL.Path != "/v1/kv1-mounted/app" || reqs[0].Header.Get(wrappers.TokenHeader) != dev.RootToken {
		t.Fatalf("requests through the mounted client: %v", reqs)
	}

	tok, err := wrappers.Mount(c, "auth/token", authtoken.New)
	mustOK(t, err)
	self, err := tok.TokenLookupSelf(ctx)
	mustOK(t, err)
	if diff := cmp.Diff([]string{"root"}, self.Data.Policies); diff != "" {
		t.Errorf("lookup-self through auth/token (-want +got):\n%s", diff)
	}

	for _, m := range []string{"secret/../sys", "../sys", "a//b", ".", ""} {
		api, err := wrappers.Mount(c, m, pki.New)
		var pe *wrappers.PathParameterError
		if api != nil || !errors.As(err, &pe) || pe.Operation != "Mount" || pe.Parameter != "mount" {
			t.Errorf("Mount(%q): %v, %v; want no client and a *PathParameterError of Mount", m, api, err)
		}
	}
	if _, err := wrappers.Mount[*pki.Client](c, "pki", nil); err == nil {
		t.Error("Mount with a nil newClient: no error")
	}
	if got := rec.take(); len(got) != 1 { // the lookup-self only
		t.Errorf("requests: %v", got)
	}
}
