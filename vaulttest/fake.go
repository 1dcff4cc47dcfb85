package vaulttest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/govault/govault/internal/contract"
	"github.com/govault/govault/wrappers"
)

// FakeToken is the token Fake.Client sends.
const FakeToken = "vaulttest-fake-token"

// Fake is a stand-in Vault on an httptest server. It answers with the
// responses the test registers (On, OnFunc, OnPath) and holds every
// exchange to govault's spec: a request the spec does not describe, a
// registered response it does not describe, or a call no response was
// registered for fails the test (t.Errorf) naming the operation and, for
// bodies and parameters, the field.
//
// Mounts are those of a Vault with every builtin plugin mounted at its own
// name: the sys areas at sys/, identity/, secret/ (KV v2), kv/ (KV v1),
// auth/token/, auth/approle/, pki/, transit/ and so on. Mount adds others.
type Fake struct {
	t   testing.TB
	srv *httptest.Server
	v   *contract.Validator

	mu     sync.Mutex
	byOp   map[string]responder
	byPath map[pathKey]responder
	calls  []Call
}

type pathKey struct{ operationID, path string }

// responder answers one operation: a registered status and body, checked
// when registered (static), or the test's handler, checked when it answers.
type responder struct {
	serve  http.HandlerFunc
	static bool
}

// Call is one request the fake received.
type Call struct {
	OperationID string          // "" when no operation of the spec matches
	Method      string          // as sent: LIST stays LIST
	Path        string          // the URL path, /v1/...
	Query       url.Values      // nil when the request had none
	Token       string          // the X-Vault-Token header
	Body        json.RawMessage // nil when the request had none
}

// NewFake starts a fake Vault for the test; it stops when the test ends.
func NewFake(t testing.TB) *Fake {
	t.Helper()
	spec, err := embeddedSpec()
	if err != nil {
		t.Fatalf("vaulttest: the embedded spec does not load: %v", err)
	}
	f := &Fake{t: t, v: spec.Validator(), byOp: map[string]responder{}, byPath: map[pathKey]responder{}}
	f.v.MountDefaults()
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// URL is the fake's address, for clients configured by hand.
func (f *Fake) URL() string { return f.srv.URL }

// Client returns a client for the fake with FakeToken. Retries are off, so
// a registered 429 or 503 comes back at once; opts come last and win.
func (f *Fake) Client(opts ...wrappers.Option) *wrappers.Client {
	f.t.Helper()
	base := []wrappers.Option{wrappers.WithRetries(0, 0, 0)}
	return newClient(f.t, f.srv.URL, FakeToken, append(base, opts...))
}

// Mount says that area (a name from the x-vault-areas list of govault's
// openapi/vault.yaml, such as "kv-v1", "pki" or "auth-approle") answers
// under path, replacing what answered there before: Mount("secret",
// "kv-v1") makes secret/ a KV v1 mount, Mount("auth/ci", "auth-approle")
// adds an AppRole mount. Call it before OnPath for paths under it.
func (f *Fake) Mount(path, area string) {
	f.t.Helper()
	if err := f.v.Mount(path, area); err != nil {
		f.t.Errorf("vaulttest: fake: Mount(%q, %q): %v", path, area, err)
	}
}

// Calls returns the requests received so far, in the order they arrived,
// including those that failed the checks.
func (f *Fake) Calls() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Call(nil), f.calls...)
}
