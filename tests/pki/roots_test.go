package pki_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
)

func TestRootLifecycle(t *testing.T) {
	ctx := t.Context()
	a := rootsAPI(t)

	first, err := a.PKIGenerateRoot(ctx, pki.KeySourceExported, pki.PKIGenerateRootRequest{
		CommonName: livetest.Ptr("First Root"), IssuerName: livetest.Ptr("first"), KeyName: livetest.Ptr("first-key"),
		KeyType: livetest.Ptr(pki.KeyTypeRSA), KeyBits: livetest.Ptr(2048), TTL: livetest.Ptr(vtypes.Duration("720h")),
	})
	env.OK(t, err)
	if first.Data.PrivateKey == nil || *first.Data.PrivateKeyType != "rsa" || first.Data.KeyName != "first-key" ||
		first.Data.Certificate != first.Data.IssuingCA {
		t.Fatalf("generate root (exported): %+v", first.Data)
	}
	env.Leaks.Add(*first.Data.PrivateKey)

	// Rotation: a second root that only becomes the default on replace.
	next, err := a.PKIRotateRoot(ctx, pki.KeySourceInternal, pki.PKIRotateRootRequest{
		CommonName: livetest.Ptr("Next Root"), IssuerName: livetest.Ptr("next"), KeyType: livetest.Ptr(pki.KeyTypeEC),
	})
	env.OK(t, err)
	if next.Data.PrivateKey != nil || next.Data.IssuerName != "next" {
		t.Fatalf("rotate root: %+v", next.Data)
	}
	cfg, err := a.PKIReadIssuersConfig(ctx)
	env.OK(t, err)
	if cfg.Data.Default != first.Data.IssuerID {
		t.Fatalf("rotation changed the default issuer to %q", cfg.Data.Default)
	}
	replaced, err := a.PKIReplaceRoot(ctx, pki.PKIReplaceRootRequest{Default: livetest.Ptr("next")})
	env.OK(t, err)
	if replaced.Data.Default != next.Data.IssuerID {
		t.Fatalf("replace root: default %q, want %q", replaced.Data.Default, next.Data.IssuerID)
	}

	// An intermediate: CSR here, signed by "next", then imported back.
	csr, err := a.PKIGenerateIntermediate(ctx, pki.KeySourceInternal, pki.PKIGenerateIntermediateRequest{
		CommonName: livetest.Ptr("Sub CA"), KeyType: livetest.Ptr(pki.KeyTypeEC), KeyName: livetest.Ptr("sub-key"),
	})
	env.OK(t, err)
	if !strings.Contains(csr.Data.CSR, "CERTIFICATE REQUEST") || csr.Data.PrivateKey != nil {
		t.Fatalf("generate intermediate: %+v", csr.Data)
	}
	signed, err := a.PKIIssuerSignIntermediate(ctx, "next", pki.PKIIssuerSignIntermediateRequest{
		CSR: csr.Data.CSR, CommonName: livetest.Ptr("Sub CA"), TTL: livetest.Ptr(vtypes.Duration("240h")),
	})
	env.OK(t, err)
	set, err := a.PKISetSignedIntermediate(ctx, pki.PKISetSignedIntermediateRequest{
		Certificate: signed.Data.Certificate + "\n" + signed.Data.IssuingCA,
	})
	env.OK(t, err)
	if len(set.Data.ImportedIssuers) != 1 || set.Data.ImportedKeys != nil || set.Data.Mapping[set.Data.ImportedIssuers[0]] != csr.Data.KeyID {
		t.Fatalf("set-signed: %+v", set.Data)
	}

	// CSRs from an existing key, with an exported key, and for cross-signing.
	key, err := a.PKIGenerateInternalKey(ctx, pki.PKIGenerateInternalKeyRequest{KeyName: livetest.Ptr("reuse"), KeyType: livetest.Ptr(pki.KeyTypeEC)})
	env.OK(t, err)
	existing, err := a.PKIIssuersGenerateIntermediate(ctx, pki.KeySourceExisting, pki.PKIIssuersGenerateIntermediateRequest{
		CommonName: livetest.Ptr("Reused Key CA"), KeyRef: livetest.Ptr("reuse"),
	})
	env.OK(t, err)
	if existing.Data.KeyID != key.Data.KeyID {
		t.Fatalf("existing-key CSR signed by %q, want %q", existing.Data.KeyID, key.Data.KeyID)
	}
	exp, err := a.PKIGenerateIntermediate(ctx, pki.KeySourceExported, pki.PKIGenerateIntermediateRequest{
		CommonName: livetest.Ptr("Exported CA"), KeyType: livetest.Ptr(pki.KeyTypeEC), Format: livetest.Ptr(pki.FormatPEMBundle),
	})
	env.OK(t, err)
	if exp.Data.PrivateKey == nil || exp.Data.PrivateKeyType == nil || *exp.Data.PrivateKeyType != "ec" {
		t.Fatalf("exported intermediate: %+v", exp.Data)
	}
	env.Leaks.Add(*exp.Data.PrivateKey)
	cross, err := a.PKICrossSignIntermediate(ctx, pki.PKICrossSignIntermediateRequest{
		CommonName: livetest.Ptr("First Root"), KeyRef: livetest.Ptr("first-key"),
	})
	env.OK(t, err)
	if cross.Data.KeyID != first.Data.KeyID {
		t.Fatalf("cross-sign CSR key %q, want %q", cross.Data.KeyID, first.Data.KeyID)
	}

	// Imports: a certificate alone, a certificate with its key, the same again via config/ca.
	certOnly, _ := selfIssuedCA(t, "Imported Cert Only")
	impCert, err := a.PKIImportIssuerCert(ctx, pki.PKIImportIssuerCertRequest{PEMBundle: certOnly})
	env.OK(t, err)
	if len(impCert.Data.ImportedIssuers) != 1 || impCert.Data.Mapping[impCert.Data.ImportedIssuers[0]] != "" {
		t.Fatalf("import cert: %+v", impCert.Data)
	}
	withKeyPEM, withKey := selfIssuedCA(t, "Imported With Key")
	bundle := withKeyPEM + keyPEM(t, withKey)
	impBundle, err := a.PKIImportIssuerBundle(ctx, pki.PKIImportIssuerBundleRequest{PEMBundle: bundle})
	env.OK(t, err)
	if len(impBundle.Data.ImportedIssuers) != 1 || len(impBundle.Data.ImportedKeys) != 1 ||
		impBundle.Data.Mapping[impBundle.Data.ImportedIssuers[0]] != impBundle.Data.ImportedKeys[0] {
		t.Fatalf("import bundle: %+v", impBundle.Data)
	}
	again, err := a.PKIWriteCAConfig(ctx, pki.PKIWriteCAConfigRequest{PEMBundle: bundle})
	env.OK(t, err)
	if len(again.Data.ExistingIssuers) != 1 || len(again.Data.ExistingKeys) != 1 || again.Data.ImportedIssuers != nil {
		t.Fatalf("config/ca re-import: %+v", again.Data)
	}

	// With OCSP turned off, the responder answers unauthorized (in DER).
	_, err = a.PKIWriteCRLConfig(ctx, pki.PKIWriteCRLConfigRequest{OCSPDisable: livetest.Ptr(true)})
	env.OK(t, err)
	leafSigned, err := a.PKISignVerbatim(ctx, pki.PKISignVerbatimRequest{CSR: newCSR(t, ecKey(t), "leaf.internal"), TTL: livetest.Ptr(vtypes.Duration("1h"))})
	env.OK(t, err)
	nextCert := parseCert(t, next.Data.Certificate)
	var ocspRsp vtypes.Raw
	der, err := anon(t, rootsMount).PKIQueryOCSP(ctx, ocspRequest(t, nextCert, parseCert(t, leafSigned.Data.Certificate)),
		vtypes.CaptureRaw(&ocspRsp))
	if err != nil || livetest.Status(ocspRsp) != http.StatusUnauthorized {
		t.Fatalf("OCSP while disabled: %d, %v", livetest.Status(ocspRsp), err)
	}
	if rs, _ := ocspStatus(t, der); rs != 6 {
		t.Fatalf("OCSP while disabled: status %d, want 6 (unauthorized)", rs)
	}

	// Deleting the root removes every issuer and key.
	del, err := a.PKIDeleteRoot(ctx)
	env.OK(t, err)
	if del.Data != nil || len(del.Warnings) == 0 {
		t.Fatalf("delete root: data %v warnings %v", del.Data, del.Warnings)
	}
	// Vault answers the LIST of an empty folder with a 404 without errors,
	// which the client returns as an empty result.
	var listRaw vtypes.Raw
	list, err := a.PKIListIssuers(ctx, vtypes.CaptureRaw(&listRaw))
	env.OK(t, err)
	if livetest.Status(listRaw) != http.StatusNotFound {
		t.Fatalf("issuers left after delete root: %d", livetest.Status(listRaw))
	}
	if diff := cmp.Diff(&pki.PKIIssuerListResult{}, list); diff != "" {
		t.Fatalf("issuers list after delete root is not empty (-want +got):\n%s", diff)
	}
}
