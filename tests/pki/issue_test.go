package pki_test

import (
	"encoding/base64"
	"testing"

	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
)

func checkLeaf(t *testing.T, what string, d pki.PKICertificateData, cn string, c *mainCA) {
	t.Helper()
	cert := parseCert(t, d.Certificate)
	if cert.Subject.CommonName != cn {
		t.Fatalf("%s: CN %q, want %q", what, cert.Subject.CommonName, cn)
	}
	if err := cert.CheckSignatureFrom(c.cert); err != nil {
		t.Fatalf("%s: not signed by the root: %v", what, err)
	}
	if d.SerialNumber != serialHex(cert) || d.Expiration != cert.NotAfter.Unix() {
		t.Fatalf("%s: serial %q / expiration %d do not match the certificate", what, d.SerialNumber, d.Expiration)
	}
	if d.IssuingCA != c.certPEM {
		t.Fatalf("%s: issuing_ca is not the root", what)
	}
}

func TestIssueAndSign(t *testing.T) {
	ctx := t.Context()
	c := setupCA(t)
	a := mainAPI(t)

	issued, err := a.PKIIssueWithRole(ctx, roleName, pki.PKIIssueWithRoleRequest{
		CommonName: livetest.Ptr("app.example.com"), AltNames: livetest.Ptr("alt.example.com"), TTL: livetest.Ptr(vtypes.Duration("30m")),
	})
	env.OK(t, err)
	checkLeaf(t, "issue", issued.Data, "app.example.com", c)
	if issued.Data.PrivateKey == nil || *issued.Data.PrivateKeyType != "ec" || len(issued.Data.CAChain) != 1 {
		t.Fatalf("issue: key %v type %v chain %d", issued.Data.PrivateKey != nil, issued.Data.PrivateKeyType, len(issued.Data.CAChain))
	}
	env.Leaks.Add(*issued.Data.PrivateKey)
	if dns := parseCert(t, issued.Data.Certificate).DNSNames; len(dns) != 2 {
		t.Fatalf("issue: SANs %v", dns)
	}

	// DER output, PKCS#8 key, roots left out of the chain.
	der, err := a.PKIIssuerIssueWithRole(ctx, rootName, roleName, pki.PKIIssuerIssueWithRoleRequest{
		CommonName: livetest.Ptr("der.example.com"), Format: livetest.Ptr(pki.FormatDER), PrivateKeyFormat: livetest.Ptr(pki.PrivateKeyPKCS8),
		RemoveRootsFromChain: livetest.Ptr(true),
	})
	env.OK(t, err)
	raw, err := base64.StdEncoding.DecodeString(der.Data.Certificate)
	if err != nil || len(raw) == 0 || der.Data.CAChain != nil {
		t.Fatalf("issuer issue (der): %v, chain %v", err, der.Data.CAChain)
	}
	env.Leaks.Add(*der.Data.PrivateKey)

	key := ecKey(t)
	signed, err := a.PKISignWithRole(ctx, roleName, pki.PKISignWithRoleRequest{
		CSR: newCSR(t, key, "signed.example.com"), CommonName: livetest.Ptr("signed.example.com"),
	})
	env.OK(t, err)
	checkLeaf(t, "sign", signed.Data, "signed.example.com", c)
	if signed.Data.PrivateKey != nil {
		t.Fatal("sign returned a private key")
	}
	signed2, err := a.PKIIssuerSignWithRole(ctx, rootName, roleName, pki.PKIIssuerSignWithRoleRequest{
		CSR: newCSR(t, key, "signed2.example.com"), CommonName: livetest.Ptr("signed2.example.com"),
	})
	env.OK(t, err)
	checkLeaf(t, "issuer sign", signed2.Data, "signed2.example.com", c)

	// Verbatim signing keeps the CSR's subject, whatever the role allows.
	verb, err := a.PKISignVerbatim(ctx, pki.PKISignVerbatimRequest{
		CSR: newCSR(t, key, "verbatim.internal"), TTL: livetest.Ptr(vtypes.Duration("1h")), KeyUsage: []string{"DigitalSignature"},
	})
	env.OK(t, err)
	checkLeaf(t, "sign-verbatim", verb.Data, "verbatim.internal", c)
	verbRole, err := a.PKISignVerbatimWithRole(ctx, roleName, pki.PKISignVerbatimWithRoleRequest{
		CSR: newCSR(t, key, "verbatim-role.internal"),
	})
	env.OK(t, err)
	checkLeaf(t, "sign-verbatim with role", verbRole.Data, "verbatim-role.internal", c)
	verbIss, err := a.PKIIssuerSignVerbatim(ctx, rootName, pki.PKIIssuerSignVerbatimRequest{
		CSR: newCSR(t, key, "verbatim-issuer.internal"), ExtKeyUsage: []string{"ClientAuth"},
	})
	env.OK(t, err)
	checkLeaf(t, "issuer sign-verbatim", verbIss.Data, "verbatim-issuer.internal", c)
	verbIssRole, err := a.PKIIssuerSignVerbatimWithRole(ctx, rootName, roleName, pki.PKIIssuerSignVerbatimWithRoleRequest{
		CSR: newCSR(t, key, "verbatim-issuer-role.internal"),
	})
	env.OK(t, err)
	checkLeaf(t, "issuer sign-verbatim with role", verbIssRole.Data, "verbatim-issuer-role.internal", c)

	// Intermediate CAs.
	intKey := ecKey(t)
	inter, err := a.PKIRootSignIntermediate(ctx, pki.PKIRootSignIntermediateRequest{
		CSR: newCSR(t, intKey, "Intermediate One"), CommonName: livetest.Ptr("Intermediate One"), TTL: livetest.Ptr(vtypes.Duration("48h")),
		MaxPathLength: livetest.Ptr(0), PermittedDNSDomains: []string{"example.com"},
	})
	env.OK(t, err)
	checkLeaf(t, "root sign-intermediate", inter.Data, "Intermediate One", c)
	ic := parseCert(t, inter.Data.Certificate)
	if !ic.IsCA || !ic.MaxPathLenZero || len(ic.PermittedDNSDomains) != 1 {
		t.Fatalf("intermediate: CA %v, pathlen0 %v, constraints %v", ic.IsCA, ic.MaxPathLenZero, ic.PermittedDNSDomains)
	}
	inter2, err := a.PKIIssuerSignIntermediate(ctx, rootName, pki.PKIIssuerSignIntermediateRequest{
		CSR: newCSR(t, intKey, "Intermediate Two"), UseCSRValues: livetest.Ptr(true),
	})
	env.OK(t, err)
	checkLeaf(t, "issuer sign-intermediate", inter2.Data, "Intermediate Two", c)

	// Self-issued certificates re-signed by the root (sudo path and issuer path).
	selfPEM, _ := selfIssuedCA(t, "Self Issued")
	si, err := a.PKIRootSignSelfIssued(ctx, pki.PKIRootSignSelfIssuedRequest{Certificate: selfPEM})
	env.OK(t, err)
	if cert := parseCert(t, si.Data.Certificate); cert.CheckSignatureFrom(c.cert) != nil || si.Data.IssuingCA != c.certPEM {
		t.Fatal("root sign-self-issued: not signed by the root")
	}
	si2, err := a.PKIIssuerSignSelfIssued(ctx, rootName, pki.PKIIssuerSignSelfIssuedRequest{Certificate: selfPEM})
	env.OK(t, err)
	if cert := parseCert(t, si2.Data.Certificate); cert.Subject.CommonName != "Self Issued" || cert.CheckSignatureFrom(c.cert) != nil {
		t.Fatal("issuer sign-self-issued: wrong certificate")
	}
}
