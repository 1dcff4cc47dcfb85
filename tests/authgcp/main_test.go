package authgcp_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/govault/govault/internal/fakegoogle"
	"github.com/govault/govault/internal/livetest"
)

var (
	env    *livetest.Env
	google *fakegoogle.Server
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	// A stand-in for Google's token, IAM and key endpoints. The dev server
	// finds it through application default credentials whose token_uri
	// points at the stub (the file is passed in the environment it
	// inherits), and through the mount's custom_endpoint settings.
	var err error
	google, err = fakegoogle.New()
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: google stub:", err)
		return 1
	}
	defer google.Close()
	dir, err := os.MkdirTemp("", "authgcp")
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	adc := filepath.Join(dir, "adc.json")
	if err := os.WriteFile(adc, google.ADCJSON(), 0o600); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		return 1
	}
	os.Setenv("GOOGLE_APPLICATION_CREDENTIALS", adc)

	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"auth-gcp"},
		Exclude: map[string]string{
			"GCPAuthRotateRoot": "needs a real Google token endpoint: Vault signs in with the stored key at oauth2.googleapis.com (a key file's token_uri is not kept), then creates a key through IAM",
		},
		Mounts: []livetest.Mount{{Type: "gcp", Auth: true}},
		Setup: func(e *livetest.Env) error {
			env = e
			return nil
		},
	})
	return code
}
