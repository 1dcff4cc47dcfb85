package enterprisesecrets_test

import (
	"context"
	"testing"

	"github.com/govault/govault/generated/kmip"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
	"github.com/govault/govault/vtypes"
)

const (
	kmipCert = "-----BEGIN CERTIFICATE-----\nMIICOzCCAZygAwIBAgIUeOkn0HAdoh31nGkVKdafpCNuhFEwCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----"
	kmipCA1  = "-----BEGIN CERTIFICATE-----\nMIICNzCCAZigAwIBAgIUKOGtsdXdMjjGni52EsaMQ7ozhCEwCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----"
	kmipCA2  = "-----BEGIN CERTIFICATE-----\nMIICKTCCAYugAwIBAgIUOcs4pXlp+UgGiUKfKlcxIE/woPEwCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----"
	kmipKey  = "-----BEGIN EC PRIVATE KEY-----\nMIHcAgEBBEIBB4xDj9SUtb6Z466lVQIf3ucy21q5S2Fp9bzTQ0Ch5Vg2+DhUZUa1\n-----END EC PRIVATE KEY-----"
	kmipSN   = "728181095563584845125173905844944137943705466376"
)

// Every KMIP operation against the docs-shaped Enterprise stand-in (PEM
// bodies shortened).
func TestKMIPDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	q := func(v string) string { b, _ := jsonString(v); return b }
	cred := func(withKey bool) string {
		key := ""
		if withKey {
			key = `,"private_key":` + q(kmipKey)
		}
		return docstub.Enveloped(`{"ca_chain":[` + q(kmipCA1) + `,` + q(kmipCA2) + `],"certificate":` + q(kmipCert) + key + `,"serial_number":"` + kmipSN + `"}`)
	}
	s.On("POST", "/v1/kmip/config", 204, "")
	s.On("GET", "/v1/kmip/config", 200, docstub.Enveloped(`{"listen_addrs":["127.0.0.1:5696","192.168.1.2:9000"],"connection_timeout":"1s","server_hostnames":["myhostname1","myhostname2"],"server_ips":["192.168.1.2"],"tls_ca_key_type":"ec","tls_ca_key_bits":521,"tls_min_version":"tls11","default_tls_client_key_type":"ec","default_tls_client_key_bits":224,"default_tls_client_ttl":86400}`))
	s.On("GET", "/v1/kmip/ca", 200, docstub.Enveloped(`{"ca_pem":`+q(kmipCA1+"\n"+kmipCA2)+`}`))
	s.On("POST", "/v1/kmip/scope/myscope", 204, "")
	s.On("GET", "/v1/kmip/scope/", 200, docstub.Enveloped(`{"keys":["myscope"]}`))
	s.On("DELETE", "/v1/kmip/scope/myscope", 204, "")
	role := "/v1/kmip/scope/myscope/role/myrole"
	s.On("POST", role, 204, "")
	s.On("GET", role, 200, docstub.Enveloped(`{"operation_activate":true,"operation_add_attribute":true,"operation_create":true,"operation_decrypt":true,"operation_destroy":true,"operation_discover_versions":true,"operation_encrypt":true,"operation_get":true,"operation_get_attribute_list":true,"operation_get_attributes":true,"operation_import":true,"operation_locate":true,"operation_query":true,"operation_register":true,"operation_rekey":true,"operation_revoke":true}`))
	s.On("GET", "/v1/kmip/scope/myscope/role/", 200, docstub.Enveloped(`{"keys":["myrole"]}`))
	s.On("DELETE", role, 204, "")
	s.On("POST", role+"/credential/generate", 200, cred(true))
	s.On("POST", role+"/credential/sign", 200, cred(false))
	s.On("GET", role+"/credential/lookup", 200, cred(false))
	s.On("GET", role+"/credential/", 200, docstub.Enveloped(`{"keys":["`+kmipSN+`"]}`))
	s.On("POST", role+"/credential/revoke", 204, "")
	env.Leaks.Add(kmipKey)
	c := s.Client(t)
	a := livetest.API(t, c, "kmip", kmip.New)

	timeout := vtypes.Duration("1s")
	ttl := vtypes.Seconds(86400)
	ec := kmip.KMIPWriteConfigRequestTLSCAKeyType("ec")
	err := a.KMIPWriteConfig(ctx, kmip.KMIPWriteConfigRequest{
		ListenAddrs: []string{"127.0.0.1:5696", "192.168.1.2:9000"}, ConnectionTimeout: &timeout,
		ServerHostnames: []string{"myhostname1", "myhostname2"}, TLSCAKeyType: &ec, TLSCAKeyBits: livetest.Ptr(521),
		DefaultTLSClientKeyBits: livetest.Ptr(224), DefaultTLSClientTTL: &ttl,
	})
	env.OK(t, err)
	if got := s.Sent("POST", "/v1/kmip/config"); got["connection_timeout"] != "1s" || got["default_tls_client_ttl"] != float64(86400) || len(got["listen_addrs"].([]any)) != 2 {
		t.Fatalf("config sent %v", got)
	}
	cfg, err := a.KMIPReadConfig(ctx)
	env.OK(t, err)
	if cfg.Data.DefaultTLSClientTTL != 86400 || cfg.Data.ServerIPs[0] != "192.168.1.2" {
		t.Fatalf("config: %+v", cfg.Data)
	}
	ca, err := a.KMIPReadCA(ctx)
	env.OK(t, err)
	if ca.Data.CAPEM == "" {
		t.Fatal("ca: empty")
	}

	err = a.KMIPCreateScope(ctx, "myscope")
	env.OK(t, err)
	scopes, err := a.KMIPListScopes(ctx)
	env.OK(t, err)
	if scopes.Data.Keys[0] != "myscope" {
		t.Fatalf("scopes: %v", scopes.Data.Keys)
	}
	err = a.KMIPWriteRole(ctx, "myscope", "myrole", kmip.KMIPWriteRoleRequest{
		OperationActivate: livetest.Ptr(true), OperationCreate: livetest.Ptr(true), OperationGet: livetest.Ptr(true), OperationLocate: livetest.Ptr(true),
	})
	env.OK(t, err)
	if got := s.Sent("POST", role); got["operation_create"] != true || got["operation_all"] != nil {
		t.Fatalf("role sent %v", got)
	}
	r, err := a.KMIPReadRole(ctx, "myscope", "myrole")
	env.OK(t, err)
	if r.Data.OperationRekey == nil || !*r.Data.OperationRekey || r.Data.OperationAll != nil {
		t.Fatalf("role: %+v", r.Data)
	}
	roles, err := a.KMIPListRoles(ctx, "myscope")
	env.OK(t, err)
	if roles.Data.Keys[0] != "myrole" {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}

	pem := kmip.KMIPCredentialFormat("pem")
	gen, err := a.KMIPGenerateCredential(ctx, "myscope", "myrole", kmip.KMIPGenerateCredentialRequest{Format: &pem})
	env.OK(t, err)
	if gen.Data.PrivateKey == nil || gen.Data.SerialNumber != kmipSN || len(gen.Data.CAChain) != 2 {
		t.Fatalf("generate: %+v", gen.Data)
	}
	signed, err := a.KMIPSignCredential(ctx, "myscope", "myrole", kmip.KMIPSignCredentialRequest{CSR: "-----BEGIN CERTIFICATE REQUEST-----\nMIIC5DCCAcwCAQIw\n-----END CERTIFICATE REQUEST-----"})
	env.OK(t, err)
	if signed.Data.PrivateKey != nil {
		t.Fatal("sign returned a private key")
	}
	looked, err := a.KMIPLookupCredential(ctx, "myscope", "myrole", &kmip.KMIPLookupCredentialParams{SerialNumber: kmipSN})
	env.OK(t, err)
	if looked.Data.Certificate != kmipCert || s.RawQuery("GET", role+"/credential/lookup") != "serial_number="+kmipSN {
		t.Fatalf("lookup: %+v (query %q)", looked.Data, s.RawQuery("GET", role+"/credential/lookup"))
	}
	serials, err := a.KMIPListCredentials(ctx, "myscope", "myrole")
	env.OK(t, err)
	if serials.Data.Keys[0] != kmipSN {
		t.Fatalf("credentials: %v", serials.Data.Keys)
	}
	err = a.KMIPRevokeCredential(ctx, "myscope", "myrole", kmip.KMIPRevokeCredentialRequest{SerialNumber: livetest.Ptr(kmipSN)})
	env.OK(t, err)
	err = a.KMIPDeleteRole(ctx, "myscope", "myrole")
	env.OK(t, err)
	err = a.KMIPDeleteScope(ctx, "myscope", &kmip.KMIPDeleteScopeParams{Force: livetest.Ptr(true)})
	env.OK(t, err)
	if q := s.RawQuery("DELETE", "/v1/kmip/scope/myscope"); q != "force=true" {
		t.Fatalf("delete scope sent query %q", q)
	}
}
