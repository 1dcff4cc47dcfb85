package vtypes

import (
	"errors"
	"testing"
)

func TestOriginOf(t *testing.T) {
	for server, want := range map[string]string{
		"https://vault:8200/v1/sys":       "https://vault:8200",
		"http://127.0.0.1:8200/v1":        "http://127.0.0.1:8200",
		"https://gw.example/vault/v1/sys": "https://gw.example/vault",
		"https://vault:8200":              "https://vault:8200",
		"https://vault:8200/":             "https://vault:8200",
	} {
		got, err := OriginOf(server)
		if err != nil || got != want {
			t.Errorf("OriginOf(%q) = %q, %v; want %q", server, got, err, want)
		}
	}
	for _, bad := range []string{"", "/v1/sys", "vault:8200/v1", "https://vault/v1?x=1", "://bad"} {
		if _, err := OriginOf(bad); !errors.Is(err, ErrBadPathParameter) {
			t.Errorf("OriginOf(%q) = %v, want ErrBadPathParameter", bad, err)
		}
	}
}
