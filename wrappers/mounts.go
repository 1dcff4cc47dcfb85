package wrappers

import (
	"context"
	"strings"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/generated/vaultcommon"
)

// The mount tables, hvac's sys.list_mounted_secrets_engines,
// list_auth_methods and the tune calls.

// ListSecretsEngines returns the secrets engine mount table: each mount
// path, as Vault writes it ("secret/", with the trailing slash), with its
// whole configuration (type, description, accessor, config, options, local,
// seal_wrap, plugin version, ...). The type alone is table["secret/"].Type.
// An answer wrapped by RequestWrapTTL is a *WrappedError (ErrWrapped), not
// an empty table.
//
//vault:operation SysListMounts
func (c *Client) ListSecretsEngines(ctx context.Context, opts ...RequestOption) (sys.MountTable, error) {
	out, err := c.Sys().SysListMounts(ctx, opts...)
	if err != nil {
		return nil, err
	}
	return mountTable("SysListMounts", out.Data, out.WrapInfo)
}

// ListAuthMethods returns the auth method table: each mount path ("token/",
// "userpass/", without "auth/") with its whole configuration, as
// ListSecretsEngines does for engines.
//
//vault:operation SysListAuthMethods
func (c *Client) ListAuthMethods(ctx context.Context, opts ...RequestOption) (sys.MountTable, error) {
	out, err := c.Sys().SysListAuthMethods(ctx, opts...)
	if err != nil {
		return nil, err
	}
	return mountTable("SysListAuthMethods", out.Data, out.WrapInfo)
}

// mountTable is the table of an answer; a wrapped answer has none, and is
// a *WrappedError rather than an empty table.
func mountTable(op string, t sys.MountTable, wrap *vaultcommon.WrapInfo) (sys.MountTable, error) {
	if err := wrappedAnswer(op, wrap); err != nil {
		return nil, err
	}
	if t == nil {
		t = sys.MountTable{}
	}
	return t, nil
}

// TuneSecretsEngine changes the settings of the secrets engine mounted at
// path; unset fields keep their value.
//
//vault:operation SysTuneMount
func (c *Client) TuneSecretsEngine(ctx context.Context, path string, tune sys.MountTuneInput, opts ...RequestOption) error {
	_, err := c.Sys().SysTuneMount(ctx, strings.Trim(path, "/"), tune, opts...)
	return err
}

// TuneAuthMethod changes the settings of the auth method mounted at path
// ("userpass", not "auth/userpass"); unset fields keep their value.
//
//vault:operation SysTuneAuthMethod
func (c *Client) TuneAuthMethod(ctx context.Context, path string, tune sys.MountTuneInput, opts ...RequestOption) error {
	err := c.Sys().SysTuneAuthMethod(ctx, strings.Trim(path, "/"), tune, opts...)
	return err
}
