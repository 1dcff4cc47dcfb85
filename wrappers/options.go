package wrappers

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// config collects what the options and the environment say before a Client
// is built from it.
type config struct {
	address    string
	token      string
	namespace  string
	timeout    time.Duration
	tls        tlsConfig
	httpClient *http.Client
	kvVersion  int
	useEnv     bool
}

func defaultConfig() *config {
	return &config{address: DefaultAddress, timeout: 60 * time.Second, kvVersion: 2, useEnv: true}
}

// Option configures a Client.
type Option struct {
	early func(*config) // runs before the environment is read
	apply func(*config) error
}

func option(f func(*config) error) Option { return Option{apply: f} }

// WithoutEnv ignores the VAULT_* environment variables.
func WithoutEnv() Option { return Option{early: func(c *config) { c.useEnv = false }} }

// WithAddress sets the server address, e.g. "https://vault.example.com:8200".
func WithAddress(addr string) Option {
	return option(func(c *config) error { c.address = addr; return nil })
}

// WithToken sets the token sent with every request.
func WithToken(token string) Option {
	return option(func(c *config) error { c.token = token; return nil })
}

// WithNamespace sends every request to the given namespace (Vault Enterprise).
func WithNamespace(ns string) Option {
	return option(func(c *config) error { c.namespace = ns; return nil })
}

// WithTimeout bounds each HTTP request; 0 means no limit beyond the context's.
func WithTimeout(d time.Duration) Option {
	return option(func(c *config) error {
		if d < 0 {
			return fmt.Errorf("vault: timeout %v is negative", d)
		}
		c.timeout = d
		return nil
	})
}

// WithCACert trusts the PEM certificates in file instead of the system pool.
func WithCACert(file string) Option {
	return option(func(c *config) error { c.tls.caFile = file; return nil })
}

// WithCACertPEM trusts the given PEM certificates instead of the system pool.
func WithCACertPEM(pem []byte) Option {
	return option(func(c *config) error { c.tls.caPEM = pem; return nil })
}

// WithClientCert presents the certificate and key in these PEM files (for the
// cert auth method or mutual TLS).
func WithClientCert(certFile, keyFile string) Option {
	return option(func(c *config) error {
		c.tls.certFile, c.tls.keyFile = certFile, keyFile
		return nil
	})
}

// WithTLSServerName sets the name the server certificate must carry.
func WithTLSServerName(name string) Option {
	return option(func(c *config) error { c.tls.serverName = name; return nil })
}

// WithInsecureSkipVerify turns off server certificate checks. For tests only.
func WithInsecureSkipVerify(skip bool) Option {
	return option(func(c *config) error { c.tls.skipVerify = skip; return nil })
}

// WithHTTPClient sends requests through hc. TLS options are then ignored:
// configure hc's transport instead.
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
