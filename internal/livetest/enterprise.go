package livetest

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/govault/govault/wrappers"
)

// ExpectEnterpriseOnly runs each call, keyed by operation name, and fails t
// for every one that does not end in the 404 "enterprise-only feature" a
// Community Edition server answers for an Enterprise path. Each call is a
// subtest, so a failure names the operation.
func (e *Env) ExpectEnterpriseOnly(t *testing.T, calls map[string]func() error) {
	t.Helper()
	if len(calls) == 0 {
		t.Fatal("ExpectEnterpriseOnly: no calls")
	}
	names := make([]string, 0, len(calls))
	for name := range calls {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			err := e.Leaks.Seen(calls[name]())
			var re *wrappers.ResponseError
			if !errors.As(err, &re) {
				t.Fatalf("want a 404 enterprise-only response error, got %v", err)
			}
			if re.StatusCode != http.StatusNotFound || !strings.Contains(strings.Join(re.Errors, " "), "enterprise-only feature") {
				t.Errorf("want 404 naming an enterprise-only feature, got %d %q", re.StatusCode, re.Errors)
			}
		})
	}
}
