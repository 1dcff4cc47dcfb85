package mongodbatlas_test

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
	atlas = newFakeAtlas()
)

// The dev server reaches the Atlas Admin API (cloud.mongodb.com) through a
// fake cloud (an HTTPS proxy with its own CA), installed before the server
// starts.
func TestMain(m *testing.M) {
	var err error
	cloud, err = fakecloud.Start(atlas)
	if err == nil {
		err = cloud.Install()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: fake Atlas:", err)
		os.Exit(1)
	}
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"mongodbatlas"},
		Setup: func(e *livetest.Env) error {
			env = e
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			if _, err := wrappers.Check(admin.Sys().SysEnableSecretsEngineWithResponse(context.Background(), "mongodbatlas", sys.SysEnableSecretsEngineRequest{Type: "mongodbatlas"})); err != nil {
				return err
			}
			e.Validator.Mount("mongodbatlas", "mongodbatlas")
			return nil
		},
	})
	cloud.Close()
	os.Exit(code)
}
