package wrappers

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
)

type tlsConfig struct {
	caFile, caPath, certFile, keyFile string
	caPEM                             []byte
	serverName                        string
	skipVerify                        bool

	// loadKeyPair reads certFile and keyFile. WithClientCert sets it to
	// tls.LoadX509KeyPair; for the environment it comes from
	// wrappers/clientcert, and is nil when that package is not imported.
	loadKeyPair func(certFile, keyFile string) (tls.Certificate, error)
}

// transport builds the HTTP transport: Go's defaults (pooling, HTTP/2,
// proxies from the environment unless one is set) with TLS 1.2 or newer,
// the configured trust, and a unix socket dialer for Vault Agent.
func (cfg *config) transport() (*http.Transport, error) {
	tc, err := cfg.tls.config()
	if err != nil {
		return nil, err
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = tc
	// A client talks to one Vault host: keep enough idle connections for
	// concurrent callers instead of Go's default of two.
	tr.MaxIdleConnsPerHost = 128
	if cfg.proxy != nil {
		tr.Proxy = http.ProxyURL(cfg.proxy)
	}
	if cfg.socket != "" {
		socket := cfg.socket
		tr.Proxy = nil
		tr.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", socket)
		}
	}
	return tr, nil
}

func (t tlsConfig) config() (*tls.Config, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: t.serverName, InsecureSkipVerify: t.skipVerify} //nolint:gosec // opt-in only
	if t.caFile != "" || t.caPath != "" || len(t.caPEM) > 0 {
		pool := x509.NewCertPool()
		pems := [][]byte{}
		if len(t.caPEM) > 0 {
			pems = append(pems, t.caPEM)
		}
		files := []string{}
		if t.caFile != "" {
			files = append(files, t.caFile)
		}
		if t.caPath != "" {
			entries, err := os.ReadDir(t.caPath)
			if err != nil {
				return nil, fmt.Errorf("vault: CA path: %w", err)
			}
			for _, e := range entries {
				if !e.IsDir() {
					files = append(files, filepath.Join(t.caPath, e.Name()))
				}
			}
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("vault: CA certificate: %w", err)
			}
			pems = append(pems, b)
		}
		added := false
		for _, p := range pems {
			added = pool.AppendCertsFromPEM(p) || added
		}
		if !added {
			return nil, fmt.Errorf("vault: CA certificate %q holds no PEM certificate", t.caFile+t.caPath)
		}
		tc.RootCAs = pool
	}
	if t.certFile != "" || t.keyFile != "" {
		if t.loadKeyPair == nil {
			return nil, ErrClientCertNotLinked
		}
		cert, err := t.loadKeyPair(t.certFile, t.keyFile)
		if err != nil {
			return nil, fmt.Errorf("vault: client certificate: %w", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return tc, nil
}

// ErrClientCertNotLinked is returned by NewClient when VAULT_CLIENT_CERT is
// set in a program that does not import wrappers/clientcert.
var ErrClientCertNotLinked = errors.New("vault: " + EnvClientCert + " is set, but this program does not load client certificates from the environment: " +
	`import _ "github.com/govault/govault/wrappers/clientcert", or use WithClientCert`)
