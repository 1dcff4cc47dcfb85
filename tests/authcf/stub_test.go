package authcf_test

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/govault/govault/internal/fakeupstream"
)

const (
	orgID      = "34a878d0-c2f9-4521-ba73-a9f664e82c7b"
	spaceID    = "3d2eba6b-ef19-44d5-91dd-1975b0db5cc9"
	appID      = "2d3e834a-3a25-4591-974c-fa5626d5d0a1"
	instanceID = "f9c7cd7d-1612-4f57-63a8-f995"
	apiToken   = "cf-api-token"
)

// cfStub stands in for the CF API and its UAA: /v2/info, the token
// endpoint, and the app, space and organization lookups a login makes (these
// with the token the token endpoint handed out).
type cfStub struct{ *fakeupstream.Server }

// cfLookups are the stub's routes for each kind of lookup.
var cfLookups = map[string]string{"app": "/v2/apps/" + appID, "org": "/v2/organizations/" + orgID, "space": "/v2/spaces/" + spaceID}

func newCFStub(t *testing.T) *cfStub {
	s := &cfStub{fakeupstream.New(t)}
	s.Require("Authorization", "Bearer "+apiToken, http.StatusUnauthorized,
		map[string]any{"code": 1000, "description": "Invalid Auth Token", "error_code": "CF-InvalidAuthToken"})
	s.Public("/v2/info", func(*fakeupstream.Request) (int, any) {
		return http.StatusOK, map[string]any{"authorization_endpoint": s.URL, "token_endpoint": s.URL, "api_version": "2.150.0"}
	})
	s.Public("POST /oauth/token", func(*fakeupstream.Request) (int, any) {
		return http.StatusOK, map[string]any{"access_token": apiToken, "token_type": "bearer", "expires_in": 3600}
	})
	lookup := func(guid string, entity map[string]any) fakeupstream.Handler {
		return func(r *fakeupstream.Request) (int, any) {
			return http.StatusOK, map[string]any{"metadata": map[string]any{"guid": guid, "url": r.Path}, "entity": entity}
		}
	}
	s.Route(cfLookups["app"], lookup(appID, map[string]any{"name": "web", "space_guid": spaceID, "instances": 2}))
	s.Route(cfLookups["org"], lookup(orgID, map[string]any{"name": "acme"}))
	s.Route(cfLookups["space"], lookup(spaceID, map[string]any{"name": "prod", "organization_guid": orgID}))
	s.Public("/", func(*fakeupstream.Request) (int, any) {
		return http.StatusNotFound, map[string]any{"code": 10000, "description": "Unknown request", "error_code": "CF-NotFound"}
	})
	return s
}

// count returns how many lookups of a kind ("app", "org", "space") came
// with the token.
func (s *cfStub) count(kind string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Pattern == cfLookups[kind] && r.Header.Get("Authorization") == "Bearer "+apiToken {
			n++
		}
	}
	return n
}

// instanceIdentity is a CF-style identity chain: a root CA (what Vault is
// configured with), an intermediate, and an instance certificate whose OUs
// name the org, space and app, for 127.0.0.1.
type instanceIdentity struct {
	caPEM   string
	certPEM string // instance certificate followed by the intermediate, as in CF_INSTANCE_CERT
	key     *rsa.PrivateKey
}

func newInstanceIdentity(t *testing.T) *instanceIdentity {
	t.Helper()
	mk := func(tmpl, parent *x509.Certificate, pub, signer any) *x509.Certificate {
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
		if err != nil {
			t.Fatal(err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	key := func() *rsa.PrivateKey {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	now := time.Now()
	rootKey, interKey, leafKey := key(), key(), key()
	rootTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test root"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	root := mk(rootTmpl, rootTmpl, &rootKey.PublicKey, rootKey)
	interTmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "instanceIdentityCA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	inter := mk(interTmpl, root, &interKey.PublicKey, rootKey)
	leafTmpl := &x509.Certificate{SerialNumber: big.NewInt(3),
		Subject: pkix.Name{CommonName: instanceID, OrganizationalUnit: []string{
			"organization:" + orgID, "space:" + spaceID, "app:" + appID}},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:   now.Add(-time.Hour), NotAfter: now.Add(time.Hour), KeyUsage: x509.KeyUsageDigitalSignature}
	leaf := mk(leafTmpl, inter, &leafKey.PublicKey, interKey)
	enc := func(c *x509.Certificate) string {
		return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}))
	}
	return &instanceIdentity{caPEM: enc(root), certPEM: enc(leaf) + enc(inter), key: leafKey}
}

// sign returns the signing time and signature a CF login sends.
func (id *instanceIdentity) sign(t *testing.T, role string) (signingTime, signature string) {
	t.Helper()
	signingTime = time.Now().UTC().Format("2006-01-02T15:04:05Z")
	sum := sha256.Sum256([]byte(strings.Join([]string{signingTime, id.certPEM, role}, "")))
	sig, err := rsa.SignPSS(rand.Reader, id.key, crypto.SHA256, sum[:], nil)
	if err != nil {
		t.Fatal(err)
	}
	return signingTime, "v1:" + base64.StdEncoding.EncodeToString(sig)
}
