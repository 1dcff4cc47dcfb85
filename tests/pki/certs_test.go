package pki_test

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
)

func issue(t *testing.T, a *pki.Client, cn string) *pki.PKICertificateData {
	t.Helper()
	out, err := a.PKIIssueWithRole(t.Context(), roleName, pki.PKIIssueWithRoleRequest{CommonName: livetest.Ptr(cn)})
	env.OK(t, err)
	env.Leaks.Add(*out.Data.PrivateKey)
	return &out.Data
}

func TestCertificatesAndRevocation(t *testing.T) {
	ctx := t.Context()
	c := setupCA(t)
	a := mainAPI(t)
	pub := anon(t, mainMount)

	keep := issue(t, a, "keep.example.com")
	gone := issue(t, a, "gone.example.com")
	gone2 := issue(t, a, "gone2.example.com")

	list, err := a.PKIListCertificates(ctx)
	env.OK(t, err)
	if !slices.Contains(list.Data.Keys, keep.SerialNumber) || !slices.Contains(list.Data.Keys, gone.SerialNumber) {
		t.Fatalf("certs list lacks the issued serials: %v", list.Data.Keys)
	}

	// Reading a certificate needs no token, as JSON, DER or PEM.
	entry, err := pub.PKIReadCertificate(ctx, keep.SerialNumber, nil)
	env.OK(t, err)
	if entry.Data.Certificate != strings.TrimSpace(keep.Certificate) || entry.Data.RevocationTime != 0 || entry.Data.IssuerID != nil {
		t.Fatalf("cert read: %+v", entry.Data)
	}
	var derRaw vtypes.Raw
	der, err := pub.PKIReadCertificateDER(ctx, keep.SerialNumber, nil, vtypes.CaptureRaw(&derRaw))
	env.OK(t, err)
	if livetest.Status(derRaw) != http.StatusOK || contentType(&derRaw) != "application/pkix-cert" {
		t.Fatalf("raw cert: %d %s", livetest.Status(derRaw), contentType(&derRaw))
	}
	if cert, err := x509.ParseCertificate(der); err != nil || serialHex(cert) != keep.SerialNumber {
		t.Fatalf("raw cert does not parse as the issued one: %v", err)
	}
	pemCert, err := pub.PKIReadCertificatePEM(ctx, keep.SerialNumber, nil)
	env.OK(t, err)
	if serialHex(parseCert(t, string(pemCert))) != keep.SerialNumber {
		t.Fatal("raw/pem is not the issued certificate")
	}
	// The "ca" serial names the default issuer.
	caEntry, err := pub.PKIReadCertificate(ctx, "ca", nil)
	env.OK(t, err)
	if caEntry.Data.Certificate != strings.TrimSpace(c.certPEM) {
		t.Fatal("cert/ca is not the root")
	}
	// Unknown serials: no body on the raw paths.
	var missingRaw, missingPEMRaw vtypes.Raw
	missing, err := pub.PKIReadCertificateDER(ctx, "01:02:03", nil, vtypes.CaptureRaw(&missingRaw))
	env.OK(t, err)
	missingPEM, err := pub.PKIReadCertificatePEM(ctx, "01:02:03", nil, vtypes.CaptureRaw(&missingPEMRaw))
	env.OK(t, err)
	if livetest.Status(missingRaw) != http.StatusNoContent || livetest.Status(missingPEMRaw) != http.StatusNoContent {
		t.Fatalf("unknown serial: %d / %d, want 204", livetest.Status(missingRaw), livetest.Status(missingPEMRaw))
	}
	if len(missing) != 0 || len(missingPEM) != 0 {
		t.Fatalf("unknown serial: %d / %d bytes, want none", len(missing), len(missingPEM))
	}

	// OCSP before revocation: good.
	leaf := parseCert(t, gone.Certificate)
	ocspReqDER := ocspRequest(t, c.cert, leaf)
	good, err := pub.PKIQueryOCSP(ctx, ocspReqDER)
	env.OK(t, err)
	if rs, cs := ocspStatus(t, good); rs != 0 || cs != 0 {
		t.Fatalf("OCSP before revocation: response %d, cert status %d", rs, cs)
	}

	// Revoke by serial, and with the private key.
	rev, err := a.PKIRevoke(ctx, pki.PKIRevokeRequest{SerialNumber: &gone.SerialNumber})
	env.OK(t, err)
	if rev.Data == nil || rev.Data.State != "revoked" || rev.Data.RevocationTime == 0 {
		t.Fatalf("revoke: %+v", rev.Data)
	}
	again, err := a.PKIRevoke(ctx, pki.PKIRevokeRequest{Certificate: &gone.Certificate})
	env.OK(t, err)
	if again.Data == nil || again.Data.RevocationTime != rev.Data.RevocationTime {
		t.Fatalf("revoking again: %+v", again.Data)
	}
	withKey, err := a.PKIRevokeWithKey(ctx, pki.PKIRevokeWithKeyRequest{
		Certificate: &gone2.Certificate, PrivateKey: *gone2.PrivateKey,
	})
	env.OK(t, err)
	if withKey.Data == nil || withKey.Data.State != "revoked" {
		t.Fatalf("revoke-with-key: %+v", withKey.Data)
	}
	// A certificate about to expire is not put on the CRL: data is null and a warning says why.
	brief, err := a.PKIIssueWithRole(ctx, roleName, pki.PKIIssueWithRoleRequest{
		CommonName: livetest.Ptr("brief.example.com"), TTL: livetest.Ptr(vtypes.Duration("1s")),
	})
	env.OK(t, err)
	expiring, err := a.PKIRevoke(ctx, pki.PKIRevokeRequest{SerialNumber: &brief.Data.SerialNumber})
	env.OK(t, err)
	if expiring.Data != nil || len(expiring.Warnings) == 0 {
		t.Fatalf("revoking an expiring certificate: data %+v, warnings %v", expiring.Data, expiring.Warnings)
	}
	revoked, err := a.PKIListRevokedCertificates(ctx)
	env.OK(t, err)
	if !slices.Contains(revoked.Data.Keys, gone.SerialNumber) || !slices.Contains(revoked.Data.Keys, gone2.SerialNumber) ||
		slices.Contains(revoked.Data.Keys, keep.SerialNumber) {
		t.Fatalf("revoked list: %v", revoked.Data.Keys)
	}
	goneEntry, err := pub.PKIReadCertificate(ctx, gone.SerialNumber, nil)
	env.OK(t, err)
	if goneEntry.Data.RevocationTime != rev.Data.RevocationTime || goneEntry.Data.IssuerID == nil || *goneEntry.Data.IssuerID != c.issuerID {
		t.Fatalf("revoked cert read: %+v", goneEntry.Data)
	}

	// OCSP after revocation, by POST and by GET.
	bad, err := pub.PKIQueryOCSP(ctx, ocspReqDER)
	env.OK(t, err)
	if rs, cs := ocspStatus(t, bad); rs != 0 || cs != 1 {
		t.Fatalf("OCSP after revocation: response %d, cert status %d", rs, cs)
	}
	// Vault can misroute a GET whose base64 holds "//"; use whichever revoked certificate avoids it.
	getReq := base64.StdEncoding.EncodeToString(ocspReqDER)
	if strings.Contains(getReq, "//") {
		getReq = base64.StdEncoding.EncodeToString(ocspRequest(t, c.cert, parseCert(t, gone2.Certificate)))
	}
	var getRaw vtypes.Raw
	get, err := pub.PKIQueryOCSPWithGetReq(ctx, getReq, vtypes.CaptureRaw(&getRaw))
	env.OK(t, err)
	if rs, cs := ocspStatus(t, get); rs != 0 || cs != 1 || contentType(&getRaw) != "application/ocsp-response" {
		t.Fatalf("OCSP GET: response %d, cert status %d, %s", rs, cs, contentType(&getRaw))
	}
	// A malformed request gets a DER error response with a 400, which the
	// spec documents as an OCSP answer: the bytes are the result.
	var malformed vtypes.Raw
	der, err = pub.PKIQueryOCSP(ctx, []byte("junk"), vtypes.CaptureRaw(&malformed))
	if err != nil || livetest.Status(malformed) != http.StatusBadRequest {
		t.Fatalf("malformed OCSP request: %d, %v", livetest.Status(malformed), err)
	}
	if rs, _ := ocspStatus(t, der); rs != 1 {
		t.Fatalf("malformed OCSP request: status %d, want 1 (malformedRequest)", rs)
	}

	// CRLs: rebuild, then every form lists the revoked serial.
	rot, err := a.PKIRotateCRL(ctx)
	env.OK(t, err)
	if !rot.Data.Success {
		t.Fatal("crl/rotate did not succeed")
	}
	rotDelta, err := a.PKIRotateDeltaCRL(ctx)
	env.OK(t, err)
	if !rotDelta.Data.Success {
		t.Fatal("crl/rotate-delta did not succeed")
	}
	var crlRaw vtypes.Raw
	crlDER, err := pub.PKIReadCRLDER(ctx, nil, vtypes.CaptureRaw(&crlRaw))
	env.OK(t, err)
	if contentType(&crlRaw) != "application/pkix-crl" {
		t.Fatalf("crl content type %s", contentType(&crlRaw))
	}
	crl, err := x509.ParseRevocationList(crlDER)
	if err != nil || !onCRL(crl, leaf.SerialNumber) || crl.CheckSignatureFrom(c.cert) != nil {
		t.Fatalf("DER CRL: %v, lists serial %v", err, crl != nil && onCRL(crl, leaf.SerialNumber))
	}
	crlPEM, err := pub.PKIReadCRLPEM(ctx, nil)
	env.OK(t, err)
	if !onCRL(parsePEMCRL(t, string(crlPEM)), leaf.SerialNumber) {
		t.Fatal("PEM CRL lacks the revoked serial")
	}
	certCRL, err := pub.PKIReadCertCRL(ctx, nil)
	env.OK(t, err)
	if !onCRL(parsePEMCRL(t, certCRL.Data.Certificate), leaf.SerialNumber) {
		t.Fatal("cert/crl lacks the revoked serial")
	}
	deltaDER, err := pub.PKIReadDeltaCRLDER(ctx, nil)
	env.OK(t, err)
	if _, err := x509.ParseRevocationList(deltaDER); err != nil {
		t.Fatalf("delta CRL: %v", err)
	}
	deltaPEM, err := pub.PKIReadDeltaCRLPEM(ctx, nil)
	env.OK(t, err)
	parsePEMCRL(t, string(deltaPEM))
	certDelta, err := pub.PKIReadCertDeltaCRL(ctx, nil)
	env.OK(t, err)
	parsePEMCRL(t, certDelta.Data.Certificate)

	// The default issuer's certificate and chain.
	caDER, err := pub.PKIReadCADER(ctx, nil)
	env.OK(t, err)
	if !bytes.Equal(caDER, c.cert.Raw) {
		t.Fatal("ca is not the root's DER")
	}
	var caPEMRaw vtypes.Raw
	caPEM, err := pub.PKIReadCAPEM(ctx, nil, vtypes.CaptureRaw(&caPEMRaw))
	env.OK(t, err)
	if contentType(&caPEMRaw) != "application/pem-certificate-chain" || !bytes.Equal(parseCert(t, string(caPEM)).Raw, c.cert.Raw) {
		t.Fatal("ca/pem is not the root")
	}
	var chainRaw vtypes.Raw
	chain, err := pub.PKIReadCAChainPEM(ctx, vtypes.CaptureRaw(&chainRaw))
	env.OK(t, err)
	if b, _ := pem.Decode(chain); b == nil || !bytes.Equal(b.Bytes, c.cert.Raw) || contentType(&chainRaw) != "application/pkix-cert" {
		t.Fatalf("ca_chain: %s %.60q", contentType(&chainRaw), chain)
	}
	certChain, err := pub.PKIReadCertCAChain(ctx)
	env.OK(t, err)
	if certChain.Data.CAChain == nil || parseCert(t, *certChain.Data.CAChain).Subject.CommonName != "Root A" {
		t.Fatalf("cert/ca_chain: %+v", certChain.Data)
	}
}
