package wrappers

import (
	"errors"
	"strings"

	"github.com/govault/govault/vtypes"
)

// Mount returns the generated client of an area for the mount at mount
// ("pki", "database", "auth/approle"), sending through c: its token,
// namespace, retries, middleware and redaction apply to every call. newClient
// is the area package's New:
//
//	api, err := wrappers.Mount(c, "pki", pki.New) // *pki.Client
//	issued, err := api.PKIIssueWithRole(ctx, "web", body)
//
// A mount with an empty, "." or ".." segment is refused with
// ErrBadPathParameter (as URL refuses it), and nothing is built.
func Mount[T any](c *Client, mount string, newClient func(vtypes.HTTPRequestDoer, string) T) (T, error) {
	var zero T
	if c == nil || newClient == nil {
		return zero, errors.New("vault: Mount: nil client or newClient")
	}
	if err := vtypes.CheckPathSegments("Mount", "mount", strings.Trim(mount, "/")); err != nil {
		return zero, err
	}
	base, err := c.URL(mount)
	if err != nil {
		return zero, err
	}
	return newClient(c, base), nil
}
