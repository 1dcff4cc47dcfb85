package authjwt_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/wrappers"
)

var env *livetest.Env

// The plugin is enabled twice, as type jwt at auth/jwt and as type oidc at
// auth/oidc; the one area serves both mounts.
func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"auth-jwt"},
		Setup: func(e *livetest.Env) error {
			env = e
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			for _, typ := range []string{"jwt", "oidc"} {
				if _, err := wrappers.Check(admin.Sys().SysEnableAuthMethodWithResponse(context.Background(), typ, sys.SysEnableAuthMethodRequest{Type: typ})); err != nil {
					return fmt.Errorf("enable %s: %w", typ, err)
				}
				e.Validator.Mount("auth/"+typ, "auth-jwt")
			}
			return nil
		},
	})
	os.Exit(code)
}
