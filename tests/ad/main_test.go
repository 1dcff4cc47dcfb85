package ad_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/fakeldap"
)

var (
	env       *livetest.Env
	directory *fakeldap.Server
)

const (
	usersDN = "cn=Users,dc=example,dc=com"
	adminDN = "cn=vault-admin,cn=Users,dc=example,dc=com"
	adminPW = "admin-initial-password"
)

// pwdLastSet of the seeded accounts: 2026-01-01 in Active Directory ticks.
var pwdLastSet = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func ticks(t time.Time) string { return fmt.Sprint((t.Unix() + 11644473600) * 10_000_000) }

// The engine talks to an in-memory directory (fakeldap) shaped like Active
// Directory: accounts found by userPrincipalName, passwords in unicodePwd.
func TestMain(m *testing.M) {
	var err error
	directory, err = fakeldap.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: fake LDAP:", err)
		os.Exit(1)
	}
	directory.Put("dc=example,dc=com", map[string][]string{"objectClass": {"top", "domain"}, "dc": {"example"}})
	directory.Put(usersDN, map[string][]string{"objectClass": {"container"}, "cn": {"Users"}})
	directory.Put(adminDN, map[string][]string{"objectClass": {"user"}, "cn": {"vault-admin"}, "userPrincipalName": {"vault-admin@example.com"},
		"unicodePwd": {fakeldap.UnicodePwd(adminPW)}, "pwdLastSet": {ticks(pwdLastSet)}})
	for _, cn := range []string{"app", "svc1", "svc2"} {
		directory.Put("cn="+cn+","+usersDN, map[string][]string{"objectClass": {"user"}, "cn": {cn}, "userPrincipalName": {cn + "@example.com"},
			"unicodePwd": {fakeldap.UnicodePwd("initial-" + cn)}, "pwdLastSet": {ticks(pwdLastSet)}})
	}
	_, code := livetest.Main(m, livetest.Options{
		Areas:  []string{"ad"},
		Mounts: []livetest.Mount{{Type: "ad"}},
		Setup: func(e *livetest.Env) error {
			env = e
			return nil
		},
	})
	directory.Close()
	os.Exit(code)
}
