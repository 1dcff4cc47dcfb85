package wrappers

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/govault/govault/vtypes"
)

// URL returns the base URL of a mount ("secret", "auth/approle", "sys"), ready
// to hand to a generated package's New. Leading and trailing slashes are
// ignored; a mount with an empty, "." or ".." segment is refused with an
// error matching ErrBadPathParameter, because it would address another
// mount (and url.JoinPath would silently resolve it: "../sys" is "sys").
func (c *Client) URL(mount string) (string, error) {
	u, err := c.apiURL("URL", "mount", mount)
	if err != nil {
		return "", err
	}
	return u + "/", nil
}

// apiURL is the URL of path below /v1/, escaped, once path (slashes around
// it ignored) has passed the path-parameter rules; op and param name it in
// the refusal.
func (c *Client) apiURL(op, param, path string) (string, error) {
	path = strings.Trim(path, "/")
	if err := vtypes.CheckPathSegments(op, param, path); err != nil {
		return "", err
	}
	return c.addr.String() + "/v1/" + (&url.URL{Path: path}).EscapedPath(), nil
}

// mountAPI is the base URL and the doer a wrapper for mount sends through:
// the client itself, or for a refused mount a doer that fails every call
// with the reason, so that nothing is sent and the error names the
// operation that was attempted.
func (c *Client) mountAPI(mount string) (string, httpDoer) {
	base, err := c.URL(mount)
	var pe *PathParameterError
	if errors.As(err, &pe) {
		// The generated call fills in the operation that was attempted.
		return "http://refused.invalid/", refusedDoer{&PathParameterError{Parameter: pe.Parameter, Rule: pe.Rule}}
	}
	return base, c
}

type httpDoer interface {
	Do(*http.Request) (*http.Response, error)
}

// refusedDoer fails every request with err without sending it.
type refusedDoer struct{ err error }

func (d refusedDoer) Do(*http.Request) (*http.Response, error) { return nil, d.err }
