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

// curlCommand renders req as a curl command line. The token is referenced
// as $VAULT_TOKEN, never written out.
func curlCommand(req *http.Request) (string, error) {
	var b strings.Builder
	b.WriteString("curl")
	if req.Method != http.MethodGet {
		fmt.Fprintf(&b, " -X %s", req.Method)
	}
	names := make([]string, 0, len(req.Header))
	for k := range req.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range req.Header[k] {
			if secretHeaders[http.CanonicalHeaderKey(k)] {
				if http.CanonicalHeaderKey(k) == TokenHeader {
					v = "$VAULT_TOKEN"
				} else {
					v = "[redacted]"
				}
			}
			fmt.Fprintf(&b, " -H %s", shellQuote(k+": "+v))
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
		fmt.Fprintf(&b, " -d %s", shellQuote(string(raw)))
	}
	fmt.Fprintf(&b, " %s", shellQuote(req.URL.String()))
	return b.String(), nil
}

// shellQuote quotes s for a POSIX shell, leaving $VAULT_TOKEN expandable.
func shellQuote(s string) string {
	if strings.Contains(s, "$VAULT_TOKEN") {
		return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "`", "\\`").Replace(s) + `"`
	}
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
