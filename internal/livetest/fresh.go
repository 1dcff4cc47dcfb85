package livetest

import (
	"testing"

	"github.com/govault/govault/internal/vaulttest"
	govaulttest "github.com/govault/govault/vaulttest"
	"github.com/govault/govault/wrappers"
)

// Fresh starts a server of the test's own through the public vaulttest
// package, with the repository's Vault binary (built from tools/vault when
// missing, as for Main), and returns it with a root client whose responses
// are held to the spec as Client's are. Calls under mounts the validator
// does not know yet need Validator.Mount first.
func (e *Env) Fresh(t testing.TB, opts ...govaulttest.Option) (*govaulttest.Server, *wrappers.Client) {
	t.Helper()
	bin, err := vaulttest.Binary()
	if err != nil {
		t.Fatal(err)
	}
	srv := govaulttest.Start(t, append([]govaulttest.Option{govaulttest.WithBinary(bin)}, opts...)...)
	e.Leaks.Add(srv.RootToken)
	e.Leaks.Add(srv.UnsealKeys...)
	e.Leaks.Add(srv.UnsealKeysBase64...)
	return srv, e.ClientFor(t, srv.Addr, srv.RootToken)
}
