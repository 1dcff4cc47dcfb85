package sysinternal_test

import (
	"os"
	"testing"

	"github.com/govault/govault/internal/livetest"
)

var env *livetest.Env

func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"sys-internal"},
		Setup: func(e *livetest.Env) error {
			env = e
			return nil
		},
	})
	os.Exit(code)
}
