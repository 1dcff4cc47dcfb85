package wrappers

import (
	"context"
	"strings"

	"github.com/govault/govault/generated/sys"
)

// The mount tables, hvac's sys.list_mounted_secrets_engines,
// list_auth_methods and the tune calls.

// ListSecretsEngines returns the secrets engine mount table: each mount
// path, as Vault writes it ("secret/", with the trailing slash), with its
// whole configuration (type, description, accessor, config, options, local,
// seal_wrap, plugin version, ...) in Data, beside Vault's envelope. The type
// alone is out.Data["secret/"].Type. An answer wrapped by RequestWrapTTL is a
// *WrappedError (ErrWrapped), not an empty table.
//
//vault:operation SysListMounts
func (c *Client) ListSecretsEngines(ctx context.Context, opts ...RequestOption) (*sys.SysListMountsResult, error) {
	out, err := c.Sys().SysListMounts(ctx, opts...)
	if out, err = whole("SysListMounts", out, err); err != nil {
		return nil, err
	}
	if out.Data == nil {
		out.Data = sys.MountTable{}
	}
	return out, nil
}

// ListAuthMethods returns the auth method table: each mount path ("token/",
// "userpass/", without "auth/") with its whole configuration, as
// ListSecretsEngines does for engines.
//
//vault:operation SysListAuthMethods
func (c *Client) ListAuthMethods(ctx context.Context, opts ...RequestOption) (*sys.SysListAuthMethodsResult, error) {
	out, err := c.Sys().SysListAuthMethods(ctx, opts...)
	if out, err = whole("SysListAuthMethods", out, err); err != nil {
		return nil, err
	}
	if out.Data == nil {
		out.Data = sys.MountTable{}
	}
	return out, nil
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
