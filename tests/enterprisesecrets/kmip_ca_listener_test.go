package enterprisesecrets_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/govault/govault/generated/kmip"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
	"github.com/govault/govault/vtypes"
)

// Named KMIP CAs and listeners (2.0) against the docs-shaped stand-in.
func TestKMIPCAsAndListenersDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	q := func(v string) string { b, _ := jsonString(v); return b }
	generated := docstub.Enveloped(`{"ca_chain":[` + q(kmipCA1) + `],"certificate":` + q(kmipCA1) + `,"serial_number":"123456789"}`)
	imported := docstub.Enveloped(`{"ca_chain":[` + q(kmipCA2) + `],"certificate":` + q(kmipCA2) + `,"imported":true,"scope_field":"OU","role_field":"CN"}`)
	read := docstub.Enveloped(`{"ca_chain":[` + q(kmipCA1) + `],"certificate":` + q(kmipCA1) + `,"key_type":"rsa","key_bits":2048,"imported":false,"serial_number":"123456789"}`)
	listener := docstub.Enveloped(`{"ca":"my-ca","address":"0.0.0.0:5697","server_hostnames":["kmip.example.com","kmip2.example.com"],"server_ips":["192.168.1.100"],"additional_client_cas":["my-imported-ca"],"also_use_legacy_ca":false,"tls_min_version":"tls12","tls_max_version":"","tls_cipher_suites":""}`)
	s.On("POST", "/v1/kmip/ca/my-ca/generate", 200, generated)
	s.On("POST", "/v1/kmip/ca/my-imported-ca/import", 200, imported)
	s.On("GET", "/v1/kmip/ca/my-ca", 200, read)
	s.On("POST", "/v1/kmip/ca/my-imported-ca", 204, "")
	s.On("GET", "/v1/kmip/ca/", 200, docstub.Enveloped(`{"keys":["my-ca","my-imported-ca"]}`))
	s.On("DELETE", "/v1/kmip/ca/my-imported-ca", 204, "")
	s.On("POST", "/v1/kmip/listener/my-listener", 200, listener)
	s.On("GET", "/v1/kmip/listener/my-listener", 200, listener)
	s.On("GET", "/v1/kmip/listener/", 200, docstub.Enveloped(`{"keys":["my-listener","another-listener"]}`))
	s.On("DELETE", "/v1/kmip/listener/my-listener", 204, "")
	a := livetest.API(t, s.Client(t), "kmip", kmip.New)

	ttl := vtypes.Duration("8760h")
	gen, err := a.KMIPGenerateCA(ctx, "my-ca", kmip.KMIPGenerateCARequest{KeyType: kmip.KMIPGenerateCARequestKeyTypeRSA, KeyBits: 2048, TTL: &ttl})
	env.OK(t, err)
	if diff := cmp.Diff(map[string]any{"key_type": "rsa", "key_bits": float64(2048), "ttl": "8760h"}, s.Sent("POST", "/v1/kmip/ca/my-ca/generate")); diff != "" {
		t.Errorf("generate sent (-want +got):\n%s", diff)
	}
	if gen.Data.SerialNumber == nil || *gen.Data.SerialNumber != "123456789" || gen.Data.Certificate != kmipCA1 {
		t.Fatalf("generate: %+v", gen.Data)
	}
	imp, err := a.KMIPImportCA(ctx, "my-imported-ca", kmip.KMIPImportCARequest{CAPEM: kmipCA2, ScopeField: livetest.Ptr("OU"), RoleField: livetest.Ptr("CN")})
	env.OK(t, err)
	if imp.Data.Imported == nil || !*imp.Data.Imported || *imp.Data.ScopeField != "OU" || s.Sent("POST", "/v1/kmip/ca/my-imported-ca/import")["ca_pem"] != kmipCA2 {
		t.Fatalf("import: %+v", imp.Data)
	}
	got, err := a.KMIPReadNamedCA(ctx, "my-ca")
	env.OK(t, err)
	if got.Data.KeyBits == nil || *got.Data.KeyBits != 2048 || *got.Data.KeyType != "rsa" {
		t.Fatalf("read: %+v", got.Data)
	}
	env.OK(t, a.KMIPUpdateCA(ctx, "my-imported-ca", kmip.KMIPUpdateCARequest{ScopeField: livetest.Ptr("O"), RoleField: livetest.Ptr("UID")}))
	if diff := cmp.Diff(map[string]any{"scope_field": "O", "role_field": "UID"}, s.Sent("POST", "/v1/kmip/ca/my-imported-ca")); diff != "" {
		t.Errorf("update sent (-want +got):\n%s", diff)
	}
	cas, err := a.KMIPListCAs(ctx)
	env.OK(t, err)
	if diff := cmp.Diff([]string{"my-ca", "my-imported-ca"}, cas.Data.Keys); diff != "" {
		t.Errorf("CAs (-want +got):\n%s", diff)
	}

	tlsMin := kmip.KMIPWriteListenerRequestTLSMinVersionTls12
	written, err := a.KMIPWriteListener(ctx, "my-listener", kmip.KMIPWriteListenerRequest{
		CA: "my-ca", Address: "0.0.0.0:5697", ServerHostnames: []string{"kmip.example.com", "kmip2.example.com"},
		ServerIPs: []string{"192.168.1.100"}, AdditionalClientCAs: []string{"my-imported-ca"}, TLSMinVersion: &tlsMin,
	})
	env.OK(t, err)
	sent := s.Sent("POST", "/v1/kmip/listener/my-listener")
	if sent["ca"] != "my-ca" || sent["tls_min_version"] != "tls12" || sent["also_use_legacy_ca"] != nil {
		t.Fatalf("listener write sent %v", sent)
	}
	read2, err := a.KMIPReadListener(ctx, "my-listener")
	env.OK(t, err)
	if diff := cmp.Diff(written.Data, read2.Data); diff != "" {
		t.Errorf("listener read differs from write (-write +read):\n%s", diff)
	}
	listeners, err := a.KMIPListListeners(ctx)
	env.OK(t, err)
	if len(listeners.Data.Keys) != 2 {
		t.Fatalf("listeners: %v", listeners.Data.Keys)
	}
	env.OK(t, a.KMIPDeleteListener(ctx, "my-listener"))
	env.OK(t, a.KMIPDeleteCA(ctx, "my-imported-ca"))
	if _, err := a.KMIPReadListener(ctx, "../config"); err == nil {
		t.Fatal("a listener name with a slash reached the server")
	}
}
