package wrappers_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/govault/govault/generated/authtoken"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// tokenView is what a token lookup says that a test can predict.
type tokenView struct {
	Policies    []string
	Meta        map[string]string
	DisplayName string
	Accessor    string
	HasID       bool
	Renewable   bool
	Orphan      bool
	Path        string
	CreationTTL int64
	Type        string
}

func viewOf(d authtoken.TokenData) tokenView {
	return tokenView{
		Policies: d.Policies, Meta: d.Meta, DisplayName: d.DisplayName, Accessor: d.Accessor, HasID: d.ID != "",
		Renewable: d.Renewable != nil && *d.Renewable, Orphan: d.Orphan, Path: d.Path, CreationTTL: d.CreationTTL, Type: d.Type,
	}
}

// A token made with Create looks up (by itself and by its accessor) with the
// policies and metadata it was given, renews by the increment asked, and once
// revoked is refused with ErrForbidden.
func TestTokensLifecycle(t *testing.T) {
	ctx := context.Background()
	root := client(t)
	tokens := root.Tokens()

	self, err := tokens.LookupSelf(ctx)
	mustOK(t, err)
	if !slices.Equal(self.Data.Policies, []string{"root"}) || self.RequestID == "" {
		t.Fatalf("root lookup-self: policies %v, request_id %q", self.Data.Policies, self.RequestID)
	}

	created, err := tokens.Create(ctx, authtoken.TokenCreateRequest{
		Policies:    []string{"app-read", "default"},
		Meta:        map[string]string{"app": "billing"},
		DisplayName: livetest.Ptr("wrappers-test"),
		TTL:         livetest.Ptr(vtypes.Duration("1h")),
		Renewable:   livetest.Ptr(true),
	})
	mustOK(t, err)
	if created.Auth == nil || created.Auth.ClientToken == "" || created.RequestID == "" {
		t.Fatalf("create: %+v", created)
	}
	tok, accessor := created.Auth.ClientToken, created.Auth.Accessor
	leaks.Add(tok)
	if diff := cmp.Diff([]string{"app-read", "default"}, created.Auth.Policies); diff != "" || created.Auth.LeaseDuration != 3600 || !created.Auth.Renewable {
		t.Fatalf("create auth block: lease %d renewable %v, policies (-want +got):\n%s", created.Auth.LeaseDuration, created.Auth.Renewable, diff)
	}

	want := tokenView{
		Policies: []string{"app-read", "default"}, Meta: map[string]string{"app": "billing"}, DisplayName: "token-wrappers-test",
		Accessor: accessor, HasID: true, Renewable: true, Path: "auth/token/create", CreationTTL: 3600, Type: "service",
	}
	child := clientFor(t, dev.Addr, tok)
	bySelf, err := child.Tokens().LookupSelf(ctx)
	mustOK(t, err)
	if diff := cmp.Diff(want, viewOf(bySelf.Data)); diff != "" {
		t.Fatalf("lookup-self with the new token (-want +got):\n%s", diff)
	}
	// The same lookup from the root client, sent with the child's token.
	withOption, err := tokens.LookupSelf(ctx, wrappers.RequestToken(tok))
	mustOK(t, err)
	if diff := cmp.Diff(want, viewOf(withOption.Data)); diff != "" {
		t.Fatalf("lookup-self with RequestToken (-want +got):\n%s", diff)
	}
	byAccessor, err := tokens.LookupAccessor(ctx, accessor)
	mustOK(t, err)
	want.HasID = false // an accessor lookup never shows the token
	if diff := cmp.Diff(want, viewOf(byAccessor.Data)); diff != "" {
		t.Fatalf("lookup-accessor (-want +got):\n%s", diff)
	}

	renewed, err := child.Tokens().RenewSelf(ctx, 30*time.Minute)
	mustOK(t, err)
	if renewed.Auth == nil || renewed.Auth.Accessor != accessor || renewed.Auth.LeaseDuration != 1800 || renewed.RequestID == "" {
		t.Fatalf("renew-self: %+v", renewed)
	}
	after, err := child.Tokens().LookupSelf(ctx)
	mustOK(t, err)
	if after.Data.TTL > 1800 || after.Data.TTL < 1700 || after.Data.LastRenewal == nil {
		t.Fatalf("after renewing for 30m: ttl %d, last renewal %v", after.Data.TTL, after.Data.LastRenewal)
	}

	fixed, err := tokens.Create(ctx, authtoken.TokenCreateRequest{Policies: []string{"default"}, TTL: livetest.Ptr(vtypes.Duration("10m")), Renewable: livetest.Ptr(false)})
	mustOK(t, err)
	leaks.Add(fixed.Auth.ClientToken)
	_, err = tokens.RenewSelf(ctx, time.Hour, wrappers.RequestToken(fixed.Auth.ClientToken))
	if !errors.Is(leaks.Seen(err), wrappers.ErrInvalidRequest) {
		t.Fatalf("renew-self of a token that is not renewable: %v", err)
	}
	mustOK(t, tokens.Revoke(ctx, fixed.Auth.ClientToken))

	mustOK(t, tokens.Revoke(ctx, tok))
	_, err = child.Tokens().LookupSelf(ctx)
	if !errors.Is(leaks.Seen(err), wrappers.ErrForbidden) {
		t.Fatalf("lookup-self of a revoked token: %v", err)
	}
	_, err = tokens.LookupAccessor(ctx, accessor)
	if !errors.Is(leaks.Seen(err), wrappers.ErrInvalidRequest) {
		t.Fatalf("lookup-accessor of a revoked token: %v", err)
	}
	_, err = child.Tokens().RenewSelf(ctx, 0)
	if !errors.Is(leaks.Seen(err), wrappers.ErrForbidden) {
		t.Fatalf("renew-self of a revoked token: %v", err)
	}
	mustOK(t, tokens.Revoke(ctx, tok)) // already gone: still fine
}

// The request options reach the call: a wrapped Create is a *WrappedError
// holding the wrap info, and the token behind it works.
func TestTokensCreateWrapped(t *testing.T) {
	ctx := context.Background()
	root := client(t)
	out, err := root.Tokens().Create(ctx, authtoken.TokenCreateRequest{Policies: []string{"default"}, TTL: livetest.Ptr(vtypes.Duration("10m"))},
		wrappers.RequestWrapTTL(time.Minute))
	var we *wrappers.WrappedError
	if out != nil || !errors.As(err, &we) || we.WrapInfo.Token == nil || we.WrapInfo.TTL == nil || *we.WrapInfo.TTL != 60 {
		t.Fatalf("wrapped create: %+v, %v; want a *WrappedError with a 60s token", out, err)
	}
	leaks.Add(*we.WrapInfo.Token)
	auth, err := wrappers.UnwrapAuth(ctx, root, *we.WrapInfo.Token)
	mustOK(t, err)
	leaks.Add(auth.Auth.ClientToken)
	defer func() { mustOK(t, root.Tokens().Revoke(ctx, auth.Auth.ClientToken)) }()
	looked, err := root.Tokens().LookupAccessor(ctx, auth.Auth.Accessor)
	mustOK(t, err)
	if diff := cmp.Diff([]string{"default"}, looked.Data.Policies); diff != "" || looked.Data.CreationTTL != 600 {
		t.Fatalf("unwrapped token: creation ttl %d, policies (-want +got):\n%s", looked.Data.CreationTTL, diff)
	}
}
