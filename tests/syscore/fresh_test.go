package syscore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/vaulttest"
	"github.com/govault/govault/wrappers"
)

// sealShape is the part of a seal status a key share changes.
type sealShape struct {
	Sealed            bool
	Threshold, Shares int
	Progress          int
	Initialized       bool
}

func shapeOf(st *sys.SealStatus) sealShape {
	return sealShape{Sealed: st.Sealed, Threshold: st.T, Shares: st.N, Progress: st.Progress, Initialized: st.Initialized}
}

// A server of the test's own (vaulttest.Start through livetest.Fresh),
// initialised with 3 shares of which 2 unseal it and with transit mounted:
// sealed again, its answers while sealed and half unsealed match the spec,
// its keys unseal it, and the mount survives.
func TestSealAndUnsealAFreshServer(t *testing.T) {
	ctx := context.Background()
	srv, c := env.Fresh(t, vaulttest.WithInit(3, 2), vaulttest.WithSecretsEngine("transit", "transit", nil))
	env.OK(t, c.Operator().Seal(ctx))

	steps := []struct {
		key  string // "" reads the status without a share
		want sealShape
	}{
		{"", sealShape{Sealed: true, Threshold: 2, Shares: 3, Initialized: true}},
		{srv.UnsealKeys[2], sealShape{Sealed: true, Threshold: 2, Shares: 3, Progress: 1, Initialized: true}},
		{srv.UnsealKeys[0], sealShape{Sealed: false, Threshold: 2, Shares: 3, Initialized: true}},
	}
	for i, step := range steps {
		var st *sys.SealStatus
		var err error
		if step.key == "" {
			st, err = c.Operator().SealStatus(ctx)
		} else {
			st, err = c.Operator().SubmitUnsealKey(ctx, step.key)
		}
		env.OK(t, err)
		if diff := cmp.Diff(step.want, shapeOf(st)); diff != "" {
			t.Fatalf("step %d (-want +got):\n%s", i, diff)
		}
		if i == 0 {
			// Sealed, health answers 503 with its body (held to the spec too),
			// which the client reports as an error or as the result.
			h, err := c.Sys().SysReadHealth(ctx, nil)
			if !errors.Is(err, wrappers.ErrVaultDown) && (err != nil || !h.Sealed) {
				t.Fatalf("health of a sealed server: %+v, %v; want it sealed", h, env.Leaks.Seen(err))
			}
		}
	}

	// Unsealed is active a moment later.
	deadline := time.Now().Add(30 * time.Second)
	for {
		h, err := c.Sys().SysReadHealth(ctx, nil)
		if err == nil && !h.Sealed && !h.Standby {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not active 30s after unseal: %v", env.Leaks.Seen(err))
		}
		time.Sleep(100 * time.Millisecond)
	}
	engines, err := c.ListSecretsEngines(ctx)
	env.OK(t, err)
	if engines.Data["transit/"].Type != "transit" {
		t.Errorf("after seal and unseal the mounts are %v, want transit at transit/", engines)
	}
}
