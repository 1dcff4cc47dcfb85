package contract

import (
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// Spec is the loaded spec with strict copies of its schemas. It never
// changes once loaded, so several Validators (each with its own mounts) can
// share one.
type Spec struct {
	areas map[string]*area // by area name
	byID  map[string]opRef // operationId -> where it is

	// wrapped is the strict schema of a response-wrapped answer, which any
	// operation gives when the request carried X-Vault-Wrap-TTL.
	wrapped *openapi3.SchemaRef
}

type area struct {
	name   string
	doc    *openapi3.T
	routes []route
	mounts []string // where a mount-all Vault serves it, without slashes at the ends
}

type route struct {
	template string
	re       *regexp.Regexp
	params   []string // path parameter names, in the order re captures them
	item     *openapi3.PathItem
	literal  int // characters outside parameters: more literal wins
}

type opRef struct {
	area   *area
	route  route
	method string
	op     *openapi3.Operation
}

// areaEntry is one item of the root document's x-vault-areas list.
type areaEntry struct {
	Name   string   `yaml:"name"`
	File   string   `yaml:"file"`
	Mounts []string `yaml:"mounts"`
}

// Load reads the root document at root inside fsys and every area it lists,
// resolving references inside fsys only. It does not lint: gen does that
// for the repository's spec, and an embedded copy is that same spec.
func Load(fsys fs.FS, root string) (*Spec, error) {
	raw, err := fs.ReadFile(fsys, root)
	if err != nil {
		return nil, fmt.Errorf("contract: read root spec: %w", err)
	}
	var doc struct {
		Areas []areaEntry `yaml:"x-vault-areas"`
	}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("contract: %s: %w", root, err)
	}
	if len(doc.Areas) == 0 {
		return nil, fmt.Errorf("contract: %s lists no areas", root)
	}
	s := &Spec{areas: map[string]*area{}, byID: map[string]opRef{}}
	for _, e := range doc.Areas {
		d, err := loadDoc(fsys, path.Join(path.Dir(root), e.File))
		if err != nil {
			return nil, fmt.Errorf("contract: area %s: %w", e.Name, err)
		}
		a := newArea(e, d)
		s.areas[e.Name] = a
		for _, r := range a.routes {
			for method, op := range r.item.Operations() {
				if prev, dup := s.byID[op.OperationID]; dup {
					return nil, fmt.Errorf("contract: operationId %s is used by areas %s and %s", op.OperationID, prev.area.name, e.Name)
				}
				s.byID[op.OperationID] = opRef{area: a, route: r, method: method, op: op}
			}
		}
		if d.Components != nil && d.Components.Schemas["WrappedResponse"] != nil && s.wrapped == nil {
			s.wrapped = strict(d.Components.Schemas["WrappedResponse"], map[*openapi3.Schema]*openapi3.Schema{})
		}
	}
	return s, nil
}

// loadDoc loads one area document; its "../components/..." references are
// read from fsys, nothing from the network.
func loadDoc(fsys fs.FS, name string) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = true
	loader.ReadFromURIFunc = func(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
		if u.Scheme != "" || u.Host != "" {
			return nil, fmt.Errorf("remote reference %s is not allowed", u)
		}
		return fs.ReadFile(fsys, path.Clean(strings.TrimPrefix(u.Path, "/")))
	}
	return loader.LoadFromFile(name)
}

// newArea indexes an area's routes and replaces its request and response
// schemas with strict copies (the document is ours alone, so shared
// components stay untouched in the copies' originals).
func newArea(e areaEntry, doc *openapi3.T) *area {
	a := &area{name: e.Name, doc: doc, mounts: areaMounts(e, doc)}
	seen := map[*openapi3.Schema]*openapi3.Schema{}
	for _, tmpl := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(tmpl)
		for _, op := range item.Operations() {
			if rb := op.RequestBody; rb != nil && rb.Value != nil {
				b := *rb.Value
				b.Content = strictContent(b.Content, seen)
				op.RequestBody = &openapi3.RequestBodyRef{Value: &b}
			}
			for _, rsp := range op.Responses.Map() {
				if rsp.Value == nil {
					continue
				}
				r := *rsp.Value
				r.Content = strictContent(r.Content, seen)
				rsp.Value = &r
			}
		}
		a.routes = append(a.routes, newRoute(tmpl, item))
	}
	sort.SliceStable(a.routes, func(i, j int) bool { return a.routes[i].literal > a.routes[j].literal })
	return a
}

func strictContent(c openapi3.Content, seen map[*openapi3.Schema]*openapi3.Schema) openapi3.Content {
	out := openapi3.Content{}
	for mt, media := range c {
		m := *media
		m.Schema = strict(media.Schema, seen)
		out[mt] = &m
	}
	return out
}

// areaMounts is where a Vault with every builtin plugin mounted at its own
// name serves the area: the fixed server path (sys, identity), the mounts
// vault.yaml lists, or the document's default mount ({mount} in the server
// URL). So secret/ is KV v2, as on a dev server, and kv/ KV v1.
func areaMounts(e areaEntry, doc *openapi3.T) []string {
	if len(doc.Servers) == 0 {
		return nil
	}
	u := strings.TrimPrefix(doc.Servers[0].URL, "/v1/")
	if !strings.Contains(u, "{") {
		return []string{strings.Trim(u, "/")}
	}
	if len(e.Mounts) > 0 {
		out := make([]string, len(e.Mounts))
		for i, m := range e.Mounts {
			out[i] = strings.Trim(m, "/")
		}
		return out
	}
	v, ok := doc.Servers[0].Variables["mount"]
	if !ok || v.Default == "" {
		return nil
	}
	return []string{strings.Trim(paramRE.ReplaceAllString(u, strings.Trim(v.Default, "/")), "/")}
}

var paramRE = regexp.MustCompile(`\{[^}]+\}`)

func newRoute(tmpl string, item *openapi3.PathItem) route {
	parts := paramRE.Split(tmpl, -1)
	names := paramRE.FindAllString(tmpl, -1)
	var b strings.Builder
	literal := 0
	for i, p := range parts {
		if i > 0 {
			b.WriteString("(.+)") // Vault paths may hold slashes
		}
		b.WriteString(regexp.QuoteMeta(p))
		literal += len(p)
	}
	params := make([]string, len(names))
	for i, n := range names {
		params[i] = strings.Trim(n, "{}")
	}
	return route{template: tmpl, re: regexp.MustCompile("^" + b.String() + "$"), params: params, item: item, literal: literal}
}
