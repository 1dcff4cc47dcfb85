package wrappers

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"math/big"

	"github.com/govault/govault/generated/sys"
)

// ReadRootGenerationProgress returns the state of root token generation.
//
//vault:operation SysReadRootGenerationProgress
func (o *Operator) ReadRootGenerationProgress(ctx context.Context, opts ...RequestOption) (*sys.RootGenerationStatus, error) {
	return o.api.SysReadRootGenerationProgress(ctx, opts...)
}

// StartRootTokenGeneration begins generating a new root token that will be
// returned encoded with otp (see NewRootTokenOTP and DecodeRootToken).
//
//vault:operation SysStartRootGeneration
func (o *Operator) StartRootTokenGeneration(ctx context.Context, otp string, opts ...RequestOption) (*sys.RootGenerationStatus, error) {
	return o.api.SysStartRootGeneration(ctx, sys.SysStartRootGenerationRequest{OTP: &otp}, opts...)
}

// CancelRootGeneration abandons root token generation in progress.
//
//vault:operation SysCancelRootGeneration
func (o *Operator) CancelRootGeneration(ctx context.Context, opts ...RequestOption) error {
	err := o.api.SysCancelRootGeneration(ctx, opts...)
	return err
}

// GenerateRootSubmitKey hands Vault one unseal key share for the generation
// identified by nonce.
//
//vault:operation SysUpdateRootGeneration
func (o *Operator) GenerateRootSubmitKey(ctx context.Context, key, nonce string, opts ...RequestOption) (*sys.RootGenerationStatus, error) {
	return o.api.SysUpdateRootGeneration(ctx, sys.SysUpdateRootGenerationRequest{Key: key, Nonce: nonce}, opts...)
}

// GenerateRootSubmitKeys submits key shares until generation completes and
// returns the final status, which holds the encoded token.
//
//vault:operation SysUpdateRootGeneration
func (o *Operator) GenerateRootSubmitKeys(ctx context.Context, keys []string, nonce string, opts ...RequestOption) (*sys.RootGenerationStatus, error) {
	return submitUntil(keys, "generate-root",
		func(k string) (*sys.RootGenerationStatus, error) {
			return o.GenerateRootSubmitKey(ctx, k, nonce, opts...)
		},
		func(st *sys.RootGenerationStatus) bool { return st.Complete })
}

// GenerateRootToken runs the whole flow: make a one-time password of the
// length the server wants, start, submit key shares until done, and decode
// the new root token.
//
//vault:operation SysReadRootGenerationProgress
//vault:operation SysStartRootGeneration
//vault:operation SysUpdateRootGeneration
func (o *Operator) GenerateRootToken(ctx context.Context, keys []string, opts ...RequestOption) (string, error) {
	progress, err := o.ReadRootGenerationProgress(ctx, opts...)
	if err != nil {
		return "", err
	}
	otp, err := NewRootTokenOTP(progress.OTPLength)
	if err != nil {
		return "", err
	}
	st, err := o.StartRootTokenGeneration(ctx, otp, opts...)
	if err != nil {
		return "", err
	}
	done, err := o.GenerateRootSubmitKeys(ctx, keys, st.Nonce, opts...)
	if err != nil {
		return "", err
	}
	return DecodeRootToken(done.EncodedToken, otp)
}

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// NewRootTokenOTP makes a random one-time password of n base62 characters,
// the form Vault expects (n is the otp_length it reports).
func NewRootTokenOTP(n int) (string, error) {
	if n <= 0 {
		return "", fmt.Errorf("vault: otp length %d: the server must report a positive otp_length", n)
	}
	out := make([]byte, n)
	max := big.NewInt(int64(len(base62)))
	for i := range out {
		k, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", err
		}
		out[i] = base62[k.Int64()]
	}
	return string(out), nil
}

// DecodeRootToken recovers the root token from the encoded_token Vault
// returned: the token XORed with the one-time password, base64 without padding.
func DecodeRootToken(encoded, otp string) (string, error) {
	raw, err := base64.RawStdEncoding.DecodeString(encoded)
	if err != nil {
		return "", fmt.Errorf("vault: encoded root token is not base64: %w", err)
	}
	if len(raw) != len(otp) {
		return "", fmt.Errorf("vault: encoded root token is %d bytes, the otp %d: wrong otp?", len(raw), len(otp))
	}
	for i := range raw {
		raw[i] ^= otp[i]
	}
	return string(raw), nil
}
