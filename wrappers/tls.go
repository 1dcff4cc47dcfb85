package wrappers

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
)

type tlsConfig struct {
	caFile, certFile, keyFile string
	caPEM                     []byte
	serverName                string
	skipVerify                bool
}

// transport builds the HTTP transport: Go's defaults (pooling, proxies from
// the environment, HTTP/2) with TLS 1.2 or newer and the configured trust.
func (t tlsConfig) transport() (*http.Transport, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: t.serverName, InsecureSkipVerify: t.skipVerify} //nolint:gosec // opt-in only
	if t.caFile != "" || len(t.caPEM) > 0 {
		pool := x509.NewCertPool()
		pem := t.caPEM
		if t.caFile != "" {
			b, err := os.ReadFile(t.caFile)
			if err != nil {
				return nil, fmt.Errorf("vault: CA certificate: %w", err)
			}
			pem = append(append([]byte{}, pem...), b...)
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("vault: CA certificate %q holds no PEM certificate", t.caFile)
		}
		tc.RootCAs = pool
	}
	if t.certFile != "" || t.keyFile != "" {
		cert, err := tls.LoadX509KeyPair(t.certFile, t.keyFile)
		if err != nil {
			return nil, fmt.Errorf("vault: client certificate: %w", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = tc
	return tr, nil
}
