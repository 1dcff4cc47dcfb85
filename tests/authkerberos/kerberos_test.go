package authkerberos_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/authkerberos"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// keytab builds a one-entry MIT keytab (format 0x0502) for principal
// comps@realm with a random rc4-hmac key, base64-encoded as the config
// wants it.
func keytab(t *testing.T, realm string, comps ...string) string {
	t.Helper()
	var e bytes.Buffer
	str := func(s []byte) {
		_ = binary.Write(&e, binary.BigEndian, uint16(len(s)))
		e.Write(s)
	}
	_ = binary.Write(&e, binary.BigEndian, uint16(len(comps)))
	str([]byte(realm))
	for _, c := range comps {
		str([]byte(c))
	}
	_ = binary.Write(&e, binary.BigEndian, uint32(1)) // KRB5_NT_PRINCIPAL
	_ = binary.Write(&e, binary.BigEndian, uint32(time.Now().Unix()))
	e.WriteByte(1)                                     // key version
	_ = binary.Write(&e, binary.BigEndian, uint16(23)) // rc4-hmac
	key := make([]byte, 16)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	str(key)
	_ = binary.Write(&e, binary.BigEndian, uint32(1))
	var kt bytes.Buffer
	kt.Write([]byte{0x05, 0x02})
	_ = binary.Write(&kt, binary.BigEndian, int32(e.Len()))
	kt.Write(e.Bytes())
	return base64.StdEncoding.EncodeToString(kt.Bytes())
}

func TestKerberosAuth(t *testing.T) {
	ctx := context.Background()
	c := env.Client(t)
	a := livetest.API(t, c, "auth/kerberos", authkerberos.New)
	kt := keytab(t, "EXAMPLE.COM", "HTTP", "vault.example.com")
	env.Leaks.Add(kt, "ldap-bind-password")

	err := a.KerberosAuthWriteConfig(ctx, authkerberos.KerberosAuthWriteConfigRequest{
		Keytab: kt, ServiceAccount: "HTTP/vault.example.com", AddGroupAliases: livetest.Ptr(true),
	})
	env.OK(t, err)
	cfg, err := a.KerberosAuthReadConfig(ctx)
	env.OK(t, err)
	if diff := cmp.Diff(authkerberos.KerberosAuthConfigData{ServiceAccount: "HTTP/vault.example.com", AddGroupAliases: true}, cfg.Data); diff != "" {
		t.Fatalf("config (-want +got):\n%s", diff)
	}
	if err := a.KerberosAuthWriteConfig(ctx, authkerberos.KerberosAuthWriteConfigRequest{
		Keytab: base64.StdEncoding.EncodeToString([]byte("not a keytab")), ServiceAccount: "HTTP/x",
	}); !errors.Is(err, wrappers.ErrInvalidRequest) {
		t.Fatalf("bad keytab: %v", err)
	}

	// LDAP settings (nothing listens there: only logins would dial it).
	err = a.KerberosAuthWriteLDAPConfig(ctx, authkerberos.KerberosAuthWriteLDAPConfigRequest{
		URL:                livetest.Ptr("ldap://127.0.0.1:1"),
		Userdn:             livetest.Ptr("ou=users,dc=example,dc=com"),
		Groupdn:            livetest.Ptr("ou=groups,dc=example,dc=com"),
		Binddn:             livetest.Ptr("cn=vault,dc=example,dc=com"),
		Bindpass:           livetest.Ptr("ldap-bind-password"),
		Upndomain:          livetest.Ptr("EXAMPLE.COM"),
		RequestTimeout:     livetest.Ptr(vtypes.Duration("15s")),
		CaseSensitiveNames: livetest.Ptr(true),
		TokenPolicies:      []string{"kerberos-user"},
		TokenTTL:           livetest.Ptr(vtypes.Duration("1h")),
	})
	env.OK(t, err)
	ldap, err := a.KerberosAuthReadLDAPConfig(ctx)
	env.OK(t, err)
	if ldap.Data.URL != "ldap://127.0.0.1:1" || ldap.Data.Binddn != "cn=vault,dc=example,dc=com" || ldap.Data.RequestTimeout != 15 ||
		ldap.Data.CaseSensitiveNames == nil || !*ldap.Data.CaseSensitiveNames || ldap.Data.UsePre111GroupCNBehavior != nil ||
		!slices.Equal(ldap.Data.TokenPolicies, []string{"kerberos-user"}) || ldap.Data.TokenTTL != 3600 || !ldap.Data.DenyNullBind {
		t.Fatalf("ldap config: %+v", ldap.Data)
	}

	// Group mappings; names are case-sensitive and may hold a slash.
	for name, pols := range map[string][]string{"Admins": {"admin", "ops"}, "eng/platform": {"platform"}} {
		err = a.KerberosAuthWriteGroup(ctx, name, authkerberos.KerberosAuthWriteGroupRequest{Policies: pols})
		env.OK(t, err)
		g, err := a.KerberosAuthReadGroup(ctx, name)
		env.OK(t, err)
		if !slices.Equal(g.Data.Policies, pols) {
			t.Fatalf("group %s: %+v", name, g.Data)
		}
	}
	groups, err := a.KerberosAuthListGroups(ctx)
	env.OK(t, err)
	if !slices.Equal(groups.Data.Keys, []string{"Admins", "eng/"}) {
		t.Fatalf("groups: %v", groups.Data.Keys)
	}
	if _, err := a.KerberosAuthReadGroup(ctx, "admins"); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("group names should be case-sensitive: %v", err)
	}

	// Logins, without a Vault token. A real one needs a KDC-issued ticket
	// and an LDAP server; what can be checked here is the SPNEGO handshake.
	anon := env.ClientFor(t, env.Server.Addr, "")
	la := livetest.API(t, anon, "auth/kerberos", authkerberos.New)
	var challenge vtypes.Raw
	err = la.KerberosAuthLoginChallenge(ctx, vtypes.CaptureRaw(&challenge))
	var challenged *vtypes.ResponseError
	var challengeBody vaultcommon.ErrorResponse
	if !errors.As(err, &challenged) || livetest.Status(challenge) != http.StatusUnauthorized ||
		json.Unmarshal(challenge.Body, &challengeBody) != nil || len(challengeBody.Errors) == 0 {
		var header http.Header
		if challenge.Response != nil {
			header = challenge.Response.Header
		}
		t.Fatalf("login challenge: %d %v %s (%v)", livetest.Status(challenge), header, challenge.Body, err)
	}
	// A token that is not a Kerberos ticket: 401, the reason in warnings.
	var bad vtypes.Raw
	_, err = la.KerberosAuthLogin(ctx, authkerberos.KerberosAuthLoginRequest{Authorization: "Negotiate " + base64.StdEncoding.EncodeToString([]byte("no ticket"))},
		vtypes.CaptureRaw(&bad))
	var badRejected authkerberos.KerberosAuthLoginRejected
	if !errors.Is(err, wrappers.ErrUnauthorized) || livetest.Status(bad) != http.StatusUnauthorized || json.Unmarshal(bad.Body, &badRejected) != nil {
		t.Fatalf("bad ticket: %d %s (%v)", livetest.Status(bad), bad.Body, err)
	}
	rejected, err := badRejected.AsKerberosAuthWarningsResult()
	env.OK(t, err)
	if len(rejected.Warnings) == 0 || !strings.Contains(strings.ToLower(rejected.Warnings[0]), "unauthori") {
		t.Fatalf("bad ticket warnings: %+v", rejected)
	}
	// No Negotiate token at all: 401 with an error.
	var none vtypes.Raw
	_, err = la.KerberosAuthLogin(ctx, authkerberos.KerberosAuthLoginRequest{Authorization: "Basic Zm9vOmJhcg=="}, vtypes.CaptureRaw(&none))
	var noneRejected authkerberos.KerberosAuthLoginRejected
	if !errors.Is(err, wrappers.ErrUnauthorized) || livetest.Status(none) != http.StatusUnauthorized || json.Unmarshal(none.Body, &noneRejected) != nil {
		t.Fatalf("no Negotiate token: %d %s (%v)", livetest.Status(none), none.Body, err)
	}
	if e, err := noneRejected.AsKerberosAuthErrorBody(); err != nil || len(e.Errors) == 0 {
		t.Fatalf("no Negotiate token body: %+v %v", e, err)
	}

	for _, name := range []string{"Admins", "eng/platform"} {
		err = a.KerberosAuthDeleteGroup(ctx, name)
		env.OK(t, err)
	}
	if _, err := a.KerberosAuthReadGroup(ctx, "Admins"); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("deleted group: %v", err)
	}
}
