package systools_test

import (
	"context"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/govault/govault/generated/systools"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("sys", systools.New)

func TestHash(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	input := []byte("the quick brown fox")

	def, err := a.SysHash(ctx, systools.SysHashRequest{Input: input})
	env.OK(t, err)
	s256 := sha256.Sum256(input)
	if def.Data.Sum != hex.EncodeToString(s256[:]) {
		t.Fatalf("default sha2-256/hex: %s", def.Data.Sum)
	}
	body, err := a.SysHash(ctx, systools.SysHashRequest{Input: input, Algorithm: livetest.Ptr(systools.HashSHA2512), Format: livetest.Ptr(systools.FormatBase64)})
	env.OK(t, err)
	s512 := sha512.Sum512(input)
	if body.Data.Sum != base64.StdEncoding.EncodeToString(s512[:]) {
		t.Fatalf("sha2-512/base64: %s", body.Data.Sum)
	}
	path, err := a.SysHashWithAlgorithm(ctx, systools.HashSHA3256, systools.SysHashWithAlgorithmRequest{Input: input, Format: livetest.Ptr(systools.FormatHex)})
	env.OK(t, err)
	s3 := sha3.Sum256(input)
	if path.Data.Sum != hex.EncodeToString(s3[:]) {
		t.Fatalf("sha3-256 from the path: %s", path.Data.Sum)
	}
}

func decodedLen(t *testing.T, s string, format systools.OutputFormat) int {
	t.Helper()
	var b []byte
	var err error
	if format == systools.FormatHex {
		b, err = hex.DecodeString(s)
	} else {
		b, err = base64.StdEncoding.DecodeString(s)
	}
	if err != nil {
		t.Fatalf("%q is not %s: %v", s, format, err)
	}
	return len(b)
}

func TestRandom(t *testing.T) {
	ctx := context.Background()
	a := api(t)

	def, err := a.SysGenerateRandom(ctx, systools.SysGenerateRandomRequest{})
	env.OK(t, err)
	if n := decodedLen(t, def.Data.RandomBytes, systools.FormatBase64); n != 32 {
		t.Fatalf("default length %d", n)
	}
	hexed, err := a.SysGenerateRandom(ctx, systools.SysGenerateRandomRequest{Bytes: livetest.Ptr(10), Format: livetest.Ptr(systools.FormatHex), Source: livetest.Ptr(systools.RandomSourcePlatform)})
	env.OK(t, err)
	if n := decodedLen(t, hexed.Data.RandomBytes, systools.FormatHex); n != 10 {
		t.Fatalf("hex length %d", n)
	}

	// The one-segment path takes a source name ...
	seal, err := a.SysGenerateRandomWithSource(ctx, "seal", systools.SysGenerateRandomWithSourceRequest{Bytes: livetest.Ptr(12)})
	env.OK(t, err)
	if n := decodedLen(t, seal.Data.RandomBytes, systools.FormatBase64); n != 12 {
		t.Fatalf("seal length %d", n)
	}
	// A Shamir-sealed dev server has no seal entropy and says so.
	if !slices.ContainsFunc(seal.Warnings, func(w string) bool { return strings.Contains(w, "platform entropy") }) {
		t.Fatalf("seal source without entropy augmentation: warnings %v", seal.Warnings)
	}
	// ... or a byte count.
	counted, err := a.SysGenerateRandomWithSource(ctx, "16", systools.SysGenerateRandomWithSourceRequest{Format: livetest.Ptr(systools.FormatHex)})
	env.OK(t, err)
	if n := decodedLen(t, counted.Data.RandomBytes, systools.FormatHex); n != 16 {
		t.Fatalf("count in the path: length %d", n)
	}
	both, err := a.SysGenerateRandomWithSourceAndBytes(ctx, systools.RandomSourceAll, 24, systools.SysGenerateRandomWithSourceAndBytesRequest{})
	env.OK(t, err)
	if n := decodedLen(t, both.Data.RandomBytes, systools.FormatBase64); n != 24 {
		t.Fatalf("source and count in the path: length %d", n)
	}

	if _, err := a.SysGenerateRandomWithSource(ctx, "moon", systools.SysGenerateRandomWithSourceRequest{}); !errors.Is(err, wrappers.ErrInvalidRequest) {
		t.Fatalf("unknown source: want 400, got %v", err)
	}
}

const policyHCL = `length = 20
rule "charset" {
  charset   = "abcdefghijklmnopqrstuvwxyz"
  min-chars = 1
}
rule "charset" {
  charset   = "0123456789"
  min-chars = 4
}
`

func TestPasswordPolicies(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	// No policies yet: Vault answers 404, which a LIST reports as an empty result.
	var none vtypes.Raw
	empty, err := a.SysListPasswordPolicies(ctx, vtypes.CaptureRaw(&none))
	env.OK(t, err)
	if len(empty.Data.Keys) != 0 || none.Response.StatusCode != http.StatusNotFound {
		t.Fatalf("no policies yet: want an empty list from a 404, got %v (status %d, %s)", empty.Data.Keys, none.Response.StatusCode, none.Body)
	}

	err = a.SysWritePasswordPolicy(ctx, "alnum", systools.SysWritePasswordPolicyRequest{Policy: policyHCL})
	env.OK(t, err)
	// The policy may also be sent base64 encoded; it is stored decoded.
	err = a.SysWritePasswordPolicy(ctx, "alnum-b64", systools.SysWritePasswordPolicyRequest{Policy: base64.StdEncoding.EncodeToString([]byte(policyHCL))})
	env.OK(t, err)

	for _, name := range []string{"alnum", "alnum-b64"} {
		got, err := a.SysReadPasswordPolicy(ctx, name)
		env.OK(t, err)
		if got.Data.Policy != policyHCL {
			t.Fatalf("%s: policy %q", name, got.Data.Policy)
		}
	}
	names, err := a.SysListPasswordPolicies(ctx)
	env.OK(t, err)
	if !slices.Equal(names.Data.Keys, []string{"alnum", "alnum-b64"}) {
		t.Fatalf("list: %v", names.Data.Keys)
	}

	pw, err := a.SysGeneratePassword(ctx, "alnum")
	env.OK(t, err)
	digits := 0
	for _, r := range pw.Data.Password {
		if unicode.IsDigit(r) {
			digits++
		} else if r < 'a' || r > 'z' {
			t.Fatalf("password %q has %q", pw.Data.Password, r)
		}
	}
	if len(pw.Data.Password) != 20 || digits < 4 {
		t.Fatalf("password %q does not follow the policy", pw.Data.Password)
	}
	leaksAdd(pw.Data.Password)

	// Impossible or out-of-range policies are refused.
	for _, bad := range []string{"length = 2\nrule \"charset\" {\n  charset = \"ab\"\n}\n", "length = 5\nrule \"charset\" {\n  charset = \"a\"\n  min-chars = 6\n}\n", "not hcl {"} {
		if err := a.SysWritePasswordPolicy(ctx, "bad", systools.SysWritePasswordPolicyRequest{Policy: bad}); !errors.Is(err, wrappers.ErrInvalidRequest) {
			t.Errorf("policy %q: want 400, got %v", bad, err)
		}
	}

	for _, name := range []string{"alnum", "alnum-b64", "alnum"} {
		err = a.SysDeletePasswordPolicy(ctx, name)
		env.OK(t, err)
	}
	if _, err := a.SysReadPasswordPolicy(ctx, "alnum"); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("read after delete: want 404, got %v", err)
	}
	if _, err := a.SysGeneratePassword(ctx, "alnum"); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("generate after delete: want 404, got %v", err)
	}
}

func leaksAdd(secrets ...string) { env.Leaks.Add(secrets...) }
