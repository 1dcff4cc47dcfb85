package kubernetes_test

import (
	"net"
	"os"
	"testing"

	"github.com/govault/govault/internal/livetest"
)

var (
	env     *livetest.Env
	cluster *fakeCluster
)

// The engine talks to a fake Kubernetes API server (httptest over TLS). The
// in-cluster variables are set for the dev server so /check reports success.
func TestMain(m *testing.M) {
	cluster = startCluster()
	_, port, _ := net.SplitHostPort(cluster.Listener.Addr().String())
	os.Setenv("KUBERNETES_SERVICE_HOST", "127.0.0.1")
	os.Setenv("KUBERNETES_SERVICE_PORT_HTTPS", port)
	_, code := livetest.Main(m, livetest.Options{
		Areas:  []string{"kubernetes"},
		Mounts: []livetest.Mount{{Type: "kubernetes"}},
		Setup: func(e *livetest.Env) error {
			env = e
			return nil
		},
	})
	cluster.Close()
	os.Exit(code)
}
