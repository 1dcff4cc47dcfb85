package gcpkms_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/govault/govault/generated/gcpkms"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
)

var api = livetest.APIFor("gcpkms", gcpkms.New)

const (
	cloudKMSScope = "https://www.googleapis.com/auth/cloudkms"
	keyRing       = "projects/proj-1/locations/global/keyRings/vault"
)

func TestGCPKMSOperations(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	env.Leaks.Add(fakeToken)

	def, err := a.GCPKMSReadConfig(ctx)
	env.OK(t, err)
	if len(def.Data.Scopes) != 1 || def.Data.Scopes[0] != cloudKMSScope {
		t.Fatalf("default config: %+v", def.Data)
	}
	err = a.GCPKMSWriteConfig(ctx, gcpkms.GCPKMSWriteConfigRequest{
		Credentials: livetest.Ptr(keyFile()),
		Scopes:      []string{cloudKMSScope, "https://www.googleapis.com/auth/cloud-platform"},
	})
	env.OK(t, err)
	cfg, err := a.GCPKMSReadConfig(ctx)
	env.OK(t, err)
	if len(cfg.Data.Scopes) != 2 {
		t.Fatalf("config: %+v", cfg.Data)
	}

	// A symmetric key (its key ring is created on the way) and a signing key.
	err = a.GCPKMSWriteKey(ctx, "sym", gcpkms.GCPKMSWriteKeyRequest{
		KeyRing: livetest.Ptr(keyRing), Labels: map[string]string{"team": "core"}, RotationPeriod: livetest.Ptr(vtypes.Duration("72h")),
	})
	env.OK(t, err)
	err = a.GCPKMSWriteKey(ctx, "sym", gcpkms.GCPKMSWriteKeyRequest{
		KeyRing: livetest.Ptr(keyRing), Labels: map[string]string{"team": "platform"},
	})
	env.OK(t, err)
	err = a.GCPKMSWriteKey(ctx, "signer", gcpkms.GCPKMSWriteKeyRequest{
		KeyRing: livetest.Ptr(keyRing), CryptoKey: livetest.Ptr("signing-key"), Purpose: livetest.Ptr("asymmetric_sign"), Algorithm: livetest.Ptr("ec_sign_p256_sha256"),
	})
	env.OK(t, err)
	if kms.count("CreateKeyRing") != 1 || kms.count("UpdateCryptoKey") != 1 {
		t.Fatalf("key writes: CreateKeyRing %d, UpdateCryptoKey %d", kms.count("CreateKeyRing"), kms.count("UpdateCryptoKey"))
	}
	sym, err := a.GCPKMSReadKey(ctx, "sym")
	env.OK(t, err)
	if sym.Data.ID != keyRing+"/cryptoKeys/sym" || sym.Data.Purpose != "encrypt_decrypt" || sym.Data.Algorithm == nil || *sym.Data.Algorithm != "symmetric_encryption" ||
		sym.Data.PrimaryVersion == nil || *sym.Data.PrimaryVersion != "1" || sym.Data.State == nil || *sym.Data.State != "enabled" ||
		sym.Data.Labels["team"] != "platform" || sym.Data.RotationScheduleSeconds == nil || *sym.Data.RotationScheduleSeconds != 72*3600 {
		t.Fatalf("key sym: %+v", sym.Data)
	}
	signer, err := a.GCPKMSReadKey(ctx, "signer")
	env.OK(t, err)
	if signer.Data.Purpose != "asymmetric_sign" || signer.Data.PrimaryVersion != nil || signer.Data.Labels != nil {
		t.Fatalf("key signer: %+v", signer.Data)
	}
	keys, err := a.GCPKMSListKeys(ctx)
	env.OK(t, err)
	if len(keys.Data.Keys) != 2 {
		t.Fatalf("keys: %v", keys.Data.Keys)
	}

	// Symmetric crypto and rotation.
	enc, err := a.GCPKMSEncrypt(ctx, "sym", gcpkms.GCPKMSEncryptRequest{Plaintext: "hello", AdditionalAuthenticatedData: livetest.Ptr("ctx")})
	env.OK(t, err)
	if enc.Data.KeyVersion != "1" || enc.Data.Ciphertext == "" {
		t.Fatalf("encrypt: %+v", enc.Data)
	}
	dec, err := a.GCPKMSDecrypt(ctx, "sym", gcpkms.GCPKMSDecryptRequest{Ciphertext: enc.Data.Ciphertext, AdditionalAuthenticatedData: livetest.Ptr("ctx")})
	env.OK(t, err)
	if dec.Data.Plaintext != "hello" {
		t.Fatalf("decrypt: %+v", dec.Data)
	}
	rot, err := a.GCPKMSRotateKey(ctx, "sym")
	env.OK(t, err)
	if rot.Data.KeyVersion != "2" || len(rot.Warnings) == 0 {
		t.Fatalf("rotate: %+v warnings %v", rot.Data, rot.Warnings)
	}
	re, err := a.GCPKMSReencrypt(ctx, "sym", gcpkms.GCPKMSReencryptRequest{Ciphertext: enc.Data.Ciphertext, AdditionalAuthenticatedData: livetest.Ptr("ctx")})
	env.OK(t, err)
	if re.Data.KeyVersion != "2" || re.Data.Ciphertext == enc.Data.Ciphertext {
		t.Fatalf("reencrypt: %+v", re.Data)
	}

	// Version limits and trimming.
	err = a.GCPKMSWriteKeyConfig(ctx, "sym", gcpkms.GCPKMSWriteKeyConfigRequest{MinVersion: livetest.Ptr(2), MaxVersion: livetest.Ptr(5)})
	env.OK(t, err)
	kc, err := a.GCPKMSReadKeyConfig(ctx, "sym")
	env.OK(t, err)
	if kc.Data.Name != "sym" || kc.Data.CryptoKey != sym.Data.ID || kc.Data.MinVersion == nil || *kc.Data.MinVersion != 2 || kc.Data.MaxVersion == nil || *kc.Data.MaxVersion != 5 {
		t.Fatalf("key config: %+v", kc.Data)
	}
	err = a.GCPKMSTrimKeyVersions(ctx, "sym")
	env.OK(t, err)
	err = a.GCPKMSTrimKeyVersionsWithDelete(ctx, "sym")
	env.OK(t, err)
	if n := kms.count("DestroyCryptoKeyVersion"); n != 1 {
		t.Fatalf("trim destroyed %d versions, want 1 (version 1, once)", n)
	}

	// Signing.
	digest := sha256.Sum256([]byte("message"))
	d64 := base64.StdEncoding.EncodeToString(digest[:])
	sig, err := a.GCPKMSSign(ctx, "signer", gcpkms.GCPKMSSignRequest{Digest: d64, KeyVersion: 1})
	env.OK(t, err)
	ok, err := a.GCPKMSVerify(ctx, "signer", gcpkms.GCPKMSVerifyRequest{Digest: d64, Signature: sig.Data.Signature, KeyVersion: 1})
	env.OK(t, err)
	if !ok.Data.Valid {
		t.Fatal("verify: signature from sign reported invalid")
	}
	other := sha256.Sum256([]byte("other"))
	bad, err := a.GCPKMSVerify(ctx, "signer", gcpkms.GCPKMSVerifyRequest{Digest: base64.StdEncoding.EncodeToString(other[:]), Signature: sig.Data.Signature, KeyVersion: 1})
	env.OK(t, err)
	if bad.Data.Valid {
		t.Fatal("verify: signature accepted for another digest")
	}
	pub, err := a.GCPKMSReadPublicKey(ctx, "signer", &gcpkms.GCPKMSReadPublicKeyParams{KeyVersion: 1})
	env.OK(t, err)
	if !strings.HasPrefix(pub.Data.PEM, "-----BEGIN PUBLIC KEY-----") || pub.Data.Algorithm != "ec_sign_p256_sha256" {
		t.Fatalf("pubkey: %+v", pub.Data)
	}

	// Registering existing crypto keys under more names, and forgetting them.
	err = a.GCPKMSRegisterKey(ctx, "alias", gcpkms.GCPKMSRegisterKeyRequest{CryptoKey: sym.Data.ID})
	env.OK(t, err)
	alias, err := a.GCPKMSReadKeyConfig(ctx, "alias")
	env.OK(t, err)
	if alias.Data.CryptoKey != sym.Data.ID || alias.Data.MinVersion != nil {
		t.Fatalf("registered key: %+v", alias.Data)
	}
	err = a.GCPKMSRegisterKey(ctx, "unchecked", gcpkms.GCPKMSRegisterKeyRequest{CryptoKey: keyRing + "/cryptoKeys/elsewhere", Verify: livetest.Ptr(false)})
	env.OK(t, err)
	err = a.GCPKMSDeregisterKey(ctx, "alias")
	env.OK(t, err)
	err = a.GCPKMSDeregisterKeyWithDelete(ctx, "unchecked")
	env.OK(t, err)
	keys, err = a.GCPKMSListKeys(ctx)
	env.OK(t, err)
	if len(keys.Data.Keys) != 2 {
		t.Fatalf("keys after deregister: %v", keys.Data.Keys)
	}

	err = a.GCPKMSDeleteKey(ctx, "sym")
	env.OK(t, err)
	if n := kms.count("DestroyCryptoKeyVersion"); n != 2 {
		t.Fatalf("delete destroyed %d versions in all, want 2", n)
	}
	err = a.GCPKMSDeleteConfig(ctx)
	env.OK(t, err)
	def, err = a.GCPKMSReadConfig(ctx)
	env.OK(t, err)
	if len(def.Data.Scopes) != 1 {
		t.Fatalf("config after delete: %+v", def.Data)
	}
}
