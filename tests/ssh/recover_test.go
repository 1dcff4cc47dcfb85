package ssh_test

import (
	"context"
	"testing"

	"github.com/govault/govault/generated/ssh"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
)

// RECOVER of the signing CA from a loaded snapshot is Enterprise: checked
// against a doc-shaped stand-in.
func TestRecoverCAConfigDocStub(t *testing.T) {
	s := docstub.New(t, env)
	s.On("RECOVER", "/v1/ssh/config/ca", 204, "")
	a := livetest.API(t, s.Client(t), "ssh", ssh.New)
	err := a.SSHRecoverCAConfig(context.Background(), &ssh.SSHRecoverCAConfigParams{XVaultRecoverSnapshotID: "2403d301-94f2-46a1-a39d-02be83e2831a"})
	env.OK(t, err)
	if got := s.Header("RECOVER", "/v1/ssh/config/ca", "X-Vault-Recover-Snapshot-Id"); got != "2403d301-94f2-46a1-a39d-02be83e2831a" {
		t.Fatalf("snapshot header %q", got)
	}
}
