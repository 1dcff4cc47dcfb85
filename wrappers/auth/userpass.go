package auth

import (
	"context"
	"fmt"

	"github.com/govault/govault/generated/authuserpass"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/wrappers"
)

// Userpass logs in with a username and password (auth/<mount>/login/<username>).
type Userpass struct {
	Mount    string // default "userpass"
	Username string
	Password string
}

// Login implements wrappers.AuthMethod.
//
//vault:operation UserpassLogin
func (m Userpass) Login(ctx context.Context, c *wrappers.Client) (*vaultcommon.AuthReply, error) {
	if err := required("userpass", "Username", m.Username); err != nil {
		return nil, err
	}
	base, err := mountURL(c, m.Mount, "userpass")
	if err != nil {
		return nil, err
	}
	api := authuserpass.New(c, base)
	reply, err := api.UserpassLogin(ctx, m.Username, authuserpass.UserpassLoginRequest{Password: m.Password})
	return wrappers.LoginReply("UserpassLogin", reply, err)
}

func (m Userpass) String() string {
	return fmt.Sprintf("auth.Userpass{Mount:%q Username:%q Password:%s}", m.Mount, m.Username, redacted(m.Password))
}

// GoString is String, so %#v redacts too.
func (m Userpass) GoString() string { return m.String() }
