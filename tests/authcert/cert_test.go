package authcert_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/govault/govault/generated/authcert"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/internal/testcert"
	"github.com/govault/govault/internal/vaulttest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func ptr[T any](v T) *T { return &v }

func api(t *testing.T, c *wrappers.Client) *authcert.ClientWithResponses {
	t.Helper()
	return livetest.API(t, c, "auth/cert", authcert.NewClientWithResponses, authcert.WithHTTPClient)
}

func TestCertConfig(t *testing.T) {
	ctx := context.Background()
	a := api(t, env.Client(t))

	def, err := wrappers.Decode(a.CertReadConfigWithResponse(ctx))
	env.OK(t, err)
	if def.Data.DisableBinding || def.Data.OcspCacheSize != 0 {
		t.Fatalf("default config: %+v", def.Data)
	}
	_, err = wrappers.Check(a.CertWriteConfigWithResponse(ctx, authcert.CertWriteConfigRequest{
		DisableBinding: ptr(true), EnableIdentityAliasMetadata: ptr(true), EnableMetadataOnFailures: ptr(true),
		OcspCacheSize: ptr(50), RoleCacheSize: ptr(10),
	}))
	env.OK(t, err)
	cfg, err := wrappers.Decode(a.CertReadConfigWithResponse(ctx))
	env.OK(t, err)
	c := cfg.Data
	if !c.DisableBinding || !c.EnableIdentityAliasMetadata || !c.EnableMetadataOnFailures || c.OcspCacheSize != 50 || c.RoleCacheSize != 10 {
		t.Fatalf("config: %+v", c)
	}
	_, err = wrappers.Check(a.CertWriteConfigWithResponse(ctx, authcert.CertWriteConfigRequest{DisableBinding: ptr(false)}))
	env.OK(t, err)
}

func TestCertRolesAndCRLs(t *testing.T) {
	ctx := context.Background()
	a := api(t, env.Client(t))
	ca := testcert.NewCA(t, "clients")

	_, err := wrappers.Check(a.CertWriteCertificateWithResponse(ctx, "web", authcert.CertWriteCertificateRequest{
		Certificate:                ptr(string(ca.PEM)),
		DisplayName:                ptr("web-clients"),
		AllowedCommonNames:         []string{"*.web.test"},
		AllowedOrganizationalUnits: []string{"platform"},
		RequiredExtensions:         []string{"1.2.3.4:*"},
		OcspServersOverride:        []string{"http://ocsp.invalid"},
		OcspMaxRetries:             ptr(2),
		OcspThisUpdateMaxAge:       ptr(vtypes.Duration("1h")),
		TokenPolicies:              []string{"web"},
		TokenTTL:                   ptr(vtypes.Duration("30m")),
	}))
	env.OK(t, err)
	role, err := wrappers.Decode(a.CertReadCertificateWithResponse(ctx, "web"))
	env.OK(t, err)
	d := role.Data
	if d.Certificate != string(ca.PEM) || d.DisplayName != "web-clients" || !slices.Equal(d.AllowedCommonNames, []string{"*.web.test"}) ||
		!slices.Equal(d.RequiredExtensions, []string{"1.2.3.4:*"}) || d.AllowedDNSSans != nil || d.OcspMaxRetries != 2 ||
		d.OcspThisUpdateMaxAge != 3600 || d.TokenTTL != 1800 || !slices.Equal(d.TokenPolicies, []string{"web"}) || d.TTL != nil {
		t.Fatalf("role: %+v", d)
	}

	// Old field names are echoed back; a TTL above the mount's default warns (200).
	w, err := wrappers.Decode(a.CertWriteCertificateWithResponse(ctx, "legacy", authcert.CertWriteCertificateRequest{
		Certificate: ptr(string(ca.PEM)),
		Policies:    []string{"old"},
		TTL:         ptr(vtypes.Duration("800h")),
		MaxTTL:      ptr(vtypes.Duration("900h")),
		Period:      ptr(vtypes.Duration("1h")),
		BoundCidrs:  []string{"127.0.0.1/32"},
	}))
	env.OK(t, err)
	if len(w.Warnings) == 0 {
		t.Fatal("TTL above the mount default: no warning")
	}
	legacy, err := wrappers.Decode(a.CertReadCertificateWithResponse(ctx, "legacy"))
	env.OK(t, err)
	l := legacy.Data
	if l.TTL == nil || *l.TTL != 800*3600 || l.MaxTTL == nil || l.Period == nil || *l.Period != 3600 ||
		!slices.Equal(l.Policies, []string{"old"}) || !slices.Equal(l.BoundCidrs, []string{"127.0.0.1"}) || l.DisplayName != "legacy" {
		t.Fatalf("legacy role: %+v", l)
	}
	roles, err := wrappers.Decode(a.CertListCertificatesWithResponse(ctx, &authcert.CertListCertificatesParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	if !slices.Equal(roles.Data.Keys, []string{"legacy", "web"}) {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}

	// CRLs: one inline, one fetched from a distribution point.
	_, err = wrappers.Check(a.CertWriteCRLWithResponse(ctx, "inline", authcert.CertWriteCRLRequest{Crl: ptr(string(ca.CRL(t, 1001, 1002)))}))
	env.OK(t, err)
	inline, err := wrappers.Decode(a.CertReadCRLWithResponse(ctx, "inline"))
	env.OK(t, err)
	if len(inline.Data.Serials) != 2 || inline.Data.Serials["1001"] == nil || inline.Data.Cdp != nil {
		t.Fatalf("inline CRL: %+v", inline.Data)
	}
	served := ca.CRL(t, 2001)
	cdp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(served) }))
	defer cdp.Close()
	_, err = wrappers.Check(a.CertWriteCRLWithResponse(ctx, "fetched", authcert.CertWriteCRLRequest{URL: ptr(cdp.URL + "/ca.crl")}))
	env.OK(t, err)
	fetched, err := wrappers.Decode(a.CertReadCRLWithResponse(ctx, "fetched"))
	env.OK(t, err)
	if fetched.Data.Cdp == nil || fetched.Data.Cdp.URL != cdp.URL+"/ca.crl" || !fetched.Data.Cdp.ValidUntil.After(time.Now()) ||
		fetched.Data.Serials["2001"] == nil {
		t.Fatalf("fetched CRL: %+v", fetched.Data)
	}
	crls, err := wrappers.Decode(a.CertListCRLsWithResponse(ctx, &authcert.CertListCRLsParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	if !slices.Equal(crls.Data.Keys, []string{"fetched", "inline"}) {
		t.Fatalf("crls: %v", crls.Data.Keys)
	}

	for _, name := range []string{"inline", "fetched"} {
		_, err = wrappers.Check(a.CertDeleteCRLWithResponse(ctx, name))
		env.OK(t, err)
	}
	for _, name := range []string{"web", "legacy"} {
		_, err = wrappers.Check(a.CertDeleteCertificateWithResponse(ctx, name))
		env.OK(t, err)
	}
	gone, err := a.CertReadCertificateWithResponse(ctx, "web")
	env.OK(t, err)
	if gone.StatusCode() != 404 {
		t.Fatalf("read deleted role: status %d", gone.StatusCode())
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
	res, err := admin.Initialize(ctx, 1, 1)
	env.OK(t, err)
	env.Leaks.Add(res.RootToken)
	_, err = admin.SubmitUnsealKeys(ctx, res.Keys, false)
	env.OK(t, err)
	admin.SetToken(res.RootToken)
	_, err = wrappers.Check(admin.Sys().SysEnableAuthMethodWithResponse(ctx, "cert", sys.SysEnableAuthMethodRequest{Type: "cert"}))
	env.OK(t, err)

	a := api(t, admin)
	_, err = wrappers.Check(a.CertWriteCertificateWithResponse(ctx, "web", authcert.CertWriteCertificateRequest{
		Certificate:                ptr(string(clientCA.PEM)),
		AllowedCommonNames:         []string{"*.web.test"},
		AllowedOrganizationalUnits: []string{"platform"},
		TokenPolicies:              []string{"web"},
		TokenTTL:                   ptr(vtypes.Duration("15m")),
	}))
	env.OK(t, err)
	_, err = wrappers.Check(a.CertWriteCRLWithResponse(ctx, "clients", authcert.CertWriteCRLRequest{Crl: ptr(string(clientCA.CRL(t, 101)))}))
	env.OK(t, err)

	login, err := wrappers.Decode(api(t, client("", good)).CertLoginWithResponse(ctx, authcert.CertLoginRequest{Name: ptr("web")}))
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
	anyRole, err := wrappers.Decode(api(t, client("", good)).CertLoginWithResponse(ctx, authcert.CertLoginRequest{}))
	env.OK(t, err)
	env.Leaks.Add(anyRole.Auth.ClientToken)
	for name, c := range map[string]*wrappers.Client{"revoked": client("", revoked), "no certificate": client("")} {
		rsp, err := api(t, c).CertLoginWithResponse(ctx, authcert.CertLoginRequest{})
		env.OK(t, err)
		if rsp.StatusCode() < 400 {
			t.Fatalf("login with %s: status %d", name, rsp.StatusCode())
		}
	}
}
