package authazure_test

import (
	"os"
	"testing"

	"github.com/govault/govault/internal/livetest"
)

var env *livetest.Env

func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"auth-azure"},
		Exclude: map[string]string{
			"AzureAuthLogin":      "verifies the token with Azure AD (login.microsoftonline.com) and the resource with Azure Resource Manager",
			"AzureAuthRotateRoot": "creates a new client secret through Microsoft Graph",
		},
		Mounts: []livetest.Mount{{Type: "azure", Auth: true}},
		Setup: func(e *livetest.Env) error {
			env = e
			return nil
		},
	})
	os.Exit(code)
}
