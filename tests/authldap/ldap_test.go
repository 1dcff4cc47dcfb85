package authldap_test

import (
	"context"
	"slices"
	"testing"

	"github.com/govault/govault/generated/authldap"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func ptr[T any](v T) *T { return &v }

func api(t *testing.T, opts ...wrappers.Option) *authldap.ClientWithResponses {
	t.Helper()
	return livetest.API(t, env.Client(t, opts...), "auth/ldap", authldap.NewClientWithResponses, authldap.WithHTTPClient)
}

func TestLDAPConfig(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	env.Leaks.Add("bind-secret")

	// Unconfigured: the defaults.
	def, err := wrappers.Decode(a.LDAPAuthReadConfigWithResponse(ctx))
	env.OK(t, err)
	if def.Data.URL != "ldap://127.0.0.1" || def.Data.Userattr != "cn" || !def.Data.DenyNullBind || def.Data.RequestTimeout != 90 {
		t.Fatalf("default config: %+v", def.Data)
	}

	// Neither refusal needs a directory: rotate-root without a bind DN, and
	// a login against a server that is not there.
	rot, err := a.LDAPAuthRotateRootWithResponse(ctx)
	env.OK(t, err)
	if rot.StatusCode() != 400 {
		t.Fatalf("rotate-root without binddn: status %d %s", rot.StatusCode(), rot.Body)
	}

	_, err = wrappers.Check(a.LDAPAuthWriteConfigWithResponse(ctx, authldap.LDAPAuthWriteConfigRequest{
		URL:                ptr("ldap://127.0.0.1:1"),
		Binddn:             ptr("cn=vault,dc=example,dc=com"),
		Bindpass:           ptr("bind-secret"),
		Userdn:             ptr("ou=Users,dc=example,dc=com"),
		Userattr:           ptr("uid"),
		Groupdn:            ptr("ou=Groups,dc=example,dc=com"),
		Groupattr:          ptr("cn"),
		ConnectionTimeout:  ptr(vtypes.Duration("5s")),
		RequestTimeout:     ptr(vtypes.Seconds(20)),
		DereferenceAliases: ptr(authldap.DerefFinding),
		MaxPageSize:        ptr(500),
		TLSMinVersion:      ptr(authldap.TLS12),
		TLSMaxVersion:      ptr(authldap.TLS13),
		UsernameAsAlias:    ptr(true),
		CaseSensitiveNames: ptr(false),
		TokenPolicies:      []string{"ldap-base"},
		TokenTTL:           ptr(vtypes.Duration("30m")),
		TokenType:          ptr(authldap.TokenTypeService),
	}))
	env.OK(t, err)
	cfg, err := wrappers.Decode(a.LDAPAuthReadConfigWithResponse(ctx))
	env.OK(t, err)
	c := cfg.Data
	if c.URL != "ldap://127.0.0.1:1" || c.Binddn != "cn=vault,dc=example,dc=com" || c.Userattr != "uid" || c.ConnectionTimeout != 5 ||
		c.RequestTimeout != 20 || c.DereferenceAliases != "finding" || c.MaxPageSize != 500 || c.TLSMaxVersion != "tls13" ||
		!c.UsernameAsAlias || c.TokenTTL != 1800 || c.TokenType != "service" || !slices.Equal(c.TokenPolicies, []string{"ldap-base"}) {
		t.Fatalf("config: %+v", c)
	}

	// A userfilter that ignores userattr is saved with a warning (200).
	warned, err := wrappers.Decode(a.LDAPAuthWriteConfigWithResponse(ctx, authldap.LDAPAuthWriteConfigRequest{Userfilter: ptr("(mail={{.Username}})")}))
	env.OK(t, err)
	if len(warned.Warnings) == 0 {
		t.Fatal("userfilter without userattr: no warning")
	}
	cfg, err = wrappers.Decode(a.LDAPAuthReadConfigWithResponse(ctx))
	env.OK(t, err)
	if cfg.Data.Userfilter != "(mail={{.Username}})" || len(cfg.Warnings) == 0 {
		t.Fatalf("config after userfilter: %q, warnings %v", cfg.Data.Userfilter, cfg.Warnings)
	}

	login, err := api(t, wrappers.WithToken("")).LDAPAuthLoginWithResponse(ctx, "alice", authldap.LDAPAuthLoginRequest{Password: "pw"})
	env.OK(t, err)
	if login.StatusCode() < 400 {
		t.Fatalf("login with no directory: status %d", login.StatusCode())
	}
	rot, err = a.LDAPAuthRotateRootWithResponse(ctx)
	env.OK(t, err)
	if rot.StatusCode() < 400 {
		t.Fatalf("rotate-root with no directory: status %d", rot.StatusCode())
	}
}

func TestLDAPGroupsAndUsers(t *testing.T) {
	ctx := context.Background()
	a := api(t)

	_, err := wrappers.Check(a.LDAPAuthWriteGroupWithResponse(ctx, "devs", authldap.LDAPAuthWriteGroupRequest{Policies: []string{"dev", "ops"}}))
	env.OK(t, err)
	_, err = wrappers.Check(a.LDAPAuthWriteGroupWithResponse(ctx, "empty", authldap.LDAPAuthWriteGroupRequest{}))
	env.OK(t, err)
	g, err := wrappers.Decode(a.LDAPAuthReadGroupWithResponse(ctx, "devs"))
	env.OK(t, err)
	if !slices.Equal(g.Data.Policies, []string{"dev", "ops"}) {
		t.Fatalf("group: %+v", g.Data)
	}
	groups, err := wrappers.Decode(a.LDAPAuthListGroupsWithResponse(ctx, &authldap.LDAPAuthListGroupsParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	if !slices.Equal(groups.Data.Keys, []string{"devs", "empty"}) {
		t.Fatalf("groups: %v", groups.Data.Keys)
	}

	_, err = wrappers.Check(a.LDAPAuthWriteUserWithResponse(ctx, "alice", authldap.LDAPAuthWriteUserRequest{
		Groups: []string{"devs", "empty"}, Policies: []string{"alice-extra"},
	}))
	env.OK(t, err)
	u, err := wrappers.Decode(a.LDAPAuthReadUserWithResponse(ctx, "alice"))
	env.OK(t, err)
	if u.Data.Groups != "devs,empty" || !slices.Equal(u.Data.Policies, []string{"alice-extra"}) {
		t.Fatalf("user: %+v", u.Data)
	}
	_, err = wrappers.Check(a.LDAPAuthWriteUserWithResponse(ctx, "bob", authldap.LDAPAuthWriteUserRequest{}))
	env.OK(t, err)
	bob, err := wrappers.Decode(a.LDAPAuthReadUserWithResponse(ctx, "bob"))
	env.OK(t, err)
	if bob.Data.Groups != "" || len(bob.Data.Policies) != 0 {
		t.Fatalf("empty user: %+v", bob.Data)
	}
	users, err := wrappers.Decode(a.LDAPAuthListUsersWithResponse(ctx, &authldap.LDAPAuthListUsersParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	if !slices.Equal(users.Data.Keys, []string{"alice", "bob"}) {
		t.Fatalf("users: %v", users.Data.Keys)
	}

	for _, name := range []string{"alice", "bob"} {
		_, err = wrappers.Check(a.LDAPAuthDeleteUserWithResponse(ctx, name))
		env.OK(t, err)
	}
	for _, name := range []string{"devs", "empty"} {
		_, err = wrappers.Check(a.LDAPAuthDeleteGroupWithResponse(ctx, name))
		env.OK(t, err)
	}
	gone, err := a.LDAPAuthReadGroupWithResponse(ctx, "devs")
	env.OK(t, err)
	if gone.StatusCode() != 404 {
		t.Fatalf("read deleted group: status %d", gone.StatusCode())
	}
}
