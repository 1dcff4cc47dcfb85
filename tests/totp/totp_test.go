package totp_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govault/govault/generated/totp"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
)

var api = livetest.APIFor("totp", totp.New)

// code computes the RFC 6238 SHA1 code of key at time at.
func code(key []byte, at time.Time, period int64, digits int) string {
	mac := hmac.New(sha1.New, key)
	binary.Write(mac, binary.BigEndian, uint64(at.Unix()/period))
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	v := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, v%mod)
}

func TestGeneratedKeys(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	gen, err := a.TOTPCreateKey(ctx, "app", totp.TOTPCreateKeyRequest{
		Generate: livetest.Ptr(true), Issuer: livetest.Ptr("Vault"), AccountName: livetest.Ptr("alice@example.com"), Digits: livetest.Ptr(8), Period: livetest.Ptr(vtypes.Duration("1m")),
	})
	env.OK(t, err)
	if !strings.HasPrefix(gen.Data.URL, "otpauth://totp/Vault:alice@example.com?") || gen.Data.Barcode == nil {
		t.Fatalf("generated: %+v", gen.Data.URL)
	}
	env.Leaks.Add(gen.Data.URL)
	if png, err := base64.StdEncoding.DecodeString(*gen.Data.Barcode); err != nil || !strings.HasPrefix(string(png), "\x89PNG") {
		t.Fatalf("barcode is not a PNG: %v", err)
	}
	noQR, err := a.TOTPCreateKey(ctx, "no-qr", totp.TOTPCreateKeyRequest{
		Generate: livetest.Ptr(true), Issuer: livetest.Ptr("Vault"), AccountName: livetest.Ptr("bob"), QrSize: livetest.Ptr(0),
	})
	env.OK(t, err)
	if noQR.Data.Barcode != nil {
		t.Fatal("qr_size 0 still sent a barcode")
	}
	env.Leaks.Add(noQR.Data.URL)
	var hidden vtypes.Raw
	_, err = a.TOTPCreateKey(ctx, "hidden", totp.TOTPCreateKeyRequest{
		Generate: livetest.Ptr(true), Issuer: livetest.Ptr("Vault"), AccountName: livetest.Ptr("carol"), Exported: livetest.Ptr(false),
	}, vtypes.CaptureRaw(&hidden))
	env.OK(t, err)
	if hidden.Response.StatusCode != http.StatusNoContent {
		t.Fatalf("unexported key: %d", hidden.Response.StatusCode)
	}

	key, err := a.TOTPReadKey(ctx, "app")
	env.OK(t, err)
	if key.Data.Digits != 8 || key.Data.Period != 60 || key.Data.Algorithm != "SHA1" || key.Data.Issuer != "Vault" {
		t.Fatalf("key: %+v", key.Data)
	}
	c, err := a.TOTPGenerateCode(ctx, "app")
	env.OK(t, err)
	if len(c.Data.Code) != 8 {
		t.Fatalf("code: %q", c.Data.Code)
	}
	list, err := a.TOTPListKeys(ctx)
	env.OK(t, err)
	if !slices.Equal(list.Data.Keys, []string{"app", "hidden", "no-qr"}) {
		t.Fatalf("keys: %v", list.Data.Keys)
	}
	err = a.TOTPDeleteKey(ctx, "hidden")
	env.OK(t, err)
	_, err = a.TOTPReadKey(ctx, "hidden")
	if livetest.StatusOf(env.Leaks.Seen(err)) != http.StatusNotFound {
		t.Fatalf("read after delete: %v", err)
	}
}

func TestProvidedKey(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	secret := []byte("12345678901234567890")
	b32 := base32.StdEncoding.EncodeToString(secret)
	env.Leaks.Add(b32)
	_, err := a.TOTPCreateKey(ctx, "device", totp.TOTPCreateKeyRequest{Key: &b32, Skew: livetest.Ptr(0)})
	env.OK(t, err)

	now := time.Now()
	if now.Unix()%30 > 25 { // stay inside one period
		time.Sleep(6 * time.Second)
		now = time.Now()
	}
	want := code(secret, now, 30, 6)
	got, err := a.TOTPGenerateCode(ctx, "device")
	env.OK(t, err)
	if got.Data.Code != want {
		t.Fatalf("code %s, want %s", got.Data.Code, want)
	}
	ok, err := a.TOTPValidateCode(ctx, "device", totp.TOTPValidateCodeRequest{Code: want})
	env.OK(t, err)
	if !ok.Data.Valid {
		t.Fatal("the current code did not validate")
	}
	_, err = a.TOTPValidateCode(ctx, "device", totp.TOTPValidateCodeRequest{Code: want})
	if livetest.StatusOf(env.Leaks.Seen(err)) != http.StatusBadRequest {
		t.Fatalf("replayed code: %v", err)
	}
	wrong := code(secret, now.Add(-time.Hour), 30, 6)
	if wrong == want {
		wrong = "000000"
	}
	bad, err := a.TOTPValidateCode(ctx, "device", totp.TOTPValidateCodeRequest{Code: wrong})
	env.OK(t, err)
	if bad.Data.Valid {
		t.Fatal("an old code validated")
	}
}
