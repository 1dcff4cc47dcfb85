package wrappers_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/govault/govault/generated/authapprole"
	"github.com/govault/govault/generated/authtoken"
	"github.com/govault/govault/generated/authuserpass"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/generated/vaultcommon"
)

// Requests and responses that carry tokens, keys, secret IDs or passwords
// print them as [redacted] with every fmt verb, also when nested.
func TestGeneratedTypesRedactSecrets(t *testing.T) {
	key, pw, sid, tok := "unseal-share-1", "hunter2", "secret-id-9", "hvs.TOKEN-7"
	values := []any{
		sys.SysUnsealRequest{Key: &key},
		sys.SysInitializeResult{Keys: []string{key}, KeysBase64: []string{key}, RootToken: tok},
		authuserpass.UserpassLoginRequest{Password: pw},
		authapprole.AppRoleLoginRequest{RoleID: "role", SecretID: &sid},
		authtoken.TokenLookupRequest{Token: tok},
		vaultcommon.AuthInfo{ClientToken: tok, Accessor: "acc"},
		vaultcommon.WrapInfo{Token: &tok},
		// nested: an envelope carrying the auth block
		vaultcommon.AuthResponse{Envelope: vaultcommon.Envelope{Auth: &vaultcommon.AuthInfo{ClientToken: tok}}},
	}
	for _, v := range values {
		for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
			out := fmt.Sprintf(format, v) + fmt.Sprintf(format, &v)
			for _, secret := range []string{key, pw, sid, tok} {
				if strings.Contains(out, secret) {
					t.Errorf("%T with %s printed a secret: %s", v, format, out)
				}
			}
		}
	}
}
