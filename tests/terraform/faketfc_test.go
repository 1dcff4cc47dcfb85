package terraform_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// fakeTFC answers the Terraform API calls the engine makes: the ping,
// organization and team reads, and creating and deleting organization,
// team and user tokens. Token values are "tfc-token-N".
type fakeTFC struct {
	mu      sync.Mutex
	next    int
	tokens  map[string]string // token ID -> token
	deleted []string
}

func newFakeTFC() *fakeTFC { return &fakeTFC{tokens: map[string]string{}} }

func (f *fakeTFC) live(id string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, ok := f.tokens[id]
	return ok
}

func (f *fakeTFC) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/vnd.api+json")
	w.Header().Set("TFP-API-Version", "2.6")
	p := strings.TrimPrefix(r.URL.Path, "/api/v2/")
	parts := strings.Split(p, "/")
	send := func(status int, data any) {
		w.WriteHeader(status)
		if data != nil {
			json.NewEncoder(w).Encode(map[string]any{"data": data})
		}
	}
	switch {
	case p == "ping":
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodGet && len(parts) == 2 && parts[0] == "organizations":
		send(200, map[string]any{"id": parts[1], "type": "organizations", "attributes": map[string]any{"name": parts[1], "email": "ops@example.com"}})
	case r.Method == http.MethodGet && len(parts) == 2 && parts[0] == "teams":
		send(200, map[string]any{"id": parts[1], "type": "teams", "attributes": map[string]any{"name": "platform"}})
	case r.Method == http.MethodPost && len(parts) == 3 && strings.HasPrefix(parts[2], "authentication-token"):
		var in struct {
			Data struct {
				Attributes map[string]any `json:"attributes"`
			} `json:"data"`
		}
		json.NewDecoder(r.Body).Decode(&in)
		f.mu.Lock()
		f.next++
		id, token := fmt.Sprintf("at-%s-%d", parts[0], f.next), fmt.Sprintf("tfc-token-%d", f.next)
		f.tokens[id] = token
		f.mu.Unlock()
		attrs := map[string]any{"token": token, "created-at": time.Now().UTC().Format(time.RFC3339), "description": in.Data.Attributes["description"]}
		if exp, ok := in.Data.Attributes["expired-at"]; ok {
			attrs["expired-at"] = exp
		}
		send(http.StatusCreated, map[string]any{"id": id, "type": "authentication-tokens", "attributes": attrs})
	case r.Method == http.MethodDelete:
		f.mu.Lock()
		f.deleted = append(f.deleted, p)
		if parts[0] == "authentication-tokens" {
			delete(f.tokens, parts[1])
		}
		f.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, `{"errors":[{"status":"404","title":"not found: %s %s"}]}`, r.Method, r.URL.Path)
	}
}
