package livetest

import (
	"testing"

	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// APIFor binds API to one area's mount, so a test package declares once
//
//	var api = livetest.APIFor("consul", consul.New)
//
// and each test calls api(t) for a root client of the running package's
// server (opts as for Env.Client).
func APIFor[C any](path string, newClient func(vtypes.HTTPRequestDoer, string) C) func(testing.TB, ...wrappers.Option) C {
	return func(t testing.TB, opts ...wrappers.Option) C {
		t.Helper()
		e := Current()
		if e == nil {
			t.Fatalf("livetest: api(%q) before Main started the server", path)
		}
		return API(t, e.Client(t, opts...), path, newClient)
	}
}

// Ptr returns a pointer to v, for the optional fields of request bodies.
func Ptr[T any](v T) *T { return &v }
