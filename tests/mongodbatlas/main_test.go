package mongodbatlas_test

import (
	"os"
	"testing"

	"github.com/govault/govault/internal/fakecloud"
	"github.com/govault/govault/internal/livetest"
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
	os.Exit(fakecloud.Main(m, atlas, "mongodbatlas", func(c *fakecloud.Cloud, e *livetest.Env) { cloud, env = c, e }))
}
