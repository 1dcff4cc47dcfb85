package vaulttest

import (
	"context"
	"fmt"
	"net/http"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/wrappers"
)

// initialize initialises the server, unseals it with threshold of the
// shares and waits until it is active (health 200), as an operator would.
func (s *Server) initialize(ctx context.Context, shares, threshold int) error {
	c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(s.Addr))
	if err != nil {
		return fmt.Errorf("vaulttest: %w", err)
	}
	res, err := c.Operator().Initialize(ctx, shares, threshold)
	if err != nil {
		return fmt.Errorf("vaulttest: initialise with %d shares, threshold %d: %w", shares, threshold, err)
	}
	s.RootToken, s.UnsealKeys, s.UnsealKeysBase64 = res.RootToken, res.Keys, res.KeysBase64
	st, err := c.Operator().SubmitUnsealKeys(ctx, res.Keys[:threshold])
	if err != nil {
		return fmt.Errorf("vaulttest: unseal: %w", err)
	}
	if st.Sealed {
		return fmt.Errorf("vaulttest: still sealed after %d of %d keys (progress %d)", threshold, shares, st.Progress)
	}
	// Unsealed is not yet active: mounting before that answers 503.
	if err := s.proc.WaitHealth(ctx, http.StatusOK); err != nil {
		return fmt.Errorf("vaulttest: after unseal: %w", err)
	}
	return nil
}

// mount enables the secrets engines and auth methods, in order.
func (s *Server) mount(ctx context.Context, mounts []mount) error {
	if len(mounts) == 0 {
		return nil
	}
	c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(s.Addr), wrappers.WithToken(s.RootToken))
	if err != nil {
		return fmt.Errorf("vaulttest: %w", err)
	}
	for _, m := range mounts {
		if m.auth {
			err = c.Sys().SysEnableAuthMethod(ctx, m.path, sys.SysEnableAuthMethodRequest{Type: m.kind})
		} else {
			err = c.Sys().SysEnableSecretsEngine(ctx, m.path, sys.SysEnableSecretsEngineRequest{Type: m.kind, Options: m.options})
		}
		if err != nil {
			kind := "secrets engine"
			if m.auth {
				kind = "auth method"
			}
			return fmt.Errorf("vaulttest: enable %s %q at %q: %w", kind, m.kind, m.path, err)
		}
	}
	return nil
}
