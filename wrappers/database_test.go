package wrappers_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/govault/govault/internal/fakeelastic"
	"github.com/govault/govault/internal/livetest"

	"github.com/google/go-cmp/cmp"

	"github.com/govault/govault/generated/database"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// databaseMount enables the database engine at path on a stand-in
// Elasticsearch, with a dynamic role "dyn" (leases of ttl, at most maxTTL)
// and a static role "static" for the user "app".
func databaseMount(t testing.TB, path string, ttl, maxTTL time.Duration) *fakeelastic.Server {
	t.Helper()
	ctx := context.Background()
	es := fakeelastic.Start(t) // first, so that it is closed after the mount (and its leases) are gone
	root := client(t)
	err := root.Sys().SysEnableSecretsEngine(ctx, path, sys.SysEnableSecretsEngineRequest{Type: "database"})
	mustOK(t, err)
	env.Validator.Mount(path, "database")
	t.Cleanup(func() { _ = root.Sys().SysDisableSecretsEngine(context.Background(), path) })

	api := root.Database(path).API()
	leaks.Add("es-admin-pw")
	_, err = api.DatabaseConfigureConnection(ctx, "es", database.DatabaseConfigureConnectionRequest{
		PluginName: livetest.Ptr("elasticsearch-database-plugin"), AllowedRoles: []string{"dyn", "static"},
		Username: livetest.Ptr("elastic"), Password: livetest.Ptr("es-admin-pw"), AdditionalProperties: map[string]any{"url": es.URL},
	})
	mustOK(t, err)
	_, err = api.DatabaseWriteRole(ctx, "dyn", database.DatabaseWriteRoleRequest{
		DBName: "es", CreationStatements: []string{`{"elasticsearch_roles": ["superuser"]}`},
		DefaultTTL: livetest.Ptr(vtypes.Of(ttl)), MaxTTL: livetest.Ptr(vtypes.Of(maxTTL)),
	})
	mustOK(t, err)
	_, err = api.DatabaseWriteStaticRole(ctx, "static", nil, database.DatabaseWriteStaticRoleRequest{
		DBName: livetest.Ptr("es"), Username: livetest.Ptr("app"), RotationPeriod: livetest.Ptr(vtypes.Duration("24h")),
	})
	mustOK(t, err)
	leaks.Add(es.Password("app"))
	return es
}

// Credentials gives a new user under a renewable lease, with the lease's
// length as a time.Duration and the whole answer; StaticCredentials gives
// the static user's current password with no lease. The passwords are the
// ones the stand-in database was given, and fmt never prints them.
func TestDatabaseCredentials(t *testing.T) {
	ctx := context.Background()
	es := databaseMount(t, "database-wrappers", time.Hour, 2*time.Hour)
	db := client(t).Database("database-wrappers")

	dyn, err := db.Credentials(ctx, "dyn")
	mustOK(t, err)
	leaks.Add(dyn.Password)
	want := &wrappers.DatabaseCredentials{
		Username: dyn.Dynamic.Data.Username, Password: es.Password(dyn.Dynamic.Data.Username),
		LeaseID: dyn.Dynamic.LeaseID, LeaseDuration: time.Hour, Renewable: true,
		Warnings: dyn.Dynamic.Warnings, RequestID: dyn.Dynamic.RequestID, Dynamic: dyn.Dynamic,
	}
	if diff := cmp.Diff(want, dyn); diff != "" {
		t.Fatalf("dynamic credentials (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(dyn.LeaseID, "database-wrappers/creds/dyn/") || dyn.RequestID == "" || dyn.Password == "" ||
		!strings.HasPrefix(dyn.Username, "v-") || dyn.Dynamic.LeaseDuration != 3600 {
		t.Fatalf("dynamic credentials: user %q lease %q request %q", dyn.Username, dyn.LeaseID, dyn.RequestID)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		if s := fmt.Sprintf(verb, dyn); strings.Contains(s, dyn.Password) || !strings.Contains(s, dyn.Username) {
			t.Fatalf("%s prints the password, or not the user: %s", verb, s)
		}
	}

	// A second lease is a second user; revoking its lease drops that user.
	other, err := db.Credentials(ctx, "dyn")
	mustOK(t, err)
	leaks.Add(other.Password)
	if other.Username == dyn.Username || other.LeaseID == dyn.LeaseID {
		t.Fatal("two leases share a user")
	}
	err = client(t).Sys().SysRevokeLease(ctx, sys.SysRevokeLeaseRequest{LeaseID: other.LeaseID})
	mustOK(t, err)
	waitFor(t, func() bool { return es.Password(other.Username) == "" })
	if es.Password(dyn.Username) == "" {
		t.Fatal("revoking one lease dropped the other user")
	}

	static, err := db.StaticCredentials(ctx, "static")
	mustOK(t, err)
	if diff := cmp.Diff(&wrappers.DatabaseCredentials{
		Username: "app", Password: es.Password("app"), RotatesIn: 24 * time.Hour,
		Warnings: static.Static.Warnings, RequestID: static.Static.RequestID, Static: static.Static,
	}, static, cmp.Comparer(func(a, b time.Duration) bool { // RotatesIn counts down
		return a-b < time.Minute && b-a < time.Minute
	})); diff != "" {
		t.Fatalf("static credentials (-want +got):\n%s", diff)
	}
	if static.Password == "" || static.RequestID == "" || static.LeaseID != "" {
		t.Fatalf("static credentials: %+v", static)
	}
	// A static secret has no lease: its watcher ends at once, cleanly.
	w := static.Watch(ctx, client(t))
	closed(t, w)
	if w.Err() != nil {
		t.Fatalf("watching static credentials: %v", w.Err())
	}
}

// The lease of dynamic credentials goes to the watcher as it is: it renews
// the lease by the lease's own length (so the length reached it as 3s, not
// as 3ns), with the watch options given, until the max TTL caps it.
func TestDatabaseCredentialsWatch(t *testing.T) {
	ctx := context.Background()
	es := databaseMount(t, "database-wrappers-watch", 3*time.Second, 6*time.Second)
	c := client(t)
	creds, err := c.Database("database-wrappers-watch").Credentials(ctx, "dyn")
	mustOK(t, err)
	leaks.Add(creds.Password)
	if creds.LeaseDuration != 3*time.Second || !creds.Renewable {
		t.Fatalf("lease: %v renewable %v", creds.LeaseDuration, creds.Renewable)
	}

	// Renewing at 30% of each TTL leaves two seconds of slack for a loaded machine.
	w := creds.Watch(ctx, c, wrappers.WatchRenewAt(0.3))
	defer w.Stop()
	var events []wrappers.Renewal
	var reported []error
	for done := false; !done; {
		select {
		case ev, ok := <-w.Renewals():
			if ok {
				events = append(events, ev)
			}
		case err, ok := <-w.Errors():
			if ok {
				reported = append(reported, leaks.Seen(err))
			}
		case <-w.Done():
			done = true
		case <-time.After(15 * time.Second):
			t.Fatalf("watcher still running after %d renewals", len(events))
		}
	}
	for ev := range w.Renewals() {
		events = append(events, ev)
	}
	if len(events) < 2 || events[0].TTL != creds.LeaseDuration {
		t.Fatalf("%d renewals (the first for %v), Err %v, reported %v", len(events), events, w.Err(), reported)
	}
	for i, ev := range events {
		last := i == len(events)-1
		if ev.LeaseID != creds.LeaseID || (!last && ev.TTL != 3*time.Second) || (last && w.Err() == nil && ev.TTL >= 3*time.Second) {
			t.Fatalf("renewal %d of %d: %+v", i+1, len(events), ev)
		}
	}
	switch {
	case w.Err() == nil && len(reported) == 0: // capped by the max TTL: the watcher's normal end
	case errors.Is(w.Err(), wrappers.ErrInvalidRequest):
		// A renewal so late that the max TTL had passed: Vault refused it
		// and the watcher ended with that (lifetime_test covers this path).
		t.Logf("late renewal on a loaded machine: %v", w.Err())
	default:
		t.Fatalf("watcher ended with %v, reported %v", w.Err(), reported)
	}
	if es.Password(creds.Username) != creds.Password {
		t.Fatal("the user is gone while its lease still runs")
	}
}

// Refusals are typed errors and request options reach the call: a wrapped
// answer keeps its envelope (wrap_info) and carries no credentials.
func TestDatabaseErrorsAndOptions(t *testing.T) {
	ctx := context.Background()
	databaseMount(t, "database-wrappers-errors", time.Hour, time.Hour)
	c := client(t)
	db := c.Database("database-wrappers-errors")

	_, err := db.Credentials(ctx, "no-such-role")
	if !errors.Is(leaks.Seen(err), wrappers.ErrInvalidRequest) {
		t.Fatalf("credentials of an unknown role: %v", err)
	}
	_, err = db.StaticCredentials(ctx, "no-such-role")
	if !errors.Is(leaks.Seen(err), wrappers.ErrInvalidRequest) {
		t.Fatalf("static credentials of an unknown role: %v", err)
	}
	_, err = db.Credentials(ctx, "../../sys/mounts")
	if !errors.Is(err, wrappers.ErrBadPathParameter) {
		t.Fatalf("a role that leaves the mount: %v", err)
	}

	wrapped, err := db.Credentials(ctx, "dyn", wrappers.RequestWrapTTL(time.Minute))
	var we *wrappers.WrappedError
	if wrapped != nil || !errors.As(err, &we) || !errors.Is(err, wrappers.ErrWrapped) {
		t.Fatalf("wrapped credentials: %+v, %v; want a *WrappedError", wrapped, err)
	}
	leaks.Add(*we.WrapInfo.Token)
	inner, err := wrappers.Unwrap[database.DatabaseCredentialsData](ctx, c, *we.WrapInfo.Token)
	mustOK(t, err)
	if inner.Data.Username == "" || inner.Data.Password == nil || inner.LeaseID == "" {
		t.Fatalf("unwrapped: %+v", inner)
	}
	leaks.Add(*inner.Data.Password)
}
