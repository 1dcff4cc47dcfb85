package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const spec = "../../openapi/vault.yaml"

func runGen(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestDiffExitStatus(t *testing.T) {
	code, out, _ := runGen(t, "diff", spec, spec)
	if code != 0 || !strings.Contains(out, "0 missing") {
		t.Fatalf("spec against itself: exit %d\n%s", code, out)
	}
	// A smaller spec misses what the full one has: exit 1.
	small := filepath.Join(t.TempDir(), "small.yaml")
	doc := "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /sys/seal:\n    post:\n      responses:\n        '204': {description: done}\n"
	if err := os.WriteFile(small, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runGen(t, "diff", "-format", "json", small, spec)
	if code != 1 || !strings.Contains(out, `"missing"`) {
		t.Fatalf("small against full: exit %d\n%.300s", code, out)
	}
	code, out, _ = runGen(t, "diff", "-format", "markdown", small, spec)
	if code != 1 || !strings.Contains(out, "### Missing from old") {
		t.Fatalf("markdown: exit %d\n%.300s", code, out)
	}
}

func TestDiffBadInputIsExitTwoWithAReason(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close() // nothing listens there any more
	denied := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(`{"errors":["permission denied"]}`))
	}))
	defer denied.Close()
	broken := filepath.Join(t.TempDir(), "broken.json")
	if err := os.WriteFile(broken, []byte(`{"openapi": "3.0.3", "paths": {`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unreachable server", []string{"diff", "-spec", spec, "-vault-addr", dead.URL, "-token", "x"}, "unreachable"},
		{"wrong token", []string{"diff", "-spec", spec, "-vault-addr", denied.URL, "-token", "wrong-token-value"}, "rejected the token"},
		{"invalid spec file", []string{"diff", broken, spec}, broken},
		{"no inputs", []string{"diff"}, "give OLD and NEW"},
		{"bad format", []string{"diff", "-format", "xml", spec, spec}, "unknown -format"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runGen(t, tc.args...)
			if code != 2 || !strings.Contains(errOut, tc.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", code, errOut, tc.want)
			}
			if strings.Contains(errOut, "wrong-token-value") {
				t.Fatal("the token appeared in the error")
			}
		})
	}
}

func TestLintAndGenerateCheck(t *testing.T) {
	if code, out, errOut := runGen(t, "lint", "-spec", spec); code != 0 || !strings.Contains(out, "no findings") {
		t.Fatalf("lint: exit %d %s %s", code, out, errOut)
	}
	if code, _, errOut := runGen(t, "generate", "-spec", spec, "-out", "../../generated", "-check"); code != 0 {
		t.Fatalf("generate -check: exit %d %s", code, errOut)
	}
	if code, _, _ := runGen(t, "nonsense"); code != 2 {
		t.Fatalf("unknown command: exit %d, want 2", code)
	}
}
