package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/govault/govault/gen"
)

// runDocsInventory writes what one release's API docs list, for the spec
// test that fails on a documented endpoint the spec lacks.
//
//	gen docs-inventory -release v2.x -docs DIR [-overlay DIR] [-o openapi/releases/v2.x.yaml]
func runDocsInventory(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("docs-inventory", flag.ContinueOnError)
	release := fs.String("release", "", "the docs' version folder, e.g. v1.21.x or v2.x")
	docs := fs.String("docs", "", "that version's api-docs folder (content/vault/<release>/content/api-docs of hashicorp/web-unified-docs)")
	overlay := fs.String("overlay", "", "a folder of newer pages that replace the same paths under -docs")
	out := fs.String("o", "", "output file (default openapi/releases/<release>.yaml)")
	if err := fs.Parse(args); err != nil {
		return &exitError{code: 2, err: err}
	}
	if *release == "" || *docs == "" {
		return &exitError{code: 2, err: fmt.Errorf("docs-inventory needs -release and -docs")}
	}
	inv, err := gen.ReadDocsInventory(*release, *docs, *overlay)
	if err != nil {
		return err
	}
	if *out == "" {
		*out = filepath.Join("openapi", "releases", *release+".yaml")
	}
	if err := inv.Write(*out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d pages, %d endpoints\n", *out, len(inv.Pages), len(inv.Endpoints()))
	return nil
}
