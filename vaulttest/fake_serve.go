package vaulttest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/govault/govault/internal/contract"
)

// serve handles one request: find its operation, check it, record it and
// answer with what was registered. Everything wrong fails the test with
// Errorf, which is safe from the server's goroutines; the client gets a
// Vault-shaped error so the code under test does not run on as if served.
func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		f.t.Errorf("vaulttest: fake: %s %s: reading the body: %v", r.Method, r.URL.Path, err)
		vaultError(w, http.StatusBadRequest, err.Error())
		return
	}
	call := Call{Method: r.Method, Path: r.URL.Path, Token: r.Header.Get("X-Vault-Token")}
	if q := r.URL.Query(); len(q) > 0 {
		call.Query = q
	}
	if len(body) > 0 {
		call.Body = json.RawMessage(body)
	}
	m, err := f.v.Resolve(r.Method, r.URL.Path)
	if err != nil {
		f.record(call)
		msg := fmt.Sprintf("vaulttest: fake: %v (for another mount, call fake.Mount(path, area) first)", err)
		f.t.Errorf("%s", msg)
		vaultError(w, http.StatusNotFound, msg)
		return
	}
	call.OperationID = m.OperationID
	f.record(call)
	if err := f.v.CheckRequest(m, r, body); err != nil {
		f.t.Errorf("vaulttest: fake: %v", err)
		vaultError(w, http.StatusBadRequest, err.Error())
		return
	}
	rsp, ok := f.responderFor(m)
	if !ok {
		msg := fmt.Sprintf("vaulttest: fake: %s (%s %s) was called, but no response is registered for it (fake.On(%q, status, body))",
			m.OperationID, r.Method, r.URL.Path, m.OperationID)
		f.t.Errorf("%s", msg)
		vaultError(w, http.StatusNotImplemented, msg)
		return
	}
	wrapped := r.Header.Get("X-Vault-Wrap-TTL") != ""
	if rsp.static && !wrapped {
		rsp.serve(w, r) // checked when registered
		return
	}
	rec := httptest.NewRecorder()
	rsp.serve(rec, r)
	out := rec.Result()
	if err := f.v.CheckResponse(m, wrapped, out.StatusCode, out.Header, rec.Body.Bytes()); err != nil {
		f.t.Errorf("vaulttest: fake: the response to %s is not what the spec describes: %v", m.OperationID, err)
	}
	for k, v := range out.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(out.StatusCode)
	_, _ = w.Write(rec.Body.Bytes())
}

func (f *Fake) record(c Call) {
	f.mu.Lock()
	f.calls = append(f.calls, c)
	f.mu.Unlock()
}

func (f *Fake) responderFor(m *contract.Match) (responder, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r, ok := f.byPath[pathKey{m.OperationID, m.Path}]; ok {
		return r, true
	}
	r, ok := f.byOp[m.OperationID]
	return r, ok
}

// vaultError answers as Vault does when it refuses a request.
func vaultError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string][]string{"errors": {msg}})
}
