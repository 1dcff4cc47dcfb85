package auth

import (
	"context"
	"fmt"

	"github.com/govault/govault/generated/authokta"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/wrappers"
)

// Okta logs in with an Okta username and password (auth/<mount>/login/<username>),
// with a one-time code when the org enforces MFA.
type Okta struct {
	Mount    string // default "okta"
	Username string
	Password string
	TOTP     string // optional one-time code
	Provider string // optional MFA provider: "OKTA" or "GOOGLE"
	Nonce    string // optional, for the Okta Verify number challenge (verify/<nonce>)
}

// Login implements wrappers.AuthMethod.
//
//vault:operation OktaLogin
func (m Okta) Login(ctx context.Context, c *wrappers.Client) (*vaultcommon.AuthReply, error) {
	if err := required("okta", "Username", m.Username); err != nil {
		return nil, err
	}
	body := authokta.OktaLoginRequest{Password: m.Password, TOTP: optional(m.TOTP), Nonce: optional(m.Nonce)}
	if m.Provider != "" {
		p := authokta.OktaLoginRequestProvider(m.Provider)
		body.Provider = &p
	}
	base, err := mountURL(c, m.Mount, "okta")
	if err != nil {
		return nil, err
	}
	api := authokta.New(c, base)
	reply, err := api.OktaLogin(ctx, m.Username, body)
	return wrappers.LoginReply("OktaLogin", reply, err)
}

func (m Okta) String() string {
	return fmt.Sprintf("auth.Okta{Mount:%q Username:%q Password:%s TOTP:%s Provider:%q Nonce:%q}",
		m.Mount, m.Username, redacted(m.Password), redacted(m.TOTP), m.Provider, m.Nonce)
}

// GoString is String, so %#v redacts too.
func (m Okta) GoString() string { return m.String() }
