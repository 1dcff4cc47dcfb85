package wrappers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Do sends req with the client's token, namespace and headers plus any
// per-request options from its context, through the rate limiter, retries
// and redirect handling, all within the client's timeout. It makes *Client
// an HttpRequestDoer, so any generated package can use it directly:
//
//	base, _ := c.URL("secret")
//	kv := kvv2.New(c, base)
//
// Its errors, and the bodies of non-2xx answers, never hold the request's
// token: it is replaced by [redacted].
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	red := redactor{c: c, req: req}
	if err := c.applyHeaders(req); err != nil {
		return nil, red.err(err)
	}
	if err := checkRequestPath(req); err != nil {
		return nil, red.err(err)
	}
	if c.dryRun != nil {
		return nil, red.err(c.dryRun(req, red.replacer().Replace))
	}
	rsp, err := c.do(req, red)
	return rsp, red.err(err)
}

// do sends req under one deadline for the whole call (the client's own: a
// caller's earlier one ends the call with its own error), released when the
// body is closed.
func (c *Client) do(req *http.Request, red redactor) (*http.Response, error) {
	if c.timeout <= 0 {
		return c.exchange(req, red, time.Time{})
	}
	deadline := time.Now().Add(c.timeout)
	ctx, cancel := context.WithDeadline(req.Context(), deadline)
	rsp, err := c.exchange(req.WithContext(ctx), red, deadline)
	if err != nil {
		cancel()
		return nil, err
	}
	if lb, ok := rsp.Body.(*limitedBody); ok {
		lb.cancel = cancel // one wrapper fewer per call
	} else {
		rsp.Body = &cancelBody{ReadCloser: rsp.Body, cancel: cancel}
	}
	return rsp, nil
}

// exchange sends req, logs it and bounds the answer's body; a non-2xx body
// is read now to hide the request's tokens in it.
func (c *Client) exchange(req *http.Request, red redactor, deadline time.Time) (*http.Response, error) {
	start := time.Now()
	rsp, attempts, err := c.send(req, deadline)
	c.log(req, rsp, err, attempts, time.Since(start), red)
	if err != nil {
		return nil, err
	}
	if c.maxBody > 0 && rsp.ContentLength > c.maxBody {
		rsp.Body.Close()
		return nil, fmt.Errorf("vault: %w: %d bytes, the limit is %d", ErrResponseTooLarge, rsp.ContentLength, c.maxBody)
	}
	if rsp.StatusCode < 200 || rsp.StatusCode > 299 {
		limit := c.maxBody
		if limit <= 0 {
			limit = DefaultMaxResponseSize // read whole, so bounded even without a limit
		}
		red.body(rsp, limit)
	} else if c.maxBody > 0 {
		rsp.Body = &limitedBody{ReadCloser: rsp.Body, left: c.maxBody}
	}
	return rsp, nil
}

// cancelBody ends the call's deadline once the caller is done with the body.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// ErrResponseTooLarge is returned for a response body over the client's limit.
var ErrResponseTooLarge = errors.New("response too large")

// limitedBody fails the read that would pass the limit, so a huge or endless
// body is an error rather than memory exhaustion.
type limitedBody struct {
	io.ReadCloser
	left   int64
	cancel context.CancelFunc // the call's deadline, when it has one
}

func (b *limitedBody) Close() error {
	err := b.ReadCloser.Close()
	if b.cancel != nil {
		b.cancel()
	}
	return err
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One byte more tells a body of exactly the limit from a longer one.
		var one [1]byte
		if n, _ := b.ReadCloser.Read(one[:]); n > 0 {
			return 0, ErrResponseTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	return n, err
}

// send makes the attempts. A retry whose wait would end past the deadline is
// not made: the last answer is the result.
func (c *Client) send(req *http.Request, deadline time.Time) (*http.Response, int, error) {
	ctx := req.Context()
	for attempt := 0; ; attempt++ {
		if c.limiter != nil {
			if err := c.limiter.Wait(ctx); err != nil {
				return nil, attempt + 1, err
			}
		}
		try := req
		if attempt > 0 {
			var err error
			if try, err = rewind(req); err != nil {
				return nil, attempt + 1, err
			}
		}
		rsp, err := c.roundTrip(try)
		if err == nil && (rsp.StatusCode == http.StatusTemporaryRedirect || rsp.StatusCode == http.StatusPermanentRedirect) && !c.disableRedirects {
			rsp, err = c.followRedirects(try, rsp)
		}
		if err == nil && c.readYourWrites {
			c.recordIndex(rsp.Header.Get(IndexHeader))
		}
		wait, again := c.retry.decide(try, rsp, err, attempt)
		if !again || !deadline.IsZero() && time.Now().Add(wait).After(deadline) {
			return rsp, attempt + 1, err
		}
		if rsp != nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(rsp.Body, 1<<16))
			rsp.Body.Close()
		}
		select {
		case <-ctx.Done():
			return nil, attempt + 1, ctx.Err()
		case <-time.After(wait):
		}
	}
}

// roundTrip runs the user's middleware chain around the HTTP client.
func (c *Client) roundTrip(req *http.Request) (*http.Response, error) {
	return c.chain.RoundTrip(req)
}

// rewind copies req with a fresh body, for a retry or a redirect.
func rewind(req *http.Request) (*http.Request, error) {
	next := req.Clone(req.Context())
	if req.Body != nil && req.Body != http.NoBody {
		if req.GetBody == nil {
			return nil, errors.New("vault: the request body cannot be sent again")
		}
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		next.Body = body
	}
	return next, nil
}

// requestLog is called after each request when a logger is set; redact
// hides the request's tokens.
type requestLog func(req *http.Request, rsp *http.Response, err error, attempts int, took time.Duration, redact func(string) string)

func (c *Client) log(req *http.Request, rsp *http.Response, err error, attempts int, took time.Duration, red redactor) {
	if c.logRequest != nil {
		c.logRequest(req, rsp, err, attempts, took, red.replacer().Replace)
	}
}

// Logger receives one debug record per request. *slog.Logger is one; the
// interface keeps log/slog (and its package initialisation) out of programs
// that never log.
type Logger interface {
	DebugContext(ctx context.Context, msg string, args ...any)
}

// logRequests writes one debug line per request: never a header value that
// is a credential, never a token, never a body.
func logRequests(l Logger) requestLog {
	return func(req *http.Request, rsp *http.Response, err error, attempts int, took time.Duration, redact func(string) string) {
		args := make([]any, 0, 14)
		args = append(args, "method", req.Method, "path", redact(req.URL.Path), "attempts", attempts, "took", took,
			"headers", redactHeaders(req.Header, redact))
		if rsp != nil {
			args = append(args, "status", rsp.StatusCode)
		}
		if err != nil {
			args = append(args, "error", redact(err.Error()))
		}
		l.DebugContext(req.Context(), "vault request", args...)
	}
}
