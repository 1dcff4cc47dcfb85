package vtypes

import (
	"net/url"
	"strings"
)

// OriginOf is the base of the few paths Vault serves outside /v1/
// (/.well-known/...): the server URL without its /v1/... part, so
// "https://vault:8200/v1/sys" gives "https://vault:8200" and a Vault behind
// a path prefix ("https://gw/vault/v1/sys") keeps it ("https://gw/vault").
// The host is always the one the caller configured.
func OriginOf(server string) (string, error) {
	u, err := url.Parse(server)
	if err != nil || u.Scheme == "" || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", &PathParameterError{Parameter: "server URL", Rule: "must be an absolute URL with a host"}
	}
	prefix := u.EscapedPath()
	if i := strings.Index(prefix+"/", "/v1/"); i >= 0 {
		prefix = prefix[:i]
	}
	return u.Scheme + "://" + u.Host + strings.TrimSuffix(prefix, "/"), nil
}
