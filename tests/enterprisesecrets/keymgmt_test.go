package enterprisesecrets_test

import (
	"context"
	"testing"

	"github.com/govault/govault/generated/keymgmt"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
)

// Every Key Management operation against the docs-shaped Enterprise stand-in.
func TestKeyMgmtDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	m := "/v1/keymgmt/"
	list := func(keys string) string { return docstub.Enveloped(`{"keys":[` + keys + `]}`) }
	s.On("POST", m+"key/example-key", 204, "")
	s.On("GET", m+"key/example-key", 200, docstub.Enveloped(`{"deletion_allowed":false,"keys":{"1":{"creation_time":"2020-11-02T15:54:58.768473-08:00","public_key":"-----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----"},"2":{"creation_time":"2020-11-04T16:58:47.591718-08:00","public_key":"-----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----"}},"latest_version":2,"min_enabled_version":1,"name":"example-key","type":"rsa-2048"}`))
	s.On("GET", m+"key/", 200, list(`"example-key"`))
	s.On("POST", m+"key/example-key/rotate", 204, "")
	s.On("GET", m+"key/example-key/kms/", 200, list(`"example-kms"`))
	s.On("DELETE", m+"key/example-key", 204, "")
	s.On("POST", m+"kms/example-kms", 204, "")
	s.On("GET", m+"kms/example-kms", 200, docstub.Enveloped(`{"key_collection":"example-keyvault-name","provider":"azurekeyvault"}`))
	s.On("GET", m+"kms/", 200, list(`"example-kms"`))
	s.On("DELETE", m+"kms/example-kms", 204, "")
	s.On("POST", m+"kms/example-kms/key/example-key", 204, "")
	s.On("GET", m+"kms/example-kms/key/example-key", 200, docstub.Enveloped(`{"name":"example-key-1604707200","protection":"hsm","purpose":"encrypt,decrypt","versions":{"1":"c96a8956194f4632bc3837b64a1b45b1","2":"01ce657d33f64eb38f9432be543f3f52"}}`))
	s.On("GET", m+"kms/example-kms/key/", 200, list(`"example-key"`))
	s.On("DELETE", m+"kms/example-kms/key/example-key", 204, "")
	c := s.Client(t)
	a := livetest.API(t, c, "keymgmt", keymgmt.New)

	typ := keymgmt.Rsa2048
	err := a.KeyMgmtWriteKey(ctx, "example-key", keymgmt.KeyMgmtWriteKeyRequest{Type: &typ})
	env.OK(t, err)
	if got := s.Sent("POST", m+"key/example-key"); got["type"] != "rsa-2048" || got["deletion_allowed"] != nil {
		t.Fatalf("create sent %v", got)
	}
	err = a.KeyMgmtWriteKey(ctx, "example-key", keymgmt.KeyMgmtWriteKeyRequest{MinEnabledVersion: livetest.Ptr(0), DeletionAllowed: livetest.Ptr(true)})
	env.OK(t, err)
	if got := s.Sent("POST", m+"key/example-key"); got["min_enabled_version"] != float64(0) || got["deletion_allowed"] != true {
		t.Fatalf("update sent %v", got)
	}
	err = a.KeyMgmtRotateKey(ctx, "example-key")
	env.OK(t, err)
	key, err := a.KeyMgmtReadKey(ctx, "example-key")
	env.OK(t, err)
	if key.Data.LatestVersion != 2 || key.Data.Keys["2"].PublicKey == nil {
		t.Fatalf("key: %+v", key.Data)
	}
	keys, err := a.KeyMgmtListKeys(ctx)
	env.OK(t, err)
	if keys.Data.Keys[0] != "example-key" {
		t.Fatalf("keys: %v", keys.Data.Keys)
	}

	env.Leaks.Add("example-client-secret")
	azure := keymgmt.Azurekeyvault
	err = a.KeyMgmtWriteKMSProvider(ctx, "example-kms", keymgmt.KeyMgmtWriteKMSProviderRequest{
		Provider: azure, KeyCollection: "example-keyvault-name",
		Credentials: map[string]string{"client_id": "example-client-id", "client_secret": "example-client-secret", "tenant_id": "example-tenant-id"},
	})
	env.OK(t, err)
	if creds := s.Sent("POST", m+"kms/example-kms")["credentials"].(map[string]any); creds["tenant_id"] != "example-tenant-id" {
		t.Fatalf("kms sent %v", creds)
	}
	kms, err := a.KeyMgmtReadKMSProvider(ctx, "example-kms")
	env.OK(t, err)
	kmsList, err := a.KeyMgmtListKMSProviders(ctx)
	env.OK(t, err)
	if kms.Data.Provider != "azurekeyvault" || kmsList.Data.Keys[0] != "example-kms" {
		t.Fatalf("kms: %+v", kms.Data)
	}

	hsm := keymgmt.Hsm
	err = a.KeyMgmtDistributeKey(ctx, "example-kms", "example-key", keymgmt.KeyMgmtDistributeKeyRequest{Purpose: []string{"encrypt", "decrypt"}, Protection: &hsm})
	env.OK(t, err)
	dist, err := a.KeyMgmtReadKMSKey(ctx, "example-kms", "example-key")
	env.OK(t, err)
	if dist.Data.Purpose != "encrypt,decrypt" || len(dist.Data.Versions) != 2 {
		t.Fatalf("distributed key: %+v", dist.Data)
	}
	inKMS, err := a.KeyMgmtListKMSKeys(ctx, "example-kms")
	env.OK(t, err)
	providers, err := a.KeyMgmtListKeyKMSProviders(ctx, "example-key")
	env.OK(t, err)
	if inKMS.Data.Keys[0] != "example-key" || providers.Data.Keys[0] != "example-kms" {
		t.Fatalf("lists: %v %v", inKMS.Data.Keys, providers.Data.Keys)
	}
	err = a.KeyMgmtRemoveKMSKey(ctx, "example-kms", "example-key")
	env.OK(t, err)
	err = a.KeyMgmtDeleteKMSProvider(ctx, "example-kms")
	env.OK(t, err)
	err = a.KeyMgmtDeleteKey(ctx, "example-key")
	env.OK(t, err)
}
