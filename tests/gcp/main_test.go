package gcp_test

import (
	"os"
	"testing"

	"github.com/govault/govault/internal/fakecloud"
	"github.com/govault/govault/internal/livetest"
)

var (
	env   *livetest.Env
	cloud *fakecloud.Cloud
)

// The dev server reaches Google's OAuth2, IAM, IAM Credentials and Resource
// Manager APIs through a fake cloud (an HTTPS proxy with its own CA),
// installed before the server starts.
func TestMain(m *testing.M) {
	os.Exit(fakecloud.Main(m, fakeGCP(), "gcp", func(c *fakecloud.Cloud, e *livetest.Env) { cloud, env = c, e }))
}
