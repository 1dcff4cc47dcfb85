package sysplugins_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/govault/govault/internal/livetest"
)

var (
	env *livetest.Env
	// srv is a second dev server, one with a plugin directory.
	srv *pluginServer
	// fakePlugin is a compiled minimal secrets engine plugin.
	fakePlugin string
)

func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"sys-plugins"},
		Setup: func(e *livetest.Env) error {
			env = e
			var err error
			if srv, err = startPluginServer(context.Background()); err != nil {
				return err
			}
			e.Leaks.Add(srv.RootToken)
			fakePlugin, err = buildFakePlugin(filepath.Dir(srv.PluginDir))
			return err
		},
	})
	if srv != nil {
		srv.Stop()
	}
	os.Exit(code)
}
