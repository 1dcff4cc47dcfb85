package authcf_test

import (
	"context"
	"os"
	"testing"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/wrappers"
)

var env *livetest.Env

// The plugin is enabled twice, at auth/cf and under its old name at
// auth/pcf; the one area serves both mounts.
func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"auth-cf"},
		Setup: func(e *livetest.Env) error {
			env = e
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			for _, path := range []string{"cf", "pcf"} {
				if _, err := wrappers.Check(admin.Sys().SysEnableAuthMethodWithResponse(context.Background(), path, sys.SysEnableAuthMethodRequest{Type: "cf"})); err != nil {
					return err
				}
				e.Validator.Mount("auth/"+path, "auth-cf")
			}
			return nil
		},
	})
	os.Exit(code)
}
