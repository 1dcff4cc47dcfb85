package auth_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/govault/govault/internal/livetest"

	"github.com/govault/govault/generated/authapprole"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
	"github.com/govault/govault/wrappers/auth"
)

// approleSetup makes role "app" and returns its role ID and an API on the mount.
func approleSetup(t *testing.T) (string, *authapprole.Client) {
	t.Helper()
	ctx := context.Background()
	c := admin(t)
	a := authapprole.New(c, livetest.URL(t, c, "auth/approle"))
	_, err := a.AppRoleWriteRole(ctx, "app", authapprole.AppRoleWriteRoleRequest{
		TokenPolicies: []string{"app"}, TokenTTL: ptr(vtypes.Duration("20m")),
	})
	ok(t, err)
	id, err := a.AppRoleReadRoleID(ctx, "app")
	ok(t, err)
	return id.Data.RoleID, a
}

func newSecretID(t *testing.T, a *authapprole.Client) string {
	t.Helper()
	s, err := a.AppRoleGenerateSecretID(context.Background(), "app", authapprole.AppRoleGenerateSecretIDRequest{})
	ok(t, err)
	env.Leaks.Add(s.Data.SecretID)
	return s.Data.SecretID
}

// A secret ID given directly, in a file and in an environment variable.
func TestAppRoleLogin(t *testing.T) {
	ctx := context.Background()
	roleID, a := approleSetup(t)

	file := filepath.Join(t.TempDir(), "secret-id")
	if err := os.WriteFile(file, []byte(newSecretID(t, a)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOVAULT_TEST_SECRET_ID", newSecretID(t, a))
	for name, src := range map[string]auth.SecretSource{
		"string": auth.FromString(newSecretID(t, a)),
		"file":   auth.FromFile(file),
		"env":    auth.FromEnv("GOVAULT_TEST_SECRET_ID"),
	} {
		t.Run(name, func(t *testing.T) {
			c := anonymous(t)
			m := auth.AppRole{RoleID: roleID, SecretID: src}
			got, err := c.Login(ctx, m)
			ok(t, err)
			loggedIn(t, c, "", m, got)
			if got.Metadata["role_name"] != "app" || !slices.Contains(got.TokenPolicies, "app") || got.LeaseDuration != 1200 {
				t.Fatalf("auth: %+v", got)
			}
		})
	}

	// A wrong secret ID is refused without the ID in the error.
	wrong := "00000000-1111-2222-3333-444444444444"
	env.Leaks.Add(wrong)
	c := anonymous(t)
	_, err := c.Login(ctx, auth.AppRole{RoleID: roleID, SecretID: auth.FromString(wrong)})
	env.Leaks.Seen(err)
	if !errors.Is(err, wrappers.ErrInvalidRequest) || c.Token() != "" {
		t.Fatalf("login with a wrong secret ID: %v (token set: %t)", err, c.Token() != "")
	}
	// Missing sources fail before any request.
	for _, src := range []auth.SecretSource{auth.FromFile(filepath.Join(t.TempDir(), "missing")), auth.FromEnv("GOVAULT_TEST_UNSET")} {
		if _, err := c.Login(ctx, auth.AppRole{RoleID: roleID, SecretID: src}); err == nil {
			t.Fatalf("login with %v: no error", src)
		}
	}
}

// A response-wrapped secret ID: Login unwraps it with sys/wrapping/unwrap,
// then logs in with the secret ID inside. The wrapping token is single-use.
func TestAppRoleLoginWrappedSecretID(t *testing.T) {
	ctx := context.Background()
	roleID, a := approleSetup(t)
	wrapped, err := a.AppRoleGenerateSecretID(
		wrappers.WithRequestOptions(ctx, wrappers.RequestWrapTTL(time.Minute)), "app", authapprole.AppRoleGenerateSecretIDRequest{})
	ok(t, err)
	if wrapped.WrapInfo == nil || wrapped.WrapInfo.Token == nil || wrapped.Data.SecretID != "" {
		t.Fatalf("generate with wrap TTL: not wrapped: %+v", wrapped)
	}
	wrapToken := *wrapped.WrapInfo.Token
	env.Leaks.Add(wrapToken)

	c := anonymous(t)
	m := auth.AppRole{RoleID: roleID, SecretID: auth.FromString(wrapToken), Wrapped: true}
	got, err := c.Login(ctx, m)
	ok(t, err)
	loggedIn(t, c, "", m, got)
	if got.Metadata["role_name"] != "app" {
		t.Fatalf("auth: %+v", got)
	}

	// Used up: a second login with the same wrapping token fails at unwrap.
	again := anonymous(t)
	_, err = again.Login(ctx, m)
	env.Leaks.Seen(err)
	var re *wrappers.ResponseError
	if !errors.As(err, &re) || re.Operation != "SysUnwrap" || again.Token() != "" {
		t.Fatalf("second login with a used wrapping token: %v", err)
	}
}
