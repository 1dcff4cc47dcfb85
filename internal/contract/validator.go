// Package contract checks real Vault responses against the curated spec. The
// integration tests send every request through a Transport from here: each
// response must match the operation it answers, or the test fails naming the
// operation and the field.
package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/govault/govault/gen"
)

// Validator knows every operation of the spec and which area serves which mount.
type Validator struct {
	areas map[string]*area // by area name

	// wrapped is the strict schema of a response-wrapped answer, which any
	// operation gives when the request carried X-Vault-Wrap-TTL.
	wrapped *openapi3.SchemaRef

	mu     sync.Mutex
	mounts map[string][]string // "secret/" -> ["kv-v2"]; sys/ is served by several areas
	seen   map[string]int      // operationId -> responses validated
}

type area struct {
	doc    *openapi3.T
	routes []route
}

type route struct {
	template string
	re       *regexp.Regexp
	item     *openapi3.PathItem
	literal  int // characters outside parameters: more literal wins
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

// New loads the spec at root (openapi/vault.yaml).
func New(root string) (*Validator, error) {
	_, loaded, err := gen.Check(root)
	if err != nil {
		return nil, err
	}
	v := &Validator{areas: map[string]*area{}, mounts: map[string][]string{}, seen: map[string]int{}}
	for _, l := range loaded {
		a := &area{doc: l.Doc}
		seen := map[*openapi3.Schema]*openapi3.Schema{}
		for _, tmpl := range l.Doc.Paths.InMatchingOrder() {
			item := l.Doc.Paths.Value(tmpl)
			for _, op := range item.Operations() {
				for _, rsp := range op.Responses.Map() {
					if rsp.Value == nil {
						continue
					}
					// Copy the response so shared components stay untouched.
					r := *rsp.Value
					content := openapi3.Content{}
					for mt, media := range r.Content {
						m := *media
						m.Schema = strict(media.Schema, seen)
						content[mt] = &m
					}
					r.Content = content
					rsp.Value = &r
				}
			}
			a.routes = append(a.routes, newRoute(tmpl, item))
		}
		sort.SliceStable(a.routes, func(i, j int) bool { return a.routes[i].literal > a.routes[j].literal })
		v.areas[l.Area.Name] = a
		if l.Doc.Components != nil && l.Doc.Components.Schemas["WrappedResponse"] != nil && v.wrapped == nil {
			v.wrapped = strict(l.Doc.Components.Schemas["WrappedResponse"], map[*openapi3.Schema]*openapi3.Schema{})
		}
	}
	return v, nil
}

var paramRE = regexp.MustCompile(`\{[^}]+\}`)

func newRoute(tmpl string, item *openapi3.PathItem) route {
	parts := paramRE.Split(tmpl, -1)
	var b strings.Builder
	literal := 0
	for i, p := range parts {
		if i > 0 {
			b.WriteString("(.+)") // Vault paths may hold slashes
		}
		b.WriteString(regexp.QuoteMeta(p))
		literal += len(p)
	}
	return route{template: tmpl, re: regexp.MustCompile("^" + b.String() + "$"), item: item, literal: literal}
}

// Mount tells the validator which areas answer under a mount path, e.g.
// Mount("secret", "kv-v2"), Mount("auth/token", "token"). Areas are tried in
// the order given.
func (v *Validator) Mount(path string, areaNames ...string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.mounts[strings.Trim(path, "/")+"/"] = areaNames
}

// MountAll registers every area whose server URL is a fixed path (the sys
// areas at /v1/sys) at that path.
func (v *Validator) MountAll() {
	v.mu.Lock()
	defer v.mu.Unlock()
	for name, a := range v.areas {
		if len(a.doc.Servers) == 0 || strings.Contains(a.doc.Servers[0].URL, "{") {
			continue
		}
		m := strings.Trim(strings.TrimPrefix(a.doc.Servers[0].URL, "/v1/"), "/") + "/"
		v.mounts[m] = append(v.mounts[m], name)
		sort.Strings(v.mounts[m])
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
	for name, a := range v.areas {
		if len(areaNames) > 0 && !slices.Contains(areaNames, name) {
			continue
		}
		for _, r := range a.routes {
			for _, op := range r.item.Operations() {
				ids = append(ids, op.OperationID)
			}
		}
	}
	sort.Strings(ids)
	return ids
}

// Check validates one exchange. body is the response body already read.
func (v *Validator) Check(req *http.Request, status int, header http.Header, body []byte) error {
	areas, rel, err := v.areasFor(req.URL.Path)
	if err != nil {
		return err
	}
	method := req.Method
	if method == "LIST" {
		method = http.MethodGet
	}
	for _, a := range areas {
		for _, r := range a.routes {
			if !r.re.MatchString(rel) {
				continue
			}
			op := r.item.GetOperation(method)
			if op == nil {
				continue
			}
			return v.validate(a, r, op, req, method, status, header, body)
		}
	}
	return fmt.Errorf("no operation in the spec matches %s %s", method, req.URL.Path)
}

func (v *Validator) validate(a *area, r route, op *openapi3.Operation, req *http.Request, method string, status int, header http.Header, body []byte) error {
	v.mu.Lock()
	v.seen[op.OperationID]++
	v.mu.Unlock()
	if req.Header.Get("X-Vault-Wrap-TTL") != "" && status == http.StatusOK {
		return v.checkWrapped(op.OperationID, body)
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req,
			Route:   &routers.Route{Spec: a.doc, Path: r.template, PathItem: r.item, Method: method, Operation: op},
		},
		Status:  status,
		Header:  header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), input); err != nil {
		return fmt.Errorf("%s (%s %s) answered %d with a body the spec does not describe: %v\nbody: %s",
			op.OperationID, method, req.URL.Path, status, err, truncate(body))
	}
	return nil
}

func (v *Validator) areasFor(path string) ([]*area, string, error) {
	rest, ok := strings.CutPrefix(path, "/v1/")
	if !ok {
		return nil, "", fmt.Errorf("%s is not under /v1/", path)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	best := ""
	for m := range v.mounts {
		if strings.HasPrefix(rest+"/", m) && len(m) > len(best) {
			best = m
		}
	}
	if best == "" {
		return nil, "", fmt.Errorf("no mount registered for %s", path)
	}
	var areas []*area
	for _, name := range v.mounts[best] {
		a := v.areas[name]
		if a == nil {
			return nil, "", fmt.Errorf("mount %s names unknown area %q", best, name)
		}
		areas = append(areas, a)
	}
	rel := "/" + strings.TrimPrefix(rest, best)
	if rest+"/" == best {
		rel = "/"
	}
	return areas, rel, nil
}

func (v *Validator) checkWrapped(opID string, body []byte) error {
	if v.wrapped == nil {
		return fmt.Errorf("%s: a wrapped answer, but the spec has no WrappedResponse schema", opID)
	}
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		return fmt.Errorf("%s: wrapped answer is not JSON: %v", opID, err)
	}
	if err := v.wrapped.Value.VisitJSON(doc, openapi3.MultiErrors()); err != nil {
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
