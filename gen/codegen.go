package gen

import (
	_ "embed"
	"fmt"
	"path"
	"strings"

	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// clientTemplate replaces oapi-codegen's request builder with one that
// parses each request URL once; see the file's header.
//
//go:embed templates/client.tmpl
var clientTemplate string

// initialisms are spelled in capitals in generated names, beyond
// oapi-codegen's own list (ID, TTL, URL, TLS, ACL, ...): issuing_ca is
// IssuingCA, token_bound_cidrs TokenBoundCIDRs, secret_id_num_uses keeps ID.
var initialisms = []string{
	"CA", "CAs", "CSR", "CSRs", "CRL", "CRLs", "CIDR", "CIDRs", "IDs", "JWT", "JWTs", "JWKS", "MFA", "OTP",
	"OIDC", "PEM", "HMAC", "URLs", "URIs", "IPs", "ACLs", "TTLs", "OCSP", "ACME", "DN", "CN", "AWS", "GCP",
	"KMS", "ARN", "ARNs", "SAN", "SANs", "TOTP", "LDAP", "RSA",
}

// none replaces an upstream template whose output we do not want (a body
// of only a comment would not replace it: text/template keeps the old one).
const none = "{{if false}}not generated{{end}}\n"

// ModulePath is the Go module the generated packages live in.
const ModulePath = "github.com/govault/govault"

// commonRef is how area documents refer to the shared components file.
const commonRef = "../components/common.yaml"

// Generate runs oapi-codegen on every area and returns the Go source of each
// package keyed by its path under the output folder (e.g. "kvv2/kvv2.gen.go").
// Nothing is written: a failure in any area leaves the tree untouched.
func Generate(s *Spec, areas []Loaded) (map[string][]byte, error) {
	common := ""
	for _, a := range s.Areas {
		if a.Package == "vaultcommon" {
			common = a.Package
		}
	}
	out := make(map[string][]byte, len(areas))
	var problems Findings
	for _, l := range areas {
		hasPaths := l.Doc.Paths != nil && l.Doc.Paths.Len() > 0
		cfg := codegen.Configuration{
			PackageName: l.Area.Package,
			Generate:    codegen.GenerateOptions{Models: true, Client: hasPaths},
			OutputOptions: codegen.OutputOptions{
				// The shared package has no operations to keep its types alive.
				SkipPrune:             !hasPaths,
				NameNormalizer:        string(codegen.NameNormalizerFunctionToCamelCaseWithInitialisms),
				AdditionalInitialisms: initialisms,
				// nil already means "absent" for slices and maps.
				PreferSkipOptionalPointerOnContainerTypes: true,
				// Our client only: no second family of *WithResponse methods
				// and parsers, no per-operation body aliases.
				UserTemplates: map[string]string{"client.tmpl": clientTemplate, "client-with-responses.tmpl": none, "request-bodies.tmpl": none},
			},
			// For the path checks; the imports pass drops it where unused.
			AdditionalImports: []codegen.AdditionalImport{{Package: path.Join(ModulePath, "vtypes")}},
		}
		if common != "" && l.Area.Package != common {
			cfg.ImportMapping = map[string]string{commonRef: path.Join(ModulePath, "generated", common)}
		}
		ids := operationIDs(l) // before codegen, which rewrites them in place
		dropListParameter(l.Doc)
		noteFieldVersions(l.Doc)
		area.server, area.docs = serverURL(l), docsURL(l.Area)
		code, err := codegen.Generate(l.Doc, cfg)
		if err != nil {
			return nil, &Finding{File: l.File, Rule: "codegen", Message: err.Error()}
		}
		code = polish(code, l)
		// One gofmt pass after both rewrites: each leaves columns unaligned.
		if code, err = formatted(embedEnvelope(importCommonByName(code), l.Area.Package == common)); err != nil {
			return nil, &Finding{File: l.File, Rule: "codegen", Message: err.Error()}
		}
		if fs := checkMethodNames(l.File, ids, code); len(fs) > 0 {
			problems = append(problems, fs...)
			continue
		}
		out[path.Join(l.Area.Package, l.Area.Package+".gen.go")] = []byte(code)
		redact, err := redactions(l, code)
		if err != nil {
			return nil, &Finding{File: l.File, Rule: "codegen", Message: "redactions: " + err.Error()}
		}
		if redact != nil {
			out[path.Join(l.Area.Package, "redact.gen.go")] = redact
		}
		if l.Area.Package == common {
			out[path.Join(common, "envelope.gen.go")] = []byte(envelopeAccessor)
		}
	}
	if len(problems) > 0 {
		return nil, problems.sorted()
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no areas to generate")
	}
	return out, nil
}

// operationIDs maps each operation's JSON pointer to its operationId.
func operationIDs(l Loaded) map[string]string {
	ids := map[string]string{}
	for _, p := range l.Doc.Paths.InMatchingOrder() {
		item := l.Doc.Paths.Value(p)
		for _, method := range sortedMethods(item) {
			ids[pointer("paths", p, strings.ToLower(method), "operationId")] = item.GetOperation(method).OperationID
		}
	}
	return ids
}

// checkMethodNames makes sure each operation's Go method is spelled exactly
// like its operationId. oapi-codegen upper-cases initialisms (Ui -> UI), and a
// wrapper, an error message and the spec should all use one name.
func checkMethodNames(file string, ids map[string]string, code string) Findings {
	var fs Findings
	for ptr, id := range ids {
		if !strings.Contains(code, "func (c *Client) "+id+"(") && !strings.Contains(code, "func (c *Client) "+id+"WithBody(") {
			fs = append(fs, &Finding{File: file, Pointer: ptr, Rule: "operation-id-go-name",
				Message: fmt.Sprintf("operationId %s is not the generated method's name; spell initialisms in capitals (UI, ACL, ID, TTL, ...)", id)})
		}
	}
	return fs
}

// importCommonByName imports the shared package under its own name: godoc
// then shows vaultcommon.ErrorReply, not oapi-codegen's externalRef0.
func importCommonByName(code string) string {
	const alias = "externalRef0"
	if !strings.Contains(code, alias+" ") {
		return code
	}
	code = strings.Replace(code, alias+" \"", "\"", 1)
	return strings.ReplaceAll(code, alias+".", "vaultcommon.")
}

// serverURL is the area's server URL with its mount variable, "/v1/{mount}".
func serverURL(l Loaded) string {
	if len(l.Doc.Servers) == 0 {
		return "/v1"
	}
	return l.Doc.Servers[0].URL
}

// docsURL is Vault's API page for an area, from where its document lives:
// auth/approle.yaml is api-docs/auth/approle, secrets/kv-v2.yaml
// api-docs/secret/kv/kv-v2, the sys documents api-docs/system.
func docsURL(a Area) string {
	const base = docsBase
	dir, file := path.Split(strings.TrimSuffix(a.File, ".yaml"))
	switch dir {
	case "auth/":
		return base + "auth/" + file
	case "secrets/":
		if strings.HasPrefix(file, "kv-") {
			return base + "secret/kv/" + file
		}
		return base + "secret/" + file
	case "identity/":
		return base + "secret/identity"
	}
	return base + "system"
}

// docsBase is where Vault's API pages live.
const docsBase = "https://developer.hashicorp.com/vault/api-docs/"
