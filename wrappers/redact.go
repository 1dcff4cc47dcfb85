package wrappers

import (
	"bytes"
	"cmp"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

const redactedText = "[redacted]"

// redactor hides one request's tokens (the client's and the request's own
// X-Vault-Token, e.g. a per-request or wrapping token) in text about to leave
// the client. It is a value, and its replacer is built only where text is
// about to leave (an error, a log line, a non-2xx body), so a request that
// succeeds quietly pays nothing.
type redactor struct {
	c   *Client
	req *http.Request
}

func (r redactor) replacer() *strings.Replacer {
	return tokenReplacer(append([]string{r.c.Token()}, r.req.Header.Values(TokenHeader)...))
}

// tokenReplacer replaces each token as written, JSON-escaped and URL-escaped,
// longest first so a form never hides part of a longer one. Tokens under four
// bytes are left alone: replacing them would garble every message.
func tokenReplacer(tokens []string) *strings.Replacer {
	var forms []string
	for _, tok := range tokens {
		if len(tok) < 4 {
			continue
		}
		j, _ := json.Marshal(tok)
		forms = append(forms, tok, string(j[1:len(j)-1]), url.PathEscape(tok), url.QueryEscape(tok))
	}
	slices.SortFunc(forms, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	forms = slices.Compact(forms) // duplicates are adjacent now
	pairs := make([]string, 0, 2*len(forms))
	for _, f := range forms {
		pairs = append(pairs, f, redactedText)
	}
	return strings.NewReplacer(pairs...)
}

// err hides the tokens in err's text; errors.Is and errors.As still reach
// err itself.
func (r redactor) err(err error) error {
	if err == nil {
		return nil
	}
	if msg := r.replacer().Replace(err.Error()); msg != err.Error() {
		return &redactedError{msg: msg, err: err}
	}
	return err
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// body replaces a non-2xx answer's body with a copy without the tokens: Vault
// may echo one in its errors. A body over limit, or one that fails to read,
// yields only the error, never a part that might end inside a token.
func (r redactor) body(rsp *http.Response, limit int64) {
	raw, err := io.ReadAll(io.LimitReader(rsp.Body, limit+1))
	rsp.Body.Close()
	if err == nil && int64(len(raw)) > limit {
		err = ErrResponseTooLarge
	}
	if err != nil {
		rsp.Body, rsp.ContentLength = io.NopCloser(failingReader{err}), -1
		return
	}
	clean := r.replacer().Replace(string(raw))
	rsp.Body, rsp.ContentLength = io.NopCloser(bytes.NewReader([]byte(clean))), int64(len(clean))
}

type failingReader struct{ err error }

func (f failingReader) Read([]byte) (int, error) { return 0, f.err }

// secretHeaders are never logged or printed with their values.
var secretHeaders = map[string]bool{TokenHeader: true, "X-Vault-Mfa": true, "Authorization": true, "Proxy-Authorization": true}

// redactHeaders renders headers for a log line: credentials as [redacted],
// tokens hidden in the rest.
func redactHeaders(h http.Header, redact func(string) string) map[string]string {
	out := make(map[string]string, len(h))
	for k, vs := range h {
		v := redactedText
		if !secretHeaders[http.CanonicalHeaderKey(k)] {
			v = redact(strings.Join(vs, ","))
		}
		out[k] = v
	}
	return out
}

// redactURL hides the password of an address or proxy URL (user:pass@host)
// for an error message. Text with an '@' that does not parse as a URL with
// user info ("user:pass@host" reads as scheme "user") loses everything before
// its last '@'.
func redactURL(s string) string {
	if u, err := url.Parse(s); err == nil && u.Opaque == "" && (u.User != nil || !strings.Contains(s, "@")) {
		return u.Redacted()
	}
	if i := strings.LastIndex(s, "@"); i >= 0 {
		return redactedText + s[i:]
	}
	return s
}
