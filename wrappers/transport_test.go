package wrappers_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govault/govault/wrappers"
)

// scripted answers with the given statuses in turn (the last one repeats)
// and counts the requests it got.
func scripted(t *testing.T, statuses ...int) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		status := statuses[min(i, len(statuses)-1)]
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		if status == 200 {
			fmt.Fprint(w, `{"initialized":true}`)
		} else {
			fmt.Fprint(w, `{"errors":["try later"]}`)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func fastRetries(extra ...wrappers.Option) []wrappers.Option {
	return append([]wrappers.Option{wrappers.WithoutEnv(), wrappers.WithRetries(3, time.Millisecond, 5*time.Millisecond)}, extra...)
}

func TestRetriesOnlyWhatIsSafeToRepeat(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name      string
		statuses  []int
		post      bool
		wantCalls int32
		wantErr   error
	}{
		{"GET survives two 503s", []int{503, 503, 200}, false, 3, nil},
		{"GET survives 502 and 504", []int{502, 504, 200}, false, 3, nil},
		{"GET gives up after the retries", []int{503}, false, 4, wrappers.ErrVaultDown},
		{"POST is not repeated after a 503", []int{503, 200}, true, 1, wrappers.ErrVaultDown},
		{"POST is repeated after a 429 (Vault did not act)", []int{429, 200}, true, 2, nil},
		{"POST is repeated after a 412 (index not caught up)", []int{412, 200}, true, 2, nil},
		{"400 is never retried", []int{400, 200}, false, 1, wrappers.ErrInvalidRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, calls := scripted(t, tc.statuses...)
			c, err := wrappers.NewClient(fastRetries(wrappers.WithAddress(srv.URL))...)
			mustOK(t, err)
			if tc.post {
				_, err = c.Operator().Initialize(ctx, 1, 1)
			} else {
				_, err = c.Operator().IsInitialized(ctx)
			}
			if calls.Load() != tc.wantCalls {
				t.Errorf("server saw %d requests, want %d", calls.Load(), tc.wantCalls)
			}
			if tc.wantErr == nil && err != nil {
				t.Errorf("err = %v, want success", err)
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("err = %v, want %v", err, tc.wantErr)
			}
		})
	}
}

func TestRetriesStopAtTheContextDeadline(t *testing.T) {
	srv, calls := scripted(t, 503)
	c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(srv.URL), wrappers.WithRetries(50, time.Second, 2*time.Second))
	mustOK(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err = c.Operator().IsInitialized(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the context's deadline", err)
	}
	if calls.Load() != 1 {
		t.Fatalf("%d requests: the backoff should have outlived the deadline after the first", calls.Load())
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	var n atomic.Int32
	var gap atomic.Int64
	var last atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now().UnixNano()
		if prev := last.Swap(now); prev != 0 {
			gap.Store(now - prev)
		}
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"initialized":true}`)
	}))
	defer srv.Close()
	// The backoff alone would wait a millisecond; Retry-After says a second,
	// within the maximum wait.
	c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(srv.URL), wrappers.WithRetries(3, time.Millisecond, 2*time.Second))
	mustOK(t, err)
	_, err = c.Operator().IsInitialized(context.Background())
	mustOK(t, err)
	if n.Load() != 2 || time.Duration(gap.Load()) < 900*time.Millisecond {
		t.Fatalf("%d requests, %v apart; want 2, about a second apart", n.Load(), time.Duration(gap.Load()))
	}
}

func TestConnectionErrorsAreRetriedThenReported(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	mustOK(t, err)
	addr := l.Addr().String()
	l.Close() // nothing listens: every dial is refused
	var dials atomic.Int32
	count := func(next http.RoundTripper) http.RoundTripper {
		return rtFunc(func(r *http.Request) (*http.Response, error) { dials.Add(1); return next.RoundTrip(r) })
	}
	c, err := wrappers.NewClient(fastRetries(wrappers.WithAddress("http://"+addr), wrappers.WithMiddleware(count))...)
	mustOK(t, err)
	_, err = c.Operator().Initialize(context.Background(), 1, 1) // a POST: safe because it never left
	if err == nil || dials.Load() != 4 {
		t.Fatalf("err %v after %d attempts; want an error after 4", err, dials.Load())
	}
}

type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestRedirects(t *testing.T) {
	ctx := context.Background()
	var got struct {
		method, token, body, ns string
	}
	active := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got.method, got.token, got.body, got.ns = r.Method, r.Header.Get(wrappers.TokenHeader), string(b), r.Header.Get(wrappers.NamespaceHeader)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"sealed":false,"t":1,"n":1,"progress":0,"nonce":"","version":"1","build_date":"","migration":false,"recovery_seal":false,"storage_type":"inmem","initialized":true,"type":"shamir"}`)
	}))
	defer active.Close()
	standby := func(target string) *httptest.Server {
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target+r.URL.Path, http.StatusTemporaryRedirect)
		}))
		t.Cleanup(s.Close)
		return s
	}

	// Another host with the token: refused unless allowed.
	s := standby(active.URL)
	c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(s.URL), wrappers.WithToken("s.redirect-token"))
	mustOK(t, err)
	_, err = c.Operator().SubmitUnsealKey(ctx, "key-share")
	if !errors.Is(err, wrappers.ErrRedirectRefused) || strings.Contains(err.Error(), "s.redirect-token") {
		t.Fatalf("redirect to another host: %v", err)
	}
	c, err = wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(s.URL), wrappers.WithToken("s.redirect-token"),
		wrappers.WithNamespace("team"), wrappers.WithCredentialRedirects())
	mustOK(t, err)
	_, err = c.Operator().SubmitUnsealKey(ctx, "key-share")
	mustOK(t, err)
	if got.method != http.MethodPost || got.token != "s.redirect-token" || got.ns != "team" || !strings.Contains(got.body, "key-share") {
		t.Fatalf("the active node got %+v; want the POST, its body and headers", got)
	}

	// Redirects can be turned off: the 307 comes back as an error.
	c, err = wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(s.URL), wrappers.WithoutRedirects())
	mustOK(t, err)
	if _, err = c.Operator().SealStatus(ctx); !errors.Is(err, wrappers.ErrUnexpected) {
		t.Fatalf("with redirects off: %v", err)
	}

	// https -> http is never followed.
	tlsStandby := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, active.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer tlsStandby.Close()
	c, err = wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(tlsStandby.URL), wrappers.WithInsecureSkipVerify(), wrappers.WithCredentialRedirects())
	mustOK(t, err)
	if _, err = c.Operator().SealStatus(ctx); !errors.Is(err, wrappers.ErrRedirectRefused) {
		t.Fatalf("https to http: %v", err)
	}
}

// echo answers 204 and keeps the last request's headers.
func echo(t *testing.T) (*httptest.Server, *atomic.Pointer[http.Header]) {
	var last atomic.Pointer[http.Header]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Clone()
		last.Store(&h)
		w.Header().Set(wrappers.IndexHeader, "index-after-"+r.Method)
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	return srv, &last
}

func TestPerRequestOptions(t *testing.T) {
	srv, last := echo(t)
	c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(srv.URL), wrappers.WithToken("client-token"),
		wrappers.WithNamespace("ns1"), wrappers.WithHeader("X-Team", "blue"))
	mustOK(t, err)
	ctx := wrappers.WithRequestOptions(context.Background(),
		wrappers.RequestToken("call-token"), wrappers.RequestNamespace("ns2"), wrappers.RequestWrapTTL(90*time.Second),
		wrappers.RequestHeader("X-Trace", "abc"), wrappers.RequestMFA("totp:123456"),
		wrappers.RequestForwardActive(), wrappers.RequestInconsistentForward(), wrappers.RequestMinIndex("idx-1"))
	mustOK(t, c.Operator().Seal(ctx))
	h := *last.Load()
	want := map[string]string{
		wrappers.TokenHeader: "call-token", wrappers.NamespaceHeader: "ns2", wrappers.WrapTTLHeader: "1m30s",
		"X-Trace": "abc", "X-Team": "blue", "X-Vault-Mfa": "totp:123456", wrappers.ForwardHeader: "active-node",
		wrappers.InconsistentHeader: "forward-active-node", wrappers.IndexHeader: "idx-1",
	}
	for k, v := range want {
		if h.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, h.Get(k), v)
		}
	}
	// Without the options the client's own settings apply.
	mustOK(t, c.Operator().Seal(context.Background()))
	h = *last.Load()
	if h.Get(wrappers.TokenHeader) != "client-token" || h.Get(wrappers.NamespaceHeader) != "ns1" || h.Get(wrappers.WrapTTLHeader) != "" {
		t.Fatalf("defaults: %v", h)
	}
}

func TestReadYourWritesSendsTheLastIndex(t *testing.T) {
	srv, last := echo(t)
	c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(srv.URL), wrappers.WithReadYourWrites())
	mustOK(t, err)
	mustOK(t, c.Operator().Seal(context.Background()))
	if got := (*last.Load()).Get(wrappers.IndexHeader); got != "" {
		t.Fatalf("first request carried index %q", got)
	}
	mustOK(t, c.Operator().Seal(context.Background()))
	if got := (*last.Load()).Get(wrappers.IndexHeader); got != "index-after-POST" {
		t.Fatalf("second request carried index %q, want the first answer's", got)
	}
}

// Against the real server: a wrap TTL wraps, a per-call token is used.
func TestPerRequestOptionsOnARealServer(t *testing.T) {
	c := client(t)
	ctx := context.Background()
	_, err := c.KVv2("").CreateOrUpdateSecret(ctx, "wrapped/x", map[string]any{"v": "1"})
	mustOK(t, err)
	wctx := wrappers.WithRequestOptions(ctx, wrappers.RequestWrapTTL(time.Minute))
	out, err := c.KVv2("").API().KvV2Read(wctx, "wrapped/x", nil)
	mustOK(t, err)
	if out.WrapInfo == nil || out.WrapInfo.Token == nil || out.WrapInfo.CreationPath == nil || *out.WrapInfo.CreationPath != "secret/data/wrapped/x" {
		t.Fatalf("wrapped read: %+v", out.WrapInfo)
	}
	leaks.Add(*out.WrapInfo.Token)
	bad := wrappers.WithRequestOptions(ctx, wrappers.RequestToken("not-a-real-token"))
	if _, err := c.KVv2("").ReadSecret(bad, "wrapped/x"); !errors.Is(leaks.Seen(err), wrappers.ErrForbidden) {
		t.Fatalf("read with a bad per-call token: %v", err)
	}
}

func TestDebugLogRedactsCredentials(t *testing.T) {
	srv, _ := echo(t)
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(srv.URL), wrappers.WithToken("s.very-secret-token"), wrappers.WithLogger(logger))
	mustOK(t, err)
	ctx := wrappers.WithRequestOptions(context.Background(), wrappers.RequestMFA("totp:999111"))
	mustOK(t, c.Operator().Seal(ctx))
	out := buf.String()
	if !strings.Contains(out, "/v1/sys/seal") || !strings.Contains(out, "[redacted]") {
		t.Fatalf("log line lacks the path or the redaction: %s", out)
	}
	for _, secret := range []string{"s.very-secret-token", "999111"} {
		if strings.Contains(out, secret) {
			t.Fatalf("log leaks %q: %s", secret, out)
		}
	}
}

func TestOutputModesSendNothing(t *testing.T) {
	srv, calls := scripted(t, 200)
	var printed []string
	emit := func(s string) { printed = append(printed, s) }
	c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(srv.URL), wrappers.WithToken("s.curl-token"), wrappers.WithOutputCurl(emit))
	mustOK(t, err)
	_, err = c.KVv2("").CreateOrUpdateSecret(context.Background(), "app/db", map[string]any{"password": "x"})
	if !errors.Is(err, wrappers.ErrNotSent) {
		t.Fatalf("err = %v, want ErrNotSent", err)
	}
	cmd := printed[0]
	for _, want := range []string{"curl -X POST", `-H 'X-Vault-Token: '"$VAULT_TOKEN"`, `--data-raw '{"data":{"password":"x"}}'`, "/v1/secret/data/app/db"} {
		if !strings.Contains(cmd, want) {
			t.Errorf("curl command lacks %q: %s", want, cmd)
		}
	}
	if strings.Contains(cmd, "s.curl-token") {
		t.Fatal("the curl command holds the token")
	}
	c, err = wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(srv.URL), wrappers.WithOutputPolicy(emit))
	mustOK(t, err)
	_, _ = c.KVv2("").ListSecrets(context.Background(), "app")
	_, _ = c.KVv2("").ReadSecret(context.Background(), "app/db")
	if got := strings.Join(printed[1:], ""); !strings.Contains(got, `path "secret/metadata/app/" {`+"\n  capabilities = [\"list\"]") ||
		!strings.Contains(got, `path "secret/data/app/db" {`+"\n  capabilities = [\"read\"]") {
		t.Fatalf("policies:\n%s", got)
	}
	if calls.Load() != 0 {
		t.Fatalf("output modes sent %d requests", calls.Load())
	}
}

func TestCloneSharesConnectionsNotTokens(t *testing.T) {
	var dials atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			dials.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	parent, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(srv.URL), wrappers.WithToken("parent"))
	mustOK(t, err)
	child := parent.Clone("child", "team-b")
	if parent.Token() != "parent" || child.Token() != "child" || child.Namespace() != "team-b" || parent.Namespace() != "" {
		t.Fatalf("tokens/namespaces: parent %q/%q child %q/%q", parent.Token(), parent.Namespace(), child.Token(), child.Namespace())
	}
	for i := 0; i < 5; i++ {
		mustOK(t, parent.Operator().Seal(context.Background()))
		mustOK(t, child.Operator().Seal(context.Background()))
	}
	if dials.Load() != 1 {
		t.Fatalf("%d connections for 10 sequential requests from a client and its clone, want 1", dials.Load())
	}
}

func TestEnvironmentTransportSettings(t *testing.T) {
	home := t.TempDir()
	mustOK(t, os.WriteFile(filepath.Join(home, ".vault-token"), []byte("file-token\n"), 0o600))
	t.Setenv("HOME", home)
	t.Setenv(wrappers.EnvToken, "")
	t.Setenv(wrappers.EnvHeaders, `{"X-Team": "green"}`)
	t.Setenv(wrappers.EnvMaxRetries, "0")

	// Vault Agent on a unix socket.
	sock := filepath.Join(t.TempDir(), "agent.sock")
	l, err := net.Listen("unix", sock)
	mustOK(t, err)
	var gotToken, gotTeam string
	agent := &httptest.Server{Listener: l, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotToken, gotTeam = r.Header.Get(wrappers.TokenHeader), r.Header.Get("X-Team")
		w.WriteHeader(http.StatusNoContent)
	})}}
	agent.Start()
	defer agent.Close()
	t.Setenv(wrappers.EnvAddress, "http://ignored.invalid:8200")
	t.Setenv(wrappers.EnvAgentAddress, "unix://"+sock)
	c, err := wrappers.NewClient()
	mustOK(t, err)
	mustOK(t, c.Operator().Seal(context.Background()))
	if gotToken != "file-token" || gotTeam != "green" {
		t.Fatalf("agent saw token %q, X-Team %q", gotToken, gotTeam)
	}

	for k, v := range map[string]string{
		wrappers.EnvMaxRetries:    "-1",
		wrappers.EnvRetryWaitMin:  "soon",
		wrappers.EnvClientTimeout: "forever",
		wrappers.EnvRateLimit:     "fast",
		wrappers.EnvHeaders:       "X-Team: green",
		wrappers.EnvHTTPProxy:     "::not a url",
		wrappers.EnvAgentAddress:  "unix://",
	} {
		t.Run(k, func(t *testing.T) {
			t.Setenv(k, v)
			if _, err := wrappers.NewClient(); err == nil || !strings.Contains(err.Error(), strings.Split(k, "_AGENT")[0]) && !strings.Contains(err.Error(), "socket") {
				t.Fatalf("%s=%q: err = %v, want an error naming it", k, v, err)
			}
		})
	}
}

func TestRateLimiterSpacesRequests(t *testing.T) {
	srv, calls := scripted(t, 200)
	c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(srv.URL), wrappers.WithRateLimit(20, 1))
	mustOK(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Millisecond)
	defer cancel()
	for ctx.Err() == nil {
		_, _ = c.Operator().IsInitialized(ctx)
	}
	// 20/s with a burst of 1 allows about 3 requests in 120ms; unlimited would be hundreds.
	if n := calls.Load(); n < 1 || n > 5 {
		t.Fatalf("%d requests in 120ms at 20/s", n)
	}
}
