package authalicloud_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/govault/govault/generated/authalicloud"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func ptr[T any](v T) *T { return &v }

func TestAliCloudAuthRoles(t *testing.T) {
	ctx := context.Background()
	c := env.Client(t)
	a := livetest.API(t, c, "auth/alicloud", authalicloud.NewClientWithResponses, authalicloud.WithHTTPClient)

	const arn = "acs:ram::5138828231865461:role/dev-role"
	_, err := wrappers.Check(a.AliCloudAuthWriteRoleWithResponse(ctx, "dev", authalicloud.AliCloudAuthWriteRoleRequest{
		Arn:             ptr(arn),
		TokenPolicies:   []string{"dev"},
		TokenTTL:        ptr(vtypes.Duration("30m")),
		TokenBoundCidrs: []string{"10.0.0.0/8"},
	}))
	env.OK(t, err)
	role, err := wrappers.Decode(a.AliCloudAuthReadRoleWithResponse(ctx, "dev"))
	env.OK(t, err)
	if role.Data.Arn != arn || role.Data.TokenTTL != 1800 || !slices.Equal(role.Data.TokenPolicies, []string{"dev"}) ||
		!slices.Equal(role.Data.TokenBoundCidrs, []string{"10.0.0.0/8"}) || role.Data.Policies != nil {
		t.Fatalf("role: %+v", role.Data)
	}
	// An update keeps the ARN.
	_, err = wrappers.Check(a.AliCloudAuthWriteRoleWithResponse(ctx, "dev", authalicloud.AliCloudAuthWriteRoleRequest{TokenNumUses: ptr(2)}))
	env.OK(t, err)
	role, err = wrappers.Decode(a.AliCloudAuthReadRoleWithResponse(ctx, "dev"))
	env.OK(t, err)
	if role.Data.Arn != arn || role.Data.TokenNumUses != 2 {
		t.Fatalf("updated role: %+v", role.Data)
	}

	// The old ttl field above the system maximum is saved with a warning.
	warned, err := wrappers.Decode(a.AliCloudAuthWriteRoleWithResponse(ctx, "legacy", authalicloud.AliCloudAuthWriteRoleRequest{
		Arn:        ptr("acs:ram::5138828231865461:role/*"),
		Policies:   []string{"old"},
		TTL:        ptr(vtypes.Duration("10000h")),
		BoundCidrs: []string{"127.0.0.1/32"},
	}))
	env.OK(t, err)
	if len(warned.Warnings) == 0 {
		t.Fatal("legacy role: no warning")
	}
	legacy, err := wrappers.Decode(a.AliCloudAuthReadRoleWithResponse(ctx, "legacy"))
	env.OK(t, err)
	if !slices.Equal(legacy.Data.Policies, []string{"old"}) || legacy.Data.TTL == nil || *legacy.Data.TTL != 36000000 ||
		len(legacy.Data.BoundCidrs) != 1 || legacy.Data.TokenTTL != 36000000 {
		t.Fatalf("legacy role: %+v", legacy.Data)
	}

	roles, err := wrappers.Decode(a.AliCloudAuthListRolesWithResponse(ctx, &authalicloud.AliCloudAuthListRolesParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	alias, err := wrappers.Decode(a.AliCloudAuthListRolesAliasWithResponse(ctx, &authalicloud.AliCloudAuthListRolesAliasParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	if !slices.Equal(roles.Data.Keys, []string{"dev", "legacy"}) || !slices.Equal(alias.Data.Keys, roles.Data.Keys) {
		t.Fatalf("roles: %v / %v", roles.Data.Keys, alias.Data.Keys)
	}
	for _, r := range roles.Data.Keys {
		_, err = wrappers.Check(a.AliCloudAuthDeleteRoleWithResponse(ctx, r))
		env.OK(t, err)
	}
	if _, err := wrappers.Check(a.AliCloudAuthReadRoleWithResponse(ctx, "dev")); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("deleted role: %v", err)
	}
}
