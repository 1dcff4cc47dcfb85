package auth

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// SecretSource is where a login reads a secret (an AppRole secret ID, or a
// wrapping token that holds one) each time it runs: a fixed string, a file
// or an environment variable. Reading it late lets a re-login pick up a
// rotated secret. Its String form names the source, never the secret.
type SecretSource struct {
	kind, ref string // kind "string", "file" or "env"; ref the value, path or variable
}

// FromString is a secret given directly.
func FromString(s string) SecretSource { return SecretSource{kind: "string", ref: s} }

// FromFile reads the secret from a file on every login (surrounding
// whitespace trimmed), as agents that drop secrets on disk expect.
func FromFile(path string) SecretSource { return SecretSource{kind: "file", ref: path} }

// FromEnv reads the secret from an environment variable on every login.
func FromEnv(name string) SecretSource { return SecretSource{kind: "env", ref: name} }

// IsZero reports whether no source was set.
func (s SecretSource) IsZero() bool { return s.kind == "" }

// Read returns the secret. An empty file or unset variable is an error.
func (s SecretSource) Read() (string, error) {
	switch s.kind {
	case "string":
		if s.ref == "" {
			return "", errors.New("vault: secret source: empty string")
		}
		return s.ref, nil
	case "file":
		b, err := os.ReadFile(s.ref)
		if err != nil {
			// The path is not secret; os errors name only the path.
			return "", fmt.Errorf("vault: secret source: %w", err)
		}
		v := strings.TrimSpace(string(b))
		if v == "" {
			return "", fmt.Errorf("vault: secret source: file %s is empty", s.ref)
		}
		return v, nil
	case "env":
		v := strings.TrimSpace(os.Getenv(s.ref))
		if v == "" {
			return "", fmt.Errorf("vault: secret source: environment variable %s is unset or empty", s.ref)
		}
		return v, nil
	}
	return "", errors.New("vault: secret source: none set")
}

// String names the source without its secret: FromString(<redacted>),
// FromFile("/path"), FromEnv("NAME").
func (s SecretSource) String() string {
	switch s.kind {
	case "string":
		return "FromString(" + redacted(s.ref) + ")"
	case "file":
		return fmt.Sprintf("FromFile(%q)", s.ref)
	case "env":
		return fmt.Sprintf("FromEnv(%q)", s.ref)
	}
	return "none"
}

// GoString is String, so %#v redacts too.
func (s SecretSource) GoString() string { return s.String() }
