package auth

import (
	"context"
	"fmt"

	"github.com/govault/govault/generated/authldap"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/wrappers"
)

// LDAP logs in with a directory username and password (auth/<mount>/login/<username>).
type LDAP struct {
	Mount    string // default "ldap"
	Username string
	Password string
}

// Login implements wrappers.AuthMethod.
//
//vault:operation LDAPAuthLogin
func (m LDAP) Login(ctx context.Context, c *wrappers.Client) (*vaultcommon.AuthReply, error) {
	if err := required("ldap", "Username", m.Username); err != nil {
		return nil, err
	}
	base, err := mountURL(c, m.Mount, "ldap")
	if err != nil {
		return nil, err
	}
	api := authldap.New(c, base)
	reply, err := api.LDAPAuthLogin(ctx, m.Username, authldap.LDAPAuthLoginRequest{Password: m.Password})
	return wrappers.LoginReply("LDAPAuthLogin", reply, err)
}

func (m LDAP) String() string {
	return fmt.Sprintf("auth.LDAP{Mount:%q Username:%q Password:%s}", m.Mount, m.Username, redacted(m.Password))
}

// GoString is String, so %#v redacts too.
func (m LDAP) GoString() string { return m.String() }
