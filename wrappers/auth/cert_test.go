package auth_test

import (
	"context"
	"crypto/x509"
	"crypto/x509/pkix"
	"net/http"
	"testing"
	"time"

	"github.com/govault/govault/internal/livetest"

	"github.com/govault/govault/generated/authcert"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/testcert"
	"github.com/govault/govault/internal/vaulttest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
	"github.com/govault/govault/wrappers/auth"
)

// Cert logs in with the client certificate the Client itself is configured
// with (WithCACert + WithClientCert, the VAULT_CACERT / VAULT_CLIENT_CERT
// path), against a second Vault that serves TLS, as tests/authcert does.
func TestCertLogin(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	serverCA := testcert.NewCA(t, "server")
	serverCert, serverKey := testcert.WriteKeyPair(t, dir, "vault", serverCA.Issue(t, 10, x509.ExtKeyUsageServerAuth, pkix.Name{CommonName: "vault"}))
	caFile := serverCA.WriteFile(t, dir, "ca")
	srv, err := vaulttest.StartUninitializedTLS(ctx, vaulttest.Inmem, &vaulttest.TLS{CertFile: serverCert, KeyFile: serverKey})
	if err != nil {
		t.Fatalf("cannot start a TLS Vault: %v", err)
	}
	defer srv.Stop()

	clientCA := testcert.NewCA(t, "clients")
	goodCert, goodKey := testcert.WriteKeyPair(t, dir, "app", clientCA.Issue(t, 100, x509.ExtKeyUsageClientAuth, pkix.Name{CommonName: "app.web.test"}))
	otherCA := testcert.NewCA(t, "strangers")
	strangerCert, strangerKey := testcert.WriteKeyPair(t, dir, "stranger", otherCA.Issue(t, 5, x509.ExtKeyUsageClientAuth, pkix.Name{CommonName: "app.web.test"}))

	// Clients configured the way an application would be, with the
	// contract check added as middleware around the client's own transport.
	validate := wrappers.WithMiddleware(func(next http.RoundTripper) http.RoundTripper {
		return env.Validator.Transport(next, t.Errorf)
	})
	newClient := func(opts ...wrappers.Option) *wrappers.Client {
		c, err := wrappers.NewClient(append([]wrappers.Option{wrappers.WithoutEnv(), wrappers.WithAddress(srv.Addr),
			wrappers.WithCACert(caFile), validate}, opts...)...)
		must(t, err)
		return c
	}

	root := newClient()
	res, err := root.Operator().Initialize(ctx, 1, 1)
	must(t, err)
	env.Leaks.Add(res.RootToken)
	_, err = root.Operator().SubmitUnsealKeys(ctx, res.Keys)
	must(t, err)
	root.SetToken(res.RootToken)
	err = root.Sys().SysEnableAuthMethod(ctx, "cert", sys.SysEnableAuthMethodRequest{Type: "cert"})
	must(t, err)
	a := authcert.New(root, livetest.URL(t, root, "auth/cert"))
	_, err = a.CertWriteCertificate(ctx, "web", authcert.CertWriteCertificateRequest{
		Certificate: livetest.Ptr(string(clientCA.PEM)), AllowedCommonNames: []string{"*.web.test"},
		TokenPolicies: []string{"web"}, TokenTTL: livetest.Ptr(vtypes.Duration("15m")),
	})
	must(t, err)

	for name, m := range map[string]auth.Cert{"named role": {Name: "web"}, "any role": {}} {
		t.Run(name, func(t *testing.T) {
			c := newClient(wrappers.WithClientCert(goodCert, goodKey))
			gotReply, err := c.Login(ctx, m)
			must(t, err)
			env.Leaks.Add(gotReply.Auth.ClientToken)
			if c.Token() != gotReply.Auth.ClientToken || gotReply.Auth.Metadata["cert_name"] != "web" || gotReply.Auth.Metadata["common_name"] != "app.web.test" || gotReply.Auth.LeaseDuration != 900 {
				t.Fatalf("auth: %+v", gotReply.Auth)
			}
			self, err := c.TokenAuth().TokenLookupSelf(ctx)
			must(t, err)
			if self.Data.Accessor != gotReply.Auth.Accessor || c.LastLogin() != wrappers.AuthMethod(m) {
				t.Fatalf("after login: lookup-self accessor %q, LastLogin %v", self.Data.Accessor, c.LastLogin())
			}
		})
	}
	// A certificate from a CA no role trusts, or none at all, is refused.
	for name, c := range map[string]*wrappers.Client{"stranger": newClient(wrappers.WithClientCert(strangerCert, strangerKey)), "no certificate": newClient()} {
		_, err := c.Login(ctx, auth.Cert{})
		env.Leaks.Seen(err)
		if err == nil || c.Token() != "" {
			t.Fatalf("login with %s: %v", name, err)
		}
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	env.OK(t, err)
}
