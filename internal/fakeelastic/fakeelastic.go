// Package fakeelastic stands in for Elasticsearch's security API in tests:
// Vault's builtin elasticsearch-database-plugin only speaks HTTP, so the
// real database engine can run connections, dynamic and static roles and
// root rotation against it without a database. It answers {} to everything,
// records what it was asked, and keeps the last password set for each user
// (a DELETE forgets the user).
package fakeelastic

import (
	"net/http"
	"strings"
	"testing"

	"github.com/govault/govault/internal/fakeupstream"
)

// Server is one running stand-in.
type Server struct {
	*fakeupstream.Server
	pw map[string]string // user -> last password set
}

// Start runs a stand-in until t ends.
func Start(t testing.TB) *Server {
	e := &Server{Server: fakeupstream.New(t), pw: map[string]string{}}
	e.Route("/", func(r *fakeupstream.Request) (int, any) {
		var in struct {
			Password string `json:"password"`
		}
		_ = r.JSON(&in)
		// /_security/user/<name> and /_security/user/<name>/_password
		if parts := strings.Split(strings.Trim(r.Path, "/"), "/"); len(parts) >= 3 && parts[1] == "user" {
			switch {
			case r.Method == http.MethodDelete:
				delete(e.pw, parts[2])
			case in.Password != "":
				e.pw[parts[2]] = in.Password
			}
		}
		return http.StatusOK, map[string]any{}
	})
	return e
}

// Password is the user's current password, "" for no such user.
func (e *Server) Password(user string) string {
	var pw string
	e.Locked(func() { pw = e.pw[user] })
	return pw
}

// Called reports whether a request "METHOD /path" arrived.
func (e *Server) Called(call string) bool {
	for _, r := range e.Requests() {
		if r.Method+" "+r.Path == call {
			return true
		}
	}
	return false
}
