package wrappers

import (
	"context"
	"errors"

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
	return Decode(c.sys.SysStartRekeyWithResponse(ctx, req))
}

// ReadRekeyProgress returns the state of the rekey in progress, if any.
//
//vault:operation SysReadRekeyProgress
func (c *Client) ReadRekeyProgress(ctx context.Context) (*sys.RekeyStatus, error) {
	return Decode(c.sys.SysReadRekeyProgressWithResponse(ctx))
}

// CancelRekey abandons the rekey with this nonce; the old keys stay valid.
//
//vault:operation SysCancelRekey
func (c *Client) CancelRekey(ctx context.Context, nonce string) error {
	_, err := Check(c.sys.SysCancelRekeyWithResponse(ctx, sys.SysCancelRekeyRequest{Nonce: &nonce}))
	return err
}

// RekeySubmitKey hands Vault one current unseal key share for the rekey
// identified by nonce.
//
//vault:operation SysUpdateRekey
func (c *Client) RekeySubmitKey(ctx context.Context, key, nonce string) (*sys.SysUpdateRekeyResult, error) {
	return Decode(c.sys.SysUpdateRekeyWithResponse(ctx, sys.SysUpdateRekeyRequest{Key: key, Nonce: nonce}))
}

// RekeySubmitKeys submits current key shares until the rekey completes and
// returns the result holding the new keys (and, when verification is
// required, the verification nonce).
func (c *Client) RekeySubmitKeys(ctx context.Context, keys []string, nonce string) (*sys.SysUpdateRekeyResult, error) {
	for _, k := range keys {
		rsp, err := c.RekeySubmitKey(ctx, k, nonce)
		if err != nil {
			return nil, err
		}
		if rsp.Complete != nil && *rsp.Complete {
			return rsp, nil
		}
	}
	return nil, errors.New("vault: rekey: the key shares ran out before the threshold was met")
}

// ReadRekeyVerificationProgress returns the state of the verification step.
//
//vault:operation SysReadRekeyVerification
func (c *Client) ReadRekeyVerificationProgress(ctx context.Context) (*sys.RekeyVerificationStatus, error) {
	return Decode(c.sys.SysReadRekeyVerificationWithResponse(ctx))
}

// RekeyVerifyKey proves one of the new key shares.
//
//vault:operation SysVerifyRekey
func (c *Client) RekeyVerifyKey(ctx context.Context, key, nonce string) (*sys.SysVerifyRekeyResult, error) {
	return Decode(c.sys.SysVerifyRekeyWithResponse(ctx, sys.SysVerifyRekeyRequest{Key: key, Nonce: nonce}))
}

// RekeyVerifyKeys proves new key shares until the verification completes; the
// new keys are in force from then on.
func (c *Client) RekeyVerifyKeys(ctx context.Context, keys []string, nonce string) (*sys.SysVerifyRekeyResult, error) {
	for _, k := range keys {
		rsp, err := c.RekeyVerifyKey(ctx, k, nonce)
		if err != nil {
			return nil, err
		}
		if rsp.Complete != nil && *rsp.Complete {
			return rsp, nil
		}
	}
	return nil, errors.New("vault: rekey verification: the new key shares ran out before the threshold was met")
}

// CancelRekeyVerification restarts verification with a fresh nonce; the
// rekey itself stays pending.
//
//vault:operation SysCancelRekeyVerification
func (c *Client) CancelRekeyVerification(ctx context.Context) (*sys.SysCancelRekeyVerificationResult, error) {
	return Decode(c.sys.SysCancelRekeyVerificationWithResponse(ctx))
}
