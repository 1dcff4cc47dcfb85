package auth

import (
	"context"
	"fmt"

	"github.com/govault/govault/generated/authgithub"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/wrappers"
)

// GitHub logs in with a GitHub personal access token (auth/<mount>/login).
type GitHub struct {
	Mount string // default "github"
	Token string
}

// Login implements wrappers.AuthMethod.
//
//vault:operation GitHubLogin
func (m GitHub) Login(ctx context.Context, c *wrappers.Client) (*vaultcommon.AuthReply, error) {
	if err := required("github", "Token", m.Token); err != nil {
		return nil, err
	}
	base, err := mountURL(c, m.Mount, "github")
	if err != nil {
		return nil, err
	}
	api := authgithub.New(c, base)
	reply, err := api.GitHubLogin(ctx, authgithub.GitHubLoginRequest{Token: m.Token})
	return wrappers.LoginReply("GitHubLogin", reply, err)
}

func (m GitHub) String() string {
	return fmt.Sprintf("auth.GitHub{Mount:%q Token:%s}", m.Mount, redacted(m.Token))
}

// GoString is String, so %#v redacts too.
func (m GitHub) GoString() string { return m.String() }
