package wrappers_test

import (
	"context"
	"testing"

	"github.com/govault/govault/generated/authtoken"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// Every token auth operation, called through the generated package against
// the dev server; the contract transport validates each response.
func TestTokenAuthOperations(t *testing.T) {
	ctx := context.Background()
	c := client(t)
	tok := c.TokenAuth()
	ttl := vtypes.Duration("1h")
	renewable := true

	create := func(body authtoken.TokenCreateRequest) *vaultcommon.AuthInfo {
		t.Helper()
		if body.TTL == nil {
			body.TTL = &ttl
		}
		body.Renewable = &renewable
		out, err := wrappers.Decode(tok.TokenCreateWithResponse(ctx, body))
		mustOK(t, err)
		if out.Auth == nil || out.Auth.ClientToken == "" {
			t.Fatalf("TokenCreate returned no auth block: %+v", out)
		}
		leaks.Add(out.Auth.ClientToken)
		return out.Auth
	}

	child := create(authtoken.TokenCreateRequest{Policies: []string{"default"}, Meta: map[string]string{"app": "test"}})
	looked, err := wrappers.Decode(tok.TokenLookupWithResponse(ctx, authtoken.TokenLookupRequest{Token: child.ClientToken}))
	mustOK(t, err)
	if looked.Data.Accessor != child.Accessor || looked.Data.Meta["app"] != "test" {
		t.Fatalf("lookup: %+v", looked.Data)
	}
	byAccessor, err := wrappers.Decode(tok.TokenLookupAccessorWithResponse(ctx, authtoken.TokenLookupAccessorRequest{Accessor: child.Accessor}))
	mustOK(t, err)
	if byAccessor.Data.Accessor != child.Accessor {
		t.Fatalf("lookup-accessor: %+v", byAccessor.Data)
	}
	self, err := wrappers.Decode(tok.TokenLookupSelfWithResponse(ctx))
	mustOK(t, err)
	if len(self.Data.Policies) != 1 || self.Data.Policies[0] != "root" {
		t.Fatalf("lookup-self of the dev root token: policies %v", self.Data.Policies)
	}

	renewed, err := wrappers.Decode(tok.TokenRenewWithResponse(ctx, authtoken.TokenRenewRequest{Token: child.ClientToken}))
	mustOK(t, err)
	if renewed.Auth == nil || renewed.Auth.Accessor != child.Accessor {
		t.Fatalf("renew: %+v", renewed.Auth)
	}
	_, err = wrappers.Decode(tok.TokenRenewAccessorWithResponse(ctx, authtoken.TokenRenewAccessorRequest{Accessor: child.Accessor}))
	mustOK(t, err)
	// renew-self and revoke-self act on the caller's token: use the child's.
	childClient := client(t, wrappers.WithToken(child.ClientToken))
	_, err = wrappers.Decode(childClient.TokenAuth().TokenRenewSelfWithResponse(ctx, authtoken.TokenRenewSelfRequest{}))
	mustOK(t, err)
	_, err = wrappers.Check(childClient.TokenAuth().TokenRevokeSelfWithResponse(ctx))
	mustOK(t, err)
	if ok, err := childClient.IsAuthenticated(ctx); err != nil || ok {
		t.Fatalf("revoked token still authenticated: %v %v", ok, err)
	}

	orphanBody := authtoken.TokenCreateRequest{TTL: &ttl}
	orphan, err := wrappers.Decode(tok.TokenCreateOrphanWithResponse(ctx, orphanBody))
	mustOK(t, err)
	leaks.Add(orphan.Auth.ClientToken)
	if !orphan.Auth.Orphan {
		t.Fatal("create-orphan made a token with a parent")
	}
	_, err = wrappers.Check(tok.TokenRevokeWithResponse(ctx, authtoken.TokenRevokeRequest{Token: orphan.Auth.ClientToken}))
	mustOK(t, err)

	parent := create(authtoken.TokenCreateRequest{})
	_, err = wrappers.Check(tok.TokenRevokeOrphanWithResponse(ctx, authtoken.TokenRevokeOrphanRequest{Token: parent.ClientToken}))
	mustOK(t, err)
	victim := create(authtoken.TokenCreateRequest{})
	_, err = wrappers.Check(tok.TokenRevokeAccessorWithResponse(ctx, authtoken.TokenRevokeAccessorRequest{Accessor: victim.Accessor}))
	mustOK(t, err)

	// Roles.
	period := vtypes.Duration("2h")
	_, err = wrappers.Check(tok.TokenWriteRoleWithResponse(ctx, "ci", authtoken.TokenWriteRoleRequest{
		AllowedPolicies: []string{"default"}, TokenPeriod: &period,
	}))
	mustOK(t, err)
	role, err := wrappers.Decode(tok.TokenReadRoleWithResponse(ctx, "ci"))
	mustOK(t, err)
	if role.Data.Name != "ci" || role.Data.TokenPeriod != 7200 {
		t.Fatalf("role: %+v", role.Data)
	}
	roles, err := wrappers.Decode(tok.TokenListRolesWithResponse(ctx, &authtoken.TokenListRolesParams{List: vaultcommon.ListTrue}))
	mustOK(t, err)
	if len(roles.Data.Keys) != 1 || roles.Data.Keys[0] != "ci" {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}
	fromRole, err := wrappers.Decode(tok.TokenCreateWithRoleWithResponse(ctx, "ci", authtoken.TokenCreateRequest{}))
	mustOK(t, err)
	leaks.Add(fromRole.Auth.ClientToken)
	if fromRole.Auth.LeaseDuration != 7200 {
		t.Fatalf("periodic role token: lease %d, want 7200", fromRole.Auth.LeaseDuration)
	}
	_, err = wrappers.Check(tok.TokenDeleteRoleWithResponse(ctx, "ci"))
	mustOK(t, err)

	accessors, err := wrappers.Decode(tok.TokenListAccessorsWithResponse(ctx, &authtoken.TokenListAccessorsParams{List: vaultcommon.ListTrue}))
	mustOK(t, err)
	if len(accessors.Data.Keys) < 2 {
		t.Fatalf("accessors: %v", accessors.Data.Keys)
	}
	_, err = wrappers.Check(tok.TokenTidyWithResponse(ctx))
	mustOK(t, err)
}
