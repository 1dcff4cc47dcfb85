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
