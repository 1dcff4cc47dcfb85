package wrappers_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/authtoken"
	"github.com/govault/govault/generated/kvv2"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// headerLog records one header of every request that reaches the wire.
type headerLog struct {
	name string
	mu   sync.Mutex
	seen map[string][]string // path -> values
}

func (h *headerLog) middleware(next http.RoundTripper) http.RoundTripper {
	return roundTrip(func(r *http.Request) (*http.Response, error) {
		h.mu.Lock()
		if h.seen == nil {
			h.seen = map[string][]string{}
		}
		h.seen[r.URL.Path] = append(h.seen[r.URL.Path], r.Header.Get(h.name))
		h.mu.Unlock()
		return next.RoundTrip(r)
	})
}

// A read answered with a wrapping token is never "empty data, nil error": it
// is an error matching ErrWrapped whose wrap info redeems to the secret.
func TestWrappedReadIsNeverAnEmptySecret(t *testing.T) {
	ctx := context.Background()
	c := client(t)
	kv := c.KVv2("")
	_, err := kv.CreateOrUpdateSecret(ctx, "wrapped/db", map[string]any{"password": "behind-the-token"})
	mustOK(t, err)
	for name, read := range map[string]func() (*kvv2.KvV2ReadResult, error){
		"per call": func() (*kvv2.KvV2ReadResult, error) {
			return kv.ReadSecret(ctx, "wrapped/db", wrappers.RequestWrapTTL(time.Minute))
		},
		"context": func() (*kvv2.KvV2ReadResult, error) {
			return kv.ReadSecret(wrappers.WithRequestOptions(ctx, wrappers.RequestWrapTTL(time.Minute)), "wrapped/db")
		},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := read()
			var we *wrappers.WrappedError
			if got != nil || !errors.Is(err, wrappers.ErrWrapped) || !errors.As(err, &we) || we.WrapInfo.Token == nil {
				t.Fatalf("wrapped read = %v, %v; want a *WrappedError", got, err)
			}
			leaks.Add(*we.WrapInfo.Token)
			secret, err := wrappers.Unwrap[kvv2.KvV2ReadData](ctx, c, *we.WrapInfo.Token)
			mustOK(t, err)
			if diff := cmp.Diff(map[string]any{"password": "behind-the-token"}, secret.Data.Data); diff != "" {
				t.Fatalf("unwrapped secret (-want +got):\n%s", diff)
			}
		})
	}
}

// The same options work on a generated call, and one given to the call wins
// over the context's.
func TestRequestOptionsOnGeneratedCalls(t *testing.T) {
	ctx := context.Background()
	c := client(t)
	api := livetest.API(t, c, "secret", kvv2.New)
	_, err := api.KvV2Write(ctx, "opts/db", kvv2.KvV2WriteRequest{Data: map[string]any{"k": "v"}})
	mustOK(t, err)

	res, err := api.KvV2Read(ctx, "opts/db", nil, wrappers.RequestWrapTTL(time.Minute))
	mustOK(t, err)
	if res.WrapInfo == nil || res.WrapInfo.Token == nil {
		t.Fatalf("generated read with RequestWrapTTL was not wrapped: %+v", res)
	}
	leaks.Add(*res.WrapInfo.Token)

	badCtx := wrappers.WithRequestOptions(ctx, wrappers.RequestToken("not-a-token"))
	if _, err := api.KvV2Read(badCtx, "opts/db", nil); !errors.Is(err, wrappers.ErrForbidden) {
		t.Fatalf("context token: err = %v, want ErrForbidden", err)
	}
	if _, err := api.KvV2Read(badCtx, "opts/db", nil, wrappers.RequestToken(dev.RootToken)); err != nil {
		t.Fatalf("a per-call token did not win over the context's: %v", err)
	}
}

// CAS is a per-call option of KV v2 writes, on the wrapper and the
// generated call alike.
func TestCASIsARequestOption(t *testing.T) {
	ctx := context.Background()
	c := client(t)
	kv := c.KVv2("")
	_, err := kv.CreateOrUpdateSecret(ctx, "cas/db", map[string]any{"v": 1}, wrappers.CAS(0))
	mustOK(t, err)
	if _, err := kv.CreateOrUpdateSecret(ctx, "cas/db", map[string]any{"v": 2}, wrappers.CAS(0)); !errors.Is(err, wrappers.ErrInvalidRequest) {
		t.Fatalf("second CAS(0) write: err = %v, want ErrInvalidRequest", err)
	}
	api := livetest.API(t, c, "secret", kvv2.New)
	out, err := api.KvV2Write(ctx, "cas/db", kvv2.KvV2WriteRequest{Data: map[string]any{"v": 2}}, wrappers.CAS(1))
	mustOK(t, err)
	if out.Data.Version != 2 {
		t.Fatalf("CAS(1) write on the generated call: version %d, want 2", out.Data.Version)
	}
}

// The client's own follow-up requests start clean: a token watcher's
// lookups do not inherit the wrap TTL of the context it was started with.
func TestWatcherRequestsStartClean(t *testing.T) {
	log := &headerLog{name: wrappers.WrapTTLHeader}
	c := client(t, wrappers.WithMiddleware(log.middleware))
	token, err := c.TokenAuth().TokenCreate(context.Background(), authtoken.TokenCreateRequest{TTL: livetest.Ptr(vtypes.Duration("1h")), Policies: []string{"default"}})
	mustOK(t, err)
	leaks.Add(token.Auth.ClientToken)
	w := c.Clone(token.Auth.ClientToken).WatchToken(wrappers.WithRequestOptions(context.Background(), wrappers.RequestWrapTTL(time.Minute)))
	waitFor(t, func() bool {
		log.mu.Lock()
		defer log.mu.Unlock()
		return len(log.seen["/v1/auth/token/lookup-self"]) > 0
	})
	w.Stop()
	log.mu.Lock()
	defer log.mu.Unlock()
	for path, values := range log.seen {
		for _, v := range values {
			if v != "" && path != "/v1/auth/token/create" {
				t.Errorf("%s carried the caller's wrap TTL %q", path, v)
			}
		}
	}
}
