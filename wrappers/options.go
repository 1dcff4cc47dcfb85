package wrappers

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// config collects what the options and the environment say before a Client
// is built from it.
type config struct {
	address    string
	socket     string // unix socket path, from a unix:// address
	srvLookup  bool
	token      string
	namespace  string
	headers    http.Header
	timeout    time.Duration
	timeoutSet bool // by WithTimeout or VAULT_CLIENT_TIMEOUT, not the default
	tls        tlsConfig
	proxy      *url.URL
	httpClient *http.Client
	kvVersion  int
	useEnv     bool

	// Where the token and namespace came from, for an error about them.
	tokenFrom, namespaceFrom string

	retry               retryPolicy
	rateLimit           float64
	rateBurst           int
	disableRedirects    bool
	credentialRedirects bool
	readYourWrites      bool
	logRequest          requestLog
	dryRun              func(req *http.Request, redact func(string) string) error
	middleware          []func(http.RoundTripper) http.RoundTripper
	maxBody             int64
	serverVersion       string
}

func defaultConfig() *config {
	return &config{address: DefaultAddress, timeout: 60 * time.Second, kvVersion: 2, useEnv: true, retry: defaultRetry, maxBody: DefaultMaxResponseSize}
}

// Option configures a Client.
type Option struct {
	early func(*config) // runs before the environment is read
	apply func(*config) error
}

func option(f func(*config) error) Option { return Option{apply: f} }

// WithoutEnv ignores the VAULT_* environment variables and ~/.vault-token.
func WithoutEnv() Option { return Option{early: func(c *config) { c.useEnv = false }} }

// WithAddress sets the server address, e.g. "https://vault.example.com:8200",
// or a Vault Agent's "unix:///run/vault-agent.sock".
func WithAddress(addr string) Option {
	return option(func(c *config) error { return c.setAddress(addr) })
}

func (c *config) setAddress(addr string) error {
	if rest, ok := cutPrefixFold(addr, "unix://"); ok {
		if rest == "" {
			return fmt.Errorf("vault: address %q names no socket", addr)
		}
		c.socket, c.address = rest, "http://localhost"
		return nil
	}
	c.socket, c.address = "", addr
	return nil
}

// WithToken sets the token sent with every request.
func WithToken(token string) Option {
	return option(func(c *config) error { c.token, c.tokenFrom = token, "WithToken"; return nil })
}

// WithNamespace sends every request to the given namespace (Vault Enterprise).
func WithNamespace(ns string) Option {
	return option(func(c *config) error { c.namespace, c.namespaceFrom = ns, "WithNamespace"; return nil })
}

// WithHeader adds a header to every request. A name that is not an HTTP
// token, or a value with a control character (CR, LF, ...), is an error.
func WithHeader(name, value string) Option {
	return option(func(c *config) error {
		if err := checkHeader("WithHeader", name, value); err != nil {
			return err
		}
		if c.headers == nil {
			c.headers = http.Header{}
		}
		c.headers.Add(name, value)
		return nil
	})
}

// WithTimeout bounds each call as a whole (60s unless set; 0: no limit
// beyond the context's): every attempt, retry wait and redirect, and the
// reading of the response body until it is closed. A retry whose wait would
// end past the deadline is not made; the call returns the last answer.
func WithTimeout(d time.Duration) Option {
	return option(func(c *config) error {
		if d < 0 {
			return fmt.Errorf("vault: timeout %v is negative", d)
		}
		c.timeout, c.timeoutSet = d, true
		return nil
	})
}

// WithCACert trusts the PEM certificates in file instead of the system pool.
func WithCACert(file string) Option {
	return option(func(c *config) error { c.tls.caFile = file; return nil })
}

// WithCAPath trusts every PEM certificate in the files of dir.
func WithCAPath(dir string) Option {
	return option(func(c *config) error { c.tls.caPath = dir; return nil })
}

// WithCACertPEM trusts the given PEM certificates instead of the system pool.
func WithCACertPEM(pem []byte) Option {
	return option(func(c *config) error { c.tls.caPEM = pem; return nil })
}

// WithClientCert presents the certificate and key in these PEM files (for the
// cert auth method or mutual TLS). Private-key support is linked into the
// program only when this option (or wrappers/clientcert) is used.
func WithClientCert(certFile, keyFile string) Option {
	return option(func(c *config) error {
		c.tls.certFile, c.tls.keyFile, c.tls.loadKeyPair = certFile, keyFile, tls.LoadX509KeyPair
		return nil
	})
}

// WithTLSServerName sets the name the server certificate must carry.
func WithTLSServerName(name string) Option {
	return option(func(c *config) error { c.tls.serverName = name; return nil })
}

// WithInsecureSkipVerify turns off server certificate checks (as
// VAULT_SKIP_VERIFY does). For tests only: anyone on the path can then
// read the token.
func WithInsecureSkipVerify() Option {
	return option(func(c *config) error { c.tls.skipVerify = true; return nil })
}

// WithProxy sends requests through the HTTP proxy at proxyURL instead of the
// one the standard environment variables name.
func WithProxy(proxyURL string) Option {
	return option(func(c *config) error {
		u, err := url.Parse(proxyURL)
		if err != nil || u.Host == "" {
			return fmt.Errorf("vault: proxy %q is not a URL", redactURL(proxyURL))
		}
		c.proxy = u
		return nil
	})
}

// WithHTTPClient sends requests through a copy of hc: its Transport, Jar and
// Timeout (per attempt) apply, its CheckRedirect does not (the client follows
// Vault's redirects itself; hc keeps its own policy). The TLS, proxy and unix
// socket settings are then ignored: configure hc's transport. Everything else
// applies on top: token, namespace, headers, retries, redirects, rate limit,
// middleware, response size limit, and a timeout set explicitly (WithTimeout,
// VAULT_CLIENT_TIMEOUT) as the deadline of each whole call. The 60s default
// timeout is not added: hc's Timeout and the context are the limits then.
func WithHTTPClient(hc *http.Client) Option {
	return option(func(c *config) error {
		if hc == nil {
			return errors.New("vault: WithHTTPClient(nil)")
		}
		c.httpClient = hc
		return nil
	})
}

// WithKVVersion sets the KV engine version Client.KV uses by default (1 or 2;
// 2 unless set, as in hvac).
func WithKVVersion(v int) Option {
	return option(func(c *config) error {
		if v != 1 && v != 2 {
			return fmt.Errorf("vault: KV version %d: want 1 or 2", v)
		}
		c.kvVersion = v
		return nil
	})
}

// WithRetries sets how many times a failed request is tried again (0: never)
// and the bounds of the exponential backoff between tries. Requests are
// retried on 412 and 429 and when they never reached the server; on 502, 503,
// 504 and broken connections only when repeating them is safe (GET, LIST,
// HEAD, DELETE). Retry-After is honoured up to waitMax, never beyond, and no
// wait runs past the call's timeout (WithTimeout): the last answer is
// returned instead. A GET or HEAD of sys/health is never retried on a
// status: its non-200 answers (standby, sealed, ...) are results.
func WithRetries(max int, waitMin, waitMax time.Duration) Option {
	return option(func(c *config) error {
		if max < 0 || waitMin < 0 || waitMax < waitMin {
			return fmt.Errorf("vault: retries %d, wait %v..%v: want max >= 0 and 0 <= min <= max", max, waitMin, waitMax)
		}
		c.retry = retryPolicy{max: max, min: waitMin, cap: waitMax}
		return nil
	})
}

// WithRateLimit caps the client at perSecond requests a second, in bursts of
// up to burst.
func WithRateLimit(perSecond float64, burst int) Option {
	return option(func(c *config) error {
		if !(perSecond >= 0) || burst < 0 { // NaN too
			return fmt.Errorf("vault: rate limit %v/%d is negative", perSecond, burst)
		}
		c.rateLimit, c.rateBurst = perSecond, burst
		return nil
	})
}

// WithoutRedirects returns Vault's redirects to the caller instead of
// following them.
func WithoutRedirects() Option {
	return option(func(c *config) error { c.disableRedirects = true; return nil })
}

// WithCredentialRedirects lets the client follow Vault's redirect to another
// host (an HA standby naming the active node by its own address) with the
// request's token, MFA and Authorization headers and its body. Without it
// such a redirect is refused with ErrRedirectRefused for any request that
// carries one of them; a redirect that changes the path or drops TLS is
// refused regardless.
func WithCredentialRedirects() Option {
	return option(func(c *config) error { c.credentialRedirects = true; return nil })
}

// WithReadYourWrites sends the last X-Vault-Index the client saw with every
// request, so a performance standby answers only once it has caught up with
// the client's own writes (it answers 412 until then, which is retried).
func WithReadYourWrites() Option {
	return option(func(c *config) error { c.readYourWrites = true; return nil })
}

// WithLogger logs one debug line per request (method, path, status,
// attempts, time, headers with credentials redacted; never bodies) to l,
// typically a *slog.Logger.
func WithLogger(l Logger) Option {
	return option(func(c *config) error {
		c.logRequest = nil
		if l != nil {
			c.logRequest = logRequests(l)
		}
		return nil
	})
}

// WithMiddleware wraps the HTTP transport, for tracing or metrics. The first
// middleware given is the outermost.
func WithMiddleware(mw ...func(http.RoundTripper) http.RoundTripper) Option {
	return option(func(c *config) error { c.middleware = append(c.middleware, mw...); return nil })
}

// WithOutputCurl makes the client print each request as a curl command to
// emit instead of sending it; calls then fail with ErrNotSent. The command
// is safe to paste into a POSIX shell: only the token header refers to
// $VAULT_TOKEN; the token never appears, other credentials print as
// [redacted], and nothing else is expanded.
func WithOutputCurl(emit func(string)) Option {
	return option(func(c *config) error {
		c.dryRun = func(req *http.Request, redact func(string) string) error {
			cmd, err := curlCommand(req, redact)
			if err != nil {
				return err
			}
			emit(cmd)
			return ErrNotSent
		}
		return nil
	})
}

// WithOutputPolicy makes the client print, instead of sending each request,
// the ACL policy stanza that would allow it; calls then fail with ErrNotSent.
func WithOutputPolicy(emit func(string)) Option {
	return option(func(c *config) error {
		c.dryRun = func(req *http.Request, _ func(string) string) error {
			emit(policyFor(req))
			return ErrNotSent
		}
		return nil
	})
}

// DefaultMaxResponseSize bounds a response body unless WithMaxResponseSize
// says otherwise: far above any Vault answer, far below a memory problem.
const DefaultMaxResponseSize = 32 << 20

// WithMaxResponseSize refuses response bodies longer than n bytes (0: no limit).
func WithMaxResponseSize(n int64) Option {
	return option(func(c *config) error {
		if n < 0 {
			return fmt.Errorf("vault: response size limit %d is negative", n)
		}
		c.maxBody = n
		return nil
	})
}
