package mongodbatlas_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/govault/govault/internal/fakecloud"
)

// fakeAtlas answers the Atlas Admin API calls the engine makes: creating
// organization and project API keys, their access lists, assigning keys to
// projects, and deleting keys.
type fakeAtlas struct {
	mu    sync.Mutex
	next  int
	keys  map[string]bool
	calls []string
}

func newFakeAtlas() *fakeAtlas { return &fakeAtlas{keys: map[string]bool{}} }

func (f *fakeAtlas) count(prefix string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		if strings.HasPrefix(c, prefix) {
			n++
		}
	}
	return n
}

func (f *fakeAtlas) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Host != "cloud.mongodb.com" {
		fakecloud.NotFound(w, r)
		return
	}
	p := strings.TrimPrefix(r.URL.Path, "/api/atlas/v1.0/")
	parts := strings.Split(p, "/")
	f.mu.Lock()
	f.calls = append(f.calls, r.Method+" "+p)
	f.mu.Unlock()
	newKey := func(orgID, groupID string) map[string]any {
		var in struct {
			Desc  string   `json:"desc"`
			Roles []string `json:"roles"`
		}
		json.NewDecoder(r.Body).Decode(&in)
		f.mu.Lock()
		f.next++
		id := fmt.Sprintf("key%04d", f.next)
		f.keys[id] = true
		f.mu.Unlock()
		var roles []map[string]any
		for _, name := range in.Roles {
			roles = append(roles, map[string]any{"roleName": name, "orgId": orgID, "groupId": groupID})
		}
		return map[string]any{"id": id, "desc": in.Desc, "publicKey": "pub" + id, "privateKey": "private-" + id, "roles": roles}
	}
	switch {
	case r.Method == http.MethodPost && len(parts) == 3 && parts[0] == "orgs" && parts[2] == "apiKeys":
		fakecloud.JSON(w, http.StatusCreated, newKey(parts[1], ""))
	case r.Method == http.MethodPost && len(parts) == 3 && parts[0] == "groups" && parts[2] == "apiKeys":
		fakecloud.JSON(w, http.StatusCreated, newKey("org-from-project", parts[1]))
	case r.Method == http.MethodPost && len(parts) == 5 && parts[4] == "accessList":
		var in []map[string]any
		json.NewDecoder(r.Body).Decode(&in)
		fakecloud.JSON(w, http.StatusCreated, map[string]any{"results": in, "totalCount": len(in)})
	case r.Method == http.MethodPatch && len(parts) == 4 && parts[0] == "groups":
		fakecloud.JSON(w, http.StatusOK, map[string]any{})
	case r.Method == http.MethodDelete:
		f.mu.Lock()
		delete(f.keys, parts[len(parts)-1])
		f.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	default:
		fakecloud.JSON(w, http.StatusNotFound, map[string]any{"error": 404, "reason": "Not Found", "detail": "fake Atlas has no " + r.Method + " " + p})
	}
}
