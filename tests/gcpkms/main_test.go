package gcpkms_test

import (
	"os"
	"testing"

	"github.com/govault/govault/internal/fakecloud"
	"github.com/govault/govault/internal/livetest"
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
	os.Exit(fakecloud.Main(m, kms, "gcpkms", func(c *fakecloud.Cloud, e *livetest.Env) { cloud, env = c, e }))
}
