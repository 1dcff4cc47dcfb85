package auth

import (
	"context"
	"fmt"

	"github.com/govault/govault/generated/authradius"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/wrappers"
)

// Radius logs in with a RADIUS username and password (auth/<mount>/login).
type Radius struct {
	Mount    string // default "radius"
	Username string
	Password string
}

// Login implements wrappers.AuthMethod.
//
//vault:operation RadiusLogin
func (m Radius) Login(ctx context.Context, c *wrappers.Client) (*vaultcommon.AuthReply, error) {
	if err := required("radius", "Username", m.Username); err != nil {
		return nil, err
	}
	base, err := mountURL(c, m.Mount, "radius")
	if err != nil {
		return nil, err
	}
	api := authradius.New(c, base)
	reply, err := api.RadiusLogin(ctx, authradius.RadiusLoginRequest{Username: m.Username, Password: m.Password})
	return wrappers.LoginReply("RadiusLogin", reply, err)
}

func (m Radius) String() string {
	return fmt.Sprintf("auth.Radius{Mount:%q Username:%q Password:%s}", m.Mount, m.Username, redacted(m.Password))
}

// GoString is String, so %#v redacts too.
func (m Radius) GoString() string { return m.String() }
