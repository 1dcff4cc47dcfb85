package clientcert_test

import (
	"context"
	"crypto/x509"
	"crypto/x509/pkix"
	"strings"
	"testing"
	"time"

	"github.com/govault/govault/internal/testcert"
	"github.com/govault/govault/internal/vaulttest"
	"github.com/govault/govault/wrappers"
	_ "github.com/govault/govault/wrappers/clientcert"
)

// With this package imported, the VAULT_CLIENT_CERT / VAULT_CLIENT_KEY pair
// is presented to a real Vault that demands a client certificate.
func TestEnvironmentClientCertificate(t *testing.T) {
	dir := t.TempDir()
	serverCA, clientCA := testcert.NewCA(t, "server"), testcert.NewCA(t, "client")
	certFile, keyFile := testcert.WriteKeyPair(t, dir, "vault", serverCA.Issue(t, 2, x509.ExtKeyUsageServerAuth, pkix.Name{CommonName: "vault"}))
	clientCert, clientKey := testcert.WriteKeyPair(t, dir, "app", clientCA.Issue(t, 3, x509.ExtKeyUsageClientAuth, pkix.Name{CommonName: "app"}))

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, err := vaulttest.StartUninitializedTLS(ctx, vaulttest.Inmem, &vaulttest.TLS{
		CertFile: certFile, KeyFile: keyFile, ClientCAFile: clientCA.WriteFile(t, dir, "client-ca"),
	})
	if err != nil {
		t.Fatalf("cannot start a mutual-TLS Vault: %v", err)
	}
	defer srv.Stop()

	t.Setenv(wrappers.EnvAddress, srv.Addr)
	t.Setenv(wrappers.EnvCACert, serverCA.WriteFile(t, dir, "server-ca"))
	t.Setenv(wrappers.EnvMaxRetries, "0")
	for _, tc := range []struct {
		name      string
		cert, key string
		want      string // "" for success, else a part of the error
	}{
		{"with the pair", clientCert, clientKey, ""},
		{"without a certificate", "", "", "SysReadInitStatus"},
		{"with an unreadable key", clientCert, dir + "/missing-key.pem", "client certificate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(wrappers.EnvClientCert, tc.cert)
			t.Setenv(wrappers.EnvClientKey, tc.key)
			c, err := wrappers.NewClient()
			if err == nil {
				var initialized bool
				initialized, err = c.Operator().IsInitialized(ctx)
				if err == nil && initialized {
					t.Fatal("a fresh server reports itself initialised")
				}
			}
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("err = %v, want success", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("err = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}
