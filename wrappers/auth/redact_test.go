package auth_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/govault/govault/wrappers"
	"github.com/govault/govault/wrappers/auth"
)

// No secret a method holds shows in any fmt verb, for the value, a pointer
// or a struct that contains it; the settings that are not secret do.
func TestStringRedactsSecrets(t *testing.T) {
	const s = "s3cr3t-value"
	cases := []struct {
		m    wrappers.AuthMethod
		show string // a non-secret field that must still show
	}{
		{auth.Token{Token: s}, "auth.Token"},
		{auth.AppRole{RoleID: "role-1", SecretID: auth.FromString(s)}, "role-1"},
		{auth.AppRole{RoleID: "role-1", SecretID: auth.FromFile("/run/secret-id"), Wrapped: true}, "/run/secret-id"},
		{auth.Userpass{Username: "alice", Password: s}, "alice"},
		{auth.LDAP{Username: "alice", Password: s}, "alice"},
		{auth.Okta{Username: "alice", Password: s, TOTP: s}, "alice"},
		{auth.Radius{Username: "alice", Password: s}, "alice"},
		{auth.GitHub{Mount: "gh", Token: s}, "gh"},
		{auth.JWT{Role: "dev", JWT: s}, "dev"},
		{auth.Kubernetes{Role: "dev", JWT: s}, "dev"},
		{auth.GCP{Role: "dev", JWT: s}, "dev"},
		{auth.Azure{Role: "dev", JWT: s, VMName: "vm-1"}, "vm-1"},
		{auth.AliCloud{Role: "dev", IdentityRequestURL: s, IdentityRequestHeaders: s}, "dev"},
		{auth.Cert{Name: "web"}, "web"},
	}
	for _, c := range cases {
		type holder struct {
			Method wrappers.AuthMethod
			Config any
		}
		ptr := reflect.New(reflect.TypeOf(c.m))
		ptr.Elem().Set(reflect.ValueOf(c.m))
		for _, v := range []any{c.m, ptr.Interface(), holder{c.m, c.m}, []any{c.m}} {
			for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
				out := fmt.Sprintf(verb, v)
				if strings.Contains(out, s) {
					t.Errorf("%T with %s shows the secret: %s", c.m, verb, out)
				}
				if verb != "%#v" && !strings.Contains(out, c.show) {
					t.Errorf("%T with %s hides %q: %s", c.m, verb, c.show, out)
				}
			}
		}
	}
	if got := fmt.Sprint(auth.Userpass{Username: "alice", Password: s}); got != `auth.Userpass{Mount:"" Username:"alice" Password:<redacted>}` {
		t.Errorf("Userpass: %s", got)
	}
	if got := fmt.Sprint(auth.FromEnv("SECRET_ID")); got != `FromEnv("SECRET_ID")` {
		t.Errorf("FromEnv: %s", got)
	}
}

// Errors from a failed source or a missing field name the field, never a value.
func TestErrorsNameNoSecret(t *testing.T) {
	const s = "s3cr3t-value"
	c := env.ClientFor(t, "http://127.0.0.1:1", "", wrappers.WithRetries(0, 0, 0)) // nothing listens: any request fails
	for _, m := range []wrappers.AuthMethod{
		auth.Userpass{Username: "alice", Password: s},
		auth.AppRole{RoleID: "r", SecretID: auth.FromString(s)},
		auth.AppRole{RoleID: "r", SecretID: auth.FromString(s), Wrapped: true},
		auth.Kubernetes{Role: "r", JWT: s},
		auth.GitHub{Token: s},
		auth.Okta{Username: "u", Password: s},
	} {
		_, err := c.Login(context.Background(), m)
		if err == nil || strings.Contains(err.Error(), s) || strings.Contains(fmt.Sprintf("%+v", err), s) {
			t.Errorf("%T: %v", m, err)
		}
	}
}
