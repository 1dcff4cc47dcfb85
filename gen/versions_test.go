package gen

import (
	"github.com/govault/govault/vtypes"
	"os"
	"strings"
	"testing"
)

// OldestRelease is the oldest release of the matrix that builds.
func TestOldestReleaseIsTheMatrixOldest(t *testing.T) {
	raw, err := os.ReadFile("../tools/vault/releases.tsv")
	if err != nil {
		t.Fatal(err)
	}
	oldest := ""
	for _, line := range strings.Split(string(raw), "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 3 || !strings.HasPrefix(f[0], "v") || (f[2] != "builds" && f[2] != "partial") {
			continue
		}
		if v := minor(f[0]); oldest == "" || versionLess(v, oldest) {
			oldest = v
		}
	}
	if oldest != OldestRelease {
		t.Errorf("the oldest release that builds in releases.tsv is %q; OldestRelease is %q", oldest, OldestRelease)
	}
}

func versionLess(a, b string) bool {
	before, _ := vtypes.VersionBefore(a, b)
	return before
}

// A marked operation passes its first release to the runtime and says so in
// its doc; a marked request field says so in its Go doc comment.
func TestVersionMarksReachTheGeneratedCode(t *testing.T) {
	area := strings.Replace(goodArea, "      tags: [thing]\n", `      tags: [thing]
      x-vault-min-version: "1.19"
`, 1)
	area = strings.Replace(area, "paths:\n", `paths:
  /items:
    post:
      operationId: ThingWrite
      tags: [thing]
      summary: Write a thing.
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                size:
                  x-vault-min-version: "1.20"
                  type: integer
                  description: How big.
      responses:
        '204': {description: written}
        default:
          $ref: '../components/common.yaml#/components/responses/ErrorReply'
`, 1)
	root, _ := writeSpec(t, area)
	_, files, err := Build(root)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	code := string(files["thing/thing.gen.go"])
	for _, want := range []string{
		`"ThingRead", req, vtypes.Since("1.19", editors))`,
		"Since Vault 1.19; an older server's 404 or 405 matches vtypes.ErrUnsupportedByServer.",
		"// Size How big. Since Vault 1.20.",
		`"ThingWrite", req, editors)`,
	} {
		if !strings.Contains(code, want) {
			t.Errorf("generated code lacks %q", want)
		}
	}
}
