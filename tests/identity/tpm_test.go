package identity_test

import (
	"context"
	"testing"

	"github.com/govault/govault/generated/identity"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
)

// TPM records (Enterprise, 2.0) against a doc-shaped stand-in.
func TestTPMRecordsDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	const id = "sha256-a3f1c2d4e5b6"
	rec := docstub.Enveloped(`{"disabled":false,"id":"` + id + `","metadata":{"location":"datacenter-east","machine_name":"server-01"},"name":"my-tpm","tpm_ek_public_key":"-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkq\n-----END PUBLIC KEY-----\n"}`)
	s.On("POST", "/v1/identity/tpm", 200, rec)
	s.On("GET", "/v1/identity/tpm/id/"+id, 200, rec)
	s.On("POST", "/v1/identity/tpm/id/"+id, 200, rec)
	s.On("DELETE", "/v1/identity/tpm/id/"+id, 204, "")
	s.On("GET", "/v1/identity/tpm/id/", 200, docstub.Enveloped(`{"keys":["`+id+`"]}`))
	s.On("POST", "/v1/identity/tpm/name/my-tpm", 200, rec)
	s.On("GET", "/v1/identity/tpm/name/my-tpm", 200, rec)
	s.On("DELETE", "/v1/identity/tpm/name/my-tpm", 204, "")
	s.On("GET", "/v1/identity/tpm/name/", 200, docstub.Enveloped(`{"keys":["my-tpm","server-02-tpm"]}`))
	a := livetest.API(t, s.Client(t), "identity", identity.New)

	created, err := a.IdentityCreateTPM(ctx, identity.IdentityCreateTPMRequest{TpmEkPublicKey: "-----BEGIN PUBLIC KEY-----", Name: livetest.Ptr("my-tpm"), Metadata: map[string]string{"location": "datacenter-east"}})
	env.OK(t, err)
	if created.Data.ID != id || s.Sent("POST", "/v1/identity/tpm")["tpm_ek_public_key"] != "-----BEGIN PUBLIC KEY-----" {
		t.Fatalf("create: %+v", created.Data)
	}
	byID, err := a.IdentityReadTPMByID(ctx, id)
	env.OK(t, err)
	_, err = a.IdentityUpdateTPMByID(ctx, id, identity.IdentityUpdateTPMByIDRequest{Disabled: livetest.Ptr(true)})
	env.OK(t, err)
	if byID.Data.Metadata["machine_name"] != "server-01" || s.Sent("POST", "/v1/identity/tpm/id/"+id)["disabled"] != true {
		t.Fatalf("by id: %+v", byID.Data)
	}
	ids, err := a.IdentityListTPMsByID(ctx)
	env.OK(t, err)
	names, err := a.IdentityListTPMsByName(ctx)
	env.OK(t, err)
	if len(ids.Data.Keys) != 1 || len(names.Data.Keys) != 2 {
		t.Fatalf("lists: %v %v", ids.Data.Keys, names.Data.Keys)
	}
	_, err = a.IdentityWriteTPMByName(ctx, "my-tpm", identity.IdentityWriteTPMByNameRequest{Metadata: map[string]string{"machine_name": "server-02"}})
	env.OK(t, err)
	byName, err := a.IdentityReadTPMByName(ctx, "my-tpm")
	env.OK(t, err)
	if byName.Data.Name != "my-tpm" {
		t.Fatalf("by name: %+v", byName.Data)
	}
	env.OK(t, a.IdentityDeleteTPMByName(ctx, "my-tpm"))
	env.OK(t, a.IdentityDeleteTPMByID(ctx, id))
}
