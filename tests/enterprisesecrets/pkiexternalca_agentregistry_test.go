package enterprisesecrets_test

import (
	"context"
	"strings"
	"testing"

	"github.com/govault/govault/generated/agentregistry"
	"github.com/govault/govault/generated/pkiexternalca"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
)

// PKI external CA: an ACME account, a role, and one order from start to
// revocation, with the lookups.
func TestPKIExternalCADocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	const base = "/v1/pki-external-ca"
	const acct = base + "/config/acme-account/letsencrypt-prod"
	const order = base + "/role/web-server/order/01936d8e-7c3a-7890-b123-456789abcdef"
	keys := docstub.Enveloped(`{"0":{"key_type":"ec-256","key_version":0,"key_creation_date":"2026-02-24T20:00:00Z"}}`)
	account := docstub.Enveloped(`{"name":"letsencrypt-prod","directory_url":"https://acme-v02.api.letsencrypt.org/directory","email_contacts":["ops@example.com"],"key_type":"ec-256","trusted_ca":"","keys":{"0":{"key_type":"ec-256","key_version":0,"key_creation_date":"2026-02-24T20:00:00Z"}}}`)
	role := docstub.Enveloped(`{"name":"web-server","acme_account_name":"letsencrypt-prod","allowed_domains":["example.com","*.example.com"],"allowed_domain_options":["bare_domains","subdomains","wildcards"],"allowed_challenge_types":["http-01","dns-01"],"csr_generate_key_type":"ec-256","csr_identifier_population":"cn_first","creation_date":"2026-02-24T20:00:00Z","last_updated_date":"2026-02-24T20:00:00Z"}`)
	status := docstub.Enveloped(`{"order_id":"01936d8e-7c3a-7890-b123-456789abcdef","order_status":"awaiting_challenge_fulfillment","identifiers":["example.com"],"workflow_type":"identifiers","authorizations":[{"identifier":"example.com","challenges":[{"type":"http-01","url":"https://acme-v02.api.letsencrypt.org/acme/chall/1","token":"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0","ready":false}]}],"creation_date":"2026-02-24T20:00:00Z","last_update":"2026-02-24T20:00:05Z","next_work_date":"2026-02-24T21:00:05Z","expires":"2026-02-24T20:30:00Z"}`)
	cert := `"certificate":"-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----","issuing_ca":"-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----","ca_chain":["-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----"],"serial_number":"03:e7:1f:a2:3d"`
	s.On("POST", acct, 200, keys)
	s.On("PUT", acct, 200, account)
	s.On("GET", acct, 200, account)
	s.On("GET", base+"/config/acme-account/", 200, docstub.Enveloped(`{"keys":["letsencrypt-prod"]}`))
	s.On("POST", acct+"/import", 200, keys)
	s.On("POST", acct+"/rotate-key", 200, keys)
	s.On("DELETE", acct, 204, "")
	s.On("POST", base+"/role/web-server", 200, role)
	s.On("GET", base+"/role/web-server", 200, role)
	s.On("GET", base+"/role/", 200, docstub.Enveloped(`{"keys":["web-server","api-server"]}`))
	s.On("DELETE", base+"/role/web-server", 204, "")
	s.On("POST", base+"/role/web-server/new-order", 200, docstub.Enveloped(`{"order_id":"01936d8e-7c3a-7890-b123-456789abcdef","order_status":"new","identifiers":["example.com"],"workflow_type":"identifiers","creation_date":"2026-02-24T20:00:00Z","next_work_date":"2026-02-24T20:00:01Z","expires":"2026-02-24T20:30:00Z"}`))
	s.On("GET", order+"/status", 200, status)
	s.On("GET", order+"/challenge", 200, docstub.Enveloped(`{"order_id":"01936d8e-7c3a-7890-b123-456789abcdef","authorizations":[{"identifier":"example.com","challenges":[{"type":"dns-01","url":"https://acme/chall/2","token":"tok","ready":false}]}]}`))
	s.On("POST", order+"/fulfilled-challenge", 200, docstub.Enveloped(`{"order_id":"01936d8e-7c3a-7890-b123-456789abcdef","identifier":"example.com","challenge_type":"http-01","marked_ready":true}`))
	s.On("GET", order+"/fetch-cert", 200, docstub.Enveloped(`{`+cert+`,"private_key":"-----BEGIN EC PRIVATE KEY-----\n...\n-----END EC PRIVATE KEY-----","private_key_type":"ec"}`))
	s.On("POST", order+"/revoke", 200, docstub.Enveloped(`{"order_id":"01936d8e-7c3a-7890-b123-456789abcdef","revoked":true,"revocation_time":"2026-02-24T21:00:00Z"}`))
	s.On("GET", base+"/role/web-server/active-orders/", 200, docstub.Enveloped(`{"keys":["01936d8e-7c3a-7890-b123-456789abcdef"]}`))
	s.On("GET", base+"/role/web-server/cached", 200, docstub.Enveloped(`{`+cert+`,"order_id":"01936d8e-7c3a-7890-b123-456789abcdef"}`))
	s.On("GET", base+"/lookup/cert/03:e7:1f:a2:3d", 200, docstub.Enveloped(`{"order_status":"completed","role_name":"web-server","order_id":"01936d8e-7c3a-7890-b123-456789abcdef","identifiers":["example.com"],"not_before":"2026-02-24T20:00:00Z","not_after":"2026-05-25T20:00:00Z"}`))
	s.On("GET", base+"/lookup/order/01936d8e-7c3a-7890-b123-456789abcdef", 200, status)
	s.On("GET", base+"/lookup/orders/", 200, docstub.Enveloped(`{"keys":["01936d8e-7c3a-7890-b123-456789abcdef"]}`))
	a := livetest.API(t, s.Client(t), "pki-external-ca", pkiexternalca.New)

	created, err := a.PKIExternalCACreateAccount(ctx, "letsencrypt-prod", pkiexternalca.PKIExternalCACreateAccountRequest{
		DirectoryURL: "https://acme-v02.api.letsencrypt.org/directory", EmailContacts: []string{"ops@example.com"},
	})
	env.OK(t, err)
	if created.Data["0"].KeyType == nil || *created.Data["0"].KeyType != "ec-256" {
		t.Fatalf("create account: %+v", created.Data)
	}
	upd, err := a.PKIExternalCAUpdateAccount(ctx, "letsencrypt-prod", pkiexternalca.PKIExternalCAUpdateAccountRequest{TrustedCA: "-----BEGIN CERTIFICATE-----"})
	env.OK(t, err)
	if got := s.Sent("PUT", acct); got["trusted_ca"] != "-----BEGIN CERTIFICATE-----" || upd.Data.DirectoryURL == nil {
		t.Fatalf("update sent %v, answered %+v", got, upd.Data)
	}
	rd, err := a.PKIExternalCAReadAccount(ctx, "letsencrypt-prod")
	env.OK(t, err)
	if rd.Data.EmailContacts[0] != "ops@example.com" {
		t.Fatalf("account: %+v", rd.Data)
	}
	accts, err := a.PKIExternalCAListAccounts(ctx)
	env.OK(t, err)
	_, err = a.PKIExternalCAImportAccount(ctx, "letsencrypt-prod", pkiexternalca.PKIExternalCAImportAccountRequest{AccountKey: "-----BEGIN EC PRIVATE KEY-----", DirectoryURL: "https://acme.example/directory"})
	env.OK(t, err)
	_, err = a.PKIExternalCARotateAccountKey(ctx, "letsencrypt-prod", pkiexternalca.PKIExternalCARotateAccountKeyRequest{Force: livetest.Ptr(true)})
	env.OK(t, err)
	if len(accts.Data.Keys) != 1 || s.Sent("POST", acct+"/rotate-key")["force"] != true {
		t.Fatalf("accounts %v / rotate", accts.Data.Keys)
	}
	wr, err := a.PKIExternalCAWriteRole(ctx, "web-server", pkiexternalca.PKIExternalCAWriteRoleRequest{ACMEAccountName: "letsencrypt-prod", AllowedDomains: []string{"example.com"}})
	env.OK(t, err)
	rr, err := a.PKIExternalCAReadRole(ctx, "web-server")
	env.OK(t, err)
	roles, err := a.PKIExternalCAListRoles(ctx)
	env.OK(t, err)
	if *wr.Data.ACMEAccountName != "letsencrypt-prod" || len(rr.Data.AllowedChallengeTypes) != 2 || len(roles.Data.Keys) != 2 {
		t.Fatalf("role: %+v / %+v / %v", wr.Data, rr.Data, roles.Data.Keys)
	}
	no, err := a.PKIExternalCANewOrder(ctx, "web-server", pkiexternalca.PKIExternalCANewOrderRequest{Identifiers: []string{"example.com"}})
	env.OK(t, err)
	id := *no.Data.OrderID
	st, err := a.PKIExternalCAReadOrderStatus(ctx, "web-server", id)
	env.OK(t, err)
	if st.Data.Authorizations[0].Challenges[0].Type == nil || *st.Data.Authorizations[0].Challenges[0].Type != "http-01" {
		t.Fatalf("status: %+v", st.Data)
	}
	ch, err := a.PKIExternalCAReadOrderChallenges(ctx, "web-server", id)
	env.OK(t, err)
	ff, err := a.PKIExternalCAFulfilChallenge(ctx, "web-server", id, pkiexternalca.PKIExternalCAFulfilChallengeRequest{Identifier: "example.com", ChallengeType: "http-01"})
	env.OK(t, err)
	if len(ch.Data.Authorizations) != 1 || ff.Data.MarkedReady == nil || !*ff.Data.MarkedReady {
		t.Fatalf("challenges %+v, fulfilled %+v", ch.Data, ff.Data)
	}
	fc, err := a.PKIExternalCAFetchCert(ctx, "web-server", id, &pkiexternalca.PKIExternalCAFetchCertParams{CertificateFormat: livetest.Ptr("pem")})
	env.OK(t, err)
	if q := s.RawQuery("GET", order+"/fetch-cert"); q != "certificate_format=pem" || fc.Data.PrivateKeyType == nil {
		t.Fatalf("fetch-cert query %q, answer %+v", q, fc.Data)
	}
	active, err := a.PKIExternalCAListActiveOrders(ctx, "web-server")
	env.OK(t, err)
	cached, err := a.PKIExternalCAReadCachedCert(ctx, "web-server", &pkiexternalca.PKIExternalCAReadCachedCertParams{Identifiers: []string{"example.com"}, MinValidityPercentage: livetest.Ptr(20)})
	env.OK(t, err)
	if q := s.RawQuery("GET", base+"/role/web-server/cached"); !strings.Contains(q, "identifiers=example.com") || !strings.Contains(q, "min_validity_percentage=20") {
		t.Fatalf("cached query %q", q)
	}
	if len(active.Data.Keys) != 1 || *cached.Data.OrderID != id {
		t.Fatalf("active %v, cached %+v", active.Data.Keys, cached.Data)
	}
	lc, err := a.PKIExternalCALookupCert(ctx, "03:e7:1f:a2:3d")
	env.OK(t, err)
	lo, err := a.PKIExternalCALookupOrder(ctx, id)
	env.OK(t, err)
	orders, err := a.PKIExternalCAListOrders(ctx)
	env.OK(t, err)
	if *lc.Data.RoleName != "web-server" || *lo.Data.OrderID != id || len(orders.Data.Keys) != 1 {
		t.Fatalf("lookups: %+v / %+v / %v", lc.Data, lo.Data, orders.Data.Keys)
	}
	rv, err := a.PKIExternalCARevokeOrder(ctx, "web-server", id, pkiexternalca.PKIExternalCARevokeOrderRequest{Reason: livetest.Ptr("superseded")})
	env.OK(t, err)
	if rv.Data.Revoked == nil || !*rv.Data.Revoked {
		t.Fatalf("revoke: %+v", rv.Data)
	}
	env.OK(t, a.PKIExternalCADeleteRole(ctx, "web-server", &pkiexternalca.PKIExternalCADeleteRoleParams{Force: livetest.Ptr(true)}))
	if q := s.RawQuery("DELETE", base+"/role/web-server"); q != "force=true" {
		t.Fatalf("delete role query %q", q)
	}
	env.OK(t, a.PKIExternalCADeleteAccount(ctx, "letsencrypt-prod"))
}

// Agent registry: register, then address the record by ID, display name
// and entity ID.
func TestAgentRegistryDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	const base = "/v1/agent-registry"
	const id = "a3b04076-e7d9-251f-4a7d-8c4f0a7b59c6"
	const entity = "fe2a8568-91cc-7580-40a4-6bed9a5867fa"
	record := docstub.Enveloped(`{"id":"` + id + `","display_name":"my-agent","entity_id":"` + entity + `","description":"Production deployment agent","owner":"platform-team","ceiling_policies":["agent-deploy","agent-secrets-read","default","default-ceiling"],"no_default_ceiling_policy":false,"optional_authorization_details":false,"creation_time":"2026-05-15T10:30:00Z","last_updated_time":"2026-05-15T10:30:00Z"}`)
	summary := docstub.Enveloped(`{"id":"` + id + `","display_name":"my-agent"}`)
	s.On("POST", base+"/register", 200, summary)
	s.On("GET", base+"/registration/id/"+id, 200, record)
	s.On("POST", base+"/registration/id/"+id, 200, summary)
	s.On("DELETE", base+"/registration/id/"+id, 204, "")
	s.On("GET", base+"/registration/id/", 200, docstub.Enveloped(`{"keys":["`+id+`"],"key_info":{"`+id+`":{"display_name":"my-agent"}}}`))
	s.On("GET", base+"/registration/display-name/my-agent", 200, record)
	s.On("POST", base+"/registration/display-name/my-agent", 200, summary)
	s.On("DELETE", base+"/registration/display-name/my-agent", 204, "")
	s.On("GET", base+"/registration/display-name/", 200, docstub.Enveloped(`{"keys":["my-agent"],"key_info":{"my-agent":{"display_name":"my-agent"}}}`))
	s.On("GET", base+"/registration/entity-id/"+entity, 200, record)
	a := livetest.API(t, s.Client(t), "agent-registry", agentregistry.New)

	reg, err := a.AgentRegistryRegister(ctx, agentregistry.AgentRegistryRegisterRequest{
		DisplayName: "my-agent", EntityID: entity, CeilingPolicies: []string{"agent-deploy", "agent-secrets-read"},
	})
	env.OK(t, err)
	if reg.Data.ID != id || len(s.Sent("POST", base+"/register")["ceiling_policies"].([]any)) != 2 {
		t.Fatalf("register: %+v", reg.Data)
	}
	byID, err := a.AgentRegistryReadByID(ctx, id)
	env.OK(t, err)
	if len(byID.Data.CeilingPolicies) != 4 || byID.Data.EntityID != entity {
		t.Fatalf("by id: %+v", byID.Data)
	}
	_, err = a.AgentRegistryUpdateByID(ctx, id, agentregistry.AgentRegistryUpdateByIDRequest{DisplayName: "my-agent", EntityID: entity, Owner: livetest.Ptr("platform-team")})
	env.OK(t, err)
	ids, err := a.AgentRegistryListByID(ctx)
	env.OK(t, err)
	if ids.Data.KeyInfo[id].DisplayName == nil || *ids.Data.KeyInfo[id].DisplayName != "my-agent" {
		t.Fatalf("list by id: %+v", ids.Data)
	}
	byName, err := a.AgentRegistryReadByDisplayName(ctx, "my-agent")
	env.OK(t, err)
	_, err = a.AgentRegistryUpdateByDisplayName(ctx, "my-agent", agentregistry.AgentRegistryUpdateByDisplayNameRequest{EntityID: entity, Description: livetest.Ptr("Updated via display name")})
	env.OK(t, err)
	if got := s.Sent("POST", base+"/registration/display-name/my-agent"); got["description"] != "Updated via display name" || byName.Data.ID != id {
		t.Fatalf("update by name sent %v", got)
	}
	names, err := a.AgentRegistryListByDisplayName(ctx)
	env.OK(t, err)
	byEntity, err := a.AgentRegistryReadByEntityID(ctx, entity)
	env.OK(t, err)
	if names.Data.Keys[0] != "my-agent" || byEntity.Data.DisplayName != "my-agent" {
		t.Fatalf("names %v, by entity %+v", names.Data.Keys, byEntity.Data)
	}
	env.OK(t, a.AgentRegistryDeleteByDisplayName(ctx, "my-agent"))
	env.OK(t, a.AgentRegistryDeleteByID(ctx, id))
}
