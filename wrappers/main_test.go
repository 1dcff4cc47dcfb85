package wrappers_test

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/internal/vaulttest"
	"github.com/govault/govault/wrappers"
)

// One dev server for the package's tests (the sys flows start their own);
// every response is held to the spec, and a full run must call every
// operation of the first slice at least once.
var (
	env   *livetest.Env
	dev   *vaulttest.Server
	leaks *livetest.TokenWatch
)

func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		// sys is shared with tests/syscore; `gen coverage -require-exercised` checks it across packages.
		Areas: []string{"token", "kv-v1", "kv-v2"},
		Setup: func(e *livetest.Env) error {
			env, dev, leaks = e, e.Server, e.Leaks
			// For the Examples, which configure themselves from the environment.
			os.Setenv(wrappers.EnvAddress, dev.Addr)
			os.Setenv(wrappers.EnvToken, dev.RootToken)
			return nil
		},
	})
	os.Exit(code)
}

func client(t testing.TB, opts ...wrappers.Option) *wrappers.Client {
	t.Helper()
	return env.Client(t, opts...)
}

func clientFor(t testing.TB, addr, token string, opts ...wrappers.Option) *wrappers.Client {
	t.Helper()
	return env.ClientFor(t, addr, token, opts...)
}

func mustOK(t testing.TB, err error) {
	t.Helper()
	env.OK(t, err)
}

func base64RawStd(b []byte) string { return base64.RawStdEncoding.EncodeToString(b) }

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
