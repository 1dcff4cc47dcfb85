package wrappers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/govault/govault/generated/vaultcommon"
)

// AuthMethod is one way of logging in (userpass, AppRole, Kubernetes, ...).
// The implementations live in package wrappers/auth (and wrappers/auth/aws);
// Client.Login runs one and keeps the token it yields.
type AuthMethod interface {
	// Login authenticates against Vault through c and returns Vault's
	// whole login reply (the auth block, warnings, request ID). It does not
	// change c's token.
	Login(ctx context.Context, c *Client) (*vaultcommon.AuthReply, error)
}

// ErrNoAuth is what errors.Is finds when a login answer carried no client
// token: it was wrapped (RequestWrapTTL), or Vault wants MFA first.
var ErrNoAuth = errors.New("login answer carried no client token")

// NoAuthError is a login that Vault answered without a client token.
// Its text never includes the wrapping token.
type NoAuthError struct {
	Operation string // the login's operationId, or the AuthMethod's type when unknown
	// MFARequirement is set when Vault wants login MFA before it issues a
	// token (validate it at sys/mfa/validate).
	MFARequirement *vaultcommon.MFARequirement
	// WrapInfo is set when the login was answered as a wrapping token.
	WrapInfo *vaultcommon.WrapInfo
	Warnings []string
}

func (e *NoAuthError) Error() string {
	msg := "vault: " + e.Operation + ": " + ErrNoAuth.Error()
	switch {
	case e.MFARequirement != nil:
		msg += " (MFA required)"
	case e.WrapInfo != nil:
		msg += " (answer was wrapped)"
	}
	if len(e.Warnings) > 0 {
		msg += ": " + strings.Join(e.Warnings, "; ")
	}
	return msg
}

// Unwrap returns ErrNoAuth.
func (e *NoAuthError) Unwrap() error { return ErrNoAuth }

// LoginReply takes the results of the generated login operation op and
// returns the reply when it carries a client token, or a *NoAuthError naming
// op when Vault issued none (MFA required, a wrapped answer):
//
//	reply, err := api.UserpassLogin(ctx, "alice", body)
//	reply, err = wrappers.LoginReply("UserpassLogin", reply, err)
func LoginReply(op string, reply *vaultcommon.AuthReply, err error) (*vaultcommon.AuthReply, error) {
	if err != nil {
		return nil, err
	}
	if reply.Auth == nil || reply.Auth.ClientToken == "" {
		e := &NoAuthError{Operation: op, WrapInfo: reply.WrapInfo, Warnings: reply.Warnings}
		if reply.Auth != nil {
			e.MFARequirement = reply.Auth.MFARequirement
		}
		return nil, e
	}
	return reply, nil
}

// Login authenticates with m, switches the client to the token Vault issued
// (SetToken) and remembers m for LastLogin. It returns Vault's whole reply:
// the token and its policies and lease in reply.Auth, with the warnings and
// request ID beside it. opts apply to the login request (a namespace, say).
// The client's token is unchanged when the login fails.
//
//	reply, err := client.Login(ctx, auth.Userpass{Username: "alice", Password: pw})
func (c *Client) Login(ctx context.Context, m AuthMethod, opts ...RequestOption) (*vaultcommon.AuthReply, error) {
	if m == nil {
		return nil, errors.New("vault: Login: nil AuthMethod")
	}
	if len(opts) > 0 {
		ctx = WithRequestOptions(ctx, opts...)
	}
	reply, err := m.Login(ctx, c)
	if err != nil {
		return nil, err
	}
	if reply == nil || reply.Auth == nil || reply.Auth.ClientToken == "" {
		e := &NoAuthError{Operation: fmt.Sprintf("%T", m)}
		if reply != nil {
			e.WrapInfo, e.Warnings = reply.WrapInfo, reply.Warnings
			if reply.Auth != nil {
				e.MFARequirement = reply.Auth.MFARequirement
			}
		}
		return nil, e
	}
	c.SetToken(reply.Auth.ClientToken)
	c.mu.Lock()
	c.lastLogin = m
	c.mu.Unlock()
	return reply, nil
}

// LastLogin returns the AuthMethod of the last successful Login (nil if
// none), so a token watcher can log in again when the token runs out.
func (c *Client) LastLogin() AuthMethod {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.lastLogin
}
