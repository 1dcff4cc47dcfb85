package ldap_test

import (
	"context"
	"testing"

	"github.com/govault/govault/generated/ldap"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
)

// Static role migration is new in the 2.x docs; the 1.21.0 plugin does not
// serve it, so it is checked against a doc-shaped stand-in.
func TestStaticMigrationDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	s.On("GET", "/v1/ldap/static-migration", 200, docstub.Enveloped(`{"migrated":["hashicorp","alice","bob"],"unmigrated":["carol","dan"],"total_role_count":5,"total_successfully_migrated":3,"total_remaining":2}`))
	s.On("POST", "/v1/ldap/static-migration", 200, docstub.EnvelopedWarn("static role migration is already complete, all roles have been migrated"))
	s.On("POST", "/v1/ldap/static-migration/stop", 204, "")
	a := livetest.API(t, s.Client(t), "ldap", ldap.New)

	st, err := a.LDAPReadStaticMigration(ctx, &ldap.LDAPReadStaticMigrationParams{IncludeRoleNames: livetest.Ptr(true)})
	env.OK(t, err)
	if q := s.RawQuery("GET", "/v1/ldap/static-migration"); q != "include_role_names=true" {
		t.Fatalf("query %q", q)
	}
	if st.Data.TotalRemaining == nil || *st.Data.TotalRemaining != 2 || len(st.Data.Unmigrated) != 2 {
		t.Fatalf("migration: %+v", st.Data)
	}
	started, err := a.LDAPStartStaticMigration(ctx)
	env.OK(t, err)
	if len(started.Warnings) != 1 {
		t.Fatalf("start: %+v", started)
	}
	env.OK(t, a.LDAPStopStaticMigration(ctx))
}
