package gcp_test

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

// The dev server reaches Google's OAuth2, IAM, IAM Credentials and Resource
// Manager APIs through a fake cloud (an HTTPS proxy with its own CA),
// installed before the server starts.
func TestMain(m *testing.M) {
	var err error
	cloud, err = fakecloud.Start(fakeGCP())
	if err == nil {
		err = cloud.Install()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: fake Google Cloud:", err)
		os.Exit(1)
	}
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"gcp"},
		Setup: func(e *livetest.Env) error {
			env = e
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			if _, err := wrappers.Check(admin.Sys().SysEnableSecretsEngineWithResponse(context.Background(), "gcp", sys.SysEnableSecretsEngineRequest{Type: "gcp"})); err != nil {
				return err
			}
			e.Validator.Mount("gcp", "gcp")
			return nil
		},
	})
	cloud.Close()
	os.Exit(code)
}
