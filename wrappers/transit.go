package wrappers

import (
	"context"
	"encoding/base64"
	"fmt"

	"github.com/govault/govault/generated/transit"
	"github.com/govault/govault/generated/vaultcommon"
)

// DefaultTransitMount is where the transit engine is usually mounted.
const DefaultTransitMount = "transit"

// Transit is the transit secrets engine at one mount, with hvac's
// encrypt_data / decrypt_data conveniences: plaintext goes in and comes out
// as raw bytes, the base64 Vault wants is done here.
type Transit struct {
	c     *Client
	mount string
	api   *transit.Client
}

// Transit returns the transit engine mounted at mount ("" means "transit").
func (c *Client) Transit(mount string) *Transit {
	if mount == "" {
		mount = DefaultTransitMount
	}
	base, doer := c.mountAPI(mount)
	api := transit.New(doer, base) // cannot fail: the URL parsed already
	return &Transit{c: c, mount: mount, api: api}
}

// API returns the generated client for this mount, for anything not wrapped here.
func (t *Transit) API() *transit.Client { return t.api }

// Encrypted is a ciphertext from Encrypt with Vault's envelope.
type Encrypted struct {
	vaultcommon.Envelope
	// Ciphertext is Vault's "vault:v<N>:..." form, the input of Decrypt.
	Ciphertext string
	// KeyVersion is the key version that encrypted it (0 if Vault did not say).
	KeyVersion int
}

// Decrypted is a plaintext from Decrypt with Vault's envelope.
type Decrypted struct {
	vaultcommon.Envelope
	Plaintext []byte
}

// Encrypt encrypts plaintext with the named key. Like Vault, it creates an
// aes256-gcm96 key of that name if there is none and the token may.
//
//vault:operation TransitEncrypt
func (t *Transit) Encrypt(ctx context.Context, key string, plaintext []byte, opts ...RequestOption) (*Encrypted, error) {
	pt := base64.StdEncoding.EncodeToString(plaintext)
	out, err := t.api.TransitEncrypt(ctx, key, transit.TransitEncryptRequest{Plaintext: &pt}, opts...)
	if out, err = whole("TransitEncrypt", out, err); err != nil {
		return nil, err
	}
	if out.Data.Ciphertext == nil {
		return nil, fmt.Errorf("vault: TransitEncrypt: %w: no ciphertext in the answer", ErrMalformedResponse)
	}
	enc := &Encrypted{Envelope: out.Envelope, Ciphertext: *out.Data.Ciphertext}
	if out.Data.KeyVersion != nil {
		enc.KeyVersion = *out.Data.KeyVersion
	}
	return enc, nil
}

// Decrypt decrypts a ciphertext Encrypt returned and gives back the plaintext bytes.
//
//vault:operation TransitDecrypt
func (t *Transit) Decrypt(ctx context.Context, key, ciphertext string, opts ...RequestOption) (*Decrypted, error) {
	out, err := t.api.TransitDecrypt(ctx, key, transit.TransitDecryptRequest{Ciphertext: &ciphertext}, opts...)
	if out, err = whole("TransitDecrypt", out, err); err != nil {
		return nil, err
	}
	if out.Data.Plaintext == nil {
		return nil, fmt.Errorf("vault: TransitDecrypt: %w: no plaintext in the answer", ErrMalformedResponse)
	}
	pt, err := base64.StdEncoding.DecodeString(*out.Data.Plaintext)
	if err != nil {
		return nil, fmt.Errorf("vault: TransitDecrypt: %w: plaintext is not base64", ErrMalformedResponse)
	}
	return &Decrypted{Envelope: out.Envelope, Plaintext: pt}, nil
}
