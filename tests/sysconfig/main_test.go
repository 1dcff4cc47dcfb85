package sysconfig_test

import (
	"os"
	"testing"

	"github.com/govault/govault/internal/livetest"
)

var env *livetest.Env

func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"sys-config"},
		Setup: func(e *livetest.Env) error {
			env = e // sys/ is registered for every sys area by the harness
			return nil
		},
	})
	os.Exit(code)
}
