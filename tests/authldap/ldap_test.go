package authldap_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/govault/govault/generated/authldap"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("auth/ldap", authldap.New)

func TestLDAPConfig(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	env.Leaks.Add("bind-secret")

	// Unconfigured: the defaults.
	def, err := a.LDAPAuthReadConfig(ctx)
	env.OK(t, err)
	if def.Data.URL != "ldap://127.0.0.1" || def.Data.Userattr != "cn" || !def.Data.DenyNullBind || def.Data.RequestTimeout != 90 {
		t.Fatalf("default config: %+v", def.Data)
	}

	// Neither refusal needs a directory: rotate-root without a bind DN, and
	// a login against a server that is not there.
	var rot vtypes.Raw
	err = a.LDAPAuthRotateRoot(ctx, vtypes.CaptureRaw(&rot))
	if !errors.Is(err, wrappers.ErrInvalidRequest) || livetest.Status(rot) != 400 {
		t.Fatalf("rotate-root without binddn: status %d %s, %v", livetest.Status(rot), rot.Body, err)
	}

	_, err = a.LDAPAuthWriteConfig(ctx, authldap.LDAPAuthWriteConfigRequest{
		URL:                livetest.Ptr("ldap://127.0.0.1:1"),
		Binddn:             livetest.Ptr("cn=vault,dc=example,dc=com"),
		Bindpass:           livetest.Ptr("bind-secret"),
		Userdn:             livetest.Ptr("ou=Users,dc=example,dc=com"),
		Userattr:           livetest.Ptr("uid"),
		Groupdn:            livetest.Ptr("ou=Groups,dc=example,dc=com"),
		Groupattr:          livetest.Ptr("cn"),
		ConnectionTimeout:  livetest.Ptr(vtypes.Duration("5s")),
		RequestTimeout:     livetest.Ptr(vtypes.Seconds(20)),
		DereferenceAliases: livetest.Ptr(authldap.DerefFinding),
		MaxPageSize:        livetest.Ptr(500),
		TLSMinVersion:      livetest.Ptr(authldap.TLS12),
		TLSMaxVersion:      livetest.Ptr(authldap.TLS13),
		UsernameAsAlias:    livetest.Ptr(true),
		CaseSensitiveNames: livetest.Ptr(false),
		TokenPolicies:      []string{"ldap-base"},
		TokenTTL:           livetest.Ptr(vtypes.Duration("30m")),
		TokenType:          livetest.Ptr(authldap.TokenTypeService),
	})
	env.OK(t, err)
	cfg, err := a.LDAPAuthReadConfig(ctx)
	env.OK(t, err)
	c := cfg.Data
	if c.URL != "ldap://127.0.0.1:1" || c.Binddn != "cn=vault,dc=example,dc=com" || c.Userattr != "uid" || c.ConnectionTimeout != 5 ||
		c.RequestTimeout != 20 || c.DereferenceAliases != "finding" || c.MaxPageSize != 500 || c.TLSMaxVersion != "tls13" ||
		!c.UsernameAsAlias || c.TokenTTL != 1800 || c.TokenType != "service" || !slices.Equal(c.TokenPolicies, []string{"ldap-base"}) {
		t.Fatalf("config: %+v", c)
	}

	// A userfilter that ignores userattr is saved with a warning (200).
	warned, err := a.LDAPAuthWriteConfig(ctx, authldap.LDAPAuthWriteConfigRequest{Userfilter: livetest.Ptr("(mail={{.Username}})")})
	env.OK(t, err)
	if len(warned.Warnings) == 0 {
		t.Fatal("userfilter without userattr: no warning")
	}
	cfg, err = a.LDAPAuthReadConfig(ctx)
	env.OK(t, err)
	if cfg.Data.Userfilter != "(mail={{.Username}})" || len(cfg.Warnings) == 0 {
		t.Fatalf("config after userfilter: %q, warnings %v", cfg.Data.Userfilter, cfg.Warnings)
	}

	var login vtypes.Raw
	_, err = api(t, wrappers.WithToken("")).LDAPAuthLogin(ctx, "alice", authldap.LDAPAuthLoginRequest{Password: "pw"}, vtypes.CaptureRaw(&login))
	var refused *vtypes.ResponseError
	if !errors.As(err, &refused) || livetest.Status(login) < 400 {
		t.Fatalf("login with no directory: status %d, %v", livetest.Status(login), err)
	}
	rot = vtypes.Raw{}
	err = a.LDAPAuthRotateRoot(ctx, vtypes.CaptureRaw(&rot))
	if !errors.As(err, &refused) || livetest.Status(rot) < 400 {
		t.Fatalf("rotate-root with no directory: status %d, %v", livetest.Status(rot), err)
	}
}

func TestLDAPGroupsAndUsers(t *testing.T) {
	ctx := context.Background()
	a := api(t)

	err := a.LDAPAuthWriteGroup(ctx, "devs", authldap.LDAPAuthWriteGroupRequest{Policies: []string{"dev", "ops"}})
	env.OK(t, err)
	err = a.LDAPAuthWriteGroup(ctx, "empty", authldap.LDAPAuthWriteGroupRequest{})
	env.OK(t, err)
	g, err := a.LDAPAuthReadGroup(ctx, "devs")
	env.OK(t, err)
	if !slices.Equal(g.Data.Policies, []string{"dev", "ops"}) {
		t.Fatalf("group: %+v", g.Data)
	}
	groups, err := a.LDAPAuthListGroups(ctx)
	env.OK(t, err)
	if !slices.Equal(groups.Data.Keys, []string{"devs", "empty"}) {
		t.Fatalf("groups: %v", groups.Data.Keys)
	}

	err = a.LDAPAuthWriteUser(ctx, "alice", authldap.LDAPAuthWriteUserRequest{
		Groups: []string{"devs", "empty"}, Policies: []string{"alice-extra"},
	})
	env.OK(t, err)
	u, err := a.LDAPAuthReadUser(ctx, "alice")
	env.OK(t, err)
	if u.Data.Groups != "devs,empty" || !slices.Equal(u.Data.Policies, []string{"alice-extra"}) {
		t.Fatalf("user: %+v", u.Data)
	}
	err = a.LDAPAuthWriteUser(ctx, "bob", authldap.LDAPAuthWriteUserRequest{})
	env.OK(t, err)
	bob, err := a.LDAPAuthReadUser(ctx, "bob")
	env.OK(t, err)
	if bob.Data.Groups != "" || len(bob.Data.Policies) != 0 {
		t.Fatalf("empty user: %+v", bob.Data)
	}
	users, err := a.LDAPAuthListUsers(ctx)
	env.OK(t, err)
	if !slices.Equal(users.Data.Keys, []string{"alice", "bob"}) {
		t.Fatalf("users: %v", users.Data.Keys)
	}

	for _, name := range []string{"alice", "bob"} {
		err = a.LDAPAuthDeleteUser(ctx, name)
		env.OK(t, err)
	}
	for _, name := range []string{"devs", "empty"} {
		err = a.LDAPAuthDeleteGroup(ctx, name)
		env.OK(t, err)
	}
	var gone vtypes.Raw
	_, err = a.LDAPAuthReadGroup(ctx, "devs", vtypes.CaptureRaw(&gone))
	if !errors.Is(err, wrappers.ErrInvalidPath) || livetest.Status(gone) != 404 {
		t.Fatalf("read deleted group: status %d, %v", livetest.Status(gone), err)
	}
}
