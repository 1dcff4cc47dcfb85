// Package wrappers is the hand-written layer over the generated Vault packages:
// one Client that carries the address, token, namespace and TLS settings, typed
// errors, and the hvac-style conveniences (unseal until the threshold, rekey and
// generate-root flows, KV v1/v2 switching).
//
// Every method names the spec operation it stands on in a //vault:operation
// comment; a test checks each of those exists in openapi/.
package wrappers

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/govault/govault/generated/authtoken"
	"github.com/govault/govault/generated/sys"
)

// Header names Vault reads on every request.
const (
	TokenHeader     = "X-Vault-Token"
	NamespaceHeader = "X-Vault-Namespace"
	WrapTTLHeader   = "X-Vault-Wrap-TTL"
)

// DefaultAddress is where Vault listens when nothing else is configured.
const DefaultAddress = "https://127.0.0.1:8200"

// Client talks to one Vault server. It is safe for concurrent use; SetToken
// may be called while requests are in flight.
type Client struct {
	addr      *url.URL
	http      *http.Client
	namespace string
	kvVersion int

	mu    sync.RWMutex
	token string

	sys       *sys.ClientWithResponses
	tokenAuth *authtoken.ClientWithResponses
}

// NewClient builds a client from the VAULT_* environment variables, then
// applies opts on top (options win). Use WithoutEnv to ignore the environment.
func NewClient(opts ...Option) (*Client, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		if o.early != nil {
			o.early(cfg)
		}
	}
	if cfg.useEnv {
		if err := cfg.fromEnv(); err != nil {
			return nil, err
		}
	}
	for _, o := range opts {
		if o.apply != nil {
			if err := o.apply(cfg); err != nil {
				return nil, err
			}
		}
	}
	return cfg.build()
}

func (cfg *config) build() (*Client, error) {
	u, err := url.Parse(cfg.address)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("vault: address %q must be an http:// or https:// URL", cfg.address)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	httpClient := cfg.httpClient
	if httpClient == nil {
		transport, err := cfg.tls.transport()
		if err != nil {
			return nil, err
		}
		httpClient = &http.Client{Transport: transport, Timeout: cfg.timeout}
	}
	c := &Client{addr: u, http: httpClient, namespace: cfg.namespace, kvVersion: cfg.kvVersion, token: cfg.token}
	if c.sys, err = sys.NewClientWithResponses(c.URL("sys"), sys.WithHTTPClient(c)); err != nil {
		return nil, err
	}
	if c.tokenAuth, err = authtoken.NewClientWithResponses(c.URL("auth/token"), authtoken.WithHTTPClient(c)); err != nil {
		return nil, err
	}
	return c, nil
}

// Address returns the server address the client talks to.
func (c *Client) Address() string { return c.addr.String() }

// URL returns the base URL of a mount ("secret", "auth/approle", "sys"), ready
// to hand to a generated package's NewClient.
func (c *Client) URL(mount string) string {
	return c.addr.JoinPath("v1", strings.Trim(mount, "/")).String() + "/"
}

// Token returns the token requests are sent with.
func (c *Client) Token() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.token
}

// SetToken changes the token for all later requests.
func (c *Client) SetToken(token string) {
	c.mu.Lock()
	c.token = token
	c.mu.Unlock()
}

// Namespace returns the namespace requests are sent to ("" for the root).
func (c *Client) Namespace() string { return c.namespace }

// Do sends req with the client's token and namespace. It makes *Client an
// HttpRequestDoer, so any generated package can use it directly:
//
//	kv, _ := kvv2.NewClientWithResponses(c.URL("secret"), kvv2.WithHTTPClient(c))
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	if tok := c.Token(); tok != "" && req.Header.Get(TokenHeader) == "" {
		req.Header.Set(TokenHeader, tok)
	}
	if c.namespace != "" && req.Header.Get(NamespaceHeader) == "" {
		req.Header.Set(NamespaceHeader, c.namespace)
	}
	// Vault requires this header on requests that could come from a browser.
	req.Header.Set("X-Vault-Request", "true")
	return c.http.Do(req)
}

// Sys returns the generated client for the system backend, for operations
// this package has no convenience for.
func (c *Client) Sys() *sys.ClientWithResponses { return c.sys }

// TokenAuth returns the generated client for the token auth method at auth/token.
func (c *Client) TokenAuth() *authtoken.ClientWithResponses { return c.tokenAuth }
