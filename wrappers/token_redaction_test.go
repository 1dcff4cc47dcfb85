package wrappers_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/govault/govault/wrappers"
)

const (
	clientSecretToken  = "hvs.client-token-for-redaction"
	requestSecretToken = "hvs.request-token-for-redaction"
	wrappingToken      = "hvs.wrapping-token-for-redaction"
)

// hangUp closes every connection without an answer: the transport's error
// (a *url.Error) names the request's URL.
func hangUp(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// Errors from Do never show the client's or the request's token, yet
// errors.Is and errors.As reach the original error.
func TestDoErrorsAreRedacted(t *testing.T) {
	errBoom := errors.New("boom")
	leaky := func(next http.RoundTripper) http.RoundTripper {
		return rtFunc(func(r *http.Request) (*http.Response, error) {
			return nil, fmt.Errorf("middleware saw %s: %w", r.Header.Get(wrappers.TokenHeader), errBoom)
		})
	}
	for _, tc := range []struct {
		name    string
		opts    []wrappers.Option
		reqOpts []wrappers.RequestOption
		path    string
		token   string // that must not show
		check   func(error) bool
	}{
		{"client token in the URL", nil, nil, "/v1/auth/token/lookup/" + clientSecretToken, clientSecretToken, urlHolds(clientSecretToken)},
		{"per-request token in the URL", nil, []wrappers.RequestOption{wrappers.RequestToken(requestSecretToken)},
			"/v1/auth/token/lookup/" + requestSecretToken, requestSecretToken, urlHolds(requestSecretToken)},
		{"token in a middleware's error", []wrappers.Option{wrappers.WithMiddleware(leaky)}, nil, "/v1/sys/seal-status", clientSecretToken,
			func(err error) bool { return errors.Is(err, errBoom) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := hangUp(t)
			c, err := wrappers.NewClient(append([]wrappers.Option{wrappers.WithoutEnv(), wrappers.WithAddress(srv.URL),
				wrappers.WithToken(clientSecretToken), wrappers.WithRetries(0, 0, 0)}, tc.opts...)...)
			mustOK(t, err)
			ctx := wrappers.WithRequestOptions(context.Background(), tc.reqOpts...)
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.Address()+tc.path, nil)
			mustOK(t, err)
			_, err = c.Do(req)
			if err == nil {
				t.Fatal("want an error")
			}
			for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprint(err)} {
				if strings.Contains(text, tc.token) || !strings.Contains(text, "[redacted]") {
					t.Fatalf("error text %q: want the token replaced by [redacted]", text)
				}
			}
			if !tc.check(err) {
				t.Fatalf("errors.Is/As no longer reach the original error: %#v", err)
			}
		})
	}
}

// urlHolds checks that errors.As finds the transport's *url.Error, whose
// URL still holds tok.
func urlHolds(tok string) func(error) bool {
	return func(err error) bool {
		var ue *url.Error
		return errors.As(err, &ue) && strings.Contains(ue.URL, tok)
	}
}

// The debug log's path and error never show the token.
func TestLogRedactsTheTokenInPathAndError(t *testing.T) {
	srv := hangUp(t)
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(srv.URL), wrappers.WithToken(clientSecretToken),
		wrappers.WithRetries(0, 0, 0), wrappers.WithLogger(logger), wrappers.WithHeader("X-Echo", "copy of "+clientSecretToken))
	mustOK(t, err)
	for _, tok := range []string{clientSecretToken, requestSecretToken} {
		ctx := wrappers.WithRequestOptions(context.Background(), wrappers.RequestToken(tok))
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.Address()+"/v1/auth/token/lookup/"+tok, nil)
		mustOK(t, err)
		_, _ = c.Do(req)
	}
	out := buf.String()
	if strings.Contains(out, clientSecretToken) || strings.Contains(out, requestSecretToken) {
		t.Fatalf("the log holds a token:\n%s", out)
	}
	if strings.Count(out, "path=/v1/auth/token/lookup/[redacted]") != 2 || !strings.Contains(out, "error=") {
		t.Fatalf("want both requests logged with a redacted path and their error:\n%s", out)
	}
}

// Vault may echo a token in a non-2xx answer's errors: the caller reads
// [redacted] instead. A 2xx body (lookup-self returns the token) is untouched.
func TestErrorBodiesAreRedacted(t *testing.T) {
	echo := func(status int) *httptest.Server {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"errors":["token %s is not valid", "client token %s"]}`, r.Header.Get(wrappers.TokenHeader), clientSecretToken)
		}))
		t.Cleanup(srv.Close)
		return srv
	}
	want := []string{"token [redacted] is not valid", "client token [redacted]"}
	errorsOf := func(err error) []string {
		var re *wrappers.ResponseError
		if !errors.As(err, &re) {
			t.Fatalf("err = %v, want a *ResponseError", err)
		}
		if strings.Contains(err.Error(), clientSecretToken) || strings.Contains(err.Error(), wrappingToken) {
			t.Fatalf("the error holds a token: %v", err)
		}
		return re.Errors
	}

	srv := echo(http.StatusBadRequest)
	c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(srv.URL), wrappers.WithToken(clientSecretToken), wrappers.WithRetries(0, 0, 0))
	mustOK(t, err)
	_, err = c.KVv2("secret").ReadSecret(context.Background(), "app")
	if diff := cmp.Diff(want, errorsOf(err)); diff != "" {
		t.Errorf("read with the client's token (-want +got):\n%s", diff)
	}
	// A wrapping token being redeemed is the request's token: hidden too.
	_, err = wrappers.Unwrap[map[string]any](context.Background(), c, wrappingToken)
	if diff := cmp.Diff(want, errorsOf(err)); diff != "" {
		t.Errorf("unwrap (-want +got):\n%s", diff)
	}

	ok := echo(http.StatusOK)
	c, err = wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(ok.URL), wrappers.WithToken(clientSecretToken))
	mustOK(t, err)
	req, err := http.NewRequest(http.MethodGet, c.Address()+"/v1/auth/token/lookup-self", nil)
	mustOK(t, err)
	rsp, err := c.Do(req)
	mustOK(t, err)
	defer rsp.Body.Close()
	raw, err := io.ReadAll(rsp.Body)
	mustOK(t, err)
	if !strings.Contains(string(raw), clientSecretToken) {
		t.Fatalf("a 2xx body was changed: %s", raw)
	}
}
