// Package docstub stands in for a Vault Enterprise server in contract tests:
// an open-source Vault cannot show Enterprise endpoints, so their tests run
// against answers shaped after the API docs' sample responses. Passing says
// the spec and the generated client agree with the docs, not with a server.
package docstub

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/wrappers"
)

// Stub stands in for a Vault Enterprise server: it answers the routes a
// test registers with the bodies of the API docs' sample responses and
// remembers what each request sent. Any other request is a 404 and fails the
// test.
type Stub struct {
	env    *livetest.Env
	t      testing.TB
	srv    *httptest.Server
	mu     sync.Mutex
	routes map[string]stubReply
	bodies map[string][]byte
	query  map[string]string
	header map[string]http.Header
	hits   map[string]int
}

type stubReply struct {
	status int
	body   string
	ctype  string
}

// New starts a stub for the test; it stops with the test.
func New(t testing.TB, env *livetest.Env) *Stub {
	s := &Stub{env: env, t: t, routes: map[string]stubReply{}, bodies: map[string][]byte{}, query: map[string]string{}, header: map[string]http.Header{}, hits: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *Stub) serve(w http.ResponseWriter, r *http.Request) {
	key := r.Method + " " + r.URL.Path
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	reply, ok := s.routes[key]
	s.bodies[key] = body
	s.query[key] = r.URL.RawQuery
	s.header[key] = r.Header.Clone()
	s.hits[key]++
	s.mu.Unlock()
	if !ok {
		s.t.Errorf("docstub: unexpected request %s", key)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"errors":["docstub: no such route"]}`)
		return
	}
	if reply.status == http.StatusNoContent {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	ct := reply.ctype
	if ct == "" {
		ct = "application/json"
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(reply.status)
	fmt.Fprint(w, reply.body)
}

// On registers the answer to method path (path without the query).
func (s *Stub) On(method, path string, status int, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes[method+" "+path] = stubReply{status: status, body: body}
}

// OnContent registers an answer with its own content type (SCIM's
// application/scim+json, PEM, ...).
func (s *Stub) OnContent(method, path string, status int, ctype, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes[method+" "+path] = stubReply{status: status, body: body, ctype: ctype}
}

// Sent decodes the JSON body of the last request to method path.
func (s *Stub) Sent(method, path string) map[string]any {
	s.t.Helper()
	s.mu.Lock()
	raw := s.bodies[method+" "+path]
	s.mu.Unlock()
	out := map[string]any{}
	if len(raw) == 0 {
		return out
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		s.t.Fatalf("docstub: %s %s sent a body that is not a JSON object: %s", method, path, raw)
	}
	return out
}

// RawQuery is the query string of the last request to method path.
func (s *Stub) RawQuery(method, path string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.query[method+" "+path]
}

// Header is a request header of the last request to method path.
func (s *Stub) Header(method, path, name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.header[method+" "+path].Get(name)
}

// Client is a validated client pointed at the stub.
func (s *Stub) Client(t testing.TB) *wrappers.Client {
	return s.env.ClientFor(t, s.srv.URL, "stub-token")
}

// Enveloped wraps a docs sample's data in Vault's response envelope.
func Enveloped(data string) string {
	return `{"request_id":"5fd5a3a4-6b3b-1c6f-2b2c-0e6c5a1d2f3e","lease_id":"","renewable":false,"lease_duration":0,"data":` +
		data + `,"wrap_info":null,"warnings":null,"auth":null,"mount_type":""}`
}

// EnvelopedWarn is an envelope with no data and one warning.
func EnvelopedWarn(warning string) string {
	return `{"request_id":"5fd5a3a4-6b3b-1c6f-2b2c-0e6c5a1d2f3e","lease_id":"","renewable":false,"lease_duration":0,"data":null,"wrap_info":null,"warnings":[` +
		fmt.Sprintf("%q", warning) + `],"auth":null,"mount_type":""}`
}

// EnvelopedAuth is a login answer: no data, and an auth block issuing token
// with the given policies, shaped like the docs' login samples.
func EnvelopedAuth(token string, policies ...string) string {
	ps, _ := json.Marshal(policies)
	return `{"request_id":"5fd5a3a4-6b3b-1c6f-2b2c-0e6c5a1d2f3e","lease_id":"","renewable":false,"lease_duration":0,"data":null,"wrap_info":null,"warnings":null,"auth":{"client_token":` +
		fmt.Sprintf("%q", token) + `,"accessor":"Rl4gU4amxzBFpFBJixv8xJBK","policies":` + string(ps) + `,"token_policies":` + string(ps) +
		`,"identity_policies":null,"metadata":{"role":"dev"},"lease_duration":3600,"renewable":true,"entity_id":"afd74442-6c48-3d2f-9449-689ce050ba88","token_type":"service","orphan":true,"mfa_requirement":null,"num_uses":0},"mount_type":""}`
}
