package auth

import (
	"context"
	"fmt"

	"github.com/govault/govault/generated/authjwt"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/wrappers"
)

// JWT logs in with a signed JWT (auth/<mount>/login). It also serves OIDC
// mounts that accept JWTs: set Mount to "oidc".
type JWT struct {
	Mount string // default "jwt"
	Role  string // optional: the mount's default_role when empty
	JWT   string
}

// Login implements wrappers.AuthMethod.
//
//vault:operation JWTLogin
func (m JWT) Login(ctx context.Context, c *wrappers.Client) (*vaultcommon.AuthReply, error) {
	if err := required("jwt", "JWT", m.JWT); err != nil {
		return nil, err
	}
	base, err := mountURL(c, m.Mount, "jwt")
	if err != nil {
		return nil, err
	}
	api := authjwt.New(c, base)
	reply, err := api.JWTLogin(ctx, authjwt.JWTLoginRequest{JWT: m.JWT, Role: optional(m.Role)})
	return wrappers.LoginReply("JWTLogin", reply, err)
}

func (m JWT) String() string {
	return fmt.Sprintf("auth.JWT{Mount:%q Role:%q JWT:%s}", m.Mount, m.Role, redacted(m.JWT))
}

// GoString is String, so %#v redacts too.
func (m JWT) GoString() string { return m.String() }
