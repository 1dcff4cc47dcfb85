package vtypes

import (
	"errors"
	"testing"
)

func TestPathParameterRules(t *testing.T) {
	for _, tc := range []struct {
		value     string
		one, many string // "" means accepted, else the rule broken
	}{
		{"app", "", ""},
		{"app/db", ruleSlash, ""},
		{"a/b/c/d", ruleSlash, ""},
		{"with space", "", ""},
		{"per%cent", "", ""},
		{"dots..twice", "", ""},
		{"%2e%2e", "", ""}, // sent as %252e%252e: Vault reads the literal text
		{"", ruleEmpty, ruleEmpty},
		{".", ruleDot, ruleSegment},
		{"..", ruleDot, ruleSegment},
		{"a/../b", ruleSlash, ruleSegment},
		{"a/./b", ruleSlash, ruleSegment},
		{"a//b", ruleSlash, ruleSegment},
		{"/a", ruleSlash, ruleSegment},
		{"a/", ruleSlash, ruleSegment},
		{"a/..", ruleSlash, ruleSegment},
	} {
		check := func(kind, want string, err error) {
			t.Helper()
			var pe *PathParameterError
			switch {
			case want == "" && err != nil:
				t.Errorf("%s %q: refused (%v); want accepted", kind, tc.value, err)
			case want != "" && (!errors.As(err, &pe) || pe.Rule != want || !errors.Is(err, ErrBadPathParameter)):
				t.Errorf("%s %q: err = %v; want rule %q matching ErrBadPathParameter", kind, tc.value, err, want)
			case pe != nil && (pe.Operation != "Op" || pe.Parameter != "name"):
				t.Errorf("%s %q: error names %s/%s; want Op/name", kind, tc.value, pe.Operation, pe.Parameter)
			}
		}
		check("one segment", tc.one, CheckPathSegment("Op", "name", tc.value))
		check("segments", tc.many, CheckPathSegments("Op", "name", tc.value))
	}
}

func TestCheckServerURL(t *testing.T) {
	for server, ok := range map[string]bool{
		"https://vault:8200/v1/secret/":      true,
		"https://vault:8200/v1/secret":       true,
		"https://vault:8200/v1/auth/a/b/":    true,
		"https://vault:8200/":                true,
		"https://vault:8200/prefix/v1/pki/":  true,
		"https://vault:8200/v1/../sys/":      false,
		"https://vault:8200/v1/secret/./":    false,
		"https://vault:8200/v1//secret/":     false,
		"https://vault:8200/v1/secret/?x=1":  false,
		"https://vault:8200/v1/secret/#frag": false,
		"https://vault:8200/v1/secret/?":     false,
	} {
		if err := CheckServerURL(server); (err == nil) != ok {
			t.Errorf("CheckServerURL(%q) = %v; want accepted %v", server, err, ok)
		}
	}
}
