package wrappers_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/govault/govault/wrappers"
)

// answering counts requests and answers each with status and the headers.
func answering(t *testing.T, status int, header map[string]string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprint(w, `{"errors":["slow down"]}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// outcome is what a call ended with, for comparison.
type outcome struct {
	Requests int32
	Status   int   // of the *ResponseError, 0 if none
	Kind     error // the status's sentinel, nil if none
}

func outcomeOf(requests int32, err error) outcome {
	o := outcome{Requests: requests}
	var re *wrappers.ResponseError
	if errors.As(err, &re) {
		o.Status = re.StatusCode
		o.Kind = errors.Unwrap(re)
	}
	return o
}

var cmpErrors = cmp.Comparer(func(a, b error) bool { return a == b })

// A server asking for a day's pause gets the client's maximum wait instead:
// all retries happen at once and the call returns the last 429.
func TestRetryAfterIsCappedAtTheMaximumWait(t *testing.T) {
	for name, retryAfter := range map[string]string{
		"seconds":   "86400",
		"HTTP date": time.Now().Add(24 * time.Hour).UTC().Format(http.TimeFormat),
		"overflow":  "9223372036854775807",
	} {
		t.Run(name, func(t *testing.T) {
			srv, n := answering(t, http.StatusTooManyRequests, map[string]string{"Retry-After": retryAfter})
			c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(srv.URL), wrappers.WithRetries(2, time.Millisecond, 10*time.Millisecond))
			mustOK(t, err)
			// The context only keeps a regression from hanging the run for a day.
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			start := time.Now()
			_, err = c.Operator().IsInitialized(ctx)
			want := outcome{Requests: 3, Status: http.StatusTooManyRequests, Kind: wrappers.ErrRateLimitExceeded}
			if diff := cmp.Diff(want, outcomeOf(n.Load(), err), cmpErrors); diff != "" {
				t.Fatalf("Retry-After %s (-want +got):\n%s\nerr: %v", retryAfter, diff, err)
			}
			if took := time.Since(start); took > 10*time.Second {
				t.Fatalf("the call took %v", took)
			}
		})
	}
}

// No wait starts that would end past the call's timeout: the call returns
// the answer it has rather than sleep into the deadline.
func TestRetryWaitNeverPassesTheTimeout(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header map[string]string
		status int
	}{
		{"backoff", nil, http.StatusTooManyRequests},
		{"Retry-After within the maximum wait", map[string]string{"Retry-After": "2"}, http.StatusTooManyRequests},
		{"503 on a GET", nil, http.StatusServiceUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, n := answering(t, tc.status, tc.header)
			// Backoff waits are 1.5..3s, the timeout 300ms.
			c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(srv.URL),
				wrappers.WithRetries(5, 3*time.Second, 3*time.Second), wrappers.WithTimeout(300*time.Millisecond))
			mustOK(t, err)
			_, err = c.Operator().IsInitialized(context.Background())
			want := outcome{Requests: 1, Status: tc.status, Kind: wrappers.ErrRateLimitExceeded}
			if tc.status == http.StatusServiceUnavailable {
				want.Kind = wrappers.ErrVaultDown
			}
			if diff := cmp.Diff(want, outcomeOf(n.Load(), err), cmpErrors); diff != "" {
				t.Fatalf("(-want +got):\n%s\nerr: %v", diff, err)
			}
		})
	}
}

// The timeout covers the whole call: a server that never answers, or sends
// headers and then stalls the body, fails the call at the deadline.
func TestTimeoutCoversTheWholeCall(t *testing.T) {
	for _, tc := range []struct {
		name     string
		headers  bool // sent at once, then the body stalls
		opts     []wrappers.Option
		deadline bool // the error is the deadline's
	}{
		{"no answer", false, []wrappers.Option{wrappers.WithTimeout(200 * time.Millisecond)}, true},
		{"stalled body", true, []wrappers.Option{wrappers.WithTimeout(200 * time.Millisecond)}, true},
		{"retries included", false, []wrappers.Option{wrappers.WithTimeout(200 * time.Millisecond), wrappers.WithRetries(5, time.Millisecond, time.Millisecond)}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := stalling(t, tc.headers)
			c, err := wrappers.NewClient(append([]wrappers.Option{wrappers.WithoutEnv(), wrappers.WithAddress(srv.URL)}, tc.opts...)...)
			mustOK(t, err)
			start := time.Now()
			_, err = c.Operator().IsInitialized(context.Background())
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want the deadline", err)
			}
			if took := time.Since(start); took > 2*time.Second {
				t.Fatalf("the call took %v with a 200ms timeout", took)
			}
		})
	}
}

// stalling answers nothing (or only the headers) until the client gives up
// or five seconds pass, then 200 with a body.
func stalling(t *testing.T, headers bool) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if headers {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusOK)
			fmt.Fprint(w, `{"initialized":`)
			w.(http.Flusher).Flush()
		}
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
			if !headers {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, `{"initialized":`)
			}
			fmt.Fprint(w, `true}`)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// sys/health's non-200 answers are results: a GET or HEAD of it is sent once.
func TestHealthIsNeverRetriedOnAStatus(t *testing.T) {
	for _, status := range []int{429, 472, 473, 474, 501, 503, 530} {
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			t.Run(fmt.Sprint(method, status), func(t *testing.T) {
				srv, n := answering(t, status, nil)
				c, err := wrappers.NewClient(fastRetries(wrappers.WithAddress(srv.URL))...)
				mustOK(t, err)
				req, err := http.NewRequestWithContext(context.Background(), method, c.Address()+"/v1/sys/health", nil)
				mustOK(t, err)
				rsp, err := c.Do(req)
				mustOK(t, err)
				rsp.Body.Close()
				if diff := cmp.Diff(outcome{Requests: 1, Status: status}, outcome{Requests: n.Load(), Status: rsp.StatusCode}); diff != "" {
					t.Fatalf("(-want +got):\n%s", diff)
				}
			})
		}
	}
	// Another path with the same status is still retried.
	srv, n := answering(t, http.StatusTooManyRequests, nil)
	c, err := wrappers.NewClient(fastRetries(wrappers.WithAddress(srv.URL))...)
	mustOK(t, err)
	_, _ = c.Operator().IsInitialized(context.Background())
	if n.Load() != 4 {
		t.Fatalf("sys/init answered 429: %d requests, want 4", n.Load())
	}
}
