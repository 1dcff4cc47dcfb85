package authjwt_test

import (
	"os"
	"testing"

	"github.com/govault/govault/internal/livetest"
)

var env *livetest.Env

// The plugin is enabled twice, as type jwt at auth/jwt and as type oidc at
// auth/oidc; the one area serves both mounts.
func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"auth-jwt"},
		Mounts: []livetest.Mount{
			{Type: "jwt", Auth: true},
			{Type: "oidc", Auth: true, Areas: []string{"auth-jwt"}},
		},
		Setup: func(e *livetest.Env) error {
			env = e
			return nil
		},
	})
	os.Exit(code)
}
