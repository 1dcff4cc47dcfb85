// Package gen turns the curated Vault spec in openapi/ into Go: it loads each
// area's document with kin-openapi, validates and lints it, and runs
// oapi-codegen as a library to write one package per area under generated/.
package gen

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"gopkg.in/yaml.v3"
)

// Area is one OpenAPI document of the spec and the Go package made from it.
type Area struct {
	Name    string `yaml:"name"`
	File    string `yaml:"file"`    // relative to the root document's folder
	Package string `yaml:"package"` // Go package name under generated/
	// Mounts are where a dev server with every builtin plugin mounted at its
	// own name serves this area (jwt and oidc, say); used to line our spec
	// up with Vault's. Empty means the default mount.
	Mounts []string `yaml:"mounts"`
}

// Spec is the root document: where the areas live and which they are.
type Spec struct {
	Root  string // path of the root document
	Dir   string // folder holding it; area files are relative to this
	Areas []Area
}

// Path returns the area's file path on disk.
func (s *Spec) Path(a Area) string { return filepath.Join(s.Dir, a.File) }

// Area returns the area with the given name.
func (s *Spec) Area(name string) (Area, bool) {
	for _, a := range s.Areas {
		if a.Name == name {
			return a, true
		}
	}
	return Area{}, false
}

var goPackageName = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

// ReadSpec reads the root document and its x-vault-areas list.
func ReadSpec(root string) (*Spec, error) {
	raw, err := os.ReadFile(root)
	if err != nil {
		return nil, fmt.Errorf("read root spec: %w", err)
	}
	var doc struct {
		Areas []Area `yaml:"x-vault-areas"`
	}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, &Finding{File: root, Pointer: "", Rule: "yaml", Message: err.Error()}
	}
	if len(doc.Areas) == 0 {
		return nil, &Finding{File: root, Pointer: "/x-vault-areas", Rule: "areas", Message: "no areas listed"}
	}
	seen := map[string]bool{}
	for i, a := range doc.Areas {
		ptr := fmt.Sprintf("/x-vault-areas/%d", i)
		switch {
		case a.Name == "" || a.File == "" || a.Package == "":
			return nil, &Finding{File: root, Pointer: ptr, Rule: "areas", Message: "an area needs name, file and package"}
		case !goPackageName.MatchString(a.Package):
			return nil, &Finding{File: root, Pointer: ptr + "/package", Rule: "areas", Message: fmt.Sprintf("%q is not a plain Go package name", a.Package)}
		case seen[a.Name] || seen["pkg:"+a.Package]:
			return nil, &Finding{File: root, Pointer: ptr, Rule: "areas", Message: fmt.Sprintf("area %q or package %q listed twice", a.Name, a.Package)}
		}
		seen[a.Name], seen["pkg:"+a.Package] = true, true
	}
	return &Spec{Root: root, Dir: filepath.Dir(root), Areas: doc.Areas}, nil
}
