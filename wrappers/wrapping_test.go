package wrappers_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/govault/govault/generated/authtoken"
	"github.com/govault/govault/generated/kvv2"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// A KV read wrapped with RequestWrapTTL unwraps into the typed secret; the
// token is single-use, and a second unwrap is refused with Vault's 400.
func TestUnwrapKVRead(t *testing.T) {
	c := client(t)
	ctx := context.Background()
	kv := c.KVv2("")
	_, err := kv.CreateOrUpdateSecret(ctx, "wrapping/db", map[string]any{"password": "hunter2"})
	mustOK(t, err)

	wctx := wrappers.WithRequestOptions(ctx, wrappers.RequestWrapTTL(time.Minute))
	wrapped, err := kv.API().KvV2Read(wctx, "wrapping/db", nil)
	mustOK(t, err)
	if wrapped.WrapInfo == nil || wrapped.WrapInfo.Token == nil {
		t.Fatalf("no wrapping token: %+v", wrapped)
	}
	tok := *wrapped.WrapInfo.Token
	leaks.Add(tok)

	// A client without a token of its own: the wrapping token is all it needs.
	anon := clientFor(t, dev.Addr, "")
	secret, err := wrappers.Unwrap[kvv2.KvV2ReadData](ctx, anon, tok)
	mustOK(t, err)
	if secret.Data.Data["password"] != "hunter2" || secret.Data.Metadata.Version != 1 {
		t.Fatalf("unwrapped: %+v", secret)
	}

	_, err = wrappers.Unwrap[kvv2.KvV2ReadData](ctx, anon, tok)
	leaks.Seen(err)
	var re *wrappers.ResponseError
	if !errors.Is(err, wrappers.ErrInvalidRequest) || !errors.As(err, &re) || re.Operation != "SysUnwrap" || len(re.Errors) == 0 {
		t.Fatalf("second unwrap: %v", err)
	}
}

// Wrap stores arbitrary data (a map or a struct) behind a wrapping token
// that Unwrap gives back.
func TestWrapAndUnwrap(t *testing.T) {
	c := client(t)
	ctx := context.Background()
	type payload struct {
		User  string `json:"user"`
		Count int    `json:"count"`
	}
	info, err := c.Wrap(ctx, payload{User: "alice", Count: 3}, 2*time.Minute)
	mustOK(t, err)
	if info.Token == nil || info.TTL == nil || *info.TTL != 120 || info.CreationPath == nil || *info.CreationPath != "sys/wrapping/wrap" {
		t.Fatalf("wrap_info: %+v", info)
	}
	leaks.Add(*info.Token)
	got, err := wrappers.Unwrap[payload](ctx, c, *info.Token)
	mustOK(t, err)
	if got.Data != (payload{User: "alice", Count: 3}) {
		t.Fatalf("unwrapped %+v", got)
	}

	info, err = c.Wrap(ctx, map[string]any{"k": "v"}, time.Minute)
	mustOK(t, err)
	leaks.Add(*info.Token)
	m, err := wrappers.Unwrap[map[string]any](ctx, c, *info.Token)
	mustOK(t, err)
	if m.Data["k"] != "v" || len(m.Data) != 1 {
		t.Fatalf("unwrapped %v", m.Data)
	}

	if _, err := c.Wrap(ctx, []int{1}, time.Minute); err == nil {
		t.Fatal("wrapping a JSON array should fail before calling Vault")
	}
}

// A wrapped token creation unwraps with UnwrapAuth into a usable token;
// Unwrap on it reports that there is no data.
func TestUnwrapAuth(t *testing.T) {
	c := client(t)
	ctx := context.Background()
	create := func() string {
		t.Helper()
		wctx := wrappers.WithRequestOptions(ctx, wrappers.RequestWrapTTL(time.Minute))
		w, err := c.TokenAuth().TokenCreate(wctx, authtoken.TokenCreateRequest{
			TTL: livetest.Ptr(vtypes.Duration("10m")), Policies: []string{"default"},
		})
		mustOK(t, err)
		if w.WrapInfo == nil || w.WrapInfo.Token == nil || w.Auth != nil {
			t.Fatalf("wrapped token creation: %+v", w)
		}
		leaks.Add(*w.WrapInfo.Token)
		return *w.WrapInfo.Token
	}
	auth, err := wrappers.UnwrapAuth(ctx, c, create())
	mustOK(t, err)
	leaks.Add(auth.Auth.ClientToken)
	if auth.Auth.ClientToken == "" || auth.Auth.LeaseDuration != 600 {
		t.Fatalf("unwrapped auth: %+v", auth)
	}
	ok, err := clientFor(t, dev.Addr, auth.Auth.ClientToken).IsAuthenticated(ctx)
	mustOK(t, err)
	if !ok {
		t.Fatal("the unwrapped token does not work")
	}
	if _, err := wrappers.Unwrap[map[string]any](ctx, c, create()); !errors.Is(err, wrappers.ErrMalformedResponse) {
		t.Fatalf("Unwrap of an auth response: %v", err)
	}
}
