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

// Entity aliases, and the same store under its older names alias/ and persona/.
func TestEntityAliases(t *testing.T) {
	ctx := context.Background()
	id := api(t)

	owner, err := id.IdentityCreateEntity(ctx, identity.IdentityCreateEntityRequest{Name: livetest.Ptr("alias-owner")})
	env.OK(t, err)
	other, err := id.IdentityCreateEntity(ctx, identity.IdentityCreateEntityRequest{Name: livetest.Ptr("alias-other")})
	env.OK(t, err)

	created, err := id.IdentityCreateEntityAlias(ctx, identity.IdentityCreateEntityAliasRequest{
		Name: "frank", MountAccessor: userpassAccessor, CanonicalID: &owner.Data.ID, CustomMetadata: map[string]string{"k": "v"},
	})
	env.OK(t, err)
	if created.Data.CanonicalID != owner.Data.ID || created.Data.ID == "" {
		t.Fatalf("create: %+v", created.Data)
	}
	aliasID := created.Data.ID

	read, err := id.IdentityReadEntityAliasByID(ctx, aliasID)
	env.OK(t, err)
	wantAlias := identity.IdentityAliasData{
		ID: aliasID, Name: "frank", CanonicalID: owner.Data.ID, CustomMetadata: map[string]string{"k": "v"},
		MountAccessor: userpassAccessor, MountPath: livetest.Ptr("auth/userpass/"), MountType: livetest.Ptr("userpass"), NamespaceID: "root",
	}
	if diff := cmp.Diff(wantAlias, read.Data, aliasTimes); diff != "" {
		t.Fatalf("read (-want +got):\n%s", diff)
	}

	// Move it to the other entity; repeating the same change is a 204.
	moved, err := id.IdentityUpdateEntityAliasByID(ctx, aliasID, identity.IdentityUpdateEntityAliasByIDRequest{
		Name: livetest.Ptr("frank"), MountAccessor: &userpassAccessor, CanonicalID: &other.Data.ID, CustomMetadata: map[string]string{"k": "v2"},
	})
	env.OK(t, err)
	if moved.Data.CanonicalID != other.Data.ID {
		t.Fatalf("update: %+v", moved.Data)
	}
	var same vtypes.Raw
	_, err = id.IdentityUpdateEntityAliasByID(ctx, aliasID, identity.IdentityUpdateEntityAliasByIDRequest{
		Name: livetest.Ptr("frank"), MountAccessor: &userpassAccessor, CustomMetadata: map[string]string{"k": "v2"},
	}, vtypes.CaptureRaw(&same))
	env.OK(t, err)
	status(t, same.Response.StatusCode, http.StatusNoContent, "update without changes")

	// Creating through the id field updates instead.
	renamed, err := id.IdentityCreateEntityAlias(ctx, identity.IdentityCreateEntityAliasRequest{
		ID: &aliasID, Name: "frank2", MountAccessor: userpassAccessor,
	})
	env.OK(t, err)
	if renamed.Data.ID != aliasID {
		t.Fatalf("create with id: %+v", renamed.Data)
	}

	all, err := id.IdentityListEntityAliasesByID(ctx)
	env.OK(t, err)
	if info, ok := all.Data.KeyInfo[aliasID]; !ok || info.Name != "frank2" || info.CanonicalID != other.Data.ID || info.MountAccessor != userpassAccessor {
		t.Fatalf("list: %+v", all.Data)
	}

	// The old alias/ paths serve the same aliases.
	old, err := id.IdentityCreateAlias(ctx, identity.IdentityCreateAliasRequest{
		Name: "grace", MountAccessor: approleAccessor, CanonicalID: &owner.Data.ID,
	})
	env.OK(t, err)
	oldRead, err := id.IdentityReadAliasByID(ctx, old.Data.ID)
	env.OK(t, err)
	wantOld := identity.IdentityAliasData{
		ID: old.Data.ID, Name: "grace", CanonicalID: owner.Data.ID, CustomMetadata: map[string]string{},
		MountAccessor: approleAccessor, MountPath: livetest.Ptr("auth/approle/"), MountType: livetest.Ptr("approle"), NamespaceID: "root",
	}
	if diff := cmp.Diff(wantOld, oldRead.Data, aliasTimes); diff != "" {
		t.Fatalf("alias read (-want +got):\n%s", diff)
	}
	oldUpdated, err := id.IdentityUpdateAliasByID(ctx, old.Data.ID, identity.IdentityUpdateAliasByIDRequest{
		Name: livetest.Ptr("grace2"), MountAccessor: &approleAccessor,
	})
	env.OK(t, err)
	if oldUpdated.Data.ID != old.Data.ID {
		t.Fatalf("alias update: %+v", oldUpdated.Data)
	}
	oldList, err := id.IdentityListAliasesByID(ctx)
	env.OK(t, err)
	if !slices.Contains(oldList.Data.Keys, old.Data.ID) || !slices.Contains(oldList.Data.Keys, aliasID) {
		t.Fatalf("alias list: %v", oldList.Data.Keys)
	}

	// persona/: reads, lists and deletes aliases, but its writes go to entities.
	personaList, err := id.IdentityListPersonasByID(ctx)
	env.OK(t, err)
	if !slices.Contains(personaList.Data.Keys, aliasID) {
		t.Fatalf("persona list: %v", personaList.Data.Keys)
	}
	personaRead, err := id.IdentityReadPersonaByID(ctx, aliasID)
	env.OK(t, err)
	if personaRead.Data.Name != "frank2" {
		t.Fatalf("persona read: %+v", personaRead.Data)
	}
	persona, err := id.IdentityCreatePersona(ctx, identity.IdentityCreatePersonaRequest{
		Name: livetest.Ptr("persona-entity"), Metadata: map[string]string{"via": "persona"},
	})
	env.OK(t, err)
	if persona.Data.Name != "persona-entity" {
		t.Fatalf("persona create: %+v", persona.Data)
	}
	err = id.IdentityUpdatePersonaByID(ctx, persona.Data.ID, identity.IdentityUpdatePersonaByIDRequest{
		Metadata: map[string]string{"via": "persona-update"},
	})
	env.OK(t, err)
	entity, err := id.IdentityReadEntityByID(ctx, persona.Data.ID)
	env.OK(t, err)
	if entity.Data.Metadata["via"] != "persona-update" {
		t.Fatalf("persona update did not reach the entity: %+v", entity.Data)
	}

	// Deletes through all three names.
	err = id.IdentityDeletePersonaByID(ctx, aliasID)
	env.OK(t, err)
	err = id.IdentityDeleteAliasByID(ctx, old.Data.ID)
	env.OK(t, err)
	err = id.IdentityDeleteEntityAliasByID(ctx, aliasID) // already gone: still 204
	env.OK(t, err)
	_, err = id.IdentityReadEntityAliasByID(ctx, aliasID)
	failedWith(t, err, http.StatusNotFound, "read of a deleted alias")
	for _, e := range []string{owner.Data.ID, other.Data.ID, persona.Data.ID} {
		err = id.IdentityDeleteEntityByID(ctx, e)
		env.OK(t, err)
	}
}

// aliasTimes leaves out the times Vault stamps an alias with.
var aliasTimes = cmpopts.IgnoreFields(identity.IdentityAliasData{}, "CreationTime", "LastUpdateTime")
