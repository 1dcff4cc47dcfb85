package authradius_test

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
		Areas: []string{"auth-radius"},
		Setup: func(e *livetest.Env) error {
			env = e
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			if _, err := wrappers.Check(admin.Sys().SysEnableAuthMethodWithResponse(context.Background(), "radius",
				sys.SysEnableAuthMethodRequest{Type: "radius"})); err != nil {
				return err
			}
			e.Validator.Mount("auth/radius", "auth-radius")
			return nil
		},
	})
	os.Exit(code)
}
