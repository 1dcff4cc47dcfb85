package wrappers_test

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/govault/govault/internal/livetest"

	"github.com/govault/govault/wrappers"
)

func TestEnvironmentAndOptionPrecedence(t *testing.T) {
	t.Setenv(wrappers.EnvAddress, "https://vault.example.com:8200/")
	t.Setenv(wrappers.EnvToken, "env-token")
	t.Setenv(wrappers.EnvNamespace, "team-a")
	c, err := wrappers.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	if c.Address() != "https://vault.example.com:8200" || c.Token() != "env-token" || c.Namespace() != "team-a" {
		t.Fatalf("from env: %s %q %q", c.Address(), c.Token(), c.Namespace())
	}
	if got := livetest.URL(t, c, "auth/approle/"); got != "https://vault.example.com:8200/v1/auth/approle/" {
		t.Fatalf("URL = %s", got)
	}
	// Options win over the environment.
	c, err = wrappers.NewClient(wrappers.WithAddress("http://127.0.0.1:1"), wrappers.WithToken("opt"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Address() != "http://127.0.0.1:1" || c.Token() != "opt" || c.Namespace() != "team-a" {
		t.Fatalf("options over env: %s %q %q", c.Address(), c.Token(), c.Namespace())
	}
	// WithoutEnv ignores it altogether.
	c, err = wrappers.NewClient(wrappers.WithoutEnv())
	if err != nil {
		t.Fatal(err)
	}
	if c.Address() != wrappers.DefaultAddress || c.Token() != "" || c.Namespace() != "" {
		t.Fatalf("without env: %s %q %q", c.Address(), c.Token(), c.Namespace())
	}
}

func TestInvalidConfigurationFailsAtConstruction(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		env  map[string]string
		opts []wrappers.Option
		want string
	}{
		{"bad skip-verify", map[string]string{wrappers.EnvSkipVerify: "maybe"}, nil, "VAULT_SKIP_VERIFY"},
		{"cert without key", map[string]string{wrappers.EnvClientCert: "/c.pem"}, nil, "VAULT_CLIENT_KEY"},
		{"address without scheme", nil, []wrappers.Option{wrappers.WithAddress("vault:8200")}, "http:// or https://"},
		{"missing CA file", nil, []wrappers.Option{wrappers.WithCACert(filepath.Join(dir, "nope.pem"))}, "CA certificate"},
		{"CA file without PEM", nil, []wrappers.Option{wrappers.WithCACert(notPEM)}, "no PEM certificate"},
		{"missing client cert", nil, []wrappers.Option{wrappers.WithClientCert("/nope.pem", "/nope.key")}, "client certificate"},
		{"negative timeout", nil, []wrappers.Option{wrappers.WithTimeout(-time.Second)}, "negative"},
		{"KV version 3", nil, []wrappers.Option{wrappers.WithKVVersion(3)}, "want 1 or 2"},
		{"nil http client", nil, []wrappers.Option{wrappers.WithHTTPClient(nil)}, "WithHTTPClient(nil)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, k := range []string{wrappers.EnvAddress, wrappers.EnvToken, wrappers.EnvClientCert, wrappers.EnvClientKey, wrappers.EnvSkipVerify, wrappers.EnvCACert} {
				t.Setenv(k, "")
			}
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			_, err := wrappers.NewClient(tc.opts...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error mentioning %q", err, tc.want)
			}
		})
	}
}

func TestStatusCodesMapToHvacErrors(t *testing.T) {
	want := map[int]error{
		400: wrappers.ErrInvalidRequest, 401: wrappers.ErrUnauthorized, 403: wrappers.ErrForbidden,
		404: wrappers.ErrInvalidPath, 429: wrappers.ErrRateLimitExceeded, 500: wrappers.ErrInternalServerError,
		501: wrappers.ErrVaultNotInitialized, 502: wrappers.ErrBadGateway, 503: wrappers.ErrVaultDown,
		418: wrappers.ErrUnexpected,
	}
	for status, kind := range want {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			// A server that answers every request with this status and Vault's error body.
			srv := newStatusServer(t, status, `{"errors":["it went wrong"]}`)
			c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(srv), wrappers.WithToken("s.faketoken1234"), wrappers.WithRetries(0, 0, 0))
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.KVv2("").ReadSecret(t.Context(), "x")
			if !errors.Is(err, kind) {
				t.Fatalf("status %d: %v, want %v", status, err, kind)
			}
			var re *wrappers.ResponseError
			if !errors.As(err, &re) || re.StatusCode != status || len(re.Errors) != 1 || re.Errors[0] != "it went wrong" {
				t.Fatalf("ResponseError = %+v", re)
			}
			if strings.Contains(err.Error(), "s.faketoken1234") {
				t.Fatal("the token leaked into the error")
			}
		})
	}
}

// A 200 whose body is not the JSON the spec promises is an error, not a panic.
func TestMalformedSuccessBodyIsAnError(t *testing.T) {
	for _, body := range []string{`{"data": [1,2,3]}`, `{"data": {"data": "x"`, `not json`} {
		srv := newStatusServer(t, 200, body)
		c, _ := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(srv))
		if _, err := c.KVv2("").ReadSecret(t.Context(), "x"); err == nil {
			t.Errorf("body %q: want an error", body)
		}
	}
}

// newStatusServer answers every request with status and body: the faults a
// real OSS Vault cannot be made to produce on demand (429, 502, junk bodies).
func newStatusServer(t *testing.T, status int, body string) string {
	t.Helper()
	srv := httptestServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// This test binary does not import wrappers/clientcert, so a client
// certificate named by the environment cannot be loaded: NewClient says so
// rather than connect without it. WithClientCert needs no import.
func TestEnvironmentClientCertNeedsTheImport(t *testing.T) {
	t.Setenv(wrappers.EnvAddress, "https://127.0.0.1:8200")
	t.Setenv(wrappers.EnvClientCert, "/c.pem")
	t.Setenv(wrappers.EnvClientKey, "/c-key.pem")
	_, err := wrappers.NewClient()
	if !errors.Is(err, wrappers.ErrClientCertNotLinked) || !strings.Contains(err.Error(), "wrappers/clientcert") {
		t.Fatalf("err = %v, want ErrClientCertNotLinked naming the import", err)
	}
	_, err = wrappers.NewClient(wrappers.WithClientCert("/nope.pem", "/nope-key.pem"))
	if err == nil || errors.Is(err, wrappers.ErrClientCertNotLinked) || !strings.Contains(err.Error(), "nope.pem") {
		t.Fatalf("with WithClientCert: err = %v, want the file's own error", err)
	}
}
