package gen

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

func TestPathConcat(t *testing.T) {
	for path, want := range map[string]string{
		"/sys/health":          `"/sys/health"`,
		"/data/{path}":         `"/data/" + pathParam0`,
		"/{name}":              `"/" + pathParam0`,
		"/keys/{name}/rotate":  `"/keys/" + pathParam0 + "/rotate"`,
		"/{a}/x/{b}":           `"/" + pathParam0 + "/x/" + pathParam1`,
		"/{a}/{b}/copy/{a}":    `"/" + pathParam0 + "/" + pathParam1 + "/copy/" + pathParam0`,
		`/odd/"quoted"/{name}`: `"/odd/\"quoted\"/" + pathParam0`,
	} {
		if got := pathConcat(path); got != want {
			t.Errorf("pathConcat(%q) = %s, want %s", path, got, want)
		}
	}
}

func param(in, typ, format, goType string) codegen.ParameterDefinition {
	s := &openapi3.Schema{Type: &openapi3.Types{typ}, Format: format}
	return codegen.ParameterDefinition{ParamName: "p", In: in,
		Spec:   &openapi3.Parameter{Name: "p", In: in, Schema: openapi3.NewSchemaRef("", s)},
		Schema: codegen.Schema{GoType: goType}}
}

func TestParamsTheTemplateWrites(t *testing.T) {
	for _, tc := range []struct {
		p    codegen.ParameterDefinition
		want string // "" when the runtime must style it
	}{
		{param("path", "string", "", "SecretPath"), "escapePath(string(x))"},
		{param("path", "string", "", "string"), "escapePath(x)"},
		{param("path", "integer", "", "int"), "strconv.Itoa(x)"},
		{param("query", "integer", "", "Version"), "strconv.FormatInt(int64(x), 10)"},
		{param("query", "boolean", "", "bool"), "strconv.FormatBool(x)"},
		{param("query", "string", "", "ListFlag"), "url.QueryEscape(string(x))"},
		{param("header", "string", "", "string"), "x"},
		{param("query", "string", "date-time", "time.Time"), ""},
		{param("query", "array", "", "[]string"), ""},
	} {
		name := tc.p.In + "/" + tc.p.Schema.GoType
		if got := plainParam(tc.p); got != (tc.want != "") {
			t.Errorf("%s: plainParam = %v", name, got)
			continue
		}
		if tc.want != "" {
			if got := paramString(tc.p, "x"); got != tc.want {
				t.Errorf("%s: paramString = %s, want %s", name, got, tc.want)
			}
		}
	}
	reserved := param("query", "string", "", "string")
	reserved.Spec.AllowReserved = true
	deep := param("query", "string", "", "string")
	deep.Spec.Style = "deepObject"
	for name, p := range map[string]codegen.ParameterDefinition{"allowReserved": reserved, "deepObject": deep} {
		if plainParam(p) {
			t.Errorf("%s: the template must leave it to the runtime", name)
		}
	}
	plain := param("query", "integer", "", "int")
	if !allPlain([]codegen.ParameterDefinition{plain, plain}) || allPlain([]codegen.ParameterDefinition{plain, deep}) {
		t.Error("allPlain: want true only when every parameter is plain")
	}
}
