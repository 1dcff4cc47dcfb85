package database_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/govault/govault/generated/database"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// realDB is one real database server as the engine's plugin sees it, and
// how a test logs in to it with a credential Vault handed out.
type realDB struct {
	plugin string
	// config is the plugin's connection settings (plugin_name and
	// allowed_roles are set by exercise); its user is the admin below.
	config                   database.DatabaseConfigureConnectionRequest
	adminUser, adminPassword string
	creation, revocation     []string
	// staticUser exists with staticPassword before the static role.
	staticUser, staticPassword string
	// use logs in as user and runs a query; refused tells a refused login
	// (bad password, unknown user) from any other failure.
	use     func(ctx context.Context, user, password string) error
	refused func(error) bool
	// exists reports whether the server still has user (as its admin).
	exists func(t *testing.T, user string) bool
	// expiry, when the server keeps one, is when user's login expires.
	expiry func(t *testing.T, user string) time.Time
}

// exercise runs the engine's whole life against db on a mount of its own:
// connection, dynamic credentials used then revoked, a static role used
// then rotated, and root rotation; every credential is tried on the server.
func exercise(t *testing.T, mount string, db realDB) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	env.Enable(t, livetest.Mount{Type: "database", Path: mount})
	c := env.Client(t)
	a := livetest.API(t, c, mount, database.New)
	dbw := c.Database(mount)
	env.Leaks.Add(db.adminPassword, db.staticPassword)

	cfg := db.config
	cfg.PluginName = livetest.Ptr(db.plugin)
	cfg.AllowedRoles = []string{"reader", "app"}
	_, err := a.DatabaseConfigureConnection(ctx, "main", cfg)
	env.OK(t, err)
	conn, err := a.DatabaseReadConnection(ctx, "main")
	env.OK(t, err)
	if conn.Data.PluginName != db.plugin || !conn.Data.VerifyConnection || conn.Data.ConnectionDetails["password"] != nil ||
		conn.Data.ConnectionDetails["username"] != db.adminUser {
		t.Fatalf("connection: %+v", conn.Data)
	}

	// Dynamic credentials: a new user that works until its lease is revoked.
	_, err = a.DatabaseWriteRole(ctx, "reader", database.DatabaseWriteRoleRequest{
		DBName: "main", CreationStatements: db.creation, RevocationStatements: db.revocation,
		DefaultTTL: livetest.Ptr(vtypes.Duration("10m")), MaxTTL: livetest.Ptr(vtypes.Duration("1h")),
	})
	env.OK(t, err)
	role, err := a.DatabaseReadRole(ctx, "reader")
	env.OK(t, err)
	if !slices.Equal(role.Data.CreationStatements, db.creation) || !slices.Equal(role.Data.RevocationStatements, db.revocation) {
		t.Fatalf("role: %+v", role.Data)
	}
	creds, err := dbw.Credentials(ctx, "reader")
	env.OK(t, err)
	env.Leaks.Add(creds.Password)
	if creds.Username == "" || creds.Password == "" || creds.LeaseID == "" || creds.LeaseDuration != 10*time.Minute {
		t.Fatalf("credentials: user %q lease %q %v", creds.Username, creds.LeaseID, creds.LeaseDuration)
	}
	if err := db.use(ctx, creds.Username, creds.Password); err != nil {
		t.Fatalf("the dynamic user cannot log in: %v", err)
	}
	if db.expiry != nil {
		if until := time.Until(db.expiry(t, creds.Username)); until < 5*time.Minute || until > 11*time.Minute {
			t.Fatalf("the new login expires in %v, want about the role's 10m", until)
		}
	}
	// Renewal extends the lease, and where the server knows an expiry the
	// renew statements move it too.
	renewed, err := c.Sys().SysRenewLease(ctx, sys.SysRenewLeaseRequest{LeaseID: creds.LeaseID, Increment: livetest.Ptr(vtypes.Duration("30m"))})
	env.OK(t, err)
	if renewed.LeaseID != creds.LeaseID || renewed.LeaseDuration != 1800 {
		t.Fatalf("renewed lease: %q %ds", renewed.LeaseID, renewed.LeaseDuration)
	}
	if db.expiry != nil {
		if until := time.Until(db.expiry(t, creds.Username)); until < 25*time.Minute || until > 31*time.Minute {
			t.Fatalf("after renewal the login expires in %v, want about 30m", until)
		}
	}
	err = c.Sys().SysRevokeLease(ctx, sys.SysRevokeLeaseRequest{LeaseID: creds.LeaseID})
	env.OK(t, err)
	if err := db.use(ctx, creds.Username, creds.Password); !db.refused(err) {
		t.Fatalf("the dynamic user still logs in after revocation: %v", err)
	}
	if db.exists(t, creds.Username) {
		t.Fatalf("%s still exists after revocation", creds.Username)
	}

	// Static role: Vault takes over an existing user's password at once.
	if err := db.use(ctx, db.staticUser, db.staticPassword); err != nil {
		t.Fatalf("the static user cannot log in before Vault manages it: %v", err)
	}
	_, err = a.DatabaseWriteStaticRole(ctx, "app", nil, database.DatabaseWriteStaticRoleRequest{
		DBName: livetest.Ptr("main"), Username: livetest.Ptr(db.staticUser), RotationPeriod: livetest.Ptr(vtypes.Duration("1h")),
	})
	env.OK(t, err)
	first, err := dbw.StaticCredentials(ctx, "app")
	env.OK(t, err)
	env.Leaks.Add(first.Password)
	if first.Username != db.staticUser || first.Password == "" || first.RotatesIn <= 0 || first.RotatesIn > time.Hour {
		t.Fatalf("static credentials: user %q rotates in %v", first.Username, first.RotatesIn)
	}
	if err := db.use(ctx, db.staticUser, first.Password); err != nil {
		t.Fatalf("the static user cannot log in with Vault's password: %v", err)
	}
	if err := db.use(ctx, db.staticUser, db.staticPassword); !db.refused(err) {
		t.Fatalf("the static user's initial password still works: %v", err)
	}
	err = a.DatabaseRotateStaticRoleCredentials(ctx, "app")
	env.OK(t, err)
	second, err := dbw.StaticCredentials(ctx, "app")
	env.OK(t, err)
	env.Leaks.Add(second.Password)
	if second.Password == first.Password {
		t.Fatal("rotate-role kept the password")
	}
	if err := db.use(ctx, db.staticUser, second.Password); err != nil {
		t.Fatalf("the rotated password does not work: %v", err)
	}
	if err := db.use(ctx, db.staticUser, first.Password); !db.refused(err) {
		t.Fatalf("the password before rotation still works: %v", err)
	}

	// Root rotation: only Vault knows the admin password afterwards, and
	// it still manages users with it.
	err = a.DatabaseRotateRootCredentials(ctx, "main")
	env.OK(t, err)
	if err := db.use(ctx, db.adminUser, db.adminPassword); !db.refused(err) {
		t.Fatalf("the admin password still works after rotate-root: %v", err)
	}
	// A reset drops the plugin's open connections: the next ones log in
	// with the rotated password.
	err = a.DatabaseResetConnection(ctx, "main")
	env.OK(t, err)
	again, err := dbw.Credentials(ctx, "reader")
	env.OK(t, err)
	env.Leaks.Add(again.Password)
	if err := db.use(ctx, again.Username, again.Password); err != nil {
		t.Fatalf("credentials after rotate-root do not work: %v", err)
	}
	err = c.Sys().SysRevokeLease(ctx, sys.SysRevokeLeaseRequest{LeaseID: again.LeaseID})
	env.OK(t, err)
	if err := db.use(ctx, again.Username, again.Password); !db.refused(err) {
		t.Fatalf("credentials after rotate-root still work after revocation: %v", err)
	}

	err = a.DatabaseDeleteStaticRole(ctx, "app")
	env.OK(t, err)
	err = a.DatabaseDeleteRole(ctx, "reader")
	env.OK(t, err)
	err = a.DatabaseDeleteConnection(ctx, "main")
	env.OK(t, err)
	var rsp vtypes.Raw
	_, err = a.DatabaseReadConnection(ctx, "main", vtypes.CaptureRaw(&rsp))
	if !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("connection after delete: %v (%s)", env.Leaks.Seen(err), rsp.Body)
	}
}
