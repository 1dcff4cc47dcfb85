package gen

import (
	"strconv"

	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// Vault has two things OpenAPI 3.0 cannot say; CONVENTIONS.md gives the
// extensions that say them, and these read them.
const (
	// methodExt on a put operation names the HTTP method really sent:
	// RECOVER (restore from a loaded snapshot) has no OpenAPI slot, and
	// Vault never needs PUT apart from POST, so the put slot carries it.
	methodExt = "x-vault-method"
	// rootPathExt marks an operation whose path is served from the server's
	// origin, outside /v1/ (/.well-known/...), not below the area's mount.
	rootPathExt = "x-vault-root-path"
	// unauthBeforeExt is the version from which an x-vault-unauthenticated
	// operation needs a token too.
	unauthBeforeExt = "x-vault-unauthenticated-before"
)

// customMethods are the only values methodExt may take.
var customMethods = map[string]bool{"RECOVER": true}

func init() {
	codegen.TemplateFunctions["requestMethod"] = requestMethod
	codegen.TemplateFunctions["rootPath"] = rootPath
}

// requestMethod is the Go expression of the method the request sends.
func requestMethod(op codegen.OperationDefinition) string {
	if m := sentMethod(op); m != "" {
		return strconv.Quote(m)
	}
	switch op.Method {
	case "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE":
		return "http.Method" + op.Method[:1] + lowerASCII(op.Method[1:])
	}
	return strconv.Quote(op.Method)
}

func sentMethod(op codegen.OperationDefinition) string {
	m, _ := op.Spec.Extensions[methodExt].(string)
	return m
}

func rootPath(op codegen.OperationDefinition) bool {
	v, _ := op.Spec.Extensions[rootPathExt].(bool)
	return v
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
