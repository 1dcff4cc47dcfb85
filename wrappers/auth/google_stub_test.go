package auth_test

// Copied from tests/authgcp (the stand-in for Google used by the contract
// tests there): token, key and IAM lookup endpoints for a gcp iam login.

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

const (
	saEmail    = "app@proj-1.iam.gserviceaccount.com"
	saUniqueID = "104729000000000000001"
	saKeyID    = "sa-key-1"
	stubToken  = "stub-access-token"
)

// googleStub answers the few Google APIs a GCP iam login touches: the OAuth
// token endpoint (for Vault's own credentials), the public key of the
// service account that signed the login JWT, and IAM's service account
// lookup.
type googleStub struct {
	*httptest.Server
	adcKey  *rsa.PrivateKey // Vault's own (application default) credentials
	saKey   *rsa.PrivateKey // the logging-in service account's key
	saCert  string
	mu      sync.Mutex
	lookups int
}

func newGoogleStub() (*googleStub, error) {
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
		Subject:      pkix.Name{CommonName: saEmail},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &saKey.PublicKey, saKey)
	if err != nil {
		return nil, err
	}
	g := &googleStub{adcKey: adcKey, saKey: saKey, saCert: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))}
	g.Server = httptest.NewServer(http.HandlerFunc(g.serve))
	return g, nil
}

func (g *googleStub) adcJSON() []byte {
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

func (g *googleStub) iamLookups() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.lookups
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (g *googleStub) serve(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/token":
		writeJSON(w, map[string]any{"access_token": stubToken, "token_type": "Bearer", "expires_in": 3600})
	case r.URL.Path == "/oauth2/v1/certs":
		writeJSON(w, map[string]string{}) // no Google-wide key has the login's kid
	case r.URL.Path == "/service_accounts/v1/metadata/x509/"+saEmail:
		writeJSON(w, map[string]string{saKeyID: g.saCert})
	case strings.HasPrefix(r.URL.Path, "/v1/projects/-/serviceAccounts/"):
		if r.Header.Get("Authorization") != "Bearer "+stubToken {
			w.WriteHeader(http.StatusUnauthorized)
			writeJSON(w, map[string]any{"error": map[string]any{"code": 401, "message": "no token"}})
			return
		}
		if strings.TrimPrefix(r.URL.Path, "/v1/projects/-/serviceAccounts/") != saEmail {
			w.WriteHeader(http.StatusNotFound)
			writeJSON(w, map[string]any{"error": map[string]any{"code": 404, "message": "not found"}})
			return
		}
		g.mu.Lock()
		g.lookups++
		g.mu.Unlock()
		writeJSON(w, map[string]any{
			"name": "projects/proj-1/serviceAccounts/" + saEmail, "projectId": "proj-1",
			"uniqueId": saUniqueID, "email": saEmail, "displayName": "app",
		})
	default:
		http.NotFound(w, r)
	}
}
