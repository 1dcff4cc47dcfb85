package wrappers

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/govault/govault/generated/authapprole"
	"github.com/govault/govault/generated/kvv2"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/vtypes"
)

// seeds are the shapes worth mutating: real answers, truncated ones, wrong
// types, nulls and junk.
var seeds = []string{
	`{"request_id":"r","lease_id":"","renewable":false,"lease_duration":0,"data":{"data":{"a":"b"},"metadata":{"created_time":"2026-01-01T00:00:00Z","custom_metadata":null,"deletion_time":"","destroyed":false,"version":1}},"wrap_info":null,"warnings":null,"auth":null,"mount_type":"kv"}`,
	`{"errors":["permission denied"]}`,
	`{"errors":[]}`,
	`{"errors":"not a list"}`,
	`{"data":{"data":[1,2,3]}}`,
	`{"data":{"metadata":{"version":"one"}}}`,
	`{"auth":{"client_token":5,"policies":"x"}}`,
	`{"sealed":"yes","t":-1,"n":1e309}`,
	`{"data":{"data":{"a":"b"`,
	`null`, `[]`, `"string"`, ``, `{}`, "\x00\xff", `{"a":` + strings.Repeat(`[`, 512),
}

// answering serves one canned body for every request.
type answering struct {
	status int
	body   []byte
}

func (a answering) RoundTrip(*http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: a.status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(a.body)), ContentLength: int64(len(a.body))}, nil
}

// FuzzClientCalls sends whatever a hostile or broken server might answer
// through the whole client (transport, generated parsers, wrappers): every
// call must return a value or an error, never panic.
func FuzzClientCalls(f *testing.F) {
	for _, s := range seeds {
		for _, status := range []int{200, 204, 400, 404, 503} {
			f.Add(status, []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 999 {
			status = 200
		}
		c, err := NewClient(WithoutEnv(), WithAddress("http://vault.invalid:8200"), WithToken("s.fuzz-token"),
			WithRetries(0, 0, 0), WithMaxResponseSize(1<<16),
			WithHTTPClient(&http.Client{Transport: answering{status, body}}))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		check := func(err error) {
			if err != nil && strings.Contains(err.Error(), "s.fuzz-token") {
				t.Fatalf("token in error: %v", err)
			}
		}
		_, err = c.KVv2("").ReadSecret(ctx, "a/b")
		check(err)
		// Whatever the body, a 4xx or 5xx keeps its status, and a 2xx either
		// decodes or says it did not.
		var re *ResponseError
		switch {
		case status >= 400 && (!errors.As(err, &re) || re.StatusCode != status):
			t.Fatalf("status %d: err = %v; want a *ResponseError with that status", status, err)
		case status >= 200 && status < 300 && err != nil && !errors.Is(err, ErrMalformedResponse) && !errors.Is(err, ErrResponseTooLarge):
			t.Fatalf("status %d: err = %v; want nil or ErrMalformedResponse", status, err)
		}
		_, err = c.KVv2("").ListSecrets(ctx, "a")
		check(err)
		_, err = c.Operator().SealStatus(ctx)
		check(err)
		_, err = c.IsAuthenticated(ctx)
		check(err)
		_, err = c.KV("").WithVersion(1).Read(ctx, "x")
		check(err)
	})
}

// FuzzResponseError: any error body gives an error with the status, whatever
// its shape.
func FuzzResponseError(f *testing.F) {
	for _, s := range seeds {
		f.Add(500, []byte(s))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		e := vtypes.NewResponseError("Op", status, body)
		if e.StatusCode != status || !errors.Is(e, vtypes.KindOf(status)) || e.Error() == "" {
			t.Fatalf("bad error for %d: %#v", status, e)
		}
	})
}

// FuzzGeneratedParsers feeds raw 200 bodies to the generated calls of the
// main areas over a plain *http.Client: each either decodes or returns an
// error matching ErrMalformedResponse, never a panic or another error.
func FuzzGeneratedParsers(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		hc := &http.Client{Transport: answering{200, body}}
		ctx := context.Background()
		check := func(err error) {
			if err != nil && !errors.Is(err, ErrMalformedResponse) {
				t.Fatalf("err = %v; want nil or ErrMalformedResponse", err)
			}
		}
		kv := kvv2.New(hc, "http://vault.invalid/v1/secret")
		_, err := kv.KvV2Read(ctx, "a", nil)
		check(err)
		_, err = kv.KvV2ReadMetadata(ctx, "a")
		check(err)
		s := sys.New(hc, "http://vault.invalid/v1/sys")
		_, err = s.SysReadSealStatus(ctx)
		check(err)
		_, err = s.SysReadHealth(ctx, nil)
		check(err)
		_, err = s.SysListMounts(ctx)
		check(err)
		_, err = authapprole.New(hc, "http://vault.invalid/v1/auth/approle").AppRoleLogin(ctx, authapprole.AppRoleLoginRequest{RoleID: "r"})
		check(err)
	})
}

func TestResponseSizeLimit(t *testing.T) {
	big := append([]byte(`{"errors":["`), bytes.Repeat([]byte("x"), 2000)...)
	big = append(big, `"]}`...)
	c, err := NewClient(WithoutEnv(), WithAddress("http://vault.invalid:8200"), WithRetries(0, 0, 0), WithMaxResponseSize(1000),
		WithHTTPClient(&http.Client{Transport: answering{200, big}}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Operator().SealStatus(context.Background()); !errors.Is(err, ErrResponseTooLarge) {
		t.Fatalf("err = %v, want ErrResponseTooLarge", err)
	}
	// Without a declared length the limit still holds while reading.
	c, _ = NewClient(WithoutEnv(), WithAddress("http://vault.invalid:8200"), WithRetries(0, 0, 0), WithMaxResponseSize(1000),
		WithHTTPClient(&http.Client{Transport: rtFunc(func(*http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, ContentLength: -1, Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(bytes.NewReader(big))}, nil
		})}))
	if _, err := c.Operator().SealStatus(context.Background()); !errors.Is(err, ErrResponseTooLarge) {
		t.Fatalf("streamed: err = %v, want ErrResponseTooLarge", err)
	}
	// A body at the limit is fine.
	ok := []byte(`{"sealed":false}`)
	c, _ = NewClient(WithoutEnv(), WithAddress("http://vault.invalid:8200"), WithMaxResponseSize(int64(len(ok))),
		WithHTTPClient(&http.Client{Transport: answering{200, ok}}))
	if _, err := c.Operator().SealStatus(context.Background()); err != nil {
		t.Fatalf("body at the limit: %v", err)
	}
}

type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
