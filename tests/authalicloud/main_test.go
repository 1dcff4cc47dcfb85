package authalicloud_test

import (
	"os"
	"testing"

	"github.com/govault/govault/internal/livetest"
)

var env *livetest.Env

func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"auth-alicloud"},
		Exclude: map[string]string{
			"AliCloudAuthLogin": "Vault sends the signed request to the real AliCloud STS endpoint over https (the host is checked against the region's endpoint)",
		},
		Mounts: []livetest.Mount{{Type: "alicloud", Auth: true}},
		Setup: func(e *livetest.Env) error {
			env = e
			return nil
		},
	})
	os.Exit(code)
}
