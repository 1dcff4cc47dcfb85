package wrappers

import (
	"context"
	"errors"
	"net/http"
	"path"
	"strings"
	"testing"

	"github.com/govault/govault/generated/kvv2"
	"github.com/govault/govault/generated/pki"
)

// FuzzPathParameters holds the path-safety rule for arbitrary names: a
// request is either refused with ErrBadPathParameter before it exists, or
// its path, read as Vault reads it (unescaped once, then cleaned), is the
// path that was built and stays under the operation's own prefix. A
// multi-segment parameter (a KV secret path) and a one-segment one (a PKI
// role name) are both exercised.
func FuzzPathParameters(f *testing.F) {
	for _, s := range []string{
		"app/db", "a", "a/b/c/d", "with space", "plus+sign", "100%", "hash#tag", "what?", "ünï/cødé",
		"..", ".", "", "/", "a//b", "a/./b", "tenantA/../tenantB/db", "../../sys/seal", "a/..", "a/.",
		"%2e%2e", "%2E%2E/%2e%2e/sys", "a%2F..%2Fb", "..%2f..%2fsys", `..\..\sys`, "a/\x00/b", "\n", "a;b/..;/c",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		var w captured
		kv := kvv2.New(&w, "https://vault.example:8200/v1/secret")
		_, err := kv.KvV2Read(context.Background(), name, nil)
		staysUnder(t, w.take(), err, "/v1/secret/data/", true)
		_, err = kv.KvV2List(context.Background(), name, nil)
		staysUnder(t, w.take(), err, "/v1/secret/metadata/", true)
		_, err = pki.New(&w, "https://vault.example:8200/v1/pki").PKIReadRole(context.Background(), name)
		staysUnder(t, w.take(), err, "/v1/pki/roles/", false)
	})
}

// captured is a doer that keeps the request it is given and sends nothing.
type captured struct{ req *http.Request }

var errCaptured = errors.New("captured, not sent")

func (c *captured) Do(req *http.Request) (*http.Response, error) {
	c.req = req
	return nil, errCaptured
}

func (c *captured) take() *http.Request {
	req := c.req
	c.req = nil
	return req
}

func staysUnder(t *testing.T, req *http.Request, err error, prefix string, multi bool) {
	t.Helper()
	if req == nil {
		if !errors.Is(err, ErrBadPathParameter) {
			t.Fatalf("refused with %v; want ErrBadPathParameter", err)
		}
		return
	}
	// req.URL.Path is the path unescaped once, as Vault's HTTP server reads it.
	p := strings.TrimSuffix(req.URL.Path, "/")
	if cleaned := path.Clean(p); cleaned != p {
		t.Fatalf("path %q is not clean (Vault would redirect to or refuse it; cleaned: %q)", req.URL.Path, cleaned)
	}
	rest, ok := strings.CutPrefix(p+"/", prefix)
	if !ok || rest == "" || rest == "/" {
		t.Fatalf("path %q leaves %s", req.URL.Path, prefix)
	}
	if !multi && strings.Count(strings.TrimSuffix(rest, "/"), "/") > 0 {
		t.Fatalf("one-segment parameter spans segments: %q", req.URL.Path)
	}
}
