package wrappers_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/govault/govault/internal/vaulttest"
	"github.com/govault/govault/wrappers"
)

// testCA is a certificate authority made by the test, writing PEM files.
type testCA struct {
	dir  string
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	file string
}

func newCA(t *testing.T, dir, name string) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	mustOK(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	mustOK(t, err)
	cert, err := x509.ParseCertificate(der)
	mustOK(t, err)
	ca := &testCA{dir: dir, cert: cert, key: key, file: filepath.Join(dir, name+"-ca.pem")}
	writePEM(t, ca.file, "CERTIFICATE", der)
	return ca
}

// issue writes a leaf certificate and key signed by ca and returns their paths.
func (ca *testCA) issue(t *testing.T, name string, usage x509.ExtKeyUsage, dns ...string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	mustOK(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{usage},
		DNSNames: dns, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	mustOK(t, err)
	keyDER, err := x509.MarshalECPrivateKey(key)
	mustOK(t, err)
	certFile, keyFile = filepath.Join(ca.dir, name+".pem"), filepath.Join(ca.dir, name+"-key.pem")
	writePEM(t, certFile, "CERTIFICATE", der)
	writePEM(t, keyFile, "EC PRIVATE KEY", keyDER)
	return certFile, keyFile
}

func writePEM(t *testing.T, path, kind string, der []byte) {
	t.Helper()
	mustOK(t, os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600))
}

// A real Vault serving TLS with certificates made here: verification is on
// by default, trust comes from a file, a folder or bytes, the server name can
// be set, and client certificates work for mutual TLS.
func TestTLSAgainstARealServer(t *testing.T) {
	dir := t.TempDir()
	ca := newCA(t, dir, "server")
	certFile, keyFile := ca.issue(t, "vault", x509.ExtKeyUsageServerAuth, "vault.test")
	clientCA := newCA(t, dir, "client")
	clientCert, clientKey := clientCA.issue(t, "app", x509.ExtKeyUsageClientAuth)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, err := vaulttest.StartUninitializedTLS(ctx, vaulttest.Inmem, &vaulttest.TLS{CertFile: certFile, KeyFile: keyFile})
	if err != nil {
		t.Fatalf("cannot start a TLS Vault: %v", err)
	}
	defer srv.Stop()
	mtls, err := vaulttest.StartUninitializedTLS(ctx, vaulttest.Inmem, &vaulttest.TLS{CertFile: certFile, KeyFile: keyFile, ClientCAFile: clientCA.file})
	if err != nil {
		t.Fatalf("cannot start a mutual-TLS Vault: %v", err)
	}
	defer mtls.Stop()

	caPEM, err := os.ReadFile(ca.file)
	mustOK(t, err)
	caDir := filepath.Join(dir, "cas")
	mustOK(t, os.Mkdir(caDir, 0o755))
	mustOK(t, os.WriteFile(filepath.Join(caDir, "server.pem"), caPEM, 0o600))

	for _, tc := range []struct {
		name string
		addr string
		opts []wrappers.Option
		want string // "" for success, else a part of the error
	}{
		{"system roots do not trust a private CA", srv.Addr, nil, "certificate"},
		{"CA from a file", srv.Addr, []wrappers.Option{wrappers.WithCACert(ca.file)}, ""},
		{"CA from a folder", srv.Addr, []wrappers.Option{wrappers.WithCAPath(caDir)}, ""},
		{"CA from bytes", srv.Addr, []wrappers.Option{wrappers.WithCACertPEM(caPEM)}, ""},
		{"matching server name", strings.Replace(srv.Addr, "127.0.0.1", "localhost", 1), []wrappers.Option{wrappers.WithCACert(ca.file), wrappers.WithTLSServerName("vault.test")}, ""},
		{"wrong server name", srv.Addr, []wrappers.Option{wrappers.WithCACert(ca.file), wrappers.WithTLSServerName("other.test")}, "other.test"},
		{"skip verify", srv.Addr, []wrappers.Option{wrappers.WithInsecureSkipVerify(true)}, ""},
		// TLS 1.3 reports the refusal as an alert or as a reset, depending on timing.
		{"mutual TLS without a client certificate", mtls.Addr, []wrappers.Option{wrappers.WithCACert(ca.file)}, "SysReadInitStatus"},
		{"mutual TLS with a client certificate", mtls.Addr, []wrappers.Option{wrappers.WithCACert(ca.file), wrappers.WithClientCert(clientCert, clientKey)}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := append([]wrappers.Option{wrappers.WithoutEnv(), wrappers.WithAddress(tc.addr), wrappers.WithRetries(0, 0, 0)}, tc.opts...)
			c, err := wrappers.NewClient(opts...)
			mustOK(t, err)
			initialized, err := c.IsInitialized(ctx)
			switch {
			case tc.want == "" && (err != nil || initialized):
				t.Fatalf("want a fresh server's status, got initialized=%v err=%v", initialized, err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("err = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}
