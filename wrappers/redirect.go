package wrappers

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// ErrRedirectRefused is returned for a redirect the client will not follow:
// one that changes the request's path, drops TLS, or takes the request's
// credentials to another host without WithCredentialRedirects.
var ErrRedirectRefused = errors.New("redirect refused")

const maxRedirects = 10

// followRedirects follows Vault's 307s and 308s (an HA standby pointing at
// the active node) keeping method, body and headers.
func (c *Client) followRedirects(req *http.Request, rsp *http.Response) (*http.Response, error) {
	for hop := 0; hop < maxRedirects; hop++ {
		loc, err := redirectTarget(req, rsp)
		rsp.Body.Close()
		if err != nil {
			return nil, err
		}
		if err := c.checkRedirect(req, loc); err != nil {
			return nil, err
		}
		next, err := rewind(req)
		if err != nil {
			return nil, err
		}
		next.URL, next.Host = loc, ""
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

// redirectTarget resolves the Location of rsp against the URL req went to.
func redirectTarget(req *http.Request, rsp *http.Response) (*url.URL, error) {
	loc := rsp.Header.Get("Location")
	if loc == "" {
		return nil, errors.New("vault: redirect without a Location")
	}
	u, err := req.URL.Parse(loc)
	if err != nil {
		return nil, fmt.Errorf("vault: redirect without a usable Location: %w", err)
	}
	return u, nil
}

// checkRedirect applies Vault's rules to a redirect of req to loc. A standby
// sends the client to the active node with the same path, so a redirect that
// changes it is not Vault's to follow.
func (c *Client) checkRedirect(req *http.Request, loc *url.URL) error {
	from := req.URL
	switch {
	case loc.Scheme != "http" && loc.Scheme != "https":
		return fmt.Errorf("vault: %w: %s to %s is not an http(s) URL", ErrRedirectRefused, from.Host, loc.Redacted())
	case from.Scheme == "https" && loc.Scheme != "https":
		return fmt.Errorf("vault: %w: %s to %s would drop TLS", ErrRedirectRefused, from.Host, loc.Redacted())
	case apiPath(loc.Path) != apiPath(from.Path):
		return fmt.Errorf("vault: %w: %s to %s changes the request's path from %s to %s (Vault's redirects keep it)",
			ErrRedirectRefused, from.Host, loc.Redacted(), apiPath(from.Path), apiPath(loc.Path))
	case !sameHost(from, loc) && carriesCredentials(req) && !c.credentialRedirects:
		return fmt.Errorf("vault: %w: %s to %s would send the request's token, MFA or Authorization header or its body to another host (allow with WithCredentialRedirects)",
			ErrRedirectRefused, from.Host, loc.Host)
	}
	return nil
}

// apiPath is the path from its "/v1/" element on: an address with a path
// prefix (behind a reverse proxy) still matches the active node's redirect.
func apiPath(path string) string {
	if i := strings.Index(path, "/v1/"); i >= 0 {
		return path[i:]
	}
	return path
}

func sameHost(a, b *url.URL) bool {
	return strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "https" {
		return "443"
	}
	return "80"
}

// credentialHeaders carry a secret of the request's sender.
var credentialHeaders = []string{TokenHeader, "X-Vault-Mfa", "Authorization", "Proxy-Authorization"}

// carriesCredentials reports a request another host must not see: one with a
// credential header or user info, or with a body (logins, unwrap, unseal,
// init, rekey and generate-root bodies hold secrets).
func carriesCredentials(req *http.Request) bool {
	for _, h := range credentialHeaders {
		if req.Header.Get(h) != "" {
			return true
		}
	}
	return req.URL.User != nil || (req.Body != nil && req.Body != http.NoBody)
}
