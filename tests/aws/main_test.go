package aws_test

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
		Areas: []string{"aws"},
		Setup: func(e *livetest.Env) error {
			env = e
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			if _, err := wrappers.Check(admin.Sys().SysEnableSecretsEngineWithResponse(context.Background(), "aws", sys.SysEnableSecretsEngineRequest{Type: "aws"})); err != nil {
				return err
			}
			e.Validator.Mount("aws", "aws")
			return nil
		},
	})
	os.Exit(code)
}
