package contract

import (
	"errors"
	"net/http"
	"testing"
)

// RECOVER finds the operation marked x-vault-method: RECOVER (in the put
// slot), a PUT never does, and a path outside /v1/ finds only an operation
// marked x-vault-root-path.
func TestResolveCustomMethodAndRootPath(t *testing.T) {
	v := newValidator(t)
	v.Mount("cubbyhole", "cubbyhole")
	v.Mount("sys", "sys-oauth")
	for _, tc := range []struct{ method, path, want string }{
		{"RECOVER", "/v1/cubbyhole/a/b", "CubbyholeRecover"},
		{http.MethodPut, "/v1/cubbyhole/a/b", "CubbyholeWrite"},
		{http.MethodPost, "/v1/cubbyhole/a/b", "CubbyholeWrite"},
		{http.MethodGet, "/.well-known/oauth-protected-resource", "SysReadWellKnownOAuthProtectedResource"},
		{http.MethodGet, "/v1/sys/oauth-resource-server/protected-resource-metadata", "SysReadOAuthProtectedResourceMetadata"},
	} {
		m, err := v.Resolve(tc.method, tc.path)
		if err != nil || m.OperationID != tc.want {
			t.Errorf("Resolve(%s %s) = %v, %v; want %s", tc.method, tc.path, m, err, tc.want)
		}
	}
	for _, tc := range []struct{ method, path string }{
		{"RECOVER", "/v1/secret/data/x"},                             // kv-v2 has no RECOVER
		{http.MethodGet, "/v1/.well-known/oauth-protected-resource"}, // the root path is not under the mount
		{http.MethodGet, "/.well-known/elsewhere"},
	} {
		if m, err := v.Resolve(tc.method, tc.path); !errors.Is(err, ErrNoOperation) && !errors.Is(err, ErrNoMount) {
			t.Errorf("Resolve(%s %s) = %v, %v; want no operation", tc.method, tc.path, m, err)
		}
	}
	op, err := v.Operation("SysReadWellKnownOAuthProtectedResource")
	if err != nil || op.Path != "/.well-known/oauth-protected-resource" {
		t.Errorf("Operation = %+v, %v; want the path outside /v1/", op, err)
	}
}
