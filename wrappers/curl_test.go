package wrappers_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/govault/govault/generated/authtoken"
	"github.com/govault/govault/wrappers"
)

// The printed curl command is safe to paste into a shell: run with curl as a
// function that records its arguments, it has no side effect, passes every
// value exactly, takes the token from $VAULT_TOKEN and never holds it.
func TestCurlOutputIsSafeToPaste(t *testing.T) {
	const (
		clientToken  = "hvs.CLIENT-token-never-printed"
		requestToken = "hvs.REQUEST-token-never-printed"
		envToken     = "hvs.from-the-environment"
		addr         = "https://vault.example.com:8200"
	)
	hostile := `a'b "$VAULT_TOKEN" $(touch made-by-dollar-paren) ` + "`touch made-by-backtick`" + ` ${HOME} \ ;|&>redirected '\''`
	body := "@/etc/passwd\n" + `{"token":"` + clientToken + `","other":"` + requestToken + `"}` + "\n" + hostile + "\n"
	redactedBody := strings.NewReplacer(clientToken, "[redacted]", requestToken, "[redacted]").Replace(body)
	hostileQuery := "x=$(touch made-by-query)`touch made-by-query-backtick`'&t=" + clientToken

	for _, tc := range []struct {
		name string
		call func(ctx context.Context, c *wrappers.Client) error
		want []string // curl's arguments
	}{
		{
			name: "hostile header, body and query with a per-request token",
			call: func(ctx context.Context, c *wrappers.Client) error {
				ctx = wrappers.WithRequestOptions(ctx, wrappers.RequestToken(requestToken), wrappers.RequestMFA("totp:424242"))
				req, err := http.NewRequestWithContext(ctx, http.MethodPost, addr+"/v1/secret/data/app?"+hostileQuery, strings.NewReader(body))
				if err != nil {
					return err
				}
				_, err = c.Do(req)
				return err
			},
			want: []string{"-X", "POST",
				"-H", "Authorization: [redacted]",
				"-H", "X-Hostile: " + hostile,
				"-H", "X-Vault-Mfa: [redacted]",
				"-H", "X-Vault-Request: true",
				"-H", "X-Vault-Token: " + envToken,
				"--data-raw", redactedBody,
				"--globoff", addr + "/v1/secret/data/app?x=$(touch made-by-query)`touch made-by-query-backtick`'&t=[redacted]"},
		},
		{
			name: "token lookup sends the token in the body",
			call: func(ctx context.Context, c *wrappers.Client) error {
				_, err := c.TokenAuth().TokenLookup(ctx, authtoken.TokenLookupRequest{Token: clientToken})
				return err
			},
			want: []string{"-X", "POST",
				"-H", "Authorization: [redacted]",
				"-H", "Content-Type: application/json",
				"-H", "X-Hostile: " + hostile,
				"-H", "X-Vault-Request: true",
				"-H", "X-Vault-Token: " + envToken,
				"--data-raw", `{"token":"[redacted]"}`,
				addr + "/v1/auth/token/lookup"},
		},
		{
			name: "token in the path",
			call: func(ctx context.Context, c *wrappers.Client) error {
				req, err := http.NewRequestWithContext(ctx, http.MethodGet, addr+"/v1/auth/token/lookup/"+clientToken, nil)
				if err != nil {
					return err
				}
				_, err = c.Do(req)
				return err
			},
			want: []string{
				"-H", "Authorization: [redacted]",
				"-H", "X-Hostile: " + hostile,
				"-H", "X-Vault-Request: true",
				"-H", "X-Vault-Token: " + envToken,
				"--globoff", addr + "/v1/auth/token/lookup/[redacted]"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var printed []string
			c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(addr), wrappers.WithToken(clientToken),
				wrappers.WithHeader("X-Hostile", hostile), wrappers.WithHeader("Authorization", "Bearer bearer-secret"),
				wrappers.WithOutputCurl(func(s string) { printed = append(printed, s) }))
			mustOK(t, err)
			if err := tc.call(context.Background(), c); !errors.Is(err, wrappers.ErrNotSent) {
				t.Fatalf("err = %v, want ErrNotSent", err)
			}
			if len(printed) != 1 {
				t.Fatalf("printed %d commands, want 1", len(printed))
			}
			for _, secret := range []string{clientToken, requestToken, "bearer-secret", "424242"} {
				if strings.Contains(printed[0], secret) {
					t.Fatalf("the command holds %q:\n%s", secret, printed[0])
				}
			}
			if diff := cmp.Diff(tc.want, runCurlLine(t, printed[0], envToken)); diff != "" {
				t.Fatalf("curl's arguments (-want +got):\n%s\ncommand:\n%s", diff, printed[0])
			}
		})
	}
}

// runCurlLine runs line in sh with curl defined as a function that records
// its arguments, in an empty directory that must stay empty.
func runCurlLine(t *testing.T, line, vaultToken string) []string {
	t.Helper()
	work, out := t.TempDir(), filepath.Join(t.TempDir(), "args")
	// \036 (record separator) between arguments: they may hold newlines.
	script := `curl() { for a in "$@"; do printf '%s\036' "$a"; done > "$OUT"; }` + "\n" + line
	cmd := exec.Command("sh", "-c", script)
	cmd.Dir = work
	cmd.Env = []string{"OUT=" + out, "VAULT_TOKEN=" + vaultToken, "HOME=" + work, "PATH=" + os.Getenv("PATH")}
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sh: %v: %s", err, msg)
	}
	if entries, _ := os.ReadDir(work); len(entries) != 0 {
		t.Fatalf("the command had a side effect: %v appeared", entries)
	}
	f, err := os.Open(out)
	mustOK(t, err)
	defer f.Close()
	raw, err := io.ReadAll(f)
	mustOK(t, err)
	return strings.Split(strings.TrimSuffix(string(raw), "\036"), "\036")
}
