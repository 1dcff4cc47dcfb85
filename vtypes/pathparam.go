package vtypes

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// ErrBadPathParameter matches a request refused before sending because a
// path parameter (a secret path, a role or key name, a mount) would have
// addressed another endpoint: "..", "." or an empty segment, or a "/" in a
// name that is one segment. Vault answers such paths with a redirect to the
// cleaned path (before 1.21.5) or refuses them (2.0 and later), so a name
// taken from a user could otherwise reach any endpoint with the caller's token.
var ErrBadPathParameter = errors.New("bad path parameter")

// PathParameterError says which parameter of which operation broke which
// rule. It does not repeat the value, which may be sensitive.
type PathParameterError struct {
	Operation string // operationId, or the wrapper's call for a mount
	Parameter string // "path", "name", "mount"
	Rule      string
}

func (e *PathParameterError) Error() string {
	return fmt.Sprintf("vault: %s: %s %q: %s", e.Operation, ErrBadPathParameter, e.Parameter, e.Rule)
}

// Is makes errors.Is(err, ErrBadPathParameter) true.
func (e *PathParameterError) Is(target error) bool { return target == ErrBadPathParameter }

// The rules, as the errors state them.
const (
	ruleEmpty   = "must not be empty"
	ruleSlash   = `must be one path segment: no "/"`
	ruleDot     = `must not be "." or ".."`
	ruleSegment = `must not have an empty, "." or ".." segment (no leading, trailing or double "/")`
)

// CheckPathSegment checks a parameter that fills exactly one segment of the
// path (a role, key or issuer name): not empty, no "/", not "." or "..".
func CheckPathSegment(op, param, v string) error {
	switch {
	case v == "":
		return &PathParameterError{op, param, ruleEmpty}
	case strings.IndexByte(v, '/') >= 0:
		return &PathParameterError{op, param, ruleSlash}
	case v == "." || v == "..":
		return &PathParameterError{op, param, ruleDot}
	}
	return nil
}

// CheckPathSegments checks a parameter that may span segments (a KV secret
// path, a mount, a lease ID): not empty, and no segment empty, "." or "..".
func CheckPathSegments(op, param, v string) error {
	if v == "" {
		return &PathParameterError{op, param, ruleEmpty}
	}
	for seg := range strings.SplitSeq(v, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return &PathParameterError{op, param, ruleSegment}
		}
	}
	return nil
}

// CheckServerURL checks the base URL a generated client is made with (which
// holds the mount, "https://vault:8200/v1/secret/"): its path has no empty,
// "." or ".." segment, and it has no query or fragment, which would displace
// every operation's path.
func CheckServerURL(server string) error {
	u, err := url.Parse(server)
	if err != nil {
		return fmt.Errorf("vault: NewClient: server URL: %w", err)
	}
	if u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(server, "?") || strings.HasSuffix(server, "#") {
		return &PathParameterError{"NewClient", "server", "must not have a query or fragment"}
	}
	if p := strings.TrimSuffix(strings.TrimPrefix(u.Path, "/"), "/"); p != "" {
		if err := CheckPathSegments("NewClient", "server", p); err != nil {
			return err
		}
	}
	return nil
}
