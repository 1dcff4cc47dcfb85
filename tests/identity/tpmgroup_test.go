package identity_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/govault/govault/generated/identity"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
)

// TPM groups (Enterprise, 2.0) against a doc-shaped stand-in.
func TestTPMGroupsDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	const id, name = "f47ac10b-58cc-4372-a567-0e02b2c3d479", "datacenter-east-tpms"
	members := []string{"sha256-a3f1c2d4e5b6", "sha256-7d8e9f0a1b2c"}
	ref := docstub.Enveloped(`{"id":"` + id + `","name":"` + name + `"}`)
	full := docstub.Enveloped(`{"id":"` + id + `","member_tpm_ids":["sha256-a3f1c2d4e5b6","sha256-7d8e9f0a1b2c"],"metadata":{"environment":"production","region":"us-east-1"},"name":"` + name + `"}`)
	s.On("POST", "/v1/identity/tpmgroup", 200, ref)
	s.On("GET", "/v1/identity/tpmgroup/id/"+id, 200, full)
	s.On("POST", "/v1/identity/tpmgroup/id/"+id, 200, ref)
	s.On("DELETE", "/v1/identity/tpmgroup/id/"+id, 204, "")
	s.On("GET", "/v1/identity/tpmgroup/id/", 200, docstub.Enveloped(`{"keys":["`+id+`","3c4d5e6f-7a8b-9c0d-1e2f-3a4b5c6d7e8f"]}`))
	s.On("GET", "/v1/identity/tpmgroup/name/"+name, 200, full)
	s.On("POST", "/v1/identity/tpmgroup/name/"+name, 200, ref)
	s.On("DELETE", "/v1/identity/tpmgroup/name/"+name, 204, "")
	s.On("GET", "/v1/identity/tpmgroup/name/", 200, docstub.Enveloped(`{"keys":["`+name+`","datacenter-west-tpms"]}`))
	a := livetest.API(t, s.Client(t), "identity", identity.New)

	created, err := a.IdentityCreateTPMGroup(ctx, identity.IdentityCreateTPMGroupRequest{Name: livetest.Ptr(name), Metadata: map[string]string{"environment": "production"}, MemberTpmIDs: members})
	env.OK(t, err)
	if created.Data.ID != id || created.Data.Name != name {
		t.Fatalf("create: %+v", created.Data)
	}
	if diff := cmp.Diff([]any{members[0], members[1]}, s.Sent("POST", "/v1/identity/tpmgroup")["member_tpm_ids"]); diff != "" {
		t.Errorf("create members sent (-want +got):\n%s", diff)
	}
	byID, err := a.IdentityReadTPMGroupByID(ctx, id)
	env.OK(t, err)
	if diff := cmp.Diff(members, byID.Data.MemberTpmIDs); diff != "" || byID.Data.Metadata["region"] != "us-east-1" {
		t.Fatalf("read by id: %+v (-want +got members):\n%s", byID.Data, diff)
	}
	_, err = a.IdentityUpdateTPMGroupByID(ctx, id, identity.IdentityUpdateTPMGroupByIDRequest{MemberTpmIDs: members[:1]})
	env.OK(t, err)
	if got := s.Sent("POST", "/v1/identity/tpmgroup/id/"+id); len(got["member_tpm_ids"].([]any)) != 1 || got["metadata"] != nil {
		t.Fatalf("update by id sent %v", got)
	}
	byName, err := a.IdentityReadTPMGroupByName(ctx, name)
	env.OK(t, err)
	if diff := cmp.Diff(byID.Data, byName.Data); diff != "" {
		t.Errorf("by name differs from by id (-id +name):\n%s", diff)
	}
	_, err = a.IdentityUpdateTPMGroupByName(ctx, name, identity.IdentityUpdateTPMGroupByNameRequest{Metadata: map[string]string{"version": "2"}})
	env.OK(t, err)
	ids, err := a.IdentityListTPMGroupsByID(ctx)
	env.OK(t, err)
	names, err := a.IdentityListTPMGroupsByName(ctx)
	env.OK(t, err)
	if len(ids.Data.Keys) != 2 || names.Data.Keys[1] != "datacenter-west-tpms" {
		t.Fatalf("lists: %v %v", ids.Data.Keys, names.Data.Keys)
	}
	env.OK(t, a.IdentityDeleteTPMGroupByName(ctx, name))
	env.OK(t, a.IdentityDeleteTPMGroupByID(ctx, id))
}
