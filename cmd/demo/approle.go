package main

import (
	"context"
	"fmt"
	"time"

	"github.com/govault/govault/generated/authapprole"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/wrappers"
	"github.com/govault/govault/wrappers/auth"
)

// appRole sets up a role as an operator would, then logs in as the
// application (a second client with no token) and renews its token.
func (d *demo) appRole(ctx context.Context) error {
	if err := d.client.Sys().SysEnableAuthMethod(ctx, "approle", sys.SysEnableAuthMethodRequest{Type: "approle"}); err != nil {
		return err
	}
	rules := `path "secret/data/app/*" { capabilities = ["read"] }`
	if _, err := d.client.Sys().SysWritePolicy(ctx, "app", sys.SysWritePolicyRequest{Policy: &rules}); err != nil {
		return err
	}
	api, err := wrappers.Mount(d.client, "auth/approle", authapprole.New)
	if err != nil {
		return err
	}
	_, err = api.AppRoleWriteRole(ctx, "app", authapprole.AppRoleWriteRoleRequest{
		TokenPolicies: []string{"app"}, TokenTTL: ptr(vaultcommon.Duration("10m")), TokenMaxTTL: ptr(vaultcommon.Duration("1h")),
	})
	if err != nil {
		return err
	}
	roleID, err := api.AppRoleReadRoleID(ctx, "app")
	if err != nil {
		return err
	}
	secretID, err := api.AppRoleGenerateSecretID(ctx, "app", authapprole.AppRoleGenerateSecretIDRequest{})
	if err != nil {
		return err
	}

	app := d.client.Clone("")
	reply, err := app.Login(ctx, auth.AppRole{RoleID: roleID.Data.RoleID, SecretID: auth.FromString(secretID.Data.SecretID)})
	if err != nil {
		return err
	}
	secret, err := app.KVv2("secret").ReadSecret(ctx, "app/db")
	if err != nil {
		return err
	}
	renewed, err := app.Tokens().RenewSelf(ctx, 30*time.Minute)
	if err != nil {
		return err
	}
	d.say("AppRole login", "token with policies %v, ttl %ds; reads secret/app/db (version %d); renewed to %ds",
		reply.Auth.TokenPolicies, reply.Auth.LeaseDuration, secret.Data.Metadata.Version, renewed.Auth.LeaseDuration)
	if renewed.Auth.LeaseDuration <= reply.Auth.LeaseDuration {
		return fmt.Errorf("renew-self did not extend the token: %ds after %ds", renewed.Auth.LeaseDuration, reply.Auth.LeaseDuration)
	}
	return nil
}
