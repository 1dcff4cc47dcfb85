package wrappers

import (
	"context"

	"github.com/govault/govault/generated/sys"
)

// IsInitialized reports whether the server has been initialised.
//
//vault:operation SysReadInitStatus
func (c *Client) IsInitialized(ctx context.Context) (bool, error) {
	out, err := c.Sys().SysReadInitStatus(ctx)
	if err != nil {
		return false, err
	}
	return out.Initialized, nil
}

// Initialize sets up a new server with shares unseal key shares, threshold of
// which unseal it. The result holds the keys and the initial root token: keep
// them safe, Vault will not show them again.
//
//vault:operation SysInitialize
func (c *Client) Initialize(ctx context.Context, shares, threshold int) (*sys.SysInitializeResult, error) {
	return c.Sys().SysInitialize(ctx, sys.SysInitializeRequest{SecretShares: &shares, SecretThreshold: &threshold})
}

// SealStatus returns the seal state and unseal progress.
//
//vault:operation SysReadSealStatus
func (c *Client) SealStatus(ctx context.Context) (*sys.SealStatus, error) {
	return c.Sys().SysReadSealStatus(ctx)
}

// IsSealed reports whether the server is sealed.
//
//vault:operation SysReadSealStatus
func (c *Client) IsSealed(ctx context.Context) (bool, error) {
	st, err := c.SealStatus(ctx)
	if err != nil {
		return false, err
	}
	return st.Sealed, nil
}

// Seal seals the server; it then needs the unseal keys again.
//
//vault:operation SysSeal
func (c *Client) Seal(ctx context.Context) error {
	err := c.Sys().SysSeal(ctx)
	return err
}

// SubmitUnsealKey hands Vault one unseal key share and returns the progress.
// With migrate set the share is used for a seal migration.
//
//vault:operation SysUnseal
func (c *Client) SubmitUnsealKey(ctx context.Context, key string, migrate bool) (*sys.SealStatus, error) {
	req := sys.SysUnsealRequest{Key: &key}
	if migrate {
		req.Migrate = &migrate
	}
	return c.Sys().SysUnseal(ctx, req)
}

// ResetUnseal throws away the key shares submitted so far.
//
//vault:operation SysUnseal
func (c *Client) ResetUnseal(ctx context.Context) (*sys.SealStatus, error) {
	reset := true
	return c.Sys().SysUnseal(ctx, sys.SysUnsealRequest{Reset: &reset})
}

// SubmitUnsealKeys submits key shares one by one until the server unseals,
// and returns the last status. Shares left over once the threshold is met are
// not sent. If the shares run out first, the status still says Sealed.
//
//vault:operation SysUnseal
//vault:operation SysReadSealStatus
func (c *Client) SubmitUnsealKeys(ctx context.Context, keys []string, migrate bool) (*sys.SealStatus, error) {
	var st *sys.SealStatus
	for _, k := range keys {
		var err error
		if st, err = c.SubmitUnsealKey(ctx, k, migrate); err != nil {
			return nil, err
		}
		if !st.Sealed {
			break
		}
	}
	if st == nil {
		return c.SealStatus(ctx)
	}
	return st, nil
}
