package gcp_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/govault/govault/internal/fakecloud"
)

const (
	project       = "proj-1"
	adminEmail    = "vault-admin@proj-1.iam.gserviceaccount.com"
	fakeToken     = "fake-gcp-access-token"
	fakeImpToken  = "fake-impersonated-token"
	cloudPlatform = "https://www.googleapis.com/auth/cloud-platform"
)

// One RSA key signs every fake service account's token requests; the
// engine parses the key files it gets back, so they must be real.
var saKeyPEM = func() string {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		panic(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}()

// keyFile is a service account key file as Google issues it.
func keyFile(email, keyID string) string {
	b, _ := json.Marshal(map[string]string{
		"type": "service_account", "project_id": project, "private_key_id": keyID, "private_key": saKeyPEM,
		"client_email": email, "client_id": "100000000000000000001", "token_uri": "https://oauth2.googleapis.com/token",
	})
	return string(b)
}

func serviceAccount(email string) map[string]any {
	return map[string]any{"name": "projects/" + project + "/serviceAccounts/" + email, "projectId": project, "uniqueId": "100000000000000000001",
		"email": email, "displayName": strings.Split(email, "@")[0], "etag": "MDEwMjE5MjA=", "oauth2ClientId": "100000000000000000001"}
}

var keySeq atomic.Int64

// fakeGCP answers the OAuth2 token exchange and the IAM, IAM Credentials and
// Resource Manager calls the engine makes.
func fakeGCP() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, path, method := r.URL.Host, r.URL.Path, r.Method
		switch {
		case host == "oauth2.googleapis.com" && path == "/token":
			fakecloud.JSON(w, 200, map[string]any{"access_token": fakeToken, "expires_in": 3599, "token_type": "Bearer"})
		case host == "iam.googleapis.com" && strings.HasSuffix(path, "/serviceAccounts") && method == http.MethodPost:
			var in struct {
				AccountID string `json:"accountId"`
			}
			json.NewDecoder(r.Body).Decode(&in)
			fakecloud.JSON(w, 200, serviceAccount(in.AccountID+"@"+project+".iam.gserviceaccount.com"))
		case host == "iam.googleapis.com" && strings.HasSuffix(path, "/keys") && method == http.MethodPost:
			email := strings.Split(path, "/")[5]
			keyID := fmt.Sprintf("key%06d", keySeq.Add(1))
			fakecloud.JSON(w, 200, map[string]any{"name": "projects/-/serviceAccounts/" + email + "/keys/" + keyID,
				"privateKeyType": "TYPE_GOOGLE_CREDENTIALS_FILE", "keyAlgorithm": "KEY_ALG_RSA_2048",
				"privateKeyData": base64.StdEncoding.EncodeToString([]byte(keyFile(email, keyID))),
				"validAfterTime": "2026-01-01T00:00:00Z", "validBeforeTime": "9999-12-31T23:59:59Z", "keyOrigin": "GOOGLE_PROVIDED", "keyType": "USER_MANAGED"})
		case host == "iam.googleapis.com" && strings.HasSuffix(path, "/keys") && method == http.MethodGet:
			fakecloud.JSON(w, 200, map[string]any{"keys": []any{}})
		case host == "iam.googleapis.com" && method == http.MethodDelete:
			fakecloud.JSON(w, 200, map[string]any{})
		case host == "iam.googleapis.com" && strings.Contains(path, "/serviceAccounts/") && method == http.MethodGet:
			parts := strings.Split(path, "/")
			fakecloud.JSON(w, 200, serviceAccount(parts[len(parts)-1]))
		case host == "cloudresourcemanager.googleapis.com" && strings.HasSuffix(path, ":getIamPolicy"):
			fakecloud.JSON(w, 200, map[string]any{"version": 1, "etag": "BwWWja0YfJA=", "bindings": []any{}})
		case host == "cloudresourcemanager.googleapis.com" && strings.HasSuffix(path, ":setIamPolicy"):
			var in struct {
				Policy json.RawMessage `json:"policy"`
			}
			json.NewDecoder(r.Body).Decode(&in)
			w.Header().Set("Content-Type", "application/json")
			w.Write(in.Policy)
		case host == "iamcredentials.googleapis.com" && strings.HasSuffix(path, ":generateAccessToken"):
			fakecloud.JSON(w, 200, map[string]any{"accessToken": fakeImpToken, "expireTime": time.Now().Add(time.Hour).UTC().Format(time.RFC3339)})
		default:
			fakecloud.NotFound(w, r)
		}
	})
}
