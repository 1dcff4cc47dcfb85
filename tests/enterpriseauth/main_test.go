// Package enterpriseauth_test holds the contract tests of the Vault
// Enterprise auth methods: SAML, SPIFFE, SCEP and TPM.
//
// The open-source dev server the harness starts has none of these plugins
// (enabling them fails: "plugin not found in the catalog"), so every
// operation is called against docstub, an httptest server answering with the
// sample responses of Vault's API docs. Passing proves the generated clients
// send what the docs describe and that the spec accepts the documented
// answers; it is not evidence of what a real Enterprise server sends.
package enterpriseauth_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/livetest"
)

var env *livetest.Env

var methods = []string{"saml", "spiffe", "scep", "tpm"}

func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		StandIn: true, // Enterprise endpoints: doc-shaped stand-ins, see the package comment
		Areas:   []string{"auth-saml", "auth-spiffe", "auth-scep", "auth-tpm"},
		Setup: func(e *livetest.Env) error {
			env = e
			for _, m := range methods {
				e.Validator.Mount("auth/"+m, "auth-"+m)
			}
			return checkNotInOpenSource(e)
		},
	})
	os.Exit(code)
}

// checkNotInOpenSource confirms the premise of the stand-in: the real dev
// server cannot enable these methods.
func checkNotInOpenSource(e *livetest.Env) error {
	admin, err := e.AdminClient()
	if err != nil {
		return err
	}
	for _, m := range methods {
		err := admin.Sys().SysEnableAuthMethod(context.Background(), "probe-"+m, sys.SysEnableAuthMethodRequest{Type: m})
		if err == nil || !strings.Contains(err.Error(), "plugin not found") {
			return fmt.Errorf("auth method %s: the open-source server was expected to refuse it, got %v", m, err)
		}
	}
	return nil
}
