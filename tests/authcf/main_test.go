package authcf_test

import (
	"os"
	"testing"

	"github.com/govault/govault/internal/livetest"
)

var env *livetest.Env

// The plugin is enabled twice, at auth/cf and under its old name at
// auth/pcf; the one area serves both mounts.
func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"auth-cf"},
		Mounts: []livetest.Mount{
			{Type: "cf", Auth: true},
			{Path: "pcf", Type: "cf", Auth: true},
		},
		Setup: func(e *livetest.Env) error {
			env = e
			return nil
		},
	})
	os.Exit(code)
}
