package auth

import (
	"context"
	"fmt"

	"github.com/govault/govault/generated/authalicloud"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/wrappers"
)

// AliCloud logs in with a signed STS GetCallerIdentity request
// (auth/<mount>/login) that Vault forwards to Alibaba Cloud. Sign it with
// the Alibaba Cloud SDK and pass it as Vault wants it: the URL and the
// JSON-encoded headers, each base64-encoded (what Vault's alicloud
// tools.GenerateLoginData returns).
type AliCloud struct {
	Mount                  string // default "alicloud"
	Role                   string
	IdentityRequestURL     string // base64 of the signed request URL
	IdentityRequestHeaders string // base64 of the JSON object of its headers
}

// Login implements wrappers.AuthMethod.
//
//vault:operation AliCloudAuthLogin
func (m AliCloud) Login(ctx context.Context, c *wrappers.Client) (*vaultcommon.AuthReply, error) {
	for _, f := range [][2]string{{"Role", m.Role}, {"IdentityRequestURL", m.IdentityRequestURL}, {"IdentityRequestHeaders", m.IdentityRequestHeaders}} {
		if err := required("alicloud", f[0], f[1]); err != nil {
			return nil, err
		}
	}
	base, err := mountURL(c, m.Mount, "alicloud")
	if err != nil {
		return nil, err
	}
	api := authalicloud.New(c, base)
	reply, err := api.AliCloudAuthLogin(ctx, authalicloud.AliCloudAuthLoginRequest{
		Role: m.Role, IdentityRequestURL: m.IdentityRequestURL, IdentityRequestHeaders: m.IdentityRequestHeaders,
	})
	return wrappers.LoginReply("AliCloudAuthLogin", reply, err)
}

// String redacts the signed request: its URL carries the signature.
func (m AliCloud) String() string {
	return fmt.Sprintf("auth.AliCloud{Mount:%q Role:%q IdentityRequestURL:%s IdentityRequestHeaders:%s}",
		m.Mount, m.Role, redacted(m.IdentityRequestURL), redacted(m.IdentityRequestHeaders))
}

// GoString is String, so %#v redacts too.
func (m AliCloud) GoString() string { return m.String() }
