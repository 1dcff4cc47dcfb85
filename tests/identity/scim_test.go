package identity_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/govault/govault/generated/identity"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
)

const (
	scimJSON     = "application/scim+json"
	scimUserURN  = "urn:ietf:params:scim:schemas:core:2.0:User"
	scimGroupURN = "urn:ietf:params:scim:schemas:core:2.0:Group"
	scimMetaURN  = "urn:ietf:params:scim:schemas:extension:vault:2.0:Metadata"
	scimListURN  = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
	scimPatchURN = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
)

// SCIM clients (Enterprise, 2.0): Vault-shaped paths with an envelope.
func TestSCIMClientsDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	const entity = "d8be46f8-b754-7d85-2dc6-37e15a24d7d5"
	s.On("POST", "/v1/identity/scim/client/okta", 204, "")
	s.On("GET", "/v1/identity/scim/client/okta", 200, docstub.Enveloped(`{"name":"okta","access_grant_principal":"`+entity+`","alias_mount_accessor":"auth_userpass_7d1d6f49","deleting":false}`))
	s.On("GET", "/v1/identity/scim/client/", 200, docstub.Enveloped(`{"keys":["okta","entra"]}`))
	s.On("DELETE", "/v1/identity/scim/client/okta", 204, "")
	a := livetest.API(t, s.Client(t), "identity", identity.New)

	_, err := a.IdentityWriteSCIMClient(ctx, "okta", identity.IdentityWriteSCIMClientRequest{AccessGrantPrincipal: entity, AliasMountAccessor: livetest.Ptr("auth_userpass_7d1d6f49")})
	env.OK(t, err)
	sent := s.Sent("POST", "/v1/identity/scim/client/okta")
	if sent["access_grant_principal"] != entity || sent["alias_mount_accessor"] != "auth_userpass_7d1d6f49" {
		t.Fatalf("write sent %v", sent)
	}
	got, err := a.IdentityReadSCIMClient(ctx, "okta")
	env.OK(t, err)
	if got.Data.AccessGrantPrincipal != entity || got.Data.Deleting == nil || *got.Data.Deleting {
		t.Fatalf("read: %+v", got.Data)
	}
	list, err := a.IdentityListSCIMClients(ctx)
	env.OK(t, err)
	if diff := cmp.Diff([]string{"okta", "entra"}, list.Data.Keys); diff != "" {
		t.Fatalf("list (-want +got):\n%s", diff)
	}
	env.OK(t, a.IdentityDeleteSCIMClient(ctx, "okta"))
	if _, err := a.IdentityReadSCIMClient(ctx, "a/b"); err == nil {
		t.Fatal("a client name with a slash reached the server")
	}
}

// SCIM Users (Enterprise, 2.0): bare RFC 7644 resources, not enveloped.
func TestSCIMUsersDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	const id = "2cc3c936-fb4e-4635-b213-9cf55b87f2d4"
	user := `{"schemas":["` + scimUserURN + `","` + scimMetaURN + `"],"id":"` + id + `","userName":"jane.doe","externalId":"00u123456789","active":true,` +
		`"groups":[{"value":"5a9c2f1e-0b3d-4e7a-9c11-2f6e8d4b7a10","display":"vault-admins"}],` +
		`"` + scimMetaURN + `":{"items":[{"key":"department","value":"engineering"}]},` +
		`"meta":{"resourceType":"User","created":"2026-04-15T00:13:52Z","lastModified":"2026-04-15T00:13:52Z","location":"/v1/identity/scim/v2/Users/` + id + `"}}`
	s.OnContent("POST", "/v1/identity/scim/v2/Users", 201, scimJSON, user)
	s.OnContent("GET", "/v1/identity/scim/v2/Users", 200, scimJSON, `{"schemas":["`+scimListURN+`"],"totalResults":1,"startIndex":1,"itemsPerPage":1,"Resources":[`+user+`]}`)
	s.OnContent("GET", "/v1/identity/scim/v2/Users/"+id, 200, scimJSON, user)
	s.OnContent("POST", "/v1/identity/scim/v2/Users/"+id, 200, scimJSON, user)
	s.OnContent("PATCH", "/v1/identity/scim/v2/Users/"+id, 200, scimJSON, user)
	s.On("DELETE", "/v1/identity/scim/v2/Users/"+id, 204, "")
	a := livetest.API(t, s.Client(t), "identity", identity.New)

	meta := &identity.IdentitySCIMVaultMetadata{}
	meta.Items = append(meta.Items, struct {
		Key   string `json:"key"`
		Value string `json:"value"`
	}{Key: "department", Value: "engineering"})
	req := identity.IdentitySCIMUserRequest{Schemas: []string{scimUserURN, scimMetaURN}, UserName: "jane.doe", ExternalID: "00u123456789", Active: livetest.Ptr(true), VaultMetadata: meta}
	created, err := a.IdentityCreateSCIMUser(ctx, req)
	env.OK(t, err)
	if created.ID != id || created.UserName != "jane.doe" || created.VaultMetadata == nil || created.VaultMetadata.Items[0].Value != "engineering" {
		t.Fatalf("create: %+v", created)
	}
	if ct := s.Header("POST", "/v1/identity/scim/v2/Users", "Content-Type"); ct != scimJSON {
		t.Errorf("create sent Content-Type %q, want %q", ct, scimJSON)
	}
	sent := s.Sent("POST", "/v1/identity/scim/v2/Users")
	if sent["externalId"] != "00u123456789" || sent[scimMetaURN] == nil {
		t.Fatalf("create sent %v", sent)
	}

	list, err := a.IdentityListSCIMUsers(ctx, &identity.IdentityListSCIMUsersParams{Filter: livetest.Ptr(`userName eq "jane.doe"`), StartIndex: livetest.Ptr(1), Count: livetest.Ptr(10)})
	env.OK(t, err)
	if list.TotalResults != 1 || len(list.Resources) != 1 || list.Resources[0].ExternalID == nil || *list.Resources[0].ExternalID != "00u123456789" {
		t.Fatalf("list: %+v", list)
	}
	q, err := url.ParseQuery(s.RawQuery("GET", "/v1/identity/scim/v2/Users"))
	env.OK(t, err)
	if diff := cmp.Diff(url.Values{"filter": {`userName eq "jane.doe"`}, "startIndex": {"1"}, "count": {"10"}}, q); diff != "" {
		t.Errorf("list query (-want +got):\n%s", diff)
	}
	got, err := a.IdentityReadSCIMUser(ctx, id)
	env.OK(t, err)
	if diff := cmp.Diff(created, got); diff != "" {
		t.Errorf("read differs from create (-create +read):\n%s", diff)
	}
	_, err = a.IdentityReplaceSCIMUser(ctx, id, req)
	env.OK(t, err)
	if s.Sent("POST", "/v1/identity/scim/v2/Users/"+id)["userName"] != "jane.doe" {
		t.Fatal("replace did not send the user")
	}
	patch := identity.IdentitySCIMPatchRequest{Schemas: []string{scimPatchURN}, Operations: []identity.IdentitySCIMPatchOperation{{Op: "replace", Path: livetest.Ptr("active"), Value: false}}}
	_, err = a.IdentityPatchSCIMUser(ctx, id, patch)
	env.OK(t, err)
	ops, _ := s.Sent("PATCH", "/v1/identity/scim/v2/Users/"+id)["Operations"].([]any)
	if len(ops) != 1 || ops[0].(map[string]any)["value"] != false {
		t.Fatalf("patch sent %v", ops)
	}
	env.OK(t, a.IdentityDeleteSCIMUser(ctx, id))
}

// SCIM Groups (Enterprise, 2.0): members are the client's users by entity ID.
func TestSCIMGroupsDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	const id, member = "5a9c2f1e-0b3d-4e7a-9c11-2f6e8d4b7a10", "2cc3c936-fb4e-4635-b213-9cf55b87f2d4"
	group := `{"schemas":["` + scimGroupURN + `"],"id":"` + id + `","displayName":"vault-admins","members":[{"value":"` + member + `","display":"jane.doe"}],` +
		`"meta":{"resourceType":"Group","created":"2026-04-15T00:13:52Z","lastModified":"2026-04-15T00:13:52Z","location":"/v1/identity/scim/v2/Groups/` + id + `"}}`
	s.OnContent("POST", "/v1/identity/scim/v2/Groups", 201, scimJSON, group)
	s.OnContent("GET", "/v1/identity/scim/v2/Groups", 200, scimJSON, `{"schemas":["`+scimListURN+`"],"totalResults":1,"Resources":[`+group+`]}`)
	s.OnContent("GET", "/v1/identity/scim/v2/Groups/"+id, 200, scimJSON, group)
	s.OnContent("POST", "/v1/identity/scim/v2/Groups/"+id, 200, scimJSON, group)
	s.OnContent("PATCH", "/v1/identity/scim/v2/Groups/"+id, 200, scimJSON, group)
	s.On("DELETE", "/v1/identity/scim/v2/Groups/"+id, 204, "")
	a := livetest.API(t, s.Client(t), "identity", identity.New)

	req := identity.IdentitySCIMGroupRequest{Schemas: []string{scimGroupURN}, DisplayName: "vault-admins", Members: []identity.IdentitySCIMMemberRef{{Value: member}}}
	created, err := a.IdentityCreateSCIMGroup(ctx, req)
	env.OK(t, err)
	want := []identity.IdentitySCIMMemberRef{{Value: member, Display: livetest.Ptr("jane.doe")}}
	if diff := cmp.Diff(want, created.Members); created.ID != id || diff != "" {
		t.Fatalf("create: id %q, members (-want +got):\n%s", created.ID, diff)
	}
	list, err := a.IdentityListSCIMGroups(ctx, &identity.IdentityListSCIMGroupsParams{Filter: livetest.Ptr(`displayName eq "vault-admins"`)})
	env.OK(t, err)
	if list.TotalResults != 1 || list.Resources[0].DisplayName != "vault-admins" {
		t.Fatalf("list: %+v", list)
	}
	got, err := a.IdentityReadSCIMGroup(ctx, id)
	env.OK(t, err)
	if diff := cmp.Diff(created, got); diff != "" {
		t.Errorf("read differs from create (-create +read):\n%s", diff)
	}
	_, err = a.IdentityReplaceSCIMGroup(ctx, id, req)
	env.OK(t, err)
	patch := identity.IdentitySCIMPatchRequest{Schemas: []string{scimPatchURN}, Operations: []identity.IdentitySCIMPatchOperation{{Op: "add", Path: livetest.Ptr("members"), Value: []map[string]string{{"value": member}}}}}
	_, err = a.IdentityPatchSCIMGroup(ctx, id, patch)
	env.OK(t, err)
	sent := s.Sent("PATCH", "/v1/identity/scim/v2/Groups/"+id)
	if diff := cmp.Diff([]any{scimPatchURN}, sent["schemas"]); diff != "" {
		t.Errorf("patch schemas (-want +got):\n%s", diff)
	}
	env.OK(t, a.IdentityDeleteSCIMGroup(ctx, id))
}

// SCIM discovery (Enterprise, 2.0): resource types, schemas and the
// service provider configuration.
func TestSCIMDiscoveryDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	rtUser := `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],"id":"User","name":"User","endpoint":"/Users","schema":"` + scimUserURN + `","schemaExtensions":[{"schema":"` + scimMetaURN + `","required":false}],"meta":{"resourceType":"ResourceType","location":"/v1/identity/scim/v2/ResourceTypes/User"}}`
	schUser := `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Schema"],"id":"` + scimUserURN + `","name":"User","attributes":[` +
		`{"name":"userName","type":"string","multiValued":false,"required":true,"caseExact":false,"mutability":"readWrite","returned":"default","uniqueness":"server"},` +
		`{"name":"groups","type":"complex","multiValued":true,"required":false,"mutability":"readOnly","returned":"default","subAttributes":[{"name":"value","type":"string","mutability":"readOnly"}]}]}`
	s.OnContent("GET", "/v1/identity/scim/v2/ResourceTypes", 200, scimJSON, `{"schemas":["`+scimListURN+`"],"totalResults":1,"Resources":[`+rtUser+`]}`)
	s.OnContent("GET", "/v1/identity/scim/v2/ResourceTypes/User", 200, scimJSON, rtUser)
	s.OnContent("GET", "/v1/identity/scim/v2/Schemas", 200, scimJSON, `{"schemas":["`+scimListURN+`"],"totalResults":1,"Resources":[`+schUser+`]}`)
	s.OnContent("GET", "/v1/identity/scim/v2/Schemas/"+scimUserURN, 200, scimJSON, schUser)
	s.OnContent("GET", "/v1/identity/scim/v2/ServiceProviderConfig", 200, scimJSON, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],`+
		`"patch":{"supported":true},"bulk":{"supported":false,"maxOperations":0,"maxPayloadSize":0},"filter":{"supported":true,"maxResults":100},`+
		`"changePassword":{"supported":false},"sort":{"supported":false},"etag":{"supported":false},`+
		`"authenticationSchemes":[{"type":"oauthbearertoken","name":"Vault token","description":"A Vault token of the client's entity"}]}`)
	a := livetest.API(t, s.Client(t), "identity", identity.New)

	rts, err := a.IdentityListSCIMResourceTypes(ctx)
	env.OK(t, err)
	rt, err := a.IdentityReadSCIMResourceType(ctx, "User")
	env.OK(t, err)
	if len(rts.Resources) != 1 || rt.Endpoint != "/Users" || rt.Schema != scimUserURN || len(rt.SchemaExtensions) != 1 {
		t.Fatalf("resource types: %+v %+v", rts, rt)
	}
	schs, err := a.IdentityListSCIMSchemas(ctx)
	env.OK(t, err)
	sch, err := a.IdentityReadSCIMSchema(ctx, scimUserURN)
	env.OK(t, err)
	if diff := cmp.Diff(schs.Resources[0], *sch); diff != "" {
		t.Errorf("schema read differs from list (-list +read):\n%s", diff)
	}
	if len(sch.Attributes) != 2 || len(sch.Attributes[1].SubAttributes) != 1 || sch.Attributes[1].SubAttributes[0].Name != "value" {
		t.Fatalf("schema attributes: %+v", sch.Attributes)
	}
	spc, err := a.IdentityReadSCIMServiceProviderConfig(ctx)
	env.OK(t, err)
	if !spc.Patch.Supported || spc.Bulk.Supported || spc.Filter.MaxResults == nil || *spc.Filter.MaxResults != 100 {
		t.Fatalf("service provider config: %+v", spc)
	}
}
