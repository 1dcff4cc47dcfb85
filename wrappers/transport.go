package wrappers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ErrRedirectRefused is returned for a redirect the client will not follow:
// https to http, or to another host while the token would go along.
var ErrRedirectRefused = errors.New("redirect refused")

const maxRedirects = 10

// Do sends req with the client's token, namespace and headers plus any
// per-request options from its context, through the rate limiter, retries
// and redirect handling. It makes *Client an HttpRequestDoer, so any
// generated package can use it directly:
//
//	kv, _ := kvv2.NewClientWithResponses(c.URL("secret"), kvv2.WithHTTPClient(c))
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	c.applyHeaders(req)
	if c.dryRun != nil {
		return nil, c.dryRun(req)
	}
	start := time.Now()
	rsp, attempts, err := c.send(req)
	c.log(req, rsp, err, attempts, time.Since(start))
	if err == nil && c.maxBody > 0 {
		if rsp.ContentLength > c.maxBody {
			rsp.Body.Close()
			return nil, fmt.Errorf("vault: %w: %d bytes, the limit is %d", ErrResponseTooLarge, rsp.ContentLength, c.maxBody)
		}
		rsp.Body = &limitedBody{ReadCloser: rsp.Body, left: c.maxBody}
	}
	return rsp, err
}

// ErrResponseTooLarge is returned for a response body over the client's limit.
var ErrResponseTooLarge = errors.New("response too large")

// limitedBody fails the read that would pass the limit, so a huge or endless
// body is an error rather than memory exhaustion.
type limitedBody struct {
	io.ReadCloser
	left int64
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

func (c *Client) send(req *http.Request) (*http.Response, int, error) {
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
		if !again {
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

// followRedirects follows Vault's 307s (a standby pointing at the active
// node) keeping method, body and headers.
func (c *Client) followRedirects(req *http.Request, rsp *http.Response) (*http.Response, error) {
	for hop := 0; hop < maxRedirects; hop++ {
		loc, err := rsp.Location()
		rsp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("vault: redirect without a usable Location: %w", err)
		}
		if req.URL.Scheme == "https" && loc.Scheme != "https" {
			return nil, fmt.Errorf("vault: %w: %s to %s would drop TLS", ErrRedirectRefused, req.URL.Host, loc.Redacted())
		}
		next, err := rewind(req)
		if err != nil {
			return nil, err
		}
		next.URL = loc
		next.Host = ""
		if !sameHost(req.URL, loc) && next.Header.Get(TokenHeader) != "" && !c.redirectToken {
			return nil, fmt.Errorf("vault: %w: %s to %s would carry the token to another host (allow with WithRedirectToken)", ErrRedirectRefused, req.URL.Host, loc.Host)
		}
		if rsp, err = c.roundTrip(next); err != nil {
			return nil, err
		}
		if rsp.StatusCode != http.StatusTemporaryRedirect && rsp.StatusCode != http.StatusPermanentRedirect {
			return rsp, nil
		}
		req = next
	}
	rsp.Body.Close()
	return nil, fmt.Errorf("vault: more than %d redirects", maxRedirects)
}

func sameHost(a, b *url.URL) bool {
	return strings.EqualFold(a.Hostname(), b.Hostname()) && a.Port() == b.Port()
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

// requestLog is called after each request when a logger is set.
type requestLog func(req *http.Request, rsp *http.Response, err error, attempts int, took time.Duration, redact func(string) string)

func (c *Client) log(req *http.Request, rsp *http.Response, err error, attempts int, took time.Duration) {
	if c.logRequest != nil {
		c.logRequest(req, rsp, err, attempts, took, c.redact)
	}
}

// Logger receives one debug record per request. *slog.Logger is one; the
// interface keeps log/slog (and its package initialisation) out of programs
// that never log.
type Logger interface {
	DebugContext(ctx context.Context, msg string, args ...any)
}

// logRequests writes one debug line per request: never a header value that
// is a credential, never a body.
func logRequests(l Logger) requestLog {
	return func(req *http.Request, rsp *http.Response, err error, attempts int, took time.Duration, redact func(string) string) {
		args := make([]any, 0, 14)
		args = append(args, "method", req.Method, "path", req.URL.Path, "attempts", attempts, "took", took,
			"headers", redactHeaders(req.Header))
		if rsp != nil {
			args = append(args, "status", rsp.StatusCode)
		}
		if err != nil {
			args = append(args, "error", redact(err.Error()))
		}
		l.DebugContext(req.Context(), "vault request", args...)
	}
}

// secretHeaders are never logged or printed with their values.
var secretHeaders = map[string]bool{TokenHeader: true, "X-Vault-Mfa": true, "Authorization": true}

func redactHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, vs := range h {
		v := strings.Join(vs, ",")
		if secretHeaders[http.CanonicalHeaderKey(k)] {
			v = "[redacted]"
		}
		out[k] = v
	}
	return out
}

// redact removes the client's token from text about to leave the client.
func (c *Client) redact(s string) string {
	if tok := c.Token(); len(tok) >= 4 {
		s = strings.ReplaceAll(s, tok, "[redacted]")
	}
	return s
}
