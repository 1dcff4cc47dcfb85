package wrappers

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/govault/govault/gen"
)

// operationDirective is how a wrapper names the spec operation it calls.
const operationDirective = "//vault:operation "

// Every //vault:operation in this package must name an operationId in the
// spec, and every exported method that calls Vault must carry one.
func TestWrapperOperationsExistInSpec(t *testing.T) {
	_, areas, err := gen.Check("../openapi/vault.yaml")
	if err != nil {
		t.Fatal(err)
	}
	inSpec := map[string]bool{}
	for _, l := range areas {
		for _, item := range l.Doc.Paths.Map() {
			for _, op := range item.Operations() {
				inSpec[op.OperationID] = true
			}
		}
	}
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	named := 0
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Doc == nil {
				continue
			}
			for _, c := range fn.Doc.List {
				id, ok := strings.CutPrefix(c.Text, operationDirective)
				if !ok {
					continue
				}
				named++
				if !inSpec[strings.TrimSpace(id)] {
					t.Errorf("%s: %s names operation %q, which the spec does not have", fset.Position(c.Pos()), fn.Name.Name, id)
				}
			}
		}
	}
	if named < 20 {
		t.Errorf("only %d //vault:operation directives found; the wrappers should name what they call", named)
	}
}
