package wrappers

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/govault/govault/vtypes"
)

// versionRetry is how long a failed version lookup is remembered, so a burst
// of 404s costs at most one extra request.
const versionRetry = 30 * time.Second

// serverVersion is the server's release, learned once per client and its
// clones (they talk to the same server).
type serverVersion struct {
	mu      sync.Mutex
	version string
	err     error
	failed  time.Time
}

// WithServerVersion tells the client which Vault release it talks to, e.g.
// "1.19.5", so it never asks. Without it the client reads sys/seal-status the
// first time it needs to know: after a 404 or 405 of an operation newer than
// some releases, or on ServerVersion.
func WithServerVersion(version string) Option {
	return option(func(c *config) error {
		if _, ok := vtypes.VersionBefore(version, version); !ok {
			return fmt.Errorf("wrappers: WithServerVersion(%q): not a release version such as 1.19.5", version)
		}
		c.serverVersion = version
		return nil
	})
}

// ServerVersion returns the release of the Vault server, e.g. "1.21.0", from
// WithServerVersion or else sys/seal-status (asked once; a failure is kept
// for 30 seconds). It is empty, without an error, when the server hides it
// (a listener with redact_version and no valid token).
//
//vault:nooperation SysReadSealStatus's version field only, read without the generated sys package: every generated call may ask for the version, and a program that uses only KV must not link all of sys (bench's link test)
func (c *Client) ServerVersion(ctx context.Context) (string, error) {
	sv := c.version
	sv.mu.Lock()
	defer sv.mu.Unlock()
	if sv.version != "" {
		return sv.version, nil
	}
	if sv.err != nil && time.Since(sv.failed) < versionRetry {
		return "", sv.err
	}
	st, err := c.readVersion(ctx)
	if err != nil {
		sv.err, sv.failed = fmt.Errorf("wrappers: reading the server version: %w", err), time.Now()
		return "", sv.err
	}
	sv.version, sv.err = st.Version, nil
	return sv.version, nil
}

// readVersion is GET sys/seal-status decoded into the one field it needs.
func (c *Client) readVersion(ctx context.Context) (*sealVersion, error) {
	const op = "SysReadSealStatus"
	u, err := c.apiURL(op, "path", "sys/seal-status")
	if err != nil {
		return nil, err
	}
	// A sub-request: the caller's wrap TTL, namespace or token options are not for it.
	req, err := http.NewRequestWithContext(WithoutRequestOptions(ctx), http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	return vtypes.CallJSON[sealVersion](req.Context(), c, op, req, nil)
}

type sealVersion struct {
	Version string `json:"version"`
}

var _ vtypes.ServerVersioner = (*Client)(nil)
