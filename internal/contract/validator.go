// Package contract checks HTTP exchanges against the curated spec. The
// integration tests send every request through a Transport from here: each
// response must match the operation it answers, or the test fails naming the
// operation and the field. vaulttest's fake uses the same Validator on the
// other side, checking the requests a client sends as well.
package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// Validator knows every operation of the spec and which area serves which mount.
type Validator struct {
	spec *Spec

	mu     sync.Mutex
	mounts map[string][]string // "secret/" -> ["kv-v2"]; sys/ is served by several areas
	seen   map[string]int      // operationId -> responses validated
}

func init() {
	// Some endpoints answer with text (HTML from the OIDC form_post callback,
	// PEM, prometheus metrics); kin-openapi has no decoder for these types,
	// so their bodies are validated as strings.
	for _, ct := range []string{"text/html", "application/pem-certificate-chain", "application/x-pem-file"} {
		if openapi3filter.RegisteredBodyDecoder(ct) == nil {
			openapi3filter.RegisterBodyDecoder(ct, func(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
				b, err := io.ReadAll(body)
				return string(b), err
			})
		}
	}
}

// New loads the spec at root (openapi/vault.yaml) from disk.
func New(root string) (*Validator, error) {
	return NewFS(os.DirFS(filepath.Dir(root)), filepath.Base(root))
}

// NewFS loads the spec whose root document is root inside fsys (such as
// the embedded openapi.FS).
func NewFS(fsys fs.FS, root string) (*Validator, error) {
	s, err := Load(fsys, root)
	if err != nil {
		return nil, err
	}
	return s.Validator(), nil
}

// Validator returns a validator on s with no mounts registered.
func (s *Spec) Validator() *Validator {
	return &Validator{spec: s, mounts: map[string][]string{}, seen: map[string]int{}}
}

// Mount tells the validator which areas answer under a mount path, e.g.
// Mount("secret", "kv-v2"), Mount("auth/token", "token"). Areas are tried in
// the order given. An unknown area is an error.
func (v *Validator) Mount(path string, areaNames ...string) error {
	for _, name := range areaNames {
		if v.spec.areas[name] == nil {
			return fmt.Errorf("contract: the spec has no area %q", name)
		}
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.mounts[strings.Trim(path, "/")+"/"] = areaNames
	return nil
}

// MountAll registers every area whose server URL is a fixed path (the sys
// areas at /v1/sys) at that path.
func (v *Validator) MountAll() {
	v.mountWhere(func(a *area) bool { return !strings.Contains(a.doc.Servers[0].URL, "{") })
}

// MountDefaults registers every area where a Vault with each builtin plugin
// mounted at its own name serves it: the fixed paths, the mounts vault.yaml
// lists, else the area's default mount (secret/ is KV v2, kv/ KV v1).
func (v *Validator) MountDefaults() {
	v.mountWhere(func(*area) bool { return true })
}

func (v *Validator) mountWhere(keep func(*area) bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	for name, a := range v.spec.areas {
		if len(a.doc.Servers) == 0 || !keep(a) {
			continue
		}
		for _, m := range a.mounts {
			m += "/"
			if !slices.Contains(v.mounts[m], name) {
				v.mounts[m] = append(v.mounts[m], name)
				sort.Strings(v.mounts[m])
			}
		}
	}
}

// Seen returns how many responses were validated per operationId.
func (v *Validator) Seen() map[string]int {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := make(map[string]int, len(v.seen))
	for k, n := range v.seen {
		out[k] = n
	}
	return out
}

// Operations lists the operationIds of the named areas (all areas when none
// are named), sorted.
func (v *Validator) Operations(areaNames ...string) []string {
	var ids []string
	for id, ref := range v.spec.byID {
		if len(areaNames) == 0 || slices.Contains(areaNames, ref.area.name) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// Check validates one exchange. body is the response body already read.
func (v *Validator) Check(req *http.Request, status int, header http.Header, body []byte) error {
	m, err := v.Resolve(req.Method, req.URL.Path)
	if err != nil {
		return err
	}
	return v.CheckResponse(m, req.Header.Get("X-Vault-Wrap-TTL") != "", status, header, body)
}

// CheckResponse validates a response to the operation m; wrapped says the
// request asked for response wrapping (X-Vault-Wrap-TTL), which replaces
// any operation's 200 body with a WrappedResponse.
func (v *Validator) CheckResponse(m *Match, wrapped bool, status int, header http.Header, body []byte) error {
	v.mu.Lock()
	v.seen[m.OperationID]++
	v.mu.Unlock()
	if wrapped && status == http.StatusOK {
		return v.checkWrapped(m.OperationID, body)
	}
	// ValidateResponse only reads the method (a HEAD has no body to check).
	req, err := http.NewRequest(m.ref.method, "http://vault/", nil)
	if err != nil {
		return err
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req,
			Route:   m.route(),
		},
		Status:  status,
		Header:  header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), input); err != nil {
		part := fmt.Sprintf("response %d", status)
		if m.ref.op.Responses.Status(status) == nil {
			part += " (a status the operation does not declare, so held to its default: Vault's error body)"
		}
		return &MismatchError{OperationID: m.OperationID, Method: m.ref.method, Path: m.Path, Part: part, Err: err, Body: body}
	}
	return nil
}

func (v *Validator) checkWrapped(opID string, body []byte) error {
	if v.spec.wrapped == nil {
		return fmt.Errorf("%s: a wrapped answer, but the spec has no WrappedResponse schema", opID)
	}
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		return fmt.Errorf("%s: wrapped answer is not JSON: %v", opID, err)
	}
	if err := v.spec.wrapped.Value.VisitJSON(doc, openapi3.MultiErrors()); err != nil {
		return fmt.Errorf("%s: wrapped answer does not match WrappedResponse: %v\nbody: %s", opID, err, truncate(body))
	}
	return nil
}

func truncate(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "..."
	}
	return string(b)
}

// Transport validates every response that passes through it and reports
// mismatches to fail (t.Errorf in tests). The body is handed on unchanged.
func (v *Validator) Transport(next http.RoundTripper, fail func(format string, args ...any)) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		rsp, err := next.RoundTrip(req)
		if err != nil {
			return rsp, err
		}
		body, err := io.ReadAll(rsp.Body)
		rsp.Body.Close()
		if err != nil {
			return nil, err
		}
		rsp.Body = io.NopCloser(bytes.NewReader(body))
		if err := v.Check(req, rsp.StatusCode, rsp.Header, body); err != nil {
			fail("contract: %v", err)
		}
		return rsp, nil
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// MinVersion is the operation's x-vault-min-version ("" when every
// supported release serves it, or the operation is unknown).
func (v *Validator) MinVersion(opID string) string {
	ref, ok := v.spec.byID[opID]
	if !ok {
		return ""
	}
	s, _ := ref.op.Extensions["x-vault-min-version"].(string)
	return s
}
