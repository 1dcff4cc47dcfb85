package wrappers_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/govault/govault/wrappers"
)

// clearEnv empties every variable NewClient reads (TestMain sets some for
// the examples) and points HOME at an empty directory.
func clearEnv(t *testing.T) {
	t.Helper()
	for _, k := range []string{wrappers.EnvAddress, wrappers.EnvAgentAddress, wrappers.EnvToken, wrappers.EnvNamespace,
		wrappers.EnvCACert, wrappers.EnvCACertBytes, wrappers.EnvCAPath, wrappers.EnvClientCert, wrappers.EnvClientKey,
		wrappers.EnvTLSServerName, wrappers.EnvSkipVerify, wrappers.EnvClientTimeout, wrappers.EnvMaxRetries,
		wrappers.EnvRetryWaitMin, wrappers.EnvRetryWaitMax, wrappers.EnvRateLimit, wrappers.EnvHeaders,
		wrappers.EnvDisableRedirects, wrappers.EnvSRVLookup, wrappers.EnvHTTPProxy} {
		t.Setenv(k, "")
	}
	t.Setenv("HOME", t.TempDir())
}

// What no request could carry, or that would silently go wrong, is refused
// by NewClient, and the error says what without showing a secret.
func TestConstructionRefusesWhatCannotWork(t *testing.T) {
	for _, tc := range []struct {
		name      string
		env       map[string]string
		tokenFile string // ~/.vault-token
		opts      []wrappers.Option
		want      string // in the error
	}{
		{name: "token with LF", opts: []wrappers.Option{wrappers.WithToken("hvs.secret\nX-Evil: 1")}, want: "token from WithToken"},
		{name: "token with CR", opts: []wrappers.Option{wrappers.WithToken("hvs.secret\r")}, want: "token from WithToken"},
		{name: "token with NUL", opts: []wrappers.Option{wrappers.WithToken("hvs.secret\x00")}, want: "control character 0x00"},
		{name: "VAULT_TOKEN with CRLF", env: map[string]string{wrappers.EnvToken: "hvs.secret\r\nX-Evil: 1"}, want: "VAULT_TOKEN"},
		{name: "token file with LF inside", tokenFile: "hvs.secret\nX-Evil: 1\n", want: "~/.vault-token"},
		{name: "namespace with LF", opts: []wrappers.Option{wrappers.WithNamespace("team\nX-Evil: 1")}, want: "namespace from WithNamespace"},
		{name: "VAULT_NAMESPACE with DEL", env: map[string]string{wrappers.EnvNamespace: "team\x7f"}, want: "VAULT_NAMESPACE"},
		{name: "header value with CRLF", opts: []wrappers.Option{wrappers.WithHeader("X-Team", "blue\r\nX-Evil: 1")}, want: "WithHeader: the value of X-Team"},
		{name: "header name with a space", opts: []wrappers.Option{wrappers.WithHeader("X Team", "blue")}, want: "not a valid header name"},
		{name: "header name with a colon", opts: []wrappers.Option{wrappers.WithHeader("X-Team:", "blue")}, want: "not a valid header name"},
		{name: "header name with LF", opts: []wrappers.Option{wrappers.WithHeader("X-Team\nX-Injected", "blue")}, want: "not a valid header name"},
		{name: "empty header name", opts: []wrappers.Option{wrappers.WithHeader("", "blue")}, want: "not a valid header name"},
		{name: "VAULT_HEADERS value with LF", env: map[string]string{wrappers.EnvHeaders: `{"X-Team": "blue\nX-Evil: 1"}`}, want: "VAULT_HEADERS: the value of X-Team"},
		{name: "VAULT_HEADERS bad name", env: map[string]string{wrappers.EnvHeaders: `{"X(Team)": "blue"}`}, want: "VAULT_HEADERS"},
		{name: "address with a query", opts: []wrappers.Option{wrappers.WithAddress("https://vault:8200/?x=1")}, want: "query or fragment"},
		{name: "address with an empty query", opts: []wrappers.Option{wrappers.WithAddress("https://vault:8200?")}, want: "query or fragment"},
		{name: "address with a fragment", opts: []wrappers.Option{wrappers.WithAddress("https://vault:8200#x")}, want: "query or fragment"},
		{name: "VAULT_ADDR with a query", env: map[string]string{wrappers.EnvAddress: "https://vault:8200?a=b"}, want: "query or fragment"},
		{name: "VAULT_AGENT_ADDR with a fragment", env: map[string]string{wrappers.EnvAgentAddress: "http://127.0.0.1:8100/#top"}, want: "query or fragment"},
		{name: "timeout overflows", env: map[string]string{wrappers.EnvClientTimeout: "1e10"}, want: "VAULT_CLIENT_TIMEOUT"},
		{name: "timeout infinite", env: map[string]string{wrappers.EnvClientTimeout: "Inf"}, want: "VAULT_CLIENT_TIMEOUT"},
		{name: "timeout NaN", env: map[string]string{wrappers.EnvClientTimeout: "NaN"}, want: "VAULT_CLIENT_TIMEOUT"},
		{name: "timeout in hours overflows", env: map[string]string{wrappers.EnvClientTimeout: "3000000h"}, want: "VAULT_CLIENT_TIMEOUT"},
		{name: "wait min overflows", env: map[string]string{wrappers.EnvRetryWaitMin: "1e10"}, want: "VAULT_RETRY_WAIT_MIN"},
		{name: "wait max overflows", env: map[string]string{wrappers.EnvRetryWaitMax: "1e300"}, want: "VAULT_RETRY_WAIT_MAX"},
		{name: "rate limit NaN", env: map[string]string{wrappers.EnvRateLimit: "NaN"}, want: "VAULT_RATE_LIMIT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			if tc.tokenFile != "" {
				mustOK(t, os.WriteFile(filepath.Join(os.Getenv("HOME"), ".vault-token"), []byte(tc.tokenFile), 0o600))
			}
			_, err := wrappers.NewClient(tc.opts...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want an error mentioning %q", err, tc.want)
			}
			for _, secret := range []string{"hvs.secret", "X-Evil"} {
				if strings.Contains(err.Error(), secret) {
					t.Fatalf("the error shows the value: %v", err)
				}
			}
		})
	}
}

// What is valid still is: the limits are exact, and an invalid value from
// the environment that an option overrides does not matter.
func TestConstructionAcceptsTheValid(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		opts []wrappers.Option
	}{
		{name: "tab and non-ASCII in a header value", opts: []wrappers.Option{wrappers.WithHeader("X-Team", "blue\tgrün")}},
		{name: "every token character in a header name", opts: []wrappers.Option{wrappers.WithHeader("X-!#$%&'*+.^_`|~09az", "v")}},
		{name: "the largest timeout in seconds", env: map[string]string{wrappers.EnvClientTimeout: "9e9"}},
		{name: "address with a path prefix", opts: []wrappers.Option{wrappers.WithAddress("https://vault:8200/vault/")}},
		{name: "VAULT_TOKEN overridden by WithToken", env: map[string]string{wrappers.EnvToken: "bad\ntoken"}, opts: []wrappers.Option{wrappers.WithToken("hvs.good")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			if _, err := wrappers.NewClient(tc.opts...); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// A password in an address or a proxy URL never appears in NewClient's error.
func TestConstructionErrorsHidePasswords(t *testing.T) {
	const pw = "hunter2-secret"
	for _, tc := range []struct {
		name string
		env  map[string]string
		opts []wrappers.Option
		want string // in the error
	}{
		{"address with a query", nil, []wrappers.Option{wrappers.WithAddress("https://admin:" + pw + "@vault:8200/?x=1")}, "admin:xxxxx@vault:8200"},
		{"address with a bad scheme", nil, []wrappers.Option{wrappers.WithAddress("ftp://admin:" + pw + "@vault:8200")}, "http:// or https://"},
		{"address without a scheme", nil, []wrappers.Option{wrappers.WithAddress("admin:" + pw + "@vault:8200")}, "@vault:8200"},
		{"address that does not parse", nil, []wrappers.Option{wrappers.WithAddress("https://admin:" + pw + "@vault:port")}, "@vault:port"},
		{"address with a numeric password and a query", nil, []wrappers.Option{wrappers.WithAddress("https://admin:12?" + pw + "@vault")}, "query or fragment"},
		{"VAULT_ADDR with a fragment", map[string]string{wrappers.EnvAddress: "https://admin:" + pw + "@vault:8200#x"}, nil, "query or fragment"},
		{"proxy that does not parse", nil, []wrappers.Option{wrappers.WithProxy("http://proxy:" + pw + "@:bad port")}, "proxy"},
		{"proxy without a host", nil, []wrappers.Option{wrappers.WithProxy("http://proxy:" + pw + "@")}, "proxy"},
		{"VAULT_HTTP_PROXY that does not parse", map[string]string{wrappers.EnvHTTPProxy: "http://proxy:" + pw + "@proxy:port"}, nil, "VAULT_HTTP_PROXY"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			_, err := wrappers.NewClient(tc.opts...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want an error mentioning %q", err, tc.want)
			}
			if strings.Contains(err.Error(), pw) || strings.Contains(err.Error(), "12?") {
				t.Fatalf("the error shows the password: %v", err)
			}
		})
	}
}

// WithHTTPClient's own client gets an explicit timeout as the deadline of
// each call; without one, its own Timeout is the limit.
func TestHTTPClientWithAnExplicitTimeout(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		opts []wrappers.Option
	}{
		{"WithTimeout", nil, []wrappers.Option{wrappers.WithHTTPClient(&http.Client{}), wrappers.WithTimeout(150 * time.Millisecond)}},
		{"WithTimeout before WithHTTPClient", nil, []wrappers.Option{wrappers.WithTimeout(150 * time.Millisecond), wrappers.WithHTTPClient(&http.Client{})}},
		{"VAULT_CLIENT_TIMEOUT", map[string]string{wrappers.EnvClientTimeout: "0.15"}, []wrappers.Option{wrappers.WithHTTPClient(&http.Client{})}},
		{"the client's own Timeout", nil, []wrappers.Option{wrappers.WithHTTPClient(&http.Client{Timeout: 150 * time.Millisecond})}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			srv := stalling(t, false)
			c, err := wrappers.NewClient(append([]wrappers.Option{wrappers.WithAddress(srv.URL)}, tc.opts...)...)
			mustOK(t, err)
			start := time.Now()
			_, err = c.Operator().IsInitialized(context.Background())
			if err == nil {
				t.Fatal("the call succeeded after the stalling server's 5s; want the 150ms timeout's error")
			}
			if took := time.Since(start); took > 2*time.Second {
				t.Fatalf("the call took %v with a 150ms timeout", took)
			}
		})
	}
}
