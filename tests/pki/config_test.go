package pki_test

import (
	"testing"

	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func TestConfig(t *testing.T) {
	ctx := t.Context()
	c := setupCA(t)
	a := api(t, mainMount)

	// Cluster URLs (set by setupCA; write them again and read them back).
	mountURL := env.Server.Addr + "/v1/" + mainMount
	cl, err := wrappers.Decode(a.PKIWriteClusterConfigWithResponse(ctx, pki.PKIWriteClusterConfigRequest{Path: &mountURL, AiaPath: &mountURL}))
	env.OK(t, err)
	if cl.Data.Path != mountURL {
		t.Fatalf("cluster path %q", cl.Data.Path)
	}
	clr, err := wrappers.Decode(a.PKIReadClusterConfigWithResponse(ctx))
	env.OK(t, err)
	if clr.Data.AiaPath != mountURL {
		t.Fatalf("cluster aia_path %q", clr.Data.AiaPath)
	}

	// AIA URLs.
	urls, err := wrappers.Decode(a.PKIWriteURLsConfigWithResponse(ctx, pki.PKIWriteURLsConfigRequest{
		IssuingCertificates: []string{mountURL + "/ca"}, CrlDistributionPoints: []string{mountURL + "/crl"},
		OcspServers: []string{mountURL + "/ocsp"},
	}))
	env.OK(t, err)
	if len(urls.Data.CrlDistributionPoints) != 1 || urls.Data.EnableTemplating {
		t.Fatalf("urls: %+v", urls.Data)
	}
	urlsRead, err := wrappers.Decode(a.PKIReadURLsConfigWithResponse(ctx))
	env.OK(t, err)
	if len(urlsRead.Data.OcspServers) != 1 || urlsRead.Data.OcspServers[0] != mountURL+"/ocsp" {
		t.Fatalf("urls read: %+v", urlsRead.Data)
	}

	// CRL settings: change, read back, then restore the defaults the other tests expect.
	crl, err := wrappers.Decode(a.PKIWriteCRLConfigWithResponse(ctx, pki.PKIWriteCRLConfigRequest{
		Expiry: ptr(vtypes.Duration("48h")), OcspExpiry: ptr(vtypes.Duration("2h")), MaxCrlEntries: ptr(5000),
	}))
	env.OK(t, err)
	if crl.Data.Expiry != "48h" || crl.Data.MaxCrlEntries != 5000 {
		t.Fatalf("crl config: %+v", crl.Data)
	}
	crlRead, err := wrappers.Decode(a.PKIReadCRLConfigWithResponse(ctx))
	env.OK(t, err)
	if crlRead.Data.OcspExpiry != "2h" || crlRead.Data.Disable {
		t.Fatalf("crl config read: %+v", crlRead.Data)
	}
	_, err = wrappers.Decode(a.PKIWriteCRLConfigWithResponse(ctx, pki.PKIWriteCRLConfigRequest{
		Expiry: ptr(vtypes.Duration("72h")), OcspExpiry: ptr(vtypes.Duration("12h")), MaxCrlEntries: ptr(100000),
	}))
	env.OK(t, err)

	// Default issuer and key.
	iss, err := wrappers.Decode(a.PKIWriteIssuersConfigWithResponse(ctx, pki.PKIWriteIssuersConfigRequest{Default: ptr(rootName)}))
	env.OK(t, err)
	if iss.Data.Default != c.issuerID {
		t.Fatalf("default issuer %q, want %q", iss.Data.Default, c.issuerID)
	}
	issRead, err := wrappers.Decode(a.PKIReadIssuersConfigWithResponse(ctx))
	env.OK(t, err)
	if issRead.Data.Default != c.issuerID || issRead.Data.DefaultFollowsLatestIssuer {
		t.Fatalf("issuers config: %+v", issRead.Data)
	}
	keys, err := wrappers.Decode(a.PKIWriteKeysConfigWithResponse(ctx, pki.PKIWriteKeysConfigRequest{Default: ptr("root-a-key")}))
	env.OK(t, err)
	if keys.Data.Default != c.keyID {
		t.Fatalf("default key %q, want %q", keys.Data.Default, c.keyID)
	}
	keysRead, err := wrappers.Decode(a.PKIReadKeysConfigWithResponse(ctx))
	env.OK(t, err)
	if keysRead.Data.Default != c.keyID {
		t.Fatalf("keys config: %+v", keysRead.Data)
	}

	// Automatic tidy.
	at, err := wrappers.Decode(a.PKIWriteAutoTidyConfigWithResponse(ctx, pki.PKIWriteAutoTidyConfigRequest{
		Enabled: ptr(false), IntervalDuration: ptr(vtypes.Duration("6h")), TidyCertStore: ptr(true),
		SafetyBuffer: ptr(vtypes.Seconds(7200)), PauseDuration: ptr("5ms"),
	}))
	env.OK(t, err)
	if at.Data.IntervalDuration != 21600 || !at.Data.TidyCertStore || at.Data.SafetyBuffer != 7200 || at.Data.PauseDuration != "5ms" {
		t.Fatalf("auto-tidy: %+v", at.Data)
	}
	atRead, err := wrappers.Decode(a.PKIReadAutoTidyConfigWithResponse(ctx))
	env.OK(t, err)
	if atRead.Data.Enabled || atRead.Data.IntervalDuration != 21600 {
		t.Fatalf("auto-tidy read: %+v", atRead.Data)
	}

	// ACME settings (the ACME test turns it on with its own resolver).
	acme, err := wrappers.Decode(a.PKIWriteACMEConfigWithResponse(ctx, pki.PKIWriteACMEConfigRequest{
		Enabled: ptr(false), EabPolicy: ptr("new-account-required"), MaxTTL: ptr(vtypes.Duration("720h")),
	}))
	env.OK(t, err)
	if acme.Data.EabPolicy != "new-account-required" || acme.Data.MaxTTL != 2592000 {
		t.Fatalf("acme config: %+v", acme.Data)
	}
	acmeRead, err := wrappers.Decode(a.PKIReadACMEConfigWithResponse(ctx))
	env.OK(t, err)
	if acmeRead.Data.Enabled || acmeRead.Data.DefaultDirectoryPolicy != "sign-verbatim" {
		t.Fatalf("acme config read: %+v", acmeRead.Data)
	}
}
