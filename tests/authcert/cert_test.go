package authcert_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/authcert"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/fakeupstream"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/internal/testcert"
	"github.com/govault/govault/internal/vaulttest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("auth/cert", authcert.New)

func TestCertConfig(t *testing.T) {
	ctx := context.Background()
	a := api(t)

	def, err := a.CertReadConfig(ctx)
	env.OK(t, err)
	if diff := cmp.Diff(authcert.CertConfigData{EnableMetadataOnFailures: livetest.Since(env, "1.19", false)}, def.Data); diff != "" {
		t.Fatalf("default config (-want +got):\n%s", diff)
	}
	err = a.CertWriteConfig(ctx, authcert.CertWriteConfigRequest{
		DisableBinding: livetest.Ptr(true), EnableIdentityAliasMetadata: livetest.Ptr(true), EnableMetadataOnFailures: livetest.Ptr(true),
		OCSPCacheSize: livetest.Ptr(50), RoleCacheSize: livetest.Ptr(10),
	})
	env.OK(t, err)
	cfg, err := a.CertReadConfig(ctx)
	env.OK(t, err)
	wantCfg := authcert.CertConfigData{
		DisableBinding: true, EnableIdentityAliasMetadata: true, EnableMetadataOnFailures: livetest.Since(env, "1.19", true), OCSPCacheSize: 50, RoleCacheSize: 10,
	}
	if diff := cmp.Diff(wantCfg, cfg.Data); diff != "" {
		t.Fatalf("config (-want +got):\n%s", diff)
	}
	err = a.CertWriteConfig(ctx, authcert.CertWriteConfigRequest{DisableBinding: livetest.Ptr(false)})
	env.OK(t, err)
}

func TestCertRolesAndCRLs(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	ca := testcert.NewCA(t, "clients")

	_, err := a.CertWriteCertificate(ctx, "web", authcert.CertWriteCertificateRequest{
		Certificate:                livetest.Ptr(string(ca.PEM)),
		DisplayName:                livetest.Ptr("web-clients"),
		AllowedCommonNames:         []string{"*.web.test"},
		AllowedOrganizationalUnits: []string{"platform"},
		RequiredExtensions:         []string{"1.2.3.4:*"},
		OCSPServersOverride:        []string{"http://ocsp.invalid"},
		OCSPMaxRetries:             livetest.Ptr(2),
		OCSPThisUpdateMaxAge:       livetest.Ptr(vtypes.Duration("1h")),
		TokenPolicies:              []string{"web"},
		TokenTTL:                   livetest.Ptr(vtypes.Duration("30m")),
	})
	env.OK(t, err)
	role, err := a.CertReadCertificate(ctx, "web")
	env.OK(t, err)
	d := role.Data
	if d.Certificate != string(ca.PEM) || d.DisplayName != "web-clients" || !slices.Equal(d.AllowedCommonNames, []string{"*.web.test"}) ||
		!slices.Equal(d.RequiredExtensions, []string{"1.2.3.4:*"}) || d.AllowedDNSSANs != nil || d.OCSPMaxRetries != 2 ||
		d.OCSPThisUpdateMaxAge != 3600 || d.TokenTTL != 1800 || !slices.Equal(d.TokenPolicies, []string{"web"}) || d.TTL != nil {
		t.Fatalf("role: %+v", d)
	}

	// Old field names are echoed back; a TTL above the mount's default warns (200).
	w, err := a.CertWriteCertificate(ctx, "legacy", authcert.CertWriteCertificateRequest{
		Certificate: livetest.Ptr(string(ca.PEM)),
		Policies:    []string{"old"},
		TTL:         livetest.Ptr(vtypes.Duration("800h")),
		MaxTTL:      livetest.Ptr(vtypes.Duration("900h")),
		Period:      livetest.Ptr(vtypes.Duration("1h")),
		BoundCIDRs:  []string{"127.0.0.1/32"},
	})
	env.OK(t, err)
	if len(w.Warnings) == 0 {
		t.Fatal("TTL above the mount default: no warning")
	}
	legacy, err := a.CertReadCertificate(ctx, "legacy")
	env.OK(t, err)
	l := legacy.Data
	if l.TTL == nil || *l.TTL != 800*3600 || l.MaxTTL == nil || l.Period == nil || *l.Period != 3600 ||
		!slices.Equal(l.Policies, []string{"old"}) || !slices.Equal(l.BoundCIDRs, []string{"127.0.0.1"}) || l.DisplayName != "legacy" {
		t.Fatalf("legacy role: %+v", l)
	}
	roles, err := a.CertListCertificates(ctx)
	env.OK(t, err)
	if !slices.Equal(roles.Data.Keys, []string{"legacy", "web"}) {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}

	// CRLs: one inline, one fetched from a distribution point.
	err = a.CertWriteCRL(ctx, "inline", authcert.CertWriteCRLRequest{CRL: livetest.Ptr(string(ca.CRL(t, 1001, 1002)))})
	env.OK(t, err)
	inline, err := a.CertReadCRL(ctx, "inline")
	env.OK(t, err)
	if len(inline.Data.Serials) != 2 || inline.Data.Serials["1001"] == nil || inline.Data.Cdp != nil {
		t.Fatalf("inline CRL: %+v", inline.Data)
	}
	served := ca.CRL(t, 2001)
	cdp := fakeupstream.New(t)
	cdp.Route("GET /ca.crl", func(*fakeupstream.Request) (int, any) { return http.StatusOK, string(served) })
	err = a.CertWriteCRL(ctx, "fetched", authcert.CertWriteCRLRequest{URL: livetest.Ptr(cdp.URL + "/ca.crl")})
	env.OK(t, err)
	fetched, err := a.CertReadCRL(ctx, "fetched")
	env.OK(t, err)
	if fetched.Data.Cdp == nil || fetched.Data.Cdp.URL != cdp.URL+"/ca.crl" || !fetched.Data.Cdp.ValidUntil.After(time.Now()) ||
		fetched.Data.Serials["2001"] == nil {
		t.Fatalf("fetched CRL: %+v", fetched.Data)
	}
	crls, err := a.CertListCRLs(ctx)
	env.OK(t, err)
	if !slices.Equal(crls.Data.Keys, []string{"fetched", "inline"}) {
		t.Fatalf("crls: %v", crls.Data.Keys)
	}

	for _, name := range []string{"inline", "fetched"} {
		err = a.CertDeleteCRL(ctx, name)
		env.OK(t, err)
	}
	for _, name := range []string{"web", "legacy"} {
		err = a.CertDeleteCertificate(ctx, name)
		env.OK(t, err)
	}
	var gone vtypes.Raw
	_, err = a.CertReadCertificate(ctx, "web", vtypes.CaptureRaw(&gone))
	if !errors.Is(err, wrappers.ErrInvalidPath) || livetest.Status(gone) != 404 {
		t.Fatalf("read deleted role: status %d, %v", livetest.Status(gone), err)
	}
}

// Login needs HTTPS: a second Vault, serving TLS, initialised and unsealed
// here, with every response still held to the spec.
func TestCertLogin(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	serverCA := testcert.NewCA(t, "server")
	serverCert, serverKey := testcert.WriteKeyPair(t, dir, "vault", serverCA.Issue(t, 10, x509.ExtKeyUsageServerAuth, pkix.Name{CommonName: "vault"}))
	srv, err := vaulttest.StartUninitializedTLS(ctx, vaulttest.Inmem, &vaulttest.TLS{CertFile: serverCert, KeyFile: serverKey})
	if err != nil {
		t.Fatalf("cannot start a TLS Vault: %v", err)
	}
	defer srv.Stop()

	clientCA := testcert.NewCA(t, "clients")
	good := clientCA.Issue(t, 100, x509.ExtKeyUsageClientAuth, pkix.Name{CommonName: "app.web.test", OrganizationalUnit: []string{"platform"}}, "app.web.test")
	revoked := clientCA.Issue(t, 101, x509.ExtKeyUsageClientAuth, pkix.Name{CommonName: "old.web.test"})

	roots := x509.NewCertPool()
	roots.AddCert(serverCA.Cert)
	// A client on the TLS server, with or without a client certificate,
	// whose responses the contract validates.
	client := func(token string, certs ...tls.Certificate) *wrappers.Client {
		tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, Certificates: certs, MinVersion: tls.VersionTLS12}}
		t.Cleanup(tr.CloseIdleConnections)
		hc := &http.Client{Transport: env.Validator.Transport(tr, t.Errorf), Timeout: time.Minute}
		c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(srv.Addr), wrappers.WithToken(token), wrappers.WithHTTPClient(hc))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}

	admin := client("")
	res, err := admin.Operator().Initialize(ctx, 1, 1)
	env.OK(t, err)
	env.Leaks.Add(res.RootToken)
	_, err = admin.Operator().SubmitUnsealKeys(ctx, res.Keys)
	env.OK(t, err)
	admin.SetToken(res.RootToken)
	err = admin.Sys().SysEnableAuthMethod(ctx, "cert", sys.SysEnableAuthMethodRequest{Type: "cert"})
	env.OK(t, err)

	a := livetest.API(t, admin, "auth/cert", authcert.New)
	_, err = a.CertWriteCertificate(ctx, "web", authcert.CertWriteCertificateRequest{
		Certificate:                livetest.Ptr(string(clientCA.PEM)),
		AllowedCommonNames:         []string{"*.web.test"},
		AllowedOrganizationalUnits: []string{"platform"},
		TokenPolicies:              []string{"web"},
		TokenTTL:                   livetest.Ptr(vtypes.Duration("15m")),
	})
	env.OK(t, err)
	err = a.CertWriteCRL(ctx, "clients", authcert.CertWriteCRLRequest{CRL: livetest.Ptr(string(clientCA.CRL(t, 101)))})
	env.OK(t, err)

	login, err := livetest.API(t, client("", good), "auth/cert", authcert.New).CertLogin(ctx, authcert.CertLoginRequest{Name: livetest.Ptr("web")})
	env.OK(t, err)
	if login.Auth == nil || login.Auth.ClientToken == "" {
		t.Fatalf("login: no auth block: %+v", login)
	}
	env.Leaks.Add(login.Auth.ClientToken)
	if login.Auth.Metadata["cert_name"] != "web" || login.Auth.Metadata["common_name"] != "app.web.test" ||
		login.Auth.LeaseDuration != 900 || !slices.Contains(login.Auth.Policies, "web") {
		t.Fatalf("login auth: %+v", login.Auth)
	}

	// Without a name every role is tried; a revoked or missing certificate is refused.
	anyRole, err := livetest.API(t, client("", good), "auth/cert", authcert.New).CertLogin(ctx, authcert.CertLoginRequest{})
	env.OK(t, err)
	env.Leaks.Add(anyRole.Auth.ClientToken)
	for name, c := range map[string]*wrappers.Client{"revoked": client("", revoked), "no certificate": client("")} {
		var rsp vtypes.Raw
		_, err := livetest.API(t, c, "auth/cert", authcert.New).CertLogin(ctx, authcert.CertLoginRequest{}, vtypes.CaptureRaw(&rsp))
		var refused *vtypes.ResponseError
		if !errors.As(err, &refused) || livetest.Status(rsp) < 400 {
			t.Fatalf("login with %s: status %d, %v", name, livetest.Status(rsp), err)
		}
	}
}
