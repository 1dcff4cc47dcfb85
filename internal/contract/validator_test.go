package contract

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const envelope = `"request_id":"r","lease_id":"","renewable":false,"lease_duration":0,"wrap_info":null,"warnings":null,"auth":null,"mount_type":"kv"`

const goodRead = `{` + envelope + `,"data":{"data":{"a":"b"},"metadata":{"created_time":"2024-01-01T00:00:00Z","custom_metadata":null,"deletion_time":"","destroyed":false,"version":1}}}`

func newValidator(t *testing.T) *Validator {
	t.Helper()
	v, err := New("../../openapi/vault.yaml")
	if err != nil {
		t.Fatal(err)
	}
	v.Mount("secret", "kv-v2")
	v.Mount("sys", "sys")
	return v
}

func TestCheckAcceptsWhatTheSpecDescribes(t *testing.T) {
	v := newValidator(t)
	req := httptest.NewRequest(http.MethodGet, "/v1/secret/data/a/b", nil)
	h := http.Header{"Content-Type": {"application/json"}}
	if err := v.Check(req, 200, h, []byte(goodRead)); err != nil {
		t.Fatalf("a correct KvV2Read response was rejected: %v", err)
	}
	if v.Seen()["KvV2Read"] != 1 {
		t.Fatalf("Seen = %v, want KvV2Read counted once", v.Seen())
	}
}

func TestCheckRejectsDrift(t *testing.T) {
	v := newValidator(t)
	h := http.Header{"Content-Type": {"application/json"}}
	for _, tc := range []struct {
		name, method, path, body, want string
	}{
		{"field the schema lacks", "GET", "/v1/secret/data/x", strings.Replace(goodRead, `"version":1`, `"version":1,"surprise":true`, 1), "surprise"},
		{"wrong type", "GET", "/v1/secret/data/x", strings.Replace(goodRead, `"version":1`, `"version":"1"`, 1), "version"},
		{"missing required field", "GET", "/v1/secret/data/x", strings.Replace(goodRead, `"request_id":"r",`, ``, 1), "request_id"},
		{"null where not nullable", "GET", "/v1/secret/data/x", strings.Replace(goodRead, `"destroyed":false`, `"destroyed":null`, 1), "destroyed"},
		{"no such operation", "GET", "/v1/secret/nowhere/x", goodRead, "no operation"},
		{"unregistered mount", "GET", "/v1/elsewhere/data/x", goodRead, "no mount"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.path, nil)
			err := v.Check(req, 200, h, []byte(tc.body))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error mentioning %q", err, tc.want)
			}
		})
	}
}
