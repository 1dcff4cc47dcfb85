package wrappers

import (
	"net/http"
	"strings"

	"github.com/govault/govault/vtypes"
)

// checkRequestPath is the last guard before the wire, for requests built
// outside the generated packages' parameter checks (a hand-made request, a
// server URL spelled by hand): a path that is not already clean would be
// redirected to, or refused for, another endpoint by Vault, so it is not
// sent. A trailing slash is Vault's own (LIST paths, mount roots).
func checkRequestPath(req *http.Request) error {
	p := strings.TrimSuffix(strings.TrimPrefix(req.URL.Path, "/"), "/")
	if p == "" {
		return nil
	}
	if err := vtypes.CheckPathSegments("", "path", p); err != nil {
		return &PathParameterError{Operation: req.Method + " " + req.URL.EscapedPath(), Parameter: "request path",
			Rule: `must not have an empty, "." or ".." segment`}
	}
	return nil
}
