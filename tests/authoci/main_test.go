package authoci_test

import (
	"os"
	"testing"

	"github.com/govault/govault/internal/livetest"
)

var env *livetest.Env

func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"auth-oci"},
		Exclude: map[string]string{
			"OCIAuthLogin": "Vault checks the signature with OCI Identity, authenticating as an OCI instance principal (it must run on OCI)",
		},
		Mounts: []livetest.Mount{{Type: "oci", Auth: true}},
		Setup: func(e *livetest.Env) error {
			env = e
			return nil
		},
	})
	os.Exit(code)
}
