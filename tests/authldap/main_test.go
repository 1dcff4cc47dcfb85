package authldap_test

import (
	"os"
	"testing"

	"github.com/govault/govault/internal/livetest"
)

var env *livetest.Env

func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"auth-ldap"},
		Exclude: map[string]string{
			"LDAPAuthLogin":      "a successful login binds to a real LDAP directory; only the refusal is tested",
			"LDAPAuthRotateRoot": "a successful rotation changes the bind password in a real LDAP directory; only the refusal is tested",
		},
		Mounts: []livetest.Mount{{Type: "ldap", Auth: true}},
		Setup: func(e *livetest.Env) error {
			env = e
			return nil
		},
	})
	os.Exit(code)
}
