package sysraft_test

import (
	"context"
	"fmt"
	"github.com/govault/govault/internal/vaulttest"
	"net/http"
	"os"
	"testing"

	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/wrappers"
)

var (
	env *livetest.Env
	// leader is a one-node raft cluster, initialised and unsealed.
	leader     *vaulttest.Server
	rootToken  string
	unsealKeys []string
)

func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"sys-raft"},
		Setup: func(e *livetest.Env) error {
			env = e
			return startLeader(context.Background())
		},
	})
	if leader != nil {
		leader.Stop()
	}
	os.Exit(code)
}

// startLeader starts node n1, initialises and unseals it, and waits until it
// is the active node. Setup has no test to report to, so this client is not
// validated; the tests validate everything they call.
func startLeader(ctx context.Context) error {
	var err error
	if leader, err = vaulttest.StartRaftNode(ctx, "n1"); err != nil {
		return err
	}
	c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(leader.Addr))
	if err != nil {
		return err
	}
	init, err := c.Operator().Initialize(ctx, 1, 1)
	if err != nil {
		return fmt.Errorf("init: %w", err)
	}
	rootToken, unsealKeys = init.RootToken, init.KeysBase64
	env.Leaks.Add(rootToken)
	env.Leaks.Add(unsealKeys...)
	st, err := c.Operator().SubmitUnsealKeys(ctx, unsealKeys)
	if err != nil {
		return fmt.Errorf("unseal: %w", err)
	}
	if st.Sealed {
		return fmt.Errorf("still sealed after unseal: %+v", st)
	}
	return leader.WaitHealth(ctx, http.StatusOK)
}
