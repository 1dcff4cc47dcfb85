package pki_test

import (
	"testing"

	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
)

func TestConfig(t *testing.T) {
	ctx := t.Context()
	c := setupCA(t)
	a := mainAPI(t)

	// Cluster URLs (set by setupCA; write them again and read them back).
	mountURL := env.Server.Addr + "/v1/" + mainMount
	cl, err := a.PKIWriteClusterConfig(ctx, pki.PKIWriteClusterConfigRequest{Path: &mountURL, AiaPath: &mountURL})
	env.OK(t, err)
	if cl.Data.Path != mountURL {
		t.Fatalf("cluster path %q", cl.Data.Path)
	}
	clr, err := a.PKIReadClusterConfig(ctx)
	env.OK(t, err)
	if clr.Data.AiaPath != mountURL {
		t.Fatalf("cluster aia_path %q", clr.Data.AiaPath)
	}

	// AIA URLs.
	urls, err := a.PKIWriteURLsConfig(ctx, pki.PKIWriteURLsConfigRequest{
		IssuingCertificates: []string{mountURL + "/ca"}, CRLDistributionPoints: []string{mountURL + "/crl"},
		OCSPServers: []string{mountURL + "/ocsp"},
	})
	env.OK(t, err)
	if len(urls.Data.CRLDistributionPoints) != 1 || urls.Data.EnableTemplating {
		t.Fatalf("urls: %+v", urls.Data)
	}
	urlsRead, err := a.PKIReadURLsConfig(ctx)
	env.OK(t, err)
	if len(urlsRead.Data.OCSPServers) != 1 || urlsRead.Data.OCSPServers[0] != mountURL+"/ocsp" {
		t.Fatalf("urls read: %+v", urlsRead.Data)
	}

	// CRL settings: change, read back, then restore the defaults the other tests expect.
	crl, err := a.PKIWriteCRLConfig(ctx, pki.PKIWriteCRLConfigRequest{
		Expiry: livetest.Ptr(vtypes.Duration("48h")), OCSPExpiry: livetest.Ptr(vtypes.Duration("2h")), MaxCRLEntries: livetest.Ptr(5000),
	})
	env.OK(t, err)
	if crl.Data.Expiry != "48h" || (env.AtLeast("1.19") && (crl.Data.MaxCRLEntries == nil || *crl.Data.MaxCRLEntries != 5000)) {
		t.Fatalf("crl config: %+v", crl.Data)
	}
	crlRead, err := a.PKIReadCRLConfig(ctx)
	env.OK(t, err)
	if crlRead.Data.OCSPExpiry != "2h" || crlRead.Data.Disable {
		t.Fatalf("crl config read: %+v", crlRead.Data)
	}
	_, err = a.PKIWriteCRLConfig(ctx, pki.PKIWriteCRLConfigRequest{
		Expiry: livetest.Ptr(vtypes.Duration("72h")), OCSPExpiry: livetest.Ptr(vtypes.Duration("12h")), MaxCRLEntries: livetest.Ptr(100000),
	})
	env.OK(t, err)

	// Default issuer and key.
	iss, err := a.PKIWriteIssuersConfig(ctx, pki.PKIWriteIssuersConfigRequest{Default: livetest.Ptr(rootName)})
	env.OK(t, err)
	if iss.Data.Default != c.issuerID {
		t.Fatalf("default issuer %q, want %q", iss.Data.Default, c.issuerID)
	}
	issRead, err := a.PKIReadIssuersConfig(ctx)
	env.OK(t, err)
	if issRead.Data.Default != c.issuerID || issRead.Data.DefaultFollowsLatestIssuer {
		t.Fatalf("issuers config: %+v", issRead.Data)
	}
	keys, err := a.PKIWriteKeysConfig(ctx, pki.PKIWriteKeysConfigRequest{Default: livetest.Ptr("root-a-key")})
	env.OK(t, err)
	if keys.Data.Default != c.keyID {
		t.Fatalf("default key %q, want %q", keys.Data.Default, c.keyID)
	}
	keysRead, err := a.PKIReadKeysConfig(ctx)
	env.OK(t, err)
	if keysRead.Data.Default != c.keyID {
		t.Fatalf("keys config: %+v", keysRead.Data)
	}

	// Automatic tidy.
	at, err := a.PKIWriteAutoTidyConfig(ctx, pki.PKIWriteAutoTidyConfigRequest{
		Enabled: livetest.Ptr(false), IntervalDuration: livetest.Ptr(vtypes.Duration("6h")), TidyCertStore: livetest.Ptr(true),
		SafetyBuffer: livetest.Ptr(vtypes.Seconds(7200)), PauseDuration: livetest.Ptr("5ms"),
	})
	env.OK(t, err)
	if at.Data.IntervalDuration != 21600 || !at.Data.TidyCertStore || at.Data.SafetyBuffer != 7200 || at.Data.PauseDuration != "5ms" {
		t.Fatalf("auto-tidy: %+v", at.Data)
	}
	atRead, err := a.PKIReadAutoTidyConfig(ctx)
	env.OK(t, err)
	if atRead.Data.Enabled || atRead.Data.IntervalDuration != 21600 {
		t.Fatalf("auto-tidy read: %+v", atRead.Data)
	}

	// ACME settings (the ACME test turns it on with its own resolver).
	acme, err := a.PKIWriteACMEConfig(ctx, pki.PKIWriteACMEConfigRequest{
		Enabled: livetest.Ptr(false), EabPolicy: livetest.Ptr("new-account-required"), MaxTTL: livetest.Ptr(vtypes.Duration("720h")),
	})
	env.OK(t, err)
	if acme.Data.EabPolicy != "new-account-required" || acme.Data.MaxTTL != 2592000 {
		t.Fatalf("acme config: %+v", acme.Data)
	}
	acmeRead, err := a.PKIReadACMEConfig(ctx)
	env.OK(t, err)
	if acmeRead.Data.Enabled || acmeRead.Data.DefaultDirectoryPolicy != "sign-verbatim" {
		t.Fatalf("acme config read: %+v", acmeRead.Data)
	}
}
