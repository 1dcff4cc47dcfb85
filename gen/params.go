package gen

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// The client template writes parameters that are plain strings, integers or
// booleans with strconv and net/url. oapi-codegen's runtime styles every
// parameter through reflection: that costs allocations on each request and,
// because it reaches every style and format, about 60 KB in each program
// that builds a request. Other parameters still go through the runtime.
func init() {
	codegen.TemplateFunctions["plainParam"] = plainParam
	codegen.TemplateFunctions["paramString"] = paramString
	codegen.TemplateFunctions["queryKey"] = url.QueryEscape
	codegen.TemplateFunctions["pathConcat"] = pathConcat
	codegen.TemplateFunctions["escapesPaths"] = escapesPaths
	codegen.TemplateFunctions["allPlain"] = allPlain
	codegen.TemplateFunctions["pathCheck"] = pathCheck
}

// multiSegmentExt marks a path parameter that may span segments (a KV secret
// path, a mount, a lease ID); every other path parameter is one segment.
const multiSegmentExt = "x-vault-multi-segment"

// pathCheck is the Go statement that refuses a string path parameter which
// would leave its place in the path ("..", "." or empty segments, or a "/"
// in a one-segment name), naming the operation and the parameter; "" for
// parameters that are not strings, which cannot.
func pathCheck(op string, p codegen.ParameterDefinition) string {
	if p.SchemaType() != "string" {
		return ""
	}
	check := "CheckPathSegment"
	if multi, _ := p.Spec.Extensions[multiSegmentExt].(bool); multi {
		check = "CheckPathSegments"
	}
	return fmt.Sprintf("if err := vtypes.%s(%q, %q, %s); err != nil {\n\treturn nil, err\n}", check, op, p.ParamName, convert(p, "string", p.GoVariableName()))
}

// allPlain reports whether the template writes every one of params itself.
func allPlain(params []codegen.ParameterDefinition) bool {
	for _, p := range params {
		if !plainParam(p) {
			return false
		}
	}
	return true
}

// escapesPaths reports whether any operation has a string path parameter
// written by the template, which then needs the escapePath helper.
func escapesPaths(ops []codegen.OperationDefinition) bool {
	for _, op := range ops {
		for _, p := range op.PathParams {
			if plainParam(p) && p.SchemaType() == "string" {
				return true
			}
		}
	}
	return false
}

// plainParam reports whether p is a primitive the template can write itself:
// the default style of its location, no format, no allowReserved.
func plainParam(p codegen.ParameterDefinition) bool {
	if !p.IsStyled() || p.SchemaFormat() != "" || p.Spec.AllowReserved {
		return false
	}
	switch p.SchemaType() {
	case "string", "integer", "boolean":
	default:
		return false
	}
	switch p.In {
	case "path", "header":
		return p.Style() == "simple"
	case "query":
		return p.Style() == "form" && p.Explode()
	}
	return false
}

// paramString is the Go expression that turns the value expr of parameter p
// into its text, escaped for where it goes: for instance
// escapePath(string(path)) or strconv.FormatInt(int64(*params.Version), 10).
// Numbers and booleans never need escaping.
func paramString(p codegen.ParameterDefinition, expr string) string {
	switch p.SchemaType() {
	case "integer":
		if p.TypeDef() == "int" {
			return "strconv.Itoa(" + expr + ")"
		}
		return "strconv.FormatInt(int64(" + expr + "), 10)"
	case "boolean":
		return "strconv.FormatBool(" + convert(p, "bool", expr) + ")"
	}
	expr = convert(p, "string", expr)
	switch p.In {
	case "path":
		return "escapePath(" + expr + ")"
	case "query":
		return "url.QueryEscape(" + expr + ")"
	}
	return expr // headers go as they are
}

// convert is expr as the Go type base, converted only when p's type is a
// named type (an enum or an alias of the spec's).
func convert(p codegen.ParameterDefinition, base, expr string) string {
	if p.TypeDef() == base {
		return expr
	}
	return base + "(" + expr + ")"
}

var pathParamRE = regexp.MustCompile(`\{([^}]+)\}`)

// pathConcat is a Go expression joining an operation's path from its literal
// parts and the pathParamN variables, e.g. "/data/" + pathParam0: one
// concatenation instead of fmt.Sprintf's boxing and printing. A parameter
// used twice keeps the number of its first use, as oapi-codegen numbers them.
func pathConcat(path string) string {
	index := map[string]int{}
	var parts []string
	last := 0
	for _, m := range pathParamRE.FindAllStringSubmatchIndex(path, -1) {
		if m[0] > last {
			parts = append(parts, strconv.Quote(path[last:m[0]]))
		}
		name := path[m[2]:m[3]]
		if _, ok := index[name]; !ok {
			index[name] = len(index)
		}
		parts = append(parts, "pathParam"+strconv.Itoa(index[name]))
		last = m[1]
	}
	if last < len(path) || len(parts) == 0 {
		parts = append(parts, strconv.Quote(path[last:]))
	}
	return strings.Join(parts, " + ")
}
