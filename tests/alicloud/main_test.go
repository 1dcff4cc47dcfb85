package alicloud_test

import (
	"os"
	"testing"

	"github.com/govault/govault/internal/fakecloud"
	"github.com/govault/govault/internal/livetest"
)

var (
	env   *livetest.Env
	cloud *fakecloud.Cloud
	ali   = newFakeAliCloud()
)

// The dev server reaches Alibaba Cloud's RAM and STS APIs through a fake
// cloud (an HTTPS proxy with its own CA), installed before the server starts.
func TestMain(m *testing.M) {
	os.Exit(fakecloud.Main(m, ali, "alicloud", func(c *fakecloud.Cloud, e *livetest.Env) { cloud, env = c, e }))
}
