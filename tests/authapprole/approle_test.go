package authapprole_test

import (
	"context"
	"slices"
	"testing"

	"github.com/govault/govault/generated/authapprole"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func ptr[T any](v T) *T { return &v }

func api(t *testing.T, opts ...wrappers.Option) *authapprole.ClientWithResponses {
	t.Helper()
	return livetest.API(t, env.Client(t, opts...), "auth/approle", authapprole.NewClientWithResponses, authapprole.WithHTTPClient)
}

// Role CRUD, the role's ID, login, and tidy.
func TestAppRoleRoles(t *testing.T) {
	ctx := context.Background()
	a := api(t)

	_, err := wrappers.Check(a.AppRoleWriteRoleWithResponse(ctx, "web", authapprole.AppRoleWriteRoleRequest{
		TokenPolicies:   []string{"default", "web"},
		TokenTTL:        ptr(vtypes.Duration("20m")),
		TokenMaxTTL:     ptr(vtypes.Duration("1h")),
		SecretIDTTL:     ptr(vtypes.Seconds(600)),
		SecretIDNumUses: ptr(3),
		LocalSecretIds:  ptr(true),
		TokenBoundCidrs: []string{"127.0.0.1/32"},
	}))
	env.OK(t, err)
	role, err := wrappers.Decode(a.AppRoleReadRoleWithResponse(ctx, "web"))
	env.OK(t, err)
	d := role.Data
	if !d.BindSecretID || !d.LocalSecretIds || d.TokenTTL != 1200 || d.TokenMaxTTL != 3600 || d.SecretIDTTL != 600 ||
		d.SecretIDNumUses != 3 || !slices.Equal(d.TokenPolicies, []string{"default", "web"}) || d.TokenType != "default" ||
		!slices.Equal(d.TokenBoundCidrs, []string{"127.0.0.1"}) || d.Policies != nil || d.Period != nil {
		t.Fatalf("role: %+v", d)
	}

	// A default-* token type is stored without the prefix, with a warning (200).
	w, err := wrappers.Decode(a.AppRoleWriteRoleWithResponse(ctx, "batch", authapprole.AppRoleWriteRoleRequest{
		TokenType: ptr(authapprole.TokenTypeDefaultBatch),
		// Deprecated names still work and are echoed back while set.
		Policies: []string{"legacy"},
		Period:   ptr(vtypes.Duration("2h")),
	}))
	env.OK(t, err)
	if len(w.Warnings) == 0 {
		t.Fatalf("write role with default-batch: no warning: %+v", w)
	}
	batch, err := wrappers.Decode(a.AppRoleReadRoleWithResponse(ctx, "batch"))
	env.OK(t, err)
	if batch.Data.TokenType != "batch" || batch.Data.Period == nil || *batch.Data.Period != 7200 || batch.Data.TokenPeriod != 7200 ||
		!slices.Equal(batch.Data.Policies, []string{"legacy"}) || !slices.Equal(batch.Data.TokenPolicies, []string{"legacy"}) {
		t.Fatalf("batch role: %+v", batch.Data)
	}

	roles, err := wrappers.Decode(a.AppRoleListRolesWithResponse(ctx, &authapprole.AppRoleListRolesParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	if !slices.Equal(roles.Data.Keys, []string{"batch", "web"}) {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}

	// Role ID: read, replace, log in with it.
	_, err = wrappers.Check(a.AppRoleWriteRoleIDWithResponse(ctx, "web", authapprole.AppRoleWriteRoleIDRequest{RoleID: "web-role-id"}))
	env.OK(t, err)
	rid, err := wrappers.Decode(a.AppRoleReadRoleIDWithResponse(ctx, "web"))
	env.OK(t, err)
	if rid.Data.RoleID != "web-role-id" {
		t.Fatalf("role id: %q", rid.Data.RoleID)
	}
	sid, err := wrappers.Decode(a.AppRoleGenerateSecretIDWithResponse(ctx, "web", authapprole.AppRoleGenerateSecretIDRequest{
		Metadata: ptr(`{"app":"web"}`),
	}))
	env.OK(t, err)
	env.Leaks.Add(sid.Data.SecretID)

	anon := api(t, wrappers.WithToken(""))
	login, err := wrappers.Decode(anon.AppRoleLoginWithResponse(ctx, authapprole.AppRoleLoginRequest{
		RoleID: rid.Data.RoleID, SecretID: &sid.Data.SecretID,
	}))
	env.OK(t, err)
	if login.Auth == nil || login.Auth.ClientToken == "" {
		t.Fatalf("login: no auth block: %+v", login)
	}
	env.Leaks.Add(login.Auth.ClientToken)
	if login.Auth.LeaseDuration != 1200 || login.Auth.Metadata["role_name"] != "web" || login.Auth.Metadata["app"] != "web" ||
		!slices.Contains(login.Auth.Policies, "web") {
		t.Fatalf("login auth: %+v", login.Auth)
	}
	// The secret ID allowed three logins; one is used.
	info, err := wrappers.Decode(a.AppRoleLookupSecretIDWithResponse(ctx, "web", authapprole.AppRoleLookupSecretIDRequest{SecretID: sid.Data.SecretID}))
	env.OK(t, err)
	if info.Data.SecretIDNumUses != 2 {
		t.Fatalf("secret id uses left after login: %d, want 2", info.Data.SecretIDNumUses)
	}

	tidy, err := wrappers.Check(a.AppRoleTidySecretIDWithResponse(ctx))
	env.OK(t, err)
	if tidy.StatusCode() != 202 && tidy.StatusCode() != 200 {
		t.Fatalf("tidy: status %d", tidy.StatusCode())
	}

	_, err = wrappers.Check(a.AppRoleDeleteRoleWithResponse(ctx, "batch"))
	env.OK(t, err)
	_, err = wrappers.Check(a.AppRoleDeleteRoleWithResponse(ctx, "web"))
	env.OK(t, err)
	rsp, err := a.AppRoleReadRoleWithResponse(ctx, "web")
	env.OK(t, err)
	if rsp.StatusCode() != 404 {
		t.Fatalf("read deleted role: status %d", rsp.StatusCode())
	}
}

// Secret IDs: generate, custom, list, look up and destroy (by value and by
// accessor, body and query forms).
func TestAppRoleSecretIDs(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	_, err := wrappers.Check(a.AppRoleWriteRoleWithResponse(ctx, "svc", authapprole.AppRoleWriteRoleRequest{SecretIDTTL: ptr(vtypes.Duration("1h"))}))
	env.OK(t, err)

	gen, err := wrappers.Decode(a.AppRoleGenerateSecretIDWithResponse(ctx, "svc", authapprole.AppRoleGenerateSecretIDRequest{
		Metadata:        ptr(`{"team":"ops"}`),
		CidrList:        []string{"127.0.0.1/32"},
		TokenBoundCidrs: []string{"127.0.0.1/32"},
		NumUses:         ptr(5),
		TTL:             ptr(vtypes.Duration("30m")),
	}))
	env.OK(t, err)
	env.Leaks.Add(gen.Data.SecretID)
	if gen.Data.SecretIDNumUses != 5 || gen.Data.SecretIDTTL != 1800 || gen.Data.SecretIDAccessor == "" {
		t.Fatalf("generated: %+v", gen.Data)
	}
	custom, err := wrappers.Decode(a.AppRoleCreateCustomSecretIDWithResponse(ctx, "svc", authapprole.AppRoleCreateCustomSecretIDRequest{
		SecretID: "my-own-secret-id",
	}))
	env.OK(t, err)
	env.Leaks.Add(custom.Data.SecretID)
	if custom.Data.SecretID != "my-own-secret-id" || custom.Data.SecretIDTTL != 3600 {
		t.Fatalf("custom: %+v", custom.Data)
	}

	list, err := wrappers.Decode(a.AppRoleListSecretIDAccessorsWithResponse(ctx, "svc", &authapprole.AppRoleListSecretIDAccessorsParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	if len(list.Data.Keys) != 2 || !slices.Contains(list.Data.Keys, gen.Data.SecretIDAccessor) || !slices.Contains(list.Data.Keys, custom.Data.SecretIDAccessor) {
		t.Fatalf("accessors: %v", list.Data.Keys)
	}

	info, err := wrappers.Decode(a.AppRoleLookupSecretIDWithResponse(ctx, "svc", authapprole.AppRoleLookupSecretIDRequest{SecretID: gen.Data.SecretID}))
	env.OK(t, err)
	if info.Data.SecretIDAccessor != gen.Data.SecretIDAccessor || info.Data.Metadata["team"] != "ops" ||
		!slices.Equal(info.Data.CidrList, []string{"127.0.0.1/32"}) || !slices.Equal(info.Data.TokenBoundCidrs, []string{"127.0.0.1/32"}) ||
		!info.Data.ExpirationTime.After(info.Data.CreationTime) {
		t.Fatalf("lookup: %+v", info.Data)
	}
	byAcc, err := wrappers.Decode(a.AppRoleLookupSecretIDByAccessorWithResponse(ctx, "svc", authapprole.AppRoleLookupSecretIDByAccessorRequest{
		SecretIDAccessor: custom.Data.SecretIDAccessor,
	}))
	env.OK(t, err)
	if byAcc.Data.SecretIDTTL != 3600 || len(byAcc.Data.Metadata) != 0 || byAcc.Data.TokenBoundCidrs == nil {
		t.Fatalf("lookup by accessor: %+v", byAcc.Data)
	}
	// An unknown accessor is a 404 whose message is in data.error.
	missing, err := a.AppRoleLookupSecretIDByAccessorWithResponse(ctx, "svc", authapprole.AppRoleLookupSecretIDByAccessorRequest{SecretIDAccessor: "no-such-accessor"})
	env.OK(t, err)
	if missing.StatusCode() != 404 || missing.JSON404 == nil || missing.JSON404.Data.Error == "" {
		t.Fatalf("unknown accessor: status %d, %s", missing.StatusCode(), missing.Body)
	}

	// Destroy both ways.
	_, err = wrappers.Check(a.AppRoleDestroySecretIDWithResponse(ctx, "svc", authapprole.AppRoleDestroySecretIDRequest{SecretID: gen.Data.SecretID}))
	env.OK(t, err)
	gone, err := wrappers.Check(a.AppRoleLookupSecretIDWithResponse(ctx, "svc", authapprole.AppRoleLookupSecretIDRequest{SecretID: gen.Data.SecretID}))
	env.OK(t, err)
	if gone.StatusCode() != 204 {
		t.Fatalf("lookup of a destroyed secret ID: status %d", gone.StatusCode())
	}
	_, err = wrappers.Check(a.AppRoleDestroySecretIDByAccessorWithResponse(ctx, "svc", authapprole.AppRoleDestroySecretIDByAccessorRequest{
		SecretIDAccessor: custom.Data.SecretIDAccessor,
	}))
	env.OK(t, err)

	s3, err := wrappers.Decode(a.AppRoleGenerateSecretIDWithResponse(ctx, "svc", authapprole.AppRoleGenerateSecretIDRequest{}))
	env.OK(t, err)
	env.Leaks.Add(s3.Data.SecretID)
	s4, err := wrappers.Decode(a.AppRoleGenerateSecretIDWithResponse(ctx, "svc", authapprole.AppRoleGenerateSecretIDRequest{}))
	env.OK(t, err)
	env.Leaks.Add(s4.Data.SecretID)
	_, err = wrappers.Check(a.AppRoleDeleteSecretIDWithResponse(ctx, "svc", &authapprole.AppRoleDeleteSecretIDParams{SecretID: s3.Data.SecretID}))
	env.OK(t, err)
	_, err = wrappers.Check(a.AppRoleDeleteSecretIDByAccessorWithResponse(ctx, "svc", &authapprole.AppRoleDeleteSecretIDByAccessorParams{
		SecretIDAccessor: s4.Data.SecretIDAccessor,
	}))
	env.OK(t, err)
	empty, err := a.AppRoleListSecretIDAccessorsWithResponse(ctx, "svc", &authapprole.AppRoleListSecretIDAccessorsParams{List: vaultcommon.ListTrue})
	env.OK(t, err)
	if empty.StatusCode() != 404 {
		t.Fatalf("list after destroying every secret ID: status %d, %s", empty.StatusCode(), empty.Body)
	}
	_, err = wrappers.Check(a.AppRoleDeleteRoleWithResponse(ctx, "svc"))
	env.OK(t, err)
}

// Each role setting read, written and reset on its own.
func TestAppRoleFields(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	const r = "fields"
	_, err := wrappers.Check(a.AppRoleWriteRoleWithResponse(ctx, r, authapprole.AppRoleWriteRoleRequest{}))
	env.OK(t, err)

	local, err := wrappers.Decode(a.AppRoleReadLocalSecretIDsWithResponse(ctx, r))
	env.OK(t, err)
	if local.Data.LocalSecretIds {
		t.Fatal("local_secret_ids set on a role created without it")
	}

	// bind_secret_id: turn off (a CIDR constraint must stay), read, reset.
	_, err = wrappers.Check(a.AppRoleWriteSecretIDBoundCIDRsWithResponse(ctx, r, authapprole.AppRoleWriteSecretIDBoundCIDRsRequest{SecretIDBoundCidrs: []string{"10.0.0.0/8"}}))
	env.OK(t, err)
	cidrs, err := wrappers.Decode(a.AppRoleReadSecretIDBoundCIDRsWithResponse(ctx, r))
	env.OK(t, err)
	if !slices.Equal(cidrs.Data.SecretIDBoundCidrs, []string{"10.0.0.0/8"}) {
		t.Fatalf("secret_id_bound_cidrs: %v", cidrs.Data.SecretIDBoundCidrs)
	}
	_, err = wrappers.Check(a.AppRoleWriteBindSecretIDWithResponse(ctx, r, authapprole.AppRoleWriteBindSecretIDRequest{BindSecretID: false}))
	env.OK(t, err)
	bind, err := wrappers.Decode(a.AppRoleReadBindSecretIDWithResponse(ctx, r))
	env.OK(t, err)
	if bind.Data.BindSecretID {
		t.Fatal("bind_secret_id still true")
	}
	_, err = wrappers.Check(a.AppRoleDeleteBindSecretIDWithResponse(ctx, r))
	env.OK(t, err)
	bind, err = wrappers.Decode(a.AppRoleReadBindSecretIDWithResponse(ctx, r))
	env.OK(t, err)
	if !bind.Data.BindSecretID {
		t.Fatal("bind_secret_id not reset to true")
	}
	_, err = wrappers.Check(a.AppRoleDeleteSecretIDBoundCIDRsWithResponse(ctx, r))
	env.OK(t, err)
	cidrs, err = wrappers.Decode(a.AppRoleReadSecretIDBoundCIDRsWithResponse(ctx, r))
	env.OK(t, err)
	if cidrs.Data.SecretIDBoundCidrs != nil {
		t.Fatalf("secret_id_bound_cidrs after delete: %v", cidrs.Data.SecretIDBoundCidrs)
	}

	// The deprecated bound-cidr-list endpoints write secret_id_bound_cidrs.
	_, err = wrappers.Check(a.AppRoleWriteBoundCIDRListWithResponse(ctx, r, authapprole.AppRoleWriteBoundCIDRListRequest{BoundCidrList: []string{"192.168.0.0/16"}}))
	env.OK(t, err)
	old, err := wrappers.Decode(a.AppRoleReadBoundCIDRListWithResponse(ctx, r))
	env.OK(t, err)
	if len(old.Warnings) == 0 {
		t.Fatal("bound-cidr-list read without the deprecation warning")
	}
	cidrs, err = wrappers.Decode(a.AppRoleReadSecretIDBoundCIDRsWithResponse(ctx, r))
	env.OK(t, err)
	if !slices.Equal(cidrs.Data.SecretIDBoundCidrs, []string{"192.168.0.0/16"}) {
		t.Fatalf("bound-cidr-list did not land in secret_id_bound_cidrs: %v", cidrs.Data.SecretIDBoundCidrs)
	}
	_, err = wrappers.Check(a.AppRoleDeleteBoundCIDRListWithResponse(ctx, r))
	env.OK(t, err)

	// token_bound_cidrs
	_, err = wrappers.Check(a.AppRoleWriteTokenBoundCIDRsWithResponse(ctx, r, authapprole.AppRoleWriteTokenBoundCIDRsRequest{TokenBoundCidrs: []string{"10.1.0.0/16"}}))
	env.OK(t, err)
	tc, err := wrappers.Decode(a.AppRoleReadTokenBoundCIDRsWithResponse(ctx, r))
	env.OK(t, err)
	if !slices.Equal(tc.Data.TokenBoundCidrs, []string{"10.1.0.0/16"}) {
		t.Fatalf("token_bound_cidrs: %v", tc.Data.TokenBoundCidrs)
	}
	_, err = wrappers.Check(a.AppRoleDeleteTokenBoundCIDRsWithResponse(ctx, r))
	env.OK(t, err)
	tc, err = wrappers.Decode(a.AppRoleReadTokenBoundCIDRsWithResponse(ctx, r))
	env.OK(t, err)
	if len(tc.Data.TokenBoundCidrs) != 0 {
		t.Fatalf("token_bound_cidrs after delete: %v", tc.Data.TokenBoundCidrs)
	}

	// period, with and without the deprecated name.
	_, err = wrappers.Check(a.AppRoleWritePeriodWithResponse(ctx, r, authapprole.AppRoleWritePeriodRequest{TokenPeriod: ptr(vtypes.Duration("1h"))}))
	env.OK(t, err)
	per, err := wrappers.Decode(a.AppRoleReadPeriodWithResponse(ctx, r))
	env.OK(t, err)
	if per.Data.TokenPeriod != 3600 || per.Data.Period != nil {
		t.Fatalf("period: %+v", per.Data)
	}
	_, err = wrappers.Check(a.AppRoleWritePeriodWithResponse(ctx, r, authapprole.AppRoleWritePeriodRequest{Period: ptr(vtypes.Seconds(1800))}))
	env.OK(t, err)
	per, err = wrappers.Decode(a.AppRoleReadPeriodWithResponse(ctx, r))
	env.OK(t, err)
	if per.Data.TokenPeriod != 1800 || per.Data.Period == nil || *per.Data.Period != 1800 {
		t.Fatalf("period via the old name: %+v", per.Data)
	}
	_, err = wrappers.Check(a.AppRoleDeletePeriodWithResponse(ctx, r))
	env.OK(t, err)
	per, err = wrappers.Decode(a.AppRoleReadPeriodWithResponse(ctx, r))
	env.OK(t, err)
	if per.Data.TokenPeriod != 0 || per.Data.Period != nil {
		t.Fatalf("period after delete: %+v", per.Data)
	}

	// policies
	_, err = wrappers.Check(a.AppRoleWritePoliciesWithResponse(ctx, r, authapprole.AppRoleWritePoliciesRequest{TokenPolicies: []string{"p1", "p2"}}))
	env.OK(t, err)
	pol, err := wrappers.Decode(a.AppRoleReadPoliciesWithResponse(ctx, r))
	env.OK(t, err)
	if !slices.Equal(pol.Data.TokenPolicies, []string{"p1", "p2"}) || pol.Data.Policies != nil {
		t.Fatalf("policies: %+v", pol.Data)
	}
	_, err = wrappers.Check(a.AppRoleDeletePoliciesWithResponse(ctx, r))
	env.OK(t, err)
	pol, err = wrappers.Decode(a.AppRoleReadPoliciesWithResponse(ctx, r))
	env.OK(t, err)
	if pol.Data.TokenPolicies == nil || len(pol.Data.TokenPolicies) != 0 {
		t.Fatalf("policies after delete: %+v", pol.Data)
	}

	// secret_id_num_uses
	_, err = wrappers.Check(a.AppRoleWriteSecretIDNumUsesWithResponse(ctx, r, authapprole.AppRoleWriteSecretIDNumUsesRequest{SecretIDNumUses: 7}))
	env.OK(t, err)
	snu, err := wrappers.Decode(a.AppRoleReadSecretIDNumUsesWithResponse(ctx, r))
	env.OK(t, err)
	if snu.Data.SecretIDNumUses != 7 {
		t.Fatalf("secret_id_num_uses: %d", snu.Data.SecretIDNumUses)
	}
	_, err = wrappers.Check(a.AppRoleDeleteSecretIDNumUsesWithResponse(ctx, r))
	env.OK(t, err)
	snu, err = wrappers.Decode(a.AppRoleReadSecretIDNumUsesWithResponse(ctx, r))
	env.OK(t, err)
	if snu.Data.SecretIDNumUses != 0 {
		t.Fatalf("secret_id_num_uses after delete: %d", snu.Data.SecretIDNumUses)
	}

	// secret_id_ttl
	_, err = wrappers.Check(a.AppRoleWriteSecretIDTTLWithResponse(ctx, r, authapprole.AppRoleWriteSecretIDTTLRequest{SecretIDTTL: "2h"}))
	env.OK(t, err)
	sttl, err := wrappers.Decode(a.AppRoleReadSecretIDTTLWithResponse(ctx, r))
	env.OK(t, err)
	if sttl.Data.SecretIDTTL != 7200 {
		t.Fatalf("secret_id_ttl: %d", sttl.Data.SecretIDTTL)
	}
	_, err = wrappers.Check(a.AppRoleDeleteSecretIDTTLWithResponse(ctx, r))
	env.OK(t, err)
	sttl, err = wrappers.Decode(a.AppRoleReadSecretIDTTLWithResponse(ctx, r))
	env.OK(t, err)
	if sttl.Data.SecretIDTTL != 0 {
		t.Fatalf("secret_id_ttl after delete: %d", sttl.Data.SecretIDTTL)
	}

	// token_max_ttl and token_ttl
	_, err = wrappers.Check(a.AppRoleWriteTokenMaxTTLWithResponse(ctx, r, authapprole.AppRoleWriteTokenMaxTTLRequest{TokenMaxTTL: "3h"}))
	env.OK(t, err)
	mttl, err := wrappers.Decode(a.AppRoleReadTokenMaxTTLWithResponse(ctx, r))
	env.OK(t, err)
	if mttl.Data.TokenMaxTTL != 10800 {
		t.Fatalf("token_max_ttl: %d", mttl.Data.TokenMaxTTL)
	}
	_, err = wrappers.Check(a.AppRoleWriteTokenTTLWithResponse(ctx, r, authapprole.AppRoleWriteTokenTTLRequest{TokenTTL: vtypes.Seconds(900)}))
	env.OK(t, err)
	ttl, err := wrappers.Decode(a.AppRoleReadTokenTTLWithResponse(ctx, r))
	env.OK(t, err)
	if ttl.Data.TokenTTL != 900 {
		t.Fatalf("token_ttl: %d", ttl.Data.TokenTTL)
	}
	_, err = wrappers.Check(a.AppRoleDeleteTokenTTLWithResponse(ctx, r))
	env.OK(t, err)
	_, err = wrappers.Check(a.AppRoleDeleteTokenMaxTTLWithResponse(ctx, r))
	env.OK(t, err)
	mttl, err = wrappers.Decode(a.AppRoleReadTokenMaxTTLWithResponse(ctx, r))
	env.OK(t, err)
	ttl, err = wrappers.Decode(a.AppRoleReadTokenTTLWithResponse(ctx, r))
	env.OK(t, err)
	if mttl.Data.TokenMaxTTL != 0 || ttl.Data.TokenTTL != 0 {
		t.Fatalf("ttls after delete: max %d ttl %d", mttl.Data.TokenMaxTTL, ttl.Data.TokenTTL)
	}

	// token_num_uses
	_, err = wrappers.Check(a.AppRoleWriteTokenNumUsesWithResponse(ctx, r, authapprole.AppRoleWriteTokenNumUsesRequest{TokenNumUses: 4}))
	env.OK(t, err)
	tnu, err := wrappers.Decode(a.AppRoleReadTokenNumUsesWithResponse(ctx, r))
	env.OK(t, err)
	if tnu.Data.TokenNumUses != 4 {
		t.Fatalf("token_num_uses: %d", tnu.Data.TokenNumUses)
	}
	_, err = wrappers.Check(a.AppRoleDeleteTokenNumUsesWithResponse(ctx, r))
	env.OK(t, err)
	tnu, err = wrappers.Decode(a.AppRoleReadTokenNumUsesWithResponse(ctx, r))
	env.OK(t, err)
	if tnu.Data.TokenNumUses != 0 {
		t.Fatalf("token_num_uses after delete: %d", tnu.Data.TokenNumUses)
	}

	_, err = wrappers.Check(a.AppRoleDeleteRoleWithResponse(ctx, r))
	env.OK(t, err)
}
