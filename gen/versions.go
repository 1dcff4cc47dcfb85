package gen

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/govault/govault/vtypes"
)

// OldestRelease is the oldest Vault release the spec describes and the
// version matrix tests (the oldest row of tools/vault/releases.tsv that builds;
// a test keeps the two in step). A mark older than it says nothing.
const OldestRelease = "1.17"

// versionExts are the version marks an operation or a request property may
// carry: the first release that serves it, and the last one.
var versionExts = []string{"x-vault-min-version", "x-vault-max-version"}

// lintVersions checks the version marks in ext (of the thing at ptr): each is
// a quoted release version, not older than OldestRelease, and a min is not
// after a max.
func lintVersions(file, ptr string, ext map[string]any) Findings {
	var fs Findings
	add := func(p, msg string) {
		fs = append(fs, &Finding{File: file, Pointer: p, Rule: "version", Message: msg})
	}
	got := map[string]string{}
	for _, name := range versionExts {
		raw, ok := ext[name]
		if !ok {
			continue
		}
		v, isString := raw.(string)
		if _, valid := vtypes.VersionBefore(v, v); !isString || !valid {
			add(ptr+"/"+name, name+` must be a quoted release version such as "1.19" or "1.19.1"`)
			continue
		}
		if old, _ := vtypes.VersionBefore(v, OldestRelease); old {
			add(ptr+"/"+name, fmt.Sprintf("%s %s is older than the oldest supported release (%s): every supported release has it, drop the mark", name, v, OldestRelease))
			continue
		}
		got[name] = v
	}
	if min, max := got["x-vault-min-version"], got["x-vault-max-version"]; min != "" && max != "" {
		if after, _ := vtypes.VersionBefore(max, min); after {
			add(ptr, fmt.Sprintf("x-vault-min-version %s is after x-vault-max-version %s", min, max))
		}
	}
	return fs
}

// lintFieldVersions checks the version marks of the request body's
// top-level properties, where request fields are marked.
func lintFieldVersions(file, ptr string, op *openapi3.Operation) Findings {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return nil
	}
	var fs Findings
	for mt, media := range op.RequestBody.Value.Content {
		if media == nil || media.Schema == nil {
			continue
		}
		base := ptr + pointer("requestBody", "content", mt, "schema")
		for name, ps := range properties(media.Schema) {
			if ps.Value == nil {
				continue
			}
			fs = append(fs, lintVersions(file, base+pointer("properties", name), ps.Value.Extensions)...)
		}
	}
	return fs
}

// noteFieldVersions adds the version marks of inline request and component
// properties to their descriptions, so the Go field's doc comment says since
// when Vault reads it. Each schema is noted once, however often it is used.
func noteFieldVersions(doc *openapi3.T) {
	seen := map[*openapi3.Schema]bool{}
	note := func(s *openapi3.SchemaRef) {
		if s == nil || s.Value == nil || seen[s.Value] {
			return
		}
		seen[s.Value] = true
		for _, ps := range s.Value.Properties {
			if ps == nil || ps.Ref != "" || ps.Value == nil {
				continue // a $ref's siblings are not part of OpenAPI 3.0
			}
			var facts []string
			if v, _ := ps.Value.Extensions["x-vault-min-version"].(string); v != "" {
				facts = append(facts, "Since Vault "+v+".")
			}
			if v, _ := ps.Value.Extensions["x-vault-max-version"].(string); v != "" {
				facts = append(facts, "Until Vault "+v+".")
			}
			if len(facts) > 0 {
				ps.Value.Description = strings.TrimSpace(ps.Value.Description + " " + strings.Join(facts, " "))
			}
		}
	}
	if doc.Components != nil {
		for _, s := range doc.Components.Schemas {
			note(s)
		}
	}
	if doc.Paths == nil {
		return
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody == nil || op.RequestBody.Value == nil {
				continue
			}
			for _, media := range op.RequestBody.Value.Content {
				note(media.Schema)
			}
		}
	}
}
