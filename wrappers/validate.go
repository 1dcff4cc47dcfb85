package wrappers

import (
	"fmt"
	"net/url"
	"strings"
)

// validHeaderName reports whether name is an RFC 7230 token, the only form a
// header name may take.
func validHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		b := name[i]
		if !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", b) >= 0) {
			return false
		}
	}
	return true
}

// checkHeaderValue refuses a value with a control character other than tab:
// CR or LF would end the header and start another one. The error names what
// the value is, never the value, which may be a secret.
func checkHeaderValue(what, value string) error {
	for i := 0; i < len(value); i++ {
		if b := value[i]; b < ' ' && b != '\t' || b == 0x7f {
			return fmt.Errorf("vault: %s holds the control character %#02x at byte %d, which an HTTP header cannot carry", what, b, i)
		}
	}
	return nil
}

// checkHeader checks a header from an option or the environment (from names
// the source).
func checkHeader(from, name, value string) error {
	if !validHeaderName(name) {
		return fmt.Errorf("vault: %s: %q is not a valid header name", from, name)
	}
	return checkHeaderValue(fmt.Sprintf("%s: the value of %s", from, name), value)
}

// checkCredentials refuses a token or namespace that no header can carry.
func (cfg *config) checkCredentials() error {
	if err := checkHeaderValue("the token from "+cfg.tokenFrom, cfg.token); err != nil {
		return err
	}
	return checkHeaderValue("the namespace from "+cfg.namespaceFrom, cfg.namespace)
}

// parseAddress reads the server address: an http(s) URL with a host and no
// query or fragment (request paths are appended to it, so either would send
// every request somewhere else). Errors never show a password.
func parseAddress(addr string) (*url.URL, error) {
	u, err := url.Parse(addr)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("vault: address %q must be an http:// or https:// URL", redactURL(addr))
	}
	if strings.ContainsAny(addr, "?#") {
		return nil, fmt.Errorf("vault: address %q must not have a query or fragment", redactURL(addr))
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u, nil
}
