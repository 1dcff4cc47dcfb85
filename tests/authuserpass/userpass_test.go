package authuserpass_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/authuserpass"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("auth/userpass", authuserpass.New)

// bcrypt (cost 10) of "hashed-pw", made once offline.
const hashOfHashedPW = "$2a$10$.HKZ8BikUsb.h.zUOuUWgeC4x.toSdMOc72Pyt3wne7WtKnYa4l7i"

func TestUserpass(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	anon := api(t, wrappers.WithToken(""))
	env.Leaks.Add("first-pw", "second-pw", "hashed-pw")

	login := func(user, password string) *vaultcommon.AuthInfo {
		t.Helper()
		out, err := anon.UserpassLogin(ctx, user, authuserpass.UserpassLoginRequest{Password: password})
		env.OK(t, err)
		if out.Auth == nil || out.Auth.ClientToken == "" {
			t.Fatalf("login %s: no auth block: %+v", user, out)
		}
		env.Leaks.Add(out.Auth.ClientToken)
		return out.Auth
	}

	err := a.UserpassWriteUser(ctx, "alice", authuserpass.UserpassWriteUserRequest{
		Password:        livetest.Ptr("first-pw"),
		TokenPolicies:   []string{"default", "dev"},
		TokenTTL:        livetest.Ptr(vtypes.Duration("15m")),
		TokenMaxTTL:     livetest.Ptr(vtypes.Seconds(3600)),
		TokenBoundCIDRs: []string{"127.0.0.1/32"},
		TokenType:       livetest.Ptr(authuserpass.TokenTypeService),
	})
	env.OK(t, err)
	user, err := a.UserpassReadUser(ctx, "alice")
	env.OK(t, err)
	// A single-host CIDR block comes back as a bare address.
	wantUser := authuserpass.UserpassUserData{
		TokenPolicies: []string{"default", "dev"}, TokenTTL: 900, TokenMaxTTL: 3600, TokenType: "service", TokenBoundCIDRs: []string{"127.0.0.1"},
	}
	if diff := cmp.Diff(wantUser, user.Data); diff != "" {
		t.Fatalf("user (-want +got):\n%s", diff)
	}

	auth := login("alice", "first-pw")
	if auth.Metadata["username"] != "alice" || auth.LeaseDuration != 900 || !slices.Contains(auth.Policies, "dev") {
		t.Fatalf("login auth: %+v", auth)
	}

	// New password; the old one stops working.
	err = a.UserpassResetPassword(ctx, "alice", authuserpass.UserpassResetPasswordRequest{Password: livetest.Ptr("second-pw")})
	env.OK(t, err)
	var rsp vtypes.Raw
	_, err = anon.UserpassLogin(ctx, "alice", authuserpass.UserpassLoginRequest{Password: "first-pw"}, vtypes.CaptureRaw(&rsp))
	if !errors.Is(err, wrappers.ErrInvalidRequest) || livetest.Status(rsp) != 400 {
		t.Fatalf("login with the old password: status %d, %v", livetest.Status(rsp), err)
	}
	login("alice", "second-pw")
	// And by hash.
	err = a.UserpassResetPassword(ctx, "alice", authuserpass.UserpassResetPasswordRequest{PasswordHash: livetest.Ptr(hashOfHashedPW)})
	env.OK(t, err)
	login("alice", "hashed-pw")

	err = a.UserpassUpdatePolicies(ctx, "alice", authuserpass.UserpassUpdatePoliciesRequest{TokenPolicies: []string{"ops"}})
	env.OK(t, err)
	user, err = a.UserpassReadUser(ctx, "alice")
	env.OK(t, err)
	if !slices.Equal(user.Data.TokenPolicies, []string{"ops"}) {
		t.Fatalf("policies: %v", user.Data.TokenPolicies)
	}

	// A user set up by hash and through the deprecated field names, which
	// read back while they are set.
	err = a.UserpassWriteUser(ctx, "bob", authuserpass.UserpassWriteUserRequest{
		PasswordHash: livetest.Ptr(hashOfHashedPW),
		Policies:     []string{"legacy"},
		TTL:          livetest.Ptr(vtypes.Duration("1h")),
		MaxTTL:       livetest.Ptr(vtypes.Duration("2h")),
		BoundCIDRs:   []string{"127.0.0.0/8"},
	})
	env.OK(t, err)
	bob, err := a.UserpassReadUser(ctx, "bob")
	env.OK(t, err)
	b := bob.Data
	if b.TTL == nil || *b.TTL != 3600 || b.MaxTTL == nil || *b.MaxTTL != 7200 || !slices.Equal(b.Policies, []string{"legacy"}) ||
		!slices.Equal(b.BoundCIDRs, []string{"127.0.0.0/8"}) || b.TokenTTL != 3600 || !slices.Equal(b.TokenPolicies, []string{"legacy"}) {
		t.Fatalf("bob: %+v", b)
	}
	login("bob", "hashed-pw")

	users, err := a.UserpassListUsers(ctx)
	env.OK(t, err)
	if !slices.Equal(users.Data.Keys, []string{"alice", "bob"}) {
		t.Fatalf("users: %v", users.Data.Keys)
	}

	for _, name := range []string{"alice", "bob"} {
		err = a.UserpassDeleteUser(ctx, name)
		env.OK(t, err)
	}
	var gone vtypes.Raw
	_, err = a.UserpassReadUser(ctx, "alice", vtypes.CaptureRaw(&gone))
	if !errors.Is(err, wrappers.ErrInvalidPath) || livetest.Status(gone) != 404 {
		t.Fatalf("read deleted user: status %d, %v", livetest.Status(gone), err)
	}
}
