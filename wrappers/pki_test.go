package wrappers_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// pkiMount enables a PKI engine at path with a root CA and a role "web"
// for names under example.com, and returns the root's PEM.
func pkiMount(t *testing.T, path string) string {
	t.Helper()
	ctx := context.Background()
	enableEngine(t, path, "pki", "pki")
	api := client(t).PKI(path).API()
	root, err := api.PKIGenerateRoot(ctx, pki.KeySourceInternal, pki.PKIGenerateRootRequest{
		CommonName: livetest.Ptr("Wrappers Test Root"), KeyType: livetest.Ptr(pki.KeyTypeEC), KeyBits: livetest.Ptr(256), TTL: livetest.Ptr(vtypes.Duration("24h")),
	})
	mustOK(t, err)
	_, err = api.PKIWriteRole(ctx, "web", pki.PKIWriteRoleRequest{
		AllowedDomains: []string{"example.com"}, AllowSubdomains: livetest.Ptr(true),
		KeyType: livetest.Ptr(pki.RoleKeyTypeEC), KeyBits: livetest.Ptr(256), MaxTTL: livetest.Ptr(vtypes.Duration("1h")),
	})
	mustOK(t, err)
	return root.Data.Certificate
}

func parsePEMCert(t *testing.T, s string) *x509.Certificate {
	t.Helper()
	b, _ := pem.Decode([]byte(s))
	if b == nil || b.Type != "CERTIFICATE" {
		t.Fatalf("not a PEM certificate: %.60q", s)
	}
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// certView is what a test can predict of an issued certificate.
type certView struct {
	CommonName string
	DNSNames   []string
	Issuer     string
	Serial     string
	Lifetime   time.Duration // left from now
}

func viewCert(c *x509.Certificate) certView {
	hex := make([]string, 0, len(c.SerialNumber.Bytes()))
	for _, b := range c.SerialNumber.Bytes() {
		hex = append(hex, fmt.Sprintf("%02x", b))
	}
	return certView{
		CommonName: c.Subject.CommonName, DNSNames: c.DNSNames, Issuer: c.Issuer.CommonName,
		Serial: strings.Join(hex, ":"), Lifetime: time.Until(c.NotAfter).Round(time.Minute), // NotBefore is backdated
	}
}

// verifyAgainst checks cert chains up to the CA chain for name.
func verifyAgainst(t *testing.T, chain *wrappers.PKICAChain, cert *x509.Certificate, name string) {
	t.Helper()
	pool, err := chain.CertPool()
	mustOK(t, err)
	if _, err := cert.Verify(x509.VerifyOptions{Roots: pool, DNSName: name, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}); err != nil {
		t.Fatalf("%s does not verify against the CA chain: %v", name, err)
	}
}

// Issue, SignCSR, Revoke and CAChain against a real root CA: the chain is
// the root, issued and signed certificates parse with the names asked for
// and verify against it, and a revoked serial reads back as revoked.
func TestPKIIssueSignRevoke(t *testing.T) {
	ctx := context.Background()
	rootPEM := pkiMount(t, "pki-wrappers")
	p := client(t).PKI("pki-wrappers")

	chain, err := p.CAChain(ctx)
	mustOK(t, err)
	certs, err := chain.Certificates()
	mustOK(t, err)
	root := parsePEMCert(t, rootPEM)
	if len(certs) != 1 || !certs[0].Equal(root) || chain.RequestID == "" || chain.Data.Certificate == "" {
		t.Fatalf("CA chain: %d certificates, root among them: %v, request_id %q", len(certs), len(certs) > 0 && certs[0].Equal(root), chain.RequestID)
	}
	if diff := cmp.Diff(strings.TrimSpace(rootPEM), strings.TrimSpace(string(chain.PEM))); diff != "" {
		t.Fatalf("chain PEM is not the root (-want +got):\n%s", diff)
	}

	// Issue: Vault makes the key.
	issued, err := p.Issue(ctx, "web", pki.PKIIssueWithRoleRequest{CommonName: livetest.Ptr("app.example.com"), TTL: livetest.Ptr(vtypes.Duration("10m"))})
	mustOK(t, err)
	if issued.Data.PrivateKey == nil || issued.RequestID == "" {
		t.Fatalf("issue: no private key or request_id: %+v", issued)
	}
	leaks.Add(*issued.Data.PrivateKey)
	cert := parsePEMCert(t, issued.Data.Certificate)
	want := certView{CommonName: "app.example.com", DNSNames: []string{"app.example.com"}, Issuer: "Wrappers Test Root",
		Serial: issued.Data.SerialNumber, Lifetime: 10 * time.Minute}
	if diff := cmp.Diff(want, viewCert(cert)); diff != "" {
		t.Fatalf("issued certificate (-want +got):\n%s", diff)
	}
	verifyAgainst(t, chain, cert, "app.example.com")
	if _, err := tls.X509KeyPair([]byte(issued.Data.Certificate), []byte(*issued.Data.PrivateKey)); err != nil {
		t.Fatalf("the issued key does not match the certificate: %v", err)
	}
	if diff := cmp.Diff([]string{strings.TrimSpace(rootPEM)}, issued.Data.CAChain); diff != "" {
		t.Fatalf("issue ca_chain (-want +got):\n%s", diff)
	}

	// SignCSR: the key stays here.
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	mustOK(t, err)
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{
		Subject: pkix.Name{CommonName: "api.example.com"}, DNSNames: []string{"api.example.com"},
	}, key)
	mustOK(t, err)
	csr := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}))
	signed, err := p.SignCSR(ctx, "web", csr, pki.PKISignWithRoleRequest{TTL: livetest.Ptr(vtypes.Duration("5m"))})
	mustOK(t, err)
	scert := parsePEMCert(t, signed.Data.Certificate)
	want = certView{CommonName: "api.example.com", DNSNames: []string{"api.example.com"}, Issuer: "Wrappers Test Root",
		Serial: signed.Data.SerialNumber, Lifetime: 5 * time.Minute}
	if diff := cmp.Diff(want, viewCert(scert)); diff != "" {
		t.Fatalf("signed certificate (-want +got):\n%s", diff)
	}
	verifyAgainst(t, chain, scert, "api.example.com")
	if pub, ok := scert.PublicKey.(*ecdsa.PublicKey); !ok || !pub.Equal(key.Public()) || signed.Data.PrivateKey != nil {
		t.Fatal("the signed certificate is not for the CSR's key")
	}

	// Revoke the issued one; the signed one stays good.
	rev, err := p.Revoke(ctx, issued.Data.SerialNumber)
	mustOK(t, err)
	if rev.Data == nil || rev.Data.State != "revoked" || rev.Data.RevocationTime == 0 {
		t.Fatalf("revoke: %+v", rev.Data)
	}
	got, err := p.API().PKIReadCertificate(ctx, issued.Data.SerialNumber, nil)
	mustOK(t, err)
	if got.Data.RevocationTime != rev.Data.RevocationTime || parsePEMCert(t, got.Data.Certificate).SerialNumber.Cmp(cert.SerialNumber) != 0 {
		t.Fatalf("revoked certificate reads back as: %+v", got.Data)
	}
	other, err := p.API().PKIReadCertificate(ctx, signed.Data.SerialNumber, nil)
	mustOK(t, err)
	if other.Data.RevocationTime != 0 {
		t.Fatalf("the signed certificate was revoked too: %+v", other.Data)
	}
	revoked, err := p.API().PKIListRevokedCertificates(ctx)
	mustOK(t, err)
	if diff := cmp.Diff([]string{issued.Data.SerialNumber}, revoked.Data.Keys); diff != "" {
		t.Fatalf("revoked list (-want +got):\n%s", diff)
	}
	again, err := p.Revoke(ctx, issued.Data.SerialNumber)
	mustOK(t, err)
	if again.Data == nil || again.Data.RevocationTime != rev.Data.RevocationTime {
		t.Fatalf("revoking again: %+v", again.Data)
	}
}

// Refusals are typed errors, and request options reach the calls: a wrapped
// CAChain keeps the envelope and has no PEM.
func TestPKIErrorsAndOptions(t *testing.T) {
	ctx := context.Background()
	pkiMount(t, "pki-wrappers-errors")
	p := client(t).PKI("pki-wrappers-errors")

	_, err := p.Issue(ctx, "web", pki.PKIIssueWithRoleRequest{CommonName: livetest.Ptr("app.example.org")})
	if !errors.Is(leaks.Seen(err), wrappers.ErrInvalidRequest) {
		t.Fatalf("a name the role does not allow: %v", err)
	}
	_, err = p.Issue(ctx, "no-such-role", pki.PKIIssueWithRoleRequest{CommonName: livetest.Ptr("app.example.com")})
	if !errors.Is(leaks.Seen(err), wrappers.ErrInvalidRequest) {
		t.Fatalf("issue with an unknown role: %v", err)
	}
	_, err = p.SignCSR(ctx, "web", "not a csr", pki.PKISignWithRoleRequest{})
	if !errors.Is(leaks.Seen(err), wrappers.ErrInvalidRequest) {
		t.Fatalf("a CSR that is not PEM: %v", err)
	}
	_, err = p.Revoke(ctx, "00:11:22")
	if !errors.Is(leaks.Seen(err), wrappers.ErrInvalidRequest) {
		t.Fatalf("revoking an unknown serial: %v", err)
	}
	_, err = p.Issue(ctx, "../sys", pki.PKIIssueWithRoleRequest{})
	if !errors.Is(err, wrappers.ErrBadPathParameter) {
		t.Fatalf("a role that leaves the mount: %v", err)
	}

	wrapped, err := p.CAChain(ctx, wrappers.RequestWrapTTL(time.Minute))
	var we *wrappers.WrappedError
	if wrapped != nil || !errors.As(err, &we) || we.WrapInfo.Token == nil {
		t.Fatalf("wrapped CA chain: %+v, %v; want a *WrappedError", wrapped, err)
	}
	leaks.Add(*we.WrapInfo.Token)

	enableEngine(t, "pki-wrappers-empty", "pki", "pki")
	_, err = client(t).PKI("pki-wrappers-empty").CAChain(ctx)
	if !errors.Is(leaks.Seen(err), wrappers.ErrInvalidRequest) {
		t.Fatalf("CA chain of a mount without an issuer: %v", err)
	}
}

// Below an intermediate CA, CAChain gives the intermediate and then the
// root, and a certificate issued there verifies with the root as the only
// trust anchor and the chain's intermediate in between.
func TestPKICAChainOfIntermediate(t *testing.T) {
	ctx := context.Background()
	rootPEM := pkiMount(t, "pki-wrappers-root")
	rootAPI := client(t).PKI("pki-wrappers-root").API()
	enableEngine(t, "pki-wrappers-int", "pki", "pki")
	p := client(t).PKI("pki-wrappers-int")

	csr, err := p.API().PKIGenerateIntermediate(ctx, pki.KeySourceInternal, pki.PKIGenerateIntermediateRequest{
		CommonName: livetest.Ptr("Wrappers Test Intermediate"), KeyType: livetest.Ptr(pki.KeyTypeEC),
	})
	mustOK(t, err)
	signed, err := rootAPI.PKIRootSignIntermediate(ctx, pki.PKIRootSignIntermediateRequest{
		CSR: csr.Data.CSR, CommonName: livetest.Ptr("Wrappers Test Intermediate"), TTL: livetest.Ptr(vtypes.Duration("12h")),
	})
	mustOK(t, err)
	_, err = p.API().PKISetSignedIntermediate(ctx, pki.PKISetSignedIntermediateRequest{Certificate: signed.Data.Certificate + "\n" + signed.Data.IssuingCA})
	mustOK(t, err)
	_, err = p.API().PKIWriteRole(ctx, "web", pki.PKIWriteRoleRequest{AllowedDomains: []string{"example.com"}, AllowSubdomains: livetest.Ptr(true)})
	mustOK(t, err)

	chain, err := p.CAChain(ctx)
	mustOK(t, err)
	certs, err := chain.Certificates()
	mustOK(t, err)
	var names []string
	for _, c := range certs {
		names = append(names, c.Subject.CommonName)
	}
	if diff := cmp.Diff([]string{"Wrappers Test Intermediate", "Wrappers Test Root"}, names); diff != "" {
		t.Fatalf("chain of the intermediate mount (-want +got):\n%s", diff)
	}
	if !certs[1].Equal(parsePEMCert(t, rootPEM)) || !certs[0].Equal(parsePEMCert(t, signed.Data.Certificate)) {
		t.Fatal("the chain is not the intermediate Vault signed and its root")
	}

	issued, err := p.Issue(ctx, "web", pki.PKIIssueWithRoleRequest{CommonName: livetest.Ptr("deep.example.com"), TTL: livetest.Ptr(vtypes.Duration("10m"))})
	mustOK(t, err)
	leaks.Add(*issued.Data.PrivateKey)
	roots, inter := x509.NewCertPool(), x509.NewCertPool()
	roots.AddCert(certs[1])
	inter.AddCert(certs[0])
	leaf := parsePEMCert(t, issued.Data.Certificate)
	verified, err := leaf.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, DNSName: "deep.example.com"})
	mustOK(t, err)
	if len(verified) != 1 || len(verified[0]) != 3 || leaf.Issuer.CommonName != "Wrappers Test Intermediate" {
		t.Fatalf("verified chains: %d, issuer %q", len(verified), leaf.Issuer.CommonName)
	}
	verifyAgainst(t, chain, leaf, "deep.example.com") // CertPool: every certificate of the chain as an anchor
}
