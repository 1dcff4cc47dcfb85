// Package sysenterprise_test holds the contract tests of the Vault Enterprise
// system areas (namespaces, replication, Sentinel policies, license, step-up
// MFA, control groups, managed keys, secrets sync).
//
// The dev server the harness starts is the open-source edition: it answers
// almost all of these paths with 404 "enterprise-only feature". Where it does
// answer for real (sys/replication/status, sys/mfa/validate) the tests call
// the real server. Everything else is called against docStub, an httptest
// server standing in for an Enterprise Vault whose bodies are the sample
// responses of Vault's API docs (the docs' data, inside the envelope every
// Vault JSON response carries). Those tests prove the generated client sends
// what the docs describe and that the spec accepts the documented answers;
// they are not evidence of what a real Enterprise server sends.
package sysenterprise_test

import (
	"os"
	"testing"

	"github.com/govault/govault/internal/livetest"
)

var env *livetest.Env

func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		StandIn: true, // Enterprise endpoints: doc-shaped stand-ins, see the package comment
		Areas:   []string{"sys-namespaces", "sys-replication", "sys-sentinel", "sys-license", "sys-controlgroup", "sys-mfa", "sys-managedkeys", "sys-sync", "sys-ui", "sys-billing", "sys-oauth", "sys-rotation"},
		Setup: func(e *livetest.Env) error {
			env = e // sys/ is registered for every sys area by the harness
			return nil
		},
	})
	os.Exit(code)
}
