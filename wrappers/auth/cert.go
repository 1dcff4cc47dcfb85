package auth

import (
	"context"

	"github.com/govault/govault/generated/authcert"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/wrappers"
)

// Cert logs in with the TLS client certificate the client presents
// (wrappers.WithClientCert, or VAULT_CLIENT_CERT and VAULT_CLIENT_KEY with
// wrappers/clientcert imported); the server must be reached over HTTPS. It
// holds no secret.
type Cert struct {
	Mount string // default "cert"
	Name  string // optional: try only this certificate role
}

// Login implements wrappers.AuthMethod.
//
//vault:operation CertLogin
func (m Cert) Login(ctx context.Context, c *wrappers.Client) (*vaultcommon.AuthReply, error) {
	base, err := mountURL(c, m.Mount, "cert")
	if err != nil {
		return nil, err
	}
	api := authcert.New(c, base)
	reply, err := api.CertLogin(ctx, authcert.CertLoginRequest{Name: optional(m.Name)})
	return wrappers.LoginReply("CertLogin", reply, err)
}
