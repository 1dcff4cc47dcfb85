package wrappers

import (
	"bytes"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// retryPolicy decides whether a failed attempt is tried again, and when.
type retryPolicy struct {
	max      int           // retries after the first attempt
	min, cap time.Duration // backoff bounds
}

var defaultRetry = retryPolicy{max: 2, min: time.Second, cap: 1500 * time.Millisecond}

// idempotent methods may be repeated whatever happened to the first try.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodDelete, "LIST":
		return true
	}
	return false
}

// decide returns the wait before the next attempt, or false to stop. Vault
// did not act on a request it answered 412 (index not caught up) or 429
// (rate limited), nor on one that never reached it, so those are retried for
// any method; 502/503/504 and broken connections only for idempotent ones.
// Retry-After is honoured up to the maximum wait: a server cannot park the
// client for longer.
func (p retryPolicy) decide(req *http.Request, rsp *http.Response, err error, attempt int) (time.Duration, bool) {
	if attempt >= p.max || req.Context().Err() != nil {
		return 0, false
	}
	if req.Body != nil && req.GetBody == nil {
		return 0, false // the body cannot be sent again
	}
	switch {
	case err != nil:
		if !notSent(err) && !idempotent(req.Method) {
			return 0, false
		}
		if !isConnectionError(err) {
			return 0, false
		}
	case healthCheck(req):
		return 0, false
	case rsp.StatusCode == http.StatusPreconditionFailed, rsp.StatusCode == http.StatusTooManyRequests:
	case rsp.StatusCode == http.StatusInternalServerError && bodySays(rsp, "local node not active but active cluster node not found"):
		// A standby during a leader election refused the request before
		// acting on it: safe to repeat for any method.
	case rsp.StatusCode == http.StatusBadGateway, rsp.StatusCode == http.StatusServiceUnavailable, rsp.StatusCode == http.StatusGatewayTimeout:
		if !idempotent(req.Method) || sealed(rsp) {
			return 0, false
		}
	default:
		return 0, false
	}
	if rsp != nil {
		if wait, ok := retryAfter(rsp.Header.Get("Retry-After")); ok {
			return min(wait, p.cap), true
		}
	}
	return p.backoff(attempt), true
}

// healthCheck reports a sys/health probe: its non-200 statuses (429 standby,
// 472 DR secondary, 473 performance standby, 501 not initialised, 503
// sealed, ...) are the answer, not a failure to wait out.
func healthCheck(req *http.Request) bool {
	return (req.Method == http.MethodGet || req.Method == http.MethodHead) &&
		strings.HasSuffix(strings.TrimSuffix(req.URL.Path, "/"), "/v1/sys/health")
}

// backoff doubles from min per attempt, capped, with full jitter in the
// upper half so clients that failed together do not retry together.
func (p retryPolicy) backoff(attempt int) time.Duration {
	d := p.min << attempt
	if d > p.cap || d <= 0 {
		d = p.cap
	}
	if d < p.min {
		d = p.min
	}
	half := d / 2
	return half + rand.N(half+1)
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil && s >= 0 {
		return time.Duration(min(s, int64(math.MaxInt64/time.Second))) * time.Second, true // no overflow to a negative wait
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d, true
		}
		return 0, true
	}
	return 0, false
}

// notSent reports an error that happened before the request left: dialing.
func notSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

func isConnectionError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, net.ErrClosed) || errors.Is(err, io.ErrUnexpectedEOF)
}

// sealed reports a 503 that says the server is sealed: it stays sealed until
// an operator acts, so waiting would only delay the error.
func sealed(rsp *http.Response) bool {
	return rsp.StatusCode == http.StatusServiceUnavailable && bodySays(rsp, "Vault is sealed")
}

// bodySays reports whether the start of the body contains text. The body is
// put back for the caller.
func bodySays(rsp *http.Response, text string) bool {
	if rsp.Body == nil {
		return false
	}
	head, err := io.ReadAll(io.LimitReader(rsp.Body, 4096))
	rsp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), rsp.Body), rsp.Body}
	return err == nil && bytes.Contains(head, []byte(text))
}
