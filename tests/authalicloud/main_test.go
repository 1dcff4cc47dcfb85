package authalicloud_test

import (
	"context"
	"os"
	"testing"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/wrappers"
)

var env *livetest.Env

func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"auth-alicloud"},
		Exclude: map[string]string{
			"AliCloudAuthLogin": "Vault sends the signed request to the real AliCloud STS endpoint over https (the host is checked against the region's endpoint)",
		},
		Setup: func(e *livetest.Env) error {
			env = e
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			_, err = wrappers.Check(admin.Sys().SysEnableAuthMethodWithResponse(context.Background(), "alicloud", sys.SysEnableAuthMethodRequest{Type: "alicloud"}))
			e.Validator.Mount("auth/alicloud", "auth-alicloud")
			return err
		},
	})
	os.Exit(code)
}
