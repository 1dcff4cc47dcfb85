// Package wrappers is the hand-written layer over the generated Vault packages:
// one Client that carries the address, token, namespace and TLS settings, typed
// errors, and the everyday calls (KV v1/v2, tokens, PKI, database credentials,
// transit, logins, wrapping, any path through Logical) with the operator's
// seal, rekey and generate-root flows behind Client.Operator.
//
// Every call returns Vault's whole answer: the typed data with the envelope
// (warnings, lease, request ID, wrap info) it came in. An answer that Vault
// wrapped (the call carried RequestWrapTTL) is a *WrappedError matching
// ErrWrapped, never empty data and a nil error. Every method takes trailing
// RequestOption values, which are also request editors for any generated call.
//
// Every method that sends a request names the spec operations it stands on
// in //vault:operation comments; a test checks that each one exists in
// openapi/ and is really called by the method.
package wrappers

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

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
	settings

	mu          sync.RWMutex
	token       string
	tokenHeader []string   // []string{token}, rebuilt by SetToken
	index       string     // last X-Vault-Index seen, for read-your-writes
	lastLogin   AuthMethod // the method of the last successful Login, for re-login

	// The generated clients for sys and auth/token are made on first use:
	// a program that never calls them does not link them (the generated
	// client keeps every operation reachable once it is built). They are
	// held as any because a typed field would link the type descriptors of
	// every method, parameter and response of theirs into every program
	// (about 80 KB).
	sysOnce   sync.Once
	sys       any // *sys.Client
	tokenOnce sync.Once
	tokenAuth any // *authtoken.Client
}

// settings are fixed when a client is built and shared by its clones.
type settings struct {
	addr      *url.URL
	chain     http.RoundTripper // middleware around the HTTP client
	namespace string
	headers   http.Header
	kvVersion int

	timeout             time.Duration // for each whole call; 0: none
	retry               retryPolicy
	limiter             *rate.Limiter
	disableRedirects    bool
	credentialRedirects bool
	readYourWrites      bool
	logRequest          requestLog
	dryRun              func(req *http.Request, redact func(string) string) error
	maxBody             int64
	version             *serverVersion // shared with clones
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
	u, err := parseAddress(cfg.address)
	if err != nil {
		return nil, err
	}
	if err := cfg.checkCredentials(); err != nil {
		return nil, err
	}
	if cfg.srvLookup {
		if err := lookupSRV(u); err != nil {
			return nil, err
		}
	}
	// The timeout is a deadline over each whole call (Do), not per attempt.
	var hc http.Client
	timeout := cfg.timeout
	if cfg.httpClient != nil {
		hc = *cfg.httpClient // a copy: the caller's client keeps its own redirect policy
		if !cfg.timeoutSet {
			timeout = 0 // only an explicit timeout is added to hc's own
		}
	} else {
		transport, err := cfg.transport()
		if err != nil {
			return nil, err
		}
		hc = http.Client{Transport: transport}
	}
	// Redirects are followed by the client itself, with Vault's rules.
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	var chain http.RoundTripper = roundTripFunc(hc.Do)
	for i := len(cfg.middleware) - 1; i >= 0; i-- {
		chain = cfg.middleware[i](chain)
	}
	c := &Client{token: cfg.token, settings: settings{
		addr: u, chain: chain, namespace: cfg.namespace, headers: cfg.headers, kvVersion: cfg.kvVersion,
		timeout: timeout, retry: cfg.retry, disableRedirects: cfg.disableRedirects, credentialRedirects: cfg.credentialRedirects,
		readYourWrites: cfg.readYourWrites, logRequest: cfg.logRequest, dryRun: cfg.dryRun, maxBody: cfg.maxBody,
		version: &serverVersion{version: cfg.serverVersion},
	}}
	if cfg.rateLimit > 0 {
		c.limiter = rate.NewLimiter(rate.Limit(cfg.rateLimit), max(cfg.rateBurst, 1))
	}
	return c, nil
}

// Clone returns a client that shares this one's connections and settings
// but has its own token (and namespace, if given), e.g. one per tenant.
func (c *Client) Clone(token string, namespace ...string) *Client {
	c.mu.RLock()
	cp := &Client{settings: c.settings, token: token, index: c.index}
	c.mu.RUnlock()
	if len(namespace) > 0 {
		cp.namespace = namespace[0]
	}
	return cp
}

func (c *Client) recordIndex(idx string) {
	if idx == "" {
		return
	}
	c.mu.Lock()
	c.index = idx
	c.mu.Unlock()
}

func (c *Client) lastIndex() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.index
}

// lookupSRV replaces a port-less address's host with the target of its
// _vault._tcp SRV record, as VAULT_SRV_LOOKUP asks.
func lookupSRV(u *url.URL) error {
	if u.Port() != "" {
		return nil
	}
	_, addrs, err := net.LookupSRV("vault", "tcp", u.Hostname())
	if err != nil || len(addrs) == 0 {
		return fmt.Errorf("vault: SRV lookup of _vault._tcp.%s: %v", u.Hostname(), err)
	}
	u.Host = net.JoinHostPort(strings.TrimSuffix(addrs[0].Target, "."), strconv.Itoa(int(addrs[0].Port)))
	return nil
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Address returns the server address the client talks to.
func (c *Client) Address() string { return c.addr.String() }

// Token returns the token requests are sent with.
func (c *Client) Token() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.token
}

// SetToken changes the token for all later requests.
func (c *Client) SetToken(token string) {
	c.mu.Lock()
	c.token, c.tokenHeader = token, nil
	c.mu.Unlock()
}

// tokenValues is the token header's value slice, built once per token.
func (c *Client) tokenValues() []string {
	c.mu.RLock()
	h := c.tokenHeader
	c.mu.RUnlock()
	if h != nil {
		return h
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tokenHeader == nil {
		c.tokenHeader = []string{c.token}
	}
	return c.tokenHeader
}

// Namespace returns the namespace requests are sent to ("" for the root).
func (c *Client) Namespace() string { return c.namespace }

// Sys returns the generated client for the system backend, for operations
// this package has no convenience for.
func (c *Client) Sys() *sys.Client {
	c.sysOnce.Do(func() {
		base, doer := c.mountAPI("sys")
		c.sys = sys.New(doer, base) // cannot fail: the URL parsed already
	})
	return c.sys.(*sys.Client)
}

// TokenAuth returns the generated client for the token auth method at auth/token.
func (c *Client) TokenAuth() *authtoken.Client {
	c.tokenOnce.Do(func() {
		base, doer := c.mountAPI("auth/token")
		c.tokenAuth = authtoken.New(doer, base) // cannot fail
	})
	return c.tokenAuth.(*authtoken.Client)
}
