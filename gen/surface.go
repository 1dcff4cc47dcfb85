package gen

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// The client template (templates/client.tmpl) gives each operation one
// method with one result and one error. These are the facts it asks for.
func init() {
	codegen.TemplateFunctions["signature"] = signature
	codegen.TemplateFunctions["failWith"] = failWith
	codegen.TemplateFunctions["callExpr"] = callExpr
	codegen.TemplateFunctions["requestBody"] = func(op codegen.OperationDefinition) *body { return chooseBody(op) }
	codegen.TemplateFunctions["isList"] = isList
	codegen.TemplateFunctions["opDoc"] = opDoc
	codegen.TemplateFunctions["hasParams"] = func(op codegen.OperationDefinition) bool { return op.RequiresParamObject() }
}

// area is the document being generated, for what the operations alone do
// not say (its mount in the URL, its Vault API page). Generation is
// sequential, so one variable is enough.
var area struct {
	server string // "/v1/{mount}"
	docs   string // Vault's API page for the area
}

// result is what a method returns besides its error.
type result struct {
	call    string // vtypes function: CallJSON, CallList, CallBytes, CallNoContent
	goType  string // the decoded type, for CallJSON and CallList
	answers []int  // statuses outside 2xx whose body is that type too (sys/health's)
}

func resultOf(op codegen.OperationDefinition) result {
	r := result{call: "CallNoContent"}
	tds, _ := op.GetResponseTypeDefinitions() // the same types the stock client decoded into
	for _, td := range tds {
		if code, err := strconv.Atoi(td.ResponseName); err == nil && code >= 200 && code < 300 && isJSON(td.ContentTypeName) {
			r = result{call: "CallJSON", goType: td.Schema.TypeDecl()}
			if isList(op) {
				r.call = "CallList"
			}
			break
		}
	}
	if r.goType == "" && hasBody(op.Spec, func(code int) bool { return code >= 200 && code < 300 }) {
		r.call = "CallBytes"
	}
	if r.goType != "" && mixedSuccess(op.Spec) {
		// JSON or, on request, text (metrics in Prometheus format, an
		// activity export as CSV): the caller gets the bytes either way.
		r = result{call: "CallBytes"}
	}
	// Other statuses the spec documents as answers rather than failures:
	// sys/health's 429 and 503 (the same body as its 200), an OCSP error
	// answer (DER, like the success), a 304 Not Modified (no body), any
	// status of a HEAD (it is the whole answer).
	for _, status := range keys(op.Spec.Responses.Map()) {
		code, err := strconv.Atoi(status)
		if err != nil || (code >= 200 && code < 300) {
			continue
		}
		content := op.Spec.Responses.Value(status).Value.Content
		same := false
		for ct, media := range content {
			switch {
			case media.Schema == nil:
			case r.goType != "" && isJSON(ct):
				for _, td := range tds {
					if td.ResponseName == status && td.ContentTypeName == ct && td.Schema.TypeDecl() == r.goType {
						same = true
					}
				}
			case r.call == "CallBytes" && !isJSON(ct):
				same = true
			}
		}
		if same || (len(content) == 0 && (code == http.StatusNotModified || op.Method == http.MethodHead)) {
			r.answers = append(r.answers, code)
		}
	}
	sort.Ints(r.answers)
	return r
}

// mixedSuccess reports a 2xx answer that may come as JSON or as another
// content type.
func mixedSuccess(op *openapi3.Operation) bool {
	for status, ref := range op.Responses.Map() {
		if code, err := strconv.Atoi(status); err == nil && code >= 200 && code < 300 {
			var json, other bool
			for ct := range ref.Value.Content {
				json, other = json || isJSON(ct), other || !isJSON(ct)
			}
			if json && other {
				return true
			}
		}
	}
	return false
}

// hasBody reports whether a status that want accepts declares a body.
func hasBody(op *openapi3.Operation, want func(int) bool) bool {
	for status, ref := range op.Responses.Map() {
		if code, err := strconv.Atoi(status); err == nil && want(code) {
			for _, media := range ref.Value.Content {
				if media.Schema != nil {
					return true
				}
			}
		}
	}
	return false
}

func isJSON(contentType string) bool {
	return contentType == "application/json" || strings.HasSuffix(contentType, "+json")
}

// body is the request body a method takes: typed JSON, a form, or bytes.
type body struct {
	Kind        string // "json", "form" or "bytes"
	GoType      string
	ContentType string
}

func chooseBody(op codegen.OperationDefinition) *body {
	var pick *body
	for _, b := range op.Bodies {
		switch {
		case b.IsJSON():
			return &body{Kind: "json", GoType: b.Schema.TypeDecl(), ContentType: b.ContentType}
		case b.NameTag == "Formdata" && pick == nil:
			pick = &body{Kind: "form", GoType: b.Schema.TypeDecl(), ContentType: b.ContentType}
		case pick == nil:
			pick = &body{Kind: "bytes", GoType: "[]byte", ContentType: b.ContentType}
		}
	}
	return pick
}

func isList(op codegen.OperationDefinition) bool {
	v, _ := op.Spec.Extensions["x-vault-list"].(bool)
	return v
}

// signature is the method's name, arguments and results.
func signature(op codegen.OperationDefinition) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s(ctx context.Context", op.OperationId)
	for _, p := range op.PathParams {
		fmt.Fprintf(&b, ", %s %s", p.GoVariableName(), p.TypeDef())
	}
	if op.RequiresParamObject() {
		fmt.Fprintf(&b, ", params *%sParams", op.OperationId)
	}
	if bd := chooseBody(op); bd != nil {
		fmt.Fprintf(&b, ", body %s", bd.GoType)
	}
	b.WriteString(", editors ...RequestEditorFn) ")
	switch r := resultOf(op); r.call {
	case "CallJSON", "CallList":
		fmt.Fprintf(&b, "(*%s, error)", r.goType)
	case "CallBytes":
		b.WriteString("([]byte, error)")
	default:
		b.WriteString("error")
	}
	return b.String()
}

// failWith is the method's return of err before anything was sent.
func failWith(op codegen.OperationDefinition, err string) string {
	if resultOf(op).call == "CallNoContent" {
		return "return " + err
	}
	return "return nil, " + err
}

// callExpr is the method's last statement: the call that sends the request
// and decodes the answer.
func callExpr(op codegen.OperationDefinition) string {
	r := resultOf(op)
	editors := "editors"
	if v, _ := op.Spec.Extensions["x-vault-min-version"].(string); v != "" {
		// A 404 or 405 from an older server becomes ErrUnsupportedByServer.
		editors = fmt.Sprintf("vtypes.Since(%q, editors)", v)
	}
	args := fmt.Sprintf("(ctx, c.doer, %q, req, %s)", op.OperationId, editors)
	if len(r.answers) > 0 {
		codes := make([]string, len(r.answers))
		for i, c := range r.answers {
			codes[i] = strconv.Itoa(c)
		}
		args = strings.TrimSuffix(args, ")") + ", " + strings.Join(codes, ", ") + ")"
	}
	if r.goType != "" {
		return fmt.Sprintf("return vtypes.%s[%s]%s", r.call, r.goType, args)
	}
	return "return vtypes." + r.call + args
}

// opDoc is the method's doc comment: our summary, the request as a user
// would write it, what the spec knows about it, and Vault's API page.
func opDoc(op codegen.OperationDefinition) string {
	var lines []string
	summary := strings.TrimSpace(op.Summary)
	if summary != "" {
		lines = append(lines, op.OperationId+": "+lowerFirst(summary))
	}
	method, base := op.Method, strings.TrimSuffix(area.server, "/")
	if isList(op) {
		method = "LIST"
	}
	if m := sentMethod(op); m != "" {
		method = m
	}
	if rootPath(op) {
		base = "" // outside /v1/, at the server's origin
	}
	lines = append(lines, "", "\t"+method+" "+base+op.Path, "")
	var facts []string
	ext := op.Spec.Extensions
	if v, _ := ext["x-vault-sudo"].(bool); v {
		facts = append(facts, "Needs sudo capability.")
	}
	if v, _ := ext["x-vault-unauthenticated"].(bool); v {
		if until, _ := ext[unauthBeforeExt].(string); until != "" {
			facts = append(facts, "Works without a token before Vault "+until+"; from "+until+" it needs one.")
		} else {
			facts = append(facts, "Works without a token.")
		}
	}
	if v, _ := ext["x-vault-enterprise"].(bool); v {
		facts = append(facts, "Vault Enterprise only.")
	}
	if v, _ := ext["x-vault-min-version"].(string); v != "" {
		facts = append(facts, "Since Vault "+v+"; an older server's 404 or 405 matches vtypes.ErrUnsupportedByServer.")
	}
	if v, _ := ext["x-vault-max-version"].(string); v != "" {
		facts = append(facts, "Until Vault "+v+".")
	}
	if isList(op) {
		facts = append(facts, "Sends list=true; an empty or missing folder is an empty result.")
	}
	r := resultOf(op)
	if r.call == "CallBytes" {
		facts = append(facts, "Returns the body as Vault sent it.")
	}
	if len(r.answers) > 0 {
		codes := make([]string, len(r.answers))
		for i, c := range r.answers {
			codes[i] = strconv.Itoa(c)
		}
		facts = append(facts, "Statuses "+strings.Join(codes, ", ")+" are answers, not errors (vtypes.CaptureRaw gives the status).")
	}
	if len(facts) > 0 {
		lines = append(lines, strings.Join(facts, " "), "")
	}
	lines = append(lines, "Vault API: "+area.docs)
	return "// " + strings.Join(lines, "\n// ")
}

func lowerFirst(s string) string {
	if s == "" || (len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z') {
		return s // an initialism (ACL, PKI) keeps its case
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// dropListParameter removes the required list=true query parameter from
// LIST operations: the generated method sends it itself.
func dropListParameter(doc *openapi3.T) {
	if doc.Paths == nil {
		return
	}
	keep := func(ps openapi3.Parameters) openapi3.Parameters {
		out := ps[:0:0]
		for _, p := range ps {
			if p.Value != nil && p.Value.In == openapi3.ParameterInQuery && p.Value.Name == "list" {
				continue
			}
			out = append(out, p)
		}
		return out
	}
	for _, item := range doc.Paths.Map() {
		lists := 0
		for method, op := range item.Operations() {
			if v, _ := op.Extensions["x-vault-list"].(bool); v && method == http.MethodGet {
				op.Parameters = keep(op.Parameters)
				lists++
			}
		}
		if lists == len(item.Operations()) {
			item.Parameters = keep(item.Parameters)
		}
	}
}
