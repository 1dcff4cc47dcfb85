package authazure_test

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
		Areas: []string{"auth-azure"},
		Exclude: map[string]string{
			"AzureAuthLogin":      "verifies the token with Azure AD (login.microsoftonline.com) and the resource with Azure Resource Manager",
			"AzureAuthRotateRoot": "creates a new client secret through Microsoft Graph",
		},
		Setup: func(e *livetest.Env) error {
			env = e
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			_, err = wrappers.Check(admin.Sys().SysEnableAuthMethodWithResponse(context.Background(), "azure", sys.SysEnableAuthMethodRequest{Type: "azure"}))
			e.Validator.Mount("auth/azure", "auth-azure")
			return err
		},
	})
	os.Exit(code)
}
