package authgithub_test

import (
	"os"
	"testing"

	"github.com/govault/govault/internal/livetest"
)

var env *livetest.Env

func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		Areas:  []string{"auth-github"},
		Mounts: []livetest.Mount{{Type: "github", Auth: true}},
		Setup: func(e *livetest.Env) error {
			env = e
			return nil
		},
	})
	os.Exit(code)
}
