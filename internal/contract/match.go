package contract

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// Match is the operation a request addresses.
type Match struct {
	OperationID string
	Area        string
	Method      string // the spec's method: GET for a LIST, POST for a PUT Vault treats alike
	Template    string // the path template relative to the mount, e.g. /data/{path}
	Path        string // the request's URL path, /v1/...
	PathParams  map[string]string

	ref opRef
}

func (m *Match) route() *routers.Route {
	return &routers.Route{Spec: m.ref.area.doc, Path: m.Template, PathItem: m.ref.route.item, Method: m.Method, Operation: m.ref.op}
}

// Unauthenticated reports whether the operation works without a token
// (x-vault-unauthenticated: true).
func (m *Match) Unauthenticated() bool {
	b, _ := m.ref.op.Extensions["x-vault-unauthenticated"].(bool)
	return b
}

// Resolve finds the operation that answers method on the URL path under
// the registered mounts. Vault takes LIST for GET ?list=true and PUT for
// POST, so those fall back the same way.
func (v *Validator) Resolve(method, urlPath string) (*Match, error) {
	areas, rel, root, err := v.areasFor(urlPath)
	if err != nil {
		return nil, err
	}
	methods := []string{method}
	switch method {
	case "LIST":
		methods = []string{http.MethodGet}
	case http.MethodPut:
		methods = append(methods, http.MethodPost)
	case "RECOVER":
		methods = []string{http.MethodPut} // x-vault-method: RECOVER sits in the put slot
	}
	for _, m := range methods {
		for _, a := range areas {
			for _, r := range a.routes {
				sub := r.re.FindStringSubmatch(rel)
				if sub == nil {
					continue
				}
				op := r.item.GetOperation(m)
				if op == nil || !sends(op, method) || isRootPath(op) != root {
					continue
				}
				params := make(map[string]string, len(r.params))
				for i, name := range r.params {
					params[name] = sub[i+1]
				}
				return &Match{OperationID: op.OperationID, Area: a.name, Method: m, Template: r.template, Path: urlPath, PathParams: params,
					ref: opRef{area: a, route: r, method: m, op: op}}, nil
			}
		}
	}
	return nil, fmt.Errorf("%w %s %s", ErrNoOperation, method, urlPath)
}

// Operation returns the operation with the given operationId, addressed
// through the first of its area's registered mounts (or its default one).
func (v *Validator) Operation(id string) (*Match, error) {
	ref, ok := v.spec.byID[id]
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownOperation, id)
	}
	p := "/v1/" + v.mountOf(ref.area) + ref.route.template
	if isRootPath(ref.op) {
		p = ref.route.template
	}
	return &Match{OperationID: id, Area: ref.area.name, Method: ref.method, Template: ref.route.template, Path: p, ref: ref}, nil
}

func (v *Validator) mountOf(a *area) string {
	v.mu.Lock()
	defer v.mu.Unlock()
	best := ""
	for m, names := range v.mounts {
		for _, n := range names {
			if n == a.name && (best == "" || m < best) {
				best = m
			}
		}
	}
	if best == "" && len(a.mounts) > 0 {
		best = a.mounts[0] + "/"
	}
	return strings.TrimSuffix(best, "/")
}

// sends reports whether op is what a request with method addresses: an
// operation with x-vault-method answers that method only.
func sends(op *openapi3.Operation, method string) bool {
	custom, _ := op.Extensions["x-vault-method"].(string)
	return custom == "" && method != "RECOVER" || custom == method
}

// isRootPath reports an operation served outside /v1/ (x-vault-root-path).
func isRootPath(op *openapi3.Operation) bool {
	b, _ := op.Extensions["x-vault-root-path"].(bool)
	return b
}

// areasFor finds the areas mounted where path points and the path relative
// to the mount. A path outside /v1/ (root) is looked up, whole, in every
// area: only operations marked x-vault-root-path live there.
func (v *Validator) areasFor(path string) ([]*area, string, bool, error) {
	rest, ok := strings.CutPrefix(path, "/v1/")
	if !ok {
		if !strings.HasPrefix(path, "/.well-known/") {
			return nil, "", false, fmt.Errorf("%w: %s is not under /v1/", ErrNoMount, path)
		}
		names := make([]string, 0, len(v.spec.areas))
		for name := range v.spec.areas {
			names = append(names, name)
		}
		sort.Strings(names)
		areas := make([]*area, len(names))
		for i, n := range names {
			areas[i] = v.spec.areas[n]
		}
		return areas, path, true, nil
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
		return nil, "", false, fmt.Errorf("%w for %s", ErrNoMount, path)
	}
	var areas []*area
	for _, name := range v.mounts[best] {
		areas = append(areas, v.spec.areas[name])
	}
	rel := "/" + strings.TrimPrefix(rest, best)
	if rest+"/" == best {
		rel = "/"
	}
	return areas, rel, false, nil
}
