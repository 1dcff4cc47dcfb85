package wrappers

import (
	"context"
	"fmt"

	"github.com/govault/govault/generated/sys"
)

// StartRekey begins replacing the unseal keys with shares new shares,
// threshold of which unseal. With verify set, the new shares must be proven
// (RekeyVerifyKeys) before they take effect.
//
//vault:operation SysStartRekey
func (c *Client) StartRekey(ctx context.Context, shares, threshold int, verify bool) (*sys.RekeyStatus, error) {
	req := sys.SysStartRekeyRequest{SecretShares: shares, SecretThreshold: threshold}
	if verify {
		req.RequireVerification = &verify
	}
	return c.Sys().SysStartRekey(ctx, req)
}

// ReadRekeyProgress returns the state of the rekey in progress, if any.
//
//vault:operation SysReadRekeyProgress
func (c *Client) ReadRekeyProgress(ctx context.Context) (*sys.RekeyStatus, error) {
	return c.Sys().SysReadRekeyProgress(ctx)
}

// CancelRekey abandons the rekey with this nonce; the old keys stay valid.
//
//vault:operation SysCancelRekey
func (c *Client) CancelRekey(ctx context.Context, nonce string) error {
	err := c.Sys().SysCancelRekey(ctx, sys.SysCancelRekeyRequest{Nonce: &nonce})
	return err
}

// RekeySubmitKey hands Vault one current unseal key share for the rekey
// identified by nonce.
//
//vault:operation SysUpdateRekey
func (c *Client) RekeySubmitKey(ctx context.Context, key, nonce string) (*sys.SysUpdateRekeyResult, error) {
	return c.Sys().SysUpdateRekey(ctx, sys.SysUpdateRekeyRequest{Key: key, Nonce: nonce})
}

// RekeySubmitKeys submits current key shares until the rekey completes and
// returns the result holding the new keys (and, when verification is
// required, the verification nonce).
//
//vault:operation SysUpdateRekey
func (c *Client) RekeySubmitKeys(ctx context.Context, keys []string, nonce string) (*sys.SysUpdateRekeyResult, error) {
	return submitUntil(keys, "rekey",
		func(k string) (*sys.SysUpdateRekeyResult, error) { return c.RekeySubmitKey(ctx, k, nonce) },
		func(r *sys.SysUpdateRekeyResult) bool { return r.Complete != nil && *r.Complete })
}

// ReadRekeyVerificationProgress returns the state of the verification step.
//
//vault:operation SysReadRekeyVerification
func (c *Client) ReadRekeyVerificationProgress(ctx context.Context) (*sys.RekeyVerificationStatus, error) {
	return c.Sys().SysReadRekeyVerification(ctx)
}

// RekeyVerifyKey proves one of the new key shares.
//
//vault:operation SysVerifyRekey
func (c *Client) RekeyVerifyKey(ctx context.Context, key, nonce string) (*sys.SysVerifyRekeyResult, error) {
	return c.Sys().SysVerifyRekey(ctx, sys.SysVerifyRekeyRequest{Key: key, Nonce: nonce})
}

// RekeyVerifyKeys proves new key shares until the verification completes; the
// new keys are in force from then on.
//
//vault:operation SysVerifyRekey
func (c *Client) RekeyVerifyKeys(ctx context.Context, keys []string, nonce string) (*sys.SysVerifyRekeyResult, error) {
	return submitUntil(keys, "rekey verification",
		func(k string) (*sys.SysVerifyRekeyResult, error) { return c.RekeyVerifyKey(ctx, k, nonce) },
		func(r *sys.SysVerifyRekeyResult) bool { return r.Complete != nil && *r.Complete })
}

// submitUntil hands Vault key shares one at a time until done says the
// operation is complete; shares left over are not sent.
func submitUntil[T any](keys []string, what string, submit func(string) (T, error), done func(T) bool) (T, error) {
	var zero T
	for _, k := range keys {
		r, err := submit(k)
		if err != nil {
			return zero, err
		}
		if done(r) {
			return r, nil
		}
	}
	return zero, fmt.Errorf("vault: %s: the key shares ran out before the threshold was met", what)
}

// CancelRekeyVerification restarts verification with a fresh nonce; the
// rekey itself stays pending.
//
//vault:operation SysCancelRekeyVerification
func (c *Client) CancelRekeyVerification(ctx context.Context) (*sys.SysCancelRekeyVerificationResult, error) {
	return c.Sys().SysCancelRekeyVerification(ctx)
}
