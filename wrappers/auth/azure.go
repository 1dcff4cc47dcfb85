package auth

import (
	"context"
	"fmt"

	"github.com/govault/govault/generated/authazure"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/wrappers"
)

// Azure logs in with an Azure AD access token of a managed identity
// (auth/<mount>/login), naming the resource it runs on when the role binds
// subscriptions, resource groups, locations or scale sets. Fetch the token
// from the instance metadata service (resource = the mount's configured
// resource) and pass it as JWT.
type Azure struct {
	Mount             string // default "azure"
	Role              string
	JWT               string
	SubscriptionID    string
	ResourceGroupName string
	VMName            string
	VMSSName          string
	ResourceID        string
}

// Login implements wrappers.AuthMethod.
//
//vault:operation AzureAuthLogin
func (m Azure) Login(ctx context.Context, c *wrappers.Client) (*vaultcommon.AuthReply, error) {
	if err := required("azure", "Role", m.Role); err != nil {
		return nil, err
	}
	if err := required("azure", "JWT", m.JWT); err != nil {
		return nil, err
	}
	base, err := mountURL(c, m.Mount, "azure")
	if err != nil {
		return nil, err
	}
	api := authazure.New(c, base)
	reply, err := api.AzureAuthLogin(ctx, authazure.AzureAuthLoginRequest{
		Role:              m.Role,
		JWT:               m.JWT,
		SubscriptionID:    optional(m.SubscriptionID),
		ResourceGroupName: optional(m.ResourceGroupName),
		VMName:            optional(m.VMName),
		VmssName:          optional(m.VMSSName),
		ResourceID:        optional(m.ResourceID),
	})
	return wrappers.LoginReply("AzureAuthLogin", reply, err)
}

func (m Azure) String() string {
	return fmt.Sprintf("auth.Azure{Mount:%q Role:%q JWT:%s SubscriptionID:%q ResourceGroupName:%q VMName:%q VMSSName:%q ResourceID:%q}",
		m.Mount, m.Role, redacted(m.JWT), m.SubscriptionID, m.ResourceGroupName, m.VMName, m.VMSSName, m.ResourceID)
}

// GoString is String, so %#v redacts too.
func (m Azure) GoString() string { return m.String() }
