package identity_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/govault/govault/generated/identity"
	"github.com/govault/govault/wrappers"
)

// Entities: create, read, update, list, look up, merge and delete.
func TestEntities(t *testing.T) {
	ctx := context.Background()
	id := api(t)

	created, err := wrappers.Decode(id.IdentityCreateEntityWithResponse(ctx, identity.IdentityCreateEntityRequest{
		Name: ptr("alice"), Metadata: map[string]string{"team": "infra"}, Policies: []string{"p1"},
	}))
	env.OK(t, err)
	aliceID := created.Data.ID
	if aliceID == "" || created.Data.Name != "alice" || created.Data.Aliases != nil {
		t.Fatalf("create: %+v", created.Data)
	}
	// Naming an existing entity updates it: 204.
	rsp, err := wrappers.Check(id.IdentityCreateEntityWithResponse(ctx, identity.IdentityCreateEntityRequest{ID: &aliceID, Policies: []string{"p1", "p2"}}))
	env.OK(t, err)
	status(t, rsp.StatusCode(), http.StatusNoContent, "create with id")

	read, err := wrappers.Decode(id.IdentityReadEntityByIDWithResponse(ctx, aliceID))
	env.OK(t, err)
	if read.Data.Name != "alice" || read.Data.Metadata["team"] != "infra" || !slices.Equal(read.Data.Policies, []string{"p1", "p2"}) || read.Data.NamespaceID != "root" {
		t.Fatalf("read by id: %+v", read.Data)
	}

	disabled := true
	_, err = wrappers.Check(id.IdentityUpdateEntityByIDWithResponse(ctx, aliceID, identity.IdentityUpdateEntityByIDRequest{Disabled: &disabled}))
	env.OK(t, err)
	byName, err := wrappers.Decode(id.IdentityReadEntityByNameWithResponse(ctx, "alice"))
	env.OK(t, err)
	if byName.Data.ID != aliceID || !byName.Data.Disabled {
		t.Fatalf("read by name after disabling: %+v", byName.Data)
	}

	// Write by name: 200 for a new entity, 204 for an existing one.
	bob, err := wrappers.Decode(id.IdentityWriteEntityByNameWithResponse(ctx, "bob", identity.IdentityWriteEntityByNameRequest{Policies: []string{"b"}}))
	env.OK(t, err)
	if bob.Data.Name != "bob" || bob.Data.ID == "" {
		t.Fatalf("write by name: %+v", bob.Data)
	}
	rsp2, err := wrappers.Check(id.IdentityWriteEntityByNameWithResponse(ctx, "bob", identity.IdentityWriteEntityByNameRequest{Metadata: map[string]string{"k": "v"}}))
	env.OK(t, err)
	status(t, rsp2.StatusCode(), http.StatusNoContent, "write existing by name")

	// An alias, so the ID list shows aliases in key_info.
	alias, err := wrappers.Decode(id.IdentityCreateEntityAliasWithResponse(ctx, identity.IdentityCreateEntityAliasRequest{
		Name: "alice", MountAccessor: userpassAccessor, CanonicalID: &aliceID,
	}))
	env.OK(t, err)
	ids, err := wrappers.Decode(id.IdentityListEntitiesByIDWithResponse(ctx, &identity.IdentityListEntitiesByIDParams{List: list}))
	env.OK(t, err)
	info, ok := ids.Data.KeyInfo[aliceID]
	if !slices.Contains(ids.Data.Keys, aliceID) || !ok || info.Name != "alice" || len(info.Aliases) != 1 || info.Aliases[0].ID != alias.Data.ID {
		t.Fatalf("list by id: %+v", ids.Data)
	}
	names, err := wrappers.Decode(id.IdentityListEntitiesByNameWithResponse(ctx, &identity.IdentityListEntitiesByNameParams{List: list}))
	env.OK(t, err)
	if !slices.Contains(names.Data.Keys, "alice") || !slices.Contains(names.Data.Keys, "bob") {
		t.Fatalf("list by name: %v", names.Data.Keys)
	}

	// Lookup by alias; no match is a 204.
	found, err := wrappers.Decode(id.IdentityLookupEntityWithResponse(ctx, identity.IdentityLookupRequest{AliasName: ptr("alice"), AliasMountAccessor: &userpassAccessor}))
	env.OK(t, err)
	if found.Data.ID != aliceID || len(found.Data.Aliases) != 1 || found.Data.Aliases[0].MountType == nil || *found.Data.Aliases[0].MountType != "userpass" {
		t.Fatalf("lookup: %+v", found.Data)
	}
	none, err := wrappers.Check(id.IdentityLookupEntityWithResponse(ctx, identity.IdentityLookupRequest{Name: ptr("nobody")}))
	env.OK(t, err)
	status(t, none.StatusCode(), http.StatusNoContent, "lookup of a missing entity")

	// Merge: bob into alice works; a second entity with an alias on the same
	// mount clashes and the 400 lists the aliases.
	_, err = wrappers.Check(id.IdentityMergeEntitiesWithResponse(ctx, identity.IdentityMergeEntitiesRequest{ToEntityID: aliceID, FromEntityIds: []string{bob.Data.ID}}))
	env.OK(t, err)
	merged, err := wrappers.Decode(id.IdentityReadEntityByIDWithResponse(ctx, aliceID))
	env.OK(t, err)
	if !slices.Contains(merged.Data.MergedEntityIds, bob.Data.ID) {
		t.Fatalf("merged_entity_ids: %v", merged.Data.MergedEntityIds)
	}
	carol, err := wrappers.Decode(id.IdentityCreateEntityAliasWithResponse(ctx, identity.IdentityCreateEntityAliasRequest{Name: "carol", MountAccessor: userpassAccessor}))
	env.OK(t, err)
	clash, err := id.IdentityMergeEntitiesWithResponse(ctx, identity.IdentityMergeEntitiesRequest{ToEntityID: aliceID, FromEntityIds: []string{carol.Data.CanonicalID}})
	env.OK(t, err)
	status(t, clash.StatusCode(), http.StatusBadRequest, "merge with clashing aliases")
	if clash.JSON400 == nil || len(clash.JSON400.Data) != 2 || len(clash.JSON400.Errors) == 0 {
		t.Fatalf("merge clash body: %s", clash.Body)
	}
	// Keeping alice's alias resolves the clash.
	_, err = wrappers.Check(id.IdentityMergeEntitiesWithResponse(ctx, identity.IdentityMergeEntitiesRequest{
		ToEntityID: aliceID, FromEntityIds: []string{carol.Data.CanonicalID}, ConflictingAliasIdsToKeep: []string{alias.Data.ID},
	}))
	env.OK(t, err)

	// Deletes: by ID, by name, in a batch; unknown names and IDs are no error.
	dave, err := wrappers.Decode(id.IdentityCreateEntityWithResponse(ctx, identity.IdentityCreateEntityRequest{Name: ptr("dave")}))
	env.OK(t, err)
	eve, err := wrappers.Decode(id.IdentityCreateEntityWithResponse(ctx, identity.IdentityCreateEntityRequest{Name: ptr("eve")}))
	env.OK(t, err)
	_, err = wrappers.Check(id.IdentityBatchDeleteEntitiesWithResponse(ctx, identity.IdentityBatchDeleteEntitiesRequest{EntityIds: []string{dave.Data.ID, eve.Data.ID, "no-such-id"}}))
	env.OK(t, err)
	gone, err := id.IdentityReadEntityByIDWithResponse(ctx, dave.Data.ID)
	env.OK(t, err)
	status(t, gone.StatusCode(), http.StatusNotFound, "read after batch delete")
	_, err = wrappers.Check(id.IdentityDeleteEntityByNameWithResponse(ctx, "alice"))
	env.OK(t, err)
	_, err = wrappers.Check(id.IdentityDeleteEntityByIDWithResponse(ctx, aliceID))
	env.OK(t, err)
	_, err = wrappers.Decode(id.IdentityReadEntityByNameWithResponse(ctx, "alice"))
	var re *wrappers.ResponseError
	if !errors.As(err, &re) || re.StatusCode != http.StatusNotFound {
		t.Fatalf("read of a deleted entity: %v", err)
	}
}
