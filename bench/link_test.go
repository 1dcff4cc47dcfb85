package bench

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// The KV-only programs must not link what they never call. Each of these
// once cost the wrappers' program tens to hundreds of KB (see
// docs/benchmarks.md); the sizes themselves are measured by `make bench`.
func TestKVProgramsLinkOnlyWhatTheyUse(t *testing.T) {
	unwanted := map[string]*regexp.Regexp{
		"private-key parsing (client certificates)": regexp.MustCompile(`crypto/tls\.X509KeyPair\b`),
		"log/slog":                          regexp.MustCompile(`\blog/slog\.`),
		"the generated sys client":          regexp.MustCompile(`govault/generated/sys\.`),
		"oapi-codegen's reflective styling": regexp.MustCompile(`oapi-codegen/runtime\.StyleParam`),
	}
	for name, used := range map[string]string{
		"govault":           `govault/wrappers\.\(\*KVv2\)\.ReadSecretVersion`,
		"govault-generated": `govault/generated/kvv2\.\(\*Client\)\.KvV2Read`,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := WriteProgram(".", dir, name); err != nil {
				t.Fatal(err)
			}
			build := exec.Command("go", "build", "-mod=mod", "-o", "prog", ".")
			build.Dir = dir
			if out, err := build.CombinedOutput(); err != nil {
				t.Fatalf("build: %v\n%s", err, out)
			}
			nm := exec.Command("go", "tool", "nm", "prog")
			nm.Dir = dir
			out, err := nm.Output()
			if err != nil {
				t.Fatalf("go tool nm: %v", err)
			}
			symbols := string(out)
			if !regexp.MustCompile(used).MatchString(symbols) {
				t.Fatalf("the program lacks %s: the check would prove nothing", used)
			}
			for what, re := range unwanted {
				if m := re.FindString(symbols); m != "" {
					t.Errorf("links %s (%s)", what, strings.TrimSpace(m))
				}
			}
		})
	}
}
