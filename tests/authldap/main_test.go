package authldap_test

import (
	"context"
	"os"
	"testing"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/wrappers"
)

var env *livetest.Env

func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"auth-ldap"},
		Exclude: map[string]string{
			"LDAPAuthLogin":      "a successful login binds to a real LDAP directory; only the refusal is tested",
			"LDAPAuthRotateRoot": "a successful rotation changes the bind password in a real LDAP directory; only the refusal is tested",
		},
		Setup: func(e *livetest.Env) error {
			env = e
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			if _, err := wrappers.Check(admin.Sys().SysEnableAuthMethodWithResponse(context.Background(), "ldap",
				sys.SysEnableAuthMethodRequest{Type: "ldap"})); err != nil {
				return err
			}
			e.Validator.Mount("auth/ldap", "auth-ldap")
			return nil
		},
	})
	os.Exit(code)
}
