package pki_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
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
	_, code := livetest.Main(m, livetest.Options{
		Areas:   []string{"pki"},
		Exclude: enterpriseOnly(),
		Setup: func(e *livetest.Env) error {
			env = e
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			maxTTL := vtypes.Duration("87600h")
			for _, mount := range []string{mainMount, scratchMount, emptyMount, rootsMount} {
				cfg := &sys.MountConfigInput{
					MaxLeaseTTL: &maxTTL,
					// If-Modified-Since for the 304 answers, and the headers ACME needs.
					PassthroughRequestHeaders: []string{"If-Modified-Since"},
					AllowedResponseHeaders:    []string{"Last-Modified", "Location", "Replay-Nonce", "Link"},
				}
				if _, err := wrappers.Check(admin.Sys().SysEnableSecretsEngineWithResponse(context.Background(), sys.MountPath(mount),
					sys.SysEnableSecretsEngineRequest{Type: "pki", Config: cfg})); err != nil {
					return err
				}
				e.Validator.Mount(mount, "pki")
			}
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
