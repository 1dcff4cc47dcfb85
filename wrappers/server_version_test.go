package wrappers

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govault/govault/vtypes"
)

// oldVault is a stand-in for a Vault 1.17.6 that lacks /v1/sys/new: it
// answers that path 404 as Vault does an unknown path, and counts how often
// it is asked its version.
func oldVault(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var asked atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v1/sys/seal-status":
			asked.Add(1)
			w.Write([]byte(`{"type":"shamir","initialized":true,"sealed":false,"t":1,"n":1,"progress":0,"nonce":"","version":"1.17.6","build_date":"2024-09-24T19:48:40Z","migration":false,"recovery_seal":false,"storage_type":"inmem"}`))
		default:
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"errors":["1 error occurred:\n\t* unsupported path\n\n"]}`))
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &asked
}

// callNew is what a generated method of an operation since 1.19 does.
func callNew(ctx context.Context, c *Client) error {
	req, err := http.NewRequest(http.MethodGet, c.Address()+"/v1/sys/new", nil)
	if err != nil {
		return err
	}
	_, err = vtypes.CallJSON[map[string]any](ctx, c, "SysReadNew", req, vtypes.Since("1.19", nil))
	return err
}

func TestUnsupportedByAnOlderServer(t *testing.T) {
	srv, asked := oldVault(t)
	c, err := NewClient(WithoutEnv(), WithAddress(srv.URL), WithToken("s.unsupported-test"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for range 3 {
		err = callNew(ctx, c)
		var ue *UnsupportedError
		if !errors.As(err, &ue) || !errors.Is(err, ErrUnsupportedByServer) {
			t.Fatalf("err = %v; want an *UnsupportedError matching ErrUnsupportedByServer", err)
		}
		if ue.MinVersion != "1.19" || ue.ServerVersion != "1.17.6" || ue.Operation != "SysReadNew" {
			t.Errorf("UnsupportedError = %+v; want SysReadNew, 1.19, 1.17.6", ue)
		}
		var re *ResponseError
		if !errors.As(err, &re) || re.StatusCode != http.StatusNotFound || !errors.Is(err, ErrInvalidPath) {
			t.Errorf("err = %v; want Vault's 404 kept as a *ResponseError", err)
		}
	}
	if n := asked.Load(); n != 1 {
		t.Errorf("the server was asked its version %d times over 3 calls; want once", n)
	}
	if v, err := c.Clone("other").ServerVersion(ctx); err != nil || v != "1.17.6" || asked.Load() != 1 {
		t.Errorf("a clone's ServerVersion = %q, %v after %d asks; want the cached 1.17.6", v, err, asked.Load())
	}
}

func TestWithServerVersionNeverAsks(t *testing.T) {
	srv, asked := oldVault(t)
	for _, tc := range []struct {
		version     string
		unsupported bool
	}{{"1.17.6", true}, {"1.19.0", false}, {"1.21.0+ent", false}} {
		c, err := NewClient(WithoutEnv(), WithAddress(srv.URL), WithServerVersion(tc.version))
		if err != nil {
			t.Fatal(err)
		}
		err = callNew(context.Background(), c)
		if got := errors.Is(err, ErrUnsupportedByServer); got != tc.unsupported || !errors.Is(err, ErrInvalidPath) {
			t.Errorf("server %s: err = %v; want unsupported %v, and still ErrInvalidPath", tc.version, err, tc.unsupported)
		}
	}
	if n := asked.Load(); n != 0 {
		t.Errorf("seal-status was asked %d times; want never with WithServerVersion", n)
	}
	if _, err := NewClient(WithoutEnv(), WithServerVersion("latest")); err == nil {
		t.Error(`WithServerVersion("latest") was accepted`)
	}
}

func TestServerVersionFailureIsRemembered(t *testing.T) {
	var asked atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/sys/seal-status" {
			asked.Add(1)
		}
		w.WriteHeader(http.StatusNotFound)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(WithoutEnv(), WithAddress(srv.URL), WithRetries(0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := callNew(context.Background(), c); errors.Is(err, ErrUnsupportedByServer) || !errors.Is(err, ErrInvalidPath) {
			t.Fatalf("err = %v; want a plain 404 when the version is unknown", err)
		}
	}
	if n := asked.Load(); n != 1 {
		t.Errorf("a failing version lookup was tried %d times in a row; want once", n)
	}
}

// The version lookup is a sub-request: options the caller set on the
// context for the call that failed (a wrap TTL, a namespace) do not reach it.
func TestServerVersionLookupStartsClean(t *testing.T) {
	var sealHeaders atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/v1/sys/seal-status" {
			sealHeaders.Store(r.Header.Clone())
			w.Write([]byte(`{"sealed":false,"version":"1.17.6"}`))
			return
		}
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"errors":[]}`))
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(WithoutEnv(), WithAddress(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	ctx := WithRequestOptions(context.Background(), RequestWrapTTL(time.Minute), RequestNamespace("team-a"))
	if err := callNew(ctx, c); !errors.Is(err, ErrUnsupportedByServer) {
		t.Fatalf("err = %v; want ErrUnsupportedByServer", err)
	}
	h, _ := sealHeaders.Load().(http.Header)
	if h == nil {
		t.Fatal("the server was never asked its version")
	}
	for _, name := range []string{"X-Vault-Wrap-Ttl", "X-Vault-Namespace"} {
		if v := h.Get(name); v != "" {
			t.Errorf("the version lookup carried the caller's %s: %q", name, v)
		}
	}
}
