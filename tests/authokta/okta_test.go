package authokta_test

import (
	"context"
	"slices"
	"testing"

	"github.com/govault/govault/generated/authokta"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func ptr[T any](v T) *T { return &v }

func api(t *testing.T, opts ...wrappers.Option) *authokta.ClientWithResponses {
	t.Helper()
	return livetest.API(t, env.Client(t, opts...), "auth/okta", authokta.NewClientWithResponses, authokta.WithHTTPClient)
}

func TestOktaConfig(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	env.Leaks.Add("okta-api-token")

	rsp, err := a.OktaReadConfigWithResponse(ctx)
	env.OK(t, err)
	if rsp.StatusCode() != 404 {
		t.Fatalf("config before any write: status %d", rsp.StatusCode())
	}

	_, err = wrappers.Check(a.OktaWriteConfigWithResponse(ctx, authokta.OktaWriteConfigRequest{
		OrgName:       ptr("dev-123456"),
		APIToken:      ptr("okta-api-token"),
		BaseURL:       ptr("okta.invalid"),
		TokenPolicies: []string{"okta-base"},
		TokenTTL:      ptr(vtypes.Duration("1h")),
		TokenType:     ptr(authokta.TokenTypeService),
	}))
	env.OK(t, err)
	cfg, err := wrappers.Decode(a.OktaReadConfigWithResponse(ctx))
	env.OK(t, err)
	c := cfg.Data
	if c.OrgName != "dev-123456" || c.Organization != "dev-123456" || c.BaseURL == nil || *c.BaseURL != "okta.invalid" ||
		c.BypassOktaMfa || c.TokenTTL != 3600 || c.TokenType != "service" || !slices.Equal(c.TokenPolicies, []string{"okta-base"}) ||
		c.Production != nil || c.TTL != nil {
		t.Fatalf("config: %+v", c)
	}

	// Bypassing Okta MFA is saved with a warning (200), and the read warns too.
	w, err := wrappers.Decode(a.OktaWriteConfigWithResponse(ctx, authokta.OktaWriteConfigRequest{BypassOktaMfa: ptr(true)}))
	env.OK(t, err)
	if len(w.Warnings) == 0 {
		t.Fatal("bypass_okta_mfa: no warning on write")
	}
	cfg, err = wrappers.Decode(a.OktaReadConfigWithResponse(ctx))
	env.OK(t, err)
	if !cfg.Data.BypassOktaMfa || len(cfg.Warnings) == 0 {
		t.Fatalf("bypass_okta_mfa: %+v, warnings %v", cfg.Data, cfg.Warnings)
	}

	// The deprecated names still work and read back while set.
	_, err = wrappers.Check(a.OktaWriteConfigWithResponse(ctx, authokta.OktaWriteConfigRequest{
		BypassOktaMfa: ptr(false),
		TTL:           ptr(vtypes.Duration("2h")),
		MaxTTL:        ptr(vtypes.Seconds(10800)),
	}))
	env.OK(t, err)
	cfg, err = wrappers.Decode(a.OktaReadConfigWithResponse(ctx))
	env.OK(t, err)
	if cfg.Data.TTL == nil || *cfg.Data.TTL != 7200 || cfg.Data.MaxTTL == nil || *cfg.Data.MaxTTL != 10800 || cfg.Data.TokenTTL != 7200 {
		t.Fatalf("config via old names: %+v", cfg.Data)
	}

	// No Okta to ask: a login fails, and no push is pending for any nonce.
	anon := api(t, wrappers.WithToken(""))
	login, err := anon.OktaLoginWithResponse(ctx, "alice", authokta.OktaLoginRequest{Password: "pw", Provider: ptr(authokta.ProviderOkta)})
	env.OK(t, err)
	if login.StatusCode() < 400 {
		t.Fatalf("login with no Okta: status %d", login.StatusCode())
	}
	verify, err := anon.OktaVerifyWithResponse(ctx, "no-such-nonce")
	env.OK(t, err)
	if verify.StatusCode() != 404 {
		t.Fatalf("verify with an unknown nonce: status %d", verify.StatusCode())
	}
}

func TestOktaGroupsAndUsers(t *testing.T) {
	ctx := context.Background()
	a := api(t)

	_, err := wrappers.Check(a.OktaWriteGroupWithResponse(ctx, "engineering", authokta.OktaWriteGroupRequest{Policies: []string{"eng", "dev"}}))
	env.OK(t, err)
	g, err := wrappers.Decode(a.OktaReadGroupWithResponse(ctx, "engineering"))
	env.OK(t, err)
	if !slices.Equal(g.Data.Policies, []string{"dev", "eng"}) && !slices.Equal(g.Data.Policies, []string{"eng", "dev"}) {
		t.Fatalf("group: %+v", g.Data)
	}
	groups, err := wrappers.Decode(a.OktaListGroupsWithResponse(ctx, &authokta.OktaListGroupsParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	if !slices.Equal(groups.Data.Keys, []string{"engineering"}) {
		t.Fatalf("groups: %v", groups.Data.Keys)
	}

	_, err = wrappers.Check(a.OktaWriteUserWithResponse(ctx, "alice@example.com", authokta.OktaWriteUserRequest{
		Groups: []string{"engineering"}, Policies: []string{"alice-extra"},
	}))
	env.OK(t, err)
	_, err = wrappers.Check(a.OktaWriteUserWithResponse(ctx, "bob", authokta.OktaWriteUserRequest{}))
	env.OK(t, err)
	u, err := wrappers.Decode(a.OktaReadUserWithResponse(ctx, "alice@example.com"))
	env.OK(t, err)
	if !slices.Equal(u.Data.Groups, []string{"engineering"}) || !slices.Equal(u.Data.Policies, []string{"alice-extra"}) {
		t.Fatalf("user: %+v", u.Data)
	}
	bob, err := wrappers.Decode(a.OktaReadUserWithResponse(ctx, "bob"))
	env.OK(t, err)
	if len(bob.Data.Groups) != 0 || len(bob.Data.Policies) != 0 {
		t.Fatalf("empty user: %+v", bob.Data)
	}
	users, err := wrappers.Decode(a.OktaListUsersWithResponse(ctx, &authokta.OktaListUsersParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	if !slices.Equal(users.Data.Keys, []string{"alice@example.com", "bob"}) {
		t.Fatalf("users: %v", users.Data.Keys)
	}

	for _, name := range []string{"alice@example.com", "bob"} {
		_, err = wrappers.Check(a.OktaDeleteUserWithResponse(ctx, name))
		env.OK(t, err)
	}
	_, err = wrappers.Check(a.OktaDeleteGroupWithResponse(ctx, "engineering"))
	env.OK(t, err)
	gone, err := a.OktaReadUserWithResponse(ctx, "bob")
	env.OK(t, err)
	if gone.StatusCode() != 404 {
		t.Fatalf("read deleted user: status %d", gone.StatusCode())
	}
}
