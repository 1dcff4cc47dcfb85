package alicloud_test

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
	ali   = newFakeAliCloud()
)

// The dev server reaches Alibaba Cloud's RAM and STS APIs through a fake
// cloud (an HTTPS proxy with its own CA), installed before the server starts.
func TestMain(m *testing.M) {
	var err error
	cloud, err = fakecloud.Start(ali)
	if err == nil {
		err = cloud.Install()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: fake Alibaba Cloud:", err)
		os.Exit(1)
	}
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"alicloud"},
		Setup: func(e *livetest.Env) error {
			env = e
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			if _, err := wrappers.Check(admin.Sys().SysEnableSecretsEngineWithResponse(context.Background(), "alicloud", sys.SysEnableSecretsEngineRequest{Type: "alicloud"})); err != nil {
				return err
			}
			e.Validator.Mount("alicloud", "alicloud")
			return nil
		},
	})
	cloud.Close()
	os.Exit(code)
}
