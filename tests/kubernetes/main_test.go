package kubernetes_test

import (
	"context"
	"fmt"
	"net"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/wrappers"
)

var (
	env     *livetest.Env
	cluster *fakeCluster
	api     *httptest.Server
)

// The engine talks to a fake Kubernetes API server (httptest over TLS). The
// in-cluster variables are set for the dev server so /check reports success.
func TestMain(m *testing.M) {
	cluster = newFakeCluster()
	api = httptest.NewTLSServer(cluster)
	_, port, _ := net.SplitHostPort(api.Listener.Addr().String())
	os.Setenv("KUBERNETES_SERVICE_HOST", "127.0.0.1")
	os.Setenv("KUBERNETES_SERVICE_PORT_HTTPS", port)
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"kubernetes"},
		Setup: func(e *livetest.Env) error {
			env = e
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			if _, err := wrappers.Check(admin.Sys().SysEnableSecretsEngineWithResponse(context.Background(), "kubernetes", sys.SysEnableSecretsEngineRequest{Type: "kubernetes"})); err != nil {
				return fmt.Errorf("enable kubernetes: %w", err)
			}
			e.Validator.Mount("kubernetes", "kubernetes")
			return nil
		},
	})
	api.Close()
	os.Exit(code)
}
