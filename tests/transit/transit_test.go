package transit_test

import (
	"context"
	"crypto/aes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/govault/govault/generated/transit"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// isJSON reports whether a captured answer was sent as JSON.
func isJSON(raw vtypes.Raw) bool {
	return raw.Response != nil && strings.Contains(raw.Response.Header.Get("Content-Type"), "json")
}

var api = livetest.APIFor("transit", transit.New)

func createKey(t *testing.T, a *transit.Client, name string, body transit.TransitCreateKeyRequest) *transit.TransitKeyData {
	t.Helper()
	out, err := a.TransitCreateKey(context.Background(), name, body)
	env.OK(t, err)
	if out.Data.Name != name {
		t.Fatalf("create %s: %+v", name, out.Data)
	}
	return &out.Data
}

func TestKeyLifecycle(t *testing.T) {
	ctx := context.Background()
	a := api(t)

	k := createKey(t, a, "life", transit.TransitCreateKeyRequest{AutoRotatePeriod: livetest.Ptr(vtypes.Duration("24h"))})
	wantKey := transit.TransitKeyData{
		Name: "life", Type: "aes256-gcm96", LatestVersion: 1, MinDecryptionVersion: 1, AutoRotatePeriod: 86400,
		SupportsEncryption: true, SupportsDecryption: true, SupportsDerivation: true,
	}
	// The versions map holds creation times; version 1's is checked below.
	noVersions := cmpopts.IgnoreFields(transit.TransitKeyData{}, "Keys")
	if diff := cmp.Diff(wantKey, *k, noVersions); diff != "" {
		t.Fatalf("new key (-want +got):\n%s", diff)
	}
	v1, err := k.Keys["1"].AsTransitKeyCreationTime()
	if err != nil || v1 < time.Now().Add(-time.Hour).Unix() {
		t.Fatalf("version 1 creation time %d: %v", v1, err)
	}
	// Creating it again changes nothing.
	again, err := a.TransitCreateKey(ctx, "life", transit.TransitCreateKeyRequest{Type: livetest.Ptr("rsa-2048")})
	env.OK(t, err)
	if again.Data.Type != "aes256-gcm96" || again.Data.LatestVersion != 1 {
		t.Fatalf("re-create: %+v", again.Data)
	}

	rot, err := a.TransitRotateKey(ctx, "life", transit.TransitRotateKeyRequest{})
	env.OK(t, err)
	if rot.Data.LatestVersion != 2 || len(rot.Data.Keys) != 2 {
		t.Fatalf("rotate: %+v", rot.Data)
	}
	a.TransitRotateKey(ctx, "life", transit.TransitRotateKeyRequest{})

	cfg, err := a.TransitConfigureKey(ctx, "life", transit.TransitConfigureKeyRequest{
		DeletionAllowed:      livetest.Ptr(true),
		MinDecryptionVersion: livetest.Ptr(2),
		MinEncryptionVersion: livetest.Ptr(3),
		AutoRotatePeriod:     livetest.Ptr(vtypes.Seconds(0)),
	})
	env.OK(t, err)
	// Two rotations and the settings asked for; nothing else changed.
	wantKey.LatestVersion, wantKey.DeletionAllowed, wantKey.MinDecryptionVersion, wantKey.MinEncryptionVersion, wantKey.AutoRotatePeriod = 3, true, 2, 3, 0
	if diff := cmp.Diff(wantKey, cfg.Data, noVersions); diff != "" {
		t.Fatalf("config (-want +got):\n%s", diff)
	}
	trimmed, err := a.TransitTrimKey(ctx, "life", transit.TransitTrimKeyRequest{MinAvailableVersion: 2})
	env.OK(t, err)
	if trimmed.Data.MinAvailableVersion != 2 || len(trimmed.Data.Keys) != 2 {
		t.Fatalf("trim: %+v", trimmed.Data)
	}
	if _, kept := trimmed.Data.Keys["1"]; kept {
		t.Fatal("trim kept version 1")
	}
	read, err := a.TransitReadKey(ctx, "life", nil)
	env.OK(t, err)
	wantKey.MinAvailableVersion = 2
	if diff := cmp.Diff(wantKey, read.Data, noVersions); diff != "" {
		t.Fatalf("read after trim (-want +got):\n%s", diff)
	}

	// Other key types: hmac (no versions map), derived ed25519 (public key per context).
	hm := createKey(t, a, "mac", transit.TransitCreateKeyRequest{Type: livetest.Ptr("hmac"), KeySize: livetest.Ptr(48)})
	if hm.KeySize == nil || *hm.KeySize != 48 || hm.Keys != nil {
		t.Fatalf("hmac key: %+v", hm)
	}
	createKey(t, a, "ed", transit.TransitCreateKeyRequest{Type: livetest.Ptr("ed25519"), Derived: livetest.Ptr(true)})
	ed, err := a.TransitReadKey(ctx, "ed", &transit.TransitReadKeyParams{Context: livetest.Ptr(b64("tenant-1"))})
	env.OK(t, err)
	edv, err := ed.Data.Keys["1"].AsTransitKeyVersionInfo()
	env.OK(t, err)
	if edv.Name != "ed25519" || edv.PublicKey == "" || ed.Data.Kdf == nil || *ed.Data.Kdf != "hkdf_sha256" {
		t.Fatalf("derived ed25519 read: %+v %+v", ed.Data, edv)
	}

	list, err := a.TransitListKeys(ctx)
	env.OK(t, err)
	for _, want := range []string{"life", "mac", "ed"} {
		if !slices.Contains(list.Data.Keys, want) {
			t.Fatalf("list %v lacks %s", list.Data.Keys, want)
		}
	}

	err = a.TransitDeleteKey(ctx, "life")
	env.OK(t, err)
	_, err = a.TransitReadKey(ctx, "life", nil)
	if livetest.StatusOf(env.Leaks.Seen(err)) != http.StatusNotFound {
		t.Fatalf("read after delete: %v", err)
	}
}

func TestEncryptDecryptRewrap(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	// Encrypt creates the key on first use.
	enc, err := a.TransitEncrypt(ctx, "data", transit.TransitEncryptRequest{Plaintext: livetest.Ptr(b64("hello")), Type: livetest.Ptr("chacha20-poly1305")})
	env.OK(t, err)
	if enc.Data.Ciphertext == nil || !strings.HasPrefix(*enc.Data.Ciphertext, "vault:v1:") || *enc.Data.KeyVersion != 1 {
		t.Fatalf("encrypt: %+v", enc.Data)
	}
	dec, err := a.TransitDecrypt(ctx, "data", transit.TransitDecryptRequest{Ciphertext: enc.Data.Ciphertext})
	env.OK(t, err)
	if *dec.Data.Plaintext != b64("hello") {
		t.Fatalf("decrypt: %+v", dec.Data)
	}

	batch, err := a.TransitEncrypt(ctx, "data", transit.TransitEncryptRequest{BatchInput: []transit.TransitEncryptBatchItem{
		{Plaintext: livetest.Ptr(b64("one")), Reference: livetest.Ptr("r1")},
		{Plaintext: livetest.Ptr(b64("two"))},
	}})
	env.OK(t, err)
	br := batch.Data.BatchResults
	if len(br) != 2 || br[0].Reference != "r1" || br[1].Reference != "" || br[0].Ciphertext == nil || br[1].Error != nil {
		t.Fatalf("batch encrypt: %+v", br)
	}

	// A batch with a bad item: 400 with the results, or 207 when asked.
	bad := []transit.TransitEncryptBatchItem{{Plaintext: livetest.Ptr(b64("ok"))}, {Plaintext: livetest.Ptr("%%%"), Reference: livetest.Ptr("bad")}}
	var ans vtypes.Raw
	_, err = a.TransitEncrypt(ctx, "data", transit.TransitEncryptRequest{BatchInput: bad}, vtypes.CaptureRaw(&ans))
	if livetest.StatusOf(env.Leaks.Seen(err)) != http.StatusBadRequest || !isJSON(ans) {
		t.Fatalf("partial batch: %v %s", err, ans.Body)
	}
	var encFailure transit.TransitEncryptFailure
	env.OK(t, json.Unmarshal(ans.Body, &encFailure))
	failed, err := encFailure.AsTransitEncryptResult()
	env.OK(t, err)
	if r := failed.Data.BatchResults; len(r) != 2 || r[1].Error == nil || r[1].Reference != "bad" || r[0].Ciphertext == nil {
		t.Fatalf("400 batch results: %+v", r)
	}
	partial, err := a.TransitEncrypt(ctx, "data", transit.TransitEncryptRequest{BatchInput: bad, PartialFailureResponseCode: livetest.Ptr(207)}, vtypes.CaptureRaw(&ans))
	env.OK(t, err)
	if ans.Response.StatusCode != 207 || !isJSON(ans) || len(partial.Data.BatchResults) != 2 {
		t.Fatalf("207 batch: %d %s", ans.Response.StatusCode, ans.Body)
	}
	// A single bad input is a plain error body.
	_, err = a.TransitEncrypt(ctx, "data", transit.TransitEncryptRequest{Plaintext: livetest.Ptr("%%%")})
	if livetest.StatusOf(env.Leaks.Seen(err)) != http.StatusBadRequest {
		t.Fatalf("bad plaintext: %v", err)
	}

	decBatch, err := a.TransitDecrypt(ctx, "data", transit.TransitDecryptRequest{BatchInput: []transit.TransitDecryptBatchItem{
		{Ciphertext: br[0].Ciphertext, Reference: livetest.Ptr("x")}, {Ciphertext: br[1].Ciphertext},
	}})
	env.OK(t, err)
	if d := decBatch.Data.BatchResults; len(d) != 2 || d[0].Plaintext != b64("one") || d[0].Reference != "x" || d[1].Plaintext != b64("two") {
		t.Fatalf("batch decrypt: %+v", d)
	}
	badDec := []transit.TransitDecryptBatchItem{{Ciphertext: br[0].Ciphertext}, {Ciphertext: livetest.Ptr("vault:v1:AAAA")}}
	_, err = a.TransitDecrypt(ctx, "data", transit.TransitDecryptRequest{BatchInput: badDec}, vtypes.CaptureRaw(&ans))
	var decFailure transit.TransitDecryptFailure
	if livetest.StatusOf(env.Leaks.Seen(err)) != http.StatusBadRequest || !isJSON(ans) || json.Unmarshal(ans.Body, &decFailure) != nil {
		t.Fatalf("partial decrypt batch: %v %s", err, ans.Body)
	}
	drsp, err := a.TransitDecrypt(ctx, "data", transit.TransitDecryptRequest{BatchInput: badDec, PartialFailureResponseCode: livetest.Ptr(207)}, vtypes.CaptureRaw(&ans))
	env.OK(t, err)
	if ans.Response.StatusCode != 207 || !isJSON(ans) || drsp.Data.BatchResults[1].Error == nil || drsp.Data.BatchResults[0].Plaintext != b64("one") {
		t.Fatalf("207 decrypt batch: %d %s", ans.Response.StatusCode, ans.Body)
	}

	_, err = a.TransitRotateKey(ctx, "data", transit.TransitRotateKeyRequest{})
	env.OK(t, err)
	rw, err := a.TransitRewrap(ctx, "data", transit.TransitRewrapRequest{Ciphertext: enc.Data.Ciphertext})
	env.OK(t, err)
	if !strings.HasPrefix(*rw.Data.Ciphertext, "vault:v2:") || *rw.Data.KeyVersion != 2 {
		t.Fatalf("rewrap: %+v", rw.Data)
	}
	rwb, err := a.TransitRewrap(ctx, "data", transit.TransitRewrapRequest{BatchInput: []transit.TransitRewrapBatchItem{
		{Ciphertext: br[0].Ciphertext, Reference: livetest.Ptr("a")}, {Ciphertext: livetest.Ptr("garbage")},
	}})
	env.OK(t, err)
	if r := rwb.Data.BatchResults; len(r) != 2 || !strings.HasPrefix(*r[0].Ciphertext, "vault:v2:") || r[0].Reference != "a" || r[1].Error == nil {
		t.Fatalf("batch rewrap: %+v", r)
	}

	dk, err := a.TransitGenerateDataKey(ctx, transit.DataKeyPlaintext, "data", transit.TransitGenerateDataKeyRequest{Bits: livetest.Ptr(512)})
	env.OK(t, err)
	raw, _ := base64.StdEncoding.DecodeString(*dk.Data.Plaintext)
	if len(raw) != 64 || dk.Data.KeyVersion != 2 {
		t.Fatalf("datakey plaintext: %d bytes, %+v", len(raw), dk.Data)
	}
	env.Leaks.Add(*dk.Data.Plaintext)
	opened, err := a.TransitDecrypt(ctx, "data", transit.TransitDecryptRequest{Ciphertext: &dk.Data.Ciphertext})
	env.OK(t, err)
	if *opened.Data.Plaintext != *dk.Data.Plaintext {
		t.Fatal("the wrapped data key does not decrypt to the plaintext one")
	}
	wk, err := a.TransitGenerateDataKey(ctx, transit.DataKeyWrapped, "data", transit.TransitGenerateDataKeyRequest{})
	env.OK(t, err)
	if wk.Data.Plaintext != nil || wk.Data.Ciphertext == "" {
		t.Fatalf("datakey wrapped: %+v", wk.Data)
	}
}

func TestSignVerifyHMACHash(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	createKey(t, a, "signer", transit.TransitCreateKeyRequest{Type: livetest.Ptr("ecdsa-p256")})
	msg := b64("signed message")

	sig, err := a.TransitSign(ctx, "signer", transit.TransitSignRequest{Input: &msg})
	env.OK(t, err)
	if sig.Data.Signature == nil || *sig.Data.KeyVersion != 1 || sig.Data.PublicKey != nil {
		t.Fatalf("sign: %+v", sig.Data)
	}
	ok, err := a.TransitVerify(ctx, "signer", transit.TransitVerifyRequest{Input: &msg, Signature: sig.Data.Signature})
	env.OK(t, err)
	if ok.Data.Valid == nil || !*ok.Data.Valid {
		t.Fatalf("verify: %+v", ok.Data)
	}
	sig512, err := a.TransitSignWithAlgorithm(ctx, "signer", "sha2-512", transit.TransitSignRequest{BatchInput: []transit.TransitSignBatchItem{
		{Input: &msg, Reference: livetest.Ptr("m")}, {Input: livetest.Ptr("%%%")},
	}, MarshalingAlgorithm: livetest.Ptr("jws")})
	env.OK(t, err)
	sb := sig512.Data.BatchResults
	if len(sb) != 2 || sb[0].Signature == nil || sb[0].KeyVersion != 1 || sb[0].Reference != "m" || sb[1].Error == nil || sb[1].KeyVersion != 0 {
		t.Fatalf("batch sign: %+v", sb)
	}
	vb, err := a.TransitVerifyWithAlgorithm(ctx, "signer", "sha2-512", transit.TransitVerifyRequest{MarshalingAlgorithm: livetest.Ptr("jws"), BatchInput: []transit.TransitVerifyBatchItem{
		{Input: &msg, Signature: sb[0].Signature, Reference: livetest.Ptr("good")},
		{Input: livetest.Ptr(b64("other")), Signature: sb[0].Signature},
	}})
	env.OK(t, err)
	if r := vb.Data.BatchResults; len(r) != 2 || !r[0].Valid || r[0].Reference != "good" || r[1].Valid {
		t.Fatalf("batch verify: %+v", r)
	}

	// Derived ed25519 signing hands back the derived public key.
	createKey(t, a, "edsign", transit.TransitCreateKeyRequest{Type: livetest.Ptr("ed25519"), Derived: livetest.Ptr(true)})
	eds, err := a.TransitSign(ctx, "edsign", transit.TransitSignRequest{Input: &msg, Context: livetest.Ptr(b64("ctx"))})
	env.OK(t, err)
	if eds.Data.PublicKey == nil || *eds.Data.PublicKey == "" {
		t.Fatalf("derived sign: %+v", eds.Data)
	}

	// hmac keys need key_size: Vault rejects the default 0.
	createKey(t, a, "mac2", transit.TransitCreateKeyRequest{Type: livetest.Ptr("hmac"), KeySize: livetest.Ptr(32)})
	mac, err := a.TransitGenerateHMAC(ctx, "mac2", transit.TransitGenerateHMACRequest{Input: &msg})
	env.OK(t, err)
	if mac.Data.HMAC == nil || !strings.HasPrefix(*mac.Data.HMAC, "vault:v1:") {
		t.Fatalf("hmac: %+v", mac.Data)
	}
	vm, err := a.TransitVerify(ctx, "mac2", transit.TransitVerifyRequest{Input: &msg, HMAC: mac.Data.HMAC})
	env.OK(t, err)
	if !*vm.Data.Valid {
		t.Fatal("hmac did not verify")
	}
	macs, err := a.TransitGenerateHMACWithAlgorithm(ctx, "mac2", "sha2-512", transit.TransitGenerateHMACRequest{BatchInput: []transit.TransitHMACBatchItem{
		{Input: &msg, Reference: livetest.Ptr("h")}, {Input: livetest.Ptr("%%%")},
	}})
	env.OK(t, err)
	if r := macs.Data.BatchResults; len(r) != 2 || r[0].HMAC == nil || r[0].Reference != "h" || r[1].Error == nil {
		t.Fatalf("batch hmac: %+v", r)
	}

	want := sha256.Sum256([]byte("signed message"))
	h, err := a.TransitHash(ctx, transit.TransitHashRequest{Input: msg})
	env.OK(t, err)
	if h.Data.Sum != hex.EncodeToString(want[:]) {
		t.Fatalf("hash: %s", h.Data.Sum)
	}
	h, err = a.TransitHashWithAlgorithm(ctx, "sha2-256", transit.TransitHashRequest{Input: msg, Format: livetest.Ptr("base64")})
	env.OK(t, err)
	if h.Data.Sum != base64.StdEncoding.EncodeToString(want[:]) {
		t.Fatalf("hash base64: %s", h.Data.Sum)
	}
}

func TestRandom(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	size := func(out *transit.TransitGenerateRandomResult, err error) int {
		t.Helper()
		env.OK(t, err)
		raw, err := base64.StdEncoding.DecodeString(out.Data.RandomBytes)
		env.OK(t, err)
		return len(raw)
	}
	if n := size(a.TransitGenerateRandom(ctx, transit.TransitGenerateRandomRequest{})); n != 32 {
		t.Fatalf("random: %d bytes", n)
	}
	if n := size(a.TransitGenerateRandomWithSource(ctx, "platform", transit.TransitGenerateRandomRequest{Bytes: livetest.Ptr(8)})); n != 8 {
		t.Fatalf("random/platform: %d bytes", n)
	}
	// A number in the source position is a byte count.
	hexOut, err := a.TransitGenerateRandomWithSource(ctx, "16", transit.TransitGenerateRandomRequest{Format: livetest.Ptr("hex")})
	env.OK(t, err)
	if raw, err := hex.DecodeString(hexOut.Data.RandomBytes); err != nil || len(raw) != 16 {
		t.Fatalf("random/16: %q %v", hexOut.Data.RandomBytes, err)
	}
	out, err := a.TransitGenerateRandomWithSourceAndBytes(ctx, "seal", "24", transit.TransitGenerateRandomRequest{})
	if n := size(out, err); n != 24 || len(out.Warnings) == 0 {
		t.Fatalf("random/seal/24: %d bytes, warnings %v", n, out.Warnings)
	}
}

func TestConfig(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	kc, err := a.TransitWriteKeysConfig(ctx, transit.TransitWriteKeysConfigRequest{DisableUpsert: livetest.Ptr(true)})
	env.OK(t, err)
	if !kc.Data.DisableUpsert {
		t.Fatal("disable_upsert not set")
	}
	_, err = a.TransitEncrypt(ctx, "never-created", transit.TransitEncryptRequest{Plaintext: livetest.Ptr(b64("x"))})
	if livetest.StatusOf(env.Leaks.Seen(err)) != http.StatusBadRequest {
		t.Fatalf("encrypt with upsert disabled: %v", err)
	}
	kc, err = a.TransitWriteKeysConfig(ctx, transit.TransitWriteKeysConfigRequest{DisableUpsert: livetest.Ptr(false)})
	env.OK(t, err)
	kc, err = a.TransitReadKeysConfig(ctx)
	env.OK(t, err)
	if kc.Data.DisableUpsert {
		t.Fatal("disable_upsert still set")
	}

	cc, err := a.TransitWriteCacheConfig(ctx, transit.TransitWriteCacheConfigRequest{Size: livetest.Ptr(500)})
	env.OK(t, err)
	if cc.Data.Size != 500 {
		t.Fatalf("cache size: %d", cc.Data.Size)
	}
	cc, err = a.TransitReadCacheConfig(ctx)
	env.OK(t, err)
	if cc.Data.Size != 500 {
		t.Fatalf("cache size read: %d", cc.Data.Size)
	}
	_, err = a.TransitWriteCacheConfig(ctx, transit.TransitWriteCacheConfigRequest{Size: livetest.Ptr(0)})
	env.OK(t, err)
}

func TestExportBackupRestore(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	createKey(t, a, "portable", transit.TransitCreateKeyRequest{Exportable: livetest.Ptr(true), AllowPlaintextBackup: livetest.Ptr(true)})
	_, err := a.TransitRotateKey(ctx, "portable", transit.TransitRotateKeyRequest{})
	env.OK(t, err)
	ct, err := a.TransitEncrypt(ctx, "portable", transit.TransitEncryptRequest{Plaintext: livetest.Ptr(b64("kept"))})
	env.OK(t, err)

	all, err := a.TransitExportKey(ctx, transit.ExportEncryptionKey, "portable")
	env.OK(t, err)
	if all.Data.Name != "portable" || len(all.Data.Keys) != 2 {
		t.Fatalf("export: %+v", all.Data.Name)
	}
	for _, k := range all.Data.Keys {
		env.Leaks.Add(k)
	}
	one, err := a.TransitExportKeyVersion(ctx, transit.ExportHMACKey, "portable", "latest")
	env.OK(t, err)
	if len(one.Data.Keys) != 1 || one.Data.Keys["2"] == "" {
		t.Fatalf("export latest hmac key: versions %d", len(one.Data.Keys))
	}
	env.Leaks.Add(one.Data.Keys["2"])

	backup, err := a.TransitBackUpKey(ctx, "portable")
	env.OK(t, err)
	env.Leaks.Add(backup.Data.Backup)
	err = a.TransitRestoreAndRenameKey(ctx, "copy", transit.TransitRestoreKeyRequest{Backup: backup.Data.Backup})
	env.OK(t, err)
	dec, err := a.TransitDecrypt(ctx, "copy", transit.TransitDecryptRequest{Ciphertext: ct.Data.Ciphertext})
	env.OK(t, err)
	if *dec.Data.Plaintext != b64("kept") {
		t.Fatal("restored copy does not decrypt")
	}
	copied, err := a.TransitReadKey(ctx, "copy", nil)
	env.OK(t, err)
	if copied.Data.RestoreInfo == nil || copied.Data.RestoreInfo.Version != 2 {
		t.Fatalf("restore_info: %+v", copied.Data.RestoreInfo)
	}
	// Restoring over the original needs force.
	err = a.TransitRestoreKey(ctx, transit.TransitRestoreKeyRequest{Backup: backup.Data.Backup})
	if livetest.StatusOf(env.Leaks.Seen(err)) < 400 {
		t.Fatalf("restore over an existing key without force: %v", err)
	}
	err = a.TransitRestoreKey(ctx, transit.TransitRestoreKeyRequest{Backup: backup.Data.Backup, Force: livetest.Ptr(true)})
	env.OK(t, err)
	orig, err := a.TransitReadKey(ctx, "portable", nil)
	env.OK(t, err)
	if orig.Data.BackupInfo == nil || orig.Data.RestoreInfo == nil {
		t.Fatalf("backup/restore info on the original: %+v %+v", orig.Data.BackupInfo, orig.Data.RestoreInfo)
	}
}

// kwpWrap is AES key wrap with padding (RFC 5649), as transit's import expects.
func kwpWrap(kek, plain []byte) []byte {
	block, err := aes.NewCipher(kek)
	if err != nil {
		panic(err)
	}
	padded := make([]byte, (len(plain)+7)/8*8)
	copy(padded, plain)
	var aiv [8]byte
	binary.BigEndian.PutUint32(aiv[:4], 0xA65959A6)
	binary.BigEndian.PutUint32(aiv[4:], uint32(len(plain)))
	if len(padded) == 8 {
		out := make([]byte, 16)
		block.Encrypt(out, append(aiv[:], padded...))
		return out
	}
	n := len(padded) / 8
	r := make([][]byte, n)
	for i := range r {
		r[i] = padded[i*8 : i*8+8]
	}
	a := aiv[:]
	buf := make([]byte, 16)
	for j := 0; j < 6; j++ {
		for i := 0; i < n; i++ {
			block.Encrypt(buf, append(append([]byte{}, a...), r[i]...))
			t := uint64(n*j + i + 1)
			a = make([]byte, 8)
			binary.BigEndian.PutUint64(a, binary.BigEndian.Uint64(buf[:8])^t)
			r[i] = append([]byte{}, buf[8:]...)
		}
	}
	out := append([]byte{}, a...)
	for _, b := range r {
		out = append(out, b...)
	}
	return out
}

// wrapForImport builds the import ciphertext for key material.
func wrapForImport(t *testing.T, wrappingPEM string, material []byte) string {
	t.Helper()
	block, _ := pem.Decode([]byte(wrappingPEM))
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	eph := make([]byte, 32)
	if _, err := rand.Read(eph); err != nil {
		t.Fatal(err)
	}
	wrappedKey, err := rsa.EncryptOAEP(sha256.New(), rand.Reader, pub.(*rsa.PublicKey), eph, nil)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(append(wrappedKey, kwpWrap(eph, material)...))
}

func TestImportAndBYOK(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	wk, err := a.TransitReadWrappingKey(ctx)
	env.OK(t, err)
	if !strings.HasPrefix(wk.Data.PublicKey, "-----BEGIN PUBLIC KEY-----") {
		t.Fatalf("wrapping key: %q", wk.Data.PublicKey)
	}

	// An AES key we know, imported, then a second version.
	aesKey := make([]byte, 32)
	rand.Read(aesKey)
	env.Leaks.Add(base64.StdEncoding.EncodeToString(aesKey))
	err = a.TransitImportKey(ctx, "imported", transit.TransitImportKeyRequest{
		Ciphertext: livetest.Ptr(wrapForImport(t, wk.Data.PublicKey, aesKey)), HashFunction: livetest.Ptr("SHA256"), Exportable: livetest.Ptr(true),
	})
	env.OK(t, err)
	aesKey2 := make([]byte, 32)
	rand.Read(aesKey2)
	err = a.TransitImportKeyVersion(ctx, "imported", transit.TransitImportKeyVersionRequest{
		Ciphertext: livetest.Ptr(wrapForImport(t, wk.Data.PublicKey, aesKey2)),
	})
	env.OK(t, err)
	exp, err := a.TransitExportKey(ctx, transit.ExportEncryptionKey, "imported")
	env.OK(t, err)
	if exp.Data.Keys["1"] != base64.StdEncoding.EncodeToString(aesKey) || exp.Data.Keys["2"] != base64.StdEncoding.EncodeToString(aesKey2) {
		t.Fatal("exported material is not what was imported")
	}
	imp, err := a.TransitReadKey(ctx, "imported", nil)
	env.OK(t, err)
	if !imp.Data.ImportedKey || imp.Data.ImportedKeyAllowRotation == nil || *imp.Data.ImportedKeyAllowRotation {
		t.Fatalf("imported key: %+v", imp.Data)
	}

	// BYOK export: the destination is this mount's own wrapping key, imported
	// as a public-only RSA key, standing in for another transit mount's.
	err = a.TransitImportKey(ctx, "peer-wrapping", transit.TransitImportKeyRequest{
		Type: livetest.Ptr("rsa-4096"), PublicKey: &wk.Data.PublicKey,
	})
	env.OK(t, err)
	byok, err := a.TransitBYOKExportKey(ctx, "peer-wrapping", "imported", nil)
	env.OK(t, err)
	if byok.Data.Name != "imported" || len(byok.Data.Keys) != 2 {
		t.Fatalf("byok export: %+v", byok.Data)
	}
	one, err := a.TransitBYOKExportKeyVersion(ctx, "peer-wrapping", "imported", "1", &transit.TransitBYOKExportKeyVersionParams{Hash: livetest.Ptr("SHA512")})
	env.OK(t, err)
	// What it exported imports back (with the matching OAEP hash).
	err = a.TransitImportKey(ctx, "round-trip", transit.TransitImportKeyRequest{
		Ciphertext: livetest.Ptr(one.Data.Keys["1"]), HashFunction: livetest.Ptr("SHA512"), Exportable: livetest.Ptr(true),
	})
	env.OK(t, err)
	rt, err := a.TransitExportKeyVersion(ctx, transit.ExportEncryptionKey, "round-trip", "1")
	env.OK(t, err)
	if rt.Data.Keys["1"] != base64.StdEncoding.EncodeToString(aesKey) {
		t.Fatal("byok round trip changed the key")
	}
}

func TestCertificates(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	createKey(t, a, "leaf", transit.TransitCreateKeyRequest{Type: livetest.Ptr("ecdsa-p256")})
	csrOut, err := a.TransitGenerateCSRForKey(ctx, "leaf", transit.TransitGenerateCSRForKeyRequest{})
	env.OK(t, err)
	block, _ := pem.Decode([]byte(csrOut.Data.CSR))
	if block == nil || csrOut.Data.Type != "ecdsa-p256" {
		t.Fatalf("csr: %+v", csrOut.Data)
	}
	csr, err := x509.ParseCertificateRequest(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}

	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	leafDER, err := x509.CreateCertificate(rand.Reader, &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "transit leaf"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature,
	}, caCert, csr.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	chain := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leafDER})) +
		string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}))

	set, err := a.TransitSetCertificateForKey(ctx, "leaf", transit.TransitSetCertificateForKeyRequest{CertificateChain: chain, Version: livetest.Ptr(1)})
	env.OK(t, err)
	if set.Data.CertificateChain != chain || set.Data.Name != "leaf" {
		t.Fatalf("set-certificate: %+v", set.Data)
	}
	key, err := a.TransitReadKey(ctx, "leaf", nil)
	env.OK(t, err)
	v1, err := key.Data.Keys["1"].AsTransitKeyVersionInfo()
	env.OK(t, err)
	if strings.Count(v1.CertificateChain, "BEGIN CERTIFICATE") != 2 || v1.Name != "P-256" {
		t.Fatalf("key version after set-certificate: %+v", v1)
	}
	exp, err := a.TransitExportKey(ctx, transit.ExportCertificateChain, "leaf")
	env.OK(t, err)
	if strings.Count(exp.Data.Keys["1"], "BEGIN CERTIFICATE") != 2 {
		t.Fatalf("exported chain: %q", exp.Data.Keys["1"])
	}
	pub, err := a.TransitExportKeyVersion(ctx, transit.ExportPublicKey, "leaf", "1")
	env.OK(t, err)
	if !strings.Contains(pub.Data.Keys["1"], "PUBLIC KEY") {
		t.Fatalf("exported public key: %q", pub.Data.Keys["1"])
	}
}
