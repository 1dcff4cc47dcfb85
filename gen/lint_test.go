package gen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A small valid area; each case below breaks it in one way.
const goodArea = `openapi: 3.0.3
info: {title: t, version: "1"}
servers: [{url: '/v1/{mount}', variables: {mount: {default: thing}}}]
paths:
  /items/{name}:
    parameters:
      - {name: name, in: path, required: true, schema: {type: string}}
    get:
      operationId: ThingRead
      tags: [thing]
      summary: Read a thing.
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ThingReadResult'}
        default:
          $ref: '../components/common.yaml#/components/responses/ErrorReply'
components:
  schemas:
    ThingReadResult:
      type: object
      properties:
        name: {type: string}
`

// writeSpec lays out a root document, the real shared components and one area
// file with the given content, and returns the root's path.
func writeSpec(t *testing.T, area string) (root, areaFile string) {
	t.Helper()
	dir := t.TempDir()
	common, err := os.ReadFile("../openapi/components/common.yaml")
	if err != nil {
		t.Fatal(err)
	}
	must(t, os.MkdirAll(filepath.Join(dir, "components"), 0o755))
	must(t, os.MkdirAll(filepath.Join(dir, "things"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "components", "common.yaml"), common, 0o644))
	areaFile = filepath.Join(dir, "things", "thing.yaml")
	must(t, os.WriteFile(areaFile, []byte(area), 0o644))
	root = filepath.Join(dir, "vault.yaml")
	must(t, os.WriteFile(root, []byte(`openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
x-vault-areas:
  - {name: common, file: components/common.yaml, package: vaultcommon}
  - {name: thing, file: things/thing.yaml, package: thing}
`), 0o644))
	return root, areaFile
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestGoodAreaPassesAndGenerates(t *testing.T) {
	root, _ := writeSpec(t, goodArea)
	_, files, err := Build(root)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if !strings.Contains(string(files["thing/thing.gen.go"]), "func (c *Client) ThingRead(") {
		t.Errorf("generated code lacks the ThingRead method")
	}
}

func TestBrokenSpecsGiveOneClearFinding(t *testing.T) {
	for _, tc := range []struct {
		name    string
		edit    func(string) string
		rule    string
		pointer string
	}{
		{"bad ref", func(s string) string {
			return strings.Replace(s, "#/components/schemas/ThingReadResult", "#/components/schemas/Nope", 1)
		}, "load", ""},
		{"invalid yaml", func(s string) string { return s + "\n  : : [\n" }, "load", ""},
		{"missing response schema", func(s string) string {
			return strings.Replace(s, "              schema: {$ref: '#/components/schemas/ThingReadResult'}\n", "", 1)
		}, "response-schema", "/paths/~1items~1{name}/get/responses/200/content/application~1json"},
		{"missing operationId", func(s string) string { return strings.Replace(s, "operationId: ThingRead", "operationId: ''", 1) }, "operation-id", "/paths/~1items~1{name}/get/operationId"},
		{"missing tag", func(s string) string { return strings.Replace(s, "tags: [thing]", "tags: []", 1) }, "tag", "/paths/~1items~1{name}/get/tags"},
		{"missing summary", func(s string) string { return strings.Replace(s, "summary: Read a thing.", "summary: ''", 1) }, "summary", "/paths/~1items~1{name}/get/summary"},
		{"no error response", func(s string) string {
			return strings.Replace(s, "        default:\n          $ref: '../components/common.yaml#/components/responses/ErrorReply'\n", "", 1)
		}, "error-response", "/paths/~1items~1{name}/get/responses"},
		{"go type collision", func(s string) string { return strings.ReplaceAll(s, "ThingReadResult", "ThingReadResponse") }, "go-name-collision", "/paths/~1items~1{name}/get"},
		{"parameter shadows generated local", func(s string) string {
			return strings.ReplaceAll(strings.ReplaceAll(s, "{name}", "{body}"), "name: name,", "name: body,")
		}, "go-name-shadow", "/paths/~1items~1{body}/get/parameters/0"},
		{"operationId that codegen respells", func(s string) string {
			return strings.Replace(s, "operationId: ThingRead", "operationId: ThingReadUi", 1)
		}, "operation-id-go-name", "/paths/~1items~1{name}/get/operationId"},
		{"multi-segment mark on a query parameter", func(s string) string {
			return strings.Replace(s, "      - {name: name, in: path, required: true, schema: {type: string}}\n",
				"      - {name: name, in: path, required: true, schema: {type: string}}\n      - {name: q, in: query, x-vault-multi-segment: true, schema: {type: string}}\n", 1)
		}, "path-segments", "/paths/~1items~1{name}/get/parameters/1/x-vault-multi-segment"},
		{"credential without the secret mark", func(s string) string {
			return strings.Replace(s, "        name: {type: string}\n", "        name: {type: string}\n        password: {type: string}\n", 1)
		}, "secret-unmarked", "/components/schemas/ThingReadResult"},
		{"unquoted min version", func(s string) string {
			return strings.Replace(s, "      tags: [thing]\n", "      tags: [thing]\n      x-vault-min-version: 1.19\n", 1)
		}, "version", "/paths/~1items~1{name}/get/x-vault-min-version"},
		{"min version older than the oldest release", func(s string) string {
			return strings.Replace(s, "      tags: [thing]\n", "      tags: [thing]\n      x-vault-min-version: \"1.9\"\n", 1)
		}, "version", "/paths/~1items~1{name}/get/x-vault-min-version"},
		{"max version before min version", func(s string) string {
			return strings.Replace(s, "      tags: [thing]\n", "      tags: [thing]\n      x-vault-min-version: \"1.20\"\n      x-vault-max-version: \"1.19\"\n", 1)
		}, "version", "/paths/~1items~1{name}/get"},
		{"list without list parameter", func(s string) string {
			return strings.Replace(s, "      tags: [thing]\n", "      tags: [thing]\n      x-vault-list: true\n", 1)
		}, "list", "/paths/~1items~1{name}/get"},
		{"custom method other than RECOVER", func(s string) string {
			return strings.Replace(s, "      tags: [thing]\n", "      tags: [thing]\n      x-vault-method: PURGE\n", 1)
		}, "vault-extension", "/paths/~1items~1{name}/get/x-vault-method"},
		{"root path inside /v1/", func(s string) string {
			return strings.Replace(s, "      tags: [thing]\n", "      tags: [thing]\n      x-vault-root-path: true\n", 1)
		}, "vault-extension", "/paths/~1items~1{name}/get/x-vault-root-path"},
		{"unauthenticated-before without the unauthenticated mark", func(s string) string {
			return strings.Replace(s, "      tags: [thing]\n", "      tags: [thing]\n      x-vault-unauthenticated-before: '2.0'\n", 1)
		}, "vault-extension", "/paths/~1items~1{name}/get/x-vault-unauthenticated-before"},
		{"unauthenticated-before that is no version", func(s string) string {
			return strings.Replace(s, "      tags: [thing]\n", "      tags: [thing]\n      x-vault-unauthenticated: true\n      x-vault-unauthenticated-before: soon\n", 1)
		}, "extension-type", "/paths/~1items~1{name}/get/x-vault-unauthenticated-before"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root, areaFile := writeSpec(t, tc.edit(goodArea))
			out := t.TempDir()
			_, files, err := Build(root)
			if err == nil {
				t.Fatalf("Build succeeded; want a %s finding", tc.rule)
			}
			if files != nil {
				t.Errorf("Build returned generated files alongside an error")
			}
			fs := AsFindings(err)
			if len(fs) != 1 {
				t.Fatalf("want exactly one finding, got %d:\n%v", len(fs), err)
			}
			f := fs[0]
			if f.Rule != tc.rule || f.File != areaFile || f.Pointer != tc.pointer {
				t.Errorf("finding = %s\nwant rule %s, file %s, pointer %q", f, tc.rule, areaFile, tc.pointer)
			}
			if entries, _ := os.ReadDir(out); len(entries) != 0 {
				t.Errorf("output folder was written to")
			}
		})
	}
}

func TestDuplicateOperationIDAcrossFiles(t *testing.T) {
	root, areaFile := writeSpec(t, goodArea)
	second := strings.Replace(goodArea, "/items/{name}", "/other/{name}", 1)
	second = strings.Replace(second, "ThingReadResult", "OtherResult", -1)
	other := filepath.Join(filepath.Dir(areaFile), "other.yaml")
	must(t, os.WriteFile(other, []byte(second), 0o644))
	rootDoc, _ := os.ReadFile(root)
	must(t, os.WriteFile(root, append(rootDoc, []byte("  - {name: other, file: things/other.yaml, package: other}\n")...), 0o644))
	_, _, err := Build(root)
	fs := AsFindings(err)
	if len(fs) != 1 || fs[0].Rule != "operation-id-unique" || fs[0].File != other || !strings.Contains(fs[0].Message, areaFile) {
		t.Fatalf("want one operation-id-unique finding in %s naming %s, got: %v", other, areaFile, err)
	}
}

func TestRootDocumentErrors(t *testing.T) {
	root, _ := writeSpec(t, goodArea)
	must(t, os.WriteFile(root, []byte("openapi: 3.0.3\nx-vault-areas:\n  - {name: a, file: x.yaml, package: Not-A-Package}\n"), 0o644))
	_, _, err := Build(root)
	fs := AsFindings(err)
	if len(fs) != 1 || fs[0].Rule != "areas" || fs[0].Pointer != "/x-vault-areas/0/package" {
		t.Fatalf("want an areas finding at /x-vault-areas/0/package, got %v", err)
	}
}
