package wrappers_test

import (
	"context"
	"crypto/x509"
	"crypto/x509/pkix"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/govault/govault/internal/testcert"
	"github.com/govault/govault/internal/vaulttest"
	"github.com/govault/govault/wrappers"
)

// A real Vault serving TLS with certificates made here: verification is on
// by default, trust comes from a file, a folder or bytes, the server name can
// be set, and client certificates work for mutual TLS.
func TestTLSAgainstARealServer(t *testing.T) {
	dir := t.TempDir()
	ca := testcert.NewCA(t, "server")
	caFile := ca.WriteFile(t, dir, "server-ca")
	certFile, keyFile := testcert.WriteKeyPair(t, dir, "vault",
		ca.Issue(t, 10, x509.ExtKeyUsageServerAuth, pkix.Name{CommonName: "vault"}, "vault.test"))
	clientCA := testcert.NewCA(t, "client")
	clientCAFile := clientCA.WriteFile(t, dir, "client-ca")
	clientCert, clientKey := testcert.WriteKeyPair(t, dir, "app",
		clientCA.Issue(t, 11, x509.ExtKeyUsageClientAuth, pkix.Name{CommonName: "app"}))

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, err := vaulttest.StartUninitializedTLS(ctx, vaulttest.Inmem, &vaulttest.TLS{CertFile: certFile, KeyFile: keyFile})
	if err != nil {
		t.Fatalf("cannot start a TLS Vault: %v", err)
	}
	defer srv.Stop()
	mtls, err := vaulttest.StartUninitializedTLS(ctx, vaulttest.Inmem, &vaulttest.TLS{CertFile: certFile, KeyFile: keyFile, ClientCAFile: clientCAFile})
	if err != nil {
		t.Fatalf("cannot start a mutual-TLS Vault: %v", err)
	}
	defer mtls.Stop()

	caDir := filepath.Join(dir, "cas")
	mustOK(t, os.Mkdir(caDir, 0o755))
	mustOK(t, os.WriteFile(filepath.Join(caDir, "server.pem"), ca.PEM, 0o600))

	for _, tc := range []struct {
		name string
		addr string
		opts []wrappers.Option
		want string // "" for success, else a part of the error
	}{
		{"system roots do not trust a private CA", srv.Addr, nil, "certificate"},
		{"CA from a file", srv.Addr, []wrappers.Option{wrappers.WithCACert(caFile)}, ""},
		{"CA from a folder", srv.Addr, []wrappers.Option{wrappers.WithCAPath(caDir)}, ""},
		{"CA from bytes", srv.Addr, []wrappers.Option{wrappers.WithCACertPEM(ca.PEM)}, ""},
		{"matching server name", strings.Replace(srv.Addr, "127.0.0.1", "localhost", 1), []wrappers.Option{wrappers.WithCACert(caFile), wrappers.WithTLSServerName("vault.test")}, ""},
		{"wrong server name", srv.Addr, []wrappers.Option{wrappers.WithCACert(caFile), wrappers.WithTLSServerName("other.test")}, "other.test"},
		{"skip verify", srv.Addr, []wrappers.Option{wrappers.WithInsecureSkipVerify()}, ""},
		// TLS 1.3 reports the refusal as an alert or as a reset, depending on timing.
		{"mutual TLS without a client certificate", mtls.Addr, []wrappers.Option{wrappers.WithCACert(caFile)}, "SysReadInitStatus"},
		{"mutual TLS with a client certificate", mtls.Addr, []wrappers.Option{wrappers.WithCACert(caFile), wrappers.WithClientCert(clientCert, clientKey)}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := append([]wrappers.Option{wrappers.WithoutEnv(), wrappers.WithAddress(tc.addr), wrappers.WithRetries(0, 0, 0)}, tc.opts...)
			c, err := wrappers.NewClient(opts...)
			mustOK(t, err)
			initialized, err := c.Operator().IsInitialized(ctx)
			switch {
			case tc.want == "" && (err != nil || initialized):
				t.Fatalf("want a fresh server's status, got initialized=%v err=%v", initialized, err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("err = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}
