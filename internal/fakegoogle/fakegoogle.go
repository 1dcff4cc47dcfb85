// Package fakegoogle stands in for the few Google APIs a gcp auth method
// "iam" login touches, so the tests of that login (tests/authgcp and
// wrappers/auth) run against a real Vault without a Google project: the
// OAuth token endpoint (for Vault's own credentials), the public key of the
// service account that signed the login JWT, and IAM's service account
// lookup. Vault is pointed at it through application default credentials
// (ADCJSON) and the mount's custom_endpoint settings (Server.URL).
package fakegoogle

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net/http"
	"time"

	"github.com/govault/govault/internal/fakeupstream"
)

const (
	// SAEmail is the one service account the stand-in knows; logins are
	// signed as it.
	SAEmail = "app@proj-1.iam.gserviceaccount.com"
	// SAKeyID is the key id ("kid") a login JWT signed with Server.SAKey
	// must carry for Vault to find the public key.
	SAKeyID = "sa-key-1"

	saUniqueID  = "104729000000000000001"
	accessToken = "stub-access-token"
)

// Server is a running stand-in; URL is the value for custom_endpoint.
type Server struct {
	*fakeupstream.Server
	SAKey *rsa.PrivateKey // the logging-in service account's key, to sign login JWTs

	adcKey  *rsa.PrivateKey // Vault's own (application default) credentials
	saCert  string
	lookups int // kept by a route, under the server's lock
}

// New starts a stand-in; Close stops it.
func New() (*Server, error) {
	adcKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	saKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(7),
		Subject:      pkix.Name{CommonName: SAEmail},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &saKey.PublicKey, saKey)
	if err != nil {
		return nil, err
	}
	g := &Server{adcKey: adcKey, SAKey: saKey, saCert: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))}
	g.Server = fakeupstream.Start()
	g.routes()
	return g, nil
}

// ADCJSON is a service account key file for Vault's own credentials, whose
// token_uri is the stand-in: the file to name in
// GOOGLE_APPLICATION_CREDENTIALS for the dev server.
func (g *Server) ADCJSON() []byte {
	b, _ := json.Marshal(map[string]string{
		"type":           "service_account",
		"project_id":     "proj-1",
		"private_key_id": "adc-key-1",
		"private_key":    string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(g.adcKey)})),
		"client_email":   "vault@proj-1.iam.gserviceaccount.com",
		"client_id":      "1",
		"token_uri":      g.URL + "/token",
	})
	return b
}

// IAMLookups counts the authorised IAM lookups of SAEmail so far, which
// shows Vault really checked the account.
func (g *Server) IAMLookups() int {
	var n int
	g.Locked(func() { n = g.lookups })
	return n
}

func (g *Server) routes() {
	reply := func(v any) fakeupstream.Handler {
		return func(*fakeupstream.Request) (int, any) { return http.StatusOK, v }
	}
	g.Public("POST /token", reply(map[string]any{"access_token": accessToken, "token_type": "Bearer", "expires_in": 3600}))
	g.Public("/oauth2/v1/certs", reply(map[string]string{})) // no Google-wide key has the login's kid
	g.Public("/service_accounts/v1/metadata/x509/"+SAEmail, reply(map[string]string{SAKeyID: g.saCert}))
	g.Require("Authorization", "Bearer "+accessToken, http.StatusUnauthorized, map[string]any{"error": map[string]any{"code": 401, "message": "no token"}})
	g.Route("/v1/projects/-/serviceAccounts/{account...}", func(r *fakeupstream.Request) (int, any) {
		if r.PathValue("account") != SAEmail {
			return http.StatusNotFound, map[string]any{"error": map[string]any{"code": 404, "message": "not found"}}
		}
		g.lookups++
		return http.StatusOK, map[string]any{
			"name": "projects/proj-1/serviceAccounts/" + SAEmail, "projectId": "proj-1",
			"uniqueId": saUniqueID, "email": SAEmail, "displayName": "app",
		}
	})
}
