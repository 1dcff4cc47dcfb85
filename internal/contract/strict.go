package contract

import "github.com/getkin/kin-openapi/openapi3"

// strict returns a copy of schema in which every object that lists its
// properties refuses properties it does not list, and allOf compositions are
// flattened first (an allOf member with additionalProperties:false would
// otherwise reject the fields its siblings add). The spec itself stays lenient
// for users; only the contract tests hold Vault to it.
func strict(ref *openapi3.SchemaRef, seen map[*openapi3.Schema]*openapi3.Schema) *openapi3.SchemaRef {
	if ref == nil || ref.Value == nil {
		return ref
	}
	if done, ok := seen[ref.Value]; ok {
		return &openapi3.SchemaRef{Value: done}
	}
	src := ref.Value
	out := &openapi3.Schema{}
	*out = *src
	seen[src] = out

	if len(src.AllOf) > 0 && allObjects(src.AllOf) {
		out.AllOf = nil
		out.Properties = openapi3.Schemas{}
		for name, p := range src.Properties {
			out.Properties[name] = p
		}
		out.Required = append([]string{}, src.Required...)
		for _, member := range src.AllOf {
			m := strict(member, seen).Value
			if out.Type == nil {
				out.Type = m.Type
			}
			for name, p := range m.Properties {
				out.Properties[name] = p
			}
			out.Required = append(out.Required, m.Required...)
			// Only a map-like member's own additionalProperties carries over;
			// the strict copy's false is ours, not the spec's.
			if declared := member.Value.AdditionalProperties; (declared.Has != nil && *declared.Has) || declared.Schema != nil {
				out.AdditionalProperties = m.AdditionalProperties
			}
		}
	}
	if len(out.Properties) > 0 {
		props := openapi3.Schemas{}
		for name, p := range out.Properties {
			props[name] = strict(p, seen)
		}
		out.Properties = props
		if out.AdditionalProperties.Has == nil && out.AdditionalProperties.Schema == nil {
			no := false
			out.AdditionalProperties = openapi3.AdditionalProperties{Has: &no}
		}
	}
	if out.Items != nil {
		out.Items = strict(out.Items, seen)
	}
	if s := out.AdditionalProperties.Schema; s != nil {
		out.AdditionalProperties.Schema = strict(s, seen)
	}
	for i, alt := range out.AnyOf {
		out.AnyOf[i] = strict(alt, seen)
	}
	for i, alt := range out.OneOf {
		out.OneOf[i] = strict(alt, seen)
	}
	return &openapi3.SchemaRef{Value: out}
}

// allObjects reports whether every allOf member describes an object (or
// only adds constraints), so merging their properties is faithful.
func allObjects(members openapi3.SchemaRefs) bool {
	for _, m := range members {
		if m.Value == nil {
			return false
		}
		if t := m.Value.Type; t != nil && !t.Is("object") {
			return false
		}
	}
	return true
}
