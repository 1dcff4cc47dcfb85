package azure_test

import (
	"context"
	"path"
	"testing"

	"github.com/google/go-cmp/cmp"
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
	wantCfg := azure.AzureConfigData{
		DisableAutomatedRotation: livetest.Since(env, "1.19", false), RotationPeriod: livetest.Since(env, "1.19", 0), RotationSchedule: livetest.Since(env, "1.19", ""), RotationWindow: livetest.Since(env, "1.19", 0),
		TenantID: tenantID, SubscriptionID: subscriptionID, ClientID: rootClientID, RootPasswordTTL: 720 * 3600, Environment: "AzurePublicCloud",
	}
	if diff := cmp.Diff(wantCfg, cfg.Data); diff != "" {
		t.Fatalf("config (-want +got):\n%s", diff)
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
	// Vault looks up the names of the role and group it was given by ID.
	// Before 1.19 it names a role after its definition's name, the ID's last segment.
	readerName := "Reader"
	if !env.AtLeast("1.19") {
		readerName = path.Base(readerRoleID)
	}
	wantDyn := azure.AzureRoleData{
		AzureRoles:  []azure.AzureRoleAssignment{{RoleID: readerRoleID, RoleName: readerName, Scope: "/subscriptions/" + subscriptionID}},
		AzureGroups: []azure.AzureGroupMembership{{ObjectID: groupID, GroupName: "devs"}},
		TTL:         3600, MaxTTL: 7200, ExplicitMaxTTL: livetest.Since(env, "1.19", 0),
	}
	if diff := cmp.Diff(wantDyn, dyn.Data); diff != "" {
		t.Fatalf("role dynamic (-want +got):\n%s", diff)
	}
	byName, err := a.AzureReadRole(ctx, "by-name")
	env.OK(t, err)
	// And the ID of the role it was given by name.
	wantByName := azure.AzureRoleData{
		AzureRoles: []azure.AzureRoleAssignment{{RoleID: readerRoleID, RoleName: readerName, Scope: "/subscriptions/" + subscriptionID}},
		Tags:       []string{"team:core"}, SignInAudience: "AzureADMyOrg", ExplicitMaxTTL: livetest.Since(env, "1.19", 10800),
	}
	if diff := cmp.Diff(wantByName, byName.Data); diff != "" {
		t.Fatalf("role by-name (-want +got):\n%s", diff)
	}
	existing, err := a.AzureReadRole(ctx, "existing")
	env.OK(t, err)
	if diff := cmp.Diff(azure.AzureRoleData{ApplicationObjectID: existingAppID, ExplicitMaxTTL: livetest.Since(env, "1.19", 0)}, existing.Data); diff != "" {
		t.Fatalf("role existing (-want +got):\n%s", diff)
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
