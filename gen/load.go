package gen

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Load reads one area document and every file it references, then validates it
// against OpenAPI 3.0. Problems come back as Findings naming the file and, where
// kin-openapi allows, the JSON pointer of the part that is wrong.
func Load(path string) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = true
	// Only local files: a spec that reaches out to the network is not reproducible.
	loader.ReadFromURIFunc = func(l *openapi3.Loader, u *url.URL) ([]byte, error) {
		if u.Scheme != "" && u.Scheme != "file" {
			return nil, fmt.Errorf("remote reference %s is not allowed", u)
		}
		return openapi3.ReadFromFile(l, u)
	}
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, &Finding{File: path, Rule: "load", Message: err.Error()}
	}
	if fs := validate(loader.Context, path, doc); len(fs) > 0 {
		return nil, fs.sorted()
	}
	return doc, nil
}

// validate runs kin-openapi's checks piece by piece so each problem is reported
// at its own pointer rather than once for the whole document.
func validate(ctx context.Context, file string, doc *openapi3.T) Findings {
	var fs Findings
	add := func(ptr string, err error) {
		if err != nil {
			fs = append(fs, &Finding{File: file, Pointer: ptr, Rule: "openapi", Message: err.Error()})
		}
	}
	if doc.Paths != nil {
		for _, p := range doc.Paths.InMatchingOrder() {
			item := doc.Paths.Value(p)
			for method, op := range item.Operations() {
				add(pointer("paths", p, strings.ToLower(method)), op.Validate(ctx))
			}
		}
	}
	if c := doc.Components; c != nil {
		for name, s := range c.Schemas {
			add(pointer("components", "schemas", name), s.Validate(ctx))
		}
		for name, p := range c.Parameters {
			add(pointer("components", "parameters", name), p.Validate(ctx))
		}
		for name, r := range c.Responses {
			add(pointer("components", "responses", name), r.Validate(ctx))
		}
	}
	if len(fs) == 0 {
		// Whole-document rules (path conflicts, server variables, ...).
		add("", doc.Validate(ctx))
	}
	return fs
}
