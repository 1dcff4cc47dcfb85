package aws_test

import (
	"context"
	"os"
	"testing"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/livetest"
)

// One dev server for the package with the aws auth method at auth/aws,
// every response held to the spec.
var env *livetest.Env

func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		Setup: func(e *livetest.Env) error {
			env = e
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			err = admin.Sys().SysEnableAuthMethod(context.Background(), "aws", sys.SysEnableAuthMethodRequest{Type: "aws"})
			e.Validator.Mount("auth/aws", "auth-aws")
			return err
		},
	})
	os.Exit(code)
}

func ok(t testing.TB, err error) {
	t.Helper()
	env.OK(t, err)
}
