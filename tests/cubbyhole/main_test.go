package cubbyhole_test

import (
	"os"
	"testing"

	"github.com/govault/govault/internal/livetest"
)

var env *livetest.Env

// The cubbyhole is mounted in every Vault; there is nothing to enable.
func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"cubbyhole"},
		Setup: func(e *livetest.Env) error {
			env = e
			e.Validator.Mount("cubbyhole", "cubbyhole")
			e.Validator.Mount("kv", "kv-v1") // only RECOVER, against the stand-in
			return nil
		},
	})
	os.Exit(code)
}
