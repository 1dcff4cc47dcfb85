package terraform_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/wrappers"
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
		Areas: []string{"terraform"},
		Setup: func(e *livetest.Env) error {
			env = e
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			if _, err := wrappers.Check(admin.Sys().SysEnableSecretsEngineWithResponse(context.Background(), "terraform", sys.SysEnableSecretsEngineRequest{Type: "terraform"})); err != nil {
				return fmt.Errorf("enable terraform: %w", err)
			}
			e.Validator.Mount("terraform", "terraform")
			return nil
		},
	})
	site.Close()
	os.Exit(code)
}
