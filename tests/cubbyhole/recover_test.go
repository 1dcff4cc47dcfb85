package cubbyhole_test

import (
	"context"
	"testing"

	"github.com/govault/govault/generated/cubbyhole"
	"github.com/govault/govault/generated/kvv1"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
)

const snapshotID = "2403d301-94f2-46a1-a39d-02be83e2831a"

// RECOVER (restoring one secret from a loaded snapshot) is Enterprise: the
// open-source server answers 405, so the method, path and headers are
// checked against a doc-shaped stand-in. Both the cubbyhole and KV v1 take it.
func TestRecoverDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	s.On("RECOVER", "/v1/cubbyhole/my-secret", 204, "")
	s.On("RECOVER", "/v1/kv/app/db", 204, "")
	c := s.Client(t)

	err := livetest.API(t, c, "cubbyhole", cubbyhole.New).CubbyholeRecover(ctx, "my-secret",
		&cubbyhole.CubbyholeRecoverParams{XVaultRecoverSnapshotID: snapshotID, XVaultRecoverSourcePath: livetest.Ptr("cubbyhole/my-old-secret")})
	env.OK(t, err)
	if got := s.Header("RECOVER", "/v1/cubbyhole/my-secret", "X-Vault-Recover-Snapshot-Id"); got != snapshotID {
		t.Fatalf("snapshot header %q", got)
	}
	if got := s.Header("RECOVER", "/v1/cubbyhole/my-secret", "X-Vault-Recover-Source-Path"); got != "cubbyhole/my-old-secret" {
		t.Fatalf("source path header %q", got)
	}
	err = livetest.API(t, c, "kv", kvv1.New).KvV1Recover(ctx, "app/db", &kvv1.KvV1RecoverParams{XVaultRecoverSnapshotID: snapshotID})
	env.OK(t, err)
	if got := s.Header("RECOVER", "/v1/kv/app/db", "X-Vault-Recover-Source-Path"); got != "" {
		t.Fatalf("an unset source path was sent: %q", got)
	}
}

// The real server does not know the method: the answer is an error, not a
// silent success, so the client cannot mistake an open-source Vault for a
// recovery.
func TestRecoverRefusedByOpenSource(t *testing.T) {
	ctx := context.Background()
	c := env.Client(t)
	err := livetest.API(t, c, "cubbyhole", cubbyhole.New).CubbyholeRecover(ctx, "nothing-here", &cubbyhole.CubbyholeRecoverParams{XVaultRecoverSnapshotID: snapshotID})
	if err == nil {
		t.Fatal("open-source Vault accepted RECOVER")
	}
}
