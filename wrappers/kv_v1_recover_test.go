package wrappers_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/govault/govault/generated/kvv1"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/wrappers"
)

// RECOVER (restoring a secret from a loaded snapshot) is Enterprise: the
// open-source KV v1 knows the method but has no loaded snapshots, and the
// generated call says so with an error, never a silent success
// (tests/cubbyhole checks the request against a doc-shaped stand-in). Vault
// takes the method from 1.20 on.
func TestKVv1RecoverRefusedByOpenSource(t *testing.T) {
	enableEngine(t, "kv1-recover", "kv", "kv-v1")
	api := livetest.API(t, client(t), "kv1-recover", kvv1.New)
	err := api.KvV1Recover(context.Background(), "app/db", &kvv1.KvV1RecoverParams{XVaultRecoverSnapshotID: "2403d301-94f2-46a1-a39d-02be83e2831a"})
	if !env.AtLeast("1.20") && env.Absent(t, err) {
		return // before 1.20 Vault refuses the RECOVER method itself (405)
	}
	var re *wrappers.ResponseError
	if !errors.As(err, &re) || re.StatusCode != http.StatusBadRequest || !strings.Contains(re.Error(), "snapshots not supported") {
		t.Fatalf("RECOVER on open-source Vault: %v; want a 400 saying loaded snapshots are not supported", err)
	}
}
