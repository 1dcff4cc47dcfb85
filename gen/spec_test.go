package gen

import (
	"bytes"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

const realSpec = "../openapi/vault.yaml"

// The committed generated/ tree must be exactly what the spec produces.
func TestGeneratedIsUpToDate(t *testing.T) {
	_, files, err := Build(realSpec)
	if err != nil {
		t.Fatalf("the spec does not build:\n%v", err)
	}
	stale, err := StaleFiles("../generated", files)
	if err != nil {
		t.Fatal(err)
	}
	if len(stale) > 0 {
		t.Fatalf("generated/ is out of date with openapi/ (run go generate ./...): %s", strings.Join(stale, ", "))
	}
}

func TestGenerationIsDeterministic(t *testing.T) {
	_, first, err := Build(realSpec)
	if err != nil {
		t.Fatal(err)
	}
	_, second, err := Build(realSpec)
	if err != nil {
		t.Fatal(err)
	}
	for name, code := range first {
		if !bytes.Equal(code, second[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

func TestBundleIsSelfContainedAndComplete(t *testing.T) {
	_, areas, err := Check(realSpec)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := Bundle(areas)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(".yaml#")) {
		t.Error("bundle still refers to other files")
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(raw)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, l := range areas {
		for _, p := range l.Doc.Paths.Map() {
			for _, op := range p.Operations() {
				want[op.OperationID] = true
			}
		}
	}
	for _, p := range doc.Paths.Map() {
		for _, op := range p.Operations() {
			delete(want, op.OperationID)
		}
	}
	if len(want) > 0 {
		t.Errorf("bundle lost operations: %v", keys(want))
	}
}
