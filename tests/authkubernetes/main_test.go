package authkubernetes_test

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
		Areas: []string{"auth-kubernetes"},
		Setup: func(e *livetest.Env) error {
			env = e
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			_, err = wrappers.Check(admin.Sys().SysEnableAuthMethodWithResponse(context.Background(), "kubernetes", sys.SysEnableAuthMethodRequest{Type: "kubernetes"}))
			e.Validator.Mount("auth/kubernetes", "auth-kubernetes")
			return err
		},
	})
	os.Exit(code)
}
