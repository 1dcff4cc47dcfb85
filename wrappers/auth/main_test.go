package auth_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/internal/fakegoogle"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/wrappers"
)

// One dev server for the package, every response held to the spec. It is
// started behind cloud, an HTTPS proxy that answers for the cloud hosts
// Vault calls (Azure AD), and with application default credentials that
// point Google's token endpoint at google.
var (
	env    *livetest.Env
	cloud  *cloudHosts
	google *fakegoogle.Server
)

// mounts are the auth methods the tests log in to: path -> (type, spec area).
var mounts = map[string][2]string{
	"approle":    {"approle", "auth-approle"},
	"userpass":   {"userpass", "auth-userpass"},
	"ldap":       {"ldap", "auth-ldap"},
	"radius":     {"radius", "auth-radius"},
	"github":     {"github", "auth-github"},
	"jwt":        {"jwt", "auth-jwt"},
	"oidc":       {"oidc", "auth-jwt"},
	"kubernetes": {"kubernetes", "auth-kubernetes"},
	"gcp":        {"gcp", "auth-gcp"},
	"azure":      {"azure", "auth-azure"},
	"okta":       {"okta", "auth-okta"},
	"alicloud":   {"alicloud", "auth-alicloud"},
}

func TestMain(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "govault-auth-*")
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	if cloud, err = startCloud(); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: cloud proxy:", err)
		return 1
	}
	defer cloud.Close()
	if google, err = fakegoogle.New(); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: google stub:", err)
		return 1
	}
	defer google.Close()
	adc := filepath.Join(dir, "adc.json")
	if err := os.WriteFile(adc, google.ADCJSON(), 0o600); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		return 1
	}
	// The dev server inherits these (loopback addresses are never proxied).
	os.Setenv("HTTPS_PROXY", cloud.ProxyURL())
	os.Setenv("SSL_CERT_FILE", cloud.CAFile())
	os.Setenv("GOOGLE_APPLICATION_CREDENTIALS", adc)

	_, code := livetest.Main(m, livetest.Options{
		Setup: func(e *livetest.Env) error {
			env = e
			for _, k := range []string{"HTTPS_PROXY", "SSL_CERT_FILE", "GOOGLE_APPLICATION_CREDENTIALS"} {
				os.Unsetenv(k) // for the dev server only, not for this process
			}
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			for path, m := range mounts {
				if err := admin.Sys().SysEnableAuthMethod(context.Background(), path,
					sys.SysEnableAuthMethodRequest{Type: m[0]}); err != nil {
					return fmt.Errorf("enable %s: %w", path, err)
				}
				e.Validator.Mount("auth/"+path, m[1])
			}
			e.Validator.Mount("auth/cert", "auth-cert") // on the TLS server of TestCertLogin
			return nil
		},
	})
	return code
}

// admin is a root-token client whose responses are validated.
func admin(t testing.TB) *wrappers.Client {
	t.Helper()
	return env.Client(t)
}

// anonymous is a validated client without a token, as an app starts out.
func anonymous(t testing.TB) *wrappers.Client {
	t.Helper()
	return env.ClientFor(t, env.Server.Addr, "")
}

func ok(t testing.TB, err error) {
	t.Helper()
	env.OK(t, err)
}

// loggedIn checks what every successful Client.Login must leave behind: the
// client now holds the issued token (different from before), lookup-self
// with it works and describes the same token, and LastLogin is m.
func loggedIn(t *testing.T, c *wrappers.Client, before string, m wrappers.AuthMethod, auth *vaultcommon.AuthInfo) {
	t.Helper()
	if auth == nil || auth.ClientToken == "" {
		t.Fatalf("login returned no token: %+v", auth)
	}
	env.Leaks.Add(auth.ClientToken)
	if got := c.Token(); got != auth.ClientToken || got == before {
		t.Fatalf("client token after login: changed=%t, is the issued one=%t", got != before, got == auth.ClientToken)
	}
	self, err := c.TokenAuth().TokenLookupSelf(context.Background())
	ok(t, err)
	if self.Data.Accessor != auth.Accessor || self.Data.ID != auth.ClientToken {
		t.Fatalf("lookup-self with the new token: accessor %q, want %q", self.Data.Accessor, auth.Accessor)
	}
	if got := c.LastLogin(); fmt.Sprint(got) != fmt.Sprint(m) || fmt.Sprintf("%T", got) != fmt.Sprintf("%T", m) {
		t.Fatalf("LastLogin = %v, want %v", got, m)
	}
}
