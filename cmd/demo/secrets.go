package main

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/govault/govault/generated/kvv2"
	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/wrappers"
)

// enable mounts a secrets engine; a non-dev server starts with none.
func (d *demo) enable(ctx context.Context, path, typ string, options map[string]string) error {
	return d.client.Sys().SysEnableSecretsEngine(ctx, path, sys.SysEnableSecretsEngineRequest{Type: typ, Options: options})
}

func (d *demo) kvV1(ctx context.Context) error {
	if err := d.enable(ctx, "kv", "kv", map[string]string{"version": "1"}); err != nil {
		return err
	}
	kv := d.client.KVv1("kv")
	if err := kv.CreateOrUpdateSecret(ctx, "app/config", map[string]any{"colour": "blue"}); err != nil {
		return err
	}
	got, err := kv.ReadSecret(ctx, "app/config")
	if err != nil {
		return err
	}
	keys, err := kv.ListSecrets(ctx, "app")
	if err != nil {
		return err
	}
	d.say("KV v1", "wrote and read kv/app/config: colour=%v; list app/ = %v", got.Data["colour"], keys.Data.Keys)
	return nil
}

func (d *demo) kvV2(ctx context.Context) error {
	if err := d.enable(ctx, "secret", "kv", map[string]string{"version": "2"}); err != nil {
		return err
	}
	kv := d.client.KVv2("secret")
	// A fresh KV v2 mount upgrades itself for a moment; the first write waits for it.
	var first *kvv2.KvV2WriteResult
	err := retryFor(ctx, 10*time.Second, func() (err error) {
		first, err = kv.CreateOrUpdateSecret(ctx, "app/db", map[string]any{"password": "s3cret"}, wrappers.CAS(0))
		return err
	})
	if err != nil {
		return err
	}
	second, err := kv.CreateOrUpdateSecret(ctx, "app/db", map[string]any{"password": "rotated"}, wrappers.CAS(first.Data.Version))
	if err != nil {
		return err
	}
	_, stale := kv.CreateOrUpdateSecret(ctx, "app/db", map[string]any{"password": "lost"}, wrappers.CAS(first.Data.Version))
	if !errors.Is(stale, wrappers.ErrInvalidRequest) {
		return fmt.Errorf("a stale check-and-set write was not refused: %v", stale)
	}
	got, err := kv.ReadSecret(ctx, "app/db")
	if err != nil {
		return err
	}
	d.say("KV v2", "versions %d and %d written with check-and-set (a stale one refused); read version %d, request %s",
		first.Data.Version, second.Data.Version, got.Data.Metadata.Version, shortID(got.RequestID))
	return nil
}

func (d *demo) transit(ctx context.Context) error {
	if err := d.enable(ctx, "transit", "transit", nil); err != nil {
		return err
	}
	tr := d.client.Transit("transit")
	enc, err := tr.Encrypt(ctx, "orders", []byte("card 4111-1111"))
	if err != nil {
		return err
	}
	dec, err := tr.Decrypt(ctx, "orders", enc.Ciphertext)
	if err != nil {
		return err
	}
	if string(dec.Plaintext) != "card 4111-1111" {
		return fmt.Errorf("transit round trip gave %q", dec.Plaintext)
	}
	d.say("transit", "encrypted with key version %d (%.9s...), decrypted back to the same %d bytes", enc.KeyVersion, enc.Ciphertext, len(dec.Plaintext))
	return nil
}

func (d *demo) pki(ctx context.Context) error {
	if err := d.enable(ctx, "pki", "pki", nil); err != nil {
		return err
	}
	p := d.client.PKI("pki")
	_, err := p.API().PKIGenerateRoot(ctx, pki.KeySourceInternal, pki.PKIGenerateRootRequest{CommonName: ptr("Demo Root CA"), TTL: ptr(vaultcommon.Duration("24h"))})
	if err != nil {
		return err
	}
	_, err = p.API().PKIWriteRole(ctx, "web", pki.PKIWriteRoleRequest{AllowedDomains: []string{"demo.test"}, AllowSubdomains: ptr(true), MaxTTL: ptr(vaultcommon.Duration("1h"))})
	if err != nil {
		return err
	}
	cert, err := p.Issue(ctx, "web", pki.PKIIssueWithRoleRequest{CommonName: ptr("app.demo.test"), TTL: ptr(vaultcommon.Duration("10m"))})
	if err != nil {
		return err
	}
	chain, err := p.CAChain(ctx)
	if err != nil {
		return err
	}
	pool, err := chain.CertPool()
	if err != nil {
		return err
	}
	block, _ := pem.Decode([]byte(cert.Data.Certificate))
	if block == nil {
		return errors.New("pki: the issued certificate is not PEM")
	}
	leaf, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return err
	}
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: pool, DNSName: "app.demo.test"}); err != nil {
		return fmt.Errorf("pki: the certificate does not verify against the CA chain: %w", err)
	}
	d.say("PKI certificate", "issued CN=%s, serial %.11s..., verifies against the mount's CA chain", leaf.Subject.CommonName, cert.Data.SerialNumber)
	return nil
}

// wrapping hands a secret over through a single-use token.
func (d *demo) wrapping(ctx context.Context) error {
	_, err := d.client.KVv2("secret").ReadSecret(ctx, "app/db", wrappers.RequestWrapTTL(time.Minute))
	var wrapped *wrappers.WrappedError
	if !errors.As(err, &wrapped) {
		return fmt.Errorf("a read with a wrap TTL did not come back wrapped: %v", err)
	}
	token := *wrapped.WrapInfo.Token
	secret, err := wrappers.Unwrap[kvv2.KvV2ReadData](ctx, d.client, token)
	if err != nil {
		return err
	}
	_, again := wrappers.Unwrap[kvv2.KvV2ReadData](ctx, d.client, token)
	if again == nil {
		return errors.New("a wrapping token worked twice")
	}
	d.say("wrap and unwrap", "KV read wrapped for %ds, unwrapped once (version %d, keys %v), a second unwrap refused", *wrapped.WrapInfo.TTL, secret.Data.Metadata.Version, keysOf(secret.Data.Data))
	return nil
}

func ptr[T any](v T) *T { return &v }

// shortID is the first block of a request ID, enough to show there is one.
func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// retryFor runs f until it succeeds or within passes.
func retryFor(ctx context.Context, within time.Duration, f func() error) error {
	deadline := time.Now().Add(within)
	for {
		err := f()
		if err == nil || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// keysOf names a secret's fields without their values.
func keysOf(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
