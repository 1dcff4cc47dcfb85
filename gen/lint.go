package gen

import (
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// Loaded is an area together with its parsed document.
type Loaded struct {
	Area Area
	File string
	Doc  *openapi3.T
}

// LoadAll loads and validates every area. It reports all broken areas at once.
func LoadAll(s *Spec) ([]Loaded, error) {
	var out []Loaded
	var fs Findings
	for _, a := range s.Areas {
		doc, err := Load(s.Path(a))
		if err != nil {
			fs = append(fs, AsFindings(err)...)
			continue
		}
		out = append(out, Loaded{Area: a, File: s.Path(a), Doc: doc})
	}
	if len(fs) > 0 {
		return nil, fs
	}
	return out, nil
}

// Lint applies the project's own rules on top of OpenAPI validity: the things
// that make a spec unusable for code generation or for users even when it is
// valid OpenAPI.
func Lint(areas []Loaded) Findings {
	var fs Findings
	opIDs := map[string]string{} // operationId -> "file#pointer" of first use
	for _, l := range areas {
		fs = append(fs, lintArea(l, opIDs)...)
	}
	return fs.sorted()
}

// Generated code declares these locals and arguments; a parameter whose Go name
// matches one of them does not compile.
var generatedLocals = map[string]bool{
	"ctx": true, "req": true, "body": true, "params": true, "reqEditors": true,
	"server": true, "client": true, "err": true, "c": true, "serverURL": true,
	"queryURL": true, "operationPath": true, "rsp": true, "response": true,
	"contentType": true, "bodyReader": true, "buf": true,
}

// Suffixes oapi-codegen appends to an operationId for its own types.
var operationTypeSuffixes = []string{"Params", "JSONBody", "JSONRequestBody", "Response", "ApplicationMergePatchPlusJSONBody", "ApplicationMergePatchPlusJSONRequestBody"}

func lintArea(l Loaded, opIDs map[string]string) Findings {
	var fs Findings
	add := func(ptr, rule, format string, args ...any) {
		fs = append(fs, &Finding{File: l.File, Pointer: ptr, Rule: rule, Message: fmt.Sprintf(format, args...)})
	}
	doc := l.Doc
	// Go type names the generated package will declare, and where each comes from.
	typeNames := map[string]string{}
	claim := func(goName, ptr string) {
		if prev, ok := typeNames[goName]; ok && prev != ptr {
			add(ptr, "go-name-collision", "generates Go type %s, which %s also generates; rename one", goName, prev)
			return
		}
		typeNames[goName] = ptr
	}
	if c := doc.Components; c != nil {
		for _, kind := range []struct {
			section string
			names   []string
		}{
			{"schemas", keys(c.Schemas)}, {"parameters", keys(c.Parameters)},
			{"responses", keys(c.Responses)}, {"requestBodies", keys(c.RequestBodies)},
		} {
			for _, name := range kind.names {
				claim(codegen.SchemaNameToTypeName(name), pointer("components", kind.section, name))
			}
		}
	}
	if c := doc.Components; c != nil {
		for _, name := range keys(c.Schemas) {
			for prop, ps := range properties(c.Schemas[name]) {
				if ps.Ref == "" && ps.Value != nil && secretLooking(name, prop) && !isSecret(ps) {
					add(pointer("components", "schemas", name), "secret-unmarked",
						"property %q looks like a credential: mark it x-vault-secret: true (its type then prints it redacted), or rename it", prop)
				}
			}
		}
	}
	if l.Area.Package != "vaultcommon" {
		if len(doc.Servers) == 0 || !strings.HasPrefix(doc.Servers[0].URL, "/v1/") {
			add("/servers", "server-url", "an area document needs a server URL starting with /v1/ (its mount)")
		}
	}
	if doc.Paths == nil {
		return fs
	}
	for _, p := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(p)
		for _, method := range sortedMethods(item) {
			op := item.GetOperation(method)
			ptr := pointer("paths", p, strings.ToLower(method))
			if op.OperationID == "" {
				add(ptr+"/operationId", "operation-id", "every operation needs an operationId")
			} else {
				if prev, dup := opIDs[op.OperationID]; dup {
					add(ptr+"/operationId", "operation-id-unique", "operationId %s is already used at %s", op.OperationID, prev)
				} else {
					opIDs[op.OperationID] = l.File + "#" + ptr
				}
				for _, suffix := range operationTypeSuffixes {
					claim(op.OperationID+suffix, ptr)
				}
			}
			if len(op.Tags) == 0 {
				add(ptr+"/tags", "tag", "every operation needs a tag")
			}
			if strings.TrimSpace(op.Summary) == "" {
				add(ptr+"/summary", "summary", "every operation needs a summary")
			}
			fs = append(fs, lintParams(l.File, ptr, item, op)...)
			fs = append(fs, lintResponses(l.File, ptr, method, op)...)
			fs = append(fs, lintExtensions(l.File, ptr, p, method, item, op)...)
		}
	}
	return fs
}

func lintParams(file, ptr string, item *openapi3.PathItem, op *openapi3.Operation) Findings {
	var fs Findings
	all := append(append(openapi3.Parameters{}, item.Parameters...), op.Parameters...)
	for i, pr := range all {
		if pr.Value == nil {
			continue
		}
		goVar := codegen.LowercaseFirstCharacters(codegen.ToCamelCase(pr.Value.Name))
		if generatedLocals[goVar] && pr.Value.In == openapi3.ParameterInPath {
			if _, named := pr.Value.Extensions["x-go-name"]; !named {
				fs = append(fs, &Finding{File: file, Pointer: ptr + fmt.Sprintf("/parameters/%d", i), Rule: "go-name-shadow",
					Message: fmt.Sprintf("path parameter %q becomes Go argument %s, which the generated code already uses; set x-go-name", pr.Value.Name, goVar)})
			}
		}
		if v, ok := pr.Value.Extensions[multiSegmentExt]; ok {
			isString := pr.Value.Schema != nil && pr.Value.Schema.Value != nil && pr.Value.Schema.Value.Type.Is("string")
			if b, isBool := v.(bool); !isBool || !b || pr.Value.In != openapi3.ParameterInPath || !isString {
				fs = append(fs, &Finding{File: file, Pointer: ptr + fmt.Sprintf("/parameters/%d/%s", i, multiSegmentExt), Rule: "path-segments",
					Message: multiSegmentExt + " is true, and only on a string path parameter that may hold slashes"})
			}
		}
		if pr.Value.Schema == nil && len(pr.Value.Content) == 0 {
			fs = append(fs, &Finding{File: file, Pointer: ptr + fmt.Sprintf("/parameters/%d", i), Rule: "parameter-type",
				Message: fmt.Sprintf("parameter %q has no schema", pr.Value.Name)})
		}
	}
	return fs
}

func lintResponses(file, ptr, method string, op *openapi3.Operation) Findings {
	var fs Findings
	add := func(p, rule, msg string) { fs = append(fs, &Finding{File: file, Pointer: p, Rule: rule, Message: msg}) }
	if op.Responses == nil || op.Responses.Default() == nil {
		add(ptr+"/responses", "error-response", "declare a default response with Vault's error body")
	}
	if op.Responses == nil {
		return fs
	}
	for status, ref := range op.Responses.Map() {
		code, err := strconv.Atoi(status)
		if err != nil || code < 200 || code > 299 || ref.Value == nil {
			continue
		}
		switch {
		case code == http.StatusNoContent && len(ref.Value.Content) > 0:
			add(ptr+"/responses/204", "response-schema", "a 204 carries no body; drop its content")
		case code != http.StatusNoContent && code != http.StatusAccepted && method != http.MethodHead && len(ref.Value.Content) == 0:
			// 202 may be empty: Vault accepts some work for later without a
			// body; and a HEAD answer never has one.
			add(ptr+"/responses/"+status, "response-schema", "a 2xx other than 202 and 204 has a body: declare its content and schema")
		}
		for mt, media := range ref.Value.Content {
			if media == nil || media.Schema == nil {
				add(ptr+"/responses/"+status+"/content/"+strings.ReplaceAll(mt, "/", "~1"), "response-schema", "response content has no schema")
			}
		}
	}
	return fs
}

func lintExtensions(file, ptr, path, method string, item *openapi3.PathItem, op *openapi3.Operation) Findings {
	var fs Findings
	for _, flag := range []string{"x-vault-sudo", "x-vault-unauthenticated", "x-vault-enterprise", "x-vault-list", rootPathExt} {
		if v, ok := op.Extensions[flag]; ok {
			if _, isBool := v.(bool); !isBool {
				fs = append(fs, &Finding{File: file, Pointer: ptr + "/" + flag, Rule: "extension-type", Message: flag + " must be true or false"})
			}
		}
	}
	if v, ok := op.Extensions[unauthBeforeExt]; ok {
		if s, isString := v.(string); !isString || !versionString.MatchString(s) {
			fs = append(fs, &Finding{File: file, Pointer: ptr + "/" + unauthBeforeExt, Rule: "extension-type", Message: unauthBeforeExt + " must be a quoted version string such as \"2.0\""})
		}
	}
	fs = append(fs, lintVaultExtensions(file, ptr, path, method, op)...)
	fs = append(fs, lintVersions(file, ptr, op.Extensions)...)
	fs = append(fs, lintFieldVersions(file, ptr, op)...)
	if isList, _ := op.Extensions["x-vault-list"].(bool); isList {
		hasList := false
		for _, pr := range append(append(openapi3.Parameters{}, item.Parameters...), op.Parameters...) {
			if pr.Value != nil && pr.Value.Name == "list" && pr.Value.In == openapi3.ParameterInQuery && pr.Value.Required {
				hasList = true
			}
		}
		if method != http.MethodGet || !strings.HasSuffix(path, "/") || !hasList {
			fs = append(fs, &Finding{File: file, Pointer: ptr, Rule: "list", Message: "a LIST operation is a GET on a path ending in / with the required ListQuery parameter"})
		}
	}
	return fs
}

var versionString = regexp.MustCompile(`^[0-9]+\.[0-9]+(\.[0-9]+)?$`)

// lintVaultExtensions checks the extensions that say what OpenAPI 3.0
// cannot (extensions.go): a custom method, a path outside /v1/, and an
// operation that stops being unauthenticated at some version.
func lintVaultExtensions(file, ptr, path, method string, op *openapi3.Operation) Findings {
	var fs Findings
	add := func(ext, msg string) {
		fs = append(fs, &Finding{File: file, Pointer: ptr + "/" + ext, Rule: "vault-extension", Message: msg})
	}
	if v, ok := op.Extensions[methodExt]; ok {
		if m, _ := v.(string); !customMethods[m] || method != http.MethodPut {
			add(methodExt, methodExt+" is RECOVER, on the put slot (Vault treats PUT as POST, so the slot is free)")
		}
	}
	if root, _ := op.Extensions[rootPathExt].(bool); root && (strings.HasPrefix(path, "/v1/") || !strings.HasPrefix(path, "/.well-known/")) {
		add(rootPathExt, rootPathExt+" is for a path Vault serves outside /v1/, under /.well-known/")
	}
	if _, ok := op.Extensions[unauthBeforeExt]; ok {
		if unauth, _ := op.Extensions["x-vault-unauthenticated"].(bool); !unauth {
			add(unauthBeforeExt, unauthBeforeExt+" qualifies x-vault-unauthenticated: true; add that mark")
		}
	}
	return fs
}

func sortedMethods(item *openapi3.PathItem) []string { return keys(item.Operations()) }

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
