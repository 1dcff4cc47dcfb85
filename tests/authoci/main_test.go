package authoci_test

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
		Areas: []string{"auth-oci"},
		Exclude: map[string]string{
			"OCIAuthLogin": "Vault checks the signature with OCI Identity, authenticating as an OCI instance principal (it must run on OCI)",
		},
		Setup: func(e *livetest.Env) error {
			env = e
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			_, err = wrappers.Check(admin.Sys().SysEnableAuthMethodWithResponse(context.Background(), "oci", sys.SysEnableAuthMethodRequest{Type: "oci"}))
			e.Validator.Mount("auth/oci", "auth-oci")
			return err
		},
	})
	os.Exit(code)
}
