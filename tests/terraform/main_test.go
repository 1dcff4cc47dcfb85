package terraform_test

import (
	"os"
	"testing"

	"github.com/govault/govault/internal/livetest"
)

var (
	env *livetest.Env
	tfc *fakeTFC
)

// The engine talks to a fake Terraform API (httptest, JSON:API bodies).
func TestMain(m *testing.M) {
	tfc = startTFC()
	_, code := livetest.Main(m, livetest.Options{
		Areas:  []string{"terraform"},
		Mounts: []livetest.Mount{{Type: "terraform"}},
		Setup: func(e *livetest.Env) error {
			env = e
			return nil
		},
	})
	tfc.Close()
	os.Exit(code)
}
