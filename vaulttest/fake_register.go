package vaulttest

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/govault/govault/internal/contract"
)

// On makes the fake answer every call of the operation (an operationId of
// govault's spec, e.g. "KvV2Read") with status and body, replacing what
// was registered for it before. body is marshalled to JSON unless it is a
// string, []byte or json.RawMessage, taken as JSON already; nil sends no
// body. The response is checked against the operation's schema for that
// status (or its default, Vault's error body) now: a field the schema
// lacks, a wrong type or a missing required field fails the test. A call
// that asks for response wrapping (X-Vault-Wrap-TTL) gets a wrapped answer
// from Vault, so answer those with OnFunc, which is checked against the
// wrapped schema.
func (f *Fake) On(operationID string, status int, body any) {
	f.t.Helper()
	m, err := f.v.Operation(operationID)
	if err != nil {
		f.t.Errorf("vaulttest: fake: On(%q): %v", operationID, err)
		return
	}
	r, ok := f.staticResponder(m, fmt.Sprintf("On(%q, %d)", operationID, status), status, body)
	if !ok {
		return
	}
	f.mu.Lock()
	f.byOp[operationID] = r
	f.mu.Unlock()
}

// OnFunc makes h answer every call of the operation. What h writes is
// checked against the spec when it answers; a mismatch fails the test and
// is still sent on.
func (f *Fake) OnFunc(operationID string, h http.HandlerFunc) {
	f.t.Helper()
	if _, err := f.v.Operation(operationID); err != nil {
		f.t.Errorf("vaulttest: fake: OnFunc(%q): %v", operationID, err)
		return
	}
	f.mu.Lock()
	f.byOp[operationID] = responder{serve: h}
	f.mu.Unlock()
}

// OnPath is On for one method and URL path (e.g. "GET",
// "/v1/secret/data/app/db"), ahead of what On registered for the
// operation. The path must address an operation under the fake's mounts.
func (f *Fake) OnPath(method, path string, status int, body any) {
	f.t.Helper()
	m, err := f.v.Resolve(method, path)
	if err != nil {
		f.t.Errorf("vaulttest: fake: OnPath(%q, %q): %v", method, path, err)
		return
	}
	r, ok := f.staticResponder(m, fmt.Sprintf("OnPath(%q, %q, %d)", method, path, status), status, body)
	if !ok {
		return
	}
	f.mu.Lock()
	f.byPath[pathKey{m.OperationID, path}] = r
	f.mu.Unlock()
}

// staticResponder checks a registered response and returns what serves it.
func (f *Fake) staticResponder(m *contract.Match, call string, status int, body any) (responder, bool) {
	f.t.Helper()
	raw, err := encodeBody(body)
	if err != nil {
		f.t.Errorf("vaulttest: fake: %s: %v", call, err)
		return responder{}, false
	}
	header := http.Header{}
	if raw != nil {
		header.Set("Content-Type", "application/json")
	}
	if err := f.v.CheckResponse(m, false, status, header, raw); err != nil {
		f.t.Errorf("vaulttest: fake: %s registers a response the spec does not describe: %v", call, err)
	}
	return responder{static: true, serve: func(w http.ResponseWriter, _ *http.Request) {
		for k, v := range header {
			w.Header()[k] = v
		}
		w.WriteHeader(status)
		_, _ = w.Write(raw)
	}}, true
}

func encodeBody(body any) ([]byte, error) {
	switch b := body.(type) {
	case nil:
		return nil, nil
	case json.RawMessage:
		return b, nil
	case []byte:
		return b, nil
	case string:
		return []byte(b), nil
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("the body does not marshal to JSON: %w", err)
	}
	return raw, nil
}
