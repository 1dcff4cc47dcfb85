package terraform_test

import (
	"net/http/httptest"
	"os"
	"testing"

	"github.com/govault/govault/internal/livetest"
)

var (
	env  *livetest.Env
	tfc  *fakeTFC
	site *httptest.Server
)

// The engine talks to a fake Terraform API (httptest, JSON:API bodies).
func TestMain(m *testing.M) {
	tfc = newFakeTFC()
	site = httptest.NewServer(tfc)
	_, code := livetest.Main(m, livetest.Options{
		Areas:  []string{"terraform"},
		Mounts: []livetest.Mount{{Type: "terraform"}},
		Setup: func(e *livetest.Env) error {
			env = e
			return nil
		},
	})
	site.Close()
	os.Exit(code)
}
