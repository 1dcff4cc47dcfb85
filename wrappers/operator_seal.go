package wrappers

import (
	"context"

	"github.com/govault/govault/generated/sys"
)

// IsInitialized reports whether the server has been initialised.
//
//vault:operation SysReadInitStatus
func (o *Operator) IsInitialized(ctx context.Context, opts ...RequestOption) (bool, error) {
	out, err := o.api.SysReadInitStatus(ctx, opts...)
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
func (o *Operator) Initialize(ctx context.Context, shares, threshold int, opts ...RequestOption) (*sys.SysInitializeResult, error) {
	return o.api.SysInitialize(ctx, sys.SysInitializeRequest{SecretShares: &shares, SecretThreshold: &threshold}, opts...)
}

// SealStatus returns the seal state and unseal progress.
//
//vault:operation SysReadSealStatus
func (o *Operator) SealStatus(ctx context.Context, opts ...RequestOption) (*sys.SealStatus, error) {
	return o.api.SysReadSealStatus(ctx, opts...)
}

// IsSealed reports whether the server is sealed.
//
//vault:operation SysReadSealStatus
func (o *Operator) IsSealed(ctx context.Context, opts ...RequestOption) (bool, error) {
	st, err := o.SealStatus(ctx, opts...)
	if err != nil {
		return false, err
	}
	return st.Sealed, nil
}

// Seal seals the server; it then needs the unseal keys again.
//
//vault:operation SysSeal
func (o *Operator) Seal(ctx context.Context, opts ...RequestOption) error {
	err := o.api.SysSeal(ctx, opts...)
	return err
}

// SubmitUnsealKey hands Vault one unseal key share and returns the progress.
//
//vault:operation SysUnseal
func (o *Operator) SubmitUnsealKey(ctx context.Context, key string, opts ...RequestOption) (*sys.SealStatus, error) {
	return o.api.SysUnseal(ctx, sys.SysUnsealRequest{Key: &key}, opts...)
}

// ResetUnseal throws away the key shares submitted so far.
//
//vault:operation SysUnseal
func (o *Operator) ResetUnseal(ctx context.Context, opts ...RequestOption) (*sys.SealStatus, error) {
	reset := true
	return o.api.SysUnseal(ctx, sys.SysUnsealRequest{Reset: &reset}, opts...)
}

// SubmitUnsealKeys submits key shares one by one until the server unseals,
// and returns the last status. Shares left over once the threshold is met are
// not sent. If the shares run out first, the status still says Sealed.
//
//vault:operation SysUnseal
//vault:operation SysReadSealStatus
func (o *Operator) SubmitUnsealKeys(ctx context.Context, keys []string, opts ...RequestOption) (*sys.SealStatus, error) {
	return o.unsealWith(ctx, keys, sys.SysUnsealRequest{}, opts)
}

// SubmitMigrationKeys is SubmitUnsealKeys during a seal migration: each
// share is sent with migrate set, which Vault requires while it moves from
// one seal to another.
//
//vault:operation SysUnseal
//vault:operation SysReadSealStatus
func (o *Operator) SubmitMigrationKeys(ctx context.Context, keys []string, opts ...RequestOption) (*sys.SealStatus, error) {
	migrate := true
	return o.unsealWith(ctx, keys, sys.SysUnsealRequest{Migrate: &migrate}, opts)
}

// unsealWith sends each key in a copy of req until the server unseals.
func (o *Operator) unsealWith(ctx context.Context, keys []string, req sys.SysUnsealRequest, opts []RequestOption) (*sys.SealStatus, error) {
	var st *sys.SealStatus
	for _, k := range keys {
		req.Key = &k
		var err error
		if st, err = o.api.SysUnseal(ctx, req, opts...); err != nil {
			return nil, err
		}
		if !st.Sealed {
			break
		}
	}
	if st == nil {
		return o.SealStatus(ctx, opts...)
	}
	return st, nil
}
