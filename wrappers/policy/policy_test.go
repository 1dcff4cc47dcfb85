package policy_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/wrappers"
	"github.com/govault/govault/wrappers/policy"
)

const appRules = `
# Application policy
path "secret/data/app/*" {
  capabilities = ["create", "read", "update", "patch"]
  allowed_parameters = {
    "env"  = ["dev", "prod"]
    "*"    = []
  }
  denied_parameters = {
    "admin" = []
  }
  required_parameters = ["env"]
  min_wrapping_ttl = "1m"
  max_wrapping_ttl = 3600
}

path "/sys/leases/renew" {
  policy = "write"
  comment = "legacy shorthand"
}

path "auth/token/lookup-self" {
  capabilities = ["read"]
}
`

var appPolicy = policy.Policy{
	Name: "app",
	Paths: []policy.PathRule{
		{
			Path:               "secret/data/app/*",
			Capabilities:       []string{"create", "read", "update", "patch"},
			AllowedParameters:  map[string][]any{"env": {"dev", "prod"}, "*": {}},
			DeniedParameters:   map[string][]any{"admin": {}},
			RequiredParameters: []string{"env"},
			MinWrappingTTL:     time.Minute,
			MaxWrappingTTL:     time.Hour,
		},
		{Path: "sys/leases/renew", Policy: "write", Comment: "legacy shorthand"},
		{Path: "auth/token/lookup-self", Capabilities: []string{"read"}},
	},
}

// Get with parse gives back the text Vault stored and the parsed policy.
func TestGetParsesWhatVaultStored(t *testing.T) {
	ctx := context.Background()
	c := env.Client(t)
	_, err := c.Sys().SysWritePolicy(ctx, "app", sys.SysWritePolicyRequest{Policy: livetest.Ptr(appRules)})
	env.OK(t, err)

	parsed, err := policy.Get(ctx, c, "app")
	env.OK(t, err)
	want := appPolicy
	want.Rules = appRules
	if diff := cmp.Diff(&want, parsed); diff != "" {
		t.Fatalf("parsed policy (-want +got):\n%s", diff)
	}

	rules, err := policy.GetRules(ctx, c, "app")
	env.OK(t, err)
	if rules != appRules {
		t.Fatalf("rules differ from what was written:\n%s", rules)
	}

	// Vault's own default policy parses too.
	def, err := policy.Get(ctx, c, "default")
	env.OK(t, err)
	if def.Name != "default" || len(def.Paths) < 5 || def.Paths[0].Path != "auth/token/lookup-self" {
		t.Fatalf("default policy: %+v", def)
	}

	_, err = policy.Get(ctx, c, "no-such-policy")
	if !errors.Is(env.Leaks.Seen(err), wrappers.ErrInvalidPath) {
		t.Fatalf("missing policy: %v", err)
	}
}

// The JSON form of a policy parses to the same values as its HCL form.
func TestParseJSON(t *testing.T) {
	p, err := policy.Parse(`{
  "path": {
    "secret/data/app/*": {
      "capabilities": ["create", "read", "update", "patch"],
      "allowed_parameters": {"env": ["dev", "prod"], "*": []},
      "denied_parameters": {"admin": []},
      "required_parameters": ["env"],
      "min_wrapping_ttl": "1m",
      "max_wrapping_ttl": 3600
    },
    "/sys/leases/renew": {"policy": "write", "comment": "legacy shorthand"},
    "auth/token/lookup-self": {"capabilities": ["read"]}
  }
}`)
	if err != nil {
		t.Fatal(err)
	}
	p.Name = "app"
	if diff := cmp.Diff(&appPolicy, p); diff != "" {
		t.Fatalf("JSON policy (-want +got):\n%s", diff)
	}
}

// Keys Vault rejects are rejected, naming the path and line; malformed
// HCL and bad TTLs are errors.
func TestParseRejects(t *testing.T) {
	for name, rules := range map[string]string{
		`invalid key "capabilites"`: "path \"a\" {\n  capabilites = [\"read\"]\n}",
		`invalid key "paths"`:       `paths "a" { capabilities = ["read"] }`,
		"max_wrapping_ttl":          `path "a" { max_wrapping_ttl = "soon" }`,
		"policy:":                   `path "a" { capabilities = [`,
	} {
		_, err := policy.Parse(rules)
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: got %v", rules, err)
		}
	}
	p, err := policy.Parse(`name = "n"
path "x" { min_wrapping_ttl = "2d" }`)
	if err != nil || p.Name != "n" || p.Paths[0].MinWrappingTTL != 48*time.Hour {
		t.Fatalf("name and days: %+v, %v", p, err)
	}
}
