package authazure_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
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
	// The secret is not read back; retries and the root password TTL keep Vault's defaults.
	wantCfg := authazure.AzureAuthConfigData{
		DisableAutomatedRotation: livetest.Since(env, "1.19", false), RotationPeriod: livetest.Since(env, "1.19", int64(0)), RotationSchedule: livetest.Since(env, "1.19", ""), RotationWindow: livetest.Since(env, "1.19", int64(0)),
		TenantID: "00000000-0000-0000-0000-00000000000a", Resource: "https://management.azure.com/",
		ClientID: "00000000-0000-0000-0000-00000000000b", MaxRetries: 3, RetryDelay: 4e9, MaxRetryDelay: 60e9, RootPasswordTTL: 15768000,
	}
	if diff := cmp.Diff(wantCfg, cfg.Data); diff != "" {
		t.Fatalf("config (-want +got):\n%s", diff)
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
	wantCfg.Environment, wantCfg.MaxRetries, wantCfg.RetryDelay, wantCfg.MaxRetryDelay, wantCfg.RootPasswordTTL = "AzureChinaCloud", 5, 2e9, 30e9, 86400
	if diff := cmp.Diff(wantCfg, cfg.Data); diff != "" {
		t.Fatalf("config after update (-want +got):\n%s", diff)
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
	wantRole := authazure.AzureAuthRoleData{
		BoundSubscriptionIDs: []string{"sub-1"}, BoundResourceGroups: []string{"rg-app"}, BoundLocations: []string{"westeurope"},
		TokenPolicies: []string{"app"}, TokenTTL: 900, TokenType: "batch", TokenBoundCIDRs: []string{},
	}
	if diff := cmp.Diff(wantRole, role.Data); diff != "" {
		t.Fatalf("role (-want +got):\n%s", diff)
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
	wantLegacy := authazure.AzureAuthRoleData{
		BoundServicePrincipalIDs: []string{"sp-1"}, Policies: []string{"old"}, TokenPolicies: []string{"old"},
		TTL: livetest.Ptr[int64](600), TokenTTL: 600, NumUses: livetest.Ptr(4), TokenNumUses: 4, TokenMaxTTL: 36000000, TokenType: "default",
		TokenBoundCIDRs: []string{},
	}
	if diff := cmp.Diff(wantLegacy, legacy.Data); diff != "" {
		t.Fatalf("legacy role (-want +got):\n%s", diff)
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
