// Package fakeelastic stands in for Elasticsearch's security API in tests:
// Vault's builtin elasticsearch-database-plugin only speaks HTTP, so the
// real database engine can run connections, dynamic and static roles and
// root rotation against it without a database. It answers {} to everything,
// records what it was asked, and keeps the last password set for each user
// (a DELETE forgets the user).
package fakeelastic

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Server is one running stand-in.
type Server struct {
	URL string

	mu    sync.Mutex
	calls []string          // "METHOD /path", in order
	pw    map[string]string // user -> last password set
}

// Start runs a stand-in until t ends.
func Start(t testing.TB) *Server {
	e := &Server{pw: map[string]string{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var in struct {
			Password string `json:"password"`
		}
		_ = json.Unmarshal(body, &in)
		e.mu.Lock()
		e.calls = append(e.calls, r.Method+" "+r.URL.Path)
		// /_security/user/<name> and /_security/user/<name>/_password
		if parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/"); len(parts) >= 3 && parts[1] == "user" {
			switch {
			case r.Method == http.MethodDelete:
				delete(e.pw, parts[2])
			case in.Password != "":
				e.pw[parts[2]] = in.Password
			}
		}
		e.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("{}"))
	}))
	t.Cleanup(srv.Close)
	e.URL = srv.URL
	return e
}

// Password is the user's current password, "" for no such user.
func (e *Server) Password(user string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.pw[user]
}

// Called reports whether a request "METHOD /path" arrived.
func (e *Server) Called(call string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Contains(e.calls, call)
}
