package azure_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/fakecloud"
	"github.com/govault/govault/wrappers"
)

var (
	env   *livetest.Env
	cloud *fakecloud.Cloud
)

// The dev server reaches Entra ID, Graph and Resource Manager through a fake
// cloud (an HTTPS proxy with its own CA), installed before the server starts.
func TestMain(m *testing.M) {
	var err error
	cloud, err = fakecloud.Start(fakeAzure())
	if err == nil {
		err = cloud.Install()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: fake Azure:", err)
		os.Exit(1)
	}
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"azure"},
		Setup: func(e *livetest.Env) error {
			env = e
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			if _, err := wrappers.Check(admin.Sys().SysEnableSecretsEngineWithResponse(context.Background(), "azure", sys.SysEnableSecretsEngineRequest{Type: "azure"})); err != nil {
				return err
			}
			e.Validator.Mount("azure", "azure")
			return nil
		},
	})
	cloud.Close()
	os.Exit(code)
}
