package ldap_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/fakeldap"
)

var (
	env       *livetest.Env
	directory *fakeldap.Server
)

const (
	baseDN  = "dc=example,dc=org"
	usersDN = "ou=users,dc=example,dc=org"
	adminDN = "cn=admin,dc=example,dc=org"
	adminPW = "admin-initial-password"
)

func userDN(cn string) string { return "cn=" + cn + "," + usersDN }

// The engine talks to an in-memory directory (fakeldap) on a loopback port.
func TestMain(m *testing.M) {
	var err error
	directory, err = fakeldap.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: fake LDAP:", err)
		os.Exit(1)
	}
	directory.Put(baseDN, map[string][]string{"objectClass": {"top", "domain"}, "dc": {"example"}})
	directory.Put(usersDN, map[string][]string{"objectClass": {"organizationalUnit"}, "ou": {"users"}})
	directory.Put(adminDN, map[string][]string{"objectClass": {"person"}, "cn": {"admin"}, "sn": {"admin"}, "userPassword": {adminPW}})
	for _, cn := range []string{"web", "db", "svc1", "svc2"} {
		directory.Put(userDN(cn), map[string][]string{"objectClass": {"person"}, "cn": {cn}, "sn": {cn}, "userPassword": {"initial-" + cn}})
	}
	_, code := livetest.Main(m, livetest.Options{
		Areas:  []string{"ldap"},
		Mounts: []livetest.Mount{{Type: "ldap"}},
		Setup: func(e *livetest.Env) error {
			env = e
			return nil
		},
	})
	directory.Close()
	os.Exit(code)
}
