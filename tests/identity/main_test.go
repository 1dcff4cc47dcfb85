package identity_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/livetest"
)

var (
	env *livetest.Env
	// userpassAccessor is the accessor of the userpass mount aliases are tied to.
	userpassAccessor string
	// approleAccessor is a second auth mount, for moving aliases between mounts.
	approleAccessor string
)

func TestMain(m *testing.M) {
	_, code := livetest.Main(m, livetest.Options{
		Areas: []string{"identity"},
		Setup: func(e *livetest.Env) error {
			env = e
			admin, err := e.AdminClient()
			if err != nil {
				return err
			}
			ctx := context.Background()
			for _, typ := range []string{"userpass", "approle"} {
				if err := admin.Sys().SysEnableAuthMethod(ctx, typ, sys.SysEnableAuthMethodRequest{Type: typ}); err != nil {
					return fmt.Errorf("enable %s: %w", typ, err)
				}
				mount, err := admin.Sys().SysReadAuthMethod(ctx, typ)
				if err != nil {
					return fmt.Errorf("read %s: %w", typ, err)
				}
				if typ == "userpass" {
					userpassAccessor = mount.Accessor
				} else {
					approleAccessor = mount.Accessor
				}
			}
			// What a token tied to an entity needs for the self-service calls.
			policy := `
path "identity/mfa/method/totp/generate" { capabilities = ["update"] }
path "identity/oidc/token/*" { capabilities = ["read"] }
path "identity/oidc/provider/+/authorize" { capabilities = ["read", "update"] }
`
			if _, err := admin.Sys().SysWriteACLPolicy(ctx, "identity-user", sys.SysWriteACLPolicyRequest{Policy: policy}); err != nil {
				return fmt.Errorf("write policy: %w", err)
			}
			e.Validator.Mount("identity", "identity")
			return nil
		},
	})
	os.Exit(code)
}
