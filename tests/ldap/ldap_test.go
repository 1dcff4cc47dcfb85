package ldap_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/ldap"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("ldap", ldap.New)

// listed returns the keys of a LIST result, failing t on an error.
func listed(t *testing.T) func(*vaultcommon.ListResponse, error) []string {
	return func(out *vaultcommon.ListResponse, err error) []string {
		t.Helper()
		env.OK(t, err)
		return out.Data.Keys
	}
}

const creationLDIF = `dn: cn={{.Username}},ou=users,dc=example,dc=org
objectClass: person
objectClass: top
cn: {{.Username}}
sn: {{.Username}}
userPassword: {{.Password}}`

const deletionLDIF = `dn: cn={{.Username}},ou=users,dc=example,dc=org
changetype: delete`

func TestLDAPOperations(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	keys := listed(t)
	env.Leaks.Add(adminPW)

	_, err := a.LDAPReadConfig(ctx)
	if !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("unconfigured config: %v", err)
	}
	err = a.LDAPWriteConfig(ctx, ldap.LDAPWriteConfigRequest{
		URL: livetest.Ptr(directory.URL()), Binddn: livetest.Ptr(adminDN), Bindpass: livetest.Ptr(adminPW), Userdn: livetest.Ptr(usersDN),
		Schema: livetest.Ptr("openldap"), RequestTimeout: livetest.Ptr(vtypes.Duration("30s")),
	})
	env.OK(t, err)
	cfg, err := a.LDAPReadConfig(ctx)
	env.OK(t, err)
	if cfg.Data.URL != directory.URL() || cfg.Data.Binddn != adminDN || cfg.Data.Schema != "openldap" || cfg.Data.RequestTimeout != 30 || !credentialType(cfg.Data.CredentialType, "password") || cfg.Data.LastBindPasswordRotation != nil {
		t.Fatalf("config: %+v", cfg.Data)
	}

	// Static roles: one rotated on import (hierarchical name), one not.
	err = a.LDAPWriteStaticRole(ctx, "app/web", ldap.LDAPWriteStaticRoleRequest{
		Username: livetest.Ptr("web"), DN: livetest.Ptr(userDN("web")), RotationPeriod: livetest.Ptr(vtypes.Duration("24h")),
	})
	env.OK(t, err)
	err = a.LDAPWriteStaticRole(ctx, "imported", ldap.LDAPWriteStaticRoleRequest{
		Username: livetest.Ptr("db"), DN: livetest.Ptr(userDN("db")), RotationPeriod: livetest.Ptr(vtypes.Seconds(3600)), SkipImportRotation: livetest.Ptr(true),
	})
	env.OK(t, err)
	web, err := a.LDAPReadStaticRole(ctx, "app/web")
	env.OK(t, err)
	if web.Data.LastVaultRotation == nil {
		t.Fatalf("static role app/web was not rotated on import: %+v", web.Data)
	}
	wantWeb := ldap.LDAPStaticRoleData{Username: "web", DN: userDN("web"), RotationPeriod: 86400, LastVaultRotation: web.Data.LastVaultRotation}
	if diff := cmp.Diff(wantWeb, web.Data); diff != "" {
		t.Fatalf("static role app/web (-want +got):\n%s", diff)
	}
	imported, err := a.LDAPReadStaticRole(ctx, "imported")
	env.OK(t, err)
	if diff := cmp.Diff(ldap.LDAPStaticRoleData{Username: "db", DN: userDN("db"), RotationPeriod: 3600}, imported.Data); diff != "" {
		t.Fatalf("static role imported, not rotated (-want +got):\n%s", diff)
	}
	if k := keys(a.LDAPListStaticRoles(ctx)); len(k) != 2 || k[0] != "app/" {
		t.Fatalf("static roles: %v", k)
	}
	if k := keys(a.LDAPListStaticRolesUnderPath(ctx, "app")); len(k) != 1 || k[0] != "web" {
		t.Fatalf("static roles under app: %v", k)
	}
	cred, err := a.LDAPReadStaticCredentials(ctx, "app/web")
	env.OK(t, err)
	env.Leaks.Add(cred.Data.Password)
	if cred.Data.Password == "" || cred.Data.Password != directory.Password(userDN("web")) || cred.Data.TTL <= 0 {
		t.Fatalf("static creds do not match the directory: %+v", cred.Data)
	}
	err = a.LDAPRotateStaticRole(ctx, "app/web", ldap.LDAPRotateStaticRoleRequest{})
	env.OK(t, err)
	rotated, err := a.LDAPReadStaticCredentials(ctx, "app/web")
	env.OK(t, err)
	env.Leaks.Add(rotated.Data.Password)
	if rotated.Data.Password == cred.Data.Password || rotated.Data.LastPassword != cred.Data.Password || rotated.Data.Password != directory.Password(userDN("web")) {
		t.Fatalf("rotate-role: %+v", rotated.Data)
	}
	unrotated, err := a.LDAPReadStaticCredentials(ctx, "imported")
	env.OK(t, err)
	if unrotated.Data.Password != "" || !unrotated.Data.LastVaultRotation.IsZero() {
		t.Fatalf("imported creds: %+v", unrotated.Data)
	}

	// Dynamic roles.
	for _, name := range []string{"dyn", "team/dyn"} {
		err = a.LDAPWriteDynamicRole(ctx, name, ldap.LDAPWriteDynamicRoleRequest{
			CreationLdif: creationLDIF, DeletionLdif: deletionLDIF, DefaultTTL: livetest.Ptr(vtypes.Duration("1h")), MaxTTL: livetest.Ptr(vtypes.Seconds(7200)),
			UsernameTemplate: livetest.Ptr("v_{{.RoleName}}_{{random 8}}"),
		})
		env.OK(t, err)
	}
	dyn, err := a.LDAPReadDynamicRole(ctx, "dyn")
	env.OK(t, err)
	wantDyn := ldap.LDAPDynamicRoleData{
		CreationLdif: creationLDIF, DeletionLdif: deletionLDIF, DefaultTTL: 3600, MaxTTL: 7200, UsernameTemplate: "v_{{.RoleName}}_{{random 8}}",
	}
	if diff := cmp.Diff(wantDyn, dyn.Data); diff != "" {
		t.Fatalf("dynamic role (-want +got):\n%s", diff)
	}
	if k := keys(a.LDAPListDynamicRoles(ctx)); len(k) != 2 {
		t.Fatalf("dynamic roles: %v", k)
	}
	if k := keys(a.LDAPListDynamicRolesUnderPath(ctx, "team")); len(k) != 1 || k[0] != "dyn" {
		t.Fatalf("dynamic roles under team: %v", k)
	}
	dc, err := a.LDAPGenerateDynamicCredentials(ctx, "dyn")
	env.OK(t, err)
	env.Leaks.Add(dc.Data.Password)
	if !strings.HasPrefix(dc.Data.Username, "v_dyn_") || len(dc.Data.DistinguishedNames) != 1 || dc.LeaseID == "" || dc.LeaseDuration != 3600 ||
		directory.Password(dc.Data.DistinguishedNames[0]) != dc.Data.Password {
		t.Fatalf("dynamic creds: %+v lease %q", dc.Data, dc.LeaseID)
	}

	// A library of two service accounts.
	err = a.LDAPWriteLibrary(ctx, "svc/pool", ldap.LDAPWriteLibraryRequest{
		ServiceAccountNames: []string{"svc1", "svc2"}, TTL: livetest.Ptr(vtypes.Duration("1h")), MaxTTL: livetest.Ptr(vtypes.Duration("2h")),
	})
	env.OK(t, err)
	lib, err := a.LDAPReadLibrary(ctx, "svc/pool")
	env.OK(t, err)
	if len(lib.Data.ServiceAccountNames) != 2 || lib.Data.TTL != 3600 || lib.Data.MaxTTL != 7200 || lib.Data.DisableCheckInEnforcement {
		t.Fatalf("library: %+v", lib.Data)
	}
	if k := keys(a.LDAPListLibraries(ctx)); len(k) != 1 || k[0] != "svc/" {
		t.Fatalf("libraries: %v", k)
	}
	if k := keys(a.LDAPListLibrariesUnderPath(ctx, "svc")); len(k) != 1 || k[0] != "pool" {
		t.Fatalf("libraries under svc: %v", k)
	}
	out, err := a.LDAPCheckOut(ctx, "svc/pool", ldap.LDAPCheckOutRequest{TTL: livetest.Ptr(vtypes.Duration("30m"))})
	env.OK(t, err)
	env.Leaks.Add(out.Data.Password)
	if out.Data.Password != directory.Password(userDN(out.Data.ServiceAccountName)) || out.LeaseDuration != 1800 {
		t.Fatalf("check-out: %+v lease %d", out.Data, out.LeaseDuration)
	}
	status, err := a.LDAPReadLibraryStatus(ctx, "svc/pool")
	env.OK(t, err)
	if st := status.Data[out.Data.ServiceAccountName]; st.Available || st.BorrowerClientToken == nil {
		t.Fatalf("status after check-out: %+v", status.Data)
	}
	in, err := a.LDAPCheckIn(ctx, "svc/pool", ldap.LDAPCheckInRequest{ServiceAccountNames: []string{out.Data.ServiceAccountName}})
	env.OK(t, err)
	if len(in.Data.CheckIns) != 1 {
		t.Fatalf("check-in: %+v", in.Data)
	}
	out2, err := a.LDAPCheckOut(ctx, "svc/pool", ldap.LDAPCheckOutRequest{})
	env.OK(t, err)
	env.Leaks.Add(out2.Data.Password)
	forced, err := a.LDAPForceCheckIn(ctx, "svc/pool", ldap.LDAPCheckInRequest{})
	env.OK(t, err)
	if len(forced.Data.CheckIns) != 1 || forced.Data.CheckIns[0] != out2.Data.ServiceAccountName {
		t.Fatalf("forced check-in: %+v", forced.Data)
	}
	status, err = a.LDAPReadLibraryStatus(ctx, "svc/pool")
	env.OK(t, err)
	for name, st := range status.Data {
		if !st.Available {
			t.Fatalf("%s still checked out: %+v", name, st)
		}
	}

	// Root rotation: the bind password changes in the directory.
	err = a.LDAPRotateRoot(ctx)
	env.OK(t, err)
	if pw := directory.Password(adminDN); pw == adminPW || pw == "" {
		t.Fatal("rotate-root left the bind password unchanged")
	}
	cfg, err = a.LDAPReadConfig(ctx)
	env.OK(t, err)
	if cfg.Data.LastBindPasswordRotation == nil {
		t.Fatalf("config after rotate-root: %+v", cfg.Data)
	}

	err = a.LDAPDeleteLibrary(ctx, "svc/pool")
	env.OK(t, err)
	err = a.LDAPDeleteDynamicRole(ctx, "team/dyn")
	env.OK(t, err)
	err = a.LDAPDeleteStaticRole(ctx, "imported")
	env.OK(t, err)
	err = a.LDAPDeleteConfig(ctx)
	env.OK(t, err)
	_, err = a.LDAPReadLibrary(ctx, "svc/pool")
	if !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("deleted library still readable: %v", err)
	}
}

// credentialType: Vault 1.20 added credential_type (password by default);
// older releases leave it out.
func credentialType(got *string, want string) bool {
	if !env.AtLeast("1.20") {
		return got == nil
	}
	return got != nil && *got == want
}
