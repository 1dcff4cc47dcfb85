package authaws_test

import (
	"os"
	"testing"

	"github.com/govault/govault/internal/livetest"
)

var env *livetest.Env

func TestMain(m *testing.M) {
	// The dev server inherits these: rotate-root asks the SDK for a region,
	// and nothing should probe an instance metadata service.
	os.Setenv("AWS_REGION", "us-east-1")
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	_, code := livetest.Main(m, livetest.Options{
		Areas:  []string{"auth-aws"},
		Mounts: []livetest.Mount{{Type: "aws", Auth: true}},
		Setup: func(e *livetest.Env) error {
			env = e
			return nil
		},
	})
	os.Exit(code)
}
