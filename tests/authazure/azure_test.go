package authazure_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/govault/govault/generated/authazure"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// Config and role CRUD; nothing here talks to Azure.
func TestAzureAuthConfigAndRoles(t *testing.T) {
	ctx := context.Background()
	c := env.Client(t)
	a := livetest.API(t, c, "auth/azure", authazure.New)
	env.Leaks.Add("client-secret-1")

	err := a.AzureAuthWriteConfig(ctx, authazure.AzureAuthWriteConfigRequest{
		TenantID:     livetest.Ptr("00000000-0000-0000-0000-00000000000a"),
		Resource:     livetest.Ptr("https://management.azure.com/"),
		ClientID:     livetest.Ptr("00000000-0000-0000-0000-00000000000b"),
		ClientSecret: livetest.Ptr("client-secret-1"),
	})
	env.OK(t, err)
	cfg, err := a.AzureAuthReadConfig(ctx)
	env.OK(t, err)
	if cfg.Data.TenantID != "00000000-0000-0000-0000-00000000000a" || cfg.Data.Resource != "https://management.azure.com/" ||
		cfg.Data.Environment != "" || cfg.Data.MaxRetries != 3 || cfg.Data.RetryDelay != 4e9 || cfg.Data.RootPasswordTTL != 15768000 {
		t.Fatalf("config: %+v", cfg.Data)
	}
	// A second write keeps the tenant and credentials and resets the rest.
	err = a.AzureAuthWriteConfig(ctx, authazure.AzureAuthWriteConfigRequest{
		Environment:     livetest.Ptr("AzureChinaCloud"),
		MaxRetries:      livetest.Ptr(5),
		RetryDelay:      livetest.Ptr(vtypes.Duration("2s")),
		MaxRetryDelay:   livetest.Ptr(vtypes.Seconds(30)),
		RootPasswordTTL: livetest.Ptr(vtypes.Duration("24h")),
	})
	env.OK(t, err)
	cfg, err = a.AzureAuthReadConfig(ctx)
	env.OK(t, err)
	if cfg.Data.ClientID != "00000000-0000-0000-0000-00000000000b" || cfg.Data.Environment != "AzureChinaCloud" ||
		cfg.Data.MaxRetries != 5 || cfg.Data.RetryDelay != 2e9 || cfg.Data.MaxRetryDelay != 30e9 || cfg.Data.RootPasswordTTL != 86400 ||
		cfg.Data.RootPasswordExpirationDate != nil {
		t.Fatalf("config after update: %+v", cfg.Data)
	}

	_, err = a.AzureAuthWriteRole(ctx, "vm", authazure.AzureAuthWriteRoleRequest{
		BoundSubscriptionIDs: []string{"sub-1"},
		BoundResourceGroups:  []string{"rg-app"},
		BoundLocations:       []string{"westeurope"},
		TokenPolicies:        []string{"app"},
		TokenTTL:             livetest.Ptr(vtypes.Duration("15m")),
		TokenType:            livetest.Ptr(authazure.Batch),
	})
	env.OK(t, err)
	role, err := a.AzureAuthReadRole(ctx, "vm")
	env.OK(t, err)
	if !slices.Equal(role.Data.BoundSubscriptionIDs, []string{"sub-1"}) || role.Data.BoundGroupIDs != nil ||
		role.Data.TokenTTL != 900 || role.Data.TokenType != "batch" || !slices.Equal(role.Data.TokenPolicies, []string{"app"}) {
		t.Fatalf("role: %+v", role.Data)
	}
	warned, err := a.AzureAuthWriteRole(ctx, "legacy", authazure.AzureAuthWriteRoleRequest{
		BoundServicePrincipalIDs: []string{"sp-1"},
		Policies:                 []string{"old"},
		TTL:                      livetest.Ptr(vtypes.Duration("10m")),
		NumUses:                  livetest.Ptr(4),
		TokenMaxTTL:              livetest.Ptr(vtypes.Duration("10000h")),
	})
	env.OK(t, err)
	if len(warned.Warnings) == 0 {
		t.Fatal("role with a max TTL above the mount's: no warning")
	}
	legacy, err := a.AzureAuthReadRole(ctx, "legacy")
	env.OK(t, err)
	if !slices.Equal(legacy.Data.Policies, []string{"old"}) || legacy.Data.TTL == nil || *legacy.Data.TTL != 600 ||
		legacy.Data.NumUses == nil || *legacy.Data.NumUses != 4 {
		t.Fatalf("legacy role: %+v", legacy.Data)
	}
	roles, err := a.AzureAuthListRoles(ctx)
	env.OK(t, err)
	if !slices.Equal(roles.Data.Keys, []string{"legacy", "vm"}) {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}
	for _, r := range roles.Data.Keys {
		err = a.AzureAuthDeleteRole(ctx, r)
		env.OK(t, err)
	}
	err = a.AzureAuthDeleteConfig(ctx)
	env.OK(t, err)
	if _, err := a.AzureAuthReadConfig(ctx); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("deleted config: %v", err)
	}
}
