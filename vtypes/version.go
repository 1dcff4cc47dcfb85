package vtypes

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// ErrUnsupportedByServer matches a 404 or 405 from a server older than the
// operation (its spec's x-vault-min-version): the endpoint is not there yet,
// rather than nothing being at the path. errors.As with *UnsupportedError
// gives the versions, and with *ResponseError Vault's answer.
var ErrUnsupportedByServer = errors.New("operation not supported by this Vault version")

// UnsupportedError is a 404 or 405 from a server whose version predates the
// operation.
type UnsupportedError struct {
	Operation     string // the spec's operationId
	MinVersion    string // the first release that serves it, e.g. "1.19"
	ServerVersion string // what the server reported, e.g. "1.17.6"
	Response      *ResponseError
}

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("vault: %s: %s (needs Vault %s, server is %s; answered %d)",
		e.Operation, ErrUnsupportedByServer, e.MinVersion, e.ServerVersion, e.Response.StatusCode)
}

// Is makes errors.Is(err, ErrUnsupportedByServer) true; the status kind
// (ErrInvalidPath, ...) still matches through Unwrap.
func (e *UnsupportedError) Is(target error) bool { return target == ErrUnsupportedByServer }

// Unwrap returns Vault's answer.
func (e *UnsupportedError) Unwrap() error { return e.Response }

// ServerVersioner is a doer that knows its server's version (wrappers.Client
// does). Generated calls ask it only after a 404 or 405 of an operation
// newer than some releases.
type ServerVersioner interface {
	ServerVersion(ctx context.Context) (string, error)
}

type minVersionKey struct{}

// Since returns editors with a marker of the operation's first release in
// front; generated methods of operations with an x-vault-min-version call it.
// The caller's slice is not changed.
func Since(minVersion string, editors []RequestEditorFn) []RequestEditorFn {
	mark := func(_ context.Context, req *http.Request) error {
		*req = *req.WithContext(context.WithValue(req.Context(), minVersionKey{}, minVersion))
		return nil
	}
	return append([]RequestEditorFn{mark}, editors...)
}

// unsupported turns a 404 or 405 of an operation marked with Since into an
// *UnsupportedError when the doer reports an older server; otherwise (no
// mark, a doer that cannot tell, a version it cannot read) it returns re.
func unsupported(ctx context.Context, doer HTTPRequestDoer, req *http.Request, re *ResponseError) error {
	if re.StatusCode != http.StatusNotFound && re.StatusCode != http.StatusMethodNotAllowed {
		return re
	}
	min, _ := req.Context().Value(minVersionKey{}).(string)
	sv, ok := doer.(ServerVersioner)
	if min == "" || !ok {
		return re
	}
	have, err := sv.ServerVersion(ctx)
	if err != nil || have == "" {
		return re
	}
	if older, ok := VersionBefore(have, min); ok && older {
		return &UnsupportedError{Operation: re.Operation, MinVersion: min, ServerVersion: have, Response: re}
	}
	return re
}

// VersionBefore reports whether release a is older than release b, comparing
// major.minor.patch numerically ("1.9" < "1.17"; a missing part is 0; a
// suffix such as "+ent" or "-rc1" is ignored). ok is false when either does
// not start with a number.
func VersionBefore(a, b string) (before, ok bool) {
	pa, okA := parseVersion(a)
	pb, okB := parseVersion(b)
	if !okA || !okB {
		return false, false
	}
	for i := range pa {
		if pa[i] != pb[i] {
			return pa[i] < pb[i], true
		}
	}
	return false, true
}

func parseVersion(s string) ([3]int, bool) {
	var out [3]int
	s = strings.TrimPrefix(s, "v")
	if i := strings.IndexAny(s, "+- "); i >= 0 {
		s = s[:i]
	}
	parts := strings.Split(s, ".")
	if len(parts) > 3 || parts[0] == "" {
		return out, false
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return out, false
		}
		out[i] = n
	}
	return out, true
}
