package auth_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
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
		TokenPolicies: []string{"app"}, TokenTTL: livetest.Ptr(vtypes.Duration("20m")),
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
			gotReply, err := c.Login(ctx, m)
			ok(t, err)
			loggedIn(t, c, "", m, gotReply.Auth)
			if gotReply.Auth.Metadata["role_name"] != "app" || !slices.Contains(gotReply.Auth.TokenPolicies, "app") || gotReply.Auth.LeaseDuration != 1200 {
				t.Fatalf("auth: %+v", gotReply.Auth)
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
	gotReply, err := c.Login(ctx, m)
	ok(t, err)
	loggedIn(t, c, "", m, gotReply.Auth)
	if gotReply.Auth.Metadata["role_name"] != "app" {
		t.Fatalf("auth: %+v", gotReply.Auth)
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

// Unwrapping the secret ID is the method's own sub-request: the wrap TTL the
// caller put on the context applies to the login, not to the unwrap (which
// would spend the wrapping token and hide the secret ID in a new one).
func TestAppRoleUnwrapStartsClean(t *testing.T) {
	ctx := context.Background()
	roleID, a := approleSetup(t)
	wrapped, err := a.AppRoleGenerateSecretID(ctx, "app", authapprole.AppRoleGenerateSecretIDRequest{}, wrappers.RequestWrapTTL(time.Minute))
	ok(t, err)
	env.Leaks.Add(*wrapped.WrapInfo.Token)

	var mu sync.Mutex
	wrapTTL := map[string]string{}
	record := func(next http.RoundTripper) http.RoundTripper {
		return rtFunc(func(r *http.Request) (*http.Response, error) {
			mu.Lock()
			wrapTTL[r.URL.Path] = r.Header.Get(wrappers.WrapTTLHeader)
			mu.Unlock()
			return next.RoundTrip(r)
		})
	}
	c := env.ClientFor(t, env.Server.Addr, "", wrappers.WithMiddleware(record))
	m := auth.AppRole{RoleID: roleID, SecretID: auth.FromString(*wrapped.WrapInfo.Token), Wrapped: true}
	_, err = c.Login(wrappers.WithRequestOptions(ctx, wrappers.RequestWrapTTL(time.Minute)), m)
	var na *wrappers.NoAuthError
	if !errors.As(err, &na) || na.WrapInfo == nil {
		t.Fatalf("login with a wrap TTL on the context: %v; want a wrapped answer (*NoAuthError)", err)
	}
	env.Leaks.Add(*na.WrapInfo.Token)
	want := map[string]string{"/v1/sys/wrapping/unwrap": "", "/v1/auth/approle/login": "1m0s"}
	if diff := cmp.Diff(want, wrapTTL); diff != "" {
		t.Fatalf("wrap TTL per request (-want +got):\n%s", diff)
	}
}

type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
