package vtypes

import (
	"fmt"
	"strings"
	"testing"
)

type inner struct {
	Token string `json:"token"`
	Name  string `json:"name"`
}

func (v inner) Format(f fmt.State, verb rune) { FormatRedacted(f, verb, v, "token") }

type outer struct {
	Password *string `json:"password,omitempty"`
	Empty    string  `json:"secret_id"`
	User     string  `json:"user"`
	Auth     *inner  `json:"auth"`
	List     []inner `json:"list"`
}

func (v outer) Format(f fmt.State, verb rune) { FormatRedacted(f, verb, v, "password", "secret_id") }

func TestFormatRedactedHidesSecretsAtEveryDepth(t *testing.T) {
	pw := "hunter2"
	v := outer{Password: &pw, User: "alice", Auth: &inner{Token: "hvs.SECRET", Name: "n"}, List: []inner{{Token: "hvs.OTHER"}}}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		for _, arg := range []any{v, &v, []outer{v}, map[string]outer{"k": v}} {
			out := fmt.Sprintf(format, arg)
			for _, secret := range []string{"hunter2", "hvs.SECRET", "hvs.OTHER"} {
				if strings.Contains(out, secret) {
					t.Errorf("%s of %T printed %q: %s", format, arg, secret, out)
				}
			}
			if !strings.Contains(out, "alice") || !strings.Contains(out, Redacted) {
				t.Errorf("%s of %T lost the non-secret fields or the marker: %s", format, arg, out)
			}
		}
	}
	if got := fmt.Sprintf("%+v", outer{User: "bob"}); !strings.Contains(got, "Empty:") || strings.Contains(got, Redacted) {
		t.Errorf("unset secrets print as their zero value: %s", got)
	}
}
