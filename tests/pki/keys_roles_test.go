package pki_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func TestKeys(t *testing.T) {
	ctx := t.Context()
	c := setupCA(t)
	a := api(t, mainMount)

	internal, err := wrappers.Decode(a.PKIGenerateInternalKeyWithResponse(ctx, pki.PKIGenerateInternalKeyRequest{
		KeyName: ptr("spare-ec"), KeyType: ptr(pki.KeyTypeEC), KeyBits: ptr(384),
	}))
	env.OK(t, err)
	if internal.Data.KeyName != "spare-ec" || internal.Data.KeyType != "ec" || internal.Data.PrivateKey != nil {
		t.Fatalf("internal key: %+v", internal.Data)
	}
	exported, err := wrappers.Decode(a.PKIGenerateExportedKeyWithResponse(ctx, pki.PKIGenerateExportedKeyRequest{
		KeyName: ptr("spare-ed"), KeyType: ptr(pki.KeyTypeEd25519),
	}))
	env.OK(t, err)
	if exported.Data.PrivateKey == nil || !strings.Contains(*exported.Data.PrivateKey, "PRIVATE KEY") {
		t.Fatalf("exported key: %+v", exported.Data)
	}
	env.Leaks.Add(*exported.Data.PrivateKey)
	// Managed keys are an Enterprise feature; Community Edition refuses.
	kms, err := a.PKIGenerateKMSKeyWithResponse(ctx, pki.PKIGenerateKMSKeyRequest{KeyName: ptr("hsm"), ManagedKeyName: ptr("none")})
	env.OK(t, err)
	if kms.StatusCode() < 400 || kms.JSONDefault == nil {
		t.Fatalf("kms key on Community Edition: %d", kms.StatusCode())
	}
	pemKey := keyPEM(t, ecKey(t))
	imported, err := wrappers.Decode(a.PKIImportKeyWithResponse(ctx, pki.PKIImportKeyRequest{PemBundle: pemKey, KeyName: ptr("imported")}))
	env.OK(t, err)
	if imported.Data.KeyName != "imported" || imported.Data.KeyType != "ec" {
		t.Fatalf("imported key: %+v", imported.Data)
	}

	list, err := wrappers.Decode(a.PKIListKeysWithResponse(ctx, &pki.PKIListKeysParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	if !slices.Contains(list.Data.Keys, internal.Data.KeyID) || list.Data.KeyInfo[c.keyID].KeyName != "root-a-key" ||
		list.Data.KeyInfo[imported.Data.KeyID].IsDefault {
		t.Fatalf("key list: %+v", list.Data)
	}
	read, err := wrappers.Decode(a.PKIReadKeyWithResponse(ctx, "root-a-key"))
	env.OK(t, err)
	if read.Data.KeyID != c.keyID || read.Data.SubjectKeyID == nil || *read.Data.SubjectKeyID == "" {
		t.Fatalf("key read: %+v", read.Data)
	}
	renamed, err := wrappers.Decode(a.PKIWriteKeyWithResponse(ctx, imported.Data.KeyID, pki.PKIWriteKeyRequest{KeyName: ptr("imported-renamed")}))
	env.OK(t, err)
	if renamed.Data.KeyName != "imported-renamed" {
		t.Fatalf("key rename: %+v", renamed.Data)
	}
	for _, id := range []string{internal.Data.KeyID, exported.Data.KeyID, "imported-renamed"} {
		_, err := wrappers.Check(a.PKIDeleteKeyWithResponse(ctx, id))
		env.OK(t, err)
	}
	if rsp, err := a.PKIReadKeyWithResponse(ctx, internal.Data.KeyID); err != nil || rsp.StatusCode() == http.StatusOK {
		t.Fatalf("deleted key still readable: %v", err)
	}
}

func TestRoles(t *testing.T) {
	ctx := t.Context()
	a := api(t, mainMount)
	const name = "role-crud"

	written, err := wrappers.Decode(a.PKIWriteRoleWithResponse(ctx, name, pki.PKIWriteRoleRequest{
		AllowedDomains: []string{"corp.example"}, AllowSubdomains: ptr(true), TTL: ptr(vtypes.Duration("2h")),
		MaxTTL: ptr(vtypes.Seconds(86400)), KeyType: ptr(pki.RoleKeyTypeAny), NoStore: ptr(true),
		Organization: []string{"Example Corp"}, ExtKeyUsage: []string{"ServerAuth"}, GenerateLease: ptr(false),
	}))
	env.OK(t, err)
	if written.Data.TTL != 7200 || written.Data.MaxTTL != 86400 || written.Data.KeyType != "any" || !written.Data.NoStore ||
		written.Data.IssuerRef != "default" || len(written.Data.Organization) != 1 {
		t.Fatalf("role write: %+v", written.Data)
	}
	read, err := wrappers.Decode(a.PKIReadRoleWithResponse(ctx, name))
	env.OK(t, err)
	if len(read.Data.AllowedDomains) != 1 || read.Data.AllowedDomains[0] != "corp.example" || !read.Data.AllowSubdomains {
		t.Fatalf("role read: %+v", read.Data)
	}
	patched, err := wrappers.Decode(a.PKIPatchRoleWithApplicationMergePatchPlusJSONBodyWithResponse(ctx, name, pki.PKIPatchRoleRequest{
		AllowBareDomains: ptr(true), TTL: ptr(vtypes.Duration("3h")),
	}))
	env.OK(t, err)
	if !patched.Data.AllowBareDomains || patched.Data.TTL != 10800 || !patched.Data.AllowSubdomains || !patched.Data.NoStore {
		t.Fatalf("role patch: %+v", patched.Data)
	}
	list, err := wrappers.Decode(a.PKIListRolesWithResponse(ctx, &pki.PKIListRolesParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	if !slices.Contains(list.Data.Keys, name) {
		t.Fatalf("role list: %v", list.Data.Keys)
	}
	_, err = wrappers.Check(a.PKIDeleteRoleWithResponse(ctx, name))
	env.OK(t, err)
	if rsp, err := a.PKIReadRoleWithResponse(ctx, name); err != nil || rsp.StatusCode() != http.StatusNotFound {
		t.Fatalf("deleted role: %v %d", err, code(rsp))
	}
}
