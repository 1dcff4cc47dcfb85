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

// The inventory parser reads the docs' table rows the way the spec models
// them, and the comparison flags what the spec lacks.
func TestDocsInventoryParsingAndGaps(t *testing.T) {
	page := []byte("| Method | Path |\n| :--- | :--- |\n| `POST/PUT` | `/auth/:mount-path/role/:name` |\n| `LIST` | `/auth/saml/role` |\n" +
		"| `GET` | `/sys/things?list=true` |\n| `POST` | `/transit/hash(/:algorithm)` |\n| `GET` | `/pki/ocsp/<base 64 encoded ocsp request>` |\n| `DisplayName` | `token` |\n")
	got := strings.Join(docsEndpoints(page), "\n")
	want := strings.Join([]string{
		"GET /auth/saml/role/", "GET /pki/ocsp/{}", "GET /sys/things/", "POST /auth/{mount}/role/{}",
		"POST /transit/hash", "POST /transit/hash/{}",
	}, "\n") // PUT folds into POST; a row whose method is not one (a table of names) is no endpoint
	if got != want {
		t.Fatalf("endpoints:\n%s\nwant:\n%s", got, want)
	}
	spec, areas, err := Check(realSpec)
	if err != nil {
		t.Fatal(err)
	}
	inv := &Inventory{Pages: []InventoryPage{
		{Page: "auth/saml.mdx", Endpoints: []string{"POST /auth/{mount}/token", "POST /auth/{mount}/no-such-thing"}},
		{Page: "system/health.mdx", Endpoints: []string{"HEAD /sys/health"}},
		{Page: "secret/cubbyhole.mdx", Endpoints: []string{"RECOVER /cubbyhole/{}"}},
		{Page: "system/oauth-resource-server.mdx", Endpoints: []string{"GET /.well-known/oauth-protected-resource"}},
	}}
	missing := MissingFromSpec(inv, spec, areas, Exclusions{})
	if len(missing) != 1 || !strings.HasPrefix(missing[0], "POST /auth/{mount}/no-such-thing") {
		t.Fatalf("missing = %v, want only the made-up SAML path", missing)
	}
	if len(MissingFromSpec(inv, spec, areas, Exclusions{"POST /auth/{}/no-such-thing": "test"})) != 0 {
		t.Fatal("an exclusion did not excuse its endpoint")
	}
}
