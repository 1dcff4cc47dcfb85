package vtypes

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestVersionBefore(t *testing.T) {
	for _, tc := range []struct {
		a, b       string
		before, ok bool
	}{
		{"1.9", "1.17", true, true},
		{"1.17.6", "1.17", false, true},
		{"1.17", "1.17.1", true, true},
		{"v1.20.4", "1.21", true, true},
		{"1.21.0+ent", "1.21", false, true},
		{"2.0.0-rc1", "1.21.4", false, true},
		{"", "1.17", false, false},
		{"1.x", "1.17", false, false},
		{"1.2.3.4", "1.17", false, false},
	} {
		before, ok := VersionBefore(tc.a, tc.b)
		if before != tc.before || ok != tc.ok {
			t.Errorf("VersionBefore(%q, %q) = %v, %v; want %v, %v", tc.a, tc.b, before, ok, tc.before, tc.ok)
		}
	}
}

// oldServer answers every request with status and knows its version.
type oldServer struct {
	status  int
	version string
	asked   int
}

func (s *oldServer) Do(*http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: s.status, Body: io.NopCloser(strings.NewReader(`{"errors":["1 error occurred:\n\t* unsupported path\n\n"]}`))}, nil
}

func (s *oldServer) ServerVersion(context.Context) (string, error) {
	s.asked++
	return s.version, nil
}

func TestSinceMakesUnsupportedOnOlderServers(t *testing.T) {
	for _, tc := range []struct {
		name        string
		status      int
		version     string
		min         string
		unsupported bool
	}{
		{"older server, 404", 404, "1.17.6", "1.19", true},
		{"older server, 405", 405, "1.17.6", "1.19", true},
		{"same release", 404, "1.19.0", "1.19", false},
		{"newer server", 404, "1.21.0", "1.19", false},
		{"older server, 403", 403, "1.17.6", "1.19", false},
		{"unknown version", 404, "", "1.19", false},
		{"no mark", 404, "1.17.6", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doer := &oldServer{status: tc.status, version: tc.version}
			req, _ := http.NewRequest(http.MethodGet, "http://vault/v1/sys/new", nil)
			editors := []RequestEditorFn{}
			if tc.min != "" {
				editors = Since(tc.min, editors)
			}
			_, err := CallJSON[map[string]any](context.Background(), doer, "SysNew", req, editors)
			var re *ResponseError
			if !errors.As(err, &re) || re.StatusCode != tc.status {
				t.Fatalf("err = %v; want a *ResponseError with status %d", err, tc.status)
			}
			if got := errors.Is(err, ErrUnsupportedByServer); got != tc.unsupported {
				t.Fatalf("errors.Is(%v, ErrUnsupportedByServer) = %v; want %v", err, got, tc.unsupported)
			}
			if tc.status != 404 && tc.status != 405 && doer.asked != 0 {
				t.Errorf("a %d asked the server version %d times; want never", tc.status, doer.asked)
			}
			if !tc.unsupported {
				return
			}
			var ue *UnsupportedError
			if !errors.As(err, &ue) || ue.MinVersion != tc.min || ue.ServerVersion != tc.version || ue.Operation != "SysNew" {
				t.Fatalf("err = %#v; want an *UnsupportedError for SysNew needing %s on %s", err, tc.min, tc.version)
			}
			if tc.status == 404 && !errors.Is(err, ErrInvalidPath) {
				t.Errorf("%v does not match ErrInvalidPath any more", err)
			}
		})
	}
}

func TestSinceLeavesCallersEditorsAlone(t *testing.T) {
	mine := make([]RequestEditorFn, 1, 4)
	mine[0] = func(context.Context, *http.Request) error { return nil }
	got := Since("1.19", mine)
	if len(got) != 2 || len(mine) != 1 {
		t.Fatalf("Since gave %d editors and left the caller %d; want 2 and 1", len(got), len(mine))
	}
}
