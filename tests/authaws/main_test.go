package authaws_test

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
	// The dev server inherits these: rotate-root asks the SDK for a region,
	// and nothing should probe an instance metadata service.
	os.Setenv("AWS_REGION", "us-east-1")
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"auth-aws"},
		Setup: func(e *livetest.Env) error {
			env = e
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			_, err = wrappers.Check(admin.Sys().SysEnableAuthMethodWithResponse(context.Background(), "aws", sys.SysEnableAuthMethodRequest{Type: "aws"}))
			e.Validator.Mount("auth/aws", "auth-aws")
			return err
		},
	})
	os.Exit(code)
}
