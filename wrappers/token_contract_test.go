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
		out, err := tok.TokenCreate(ctx, body)
		mustOK(t, err)
		if out.Auth == nil || out.Auth.ClientToken == "" {
			t.Fatalf("TokenCreate returned no auth block: %+v", out)
		}
		leaks.Add(out.Auth.ClientToken)
		return out.Auth
	}

	child := create(authtoken.TokenCreateRequest{Policies: []string{"default"}, Meta: map[string]string{"app": "test"}})
	looked, err := tok.TokenLookup(ctx, authtoken.TokenLookupRequest{Token: child.ClientToken})
	mustOK(t, err)
	if looked.Data.Accessor != child.Accessor || looked.Data.Meta["app"] != "test" {
		t.Fatalf("lookup: %+v", looked.Data)
	}
	byAccessor, err := tok.TokenLookupAccessor(ctx, authtoken.TokenLookupAccessorRequest{Accessor: child.Accessor})
	mustOK(t, err)
	if byAccessor.Data.Accessor != child.Accessor {
		t.Fatalf("lookup-accessor: %+v", byAccessor.Data)
	}
	self, err := tok.TokenLookupSelf(ctx)
	mustOK(t, err)
	if len(self.Data.Policies) != 1 || self.Data.Policies[0] != "root" {
		t.Fatalf("lookup-self of the dev root token: policies %v", self.Data.Policies)
	}

	renewed, err := tok.TokenRenew(ctx, authtoken.TokenRenewRequest{Token: child.ClientToken})
	mustOK(t, err)
	if renewed.Auth == nil || renewed.Auth.Accessor != child.Accessor {
		t.Fatalf("renew: %+v", renewed.Auth)
	}
	_, err = tok.TokenRenewAccessor(ctx, authtoken.TokenRenewAccessorRequest{Accessor: child.Accessor})
	mustOK(t, err)
	// renew-self and revoke-self act on the caller's token: use the child's.
	childClient := client(t, wrappers.WithToken(child.ClientToken))
	_, err = childClient.TokenAuth().TokenRenewSelf(ctx, authtoken.TokenRenewSelfRequest{})
	mustOK(t, err)
	err = childClient.TokenAuth().TokenRevokeSelf(ctx)
	mustOK(t, err)
	if ok, err := childClient.IsAuthenticated(ctx); err != nil || ok {
		t.Fatalf("revoked token still authenticated: %v %v", ok, err)
	}

	orphanBody := authtoken.TokenCreateRequest{TTL: &ttl}
	orphan, err := tok.TokenCreateOrphan(ctx, orphanBody)
	mustOK(t, err)
	leaks.Add(orphan.Auth.ClientToken)
	if !orphan.Auth.Orphan {
		t.Fatal("create-orphan made a token with a parent")
	}
	err = tok.TokenRevoke(ctx, authtoken.TokenRevokeRequest{Token: orphan.Auth.ClientToken})
	mustOK(t, err)

	parent := create(authtoken.TokenCreateRequest{})
	err = tok.TokenRevokeOrphan(ctx, authtoken.TokenRevokeOrphanRequest{Token: parent.ClientToken})
	mustOK(t, err)
	victim := create(authtoken.TokenCreateRequest{})
	_, err = tok.TokenRevokeAccessor(ctx, authtoken.TokenRevokeAccessorRequest{Accessor: victim.Accessor})
	mustOK(t, err)

	// Roles.
	period := vtypes.Duration("2h")
	_, err = tok.TokenWriteRole(ctx, "ci", authtoken.TokenWriteRoleRequest{
		AllowedPolicies: []string{"default"}, TokenPeriod: &period,
	})
	mustOK(t, err)
	role, err := tok.TokenReadRole(ctx, "ci")
	mustOK(t, err)
	if role.Data.Name != "ci" || role.Data.TokenPeriod != 7200 {
		t.Fatalf("role: %+v", role.Data)
	}
	roles, err := tok.TokenListRoles(ctx)
	mustOK(t, err)
	if len(roles.Data.Keys) != 1 || roles.Data.Keys[0] != "ci" {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}
	fromRole, err := tok.TokenCreateWithRole(ctx, "ci", authtoken.TokenCreateRequest{})
	mustOK(t, err)
	leaks.Add(fromRole.Auth.ClientToken)
	if fromRole.Auth.LeaseDuration != 7200 {
		t.Fatalf("periodic role token: lease %d, want 7200", fromRole.Auth.LeaseDuration)
	}
	err = tok.TokenDeleteRole(ctx, "ci")
	mustOK(t, err)

	accessors, err := tok.TokenListAccessors(ctx)
	mustOK(t, err)
	if len(accessors.Data.Keys) < 2 {
		t.Fatalf("accessors: %v", accessors.Data.Keys)
	}
	_, err = tok.TokenTidy(ctx)
	mustOK(t, err)
}
