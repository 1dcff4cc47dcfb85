package wrappers

import (
	"context"
	"strings"

	"github.com/govault/govault/generated/sys"
)

// The mount tables, hvac's sys.list_mounted_secrets_engines,
// list_auth_methods and the tune calls.

// ListSecretsEngines maps each secrets engine mount path, as Vault writes it
// ("secret/", with the trailing slash), to its type ("kv", "transit", ...).
//
//vault:operation SysListMounts
func (c *Client) ListSecretsEngines(ctx context.Context) (map[string]string, error) {
	out, err := c.Sys().SysListMounts(ctx)
	if err != nil {
		return nil, err
	}
	return mountTypes(out.Data), nil
}

// ListAuthMethods maps each auth method mount path ("token/", "userpass/")
// to its type.
//
//vault:operation SysListAuthMethods
func (c *Client) ListAuthMethods(ctx context.Context) (map[string]string, error) {
	out, err := c.Sys().SysListAuthMethods(ctx)
	if err != nil {
		return nil, err
	}
	return mountTypes(out.Data), nil
}

func mountTypes(t sys.MountTable) map[string]string {
	m := make(map[string]string, len(t))
	for path, e := range t {
		m[path] = e.Type
	}
	return m
}

// TuneSecretsEngine changes the settings of the secrets engine mounted at
// path; unset fields keep their value.
//
//vault:operation SysTuneMount
func (c *Client) TuneSecretsEngine(ctx context.Context, path string, tune sys.MountTuneInput) error {
	_, err := c.Sys().SysTuneMount(ctx, strings.Trim(path, "/"), tune)
	return err
}

// TuneAuthMethod changes the settings of the auth method mounted at path
// ("userpass", not "auth/userpass"); unset fields keep their value.
//
//vault:operation SysTuneAuthMethod
func (c *Client) TuneAuthMethod(ctx context.Context, path string, tune sys.MountTuneInput) error {
	err := c.Sys().SysTuneAuthMethod(ctx, strings.Trim(path, "/"), tune)
	return err
}
