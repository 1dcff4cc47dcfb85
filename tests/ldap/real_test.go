package ldap_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govault/govault/generated/ldap"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/internal/realbackend"
	"github.com/govault/govault/vtypes"
)

// The engine (schema openldap) against a real slapd: every password it
// sets is tried with a bind, every entry it adds or deletes is searched for.
func TestRealDirectory(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	l := realbackend.StartLDAP(t)
	const managerPW = "manager-initial"
	env.Leaks.Add(managerPW, l.AdminPassword)
	l.AddUser(t, "manager", managerPW, 1000)
	for i, uid := range []string{"web", "svc1", "svc2"} {
		l.AddUser(t, uid, "initial-"+uid, 1001+i)
	}
	bind := func(dn, password string) error { return l.Bind(ctx, dn, password) }
	mustBind := func(what, dn, password string) {
		t.Helper()
		if err := bind(dn, password); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	mustNotBind := func(what, dn, password string) {
		t.Helper()
		if err := bind(dn, password); err == nil {
			t.Fatalf("%s: the bind as %s still works", what, dn)
		}
	}

	const mount = "ldap-real"
	env.Enable(t, livetest.Mount{Type: "ldap", Path: mount})
	c := env.Client(t)
	a := livetest.API(t, c, mount, ldap.New)
	err := a.LDAPWriteConfig(ctx, ldap.LDAPWriteConfigRequest{
		URL: livetest.Ptr(l.URL), Binddn: livetest.Ptr(l.ManagerDN()), Bindpass: livetest.Ptr(managerPW),
		Userdn: livetest.Ptr(l.UsersDN()), Userattr: livetest.Ptr("uid"), Schema: livetest.Ptr("openldap"),
	})
	env.OK(t, err)

	// Static role: Vault sets the entry's password on import and on rotate.
	err = a.LDAPWriteStaticRole(ctx, "web", ldap.LDAPWriteStaticRoleRequest{
		Username: livetest.Ptr("web"), DN: livetest.Ptr(l.UserDN("web")), RotationPeriod: livetest.Ptr(vtypes.Duration("24h")),
	})
	env.OK(t, err)
	first, err := a.LDAPReadStaticCredentials(ctx, "web")
	env.OK(t, err)
	env.Leaks.Add(first.Data.Password)
	if first.Data.DN != l.UserDN("web") || first.Data.Password == "" {
		t.Fatalf("static credentials: dn %q", first.Data.DN)
	}
	mustBind("the imported password", l.UserDN("web"), first.Data.Password)
	mustNotBind("the password before import", l.UserDN("web"), "initial-web")
	err = a.LDAPRotateStaticRole(ctx, "web", ldap.LDAPRotateStaticRoleRequest{})
	env.OK(t, err)
	second, err := a.LDAPReadStaticCredentials(ctx, "web")
	env.OK(t, err)
	env.Leaks.Add(second.Data.Password)
	if second.Data.Password == first.Data.Password || second.Data.LastPassword != first.Data.Password {
		t.Fatal("rotate-role: the password did not change or last_password is not the previous one")
	}
	mustBind("the rotated password", l.UserDN("web"), second.Data.Password)
	mustNotBind("the password before rotation", l.UserDN("web"), first.Data.Password)

	// Dynamic role: the creation LDIF adds an entry, revocation deletes it.
	creation := "dn: uid={{.Username}}," + l.UsersDN() + "\nobjectClass: inetOrgPerson\nuid: {{.Username}}\n" +
		"cn: {{.Username}}\nsn: {{.Username}}\nuserPassword: {{.Password}}\n"
	deletion := "dn: uid={{.Username}}," + l.UsersDN() + "\nchangetype: delete\n"
	err = a.LDAPWriteDynamicRole(ctx, "temp", ldap.LDAPWriteDynamicRoleRequest{
		CreationLdif: creation, DeletionLdif: deletion, DefaultTTL: livetest.Ptr(vtypes.Duration("10m")),
		UsernameTemplate: livetest.Ptr("v_{{.RoleName}}_{{random 8 | lowercase}}"),
	})
	env.OK(t, err)
	dyn, err := a.LDAPGenerateDynamicCredentials(ctx, "temp")
	env.OK(t, err)
	env.Leaks.Add(dyn.Data.Password)
	dn := l.UserDN(dyn.Data.Username)
	if !strings.HasPrefix(dyn.Data.Username, "v_temp_") || !slices.Equal(dyn.Data.DistinguishedNames, []string{dn}) || dyn.LeaseID == "" {
		t.Fatalf("dynamic credentials: %q %v lease %q", dyn.Data.Username, dyn.Data.DistinguishedNames, dyn.LeaseID)
	}
	if got := l.Search(t, l.UsersDN(), "(uid="+dyn.Data.Username+")"); !slices.Equal(got, []string{dn}) {
		t.Fatalf("the dynamic entry in the directory: %v", got)
	}
	mustBind("the dynamic account", dn, dyn.Data.Password)
	err = c.Sys().SysRevokeLease(ctx, sys.SysRevokeLeaseRequest{LeaseID: dyn.LeaseID})
	env.OK(t, err)
	if got := l.Search(t, l.UsersDN(), "(uid="+dyn.Data.Username+")"); len(got) != 0 {
		t.Fatalf("the dynamic entry after revocation: %v", got)
	}
	mustNotBind("the revoked dynamic account", dn, dyn.Data.Password)

	// Library: a checked-out account's password works until check-in
	// rotates it.
	err = a.LDAPWriteLibrary(ctx, "pool", ldap.LDAPWriteLibraryRequest{
		ServiceAccountNames: []string{"svc1", "svc2"}, TTL: livetest.Ptr(vtypes.Duration("10m")),
	})
	env.OK(t, err)
	var taken []string
	borrowed := map[string]string{}
	for range 2 {
		out, err := a.LDAPCheckOut(ctx, "pool", ldap.LDAPCheckOutRequest{})
		env.OK(t, err)
		env.Leaks.Add(out.Data.Password)
		mustBind("a checked-out account", l.UserDN(out.Data.ServiceAccountName), out.Data.Password)
		mustNotBind("the password before check-out", l.UserDN(out.Data.ServiceAccountName), "initial-"+out.Data.ServiceAccountName)
		taken = append(taken, out.Data.ServiceAccountName)
		borrowed[out.Data.ServiceAccountName] = out.Data.Password
	}
	slices.Sort(taken)
	if !slices.Equal(taken, []string{"svc1", "svc2"}) {
		t.Fatalf("checked out: %v", taken)
	}
	in, err := a.LDAPCheckIn(ctx, "pool", ldap.LDAPCheckInRequest{ServiceAccountNames: taken})
	env.OK(t, err)
	if got := sortedCopy(in.Data.CheckIns); !slices.Equal(got, taken) {
		t.Fatalf("checked in: %v", got)
	}
	for name, password := range borrowed {
		mustNotBind("a checked-in account's password", l.UserDN(name), password)
	}
	status, err := a.LDAPReadLibraryStatus(ctx, "pool")
	env.OK(t, err)
	for name, st := range status.Data {
		if !st.Available {
			t.Fatalf("%s still checked out: %+v", name, st)
		}
	}

	// Root rotation: the manager's old password stops working and Vault
	// keeps managing entries with the new one.
	err = a.LDAPRotateRoot(ctx)
	env.OK(t, err)
	mustNotBind("the bind password before rotate-root", l.ManagerDN(), managerPW)
	err = a.LDAPRotateStaticRole(ctx, "web", ldap.LDAPRotateStaticRoleRequest{})
	env.OK(t, err)
	third, err := a.LDAPReadStaticCredentials(ctx, "web")
	env.OK(t, err)
	env.Leaks.Add(third.Data.Password)
	mustBind("a password rotated after rotate-root", l.UserDN("web"), third.Data.Password)
}

func sortedCopy(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
