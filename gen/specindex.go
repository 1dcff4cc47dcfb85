package gen

import (
	"fmt"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// An Op is one operation reduced to what a review of two specs cares about:
// where it lives, its inputs and the fields of its success body. Names that
// are not real differences (path parameter names, PUT vs POST, $ref vs inline)
// are normalised away.
type Op struct {
	Key        string            // "POST /auth/approle/role/{}"
	ID         string            // operationId, when the spec has one
	Area       string            // our area, when known
	Source     string            // file#pointer
	Enterprise bool              // x-vault-enterprise
	Typed      bool              // every 2xx declares its body (or has none)
	Params     map[string]string // "query:version" -> "integer"
	Request    map[string]string // "options.cas" -> "integer"
	Response   map[string]string // "data.metadata.version" -> "integer"
	MinVersion string            // x-vault-min-version (ours)
	FieldMin   map[string]string // top-level request field -> its x-vault-min-version (ours)
}

// SpecIndex is every operation of one spec by Key.
type SpecIndex struct {
	Name string
	Ops  map[string]*Op
	// Prefixes maps each of our areas' mount prefixes ("/auth/approle") to
	// the area, so operations we lack can still be attributed.
	Prefixes map[string]string
}

// Keys returns the index's keys, sorted.
func (ix *SpecIndex) Keys() []string { return keys(ix.Ops) }

// LoadIndex reads a spec for comparison: our root document (with
// x-vault-areas), our bundle, or a single document in Vault's own format (a
// file or the body of sys/internal/specs/openapi). With live set, our areas
// are placed at the mounts a mount-all dev server uses (vault.yaml's
// `mounts`), so they line up with Vault's own spec.
func LoadIndex(path string, live bool) (*SpecIndex, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read spec: %w", err)
	}
	if strings.Contains(string(raw), "x-vault-areas:") {
		spec, areas, err := Check(path)
		if err != nil {
			return nil, err
		}
		return IndexAreas(spec, areas, live), nil
	}
	return indexSingle(path, raw)
}

// IndexBytes indexes a single document held in memory (a live server's spec).
func IndexBytes(name string, raw []byte) (*SpecIndex, error) { return indexSingle(name, raw) }

func indexSingle(name string, raw []byte) (*SpecIndex, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(raw)
	if err != nil {
		return nil, &Finding{File: name, Rule: "load", Message: err.Error()}
	}
	// Not validated beyond loading: Vault's own document breaks rules (it has
	// conflicting paths such as sys/tools/random/{source} and /{urlbytes})
	// and is still the reference we compare with.
	if doc.Paths == nil || doc.Paths.Len() == 0 {
		return nil, &Finding{File: name, Pointer: "/paths", Rule: "load", Message: "the document has no paths"}
	}
	ix := &SpecIndex{Name: name, Ops: map[string]*Op{}}
	prefix := ""
	if len(doc.Servers) > 0 {
		prefix = strings.TrimSuffix(strings.TrimPrefix(doc.Servers[0].URL, "/v1"), "/")
	}
	addPaths(ix, doc, name, "", prefix)
	return ix, nil
}

// IndexAreas indexes our multi-document spec.
func IndexAreas(spec *Spec, areas []Loaded, live bool) *SpecIndex {
	ix := &SpecIndex{Name: spec.Root, Ops: map[string]*Op{}, Prefixes: map[string]string{}}
	for _, l := range areas {
		for _, prefix := range areaPrefixes(l, live) {
			addPaths(ix, l.Doc, l.File, l.Area.Name, prefix)
			if _, taken := ix.Prefixes[prefix]; !taken && prefix != "" {
				ix.Prefixes[prefix] = l.Area.Name
			}
		}
	}
	return ix
}

// areaPrefixes is where an area's paths sit below /v1: its fixed server
// path, its default mount, or (live) the mounts a mount-all server uses.
func areaPrefixes(l Loaded, live bool) []string {
	if live && len(l.Area.Mounts) > 0 {
		out := make([]string, len(l.Area.Mounts))
		for i, m := range l.Area.Mounts {
			out[i] = "/" + strings.Trim(m, "/")
		}
		return out
	}
	return []string{mountPrefix(l.Doc)}
}

var paramName = regexp.MustCompile(`\{[^}]*\}`)

// mountDefaults puts a mount's default name in place of Vault's generic
// mount parameters ({approle_mount_path} -> approle), the form
// sys/internal/specs/openapi?generic_mount_paths=true produces.
func mountDefaults(path string, item *openapi3.PathItem) string {
	if !strings.Contains(path, "_mount_path}") {
		return path
	}
	params := append(openapi3.Parameters{}, item.Parameters...)
	for _, op := range item.Operations() {
		params = append(params, op.Parameters...)
	}
	for _, pr := range params {
		if pr.Value == nil || !strings.HasSuffix(pr.Value.Name, "_mount_path") {
			continue
		}
		def := strings.TrimSuffix(pr.Value.Name, "_mount_path")
		if pr.Value.Schema != nil && pr.Value.Schema.Value != nil {
			if d, ok := pr.Value.Schema.Value.Default.(string); ok && d != "" {
				def = d
			}
		}
		path = strings.ReplaceAll(path, "{"+pr.Value.Name+"}", strings.Trim(def, "/"))
	}
	return path
}

// NormalizePath makes templates comparable: parameter names dropped.
func NormalizePath(p string) string { return paramName.ReplaceAllString(p, "{}") }

func addPaths(ix *SpecIndex, doc *openapi3.T, file, areaName, prefix string) {
	if doc.Paths == nil {
		return
	}
	for _, p := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(p)
		for method, op := range item.Operations() {
			full := mountDefaults(prefix+p, item)
			m := strings.ToUpper(method)
			if m == http.MethodPut && item.Post == nil {
				m = http.MethodPost // Vault treats them alike (unless the path has both)
			}
			if custom, _ := op.Extensions[methodExt].(string); custom != "" {
				m = custom // RECOVER, in the put slot
			}
			if root, _ := op.Extensions[rootPathExt].(bool); root {
				full = p // outside /v1/ and every mount
			}
			key := m + " " + NormalizePath(full)
			o := &Op{
				Key: key, ID: op.OperationID, Area: areaName,
				Source:   file + "#" + pointer("paths", p, strings.ToLower(method)),
				Typed:    typedResponses(op),
				Params:   map[string]string{},
				Request:  map[string]string{},
				Response: map[string]string{},
			}
			o.Enterprise, _ = op.Extensions["x-vault-enterprise"].(bool)
			o.MinVersion, _ = op.Extensions["x-vault-min-version"].(string)
			for _, pr := range append(append(openapi3.Parameters{}, item.Parameters...), op.Parameters...) {
				if pr.Value == nil || pr.Value.In == openapi3.ParameterInPath {
					continue
				}
				o.Params[pr.Value.In+":"+strings.ToLower(pr.Value.Name)] = typeOf(pr.Value.Schema)
			}
			if rb := op.RequestBody; rb != nil && rb.Value != nil {
				for _, mt := range rb.Value.Content {
					flatten(mt.Schema, "", o.Request, 0)
					o.FieldMin = fieldMins(mt.Schema)
					break
				}
			}
			if s := successSchema(op); s != nil {
				flatten(payloadOf(s), "", o.Response, 0)
			}
			ix.Ops[key] = o
		}
	}
}

// typedResponses: every response that carries a body declares its schema,
// and no 200 is left without a body description (Vault's own spec writes a
// bare "200 OK" when it does not know). Operations that never succeed on an
// open-source server (a challenge, a removed counter) are typed by their
// declared error bodies.
func typedResponses(op *openapi3.Operation) bool {
	if op.Responses == nil {
		return false
	}
	for status, r := range op.Responses.Map() {
		if r.Value == nil {
			continue
		}
		for _, mt := range r.Value.Content {
			if mt == nil || mt.Schema == nil {
				return false
			}
		}
		if len(r.Value.Content) == 0 && status == "200" {
			return false
		}
	}
	return true
}

func successSchema(op *openapi3.Operation) *openapi3.SchemaRef {
	if op.Responses == nil {
		return nil
	}
	for _, status := range []string{"200", "201", "202"} {
		if r := op.Responses.Value(status); r != nil && r.Value != nil {
			if mt := r.Value.Content.Get("application/json"); mt != nil {
				return mt.Schema
			}
		}
	}
	return nil
}

// payloadOf strips Vault's envelope: our schemas describe it, Vault's own
// spec describes only what goes in data.
func payloadOf(s *openapi3.SchemaRef) *openapi3.SchemaRef {
	props := properties(s)
	if _, ok := props["request_id"]; ok {
		if d, ok := props["data"]; ok {
			return d
		}
	}
	return s
}

// properties merges an object's own properties with those of its allOf parts.
func properties(s *openapi3.SchemaRef) openapi3.Schemas {
	out := openapi3.Schemas{}
	if s == nil || s.Value == nil {
		return out
	}
	for _, part := range s.Value.AllOf {
		for k, v := range properties(part) {
			out[k] = v
		}
	}
	for k, v := range s.Value.Properties {
		out[k] = v
	}
	return out
}

// flatten records the type of every property, dotted, a few levels deep.
func flatten(s *openapi3.SchemaRef, prefix string, out map[string]string, depth int) {
	if s == nil || s.Value == nil || depth > 4 {
		return
	}
	props := properties(s)
	names := keys(props)
	sort.Strings(names)
	for _, name := range names {
		p := props[name]
		out[prefix+name] = typeOf(p)
		if typeOf(p) == "object" {
			flatten(p, prefix+name+".", out, depth+1)
		}
	}
}

// typeOf names a schema's type the same way for both kinds of spec. Vault
// spells durations as strings (format duration) and we as integer-or-string;
// both are "duration".
func typeOf(s *openapi3.SchemaRef) string {
	if s == nil || s.Value == nil {
		return "any"
	}
	v := s.Value
	if v.Format == "duration" || v.Format == "seconds" {
		return "duration"
	}
	if _, ok := v.Extensions["x-go-type"]; ok && strings.Contains(fmt.Sprint(v.Extensions["x-go-type"]), "Duration") {
		return "duration"
	}
	if len(v.AnyOf) > 0 || len(v.OneOf) > 0 {
		alts := append(append(openapi3.SchemaRefs{}, v.AnyOf...), v.OneOf...)
		var ts []string
		for _, a := range alts {
			ts = append(ts, typeOf(a))
		}
		sort.Strings(ts)
		if strings.Join(ts, "|") == "integer|string" {
			return "duration"
		}
		return strings.Join(ts, "|")
	}
	if len(v.AllOf) > 0 && (v.Type == nil || v.Type.Is("object")) && len(v.AllOf) == 1 && len(v.Properties) == 0 {
		return typeOf(v.AllOf[0])
	}
	if v.Type == nil {
		if len(v.Properties) > 0 || len(v.AllOf) > 0 {
			return "object"
		}
		return "any"
	}
	for _, t := range []string{"object", "array", "string", "integer", "number", "boolean"} {
		if v.Type.Is(t) {
			return t
		}
	}
	return "any"
}

// fieldMins is the x-vault-min-version of each top-level property that has one.
func fieldMins(s *openapi3.SchemaRef) map[string]string {
	out := map[string]string{}
	for name, ps := range properties(s) {
		if ps.Value != nil {
			if v, _ := ps.Value.Extensions["x-vault-min-version"].(string); v != "" {
				out[name] = v
			}
		}
	}
	return out
}
