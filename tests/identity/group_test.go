package identity_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/govault/govault/generated/identity"
	"github.com/govault/govault/wrappers"
)

// Groups (internal and external), group aliases and group lookup.
func TestGroups(t *testing.T) {
	ctx := context.Background()
	id := api(t)

	member, err := wrappers.Decode(id.IdentityCreateEntityWithResponse(ctx, identity.IdentityCreateEntityRequest{Name: ptr("group-member")}))
	env.OK(t, err)

	internal := identity.GroupTypeInternal
	eng, err := wrappers.Decode(id.IdentityCreateGroupWithResponse(ctx, identity.IdentityCreateGroupRequest{
		Name: ptr("eng"), Type: &internal, Policies: []string{"eng"}, MemberEntityIds: []string{member.Data.ID},
		Metadata: map[string]string{"floor": "3"},
	}))
	env.OK(t, err)
	if eng.Data.Name != "eng" || eng.Data.ID == "" {
		t.Fatalf("create: %+v", eng.Data)
	}
	upd, err := wrappers.Check(id.IdentityCreateGroupWithResponse(ctx, identity.IdentityCreateGroupRequest{ID: &eng.Data.ID, Policies: []string{"eng", "ops"}}))
	env.OK(t, err)
	status(t, upd.StatusCode(), http.StatusNoContent, "create with id")

	// A parent group by name: 200 on create, 204 on update.
	parent, err := wrappers.Decode(id.IdentityWriteGroupByNameWithResponse(ctx, "all-staff", identity.IdentityWriteGroupByNameRequest{Policies: []string{"staff"}}))
	env.OK(t, err)
	again, err := wrappers.Check(id.IdentityWriteGroupByNameWithResponse(ctx, "all-staff", identity.IdentityWriteGroupByNameRequest{MemberGroupIds: []string{eng.Data.ID}}))
	env.OK(t, err)
	status(t, again.StatusCode(), http.StatusNoContent, "write existing group by name")

	read, err := wrappers.Decode(id.IdentityReadGroupByIDWithResponse(ctx, eng.Data.ID))
	env.OK(t, err)
	if read.Data.Type != "internal" || !slices.Equal(read.Data.Policies, []string{"eng", "ops"}) ||
		!slices.Equal(read.Data.MemberEntityIds, []string{member.Data.ID}) || !slices.Equal(read.Data.ParentGroupIds, []string{parent.Data.ID}) ||
		read.Data.Alias.ID != nil {
		t.Fatalf("read by id: %+v", read.Data)
	}
	_, err = wrappers.Check(id.IdentityUpdateGroupByIDWithResponse(ctx, eng.Data.ID, identity.IdentityUpdateGroupByIDRequest{Metadata: map[string]string{"floor": "4"}}))
	env.OK(t, err)
	byName, err := wrappers.Decode(id.IdentityReadGroupByNameWithResponse(ctx, "eng"))
	env.OK(t, err)
	if byName.Data.ID != eng.Data.ID || byName.Data.Metadata["floor"] != "4" {
		t.Fatalf("read by name: %+v", byName.Data)
	}
	// The member entity now reports both groups.
	ent, err := wrappers.Decode(id.IdentityReadEntityByIDWithResponse(ctx, member.Data.ID))
	env.OK(t, err)
	if !slices.Equal(ent.Data.DirectGroupIds, []string{eng.Data.ID}) || !slices.Equal(ent.Data.InheritedGroupIds, []string{parent.Data.ID}) {
		t.Fatalf("entity groups: %+v", ent.Data)
	}

	// An external group gets its members from a group alias.
	external := identity.GroupTypeExternal
	ext, err := wrappers.Decode(id.IdentityCreateGroupWithResponse(ctx, identity.IdentityCreateGroupRequest{Name: ptr("ldap-admins"), Type: &external}))
	env.OK(t, err)
	ga, err := wrappers.Decode(id.IdentityCreateGroupAliasWithResponse(ctx, identity.IdentityCreateGroupAliasRequest{
		Name: "admins", MountAccessor: userpassAccessor, CanonicalID: &ext.Data.ID,
	}))
	env.OK(t, err)
	if ga.Data.CanonicalID != ext.Data.ID {
		t.Fatalf("group alias create: %+v", ga.Data)
	}
	gaRead, err := wrappers.Decode(id.IdentityReadGroupAliasByIDWithResponse(ctx, ga.Data.ID))
	env.OK(t, err)
	if gaRead.Data.Name != "admins" || gaRead.Data.CanonicalID != ext.Data.ID {
		t.Fatalf("group alias read: %+v", gaRead.Data)
	}
	gaUpd, err := wrappers.Decode(id.IdentityUpdateGroupAliasByIDWithResponse(ctx, ga.Data.ID, identity.IdentityUpdateGroupAliasByIDRequest{
		Name: ptr("admins2"), MountAccessor: &userpassAccessor,
	}))
	env.OK(t, err)
	if gaUpd.Data.ID != ga.Data.ID {
		t.Fatalf("group alias update: %+v", gaUpd.Data)
	}
	gaSame, err := wrappers.Check(id.IdentityCreateGroupAliasWithResponse(ctx, identity.IdentityCreateGroupAliasRequest{
		ID: &ga.Data.ID, Name: "admins2", MountAccessor: userpassAccessor,
	}))
	env.OK(t, err)
	status(t, gaSame.StatusCode(), http.StatusNoContent, "group alias create with id, no changes")
	gaList, err := wrappers.Decode(id.IdentityListGroupAliasesByIDWithResponse(ctx, &identity.IdentityListGroupAliasesByIDParams{List: list}))
	env.OK(t, err)
	if info, ok := gaList.Data.KeyInfo[ga.Data.ID]; !ok || info.Name != "admins2" {
		t.Fatalf("group alias list: %+v", gaList.Data)
	}
	extRead, err := wrappers.Decode(id.IdentityReadGroupByIDWithResponse(ctx, ext.Data.ID))
	env.OK(t, err)
	if extRead.Data.Alias.Name == nil || *extRead.Data.Alias.Name != "admins2" {
		t.Fatalf("external group alias: %+v", extRead.Data.Alias)
	}

	groups, err := wrappers.Decode(id.IdentityListGroupsByIDWithResponse(ctx, &identity.IdentityListGroupsByIDParams{List: list}))
	env.OK(t, err)
	if info := groups.Data.KeyInfo[eng.Data.ID]; info.Name != "eng" || info.NumMemberEntities != 1 || info.NumParentGroups != 1 {
		t.Fatalf("list by id, eng: %+v", info)
	}
	if info := groups.Data.KeyInfo[ext.Data.ID]; info.Alias == nil || info.Alias.Name != "admins2" {
		t.Fatalf("list by id, external: %+v", info)
	}
	names, err := wrappers.Decode(id.IdentityListGroupsByNameWithResponse(ctx, &identity.IdentityListGroupsByNameParams{List: list}))
	env.OK(t, err)
	if !slices.Contains(names.Data.Keys, "eng") || !slices.Contains(names.Data.Keys, "ldap-admins") {
		t.Fatalf("list by name: %v", names.Data.Keys)
	}

	found, err := wrappers.Decode(id.IdentityLookupGroupWithResponse(ctx, identity.IdentityLookupRequest{AliasName: ptr("admins2"), AliasMountAccessor: &userpassAccessor}))
	env.OK(t, err)
	if found.Data.ID != ext.Data.ID || found.Data.Type != "external" {
		t.Fatalf("lookup: %+v", found.Data)
	}
	none, err := wrappers.Check(id.IdentityLookupGroupWithResponse(ctx, identity.IdentityLookupRequest{Name: ptr("no-such-group")}))
	env.OK(t, err)
	status(t, none.StatusCode(), http.StatusNoContent, "lookup of a missing group")

	_, err = wrappers.Check(id.IdentityDeleteGroupAliasByIDWithResponse(ctx, ga.Data.ID))
	env.OK(t, err)
	_, err = wrappers.Check(id.IdentityDeleteGroupByNameWithResponse(ctx, "all-staff"))
	env.OK(t, err)
	for _, g := range []string{eng.Data.ID, ext.Data.ID} {
		_, err = wrappers.Check(id.IdentityDeleteGroupByIDWithResponse(ctx, g))
		env.OK(t, err)
	}
	gone, err := id.IdentityReadGroupByIDWithResponse(ctx, eng.Data.ID)
	env.OK(t, err)
	status(t, gone.StatusCode(), http.StatusNotFound, "read of a deleted group")
	_, err = wrappers.Check(id.IdentityDeleteEntityByIDWithResponse(ctx, member.Data.ID))
	env.OK(t, err)
}
