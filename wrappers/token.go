package wrappers

import (
	"context"
	"time"

	"github.com/govault/govault/generated/authtoken"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/vtypes"
)

// Tokens is the everyday part of the token auth method at auth/token:
// look up and renew the client's own token, create child tokens, revoke
// them and look them up by accessor. Each call returns Vault's whole answer
// (warnings, request_id, wrap_info and the lease fields with it); for the
// other token operations use API.
//
//	tokens := client.Tokens()
//	child, err := tokens.Create(ctx, authtoken.TokenCreateRequest{Policies: []string{"app"}})
//	info, err := tokens.LookupAccessor(ctx, child.Auth.Accessor)
type Tokens struct {
	api *authtoken.Client
}

// Tokens returns the token auth method's everyday calls. It shares the
// generated client TokenAuth returns.
func (c *Client) Tokens() *Tokens { return &Tokens{api: c.TokenAuth()} }

// API returns the generated client for auth/token, for anything not wrapped here.
func (t *Tokens) API() *authtoken.Client { return t.api }

// LookupSelf describes the client's own token (or, with RequestToken, the
// token given): its policies, TTL, accessor, metadata. A token Vault no
// longer knows (revoked, expired) is an error matching ErrForbidden.
//
//vault:operation TokenLookupSelf
func (t *Tokens) LookupSelf(ctx context.Context, opts ...RequestOption) (*authtoken.TokenLookupSelfResult, error) {
	out, err := t.api.TokenLookupSelf(ctx, opts...)
	return whole("TokenLookupSelf", out, err)
}

// RenewSelf extends the client's own token by increment, counted from now
// (0 asks for the token's own TTL again). Vault may grant less (the token's
// max TTL); the answer's Auth.LeaseDuration says how much, in seconds. A
// token that is not renewable is an error matching ErrInvalidRequest.
//
//vault:operation TokenRenewSelf
func (t *Tokens) RenewSelf(ctx context.Context, increment time.Duration, opts ...RequestOption) (*vaultcommon.AuthReply, error) {
	var body authtoken.TokenRenewSelfRequest
	if increment > 0 {
		inc := vtypes.Of(max(increment, time.Second)) // Vault counts whole seconds
		body.Increment = &inc
	}
	out, err := t.api.TokenRenewSelf(ctx, body, opts...)
	return whole("TokenRenewSelf", out, err)
}

// Create issues a child of the client's token shaped by req (policies, TTL,
// metadata, ...); the zero request copies the caller's policies and gets the
// mount's default TTL. The new token and its accessor are in the answer's
// Auth block; with RequestWrapTTL they are behind WrapInfo instead.
//
//vault:operation TokenCreate
func (t *Tokens) Create(ctx context.Context, req authtoken.TokenCreateRequest, opts ...RequestOption) (*vaultcommon.AuthReply, error) {
	out, err := t.api.TokenCreate(ctx, req, opts...)
	return whole("TokenCreate", out, err)
}

// Revoke revokes token, its child tokens and their leases. Revoking a token
// that is already gone succeeds.
//
//vault:operation TokenRevoke
func (t *Tokens) Revoke(ctx context.Context, token string, opts ...RequestOption) error {
	return t.api.TokenRevoke(ctx, authtoken.TokenRevokeRequest{Token: token}, opts...)
}

// LookupAccessor describes the token whose accessor this is, without the
// token itself (Data.ID is empty). An accessor Vault does not know is an
// error matching ErrInvalidRequest.
//
//vault:operation TokenLookupAccessor
func (t *Tokens) LookupAccessor(ctx context.Context, accessor string, opts ...RequestOption) (*authtoken.TokenLookupAccessorResult, error) {
	out, err := t.api.TokenLookupAccessor(ctx, authtoken.TokenLookupAccessorRequest{Accessor: accessor}, opts...)
	return whole("TokenLookupAccessor", out, err)
}
