package pki_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
)

func TestKeys(t *testing.T) {
	ctx := t.Context()
	c := setupCA(t)
	a := mainAPI(t)

	internal, err := a.PKIGenerateInternalKey(ctx, pki.PKIGenerateInternalKeyRequest{
		KeyName: livetest.Ptr("spare-ec"), KeyType: livetest.Ptr(pki.KeyTypeEC), KeyBits: livetest.Ptr(384),
	})
	env.OK(t, err)
	if internal.Data.KeyName != "spare-ec" || internal.Data.KeyType != "ec" || internal.Data.PrivateKey != nil {
		t.Fatalf("internal key: %+v", internal.Data)
	}
	exported, err := a.PKIGenerateExportedKey(ctx, pki.PKIGenerateExportedKeyRequest{
		KeyName: livetest.Ptr("spare-ed"), KeyType: livetest.Ptr(pki.KeyTypeEd25519),
	})
	env.OK(t, err)
	if exported.Data.PrivateKey == nil || !strings.Contains(*exported.Data.PrivateKey, "PRIVATE KEY") {
		t.Fatalf("exported key: %+v", exported.Data)
	}
	env.Leaks.Add(*exported.Data.PrivateKey)
	// Managed keys are an Enterprise feature; Community Edition refuses.
	var kms vtypes.Raw
	_, err = a.PKIGenerateKMSKey(ctx, pki.PKIGenerateKMSKeyRequest{KeyName: livetest.Ptr("hsm"), ManagedKeyName: livetest.Ptr("none")}, vtypes.CaptureRaw(&kms))
	var kmsErr vaultcommon.ErrorReply
	if re := refusal(err); re == nil || re.StatusCode < 400 || livetest.Status(kms) != re.StatusCode || len(re.Errors) == 0 ||
		json.Unmarshal(kms.Body, &kmsErr) != nil {
		t.Fatalf("kms key on Community Edition: %d, %v", livetest.Status(kms), err)
	}
	pemKey := keyPEM(t, ecKey(t))
	imported, err := a.PKIImportKey(ctx, pki.PKIImportKeyRequest{PEMBundle: pemKey, KeyName: livetest.Ptr("imported")})
	env.OK(t, err)
	if imported.Data.KeyName != "imported" || imported.Data.KeyType != "ec" {
		t.Fatalf("imported key: %+v", imported.Data)
	}

	list, err := a.PKIListKeys(ctx)
	env.OK(t, err)
	if !slices.Contains(list.Data.Keys, internal.Data.KeyID) || list.Data.KeyInfo[c.keyID].KeyName != "root-a-key" ||
		list.Data.KeyInfo[imported.Data.KeyID].IsDefault {
		t.Fatalf("key list: %+v", list.Data)
	}
	read, err := a.PKIReadKey(ctx, "root-a-key")
	env.OK(t, err)
	if read.Data.KeyID != c.keyID || read.Data.SubjectKeyID == nil || *read.Data.SubjectKeyID == "" {
		t.Fatalf("key read: %+v", read.Data)
	}
	renamed, err := a.PKIWriteKey(ctx, imported.Data.KeyID, pki.PKIWriteKeyRequest{KeyName: livetest.Ptr("imported-renamed")})
	env.OK(t, err)
	if renamed.Data.KeyName != "imported-renamed" {
		t.Fatalf("key rename: %+v", renamed.Data)
	}
	for _, id := range []string{internal.Data.KeyID, exported.Data.KeyID, "imported-renamed"} {
		err := a.PKIDeleteKey(ctx, id)
		env.OK(t, err)
	}
	var gone vtypes.Raw
	if _, err := a.PKIReadKey(ctx, internal.Data.KeyID, vtypes.CaptureRaw(&gone)); refusal(err) == nil || livetest.Status(gone) == http.StatusOK {
		t.Fatalf("deleted key still readable: %d, %v", livetest.Status(gone), err)
	}
}

func TestRoles(t *testing.T) {
	ctx := t.Context()
	a := mainAPI(t)
	const name = "role-crud"

	written, err := a.PKIWriteRole(ctx, name, pki.PKIWriteRoleRequest{
		AllowedDomains: []string{"corp.example"}, AllowSubdomains: livetest.Ptr(true), TTL: livetest.Ptr(vtypes.Duration("2h")),
		MaxTTL: livetest.Ptr(vtypes.Seconds(86400)), KeyType: livetest.Ptr(pki.RoleKeyTypeAny), NoStore: livetest.Ptr(true),
		Organization: []string{"Example Corp"}, ExtKeyUsage: []string{"ServerAuth"}, GenerateLease: livetest.Ptr(false),
	})
	env.OK(t, err)
	// The fields we set, as the write answers them (the rest are Vault's
	// defaults, which the read and the patch below hold to).
	want := written.Data
	want.AllowedDomains, want.AllowSubdomains, want.TTL, want.MaxTTL = []string{"corp.example"}, true, 7200, 86400
	want.KeyType, want.NoStore, want.Organization, want.ExtKeyUsage = "any", true, []string{"Example Corp"}, []string{"ServerAuth"}
	want.IssuerRef = "default"
	if diff := cmp.Diff(want, written.Data); diff != "" {
		t.Fatalf("role write (-want +got):\n%s", diff)
	}
	read, err := a.PKIReadRole(ctx, name)
	env.OK(t, err)
	if diff := cmp.Diff(written.Data, read.Data); diff != "" {
		t.Fatalf("role read differs from the write's answer (-write +read):\n%s", diff)
	}
	patched, err := a.PKIPatchRole(ctx, name, pki.PKIPatchRoleRequest{
		AllowBareDomains: livetest.Ptr(true), TTL: livetest.Ptr(vtypes.Duration("3h")),
	})
	env.OK(t, err)
	want = read.Data
	want.AllowBareDomains, want.TTL = true, 10800
	if diff := cmp.Diff(want, patched.Data); diff != "" {
		t.Fatalf("role patch changed more or less than it was asked (-want +got):\n%s", diff)
	}
	list, err := a.PKIListRoles(ctx)
	env.OK(t, err)
	if !slices.Contains(list.Data.Keys, name) {
		t.Fatalf("role list: %v", list.Data.Keys)
	}
	err = a.PKIDeleteRole(ctx, name)
	env.OK(t, err)
	var gone vtypes.Raw
	if _, err := a.PKIReadRole(ctx, name, vtypes.CaptureRaw(&gone)); !refusedWith(err, &gone, http.StatusNotFound) {
		t.Fatalf("deleted role: %v %d", err, livetest.Status(gone))
	}
}
