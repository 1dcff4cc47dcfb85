package wrappers_test

import (
	"context"
	"fmt"
	"log"

	"github.com/govault/govault/generated/authapprole"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/wrappers"
	"github.com/govault/govault/wrappers/auth"
)

// An application logs in with AppRole; the reply is Vault's whole answer.
func ExampleClient_Login_appRole() {
	ctx := context.Background()
	operator, err := wrappers.NewClient() // VAULT_ADDR, VAULT_TOKEN
	if err != nil {
		log.Fatal(err)
	}
	// What an operator sets up once.
	if err := operator.Sys().SysEnableAuthMethod(ctx, "example-approle", sys.SysEnableAuthMethodRequest{Type: "approle"}); err != nil {
		log.Fatal(err)
	}
	roles, err := wrappers.Mount(operator, "auth/example-approle", authapprole.New)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := roles.AppRoleWriteRole(ctx, "billing", authapprole.AppRoleWriteRoleRequest{TokenPolicies: []string{"billing"}}); err != nil {
		log.Fatal(err)
	}
	roleID, err := roles.AppRoleReadRoleID(ctx, "billing")
	if err != nil {
		log.Fatal(err)
	}
	secretID, err := roles.AppRoleGenerateSecretID(ctx, "billing", authapprole.AppRoleGenerateSecretIDRequest{})
	if err != nil {
		log.Fatal(err)
	}

	// What the application does: a client with no token of its own logs in.
	app := operator.Clone("")
	reply, err := app.Login(ctx, auth.AppRole{
		Mount:    "example-approle",
		RoleID:   roleID.Data.RoleID,
		SecretID: auth.FromString(secretID.Data.SecretID),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(reply.Auth.TokenPolicies, reply.Auth.Metadata["role_name"], app.Token() == reply.Auth.ClientToken)
	// Output: [billing default] billing true
}
