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
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func TestIssuers(t *testing.T) {
	ctx := t.Context()
	c := setupCA(t)
	a := api(t, mainMount)
	pub := anon(t, mainMount)

	// Listing issuers needs no token.
	for _, cl := range []*pki.ClientWithResponses{a, pub} {
		list, err := wrappers.Decode(cl.PKIListIssuersWithResponse(ctx, &pki.PKIListIssuersParams{List: vaultcommon.ListTrue}))
		env.OK(t, err)
		info, ok := list.Data.KeyInfo[c.issuerID]
		if !slices.Contains(list.Data.Keys, c.issuerID) || !ok || info.IssuerName != rootName || !info.IsDefault || info.KeyID != c.keyID {
			t.Fatalf("issuer list: %+v", list.Data)
		}
	}

	read, err := wrappers.Decode(a.PKIReadIssuerWithResponse(ctx, rootName))
	env.OK(t, err)
	if read.Data.IssuerID != c.issuerID || read.Data.KeyID != c.keyID || read.Data.Revoked || read.Data.ManualChain != nil ||
		read.Data.RevocationSignatureAlgorithm != "ECDSAWithSHA256" || !strings.Contains(read.Data.Usage, "issuing-certificates") {
		t.Fatalf("issuer read: %+v", read.Data)
	}

	// The public forms of the issuer certificate.
	js, err := wrappers.Decode(pub.PKIReadIssuerJSONWithResponse(ctx, "default", nil))
	env.OK(t, err)
	if js.Data.IssuerID != c.issuerID || js.Data.IssuerName != rootName || len(js.Data.CaChain) != 1 {
		t.Fatalf("issuer json: %+v", js.Data)
	}
	der, err := wrappers.Check(pub.PKIReadIssuerDERWithResponse(ctx, c.issuerID, nil))
	env.OK(t, err)
	if !bytes.Equal(der.Body, c.cert.Raw) || der.ContentType() != "application/pkix-cert" {
		t.Fatal("issuer der is not the root")
	}
	pemRsp, err := wrappers.Check(pub.PKIReadIssuerPEMWithResponse(ctx, rootName, nil))
	env.OK(t, err)
	if !bytes.Equal(parseCert(t, string(pemRsp.Body)).Raw, c.cert.Raw) {
		t.Fatal("issuer pem is not the root")
	}

	// Revoke something so the issuer's CRLs have an entry, then read them.
	victim := issue(t, a, "crl-victim.example.com")
	_, err = wrappers.Decode(a.PKIRevokeWithResponse(ctx, pki.PKIRevokeRequest{SerialNumber: &victim.SerialNumber}))
	env.OK(t, err)
	serial := parseCert(t, victim.Certificate).SerialNumber
	crlJSON, err := wrappers.Decode(pub.PKIReadIssuerCRLWithResponse(ctx, rootName, nil))
	env.OK(t, err)
	if !onCRL(parsePEMCRL(t, crlJSON.Data.Crl), serial) {
		t.Fatal("issuer crl lacks the revoked serial")
	}
	crlDER, err := wrappers.Check(pub.PKIReadIssuerCRLDERWithResponse(ctx, rootName, nil))
	env.OK(t, err)
	if crl, err := x509.ParseRevocationList(crlDER.Body); err != nil || !onCRL(crl, serial) {
		t.Fatalf("issuer crl/der: %v", err)
	}
	crlPEM, err := wrappers.Check(pub.PKIReadIssuerCRLPEMWithResponse(ctx, rootName, nil))
	env.OK(t, err)
	if crlPEM.ContentType() != "application/x-pem-file" || !onCRL(parsePEMCRL(t, string(crlPEM.Body)), serial) {
		t.Fatal("issuer crl/pem lacks the revoked serial")
	}
	deltaJSON, err := wrappers.Decode(pub.PKIReadIssuerDeltaCRLWithResponse(ctx, rootName, nil))
	env.OK(t, err)
	parsePEMCRL(t, deltaJSON.Data.Crl)
	deltaDER, err := wrappers.Check(pub.PKIReadIssuerDeltaCRLDERWithResponse(ctx, rootName, nil))
	env.OK(t, err)
	if _, err := x509.ParseRevocationList(deltaDER.Body); err != nil {
		t.Fatalf("issuer delta crl/der: %v", err)
	}
	deltaPEM, err := wrappers.Check(pub.PKIReadIssuerDeltaCRLPEMWithResponse(ctx, rootName, nil))
	env.OK(t, err)
	parsePEMCRL(t, string(deltaPEM.Body))

	// Combine CRLs, and sign a CRL from given entries.
	resigned, err := wrappers.Decode(a.PKIIssuerResignCRLsWithResponse(ctx, rootName, pki.PKIIssuerResignCRLsRequest{
		Crls: []string{crlJSON.Data.Crl}, CrlNumber: 4242, NextUpdate: ptr(vtypes.Duration("2h")),
	}))
	env.OK(t, err)
	merged := parsePEMCRL(t, resigned.Data.Crl)
	if merged.Number.Int64() != 4242 || !onCRL(merged, serial) || merged.CheckSignatureFrom(c.cert) != nil {
		t.Fatalf("resign-crls: number %v, lists serial %v", merged.Number, onCRL(merged, serial))
	}
	resignedDER, err := wrappers.Decode(a.PKIIssuerResignCRLsWithResponse(ctx, rootName, pki.PKIIssuerResignCRLsRequest{
		Crls: []string{crlJSON.Data.Crl}, CrlNumber: 4243, Format: ptr(pki.PKIIssuerResignCRLsRequestFormatDer),
	}))
	env.OK(t, err)
	if raw, err := base64.StdEncoding.DecodeString(resignedDER.Data.Crl); err != nil || len(raw) == 0 {
		t.Fatalf("resign-crls der: %v", err)
	}
	signedCRL, err := wrappers.Decode(a.PKIIssuerSignRevocationListWithResponse(ctx, rootName, pki.PKIIssuerSignRevocationListRequest{
		CrlNumber: 7, NextUpdate: ptr(vtypes.Duration("1h")),
		RevokedCerts: []pki.PKIRevokedCertEntry{{SerialNumber: "0a:0b:0c", RevocationTime: strconv.FormatInt(time.Now().Unix(), 10)}},
	}))
	env.OK(t, err)
	own := parsePEMCRL(t, signedCRL.Data.Crl)
	if own.Number.Int64() != 7 || !onCRL(own, big.NewInt(0x0a0b0c)) {
		t.Fatalf("sign-revocation-list: number %v, %d entries", own.Number, len(own.RevokedCertificateEntries))
	}
}

// Changing, revoking and deleting issuers happens on the scratch mount.
func TestIssuerLifecycle(t *testing.T) {
	ctx := t.Context()
	a := api(t, scratchMount)

	gen, err := wrappers.Decode(a.PKIIssuersGenerateRootWithResponse(ctx, pki.KeySourceInternal, pki.PKIIssuersGenerateRootRequest{
		CommonName: ptr("Scratch Root"), IssuerName: ptr("scratch-root"), KeyType: ptr(pki.KeyTypeEC),
	}))
	env.OK(t, err)
	id := gen.Data.IssuerID

	written, err := wrappers.Decode(a.PKIWriteIssuerWithResponse(ctx, id, pki.PKIWriteIssuerRequest{
		IssuerName: ptr("renamed-root"), LeafNotAfterBehavior: ptr("truncate"),
		IssuingCertificates: []string{"http://example.com/ca"}, Usage: []string{"read-only", "issuing-certificates", "crl-signing", "ocsp-signing"},
	}))
	env.OK(t, err)
	if written.Data.IssuerName != "renamed-root" || written.Data.LeafNotAfterBehavior != "truncate" || len(written.Data.IssuingCertificates) != 1 {
		t.Fatalf("issuer write: %+v", written.Data)
	}
	patched, err := wrappers.Decode(a.PKIPatchIssuerWithApplicationMergePatchPlusJSONBodyWithResponse(ctx, "renamed-root",
		pki.PKIPatchIssuerRequest{LeafNotAfterBehavior: ptr("permit"), RevocationSignatureAlgorithm: ptr("ECDSAWithSHA384")}))
	env.OK(t, err)
	if patched.Data.IssuerName != "renamed-root" || patched.Data.LeafNotAfterBehavior != "permit" ||
		patched.Data.RevocationSignatureAlgorithm != "ECDSAWithSHA384" || len(patched.Data.IssuingCertificates) != 1 {
		t.Fatalf("issuer patch: %+v", patched.Data)
	}

	// A second root to revoke (an issuer cannot revoke itself while it is the only one).
	other, err := wrappers.Decode(a.PKIIssuersGenerateRootWithResponse(ctx, pki.KeySourceInternal, pki.PKIIssuersGenerateRootRequest{
		CommonName: ptr("Doomed Root"), IssuerName: ptr("doomed"), KeyType: ptr(pki.KeyTypeEC),
	}))
	env.OK(t, err)
	revoked, err := wrappers.Decode(a.PKIRevokeIssuerWithResponse(ctx, "doomed"))
	env.OK(t, err)
	if !revoked.Data.Revoked || revoked.Data.RevocationTime == nil || revoked.Data.RevocationTimeRfc3339 == nil ||
		strings.Contains(revoked.Data.Usage, "issuing-certificates") {
		t.Fatalf("revoked issuer: %+v", revoked.Data)
	}
	del, err := wrappers.Decode(a.PKIDeleteIssuerWithResponse(ctx, other.Data.IssuerID))
	env.OK(t, err)
	if del.Data != nil {
		t.Fatalf("issuer delete data: %v", del.Data)
	}
	if _, err := wrappers.Decode(a.PKIReadIssuerWithResponse(ctx, other.Data.IssuerID)); err == nil {
		t.Fatal("deleted issuer still readable")
	}
	// A now-unused key can go; a key in use cannot.
	_, err = wrappers.Check(a.PKIDeleteKeyWithResponse(ctx, other.Data.KeyID))
	env.OK(t, err)
	if rsp, err := a.PKIDeleteKeyWithResponse(ctx, gen.Data.KeyID); err != nil || rsp.StatusCode() != http.StatusBadRequest {
		t.Fatalf("deleting a key in use: %v %v", err, code(rsp))
	}
}
