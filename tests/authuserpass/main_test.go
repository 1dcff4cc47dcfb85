package authuserpass_test

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
		Areas: []string{"auth-userpass"},
		Setup: func(e *livetest.Env) error {
			env = e
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			if _, err := wrappers.Check(admin.Sys().SysEnableAuthMethodWithResponse(context.Background(), "userpass",
				sys.SysEnableAuthMethodRequest{Type: "userpass"})); err != nil {
				return err
			}
			e.Validator.Mount("auth/userpass", "auth-userpass")
			return nil
		},
	})
	os.Exit(code)
}
