package wrappers_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/govault/govault/wrappers"
	"github.com/govault/govault/wrappers/auth"
)

// hit is what a test node received.
type hit struct {
	Node, Method, Path, Token, MFA, Authorization, Body string
}

// hits records requests from several test nodes.
type hits struct {
	mu   sync.Mutex
	list []hit
}

func (h *hits) add(node string, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.list = append(h.list, hit{Node: node, Method: r.Method, Path: r.URL.Path, Token: r.Header.Get(wrappers.TokenHeader),
		MFA: r.Header.Get("X-Vault-Mfa"), Authorization: r.Header.Get("Authorization"), Body: string(b)})
}

func (h *hits) get() []hit {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]hit(nil), h.list...)
}

// node answers every request with body (recording it), unless redirect
// names a Location for it: then it answers 307.
func node(t *testing.T, name string, log *hits, body string, redirect func(r *http.Request) string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if redirect != nil {
			if loc := redirect(r); loc != "" {
				w.Header().Set("Location", loc)
				w.WriteHeader(http.StatusTemporaryRedirect)
				return
			}
		}
		log.add(name, r)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// A redirect is followed only when it keeps the request's API path, and
// to another host only when the request carries no credential or the
// client allows it.
func TestRedirectRules(t *testing.T) {
	const token = "hvs.redirect-rules-token"
	// How the standby answers: its own address, the active node's, the request's path.
	type redirectFunc func(standby, active, path string) string
	toActive := func(_, active, path string) string { return active + path }
	for _, tc := range []struct {
		name     string
		prefix   string // of the client's address
		opts     []wrappers.Option
		reqOpts  []wrappers.RequestOption
		method   string
		path     string // below the address
		body     string
		redirect redirectFunc
		want     []hit  // what reached the nodes
		refused  string // in the error, when the redirect is refused
	}{
		{name: "another host, no credential", method: "GET", path: "/v1/sys/health", redirect: toActive,
			want: []hit{{Node: "active", Method: "GET", Path: "/v1/sys/health"}}},
		{name: "another host, without the address's path prefix", prefix: "/vault", method: "GET", path: "/v1/sys/health",
			redirect: func(_, active, path string) string { return active + strings.TrimPrefix(path, "/vault") },
			want:     []hit{{Node: "active", Method: "GET", Path: "/v1/sys/health"}}},
		{name: "same host with the token", prefix: "/vault", opts: []wrappers.Option{wrappers.WithToken(token)}, method: "GET", path: "/v1/sys/seal-status",
			redirect: func(standby, _, path string) string {
				if rest, ok := strings.CutPrefix(path, "/vault"); ok {
					return standby + rest
				}
				return ""
			},
			want: []hit{{Node: "standby", Method: "GET", Path: "/v1/sys/seal-status", Token: token}}},
		{name: "another host with the token", opts: []wrappers.Option{wrappers.WithToken(token)}, method: "GET", path: "/v1/sys/seal-status",
			redirect: toActive, refused: "WithCredentialRedirects"},
		{name: "another host with a body", method: "PUT", path: "/v1/sys/unseal", body: `{"key":"share"}`,
			redirect: toActive, refused: "another host"},
		{name: "another host with MFA", reqOpts: []wrappers.RequestOption{wrappers.RequestMFA("totp:123456")}, method: "GET", path: "/v1/sys/seal-status",
			redirect: toActive, refused: "another host"},
		{name: "another host with Authorization", opts: []wrappers.Option{wrappers.WithHeader("Authorization", "Bearer jwt")}, method: "GET", path: "/v1/sys/seal-status",
			redirect: toActive, refused: "another host"},
		{name: "another host with Proxy-Authorization", opts: []wrappers.Option{wrappers.WithHeader("Proxy-Authorization", "Basic eDp5")}, method: "GET", path: "/v1/sys/seal-status",
			redirect: toActive, refused: "another host"},
		{name: "another host with everything, allowed", opts: []wrappers.Option{wrappers.WithToken(token), wrappers.WithHeader("Authorization", "Bearer jwt"), wrappers.WithCredentialRedirects()},
			reqOpts: []wrappers.RequestOption{wrappers.RequestMFA("totp:123456")}, method: "PUT", path: "/v1/sys/unseal", body: `{"key":"share"}`, redirect: toActive,
			want: []hit{{Node: "active", Method: "PUT", Path: "/v1/sys/unseal", Token: token, MFA: "totp:123456", Authorization: "Bearer jwt", Body: `{"key":"share"}`}}},
		{name: "path changed on the same host", opts: []wrappers.Option{wrappers.WithToken(token), wrappers.WithCredentialRedirects()}, method: "GET", path: "/v1/sys/seal-status",
			redirect: func(standby, _, path string) string {
				if path == "/v1/sys/seal-status" {
					return standby + "/v1/auth/token/lookup-self"
				}
				return ""
			},
			refused: "changes the request's path from /v1/sys/seal-status to /v1/auth/token/lookup-self"},
		{name: "path changed on another host, no credential", method: "GET", path: "/v1/sys/health",
			redirect: func(_, active, _ string) string { return active + "/v1/sys/leader" }, refused: "changes the request's path"},
		{name: "path without /v1/", method: "GET", path: "/v1/sys/health",
			redirect: func(_, active, _ string) string { return active + "/sys/health" }, refused: "changes the request's path"},
		{name: "not http", method: "GET", path: "/v1/sys/health",
			redirect: func(string, string, string) string { return "file:///v1/sys/health" }, refused: "not an http(s) URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			log := &hits{}
			const answer = `{"initialized":true}`
			active := node(t, "active", log, answer, nil)
			var standby *httptest.Server
			standby = node(t, "standby", log, answer, func(r *http.Request) string { return tc.redirect(standby.URL, active.URL, r.URL.Path) })
			c, err := wrappers.NewClient(append([]wrappers.Option{wrappers.WithoutEnv(), wrappers.WithAddress(standby.URL + tc.prefix)}, tc.opts...)...)
			mustOK(t, err)
			ctx := wrappers.WithRequestOptions(context.Background(), tc.reqOpts...)
			var body io.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
			}
			req, err := http.NewRequestWithContext(ctx, tc.method, c.Address()+tc.path, body)
			mustOK(t, err)
			rsp, err := c.Do(req)
			if tc.refused != "" {
				if !errors.Is(err, wrappers.ErrRedirectRefused) || !strings.Contains(err.Error(), tc.refused) {
					t.Fatalf("err = %v, want ErrRedirectRefused saying %q", err, tc.refused)
				}
				if strings.Contains(err.Error(), token) {
					t.Fatalf("the error holds the token: %v", err)
				}
			} else {
				mustOK(t, err)
				rsp.Body.Close()
			}
			if diff := cmp.Diff(tc.want, log.get()); diff != "" {
				t.Fatalf("requests that reached the nodes (-want +got):\n%s", diff)
			}
		})
	}
}

// https to http is refused even with WithCredentialRedirects and no credential.
func TestRedirectNeverDropsTLS(t *testing.T) {
	log := &hits{}
	plain := node(t, "plain", log, `{}`, nil)
	tlsStandby := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer tlsStandby.Close()
	c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(tlsStandby.URL), wrappers.WithInsecureSkipVerify(), wrappers.WithCredentialRedirects())
	mustOK(t, err)
	_, err = c.Operator().IsInitialized(context.Background())
	if !errors.Is(err, wrappers.ErrRedirectRefused) || !strings.Contains(err.Error(), "drop TLS") {
		t.Fatalf("err = %v, want ErrRedirectRefused for dropping TLS", err)
	}
	if got := log.get(); len(got) != 0 {
		t.Fatalf("the plain-http host got %+v", got)
	}
}

// A tokenless login answered 307 to another host: the secret is not sent
// there, and the client does not adopt a token that host would issue.
func TestLoginRedirectToAnotherHostSendsNoSecret(t *testing.T) {
	const issued = `{"auth":{"client_token":"hvs.issued-by-the-other-host","accessor":"a","policies":["root"],"lease_duration":60,"renewable":false}}`
	for _, tc := range []struct {
		name   string
		method wrappers.AuthMethod
		secret string
	}{
		{"approle", auth.AppRole{RoleID: "role-1", SecretID: auth.FromString("secret-id-do-not-leak")}, "secret-id-do-not-leak"},
		{"userpass", auth.Userpass{Username: "alice", Password: "password-do-not-leak"}, "password-do-not-leak"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			log := &hits{}
			other := node(t, "other", log, issued, nil)
			standby := node(t, "standby", log, issued, func(r *http.Request) string { return other.URL + r.URL.Path })

			c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(standby.URL))
			mustOK(t, err)
			_, err = c.Login(context.Background(), tc.method)
			if !errors.Is(err, wrappers.ErrRedirectRefused) {
				t.Fatalf("login through a redirect to another host: err = %v, want ErrRedirectRefused", err)
			}
			if got := log.get(); len(got) != 0 {
				t.Fatalf("the other host received %+v; want nothing", got)
			}
			if c.Token() != "" {
				t.Fatalf("the client adopted token %q", c.Token())
			}

			// The same login with the redirect allowed reaches the other host:
			// the refusal above is the rule, not a broken server.
			c, err = wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(standby.URL), wrappers.WithCredentialRedirects())
			mustOK(t, err)
			_, err = c.Login(context.Background(), tc.method)
			mustOK(t, err)
			if got := log.get(); len(got) != 1 || got[0].Node != "other" || !strings.Contains(got[0].Body, tc.secret) || c.Token() != "hvs.issued-by-the-other-host" {
				t.Fatalf("allowed: the other host got %+v, client token %q", got, c.Token())
			}
		})
	}
}
