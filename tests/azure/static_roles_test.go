package azure_test

import (
	"context"
	"testing"

	"github.com/govault/govault/generated/azure"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
	"github.com/govault/govault/vtypes"
)

// Static roles are in the 1.21.x docs, but the Azure plugin built into
// 1.21.0 answers 404 (unsupported path): the calls go to a doc-shaped
// stand-in.
func TestStaticRolesDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	s.On("POST", "/v1/azure/static-roles/my-static-role", 204, "")
	s.On("GET", "/v1/azure/static-roles/my-static-role", 200, docstub.Enveloped(`{"application_object_id":"408bf248-dd4e-4be5-919a-7f6207a307ab","ttl":31536000,"metadata":{"team":"engineering"}}`))
	s.On("GET", "/v1/azure/static-roles/", 200, docstub.Enveloped(`{"keys":["my-static-role","my-static-role2"]}`))
	s.On("GET", "/v1/azure/static-creds/my-static-role", 200, docstub.Enveloped(`{"client_id":"408bf248-dd4e-4be5-919a-7f6207a307ab","client_secret":"9PfdaDP9qcf98ggw8WSttfVreFcN4q9c4m4x","metadata":{"team":"engineering","environment":"development"}}`))
	s.On("POST", "/v1/azure/rotate-role/my-static-role", 204, "")
	s.On("DELETE", "/v1/azure/static-roles/my-static-role", 204, "")
	a := livetest.API(t, s.Client(t), "azure", azure.New)

	env.OK(t, a.AzureWriteStaticRole(ctx, "my-static-role", azure.AzureWriteStaticRoleRequest{
		ApplicationObjectID: "408bf248-dd4e-4be5-919a-7f6207a307ab", TTL: livetest.Ptr(vtypes.Duration("8760h")), Metadata: map[string]string{"team": "engineering"},
	}))
	if got := s.Sent("POST", "/v1/azure/static-roles/my-static-role"); got["ttl"] != "8760h" || got["application_object_id"] != "408bf248-dd4e-4be5-919a-7f6207a307ab" {
		t.Fatalf("static role sent %v", got)
	}
	role, err := a.AzureReadStaticRole(ctx, "my-static-role")
	env.OK(t, err)
	if role.Data.TTL == nil || *role.Data.TTL != 31536000 || role.Data.Metadata["team"] != "engineering" {
		t.Fatalf("static role: %+v", role.Data)
	}
	roles, err := a.AzureListStaticRoles(ctx)
	env.OK(t, err)
	if len(roles.Data.Keys) != 2 {
		t.Fatalf("static roles: %v", roles.Data.Keys)
	}
	creds, err := a.AzureReadStaticCreds(ctx, "my-static-role")
	env.OK(t, err)
	if creds.Data.ClientSecret == nil || *creds.Data.ClientSecret != "9PfdaDP9qcf98ggw8WSttfVreFcN4q9c4m4x" {
		t.Fatal("static creds: wrong secret")
	}
	env.OK(t, a.AzureRotateStaticRole(ctx, "my-static-role"))
	env.OK(t, a.AzureDeleteStaticRole(ctx, "my-static-role"))
}
