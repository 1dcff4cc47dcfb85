package authalicloud_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/govault/govault/generated/authalicloud"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func TestAliCloudAuthRoles(t *testing.T) {
	ctx := context.Background()
	c := env.Client(t)
	a := livetest.API(t, c, "auth/alicloud", authalicloud.New)

	const arn = "acs:ram::5138828231865461:role/dev-role"
	_, err := a.AliCloudAuthWriteRole(ctx, "dev", authalicloud.AliCloudAuthWriteRoleRequest{
		ARN:             livetest.Ptr(arn),
		TokenPolicies:   []string{"dev"},
		TokenTTL:        livetest.Ptr(vtypes.Duration("30m")),
		TokenBoundCIDRs: []string{"10.0.0.0/8"},
	})
	env.OK(t, err)
	role, err := a.AliCloudAuthReadRole(ctx, "dev")
	env.OK(t, err)
	if role.Data.ARN != arn || role.Data.TokenTTL != 1800 || !slices.Equal(role.Data.TokenPolicies, []string{"dev"}) ||
		!slices.Equal(role.Data.TokenBoundCIDRs, []string{"10.0.0.0/8"}) || role.Data.Policies != nil {
		t.Fatalf("role: %+v", role.Data)
	}
	// An update keeps the ARN.
	_, err = a.AliCloudAuthWriteRole(ctx, "dev", authalicloud.AliCloudAuthWriteRoleRequest{TokenNumUses: livetest.Ptr(2)})
	env.OK(t, err)
	role, err = a.AliCloudAuthReadRole(ctx, "dev")
	env.OK(t, err)
	if role.Data.ARN != arn || role.Data.TokenNumUses != 2 {
		t.Fatalf("updated role: %+v", role.Data)
	}

	// The old ttl field above the system maximum is saved with a warning.
	warned, err := a.AliCloudAuthWriteRole(ctx, "legacy", authalicloud.AliCloudAuthWriteRoleRequest{
		ARN:        livetest.Ptr("acs:ram::5138828231865461:role/*"),
		Policies:   []string{"old"},
		TTL:        livetest.Ptr(vtypes.Duration("10000h")),
		BoundCIDRs: []string{"127.0.0.1/32"},
	})
	env.OK(t, err)
	if len(warned.Warnings) == 0 {
		t.Fatal("legacy role: no warning")
	}
	legacy, err := a.AliCloudAuthReadRole(ctx, "legacy")
	env.OK(t, err)
	if !slices.Equal(legacy.Data.Policies, []string{"old"}) || legacy.Data.TTL == nil || *legacy.Data.TTL != 36000000 ||
		len(legacy.Data.BoundCIDRs) != 1 || legacy.Data.TokenTTL != 36000000 {
		t.Fatalf("legacy role: %+v", legacy.Data)
	}

	roles, err := a.AliCloudAuthListRoles(ctx)
	env.OK(t, err)
	alias, err := a.AliCloudAuthListRolesAlias(ctx)
	env.OK(t, err)
	if !slices.Equal(roles.Data.Keys, []string{"dev", "legacy"}) || !slices.Equal(alias.Data.Keys, roles.Data.Keys) {
		t.Fatalf("roles: %v / %v", roles.Data.Keys, alias.Data.Keys)
	}
	for _, r := range roles.Data.Keys {
		err = a.AliCloudAuthDeleteRole(ctx, r)
		env.OK(t, err)
	}
	if _, err := a.AliCloudAuthReadRole(ctx, "dev"); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("deleted role: %v", err)
	}
}
