package pki_test

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"math/big"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
)

func TestIssuers(t *testing.T) {
	ctx := t.Context()
	c := setupCA(t)
	a := mainAPI(t)
	pub := anon(t, mainMount)

	// Listing issuers needs no token.
	for _, cl := range []*pki.Client{a, pub} {
		list, err := cl.PKIListIssuers(ctx)
		env.OK(t, err)
		info, ok := list.Data.KeyInfo[c.issuerID]
		if !slices.Contains(list.Data.Keys, c.issuerID) || !ok || info.IssuerName != rootName || !info.IsDefault || info.KeyID != c.keyID {
			t.Fatalf("issuer list: %+v", list.Data)
		}
	}

	read, err := a.PKIReadIssuer(ctx, rootName)
	env.OK(t, err)
	if read.Data.IssuerID != c.issuerID || read.Data.KeyID != c.keyID || read.Data.Revoked || read.Data.ManualChain != nil ||
		read.Data.RevocationSignatureAlgorithm != "ECDSAWithSHA256" || !strings.Contains(read.Data.Usage, "issuing-certificates") {
		t.Fatalf("issuer read: %+v", read.Data)
	}

	// The public forms of the issuer certificate.
	js, err := pub.PKIReadIssuerJSON(ctx, "default", nil)
	env.OK(t, err)
	if js.Data.IssuerID != c.issuerID || js.Data.IssuerName != rootName || len(js.Data.CAChain) != 1 {
		t.Fatalf("issuer json: %+v", js.Data)
	}
	var derRaw vtypes.Raw
	der, err := pub.PKIReadIssuerDER(ctx, c.issuerID, nil, vtypes.CaptureRaw(&derRaw))
	env.OK(t, err)
	if !bytes.Equal(der, c.cert.Raw) || contentType(&derRaw) != "application/pkix-cert" {
		t.Fatal("issuer der is not the root")
	}
	pemCert, err := pub.PKIReadIssuerPEM(ctx, rootName, nil)
	env.OK(t, err)
	if !bytes.Equal(parseCert(t, string(pemCert)).Raw, c.cert.Raw) {
		t.Fatal("issuer pem is not the root")
	}

	// Revoke something so the issuer's CRLs have an entry, then read them.
	victim := issue(t, a, "crl-victim.example.com")
	_, err = a.PKIRevoke(ctx, pki.PKIRevokeRequest{SerialNumber: &victim.SerialNumber})
	env.OK(t, err)
	serial := parseCert(t, victim.Certificate).SerialNumber
	crlJSON, err := pub.PKIReadIssuerCRL(ctx, rootName, nil)
	env.OK(t, err)
	if !onCRL(parsePEMCRL(t, crlJSON.Data.CRL), serial) {
		t.Fatal("issuer crl lacks the revoked serial")
	}
	crlDER, err := pub.PKIReadIssuerCRLDER(ctx, rootName, nil)
	env.OK(t, err)
	if crl, err := x509.ParseRevocationList(crlDER); err != nil || !onCRL(crl, serial) {
		t.Fatalf("issuer crl/der: %v", err)
	}
	var crlPEMRaw vtypes.Raw
	crlPEM, err := pub.PKIReadIssuerCRLPEM(ctx, rootName, nil, vtypes.CaptureRaw(&crlPEMRaw))
	env.OK(t, err)
	if contentType(&crlPEMRaw) != "application/x-pem-file" || !onCRL(parsePEMCRL(t, string(crlPEM)), serial) {
		t.Fatal("issuer crl/pem lacks the revoked serial")
	}
	deltaJSON, err := pub.PKIReadIssuerDeltaCRL(ctx, rootName, nil)
	env.OK(t, err)
	parsePEMCRL(t, deltaJSON.Data.CRL)
	deltaDER, err := pub.PKIReadIssuerDeltaCRLDER(ctx, rootName, nil)
	env.OK(t, err)
	if _, err := x509.ParseRevocationList(deltaDER); err != nil {
		t.Fatalf("issuer delta crl/der: %v", err)
	}
	deltaPEM, err := pub.PKIReadIssuerDeltaCRLPEM(ctx, rootName, nil)
	env.OK(t, err)
	parsePEMCRL(t, string(deltaPEM))

	// Combine CRLs, and sign a CRL from given entries.
	resigned, err := a.PKIIssuerResignCRLs(ctx, rootName, pki.PKIIssuerResignCRLsRequest{
		CRLs: []string{crlJSON.Data.CRL}, CRLNumber: 4242, NextUpdate: livetest.Ptr(vtypes.Duration("2h")),
	})
	env.OK(t, err)
	merged := parsePEMCRL(t, resigned.Data.CRL)
	if merged.Number.Int64() != 4242 || !onCRL(merged, serial) || merged.CheckSignatureFrom(c.cert) != nil {
		t.Fatalf("resign-crls: number %v, lists serial %v", merged.Number, onCRL(merged, serial))
	}
	resignedDER, err := a.PKIIssuerResignCRLs(ctx, rootName, pki.PKIIssuerResignCRLsRequest{
		CRLs: []string{crlJSON.Data.CRL}, CRLNumber: 4243, Format: livetest.Ptr(pki.PKIIssuerResignCRLsRequestFormatDer),
	})
	env.OK(t, err)
	if raw, err := base64.StdEncoding.DecodeString(resignedDER.Data.CRL); err != nil || len(raw) == 0 {
		t.Fatalf("resign-crls der: %v", err)
	}
	signedCRL, err := a.PKIIssuerSignRevocationList(ctx, rootName, pki.PKIIssuerSignRevocationListRequest{
		CRLNumber: 7, NextUpdate: livetest.Ptr(vtypes.Duration("1h")),
		RevokedCerts: []pki.PKIRevokedCertEntry{{SerialNumber: "0a:0b:0c", RevocationTime: strconv.FormatInt(time.Now().Unix(), 10)}},
	})
	env.OK(t, err)
	own := parsePEMCRL(t, signedCRL.Data.CRL)
	if own.Number.Int64() != 7 || !onCRL(own, big.NewInt(0x0a0b0c)) {
		t.Fatalf("sign-revocation-list: number %v, %d entries", own.Number, len(own.RevokedCertificateEntries))
	}
}

// Changing, revoking and deleting issuers happens on the scratch mount.
func TestIssuerLifecycle(t *testing.T) {
	ctx := t.Context()
	a := scratchAPI(t)

	gen, err := a.PKIIssuersGenerateRoot(ctx, pki.KeySourceInternal, pki.PKIIssuersGenerateRootRequest{
		CommonName: livetest.Ptr("Scratch Root"), IssuerName: livetest.Ptr("scratch-root"), KeyType: livetest.Ptr(pki.KeyTypeEC),
	})
	env.OK(t, err)
	id := gen.Data.IssuerID

	written, err := a.PKIWriteIssuer(ctx, id, pki.PKIWriteIssuerRequest{
		IssuerName: livetest.Ptr("renamed-root"), LeafNotAfterBehavior: livetest.Ptr("truncate"),
		IssuingCertificates: []string{"http://example.com/ca"}, Usage: []string{"read-only", "issuing-certificates", "crl-signing", "ocsp-signing"},
	})
	env.OK(t, err)
	if written.Data.IssuerName != "renamed-root" || written.Data.LeafNotAfterBehavior != "truncate" || len(written.Data.IssuingCertificates) != 1 {
		t.Fatalf("issuer write: %+v", written.Data)
	}
	patched, err := a.PKIPatchIssuer(ctx, "renamed-root",
		pki.PKIPatchIssuerRequest{LeafNotAfterBehavior: livetest.Ptr("permit"), RevocationSignatureAlgorithm: livetest.Ptr("ECDSAWithSHA384")})
	env.OK(t, err)
	if patched.Data.IssuerName != "renamed-root" || patched.Data.LeafNotAfterBehavior != "permit" ||
		patched.Data.RevocationSignatureAlgorithm != "ECDSAWithSHA384" || len(patched.Data.IssuingCertificates) != 1 {
		t.Fatalf("issuer patch: %+v", patched.Data)
	}

	// A second root to revoke (an issuer cannot revoke itself while it is the only one).
	other, err := a.PKIIssuersGenerateRoot(ctx, pki.KeySourceInternal, pki.PKIIssuersGenerateRootRequest{
		CommonName: livetest.Ptr("Doomed Root"), IssuerName: livetest.Ptr("doomed"), KeyType: livetest.Ptr(pki.KeyTypeEC),
	})
	env.OK(t, err)
	revoked, err := a.PKIRevokeIssuer(ctx, "doomed")
	env.OK(t, err)
	if !revoked.Data.Revoked || revoked.Data.RevocationTime == nil || revoked.Data.RevocationTimeRfc3339 == nil ||
		strings.Contains(revoked.Data.Usage, "issuing-certificates") {
		t.Fatalf("revoked issuer: %+v", revoked.Data)
	}
	// Vault answers with a JSON body whose data is null (a 204 would also
	// give a zero result, so check the status too).
	var delRaw vtypes.Raw
	del, err := a.PKIDeleteIssuer(ctx, other.Data.IssuerID, vtypes.CaptureRaw(&delRaw))
	env.OK(t, err)
	if livetest.Status(delRaw) != http.StatusOK || del.Data != nil {
		t.Fatalf("issuer delete: %d, data %v", livetest.Status(delRaw), del.Data)
	}
	if _, err := a.PKIReadIssuer(ctx, other.Data.IssuerID); err == nil {
		t.Fatal("deleted issuer still readable")
	}
	// A now-unused key can go; a key in use cannot.
	err = a.PKIDeleteKey(ctx, other.Data.KeyID)
	env.OK(t, err)
	var inUse vtypes.Raw
	if err := a.PKIDeleteKey(ctx, gen.Data.KeyID, vtypes.CaptureRaw(&inUse)); !refusedWith(err, &inUse, http.StatusBadRequest) {
		t.Fatalf("deleting a key in use: %v %v", err, livetest.Status(inUse))
	}
}
