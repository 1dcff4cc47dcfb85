package wrappers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/govault/govault/wrappers"
)

// During a seal migration every share goes with migrate set, and the shares
// stop once the server unseals. A real dev server cannot be mid-migration,
// so a stand-in answers like one (sealed until the second share).
func TestSubmitMigrationKeysSendsMigrate(t *testing.T) {
	var mu sync.Mutex
	var bodies []map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/sys/unseal" {
			http.Error(w, `{"errors":["unexpected"]}`, http.StatusNotFound)
			return
		}
		var body map[string]any
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			t.Errorf("body: %v", err)
		}
		mu.Lock()
		bodies = append(bodies, body)
		n := len(bodies)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"type": "shamir", "initialized": true, "sealed": n < 2, "t": 2, "n": 3, "progress": n % 2,
			"nonce": "", "version": "1.21.0", "migration": true, "recovery_seal": false, "storage_type": "raft",
		})
	}))
	t.Cleanup(srv.Close)
	c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(srv.URL), wrappers.WithToken("s.migrate-test"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := c.Operator().SubmitMigrationKeys(context.Background(), []string{"k1", "k2", "k3"})
	if err != nil {
		t.Fatal(err)
	}
	if st.Sealed {
		t.Error("status still sealed after the threshold")
	}
	want := []map[string]any{{"key": "k1", "migrate": true}, {"key": "k2", "migrate": true}}
	if diff := cmp.Diff(want, bodies); diff != "" {
		t.Errorf("unseal requests (-want +got):\n%s", diff)
	}
}
