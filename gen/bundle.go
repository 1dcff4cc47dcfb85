package gen

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// Bundle merges every area into one self-contained OpenAPI document: each
// area's paths are prefixed with its default mount (so the result describes a
// dev server as it comes up) and every cross-file $ref becomes a local one.
// Components that two areas define differently under one name are renamed with
// the area's package as prefix.
func Bundle(areas []Loaded) ([]byte, error) {
	merged := map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":   "HashiCorp Vault HTTP API (govault bundle)",
			"version": "",
		},
		"servers":    []any{map[string]any{"url": "/v1"}},
		"paths":      map[string]any{},
		"components": map[string]any{},
	}
	var tags []any
	for _, l := range areas {
		doc, err := Load(l.File) // a fresh copy: internalizing rewrites it
		if err != nil {
			return nil, err
		}
		if merged["info"].(map[string]any)["version"] == "" && doc.Info != nil {
			merged["info"].(map[string]any)["version"] = doc.Info.Version
		}
		doc.InternalizeRefs(context.Background(), lastSegmentName)
		raw, err := json.Marshal(doc)
		if err != nil {
			return nil, err
		}
		var area map[string]any
		if err := json.Unmarshal(raw, &area); err != nil {
			return nil, err
		}
		if err := mergeComponents(merged, area, l.Area.Package); err != nil {
			return nil, &Finding{File: l.File, Pointer: "/components", Rule: "bundle", Message: err.Error()}
		}
		prefix := mountPrefix(doc)
		paths, _ := area["paths"].(map[string]any)
		for p, item := range paths {
			full := prefix + p
			if isRootPathItem(item) {
				full = p // served outside /v1/ (x-vault-root-path)
			}
			if _, dup := merged["paths"].(map[string]any)[full]; dup {
				return nil, &Finding{File: l.File, Pointer: pointer("paths", p), Rule: "bundle", Message: "path " + full + " is served by two areas at their default mounts"}
			}
			merged["paths"].(map[string]any)[full] = item
		}
		if t, ok := area["tags"].([]any); ok {
			tags = append(tags, t...)
		}
	}
	if len(tags) > 0 {
		merged["tags"] = tags
	}
	raw, err := json.Marshal(merged)
	if err != nil {
		return nil, err
	}
	// Prove the result stands on its own before handing it out.
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(raw)
	if err != nil {
		return nil, fmt.Errorf("bundle does not load: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("bundle is not valid: %w", err)
	}
	var node yaml.Node
	if err := yaml.Unmarshal(raw, &node); err != nil {
		return nil, err
	}
	blockStyle(&node)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&node); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}

// lastSegmentName names an internalized component after the component it came
// from ("Envelope", not "openapi_components_common_Envelope"). Shared
// components are identical in every area, so the merge keeps one copy.
func lastSegmentName(_ *openapi3.T, ref openapi3.ComponentRef) string {
	r := ref.RefString()
	return r[strings.LastIndex(r, "/")+1:]
}

// blockStyle undoes the flow style YAML keeps from JSON input, for a readable file.
func blockStyle(n *yaml.Node) {
	n.Style = 0 // plain block style; the encoder still quotes what needs it
	for _, c := range n.Content {
		blockStyle(c)
	}
}

// mountPrefix turns "/v1/{mount}" with default "secret" into "/secret".
func mountPrefix(doc *openapi3.T) string {
	if len(doc.Servers) == 0 {
		return ""
	}
	s := doc.Servers[0]
	url := strings.TrimPrefix(s.URL, "/v1")
	for name, v := range s.Variables {
		url = strings.ReplaceAll(url, "{"+name+"}", v.Default)
	}
	return strings.TrimSuffix(url, "/")
}

func mergeComponents(merged, area map[string]any, pkg string) error {
	comps, _ := area["components"].(map[string]any)
	target := merged["components"].(map[string]any)
	renames := map[string]string{}
	for section, entries := range comps {
		items, ok := entries.(map[string]any)
		if !ok {
			continue
		}
		dst, _ := target[section].(map[string]any)
		if dst == nil {
			dst = map[string]any{}
			target[section] = dst
		}
		for name, v := range items {
			if have, ok := dst[name]; ok && !reflect.DeepEqual(have, v) {
				renames["#/components/"+section+"/"+name] = "#/components/" + section + "/" + pkg + "_" + name
			}
		}
	}
	if len(renames) > 0 {
		rewriteRefs(area, renames)
		comps, _ = area["components"].(map[string]any)
	}
	for section, entries := range comps {
		items, ok := entries.(map[string]any)
		if !ok {
			continue
		}
		dst := target[section].(map[string]any)
		for name, v := range items {
			if newRef, renamed := renames["#/components/"+section+"/"+name]; renamed {
				name = newRef[strings.LastIndex(newRef, "/")+1:]
			}
			dst[name] = v
		}
	}
	return nil
}

func rewriteRefs(v any, renames map[string]string) {
	switch t := v.(type) {
	case map[string]any:
		for k, child := range t {
			if s, ok := child.(string); ok && k == "$ref" {
				if r, ok := renames[s]; ok {
					t[k] = r
				}
				continue
			}
			rewriteRefs(child, renames)
		}
	case []any:
		for _, child := range t {
			rewriteRefs(child, renames)
		}
	}
}

// isRootPathItem reports a path item whose operations are served outside
// /v1/ (x-vault-root-path): it keeps its path as written.
func isRootPathItem(item any) bool {
	ops, _ := item.(map[string]any)
	for _, op := range ops {
		if m, ok := op.(map[string]any); ok {
			if root, _ := m[rootPathExt].(bool); root {
				return true
			}
		}
	}
	return false
}
