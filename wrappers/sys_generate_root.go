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
func (c *Client) ReadRootGenerationProgress(ctx context.Context) (*sys.RootGenerationStatus, error) {
	return c.Sys().SysReadRootGenerationProgress(ctx)
}

// StartRootTokenGeneration begins generating a new root token that will be
// returned encoded with otp (see NewRootTokenOTP and DecodeRootToken).
//
//vault:operation SysStartRootGeneration
func (c *Client) StartRootTokenGeneration(ctx context.Context, otp string) (*sys.RootGenerationStatus, error) {
	return c.Sys().SysStartRootGeneration(ctx, sys.SysStartRootGenerationRequest{OTP: &otp})
}

// CancelRootGeneration abandons root token generation in progress.
//
//vault:operation SysCancelRootGeneration
func (c *Client) CancelRootGeneration(ctx context.Context) error {
	err := c.Sys().SysCancelRootGeneration(ctx)
	return err
}

// GenerateRootSubmitKey hands Vault one unseal key share for the generation
// identified by nonce.
//
//vault:operation SysUpdateRootGeneration
func (c *Client) GenerateRootSubmitKey(ctx context.Context, key, nonce string) (*sys.RootGenerationStatus, error) {
	return c.Sys().SysUpdateRootGeneration(ctx, sys.SysUpdateRootGenerationRequest{Key: key, Nonce: nonce})
}

// GenerateRootSubmitKeys submits key shares until generation completes and
// returns the final status, which holds the encoded token.
//
//vault:operation SysUpdateRootGeneration
func (c *Client) GenerateRootSubmitKeys(ctx context.Context, keys []string, nonce string) (*sys.RootGenerationStatus, error) {
	return submitUntil(keys, "generate-root",
		func(k string) (*sys.RootGenerationStatus, error) { return c.GenerateRootSubmitKey(ctx, k, nonce) },
		func(st *sys.RootGenerationStatus) bool { return st.Complete })
}

// GenerateRootToken runs the whole flow: make a one-time password of the
// length the server wants, start, submit key shares until done, and decode
// the new root token.
//
//vault:operation SysReadRootGenerationProgress
//vault:operation SysStartRootGeneration
//vault:operation SysUpdateRootGeneration
func (c *Client) GenerateRootToken(ctx context.Context, keys []string) (string, error) {
	progress, err := c.ReadRootGenerationProgress(ctx)
	if err != nil {
		return "", err
	}
	otp, err := NewRootTokenOTP(progress.OTPLength)
	if err != nil {
		return "", err
	}
	st, err := c.StartRootTokenGeneration(ctx, otp)
	if err != nil {
		return "", err
	}
	done, err := c.GenerateRootSubmitKeys(ctx, keys, st.Nonce)
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
