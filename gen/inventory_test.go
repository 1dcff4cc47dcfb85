package gen

import (
	"path/filepath"
	"strings"
	"testing"
)

// Every endpoint a release's API docs list is in the spec at some mount, or
// in openapi/releases/exclusions.yaml with a reason: a new release's
// inventory is then a diff to work through, not a search.
func TestSpecHasEveryDocumentedEndpoint(t *testing.T) {
	spec, areas, err := Check(realSpec)
	if err != nil {
		t.Fatal(err)
	}
	excl, err := ReadExclusions("../openapi/releases/exclusions.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("../openapi/releases/v*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no inventories under openapi/releases (%v)", err)
	}
	for _, f := range files {
		inv, err := ReadInventory(f)
		if err != nil {
			t.Fatal(err)
		}
		if missing := MissingFromSpec(inv, spec, areas, excl); len(missing) > 0 {
			t.Errorf("%s: %d documented endpoints are neither in the spec nor excluded:\n%s", filepath.Base(f), len(missing), strings.Join(missing, "\n"))
		}
	}
}
