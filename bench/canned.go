package bench

import (
	"net/http"
	"net/http/httptest"
	"strings"
)

// One in-process server answers every client with the same canned Vault
// responses, so the benchmarks measure the clients, not Vault.
const (
	kvReadBody = `{"request_id":"4f3c","lease_id":"","renewable":false,"lease_duration":0,` +
		`"data":{"data":{"password":"correct horse battery staple","user":"app"},` +
		`"metadata":{"created_time":"2026-11-23T10:00:00.000000Z","custom_metadata":null,"deletion_time":"","destroyed":false,"version":3}},` +
		`"wrap_info":null,"warnings":null,"auth":null,"mount_type":"kv"}`
	kvWriteBody = `{"request_id":"4f3d","lease_id":"","renewable":false,"lease_duration":0,` +
		`"data":{"created_time":"2026-11-23T10:00:00.000000Z","custom_metadata":null,"deletion_time":"","destroyed":false,"version":4},` +
		`"wrap_info":null,"warnings":null,"auth":null,"mount_type":"kv"}`
	listBody = `{"request_id":"4f3e","lease_id":"","renewable":false,"lease_duration":0,` +
		`"data":{"keys":["a","b/","c","d","e"]},"wrap_info":null,"warnings":null,"auth":null,"mount_type":"kv"}`
	loginBody = `{"request_id":"4f3f","lease_id":"","renewable":false,"lease_duration":0,"data":null,"wrap_info":null,"warnings":null,` +
		`"auth":{"client_token":"hvs.CAESIJ-token","accessor":"acc123","policies":["default","app"],"token_policies":["default","app"],` +
		`"metadata":{"role_name":"app"},"lease_duration":2764800,"renewable":true,"entity_id":"e-1","token_type":"service","orphan":true,` +
		`"mfa_requirement":null,"num_uses":0},"mount_type":""}`
	encryptBody = `{"request_id":"4f40","lease_id":"","renewable":false,"lease_duration":0,` +
		`"data":{"ciphertext":"vault:v1:8SDd3WHDOjf7mq69CyCqYjBXAiQQAVZRkFM13ok481zoCmHnSeDX9vyf7w==","key_version":1},` +
		`"wrap_info":null,"warnings":null,"auth":null,"mount_type":"transit"}`
)

// CannedVault answers like Vault with fixed bodies for the benchmarked calls.
func CannedVault() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		p := r.URL.Path
		switch {
		case strings.HasPrefix(p, "/v1/secret/data/") && r.Method == http.MethodGet:
			w.Write([]byte(kvReadBody))
		case strings.HasPrefix(p, "/v1/secret/data/"):
			w.Write([]byte(kvWriteBody))
		case strings.HasPrefix(p, "/v1/secret/metadata/"):
			w.Write([]byte(listBody))
		case p == "/v1/auth/approle/login":
			w.Write([]byte(loginBody))
		case strings.HasPrefix(p, "/v1/transit/encrypt/"):
			w.Write([]byte(encryptBody))
		default:
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"errors":[]}`))
		}
	}))
}
