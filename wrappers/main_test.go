package wrappers_test

import (
	"context"
	"encoding/base64"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govault/govault/internal/contract"
	"github.com/govault/govault/internal/vaulttest"
	"github.com/govault/govault/wrappers"
)

// One dev server for the package's tests; the sys flows start their own.
var (
	dev       *vaulttest.Server
	validator *contract.Validator
	leaks     tokenWatch
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	var err error
	if validator, err = contract.New("../openapi/vault.yaml"); err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: the spec does not load: %v\n", err)
		return 1
	}
	if dev, err = vaulttest.StartDev(ctx); err != nil {
		// Never skip: a missing server is a failed run.
		fmt.Fprintf(os.Stderr, "FAIL: cannot start a real Vault dev server: %v\n", err)
		return 1
	}
	defer dev.Stop()
	leaks.add(dev.RootToken)
	// For the Examples, which configure themselves from the environment.
	os.Setenv(wrappers.EnvAddress, dev.Addr)
	os.Setenv(wrappers.EnvToken, dev.RootToken)
	validator.Mount("sys", "sys")
	validator.Mount("auth/token", "token")
	validator.Mount("secret", "kv-v2")
	code := m.Run()
	if code == 0 && fullRun() {
		if missing := unexercised(); len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "FAIL: %d operations of the spec were never called against the real server: %v\n", len(missing), missing)
			return 1
		}
	}
	if code == 0 {
		if found := leaks.report(); found != "" {
			fmt.Fprintf(os.Stderr, "FAIL: a token appeared in an error message: %s\n", found)
			return 1
		}
	}
	return code
}

// fullRun reports whether every test ran (no -run or -skip filter), so the
// coverage check only judges complete runs.
func fullRun() bool {
	for _, name := range []string{"test.run", "test.skip"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" {
			return false
		}
	}
	return true
}

// unexercised lists the spec's operations that no test got a validated
// response from.
func unexercised() []string {
	seen := validator.Seen()
	var missing []string
	for _, id := range validator.Operations() {
		if seen[id] == 0 {
			missing = append(missing, id)
		}
	}
	return missing
}

// client returns a client on the dev server whose every response is checked
// against the spec; a mismatch fails t.
func client(t testing.TB, opts ...wrappers.Option) *wrappers.Client {
	t.Helper()
	return clientFor(t, dev.Addr, dev.RootToken, opts...)
}

func clientFor(t testing.TB, addr, token string, opts ...wrappers.Option) *wrappers.Client {
	t.Helper()
	hc := &http.Client{Transport: validator.Transport(nil, t.Errorf), Timeout: 30 * time.Second}
	base := []wrappers.Option{wrappers.WithoutEnv(), wrappers.WithAddress(addr), wrappers.WithToken(token), wrappers.WithHTTPClient(hc)}
	c, err := wrappers.NewClient(append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// tokenWatch collects the tokens the tests use and the error texts they see,
// so the run can fail if any error ever carried a token.
type tokenWatch struct {
	mu     sync.Mutex
	tokens []string
	texts  []string
}

func (w *tokenWatch) add(tokens ...string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.tokens = append(w.tokens, tokens...)
}

// seen records an error's text; tests call it on every error they get.
func (w *tokenWatch) seen(err error) error {
	if err != nil {
		w.mu.Lock()
		w.texts = append(w.texts, err.Error(), fmt.Sprintf("%+v", err))
		w.mu.Unlock()
	}
	return err
}

func (w *tokenWatch) report() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, tok := range w.tokens {
		for _, text := range w.texts {
			if tok != "" && strings.Contains(text, tok) {
				return text
			}
		}
	}
	return ""
}

func mustOK(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(leaks.seen(err))
	}
}

func base64RawStd(b []byte) string { return base64.RawStdEncoding.EncodeToString(b) }

// checkedT and decodeT apply the wrappers' status handling to direct calls of
// the generated packages.
var checkedT = wrappers.CheckedForTest

func decodeT[T any](rsp interface {
	StatusCode() int
	GetBody() []byte
	GetJSON200() *T
}, err error) (*T, error) {
	return wrappers.DecodeForTest(rsp, err)
}

func httptestServer(h http.Handler) *httptest.Server { return httptest.NewServer(h) }

// waitFor polls cond for up to ten seconds.
func waitFor(t testing.TB, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("condition not met within 10s")
}
