package sysenterprise_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// vaultRaw calls the dev server directly for setup steps that belong to
// other areas (enabling userpass, identity MFA); their responses are not
// part of these areas' contract.
func vaultRaw(ctx context.Context, method, path, token string, body any) (map[string]any, error) {
	var rd *bytes.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(raw)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, err := http.NewRequestWithContext(ctx, method, env.Server.Addr+"/v1/"+path, rd)
	if err != nil {
		return nil, err
	}
	if token != "" {
		req.Header.Set("X-Vault-Token", token)
	}
	rsp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer rsp.Body.Close()
	out := map[string]any{}
	if rsp.StatusCode == http.StatusNoContent {
		return out, nil
	}
	if err := json.NewDecoder(rsp.Body).Decode(&out); err != nil {
		return nil, fmt.Errorf("%s %s: %d, body not JSON: %w", method, path, rsp.StatusCode, err)
	}
	if rsp.StatusCode >= 300 {
		return nil, fmt.Errorf("%s %s: %d %v", method, path, rsp.StatusCode, out["errors"])
	}
	return out, nil
}

// totpCode computes the current RFC 6238 code (SHA1, 6 digits, 30s) for the
// secret in an otpauth:// URL.
func totpCode(otpauth string, at time.Time) (string, error) {
	u, err := url.Parse(otpauth)
	if err != nil {
		return "", err
	}
	secret := strings.ToUpper(u.Query().Get("secret"))
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		return "", err
	}
	var counter [8]byte
	binary.BigEndian.PutUint64(counter[:], uint64(at.Unix()/30))
	mac := hmac.New(sha1.New, key)
	mac.Write(counter[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	code := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%06d", code%1000000), nil
}
