package gcpkms_test

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
	kms   = newFakeKMS()
)

// The dev server reaches Google's OAuth2 endpoint and Cloud KMS (gRPC)
// through a fake cloud (an HTTPS proxy with its own CA), installed before the
// server starts.
func TestMain(m *testing.M) {
	var err error
	cloud, err = fakecloud.Start(kms)
	if err == nil {
		err = cloud.Install()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: fake Cloud KMS:", err)
		os.Exit(1)
	}
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"gcpkms"},
		Setup: func(e *livetest.Env) error {
			env = e
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			if _, err := wrappers.Check(admin.Sys().SysEnableSecretsEngineWithResponse(context.Background(), "gcpkms", sys.SysEnableSecretsEngineRequest{Type: "gcpkms"})); err != nil {
				return err
			}
			e.Validator.Mount("gcpkms", "gcpkms")
			return nil
		},
	})
	cloud.Close()
	os.Exit(code)
}
