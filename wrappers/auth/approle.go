package auth

import (
	"context"
	"fmt"

	"github.com/govault/govault/generated/authapprole"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/wrappers"
)

// AppRole logs in with a role ID and a secret ID (auth/<mount>/login).
//
// With Wrapped set, SecretID holds a response-wrapping token instead (as
// handed out by a trusted orchestrator); Login unwraps it through
// sys/wrapping/unwrap and uses the secret_id inside. A wrapping token works
// once, so a re-login needs a fresh one in the source.
type AppRole struct {
	Mount    string       // default "approle"
	RoleID   string       // required
	SecretID SecretSource // zero when the role has bind_secret_id off
	Wrapped  bool
}

// Login implements wrappers.AuthMethod.
//
//vault:operation AppRoleLogin
func (m AppRole) Login(ctx context.Context, c *wrappers.Client) (*vaultcommon.AuthReply, error) {
	if err := required("approle", "RoleID", m.RoleID); err != nil {
		return nil, err
	}
	// Before unwrapping: a refused mount must not spend the wrapping token.
	base, err := mountURL(c, m.Mount, "approle")
	if err != nil {
		return nil, err
	}
	body := authapprole.AppRoleLoginRequest{RoleID: m.RoleID}
	if !m.SecretID.IsZero() {
		secret, err := m.SecretID.Read()
		if err != nil {
			return nil, err
		}
		if m.Wrapped {
			if secret, err = unwrapSecretID(ctx, c, secret); err != nil {
				return nil, err
			}
		}
		body.SecretID = &secret
	}
	api := authapprole.New(c, base)
	reply, err := api.AppRoleLogin(ctx, body)
	return wrappers.LoginReply("AppRoleLogin", reply, err)
}

// unwrapSecretID redeems a wrapping token for the secret_id it wraps.
//
//vault:operation SysUnwrap
func unwrapSecretID(ctx context.Context, c *wrappers.Client, wrappingToken string) (string, error) {
	// A sub-request: the caller's wrap TTL or namespace must not apply to it.
	rsp, err := c.Sys().SysUnwrap(wrappers.WithoutRequestOptions(ctx), sys.SysUnwrapRequest{}, wrappers.RequestToken(wrappingToken))
	if err != nil {
		return "", fmt.Errorf("vault: approle login: unwrapping the secret ID: %w", err)
	}
	id, _ := rsp.Data["secret_id"].(string)
	if id == "" {
		return "", fmt.Errorf("vault: approle login: the wrapped response has no data.secret_id")
	}
	return id, nil
}

func (m AppRole) String() string {
	return fmt.Sprintf("auth.AppRole{Mount:%q RoleID:%q SecretID:%v Wrapped:%t}", m.Mount, m.RoleID, m.SecretID, m.Wrapped)
}

// GoString is String, so %#v redacts too.
func (m AppRole) GoString() string { return m.String() }
