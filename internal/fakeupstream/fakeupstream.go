// Package fakeupstream is a small routed httptest server standing in for the
// HTTP API a secrets engine or auth method talks to (Consul, Nomad,
// RabbitMQ, GitHub, ...). It records every request, can refuse those
// without the expected credential header, and answers routes with JSON.
package fakeupstream

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// Request is one call the server received, as recorded before its route ran.
type Request struct {
	// Seq numbers the requests from 1, in the order they came.
	Seq    int
	Method string
	Path   string // escaped, as sent
	Query  string // raw, without "?"
	// Pattern is the route that matched ("" for none).
	Pattern string
	Header  http.Header
	Body    []byte

	req *http.Request // as routed, for PathValue
}

// PathValue is the value of the route's {name} wildcard (unescaped).
func (r *Request) PathValue(name string) string {
	if r.req == nil {
		return ""
	}
	return r.req.PathValue(name)
}

// Form is the query's parameters and, for a form body, the body's (as
// http.Request.ParseForm reads them; ill-formed ones are left out).
func (r *Request) Form() url.Values {
	form, _ := url.ParseQuery(r.Query)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		body, _ := url.ParseQuery(string(r.Body))
		for k, v := range body {
			form[k] = append(v, form[k]...)
		}
	}
	return form
}

// JSON decodes the request body into v; a body that is not JSON is an error.
func (r *Request) JSON(v any) error { return json.Unmarshal(r.Body, v) }

// Handler answers one route: the status and a value sent as JSON (nil for
// no body).
type Handler func(r *Request) (status int, body any)

// Server is a running fake upstream. Routes run one at a time under the
// server's lock, so the state they keep needs no lock of its own; tests read
// it inside Locked.
type Server struct {
	*httptest.Server

	mu      sync.Mutex
	mux     *http.ServeMux
	all     http.Handler // set by Serve: answers everything, unrouted
	log     []Request
	header  string // required header, "" for none
	value   string
	refuse  func(w http.ResponseWriter)
	headers http.Header // sent with every answer
}

// New starts a server that t closes when it ends. Unrouted requests get a 404.
func New(t testing.TB) *Server {
	s := Start()
	t.Cleanup(s.Close)
	return s
}

// Start is New for a server shared by a package's tests (started in
// TestMain, where there is no t); the caller closes it.
func Start() *Server {
	s := &Server{mux: http.NewServeMux(), headers: http.Header{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// StartTLS is Start over HTTPS with httptest's certificate (Certificate()).
func StartTLS() *Server {
	s := &Server{mux: http.NewServeMux(), headers: http.Header{}}
	s.Server = httptest.NewTLSServer(http.HandlerFunc(s.serve))
	return s
}

// SetHeader sends a header with every answer, e.g. an API's own content
// type in place of application/json.
func (s *Server) SetHeader(name, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.headers.Set(name, value)
}

// Require makes the routes added with Route and Handle refuse a request
// whose header name is not value, answering status and body (JSON, or a
// string sent as it is) instead. Public routes are exempt.
func (s *Server) Require(name, value string, status int, body any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.header, s.value = name, value
	s.refuse = func(w http.ResponseWriter) { write(w, status, body) }
}

// Route answers pattern (as for http.ServeMux, e.g. "PUT /v1/acl/token")
// with h.
func (s *Server) Route(pattern string, h Handler) {
	s.Handle(pattern, s.json(h))
}

// Handle answers pattern with a plain handler, for bodies that are not
// JSON; the request body is already read, and is there again in r.Body.
func (s *Server) Handle(pattern string, h http.Handler) {
	s.mux.Handle(pattern, s.authorized(h))
}

// Public is Route for a route that needs no credential header.
func (s *Server) Public(pattern string, h Handler) {
	s.mux.Handle(pattern, s.json(h))
}

// Serve answers every request with h instead of the routes, for an API
// told apart by parameters rather than paths (AWS's Action=...); paths are
// not cleaned, so one such as "//" reaches h as sent.
func (s *Server) Serve(h http.Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.all = h
}

// Requests returns the calls received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// Count returns how many received calls matched pattern.
func (s *Server) Count(pattern string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Pattern == pattern {
			n++
		}
	}
	return n
}

// Locked runs f while no route runs, for reading the state routes keep.
func (s *Server) Locked(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f()
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	s.mu.Lock()
	defer s.mu.Unlock()
	pattern := ""
	if s.all == nil {
		_, pattern = s.mux.Handler(r)
	}
	s.log = append(s.log, Request{Seq: len(s.log) + 1, Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery,
		Pattern: pattern, Header: r.Header.Clone(), Body: body})
	for name, values := range s.headers {
		w.Header()[name] = values
	}
	if s.all != nil {
		s.all.ServeHTTP(w, r)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// json adapts h; it runs inside serve, so the request it answers is the
// last one recorded.
func (s *Server) json(h Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := s.log[len(s.log)-1]
		rec.req = r
		status, body := h(&rec)
		write(w, status, body)
	})
}

// authorized refuses requests without the Require header (checked when the
// request comes, so Require may follow the routes it guards).
func (s *Server) authorized(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.header != "" && r.Header.Get(s.header) != s.value {
			s.refuse(w)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// write sends status with body: nothing for nil, a string as it is, any
// other value as JSON (application/json unless SetHeader named a type).
func write(w http.ResponseWriter, status int, body any) {
	switch b := body.(type) {
	case nil:
		w.WriteHeader(status)
	case string:
		w.WriteHeader(status)
		io.WriteString(w, b)
	default:
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(b)
	}
}
