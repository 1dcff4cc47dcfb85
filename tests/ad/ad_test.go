package ad_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/ad"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("ad", ad.New)

func TestADOperations(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	env.Leaks.Add(adminPW)

	_, err := a.ADReadConfig(ctx)
	if !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("unconfigured config: %v", err)
	}
	err = a.ADWriteConfig(ctx, ad.ADWriteConfigRequest{
		URL: livetest.Ptr(directory.URL()), Binddn: livetest.Ptr(adminDN), Bindpass: livetest.Ptr(adminPW), Userdn: livetest.Ptr(usersDN),
		TTL: livetest.Ptr(vtypes.Duration("1h")), MaxTTL: livetest.Ptr(vtypes.Seconds(7200)),
	})
	env.OK(t, err)
	cfg, err := a.ADReadConfig(ctx)
	env.OK(t, err)
	wantCfg := ad.ADConfigData{
		URL: directory.URL(), Binddn: adminDN, Userdn: usersDN, TTL: 3600, MaxTTL: 7200,
		// Vault's defaults.
		Length: 64, LastRotationTolerance: 5, TLSMinVersion: "tls12", TLSMaxVersion: "tls12", UsePre111GroupCNBehavior: livetest.Ptr(false),
	}
	if diff := cmp.Diff(wantCfg, cfg.Data); diff != "" {
		t.Fatalf("config (-want +got):\n%s", diff)
	}

	// A role for one service account.
	err = a.ADWriteRole(ctx, "app", ad.ADWriteRoleRequest{ServiceAccountName: livetest.Ptr("app@example.com"), TTL: livetest.Ptr(vtypes.Duration("30m"))})
	env.OK(t, err)
	role, err := a.ADReadRole(ctx, "app")
	env.OK(t, err)
	// cmp compares the times with time.Time.Equal.
	wantRole := ad.ADRoleData{ServiceAccountName: "app@example.com", TTL: 1800, PasswordLastSet: &pwdLastSet}
	if diff := cmp.Diff(wantRole, role.Data); diff != "" {
		t.Fatalf("role (-want +got):\n%s", diff)
	}
	roles, err := a.ADListRoles(ctx)
	env.OK(t, err)
	if len(roles.Data.Keys) != 1 || roles.Data.Keys[0] != "app" {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}
	first, err := a.ADReadCredentials(ctx, "app")
	env.OK(t, err)
	env.Leaks.Add(first.Data.CurrentPassword)
	if first.Data.Username != "app" || first.Data.CurrentPassword != directory.Password("cn=app,"+usersDN) || first.Data.LastPassword != nil {
		t.Fatalf("first creds: %+v", first.Data)
	}
	err = a.ADRotateRole(ctx, "app")
	env.OK(t, err)
	second, err := a.ADReadCredentials(ctx, "app")
	env.OK(t, err)
	env.Leaks.Add(second.Data.CurrentPassword)
	if second.Data.CurrentPassword == first.Data.CurrentPassword || second.Data.LastPassword == nil || *second.Data.LastPassword != first.Data.CurrentPassword {
		t.Fatalf("creds after rotate-role: %+v", second.Data)
	}
	role, err = a.ADReadRole(ctx, "app")
	env.OK(t, err)
	if role.Data.LastVaultRotation == nil {
		t.Fatalf("role after rotation: %+v", role.Data)
	}

	// A library of two accounts.
	err = a.ADWriteLibrary(ctx, "pool", ad.ADWriteLibraryRequest{
		ServiceAccountNames: []string{"svc1@example.com", "svc2@example.com"}, TTL: livetest.Ptr(vtypes.Duration("1h")), MaxTTL: livetest.Ptr(vtypes.Duration("2h")),
	})
	env.OK(t, err)
	lib, err := a.ADReadLibrary(ctx, "pool")
	env.OK(t, err)
	if len(lib.Data.ServiceAccountNames) != 2 || lib.Data.TTL != 3600 || lib.Data.MaxTTL != 7200 {
		t.Fatalf("library: %+v", lib.Data)
	}
	libs, err := a.ADListLibraries(ctx)
	env.OK(t, err)
	if len(libs.Data.Keys) != 1 {
		t.Fatalf("libraries: %v", libs.Data.Keys)
	}
	out, err := a.ADCheckOut(ctx, "pool", ad.ADCheckOutRequest{TTL: livetest.Ptr(vtypes.Duration("30m"))})
	env.OK(t, err)
	env.Leaks.Add(out.Data.Password)
	if out.LeaseDuration != 1800 || out.LeaseID == "" {
		t.Fatalf("check-out: %+v lease %q %d", out.Data, out.LeaseID, out.LeaseDuration)
	}
	status, err := a.ADReadLibraryStatus(ctx, "pool")
	env.OK(t, err)
	if st := status.Data[out.Data.ServiceAccountName]; st.Available || st.BorrowerClientToken == nil {
		t.Fatalf("status after check-out: %+v", status.Data)
	}
	in, err := a.ADCheckIn(ctx, "pool", ad.ADCheckInRequest{})
	env.OK(t, err)
	if len(in.Data.CheckIns) != 1 || in.Data.CheckIns[0] != out.Data.ServiceAccountName {
		t.Fatalf("check-in: %+v", in.Data)
	}
	out2, err := a.ADCheckOut(ctx, "pool", ad.ADCheckOutRequest{})
	env.OK(t, err)
	env.Leaks.Add(out2.Data.Password)
	forced, err := a.ADForceCheckIn(ctx, "pool", ad.ADCheckInRequest{ServiceAccountNames: []string{out2.Data.ServiceAccountName}})
	env.OK(t, err)
	if len(forced.Data.CheckIns) != 1 {
		t.Fatalf("forced check-in: %+v", forced.Data)
	}

	// Root rotation, both forms.
	err = a.ADRotateRoot(ctx)
	env.OK(t, err)
	afterPost := directory.Password(adminDN)
	if afterPost == adminPW || afterPost == "" {
		t.Fatal("rotate-root left the bind password unchanged")
	}
	env.Leaks.Add(afterPost)
	// The read form rotates too, but Vault answers a read with no data as a 404.
	var rsp vtypes.Raw
	err = a.ADRotateRootWithGet(ctx, vtypes.CaptureRaw(&rsp))
	if !errors.Is(err, wrappers.ErrInvalidPath) || rsp.Response.StatusCode != 404 {
		t.Fatalf("rotate-root (GET): want a 404, got %v (%s)", env.Leaks.Seen(err), rsp.Body)
	}
	if directory.Password(adminDN) == afterPost {
		t.Fatal("rotate-root (GET) left the bind password unchanged")
	}
	// Vault binds with the rotated password from now on.
	err = a.ADRotateRole(ctx, "app")
	env.OK(t, err)

	err = a.ADDeleteLibrary(ctx, "pool")
	env.OK(t, err)
	err = a.ADDeleteRole(ctx, "app")
	env.OK(t, err)
	err = a.ADDeleteConfig(ctx)
	env.OK(t, err)
	_, err = a.ADReadRole(ctx, "app")
	if !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("deleted role still readable: %v", err)
	}
}
