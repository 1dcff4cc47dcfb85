package database_test

import (
	"context"
	"testing"

	"github.com/govault/govault/generated/database"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
)

// RECOVER of a static role from a loaded snapshot is Enterprise: checked
// against a doc-shaped stand-in.
func TestRecoverStaticRoleDocStub(t *testing.T) {
	s := docstub.New(t, env)
	s.On("RECOVER", "/v1/database/static-roles/my-role", 204, "")
	a := livetest.API(t, s.Client(t), "database", database.New)
	err := a.DatabaseRecoverStaticRole(context.Background(), "my-role", &database.DatabaseRecoverStaticRoleParams{
		XVaultRecoverSnapshotID: "2403d301-94f2-46a1-a39d-02be83e2831a", XVaultRecoverSourcePath: livetest.Ptr("database/static-roles/my-old-role"),
	})
	env.OK(t, err)
	if got := s.Header("RECOVER", "/v1/database/static-roles/my-role", "X-Vault-Recover-Source-Path"); got != "database/static-roles/my-old-role" {
		t.Fatalf("source path header %q", got)
	}
}
