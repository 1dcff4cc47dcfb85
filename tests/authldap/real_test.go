package authldap_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/govault/govault/generated/authldap"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/internal/realbackend"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// Logins against a real slapd: the directory decides the password and the
// groups, Vault maps groups to policies.
func TestRealDirectory(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	l := realbackend.StartLDAP(t)
	const bindPW, alicePW, bobPW = "vault-bind-initial", "alice-directory-pw", "bob-directory-pw"
	env.Leaks.Add(bindPW, alicePW, bobPW, l.AdminPassword)
	l.AddUser(t, "vault", bindPW, 1000)
	l.AddUser(t, "alice", alicePW, 1001)
	l.AddUser(t, "bob", bobPW, 1002)
	l.AddGroup(t, "dev", l.UserDN("alice"))
	l.AddGroup(t, "ops", l.UserDN("alice"), l.UserDN("bob"))

	const mount = "ldap-real"
	env.Enable(t, livetest.Mount{Type: "ldap", Path: mount, Auth: true})
	a := livetest.API(t, env.Client(t), "auth/"+mount, authldap.New)
	anon := livetest.API(t, env.Client(t, wrappers.WithToken("")), "auth/"+mount, authldap.New)
	_, err := a.LDAPAuthWriteConfig(ctx, authldap.LDAPAuthWriteConfigRequest{
		URL:           livetest.Ptr(l.URL),
		Binddn:        livetest.Ptr(l.UserDN("vault")),
		Bindpass:      livetest.Ptr(bindPW),
		Userdn:        livetest.Ptr(l.UsersDN()),
		Userattr:      livetest.Ptr("uid"),
		Groupdn:       livetest.Ptr(l.GroupsDN()),
		Groupfilter:   livetest.Ptr("(&(objectClass=groupOfNames)(member={{.UserDN}}))"),
		Groupattr:     livetest.Ptr("cn"),
		TokenPolicies: []string{"ldap-base"},
	})
	env.OK(t, err)
	err = a.LDAPAuthWriteGroup(ctx, "dev", authldap.LDAPAuthWriteGroupRequest{Policies: []string{"dev-policy"}})
	env.OK(t, err)
	err = a.LDAPAuthWriteGroup(ctx, "ops", authldap.LDAPAuthWriteGroupRequest{Policies: []string{"ops-policy"}})
	env.OK(t, err)

	login := func(user, password string) *vaultcommon.AuthInfo {
		t.Helper()
		in, err := anon.LDAPAuthLogin(ctx, user, authldap.LDAPAuthLoginRequest{Password: password})
		env.OK(t, err)
		if in.Auth == nil || in.Auth.ClientToken == "" {
			t.Fatalf("login %s: no auth block: %+v", user, in)
		}
		env.Leaks.Add(in.Auth.ClientToken, in.Auth.Accessor)
		return in.Auth
	}
	alice := login("alice", alicePW)
	if want := []string{"default", "dev-policy", "ldap-base", "ops-policy"}; !slices.Equal(sorted(alice.Policies), want) {
		t.Fatalf("alice's policies: %v, want %v", alice.Policies, want)
	}
	if alice.Metadata["username"] != "alice" {
		t.Fatalf("alice's metadata: %v", alice.Metadata)
	}
	bob := login("bob", bobPW)
	if want := []string{"default", "ldap-base", "ops-policy"}; !slices.Equal(sorted(bob.Policies), want) {
		t.Fatalf("bob's policies: %v, want %v", bob.Policies, want)
	}
	// The token is real: it looks itself up with the group policies.
	self, err := env.Client(t, wrappers.WithToken(alice.ClientToken)).Tokens().LookupSelf(ctx)
	env.OK(t, err)
	if !slices.Contains(self.Data.Policies, "dev-policy") {
		t.Fatalf("alice's token: %v", self.Data.Policies)
	}

	var denied vtypes.Raw
	_, err = anon.LDAPAuthLogin(ctx, "alice", authldap.LDAPAuthLoginRequest{Password: "wrong"}, vtypes.CaptureRaw(&denied))
	if !errors.Is(err, wrappers.ErrInvalidRequest) || livetest.Status(denied) != 400 {
		t.Fatalf("a wrong password: status %d, %v", livetest.Status(denied), env.Leaks.Seen(err))
	}
	_, err = anon.LDAPAuthLogin(ctx, "nobody", authldap.LDAPAuthLoginRequest{Password: "x"}, vtypes.CaptureRaw(&denied))
	if !errors.Is(err, wrappers.ErrInvalidRequest) || livetest.Status(denied) != 400 {
		t.Fatalf("an unknown user: status %d, %v", livetest.Status(denied), env.Leaks.Seen(err))
	}

	// rotate-root changes the bind user's password in the directory;
	// Vault keeps logging users in with the new one.
	err = a.LDAPAuthRotateRoot(ctx)
	env.OK(t, err)
	if err := l.Bind(ctx, l.UserDN("vault"), bindPW); err == nil {
		t.Fatal("the bind password before rotate-root still works")
	}
	login("bob", bobPW)
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
