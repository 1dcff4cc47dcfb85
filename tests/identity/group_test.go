package identity_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/govault/govault/generated/identity"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
)

// Groups (internal and external), group aliases and group lookup.
func TestGroups(t *testing.T) {
	ctx := context.Background()
	id := api(t)

	member, err := id.IdentityCreateEntity(ctx, identity.IdentityCreateEntityRequest{Name: livetest.Ptr("group-member")})
	env.OK(t, err)

	internal := identity.GroupTypeInternal
	eng, err := id.IdentityCreateGroup(ctx, identity.IdentityCreateGroupRequest{
		Name: livetest.Ptr("eng"), Type: &internal, Policies: []string{"eng"}, MemberEntityIDs: []string{member.Data.ID},
		Metadata: map[string]string{"floor": "3"},
	})
	env.OK(t, err)
	if eng.Data.Name != "eng" || eng.Data.ID == "" {
		t.Fatalf("create: %+v", eng.Data)
	}
	var upd vtypes.Raw
	_, err = id.IdentityCreateGroup(ctx, identity.IdentityCreateGroupRequest{ID: &eng.Data.ID, Policies: []string{"eng", "ops"}}, vtypes.CaptureRaw(&upd))
	env.OK(t, err)
	status(t, upd.Response.StatusCode, http.StatusNoContent, "create with id")

	// A parent group by name: 200 on create, 204 on update.
	parent, err := id.IdentityWriteGroupByName(ctx, "all-staff", identity.IdentityWriteGroupByNameRequest{Policies: []string{"staff"}})
	env.OK(t, err)
	var again vtypes.Raw
	_, err = id.IdentityWriteGroupByName(ctx, "all-staff", identity.IdentityWriteGroupByNameRequest{MemberGroupIDs: []string{eng.Data.ID}}, vtypes.CaptureRaw(&again))
	env.OK(t, err)
	status(t, again.Response.StatusCode, http.StatusNoContent, "write existing group by name")

	read, err := id.IdentityReadGroupByID(ctx, eng.Data.ID)
	env.OK(t, err)
	// The modify index counts the group's changes; only that it moved is ours to check.
	if read.Data.ModifyIndex == 0 {
		t.Fatalf("read by id: modify_index 0 after updates: %+v", read.Data)
	}
	wantGroup := identity.IdentityGroupData{
		ID: eng.Data.ID, Name: "eng", Type: "internal", Policies: []string{"eng", "ops"}, Metadata: map[string]string{"floor": "3"},
		MemberEntityIDs: []string{member.Data.ID}, ParentGroupIDs: []string{parent.Data.ID}, NamespaceID: "root", ModifyIndex: read.Data.ModifyIndex,
	}
	groupTimes := cmpopts.IgnoreFields(identity.IdentityGroupData{}, "CreationTime", "LastUpdateTime")
	if diff := cmp.Diff(wantGroup, read.Data, groupTimes); diff != "" {
		t.Fatalf("read by id (-want +got):\n%s", diff)
	}
	err = id.IdentityUpdateGroupByID(ctx, eng.Data.ID, identity.IdentityUpdateGroupByIDRequest{Metadata: map[string]string{"floor": "4"}})
	env.OK(t, err)
	byName, err := id.IdentityReadGroupByName(ctx, "eng")
	env.OK(t, err)
	if byName.Data.ID != eng.Data.ID || byName.Data.Metadata["floor"] != "4" {
		t.Fatalf("read by name: %+v", byName.Data)
	}
	// The member entity now reports both groups.
	ent, err := id.IdentityReadEntityByID(ctx, member.Data.ID)
	env.OK(t, err)
	if !slices.Equal(ent.Data.DirectGroupIDs, []string{eng.Data.ID}) || !slices.Equal(ent.Data.InheritedGroupIDs, []string{parent.Data.ID}) {
		t.Fatalf("entity groups: %+v", ent.Data)
	}

	// An external group gets its members from a group alias.
	external := identity.GroupTypeExternal
	ext, err := id.IdentityCreateGroup(ctx, identity.IdentityCreateGroupRequest{Name: livetest.Ptr("ldap-admins"), Type: &external})
	env.OK(t, err)
	ga, err := id.IdentityCreateGroupAlias(ctx, identity.IdentityCreateGroupAliasRequest{
		Name: "admins", MountAccessor: userpassAccessor, CanonicalID: &ext.Data.ID,
	})
	env.OK(t, err)
	if ga.Data.CanonicalID != ext.Data.ID {
		t.Fatalf("group alias create: %+v", ga.Data)
	}
	gaRead, err := id.IdentityReadGroupAliasByID(ctx, ga.Data.ID)
	env.OK(t, err)
	if gaRead.Data.Name != "admins" || gaRead.Data.CanonicalID != ext.Data.ID {
		t.Fatalf("group alias read: %+v", gaRead.Data)
	}
	gaUpd, err := id.IdentityUpdateGroupAliasByID(ctx, ga.Data.ID, identity.IdentityUpdateGroupAliasByIDRequest{
		Name: livetest.Ptr("admins2"), MountAccessor: &userpassAccessor,
	})
	env.OK(t, err)
	if gaUpd.Data.ID != ga.Data.ID {
		t.Fatalf("group alias update: %+v", gaUpd.Data)
	}
	var gaSame vtypes.Raw
	_, err = id.IdentityCreateGroupAlias(ctx, identity.IdentityCreateGroupAliasRequest{
		ID: &ga.Data.ID, Name: "admins2", MountAccessor: userpassAccessor,
	}, vtypes.CaptureRaw(&gaSame))
	env.OK(t, err)
	status(t, gaSame.Response.StatusCode, http.StatusNoContent, "group alias create with id, no changes")
	gaList, err := id.IdentityListGroupAliasesByID(ctx)
	env.OK(t, err)
	if info, ok := gaList.Data.KeyInfo[ga.Data.ID]; !ok || info.Name != "admins2" {
		t.Fatalf("group alias list: %+v", gaList.Data)
	}
	extRead, err := id.IdentityReadGroupByID(ctx, ext.Data.ID)
	env.OK(t, err)
	if extRead.Data.Alias.Name == nil || *extRead.Data.Alias.Name != "admins2" {
		t.Fatalf("external group alias: %+v", extRead.Data.Alias)
	}

	groups, err := id.IdentityListGroupsByID(ctx)
	env.OK(t, err)
	if info := groups.Data.KeyInfo[eng.Data.ID]; info.Name != "eng" || info.NumMemberEntities != 1 || info.NumParentGroups != 1 {
		t.Fatalf("list by id, eng: %+v", info)
	}
	if info := groups.Data.KeyInfo[ext.Data.ID]; info.Alias == nil || info.Alias.Name != "admins2" {
		t.Fatalf("list by id, external: %+v", info)
	}
	names, err := id.IdentityListGroupsByName(ctx)
	env.OK(t, err)
	if !slices.Contains(names.Data.Keys, "eng") || !slices.Contains(names.Data.Keys, "ldap-admins") {
		t.Fatalf("list by name: %v", names.Data.Keys)
	}

	found, err := id.IdentityLookupGroup(ctx, identity.IdentityLookupRequest{AliasName: livetest.Ptr("admins2"), AliasMountAccessor: &userpassAccessor})
	env.OK(t, err)
	if found.Data.ID != ext.Data.ID || found.Data.Type != "external" {
		t.Fatalf("lookup: %+v", found.Data)
	}
	var none vtypes.Raw
	_, err = id.IdentityLookupGroup(ctx, identity.IdentityLookupRequest{Name: livetest.Ptr("no-such-group")}, vtypes.CaptureRaw(&none))
	env.OK(t, err)
	status(t, none.Response.StatusCode, http.StatusNoContent, "lookup of a missing group")

	err = id.IdentityDeleteGroupAliasByID(ctx, ga.Data.ID)
	env.OK(t, err)
	err = id.IdentityDeleteGroupByName(ctx, "all-staff")
	env.OK(t, err)
	for _, g := range []string{eng.Data.ID, ext.Data.ID} {
		err = id.IdentityDeleteGroupByID(ctx, g)
		env.OK(t, err)
	}
	_, err = id.IdentityReadGroupByID(ctx, eng.Data.ID)
	failedWith(t, err, http.StatusNotFound, "read of a deleted group")
	err = id.IdentityDeleteEntityByID(ctx, member.Data.ID)
	env.OK(t, err)
}
