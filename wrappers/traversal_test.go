package wrappers_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/authapprole"
	"github.com/govault/govault/generated/kvv2"
	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/wrappers"
	"github.com/govault/govault/wrappers/auth"
)

// wire records the path of every request that reaches the HTTP transport.
type wire struct {
	mu    sync.Mutex
	paths []string
}

func (w *wire) middleware(next http.RoundTripper) http.RoundTripper {
	return roundTrip(func(r *http.Request) (*http.Response, error) {
		w.mu.Lock()
		w.paths = append(w.paths, r.Method+" "+r.URL.Path)
		w.mu.Unlock()
		return next.RoundTrip(r)
	})
}

func (w *wire) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.paths
	w.paths = nil
	return out
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// traversals are names an application might take from its own users that,
// kept as they are, would address another endpoint of the real server: Vault
// 1.21.0 answers dot segments with a redirect to the cleaned path.
var traversals = []string{
	"tenantA/../tenantB/db", "../../auth/token/create", "../../sys/seal",
	"tenantA/../../../auth/token/accessors", "a//b", "a/./b", "/a", "a/", "..", ".",
}

// Every traversal is refused with ErrBadPathParameter before anything is sent,
// on every KV operation, a one-segment name in two generated packages, and a
// mount; the secret another tenant owns is untouched and the server unsealed.
func TestTraversalsAreRefusedBeforeSending(t *testing.T) {
	ctx := context.Background()
	w := &wire{}
	c := client(t, wrappers.WithMiddleware(w.middleware))
	mountKV(t, c, "kv1-traversal", "1")
	kv2, kv1 := c.KVv2(""), c.KVv1("kv1-traversal")
	tenantB := map[string]any{"password": "tenant-b"}
	_, err := kv2.CreateOrUpdateSecret(ctx, "tenantB/db", tenantB)
	mustOK(t, err)
	w.take()

	calls := map[string]func(name string) error{
		"KVv2.ReadSecret": func(n string) error { _, err := kv2.ReadSecret(ctx, n); return err },
		"KVv2.CreateOrUpdateSecret": func(n string) error {
			_, err := kv2.CreateOrUpdateSecret(ctx, n, map[string]any{"password": "overwritten"})
			return err
		},
		"KVv2.Patch":                        func(n string) error { _, err := kv2.Patch(ctx, n, map[string]any{"x": "y"}); return err },
		"KVv2.DeleteLatestVersion":          func(n string) error { return kv2.DeleteLatestVersion(ctx, n) },
		"KVv2.DestroyVersions":              func(n string) error { return kv2.DestroyVersions(ctx, n, []int{1}) },
		"KVv2.ReadMetadata":                 func(n string) error { _, err := kv2.ReadMetadata(ctx, n); return err },
		"KVv2.UpdateMetadata":               func(n string) error { return kv2.UpdateMetadata(ctx, n, kvv2.KvV2WriteMetadataRequest{}) },
		"KVv2.DeleteMetadataAndAllVersions": func(n string) error { return kv2.DeleteMetadataAndAllVersions(ctx, n) },
		"KVv1.ReadSecret":                   func(n string) error { _, err := kv1.ReadSecret(ctx, n); return err },
		"KVv1.CreateOrUpdateSecret":         func(n string) error { return kv1.CreateOrUpdateSecret(ctx, n, map[string]any{"k": "v"}) },
		"KVv1.DeleteSecret":                 func(n string) error { return kv1.DeleteSecret(ctx, n) },
		"PKIReadRole": func(n string) error {
			api := livetest.API(t, c, "pki", pki.New)
			_, err := api.PKIReadRole(ctx, n)
			return err
		},
		"AppRoleWriteRole": func(n string) error {
			api := livetest.API(t, c, "auth/approle", authapprole.New)
			_, err := api.AppRoleWriteRole(ctx, n, authapprole.AppRoleWriteRoleRequest{})
			return err
		},
		"mount: KVv2": func(n string) error { _, err := c.KVv2("secret/"+n).ReadSecret(ctx, "x"); return err },
		"mount: URL":  func(n string) error { _, err := c.URL("secret/" + n); return err },
		"mount: login": func(n string) error {
			_, err := c.Login(ctx, auth.Userpass{Mount: "userpass/" + n, Username: "u", Password: "p"})
			return err
		},
	}
	// Listing trims the slashes around a folder, so only inner ones matter.
	lists := map[string]func(name string) error{
		"KVv2.ListSecrets": func(n string) error { _, err := kv2.ListSecrets(ctx, n); return err },
		"KVv1.ListSecrets": func(n string) error { _, err := kv1.ListSecrets(ctx, n); return err },
	}
	for call, f := range calls {
		for _, name := range traversals {
			if strings.HasPrefix(call, "mount:") && name == "a/" {
				continue // a mount's trailing slash is Vault's own spelling ("secret/")
			}
			refused(t, w, call, name, f(name))
		}
	}
	for call, f := range lists {
		for _, name := range traversals {
			if name == "/a" || name == "a/" {
				continue
			}
			refused(t, w, call, name, f(name))
		}
	}

	got, err := kv2.ReadSecret(ctx, "tenantB/db")
	mustOK(t, err)
	if diff := cmp.Diff(tenantB, got.Data.Data); diff != "" {
		t.Errorf("tenant B's secret changed (-want +got):\n%s", diff)
	}
	st, err := c.Operator().SealStatus(ctx)
	mustOK(t, err)
	if st.Sealed {
		t.Error("the server was sealed")
	}
	// The recorder does see what is sent.
	if sent := w.take(); !slices.Contains(sent, "GET /v1/secret/data/tenantB/db") {
		t.Fatalf("the wire recorder missed a real request: %q", sent)
	}
}

func refused(t *testing.T, w *wire, call, name string, err error) {
	t.Helper()
	var pe *wrappers.PathParameterError
	if !errors.Is(err, wrappers.ErrBadPathParameter) || !errors.As(err, &pe) || pe.Rule == "" {
		t.Errorf("%s(%q): err = %v; want a *PathParameterError matching ErrBadPathParameter", call, name, err)
	}
	if sent := w.take(); len(sent) > 0 {
		t.Errorf("%s(%q) sent %q", call, name, sent)
	}
}

// The error names the operation, the parameter and the rule.
func TestPathParameterErrorNamesOperationParameterAndRule(t *testing.T) {
	_, err := client(t).KVv2("").ReadSecret(context.Background(), "a/../b")
	want := `vault: KvV2Read: bad path parameter "path": must not have an empty, "." or ".." segment (no leading, trailing or double "/")`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
	_, err = client(t).KVv2("../sys").ReadSecret(context.Background(), "seal")
	want = `vault: KvV2Read: bad path parameter "mount": must not have an empty, "." or ".." segment (no leading, trailing or double "/")`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
	api := livetest.API(t, client(t), "pki", pki.New)
	_, err = api.PKIReadRole(context.Background(), "a/b")
	want = `vault: PKIReadRole: bad path parameter "name": must be one path segment: no "/"`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
}

// The generated packages refuse on their own, with a plain *http.Client.
func TestGeneratedPackageRefusesWithPlainHTTPClient(t *testing.T) {
	w := &wire{}
	hc := &http.Client{Transport: w.middleware(http.DefaultTransport)}
	api := kvv2.New(hc, dev.Addr+"/v1/secret/")
	for _, name := range traversals {
		_, err := api.KvV2Read(context.Background(), name, nil)
		refused(t, w, "KvV2ReadWithResponse", name, err)
	}
}

// A request made by hand (or from a server URL spelled by hand) with a path
// that is not clean never leaves the client either.
func TestClientDoRefusesUncleanPaths(t *testing.T) {
	w := &wire{}
	c := client(t, wrappers.WithMiddleware(w.middleware))
	for _, p := range []string{"/v1/secret/data/../../sys/seal", "/v1/secret//data/x", "/v1/./sys/health", "/v1/sys/.."} {
		req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, dev.Addr+p, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Do(req)
		refused(t, w, "Do", p, err)
	}
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, dev.Addr+"/v1/sys/health", nil)
	rsp, err := c.Do(req)
	mustOK(t, err)
	rsp.Body.Close()
	if sent := w.take(); len(sent) != 1 {
		t.Fatalf("a clean path was not sent: %q", sent)
	}
}
