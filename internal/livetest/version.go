package livetest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/govault/govault/vtypes"
)

// serverVersion asks the dev server its release once Main has started it.
func (e *Env) serverVersion(ctx context.Context) error {
	admin, err := e.AdminClient()
	if err != nil {
		return err
	}
	v, err := admin.ServerVersion(ctx)
	if err != nil {
		return err
	}
	if _, ok := vtypes.VersionBefore(v, v); !ok {
		return fmt.Errorf("the dev server reports version %q, which is not a release version", v)
	}
	e.Version = v
	return nil
}

// Predates reports whether the server is older than the operation's first
// release (its x-vault-min-version): the operation is not served, so a run
// neither calls it successfully nor counts it as unexercised.
func (e *Env) Predates(opID string) bool {
	min := e.Validator.MinVersion(opID)
	if min == "" || e.Version == "" {
		return false
	}
	before, ok := vtypes.VersionBefore(e.Version, min)
	return ok && before
}

// absent records the tests that stopped at an operation the server predates.
type absent struct {
	mu    sync.Mutex
	tests map[string]string // test name -> operation
}

// stopAtUnsupported ends t when err says the server predates the operation
// it called: the spec marks the operation as newer than this release, the
// server answered 404 or 405, and the client turned that into
// ErrUnsupportedByServer. It is logged and counted (absentReport), never
// taken for a pass of the operation's own checks.
func (e *Env) stopAtUnsupported(t testing.TB, err error) {
	var ue *vtypes.UnsupportedError
	if !errors.As(err, &ue) || !e.Predates(ue.Operation) {
		return
	}
	e.absent.mu.Lock()
	if e.absent.tests == nil {
		e.absent.tests = map[string]string{}
	}
	e.absent.tests[t.Name()] = ue.Operation
	e.absent.mu.Unlock()
	t.Skipf("absent as expected: %s needs Vault %s, the server is %s (answered %d)", ue.Operation, ue.MinVersion, ue.ServerVersion, ue.Response.StatusCode)
}

// absentReport is one line naming the tests that stopped at operations the
// server predates, for the version matrix ("" when none did).
func (e *Env) absentReport() string {
	e.absent.mu.Lock()
	defer e.absent.mu.Unlock()
	if len(e.absent.tests) == 0 {
		return ""
	}
	var parts []string
	for name, op := range e.absent.tests {
		parts = append(parts, name+"->"+op)
	}
	sort.Strings(parts)
	return fmt.Sprintf("livetest: Vault %s: %d tests stopped at operations it predates (absent as expected): %s", e.Version, len(parts), strings.Join(parts, " "))
}

func printAbsent(e *Env) {
	if line := e.absentReport(); line != "" {
		fmt.Fprintln(os.Stderr, line)
	}
}

// servedCheck fails a success from an operation the server should predate:
// its x-vault-min-version is too new. Only the real server's answers count:
// a doc-shaped stand-in serves what the newest docs describe.
func (e *Env) servedCheck(next http.RoundTripper, fail func(format string, args ...any)) http.RoundTripper {
	real := ""
	if e.Server != nil {
		if u, err := url.Parse(e.Server.Addr); err == nil {
			real = u.Host
		}
	}
	return roundTrip(func(req *http.Request) (*http.Response, error) {
		rsp, err := next.RoundTrip(req)
		if err == nil && req.URL.Host == real && rsp.StatusCode >= 200 && rsp.StatusCode < 300 {
			if m, rerr := e.Validator.Resolve(req.Method, req.URL.Path); rerr == nil && e.Predates(m.OperationID) {
				fail("version: Vault %s served %s, which the spec marks as new in %s", e.Version, m.OperationID, e.Validator.MinVersion(m.OperationID))
			}
		}
		return rsp, err
	})
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// AtLeast reports whether the server is release v or newer, for what a test
// checks only where Vault sends it (a field or a warning a release added).
func (e *Env) AtLeast(v string) bool {
	before, ok := vtypes.VersionBefore(e.Version, v)
	return ok && !before
}

// Absent is OK for a call a test can go on without: true (and recorded as
// absent-as-expected) when err is ErrUnsupportedByServer from an operation
// the server predates; any other error fails t.
func (e *Env) Absent(t testing.TB, err error) bool {
	t.Helper()
	var ue *vtypes.UnsupportedError
	if errors.As(err, &ue) && e.Predates(ue.Operation) {
		e.absent.mu.Lock()
		if e.absent.tests == nil {
			e.absent.tests = map[string]string{}
		}
		e.absent.tests[t.Name()] = ue.Operation
		e.absent.mu.Unlock()
		t.Logf("absent as expected: %s needs Vault %s, the server is %s (answered %d)", ue.Operation, ue.MinVersion, ue.ServerVersion, ue.Response.StatusCode)
		return true
	}
	e.OK(t, err)
	return false
}

// Since is v's pointer on a server of release since or newer and nil on an
// older one, for a wanted field an older release leaves out of its answer.
func Since[T any](e *Env, since string, v T) *T {
	if !e.AtLeast(since) {
		return nil
	}
	return &v
}
