package wrappers

import (
	"context"
	"fmt"

	"github.com/govault/govault/generated/sys"
)

// StartRekey begins replacing the unseal keys with shares new shares,
// threshold of which unseal. The new shares take effect as soon as the
// rekey completes; StartRekeyWithVerification makes them prove themselves
// first.
//
//vault:operation SysStartRekey
func (o *Operator) StartRekey(ctx context.Context, shares, threshold int, opts ...RequestOption) (*sys.RekeyStatus, error) {
	return o.api.SysStartRekey(ctx, sys.SysStartRekeyRequest{SecretShares: shares, SecretThreshold: threshold}, opts...)
}

// StartRekeyWithVerification is StartRekey, but the old keys stay in force
// until threshold of the new shares are proven with RekeyVerifyKeys: a rekey
// whose new shares were lost along the way cannot lock the server out.
//
//vault:operation SysStartRekey
func (o *Operator) StartRekeyWithVerification(ctx context.Context, shares, threshold int, opts ...RequestOption) (*sys.RekeyStatus, error) {
	verify := true
	req := sys.SysStartRekeyRequest{SecretShares: shares, SecretThreshold: threshold, RequireVerification: &verify}
	return o.api.SysStartRekey(ctx, req, opts...)
}

// ReadRekeyProgress returns the state of the rekey in progress, if any.
//
//vault:operation SysReadRekeyProgress
func (o *Operator) ReadRekeyProgress(ctx context.Context, opts ...RequestOption) (*sys.RekeyStatus, error) {
	return o.api.SysReadRekeyProgress(ctx, opts...)
}

// CancelRekey abandons the rekey with this nonce; the old keys stay valid.
//
//vault:operation SysCancelRekey
func (o *Operator) CancelRekey(ctx context.Context, nonce string, opts ...RequestOption) error {
	err := o.api.SysCancelRekey(ctx, sys.SysCancelRekeyRequest{Nonce: &nonce}, opts...)
	return err
}

// RekeySubmitKey hands Vault one current unseal key share for the rekey
// identified by nonce.
//
//vault:operation SysUpdateRekey
func (o *Operator) RekeySubmitKey(ctx context.Context, key, nonce string, opts ...RequestOption) (*sys.SysUpdateRekeyResult, error) {
	return o.api.SysUpdateRekey(ctx, sys.SysUpdateRekeyRequest{Key: key, Nonce: nonce}, opts...)
}

// RekeySubmitKeys submits current key shares until the rekey completes and
// returns the result holding the new keys (and, when verification is
// required, the verification nonce).
//
//vault:operation SysUpdateRekey
func (o *Operator) RekeySubmitKeys(ctx context.Context, keys []string, nonce string, opts ...RequestOption) (*sys.SysUpdateRekeyResult, error) {
	return submitUntil(keys, "rekey",
		func(k string) (*sys.SysUpdateRekeyResult, error) { return o.RekeySubmitKey(ctx, k, nonce, opts...) },
		func(r *sys.SysUpdateRekeyResult) bool { return r.Complete != nil && *r.Complete })
}

// ReadRekeyVerificationProgress returns the state of the verification step.
//
//vault:operation SysReadRekeyVerification
func (o *Operator) ReadRekeyVerificationProgress(ctx context.Context, opts ...RequestOption) (*sys.RekeyVerificationStatus, error) {
	return o.api.SysReadRekeyVerification(ctx, opts...)
}

// RekeyVerifyKey proves one of the new key shares.
//
//vault:operation SysVerifyRekey
func (o *Operator) RekeyVerifyKey(ctx context.Context, key, nonce string, opts ...RequestOption) (*sys.SysVerifyRekeyResult, error) {
	return o.api.SysVerifyRekey(ctx, sys.SysVerifyRekeyRequest{Key: key, Nonce: nonce}, opts...)
}

// RekeyVerifyKeys proves new key shares until the verification completes; the
// new keys are in force from then on.
//
//vault:operation SysVerifyRekey
func (o *Operator) RekeyVerifyKeys(ctx context.Context, keys []string, nonce string, opts ...RequestOption) (*sys.SysVerifyRekeyResult, error) {
	return submitUntil(keys, "rekey verification",
		func(k string) (*sys.SysVerifyRekeyResult, error) { return o.RekeyVerifyKey(ctx, k, nonce, opts...) },
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
func (o *Operator) CancelRekeyVerification(ctx context.Context, opts ...RequestOption) (*sys.SysCancelRekeyVerificationResult, error) {
	return o.api.SysCancelRekeyVerification(ctx, opts...)
}
