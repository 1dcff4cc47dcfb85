package pki_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
)

var env *livetest.Env

// Mounts: the main CA, a scratch mount for issuer changes, one for the root
// lifecycle (rotation, imports, deleting everything), and one that is never
// configured (for the empty 204 answers).
const (
	mainMount    = "pki"
	scratchMount = "pki-scratch"
	emptyMount   = "pki-empty"
	rootsMount   = "pki-roots"
)

func TestMain(m *testing.M) {
	maxTTL := vtypes.Duration("87600h")
	cfg := &sys.MountConfigInput{
		MaxLeaseTTL: &maxTTL,
		// If-Modified-Since for the 304 answers, and the headers ACME needs.
		PassthroughRequestHeaders: []string{"If-Modified-Since"},
		AllowedResponseHeaders:    []string{"Last-Modified", "Location", "Replay-Nonce", "Link"},
	}
	_, code := livetest.Main(m, livetest.Options{
		Areas:   []string{"pki"},
		Exclude: enterpriseOnly(),
		Mounts: []livetest.Mount{
			{Path: mainMount, Type: "pki", Config: cfg},
			{Path: scratchMount, Type: "pki", Config: cfg},
			{Path: emptyMount, Type: "pki", Config: cfg},
			{Path: rootsMount, Type: "pki", Config: cfg},
		},
		Setup: func(e *livetest.Env) error {
			env = e
			return nil
		},
	})
	os.Exit(code)
}

// enterpriseOnly excludes every operation the spec marks x-vault-enterprise:
// Vault Community Edition does not serve those paths at all.
func enterpriseOnly() map[string]string {
	_, file, _, _ := runtime.Caller(0)
	raw, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "..", "openapi", "secrets", "pki.yaml"))
	if err != nil {
		panic(err)
	}
	var doc struct {
		Paths map[string]map[string]yaml.Node `yaml:"paths"`
	}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		panic(err)
	}
	out := map[string]string{}
	for path, item := range doc.Paths {
		for method, node := range item {
			var op struct {
				ID         string `yaml:"operationId"`
				Enterprise bool   `yaml:"x-vault-enterprise"`
			}
			if method == "parameters" || node.Decode(&op) != nil || !op.Enterprise {
				continue
			}
			out[op.ID] = fmt.Sprintf("Vault Enterprise only (%s %s); the Community Edition dev server does not serve it", method, path)
		}
	}
	return out
}
