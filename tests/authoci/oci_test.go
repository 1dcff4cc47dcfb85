package authoci_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/authoci"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func TestOCIAuthConfigAndRoles(t *testing.T) {
	ctx := context.Background()
	c := env.Client(t)
	a := livetest.API(t, c, "auth/oci", authoci.New)

	const tenancy = "ocid1.tenancy.oc1..aaaaaaaexample"
	saved, err := a.OCIAuthWriteConfig(ctx, authoci.OCIAuthWriteConfigRequest{HomeTenancyID: tenancy})
	env.OK(t, err)
	if saved.Data != nil || saved.Warnings != nil {
		t.Fatalf("config write answer: %+v", saved)
	}
	cfg, err := a.OCIAuthReadConfig(ctx)
	env.OK(t, err)
	if cfg.Data.HomeTenancyID != tenancy {
		t.Fatalf("config: %+v", cfg.Data)
	}

	groups := []string{"ocid1.group.oc1..aaaaaaaadmins", "ocid1.dynamicgroup.oc1..aaaaaaaworkers"}
	err = a.OCIAuthWriteRole(ctx, "ops", authoci.OCIAuthWriteRoleRequest{
		OcidList:      groups,
		TokenPolicies: []string{"ops"},
		TokenTTL:      livetest.Ptr(vtypes.Duration("10m")),
		TokenType:     livetest.Ptr(authoci.Service),
	})
	env.OK(t, err)
	role, err := a.OCIAuthReadRole(ctx, "ops")
	env.OK(t, err)
	wantRole := authoci.OCIAuthRoleData{OcidList: groups, TokenPolicies: []string{"ops"}, TokenTTL: 600, TokenType: "service", TokenBoundCIDRs: []string{}}
	if diff := cmp.Diff(wantRole, role.Data); diff != "" {
		t.Fatalf("role (-want +got):\n%s", diff)
	}
	// An update keeps the OCIDs.
	err = a.OCIAuthWriteRole(ctx, "ops", authoci.OCIAuthWriteRoleRequest{TokenNumUses: livetest.Ptr(5)})
	env.OK(t, err)
	role, err = a.OCIAuthReadRole(ctx, "ops")
	env.OK(t, err)
	if !slices.Equal(role.Data.OcidList, groups) || role.Data.TokenNumUses != 5 {
		t.Fatalf("updated role: %+v", role.Data)
	}
	err = a.OCIAuthWriteRole(ctx, "empty", authoci.OCIAuthWriteRoleRequest{})
	env.OK(t, err)
	empty, err := a.OCIAuthReadRole(ctx, "empty")
	env.OK(t, err)
	if empty.Data.OcidList == nil || len(empty.Data.OcidList) != 0 {
		t.Fatalf("empty role: %+v", empty.Data)
	}

	roles, err := a.OCIAuthListRoles(ctx)
	env.OK(t, err)
	if !slices.Equal(roles.Data.Keys, []string{"empty", "ops"}) {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}
	for _, r := range roles.Data.Keys {
		err = a.OCIAuthDeleteRole(ctx, r)
		env.OK(t, err)
	}
	err = a.OCIAuthDeleteConfig(ctx)
	env.OK(t, err)
	if _, err := a.OCIAuthReadConfig(ctx); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("deleted config: %v", err)
	}
}
