package authokta_test

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
		Areas: []string{"auth-okta"},
		Exclude: map[string]string{
			"OktaLogin":  "a successful login asks a real Okta org (Vault dials https://<org>.<base_url> and verifies its certificate); only the refusal is tested",
			"OktaVerify": "answers only while a real Okta Verify push login is pending; only the 404 for an unknown nonce is tested",
		},
		Setup: func(e *livetest.Env) error {
			env = e
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			if _, err := wrappers.Check(admin.Sys().SysEnableAuthMethodWithResponse(context.Background(), "okta",
				sys.SysEnableAuthMethodRequest{Type: "okta"})); err != nil {
				return err
			}
			e.Validator.Mount("auth/okta", "auth-okta")
			return nil
		},
	})
	os.Exit(code)
}
