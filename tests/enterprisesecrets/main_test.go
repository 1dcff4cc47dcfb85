// Package enterprisesecrets_test holds the contract tests of the Vault
// Enterprise secrets engines: KMIP, Transform and Key Management.
//
// None of these plugins exists in the open-source dev server the harness
// starts (enabling them fails with "unknown type"), so every operation is
// called against docStub, an httptest server standing in for an Enterprise
// Vault whose bodies are the sample responses of Vault's API docs (the docs'
// data inside the envelope every Vault JSON response carries). The tests
// prove the generated clients send what the docs describe and that the spec
// accepts the documented answers; they are not evidence of what a real
// Enterprise server sends.
package enterprisesecrets_test

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

func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		StandIn: true, // Enterprise endpoints: doc-shaped stand-ins, see the package comment
		Areas:   []string{"kmip", "transform", "keymgmt", "spiffe", "os", "pki-external-ca", "agent-registry"},
		Setup: func(e *livetest.Env) error {
			env = e
			e.Validator.Mount("kmip", "kmip")
			e.Validator.Mount("transform", "transform")
			e.Validator.Mount("keymgmt", "keymgmt")
			e.Validator.Mount("spiffe", "spiffe")
			e.Validator.Mount("os", "os")
			e.Validator.Mount("pki-external-ca", "pki-external-ca")
			return checkNotInOpenSource(e)
		},
	})
	os.Exit(code)
}

// checkNotInOpenSource confirms the premise of the stand-in: the real dev
// server refuses to mount these engines.
func checkNotInOpenSource(e *livetest.Env) error {
	admin, err := e.AdminClient()
	if err != nil {
		return err
	}
	for _, typ := range []string{"kmip", "transform", "keymgmt", "spiffe", "os", "pki-external-ca"} {
		err := admin.Sys().SysEnableSecretsEngine(context.Background(), "ent-"+typ, sys.SysEnableSecretsEngineRequest{Type: typ})
		if err == nil {
			return fmt.Errorf("the dev server mounted %s: it is not the open-source edition these tests assume", typ)
		}
		if !strings.Contains(err.Error(), "unknown") && !strings.Contains(err.Error(), "plugin") {
			return fmt.Errorf("enabling %s: unexpected error %v", typ, err)
		}
	}
	return nil
}
