package authapprole_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/authapprole"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("auth/approle", authapprole.New)

// Role CRUD, the role's ID, login, and tidy.
func TestAppRoleRoles(t *testing.T) {
	ctx := context.Background()
	a := api(t)

	_, err := a.AppRoleWriteRole(ctx, "web", authapprole.AppRoleWriteRoleRequest{
		TokenPolicies:   []string{"default", "web"},
		TokenTTL:        livetest.Ptr(vtypes.Duration("20m")),
		TokenMaxTTL:     livetest.Ptr(vtypes.Duration("1h")),
		SecretIDTTL:     livetest.Ptr(vtypes.Seconds(600)),
		SecretIDNumUses: livetest.Ptr(3),
		LocalSecretIDs:  livetest.Ptr(true),
		TokenBoundCIDRs: []string{"127.0.0.1/32"},
	})
	env.OK(t, err)
	role, err := a.AppRoleReadRole(ctx, "web")
	env.OK(t, err)
	// A single-host CIDR block comes back as a bare address.
	wantRole := authapprole.AppRoleRoleData{
		BindSecretID: true, LocalSecretIDs: true, SecretIDTTL: 600, SecretIDNumUses: 3,
		TokenPolicies: []string{"default", "web"}, TokenTTL: 1200, TokenMaxTTL: 3600, TokenType: "default",
		TokenBoundCIDRs: []string{"127.0.0.1"},
	}
	if diff := cmp.Diff(wantRole, role.Data); diff != "" {
		t.Fatalf("role (-want +got):\n%s", diff)
	}

	// A default-* token type is stored without the prefix, with a warning (200).
	w, err := a.AppRoleWriteRole(ctx, "batch", authapprole.AppRoleWriteRoleRequest{
		TokenType: livetest.Ptr(authapprole.TokenTypeDefaultBatch),
		// Deprecated names still work and are echoed back while set.
		Policies: []string{"legacy"},
		Period:   livetest.Ptr(vtypes.Duration("2h")),
	})
	env.OK(t, err)
	if len(w.Warnings) == 0 {
		t.Fatalf("write role with default-batch: no warning: %+v", w)
	}
	batch, err := a.AppRoleReadRole(ctx, "batch")
	env.OK(t, err)
	wantBatch := authapprole.AppRoleRoleData{
		BindSecretID: true, TokenType: "batch", Period: livetest.Ptr[int64](7200), TokenPeriod: 7200,
		Policies: []string{"legacy"}, TokenPolicies: []string{"legacy"}, TokenBoundCIDRs: []string{},
	}
	if diff := cmp.Diff(wantBatch, batch.Data); diff != "" {
		t.Fatalf("batch role (-want +got):\n%s", diff)
	}

	roles, err := a.AppRoleListRoles(ctx)
	env.OK(t, err)
	if !slices.Equal(roles.Data.Keys, []string{"batch", "web"}) {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}

	// Role ID: read, replace, log in with it.
	err = a.AppRoleWriteRoleID(ctx, "web", authapprole.AppRoleWriteRoleIDRequest{RoleID: "web-role-id"})
	env.OK(t, err)
	rid, err := a.AppRoleReadRoleID(ctx, "web")
	env.OK(t, err)
	if rid.Data.RoleID != "web-role-id" {
		t.Fatalf("role id: %q", rid.Data.RoleID)
	}
	sid, err := a.AppRoleGenerateSecretID(ctx, "web", authapprole.AppRoleGenerateSecretIDRequest{
		Metadata: livetest.Ptr(`{"app":"web"}`),
	})
	env.OK(t, err)
	env.Leaks.Add(sid.Data.SecretID)

	anon := api(t, wrappers.WithToken(""))
	login, err := anon.AppRoleLogin(ctx, authapprole.AppRoleLoginRequest{
		RoleID: rid.Data.RoleID, SecretID: &sid.Data.SecretID,
	})
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
	info, err := a.AppRoleLookupSecretID(ctx, "web", authapprole.AppRoleLookupSecretIDRequest{SecretID: sid.Data.SecretID})
	env.OK(t, err)
	if info.Data.SecretIDNumUses != 2 {
		t.Fatalf("secret id uses left after login: %d, want 2", info.Data.SecretIDNumUses)
	}

	var tidy vtypes.Raw
	_, err = a.AppRoleTidySecretID(ctx, vtypes.CaptureRaw(&tidy))
	env.OK(t, err)
	if livetest.Status(tidy) != 202 && livetest.Status(tidy) != 200 {
		t.Fatalf("tidy: status %d", livetest.Status(tidy))
	}

	err = a.AppRoleDeleteRole(ctx, "batch")
	env.OK(t, err)
	err = a.AppRoleDeleteRole(ctx, "web")
	env.OK(t, err)
	var rsp vtypes.Raw
	_, err = a.AppRoleReadRole(ctx, "web", vtypes.CaptureRaw(&rsp))
	if !errors.Is(err, wrappers.ErrInvalidPath) || livetest.Status(rsp) != 404 {
		t.Fatalf("read deleted role: status %d, %v", livetest.Status(rsp), err)
	}
}

// Secret IDs: generate, custom, list, look up and destroy (by value and by
// accessor, body and query forms).
func TestAppRoleSecretIDs(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	_, err := a.AppRoleWriteRole(ctx, "svc", authapprole.AppRoleWriteRoleRequest{SecretIDTTL: livetest.Ptr(vtypes.Duration("1h"))})
	env.OK(t, err)

	gen, err := a.AppRoleGenerateSecretID(ctx, "svc", authapprole.AppRoleGenerateSecretIDRequest{
		Metadata:        livetest.Ptr(`{"team":"ops"}`),
		CIDRList:        []string{"127.0.0.1/32"},
		TokenBoundCIDRs: []string{"127.0.0.1/32"},
		NumUses:         livetest.Ptr(5),
		TTL:             livetest.Ptr(vtypes.Duration("30m")),
	})
	env.OK(t, err)
	env.Leaks.Add(gen.Data.SecretID)
	if gen.Data.SecretIDNumUses != 5 || gen.Data.SecretIDTTL != 1800 || gen.Data.SecretIDAccessor == "" {
		t.Fatalf("generated: %+v", gen.Data)
	}
	custom, err := a.AppRoleCreateCustomSecretID(ctx, "svc", authapprole.AppRoleCreateCustomSecretIDRequest{
		SecretID: "my-own-secret-id",
	})
	env.OK(t, err)
	env.Leaks.Add(custom.Data.SecretID)
	if custom.Data.SecretID != "my-own-secret-id" || custom.Data.SecretIDTTL != 3600 {
		t.Fatalf("custom: %+v", custom.Data)
	}

	list, err := a.AppRoleListSecretIDAccessors(ctx, "svc")
	env.OK(t, err)
	if len(list.Data.Keys) != 2 || !slices.Contains(list.Data.Keys, gen.Data.SecretIDAccessor) || !slices.Contains(list.Data.Keys, custom.Data.SecretIDAccessor) {
		t.Fatalf("accessors: %v", list.Data.Keys)
	}

	info, err := a.AppRoleLookupSecretID(ctx, "svc", authapprole.AppRoleLookupSecretIDRequest{SecretID: gen.Data.SecretID})
	env.OK(t, err)
	if info.Data.SecretIDAccessor != gen.Data.SecretIDAccessor || info.Data.Metadata["team"] != "ops" ||
		!slices.Equal(info.Data.CIDRList, []string{"127.0.0.1/32"}) || !slices.Equal(info.Data.TokenBoundCIDRs, []string{"127.0.0.1/32"}) ||
		!info.Data.ExpirationTime.After(info.Data.CreationTime) {
		t.Fatalf("lookup: %+v", info.Data)
	}
	byAcc, err := a.AppRoleLookupSecretIDByAccessor(ctx, "svc", authapprole.AppRoleLookupSecretIDByAccessorRequest{
		SecretIDAccessor: custom.Data.SecretIDAccessor,
	})
	env.OK(t, err)
	if byAcc.Data.SecretIDTTL != 3600 || len(byAcc.Data.Metadata) != 0 || byAcc.Data.TokenBoundCIDRs == nil {
		t.Fatalf("lookup by accessor: %+v", byAcc.Data)
	}
	// An unknown accessor is a 404 whose message is in data.error.
	var missing vtypes.Raw
	_, err = a.AppRoleLookupSecretIDByAccessor(ctx, "svc", authapprole.AppRoleLookupSecretIDByAccessorRequest{SecretIDAccessor: "no-such-accessor"},
		vtypes.CaptureRaw(&missing))
	var notFound authapprole.AppRoleNotFoundResult
	if !errors.Is(err, wrappers.ErrInvalidPath) || livetest.Status(missing) != 404 || json.Unmarshal(missing.Body, &notFound) != nil || notFound.Data.Error == "" {
		t.Fatalf("unknown accessor: status %d, %v, %s", livetest.Status(missing), err, missing.Body)
	}

	// Destroy both ways.
	err = a.AppRoleDestroySecretID(ctx, "svc", authapprole.AppRoleDestroySecretIDRequest{SecretID: gen.Data.SecretID})
	env.OK(t, err)
	var gone vtypes.Raw
	_, err = a.AppRoleLookupSecretID(ctx, "svc", authapprole.AppRoleLookupSecretIDRequest{SecretID: gen.Data.SecretID}, vtypes.CaptureRaw(&gone))
	env.OK(t, err)
	if livetest.Status(gone) != 204 {
		t.Fatalf("lookup of a destroyed secret ID: status %d", livetest.Status(gone))
	}
	err = a.AppRoleDestroySecretIDByAccessor(ctx, "svc", authapprole.AppRoleDestroySecretIDByAccessorRequest{
		SecretIDAccessor: custom.Data.SecretIDAccessor,
	})
	env.OK(t, err)

	s3, err := a.AppRoleGenerateSecretID(ctx, "svc", authapprole.AppRoleGenerateSecretIDRequest{})
	env.OK(t, err)
	env.Leaks.Add(s3.Data.SecretID)
	s4, err := a.AppRoleGenerateSecretID(ctx, "svc", authapprole.AppRoleGenerateSecretIDRequest{})
	env.OK(t, err)
	env.Leaks.Add(s4.Data.SecretID)
	err = a.AppRoleDeleteSecretID(ctx, "svc", &authapprole.AppRoleDeleteSecretIDParams{SecretID: s3.Data.SecretID})
	env.OK(t, err)
	err = a.AppRoleDeleteSecretIDByAccessor(ctx, "svc", &authapprole.AppRoleDeleteSecretIDByAccessorParams{
		SecretIDAccessor: s4.Data.SecretIDAccessor,
	})
	env.OK(t, err)
	var emptyRaw vtypes.Raw
	empty, err := a.AppRoleListSecretIDAccessors(ctx, "svc", vtypes.CaptureRaw(&emptyRaw))
	env.OK(t, err)
	if livetest.Status(emptyRaw) != 404 || len(empty.Data.Keys) != 0 {
		t.Fatalf("list after destroying every secret ID: status %d, %s", livetest.Status(emptyRaw), emptyRaw.Body)
	}
	err = a.AppRoleDeleteRole(ctx, "svc")
	env.OK(t, err)
}

// Each role setting read, written and reset on its own.
func TestAppRoleFields(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	const r = "fields"
	_, err := a.AppRoleWriteRole(ctx, r, authapprole.AppRoleWriteRoleRequest{})
	env.OK(t, err)

	local, err := a.AppRoleReadLocalSecretIDs(ctx, r)
	env.OK(t, err)
	if local.Data.LocalSecretIDs {
		t.Fatal("local_secret_ids set on a role created without it")
	}

	// bind_secret_id: turn off (a CIDR constraint must stay), read, reset.
	err = a.AppRoleWriteSecretIDBoundCIDRs(ctx, r, authapprole.AppRoleWriteSecretIDBoundCIDRsRequest{SecretIDBoundCIDRs: []string{"10.0.0.0/8"}})
	env.OK(t, err)
	cidrs, err := a.AppRoleReadSecretIDBoundCIDRs(ctx, r)
	env.OK(t, err)
	if !slices.Equal(cidrs.Data.SecretIDBoundCIDRs, []string{"10.0.0.0/8"}) {
		t.Fatalf("secret_id_bound_cidrs: %v", cidrs.Data.SecretIDBoundCIDRs)
	}
	err = a.AppRoleWriteBindSecretID(ctx, r, authapprole.AppRoleWriteBindSecretIDRequest{BindSecretID: false})
	env.OK(t, err)
	bind, err := a.AppRoleReadBindSecretID(ctx, r)
	env.OK(t, err)
	if bind.Data.BindSecretID {
		t.Fatal("bind_secret_id still true")
	}
	err = a.AppRoleDeleteBindSecretID(ctx, r)
	env.OK(t, err)
	bind, err = a.AppRoleReadBindSecretID(ctx, r)
	env.OK(t, err)
	if !bind.Data.BindSecretID {
		t.Fatal("bind_secret_id not reset to true")
	}
	err = a.AppRoleDeleteSecretIDBoundCIDRs(ctx, r)
	env.OK(t, err)
	cidrs, err = a.AppRoleReadSecretIDBoundCIDRs(ctx, r)
	env.OK(t, err)
	if cidrs.Data.SecretIDBoundCIDRs != nil {
		t.Fatalf("secret_id_bound_cidrs after delete: %v", cidrs.Data.SecretIDBoundCIDRs)
	}

	// The deprecated bound-cidr-list endpoints write secret_id_bound_cidrs.
	err = a.AppRoleWriteBoundCIDRList(ctx, r, authapprole.AppRoleWriteBoundCIDRListRequest{BoundCIDRList: []string{"192.168.0.0/16"}})
	env.OK(t, err)
	old, err := a.AppRoleReadBoundCIDRList(ctx, r)
	env.OK(t, err)
	if len(old.Warnings) == 0 {
		t.Fatal("bound-cidr-list read without the deprecation warning")
	}
	cidrs, err = a.AppRoleReadSecretIDBoundCIDRs(ctx, r)
	env.OK(t, err)
	if !slices.Equal(cidrs.Data.SecretIDBoundCIDRs, []string{"192.168.0.0/16"}) {
		t.Fatalf("bound-cidr-list did not land in secret_id_bound_cidrs: %v", cidrs.Data.SecretIDBoundCIDRs)
	}
	err = a.AppRoleDeleteBoundCIDRList(ctx, r)
	env.OK(t, err)

	// token_bound_cidrs
	err = a.AppRoleWriteTokenBoundCIDRs(ctx, r, authapprole.AppRoleWriteTokenBoundCIDRsRequest{TokenBoundCIDRs: []string{"10.1.0.0/16"}})
	env.OK(t, err)
	tc, err := a.AppRoleReadTokenBoundCIDRs(ctx, r)
	env.OK(t, err)
	if !slices.Equal(tc.Data.TokenBoundCIDRs, []string{"10.1.0.0/16"}) {
		t.Fatalf("token_bound_cidrs: %v", tc.Data.TokenBoundCIDRs)
	}
	err = a.AppRoleDeleteTokenBoundCIDRs(ctx, r)
	env.OK(t, err)
	tc, err = a.AppRoleReadTokenBoundCIDRs(ctx, r)
	env.OK(t, err)
	if len(tc.Data.TokenBoundCIDRs) != 0 {
		t.Fatalf("token_bound_cidrs after delete: %v", tc.Data.TokenBoundCIDRs)
	}

	// period, with and without the deprecated name.
	err = a.AppRoleWritePeriod(ctx, r, authapprole.AppRoleWritePeriodRequest{TokenPeriod: livetest.Ptr(vtypes.Duration("1h"))})
	env.OK(t, err)
	per, err := a.AppRoleReadPeriod(ctx, r)
	env.OK(t, err)
	if per.Data.TokenPeriod != 3600 || per.Data.Period != nil {
		t.Fatalf("period: %+v", per.Data)
	}
	err = a.AppRoleWritePeriod(ctx, r, authapprole.AppRoleWritePeriodRequest{Period: livetest.Ptr(vtypes.Seconds(1800))})
	env.OK(t, err)
	per, err = a.AppRoleReadPeriod(ctx, r)
	env.OK(t, err)
	if per.Data.TokenPeriod != 1800 || per.Data.Period == nil || *per.Data.Period != 1800 {
		t.Fatalf("period via the old name: %+v", per.Data)
	}
	err = a.AppRoleDeletePeriod(ctx, r)
	env.OK(t, err)
	per, err = a.AppRoleReadPeriod(ctx, r)
	env.OK(t, err)
	if per.Data.TokenPeriod != 0 || per.Data.Period != nil {
		t.Fatalf("period after delete: %+v", per.Data)
	}

	// policies
	err = a.AppRoleWritePolicies(ctx, r, authapprole.AppRoleWritePoliciesRequest{TokenPolicies: []string{"p1", "p2"}})
	env.OK(t, err)
	pol, err := a.AppRoleReadPolicies(ctx, r)
	env.OK(t, err)
	if !slices.Equal(pol.Data.TokenPolicies, []string{"p1", "p2"}) || pol.Data.Policies != nil {
		t.Fatalf("policies: %+v", pol.Data)
	}
	err = a.AppRoleDeletePolicies(ctx, r)
	env.OK(t, err)
	pol, err = a.AppRoleReadPolicies(ctx, r)
	env.OK(t, err)
	if pol.Data.TokenPolicies == nil || len(pol.Data.TokenPolicies) != 0 {
		t.Fatalf("policies after delete: %+v", pol.Data)
	}

	// secret_id_num_uses
	err = a.AppRoleWriteSecretIDNumUses(ctx, r, authapprole.AppRoleWriteSecretIDNumUsesRequest{SecretIDNumUses: 7})
	env.OK(t, err)
	snu, err := a.AppRoleReadSecretIDNumUses(ctx, r)
	env.OK(t, err)
	if snu.Data.SecretIDNumUses != 7 {
		t.Fatalf("secret_id_num_uses: %d", snu.Data.SecretIDNumUses)
	}
	err = a.AppRoleDeleteSecretIDNumUses(ctx, r)
	env.OK(t, err)
	snu, err = a.AppRoleReadSecretIDNumUses(ctx, r)
	env.OK(t, err)
	if snu.Data.SecretIDNumUses != 0 {
		t.Fatalf("secret_id_num_uses after delete: %d", snu.Data.SecretIDNumUses)
	}

	// secret_id_ttl
	err = a.AppRoleWriteSecretIDTTL(ctx, r, authapprole.AppRoleWriteSecretIDTTLRequest{SecretIDTTL: "2h"})
	env.OK(t, err)
	sttl, err := a.AppRoleReadSecretIDTTL(ctx, r)
	env.OK(t, err)
	if sttl.Data.SecretIDTTL != 7200 {
		t.Fatalf("secret_id_ttl: %d", sttl.Data.SecretIDTTL)
	}
	err = a.AppRoleDeleteSecretIDTTL(ctx, r)
	env.OK(t, err)
	sttl, err = a.AppRoleReadSecretIDTTL(ctx, r)
	env.OK(t, err)
	if sttl.Data.SecretIDTTL != 0 {
		t.Fatalf("secret_id_ttl after delete: %d", sttl.Data.SecretIDTTL)
	}

	// token_max_ttl and token_ttl
	err = a.AppRoleWriteTokenMaxTTL(ctx, r, authapprole.AppRoleWriteTokenMaxTTLRequest{TokenMaxTTL: "3h"})
	env.OK(t, err)
	mttl, err := a.AppRoleReadTokenMaxTTL(ctx, r)
	env.OK(t, err)
	if mttl.Data.TokenMaxTTL != 10800 {
		t.Fatalf("token_max_ttl: %d", mttl.Data.TokenMaxTTL)
	}
	err = a.AppRoleWriteTokenTTL(ctx, r, authapprole.AppRoleWriteTokenTTLRequest{TokenTTL: vtypes.Seconds(900)})
	env.OK(t, err)
	ttl, err := a.AppRoleReadTokenTTL(ctx, r)
	env.OK(t, err)
	if ttl.Data.TokenTTL != 900 {
		t.Fatalf("token_ttl: %d", ttl.Data.TokenTTL)
	}
	err = a.AppRoleDeleteTokenTTL(ctx, r)
	env.OK(t, err)
	err = a.AppRoleDeleteTokenMaxTTL(ctx, r)
	env.OK(t, err)
	mttl, err = a.AppRoleReadTokenMaxTTL(ctx, r)
	env.OK(t, err)
	ttl, err = a.AppRoleReadTokenTTL(ctx, r)
	env.OK(t, err)
	if mttl.Data.TokenMaxTTL != 0 || ttl.Data.TokenTTL != 0 {
		t.Fatalf("ttls after delete: max %d ttl %d", mttl.Data.TokenMaxTTL, ttl.Data.TokenTTL)
	}

	// token_num_uses
	err = a.AppRoleWriteTokenNumUses(ctx, r, authapprole.AppRoleWriteTokenNumUsesRequest{TokenNumUses: 4})
	env.OK(t, err)
	tnu, err := a.AppRoleReadTokenNumUses(ctx, r)
	env.OK(t, err)
	if tnu.Data.TokenNumUses != 4 {
		t.Fatalf("token_num_uses: %d", tnu.Data.TokenNumUses)
	}
	err = a.AppRoleDeleteTokenNumUses(ctx, r)
	env.OK(t, err)
	tnu, err = a.AppRoleReadTokenNumUses(ctx, r)
	env.OK(t, err)
	if tnu.Data.TokenNumUses != 0 {
		t.Fatalf("token_num_uses after delete: %d", tnu.Data.TokenNumUses)
	}

	err = a.AppRoleDeleteRole(ctx, r)
	env.OK(t, err)
}
