package wrappers

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
)

// ErrNotSent is returned by a client in an output-only mode (WithOutputCurl,
// WithOutputPolicy): the request was printed, not performed.
var ErrNotSent = errors.New("vault: request not sent (output-only mode)")

// curlCommand renders req as a curl command line safe to paste into a POSIX
// shell: every argument is single-quoted, so nothing in a header, the body
// or the URL is expanded, except the token header's reference to
// $VAULT_TOKEN. The token itself never appears (redact hides it in the rest),
// nor do other credential headers.
func curlCommand(req *http.Request, redact func(string) string) (string, error) {
	var b strings.Builder
	b.WriteString("curl")
	if m := req.Method; m != http.MethodGet && m != "" {
		if strings.Trim(m, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			m = shellQuote(m)
		}
		b.WriteString(" -X " + m)
	}
	names := make([]string, 0, len(req.Header))
	for k := range req.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if !validHeaderName(k) {
			return "", fmt.Errorf("vault: header name %q cannot be printed as a curl argument", k)
		}
		for _, v := range req.Header[k] {
			switch {
			case http.CanonicalHeaderKey(k) == TokenHeader:
				b.WriteString(" -H " + shellQuote(k+": ") + `"$VAULT_TOKEN"`)
				continue
			case secretHeaders[http.CanonicalHeaderKey(k)]:
				v = redactedText
			}
			b.WriteString(" -H " + shellQuote(redact(k+": "+v)))
		}
	}
	if req.Body != nil && req.Body != http.NoBody {
		body, err := rewind(req)
		if err != nil {
			return "", err
		}
		raw, err := io.ReadAll(body.Body)
		if err != nil {
			return "", err
		}
		// --data-raw, as -d would read a file for a body starting with '@'.
		b.WriteString(" --data-raw " + shellQuote(redact(string(raw))))
	}
	u := redact(req.URL.String())
	if strings.ContainsAny(u, "[]{}") {
		b.WriteString(" --globoff") // curl would read [redacted] or {a,b} as a URL pattern
	}
	b.WriteString(" " + shellQuote(u))
	return b.String(), nil
}

// shellQuote single-quotes s for a POSIX shell, where nothing inside single
// quotes is special; a single quote itself is closed, escaped and reopened.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// policyFor renders the ACL policy stanza that allows req: the path below
// /v1/ and the capability its method needs.
func policyFor(req *http.Request) string {
	path := strings.TrimPrefix(req.URL.Path, "/v1/")
	capability := map[string]string{
		http.MethodGet: "read", http.MethodHead: "read", http.MethodPost: "update", http.MethodPut: "update",
		http.MethodPatch: "patch", http.MethodDelete: "delete", "LIST": "list",
	}[req.Method]
	if req.Method == http.MethodGet && req.URL.Query().Get("list") == "true" {
		capability = "list"
	}
	if capability == "update" {
		capability = `create", "update`
	}
	return fmt.Sprintf("path %q {\n  capabilities = [\"%s\"]\n}\n", path, capability)
}
