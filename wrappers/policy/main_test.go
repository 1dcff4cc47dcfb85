package policy_test

import (
	"os"
	"testing"

	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/wrappers"
)

var env *livetest.Env

func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		Setup: func(e *livetest.Env) error {
			env = e
			// For the Example, which configures itself from the environment.
			os.Setenv(wrappers.EnvAddress, e.Server.Addr)
			os.Setenv(wrappers.EnvToken, e.Server.RootToken)
			return nil
		},
	})
	os.Exit(code)
}
