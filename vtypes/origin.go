package vtypes

import (
	"fmt"
	"net/url"
)

// OriginOf is the scheme and host of a server URL ("https://vault:8200" of
// "https://vault:8200/v1/sys"): the base of the few paths Vault serves
// outside /v1/ (/.well-known/...). Only the host the caller configured is
// ever addressed.
func OriginOf(server string) (string, error) {
	u, err := url.Parse(server)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", &PathParameterError{Parameter: "server URL", Rule: "must be an absolute URL with a host"}
	}
	return fmt.Sprintf("%s://%s", u.Scheme, u.Host), nil
}
