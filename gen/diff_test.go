package gen

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// bundleFile writes our spec as one self-contained file (a reformatted copy).
func bundleFile(t *testing.T) (string, map[string]any) {
	t.Helper()
	_, areas, err := Check(realSpec)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := Bundle(areas)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return writeDoc(t, "bundle.yaml", doc), doc
}

func writeDoc(t *testing.T, name string, doc map[string]any) string {
	t.Helper()
	var raw []byte
	var err error
	if strings.HasSuffix(name, ".json") {
		raw, err = json.MarshalIndent(doc, "", "  ")
	} else {
		raw, err = yaml.Marshal(doc)
	}
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func compareFiles(t *testing.T, old, new string) *DiffReport {
	t.Helper()
	o, err := LoadIndex(old, false)
	if err != nil {
		t.Fatal(err)
	}
	n, err := LoadIndex(new, false)
	if err != nil {
		t.Fatal(err)
	}
	return Compare(o, n)
}

func assertNoDifference(t *testing.T, r *DiffReport) {
	t.Helper()
	if len(r.Missing)+len(r.Extra)+len(r.Changed) > 0 || r.Same == 0 {
		var b strings.Builder
		_ = r.WriteText(&b)
		t.Fatalf("want no difference:\n%s", b.String())
	}
}

func TestDiffOfASpecWithItselfIsEmpty(t *testing.T) {
	assertNoDifference(t, compareFiles(t, realSpec, realSpec))
}

func TestDiffIgnoresReformatting(t *testing.T) {
	bundle, doc := bundleFile(t)
	// Multi-file with $refs against one file with everything internal.
	assertNoDifference(t, compareFiles(t, realSpec, bundle))
	// YAML against JSON.
	assertNoDifference(t, compareFiles(t, bundle, writeDoc(t, "bundle.json", doc)))
}

// Vault's own spec names mount and path parameters its way and uses PUT and
// POST interchangeably; none of that is a difference.
func TestDiffNormalisesVaultSpellings(t *testing.T) {
	bundle, doc := bundleFile(t)
	paths := doc["paths"].(map[string]any)
	item := paths["/auth/token/roles/{role_name}"].(map[string]any)
	delete(paths, "/auth/token/roles/{role_name}")
	// Generic mount parameter with its default, another parameter name.
	for _, op := range []string{"get", "post", "delete"} {
		o := item[op].(map[string]any)
		o["parameters"] = []any{map[string]any{"name": "token_mount_path", "in": "path", "required": true, "schema": map[string]any{"type": "string", "default": "token"}}}
	}
	item["parameters"] = []any{map[string]any{"name": "name", "in": "path", "required": true, "schema": map[string]any{"type": "string"}}}
	paths["/auth/{token_mount_path}/roles/{name}"] = item
	// PUT for a POST.
	seal := paths["/sys/seal"].(map[string]any)
	seal["put"], seal["post"] = seal["post"], nil
	delete(seal, "post")
	assertNoDifference(t, compareFiles(t, bundle, writeDoc(t, "vaultish.yaml", doc)))
}

func TestDiffFindsRealChanges(t *testing.T) {
	bundle, doc := bundleFile(t)
	paths := doc["paths"].(map[string]any)

	// An operation removed from NEW's copy: OLD has it, NEW does not...
	delete(paths["/sys/seal"].(map[string]any), "post")
	// ...a new query parameter...
	read := paths["/secret/data/{path}"].(map[string]any)["get"].(map[string]any)
	read["parameters"] = append(read["parameters"].([]any), map[string]any{"name": "fresh", "in": "query", "schema": map[string]any{"type": "boolean"}})
	// ...and a request field whose type changed.
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	unseal := schemas["SysUnsealRequest"].(map[string]any)["properties"].(map[string]any)
	unseal["reset"] = map[string]any{"type": "string"}

	r := compareFiles(t, bundle, writeDoc(t, "changed.yaml", doc))
	if len(r.Missing) != 0 || len(r.Extra) != 1 || r.Extra[0].Key != "POST /sys/seal" {
		t.Errorf("removed operation: missing %v, extra %v", keysOfOps(r.Missing), keysOfOps(r.Extra))
	}
	want := map[string]string{
		"GET /secret/data/{}": "parameter query:fresh (boolean) added",
		"POST /sys/unseal":    "request field reset changed type: boolean -> string",
	}
	for _, c := range r.Changed {
		if w, ok := want[c.Key]; ok && len(c.Details) == 1 && c.Details[0] == w {
			delete(want, c.Key)
		} else {
			t.Errorf("unexpected change %s: %v", c.Key, c.Details)
		}
	}
	for k, w := range want {
		t.Errorf("%s: want change %q", k, w)
	}
	// The other direction: NEW gained an operation OLD lacks.
	back := compareFiles(t, writeDoc(t, "changed.yaml", doc), bundle)
	if len(back.Missing) != 1 || back.Missing[0].Key != "POST /sys/seal" || back.Covered() {
		t.Errorf("added operation: missing %v", keysOfOps(back.Missing))
	}
}

func TestDiffRejectsABrokenFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "broken.yaml")
	if err := os.WriteFile(path, []byte("openapi: 3.0.3\npaths:\n  /x:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Nope'}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadIndex(path, false)
	fs := AsFindings(err)
	if len(fs) != 1 || fs[0].File != path || !strings.Contains(fs[0].Message, "Nope") {
		t.Fatalf("want one finding naming %s and the bad ref, got %v", path, err)
	}
}

func keysOfOps(ops []*Op) []string {
	var out []string
	for _, o := range ops {
		out = append(out, o.Key)
	}
	return out
}
