package auth

import (
	"context"
	"fmt"
	"slices"

	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/wrappers"
)

// Token "logs in" with a token you already have: it looks the token up
// (auth/token/lookup-self, which proves it is valid) and Client.Login then
// adopts it. The reply is the lookup's envelope with an auth block built
// from its data.
type Token struct {
	Token string
}

// Login implements wrappers.AuthMethod.
//
//vault:operation TokenLookupSelf
func (m Token) Login(ctx context.Context, c *wrappers.Client) (*vaultcommon.AuthReply, error) {
	if err := required("token", "Token", m.Token); err != nil {
		return nil, err
	}
	rsp, err := c.TokenAuth().TokenLookupSelf(ctx, wrappers.RequestToken(m.Token))
	if err != nil {
		return nil, err
	}
	d := rsp.Data
	auth := &vaultcommon.AuthInfo{
		ClientToken:      m.Token,
		Accessor:         d.Accessor,
		EntityID:         d.EntityID,
		IdentityPolicies: d.IdentityPolicies,
		LeaseDuration:    int(d.TTL),
		Metadata:         d.Meta,
		NumUses:          d.NumUses,
		Orphan:           d.Orphan,
		Policies:         union(d.Policies, d.IdentityPolicies),
		TokenPolicies:    d.Policies,
		TokenType:        d.Type,
	}
	if d.Renewable != nil {
		auth.Renewable = *d.Renewable
	}
	reply := &vaultcommon.AuthReply{Envelope: rsp.Envelope}
	reply.Auth = auth
	return reply, nil
}

// union is a followed by the entries of b it lacks, as Vault lists a login's policies.
func union(a, b []string) []string {
	out := append([]string(nil), a...)
	for _, p := range b {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

func (m Token) String() string { return fmt.Sprintf("auth.Token{Token:%s}", redacted(m.Token)) }

// GoString is String, so %#v redacts too.
func (m Token) GoString() string { return m.String() }
