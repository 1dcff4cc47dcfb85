package gen

import (
	"fmt"
	"path"

	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

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
	for _, l := range areas {
		hasPaths := l.Doc.Paths != nil && l.Doc.Paths.Len() > 0
		cfg := codegen.Configuration{
			PackageName: l.Area.Package,
			Generate:    codegen.GenerateOptions{Models: true, Client: hasPaths},
			OutputOptions: codegen.OutputOptions{
				// The shared package has no operations to keep its types alive.
				SkipPrune:      !hasPaths,
				NameNormalizer: string(codegen.NameNormalizerFunctionToCamelCaseWithInitialisms),
				// nil already means "absent" for slices and maps.
				PreferSkipOptionalPointerOnContainerTypes: true,
			},
		}
		if common != "" && l.Area.Package != common {
			cfg.ImportMapping = map[string]string{commonRef: path.Join(ModulePath, "generated", common)}
		}
		code, err := codegen.Generate(l.Doc, cfg)
		if err != nil {
			return nil, &Finding{File: l.File, Rule: "codegen", Message: err.Error()}
		}
		out[path.Join(l.Area.Package, l.Area.Package+".gen.go")] = []byte(code)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no areas to generate")
	}
	return out, nil
}
