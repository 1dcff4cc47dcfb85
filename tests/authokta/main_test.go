package authokta_test

import (
	"os"
	"testing"

	"github.com/govault/govault/internal/livetest"
)

var env *livetest.Env

func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"auth-okta"},
		Exclude: map[string]string{
			"OktaLogin":  "a successful login asks a real Okta org (Vault dials https://<org>.<base_url> and verifies its certificate); only the refusal is tested",
			"OktaVerify": "answers only while a real Okta Verify push login is pending; only the 404 for an unknown nonce is tested",
		},
		Mounts: []livetest.Mount{{Type: "okta", Auth: true}},
		Setup: func(e *livetest.Env) error {
			env = e
			return nil
		},
	})
	os.Exit(code)
}
