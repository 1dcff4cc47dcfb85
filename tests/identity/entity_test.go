package identity_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/govault/govault/generated/identity"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// Entities: create, read, update, list, look up, merge and delete.
func TestEntities(t *testing.T) {
	ctx := context.Background()
	id := api(t)

	created, err := id.IdentityCreateEntity(ctx, identity.IdentityCreateEntityRequest{
		Name: livetest.Ptr("alice"), Metadata: map[string]string{"team": "infra"}, Policies: []string{"p1"},
	})
	env.OK(t, err)
	aliceID := created.Data.ID
	if aliceID == "" || created.Data.Name != "alice" || created.Data.Aliases != nil {
		t.Fatalf("create: %+v", created.Data)
	}
	// Naming an existing entity updates it: 204.
	var rsp vtypes.Raw
	_, err = id.IdentityCreateEntity(ctx, identity.IdentityCreateEntityRequest{ID: &aliceID, Policies: []string{"p1", "p2"}}, vtypes.CaptureRaw(&rsp))
	env.OK(t, err)
	status(t, rsp.Response.StatusCode, http.StatusNoContent, "create with id")

	read, err := id.IdentityReadEntityByID(ctx, aliceID)
	env.OK(t, err)
	wantEntity := identity.IdentityEntityData{
		ID: aliceID, Name: "alice", Metadata: map[string]string{"team": "infra"}, Policies: []string{"p1", "p2"}, NamespaceID: "root",
		Aliases: []identity.IdentityEntityAliasInfo{}, DirectGroupIDs: []string{}, GroupIDs: []string{}, InheritedGroupIDs: []string{},
	}
	entityTimes := cmpopts.IgnoreFields(identity.IdentityEntityData{}, "CreationTime", "LastUpdateTime")
	if diff := cmp.Diff(wantEntity, read.Data, entityTimes); diff != "" {
		t.Fatalf("read by id (-want +got):\n%s", diff)
	}

	disabled := true
	err = id.IdentityUpdateEntityByID(ctx, aliceID, identity.IdentityUpdateEntityByIDRequest{Disabled: &disabled})
	env.OK(t, err)
	byName, err := id.IdentityReadEntityByName(ctx, "alice")
	env.OK(t, err)
	if byName.Data.ID != aliceID || !byName.Data.Disabled {
		t.Fatalf("read by name after disabling: %+v", byName.Data)
	}

	// Write by name: 200 for a new entity, 204 for an existing one.
	bob, err := id.IdentityWriteEntityByName(ctx, "bob", identity.IdentityWriteEntityByNameRequest{Policies: []string{"b"}})
	env.OK(t, err)
	if bob.Data.Name != "bob" || bob.Data.ID == "" {
		t.Fatalf("write by name: %+v", bob.Data)
	}
	var rsp2 vtypes.Raw
	_, err = id.IdentityWriteEntityByName(ctx, "bob", identity.IdentityWriteEntityByNameRequest{Metadata: map[string]string{"k": "v"}}, vtypes.CaptureRaw(&rsp2))
	env.OK(t, err)
	status(t, rsp2.Response.StatusCode, http.StatusNoContent, "write existing by name")

	// An alias, so the ID list shows aliases in key_info.
	alias, err := id.IdentityCreateEntityAlias(ctx, identity.IdentityCreateEntityAliasRequest{
		Name: "alice", MountAccessor: userpassAccessor, CanonicalID: &aliceID,
	})
	env.OK(t, err)
	ids, err := id.IdentityListEntitiesByID(ctx)
	env.OK(t, err)
	info, ok := ids.Data.KeyInfo[aliceID]
	if !slices.Contains(ids.Data.Keys, aliceID) || !ok || info.Name != "alice" || len(info.Aliases) != 1 || info.Aliases[0].ID != alias.Data.ID {
		t.Fatalf("list by id: %+v", ids.Data)
	}
	names, err := id.IdentityListEntitiesByName(ctx)
	env.OK(t, err)
	if !slices.Contains(names.Data.Keys, "alice") || !slices.Contains(names.Data.Keys, "bob") {
		t.Fatalf("list by name: %v", names.Data.Keys)
	}

	// Lookup by alias; no match is a 204.
	found, err := id.IdentityLookupEntity(ctx, identity.IdentityLookupRequest{AliasName: livetest.Ptr("alice"), AliasMountAccessor: &userpassAccessor})
	env.OK(t, err)
	if found.Data.ID != aliceID || len(found.Data.Aliases) != 1 || found.Data.Aliases[0].MountType == nil || *found.Data.Aliases[0].MountType != "userpass" {
		t.Fatalf("lookup: %+v", found.Data)
	}
	var none vtypes.Raw
	_, err = id.IdentityLookupEntity(ctx, identity.IdentityLookupRequest{Name: livetest.Ptr("nobody")}, vtypes.CaptureRaw(&none))
	env.OK(t, err)
	status(t, none.Response.StatusCode, http.StatusNoContent, "lookup of a missing entity")

	// Merge: bob into alice works; a second entity with an alias on the same
	// mount clashes and the 400 lists the aliases.
	err = id.IdentityMergeEntities(ctx, identity.IdentityMergeEntitiesRequest{ToEntityID: aliceID, FromEntityIDs: []string{bob.Data.ID}})
	env.OK(t, err)
	merged, err := id.IdentityReadEntityByID(ctx, aliceID)
	env.OK(t, err)
	if !slices.Contains(merged.Data.MergedEntityIDs, bob.Data.ID) {
		t.Fatalf("merged_entity_ids: %v", merged.Data.MergedEntityIDs)
	}
	carol, err := id.IdentityCreateEntityAlias(ctx, identity.IdentityCreateEntityAliasRequest{Name: "carol", MountAccessor: userpassAccessor})
	env.OK(t, err)
	var clash vtypes.Raw
	err = id.IdentityMergeEntities(ctx, identity.IdentityMergeEntitiesRequest{ToEntityID: aliceID, FromEntityIDs: []string{carol.Data.CanonicalID}}, vtypes.CaptureRaw(&clash))
	failedWith(t, err, http.StatusBadRequest, "merge with clashing aliases")
	var conflict identity.IdentityMergeEntitiesConflict
	jsonBody(t, clash, &conflict, "merge clash body")
	if len(conflict.Data) != 2 || len(conflict.Errors) == 0 {
		t.Fatalf("merge clash body: %s", clash.Body)
	}
	// Keeping alice's alias resolves the clash.
	err = id.IdentityMergeEntities(ctx, identity.IdentityMergeEntitiesRequest{
		ToEntityID: aliceID, FromEntityIDs: []string{carol.Data.CanonicalID}, ConflictingAliasIDsToKeep: []string{alias.Data.ID},
	})
	env.OK(t, err)

	// Deletes: by ID, by name, in a batch; unknown names and IDs are no error.
	dave, err := id.IdentityCreateEntity(ctx, identity.IdentityCreateEntityRequest{Name: livetest.Ptr("dave")})
	env.OK(t, err)
	eve, err := id.IdentityCreateEntity(ctx, identity.IdentityCreateEntityRequest{Name: livetest.Ptr("eve")})
	env.OK(t, err)
	err = id.IdentityBatchDeleteEntities(ctx, identity.IdentityBatchDeleteEntitiesRequest{EntityIDs: []string{dave.Data.ID, eve.Data.ID, "no-such-id"}})
	env.OK(t, err)
	_, err = id.IdentityReadEntityByID(ctx, dave.Data.ID)
	failedWith(t, err, http.StatusNotFound, "read after batch delete")
	err = id.IdentityDeleteEntityByName(ctx, "alice")
	env.OK(t, err)
	err = id.IdentityDeleteEntityByID(ctx, aliceID)
	env.OK(t, err)
	_, err = id.IdentityReadEntityByName(ctx, "alice")
	var re *wrappers.ResponseError
	if !errors.As(err, &re) || re.StatusCode != http.StatusNotFound {
		t.Fatalf("read of a deleted entity: %v", err)
	}
}
