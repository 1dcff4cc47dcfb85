package authokta_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/authokta"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("auth/okta", authokta.New)

func TestOktaConfig(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	env.Leaks.Add("okta-api-token")

	var rsp vtypes.Raw
	_, err := a.OktaReadConfig(ctx, vtypes.CaptureRaw(&rsp))
	if !errors.Is(err, wrappers.ErrInvalidPath) || livetest.Status(rsp) != 404 {
		t.Fatalf("config before any write: status %d, %v", livetest.Status(rsp), err)
	}

	_, err = a.OktaWriteConfig(ctx, authokta.OktaWriteConfigRequest{
		OrgName:       livetest.Ptr("dev-123456"),
		APIToken:      livetest.Ptr("okta-api-token"),
		BaseURL:       livetest.Ptr("okta.invalid"),
		TokenPolicies: []string{"okta-base"},
		TokenTTL:      livetest.Ptr(vtypes.Duration("1h")),
		TokenType:     livetest.Ptr(authokta.TokenTypeService),
	})
	env.OK(t, err)
	cfg, err := a.OktaReadConfig(ctx)
	env.OK(t, err)
	// The API token is not read back; org_name comes back under the old name too.
	wantCfg := authokta.OktaConfigData{
		OrgName: "dev-123456", Organization: "dev-123456", BaseURL: livetest.Ptr("okta.invalid"),
		TokenPolicies: []string{"okta-base"}, TokenTTL: 3600, TokenType: "service", TokenBoundCIDRs: []string{},
	}
	if diff := cmp.Diff(wantCfg, cfg.Data); diff != "" {
		t.Fatalf("config (-want +got):\n%s", diff)
	}

	// Bypassing Okta MFA is saved with a warning (200), and the read warns too.
	w, err := a.OktaWriteConfig(ctx, authokta.OktaWriteConfigRequest{BypassOktaMFA: livetest.Ptr(true)})
	env.OK(t, err)
	if len(w.Warnings) == 0 {
		t.Fatal("bypass_okta_mfa: no warning on write")
	}
	cfg, err = a.OktaReadConfig(ctx)
	env.OK(t, err)
	if !cfg.Data.BypassOktaMFA || len(cfg.Warnings) == 0 {
		t.Fatalf("bypass_okta_mfa: %+v, warnings %v", cfg.Data, cfg.Warnings)
	}

	// The deprecated names still work and read back while set.
	_, err = a.OktaWriteConfig(ctx, authokta.OktaWriteConfigRequest{
		BypassOktaMFA: livetest.Ptr(false),
		TTL:           livetest.Ptr(vtypes.Duration("2h")),
		MaxTTL:        livetest.Ptr(vtypes.Seconds(10800)),
	})
	env.OK(t, err)
	cfg, err = a.OktaReadConfig(ctx)
	env.OK(t, err)
	if cfg.Data.TTL == nil || *cfg.Data.TTL != 7200 || cfg.Data.MaxTTL == nil || *cfg.Data.MaxTTL != 10800 || cfg.Data.TokenTTL != 7200 {
		t.Fatalf("config via old names: %+v", cfg.Data)
	}

	// No Okta to ask: a login fails, and no push is pending for any nonce.
	anon := api(t, wrappers.WithToken(""))
	var login vtypes.Raw
	_, err = anon.OktaLogin(ctx, "alice", authokta.OktaLoginRequest{Password: "pw", Provider: livetest.Ptr(authokta.ProviderOkta)}, vtypes.CaptureRaw(&login))
	var refused *vtypes.ResponseError
	if !errors.As(err, &refused) || livetest.Status(login) < 400 {
		t.Fatalf("login with no Okta: status %d, %v", livetest.Status(login), err)
	}
	var verify vtypes.Raw
	_, err = anon.OktaVerify(ctx, "no-such-nonce", vtypes.CaptureRaw(&verify))
	if !errors.Is(err, wrappers.ErrInvalidPath) || livetest.Status(verify) != 404 {
		t.Fatalf("verify with an unknown nonce: status %d, %v", livetest.Status(verify), err)
	}
}

func TestOktaGroupsAndUsers(t *testing.T) {
	ctx := context.Background()
	a := api(t)

	err := a.OktaWriteGroup(ctx, "engineering", authokta.OktaWriteGroupRequest{Policies: []string{"eng", "dev"}})
	env.OK(t, err)
	g, err := a.OktaReadGroup(ctx, "engineering")
	env.OK(t, err)
	if !slices.Equal(g.Data.Policies, []string{"dev", "eng"}) && !slices.Equal(g.Data.Policies, []string{"eng", "dev"}) {
		t.Fatalf("group: %+v", g.Data)
	}
	groups, err := a.OktaListGroups(ctx)
	env.OK(t, err)
	if !slices.Equal(groups.Data.Keys, []string{"engineering"}) {
		t.Fatalf("groups: %v", groups.Data.Keys)
	}

	err = a.OktaWriteUser(ctx, "alice@example.com", authokta.OktaWriteUserRequest{
		Groups: []string{"engineering"}, Policies: []string{"alice-extra"},
	})
	env.OK(t, err)
	err = a.OktaWriteUser(ctx, "bob", authokta.OktaWriteUserRequest{})
	env.OK(t, err)
	u, err := a.OktaReadUser(ctx, "alice@example.com")
	env.OK(t, err)
	if !slices.Equal(u.Data.Groups, []string{"engineering"}) || !slices.Equal(u.Data.Policies, []string{"alice-extra"}) {
		t.Fatalf("user: %+v", u.Data)
	}
	bob, err := a.OktaReadUser(ctx, "bob")
	env.OK(t, err)
	if len(bob.Data.Groups) != 0 || len(bob.Data.Policies) != 0 {
		t.Fatalf("empty user: %+v", bob.Data)
	}
	users, err := a.OktaListUsers(ctx)
	env.OK(t, err)
	if !slices.Equal(users.Data.Keys, []string{"alice@example.com", "bob"}) {
		t.Fatalf("users: %v", users.Data.Keys)
	}

	for _, name := range []string{"alice@example.com", "bob"} {
		err = a.OktaDeleteUser(ctx, name)
		env.OK(t, err)
	}
	err = a.OktaDeleteGroup(ctx, "engineering")
	env.OK(t, err)
	var gone vtypes.Raw
	_, err = a.OktaReadUser(ctx, "bob", vtypes.CaptureRaw(&gone))
	if !errors.Is(err, wrappers.ErrInvalidPath) || livetest.Status(gone) != 404 {
		t.Fatalf("read deleted user: status %d, %v", livetest.Status(gone), err)
	}
}
