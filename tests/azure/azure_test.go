package azure_test

import (
	"context"
	"testing"

	"github.com/govault/govault/generated/azure"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
)

var api = livetest.APIFor("azure", azure.New)

func TestAzureOperations(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	env.Leaks.Add(fakeSecret, "root-client-secret")

	empty, err := a.AzureReadConfig(ctx)
	env.OK(t, err)
	if empty.Data.TenantID != "" || empty.Data.RootPasswordTTL != 0 {
		t.Fatalf("unconfigured config: %+v", empty.Data)
	}
	err = a.AzureWriteConfig(ctx, azure.AzureWriteConfigRequest{
		SubscriptionID:  livetest.Ptr(subscriptionID),
		TenantID:        livetest.Ptr(tenantID),
		ClientID:        livetest.Ptr(rootClientID),
		ClientSecret:    livetest.Ptr("root-client-secret"),
		Environment:     livetest.Ptr("AzurePublicCloud"),
		RootPasswordTTL: livetest.Ptr(vtypes.Duration("720h")),
	})
	env.OK(t, err)
	cfg, err := a.AzureReadConfig(ctx)
	env.OK(t, err)
	if cfg.Data.TenantID != tenantID || cfg.Data.SubscriptionID != subscriptionID || cfg.Data.ClientID != rootClientID || cfg.Data.RootPasswordTTL != 720*3600 || cfg.Data.Environment != "AzurePublicCloud" {
		t.Fatalf("config: %+v", cfg.Data)
	}

	// A dynamic role by role ID and group ID, one by role name, one on an existing application.
	err = a.AzureWriteRole(ctx, "dynamic", azure.AzureWriteRoleRequest{
		AzureRoles:  livetest.Ptr(`[{"role_id":"` + readerRoleID + `","scope":"/subscriptions/` + subscriptionID + `"}]`),
		AzureGroups: livetest.Ptr(`[{"object_id":"` + groupID + `"}]`),
		TTL:         livetest.Ptr(vtypes.Duration("1h")),
		MaxTTL:      livetest.Ptr(vtypes.Seconds(7200)),
	})
	env.OK(t, err)
	err = a.AzureWriteRole(ctx, "by-name", azure.AzureWriteRoleRequest{
		AzureRoles:     livetest.Ptr(`[{"role_name":"Reader","scope":"/subscriptions/` + subscriptionID + `"}]`),
		Tags:           []string{"team:core"},
		SignInAudience: livetest.Ptr("AzureADMyOrg"),
		ExplicitMaxTTL: livetest.Ptr(vtypes.Duration("3h")),
	})
	env.OK(t, err)
	err = a.AzureWriteRole(ctx, "existing", azure.AzureWriteRoleRequest{ApplicationObjectID: livetest.Ptr(existingAppID)})
	env.OK(t, err)

	dyn, err := a.AzureReadRole(ctx, "dynamic")
	env.OK(t, err)
	if dyn.Data.TTL != 3600 || dyn.Data.MaxTTL != 7200 || len(dyn.Data.AzureRoles) != 1 || dyn.Data.AzureRoles[0].RoleName != "Reader" ||
		len(dyn.Data.AzureGroups) != 1 || dyn.Data.AzureGroups[0].ObjectID != groupID || dyn.Data.AzureGroups[0].GroupName != "devs" || dyn.Data.Tags != nil {
		t.Fatalf("role dynamic: %+v", dyn.Data)
	}
	byName, err := a.AzureReadRole(ctx, "by-name")
	env.OK(t, err)
	if byName.Data.AzureRoles[0].RoleID != readerRoleID || byName.Data.ExplicitMaxTTL != 10800 || byName.Data.SignInAudience != "AzureADMyOrg" || len(byName.Data.Tags) != 1 || byName.Data.AzureGroups != nil {
		t.Fatalf("role by-name: %+v", byName.Data)
	}
	existing, err := a.AzureReadRole(ctx, "existing")
	env.OK(t, err)
	if existing.Data.ApplicationObjectID != existingAppID || existing.Data.AzureRoles != nil {
		t.Fatalf("role existing: %+v", existing.Data)
	}
	roles, err := a.AzureListRoles(ctx)
	env.OK(t, err)
	if len(roles.Data.Keys) != 3 {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}

	sp, err := a.AzureGenerateCredentials(ctx, "dynamic")
	env.OK(t, err)
	if sp.Data.ClientID != newAppClientID || sp.Data.ClientSecret != fakeSecret || sp.LeaseID == "" || sp.LeaseDuration != 3600 || !sp.Renewable {
		t.Fatalf("dynamic creds: %+v lease %q %d", sp.Data, sp.LeaseID, sp.LeaseDuration)
	}
	if cloud.Count("PUT", "management.azure.com", "/roleAssignments/") != 1 || cloud.Count("POST", "graph.microsoft.com", "/groups/"+groupID+"/members/$ref") != 1 {
		t.Fatalf("dynamic creds did not assign the role and group: %+v", cloud.Requests())
	}
	app, err := a.AzureGenerateCredentials(ctx, "existing")
	env.OK(t, err)
	if app.Data.ClientID != existingClient || app.Data.ClientSecret != fakeSecret {
		t.Fatalf("existing-app creds: %+v", app.Data)
	}

	err = a.AzureRotateRoot(ctx)
	env.OK(t, err)
	if cloud.Count("POST", "graph.microsoft.com", "/applications/66666666-0000-0000-0000-000000000001/addPassword") != 1 {
		t.Fatalf("rotate-root did not add a password to the root application: %+v", cloud.Requests())
	}

	err = a.AzureDeleteRole(ctx, "by-name")
	env.OK(t, err)
	roles, err = a.AzureListRoles(ctx)
	env.OK(t, err)
	if len(roles.Data.Keys) != 2 {
		t.Fatalf("roles after delete: %v", roles.Data.Keys)
	}

	err = a.AzureDeleteConfig(ctx)
	env.OK(t, err)
	gone, err := a.AzureReadConfig(ctx)
	env.OK(t, err)
	if gone.Data.TenantID != "" {
		t.Fatalf("config after delete: %+v", gone.Data)
	}
}
