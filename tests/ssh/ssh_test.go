package ssh_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/pem"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/govault/govault/generated/ssh"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func ptr[T any](v T) *T { return &v }

func api(t *testing.T, opts ...wrappers.Option) *ssh.ClientWithResponses {
	t.Helper()
	return livetest.API(t, env.Client(t, opts...), "ssh", ssh.NewClientWithResponses, ssh.WithHTTPClient)
}

func sshString(b []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(b)))
	return append(out, b...)
}

// authorizedKey renders an ed25519 public key in authorized_keys format.
func authorizedKey(pub ed25519.PublicKey) string {
	blob := append(sshString([]byte("ssh-ed25519")), sshString(pub)...)
	return "ssh-ed25519 " + base64.StdEncoding.EncodeToString(blob)
}

// certFields pulls key ID and principals out of an ssh-ed25519 certificate.
func certFields(t *testing.T, signed string) (keyID string, principals []string) {
	t.Helper()
	parts := strings.Fields(signed)
	if len(parts) < 2 || parts[0] != "ssh-ed25519-cert-v01@openssh.com" {
		t.Fatalf("not an ed25519 certificate: %q", signed)
	}
	b, err := base64.StdEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	next := func() []byte {
		n := binary.BigEndian.Uint32(b)
		v := b[4 : 4+n]
		b = b[4+n:]
		return v
	}
	next()     // type
	next()     // nonce
	next()     // public key
	b = b[12:] // serial, cert type
	keyID = string(next())
	packed := next()
	for len(packed) > 0 {
		n := binary.BigEndian.Uint32(packed)
		principals = append(principals, string(packed[4:4+n]))
		packed = packed[4+n:]
	}
	return keyID, principals
}

func TestCAAndCertificates(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	anon := api(t, wrappers.WithToken(""))

	rsp, err := anon.SSHReadPublicKeyWithResponse(ctx)
	env.OK(t, err)
	if rsp.StatusCode() != http.StatusNotFound {
		t.Fatalf("public_key before a CA exists: %d", rsp.StatusCode())
	}

	gen, err := wrappers.Decode(a.SSHConfigureCAWithResponse(ctx, &ssh.SSHConfigureCAParams{}, ssh.SSHConfigureCARequest{KeyType: ptr("ssh-ed25519")}))
	env.OK(t, err)
	if !strings.HasPrefix(gen.Data.PublicKey, "ssh-ed25519 ") {
		t.Fatalf("generated CA: %q", gen.Data.PublicKey)
	}
	again, err := a.SSHConfigureCAWithResponse(ctx, nil, ssh.SSHConfigureCARequest{})
	env.OK(t, err)
	if again.StatusCode() != http.StatusBadRequest {
		t.Fatalf("configuring a second CA: %d", again.StatusCode())
	}
	_, err = wrappers.Check(a.SSHDeleteCAConfigWithResponse(ctx))
	env.OK(t, err)

	// Bring our own CA key.
	caPub, caPriv, _ := ed25519.GenerateKey(rand.Reader)
	der, err := x509.MarshalPKCS8PrivateKey(caPriv)
	if err != nil {
		t.Fatal(err)
	}
	privPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	env.Leaks.Add(privPEM)
	_, err = wrappers.Check(a.SSHConfigureCAWithResponse(ctx, nil, ssh.SSHConfigureCARequest{
		GenerateSigningKey: ptr(false), PrivateKey: &privPEM, PublicKey: ptr(authorizedKey(caPub)),
	}))
	env.OK(t, err)
	read, err := wrappers.Decode(a.SSHReadCAConfigWithResponse(ctx, nil))
	env.OK(t, err)
	if strings.TrimSpace(read.Data.PublicKey) != authorizedKey(caPub) {
		t.Fatalf("CA public key: %q", read.Data.PublicKey)
	}
	raw, err := wrappers.Check(anon.SSHReadPublicKeyWithResponse(ctx))
	env.OK(t, err)
	if strings.TrimSpace(string(raw.Body)) != authorizedKey(caPub) || !strings.HasPrefix(raw.HTTPResponse.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("public_key: %q (%s)", raw.Body, raw.HTTPResponse.Header.Get("Content-Type"))
	}

	_, err = wrappers.Check(a.SSHWriteRoleWithResponse(ctx, "users", ssh.SSHWriteRoleRequest{
		KeyType:               ssh.KeyTypeCA,
		AllowUserCertificates: ptr(true),
		AllowedUsers:          ptr("alice,bob"),
		DefaultUser:           ptr("alice"),
		AllowUserKeyIds:       ptr(true),
		DefaultExtensions:     map[string]string{"permit-pty": ""},
		AllowedExtensions:     ptr("permit-pty,permit-port-forwarding"),
		AllowedUserKeyLengths: map[string][]int{"ed25519": {0}, "rsa": {2048, 4096}},
		AlgorithmSigner:       ptr(ssh.AlgorithmSignerDefault),
		TTL:                   ptr(vtypes.Duration("30m")),
		MaxTTL:                ptr(vtypes.Seconds(7200)),
		NotBeforeDuration:     ptr(vtypes.Duration("1m")),
	}))
	env.OK(t, err)
	role, err := wrappers.Decode(a.SSHReadRoleWithResponse(ctx, "users"))
	env.OK(t, err)
	d := role.Data
	if d.KeyType != "ca" || d.TTL == nil || *d.TTL != 1800 || *d.MaxTTL != 7200 || *d.NotBeforeDuration != 60 || d.AllowedUsers != "alice,bob" ||
		!slices.Equal(d.AllowedUserKeyLengths["rsa"], []int{2048, 4096}) || d.DefaultExtensions["permit-pty"] != "" || d.CidrList != nil {
		t.Fatalf("ca role: %+v", d)
	}

	userPub, _, _ := ed25519.GenerateKey(rand.Reader)
	signed, err := wrappers.Decode(a.SSHSignCertificateWithResponse(ctx, "users", ssh.SSHSignCertificateRequest{
		PublicKey: authorizedKey(userPub), ValidPrincipals: ptr("bob"), KeyID: ptr("bob-laptop"),
		CertType: ptr(ssh.CertTypeUser), TTL: ptr(vtypes.Duration("10m")),
	}))
	env.OK(t, err)
	if id, principals := certFields(t, signed.Data.SignedKey); id != "bob-laptop" || !slices.Equal(principals, []string{"bob"}) || signed.Data.SerialNumber == "" {
		t.Fatalf("signed certificate: id %q principals %v", id, principals)
	}

	issued, err := wrappers.Decode(a.SSHIssueCertificateWithResponse(ctx, "users", ssh.SSHIssueCertificateRequest{KeyType: ptr("ed25519")}))
	env.OK(t, err)
	env.Leaks.Add(issued.Data.PrivateKey)
	if issued.Data.PrivateKeyType != "ed25519" || !strings.Contains(issued.Data.PrivateKey, "OPENSSH PRIVATE KEY") {
		t.Fatalf("issued: type %q", issued.Data.PrivateKeyType)
	}
	if _, principals := certFields(t, issued.Data.SignedKey); !slices.Equal(principals, []string{"alice"}) {
		t.Fatalf("issued principals: %v", principals)
	}

	_, err = wrappers.Check(a.SSHDeleteRoleWithResponse(ctx, "users"))
	env.OK(t, err)
	_, err = wrappers.Check(a.SSHDeleteCAConfigWithResponse(ctx))
	env.OK(t, err)
}

func TestOTP(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	anon := api(t, wrappers.WithToken(""))

	_, err := wrappers.Check(a.SSHWriteRoleWithResponse(ctx, "hosts", ssh.SSHWriteRoleRequest{
		KeyType: ssh.KeyTypeOTP, DefaultUser: ptr("ubuntu"), CidrList: ptr("10.1.0.0/16"), ExcludeCidrList: ptr("10.1.9.0/24"), Port: ptr(2222),
	}))
	env.OK(t, err)
	role, err := wrappers.Decode(a.SSHReadRoleWithResponse(ctx, "hosts"))
	env.OK(t, err)
	if role.Data.KeyType != "otp" || *role.Data.Port != 2222 || *role.Data.CidrList != "10.1.0.0/16" || role.Data.TTL != nil {
		t.Fatalf("otp role: %+v", role.Data)
	}
	list, err := wrappers.Decode(a.SSHListRolesWithResponse(ctx, &ssh.SSHListRolesParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	if !slices.Contains(list.Data.Keys, "hosts") || list.Data.KeyInfo["hosts"].KeyType != "otp" {
		t.Fatalf("roles: %+v", list.Data)
	}

	creds, err := wrappers.Decode(a.SSHGenerateCredentialsWithResponse(ctx, "hosts", ssh.SSHGenerateCredentialsRequest{IP: "10.1.2.3"}))
	env.OK(t, err)
	env.Leaks.Add(creds.Data.Key)
	if creds.Data.Username != "ubuntu" || creds.Data.Port != 2222 || creds.Data.IP != "10.1.2.3" || creds.LeaseID == "" {
		t.Fatalf("creds: %+v lease %q", creds.Data, creds.LeaseID)
	}
	bad, err := a.SSHGenerateCredentialsWithResponse(ctx, "hosts", ssh.SSHGenerateCredentialsRequest{IP: "10.1.9.9"})
	env.OK(t, err)
	if bad.StatusCode() != http.StatusBadRequest {
		t.Fatalf("creds for an excluded address: %d", bad.StatusCode())
	}

	found, err := wrappers.Decode(a.SSHListRolesByIPWithResponse(ctx, ssh.SSHListRolesByIPRequest{IP: "10.1.2.3"}))
	env.OK(t, err)
	if !slices.Equal(found.Data.Roles, []string{"hosts"}) {
		t.Fatalf("lookup: %v", found.Data.Roles)
	}
	none, err := wrappers.Decode(a.SSHListRolesByIPWithResponse(ctx, ssh.SSHListRolesByIPRequest{IP: "192.0.2.1"}))
	env.OK(t, err)
	if none.Data.Roles != nil {
		t.Fatalf("lookup of an uncovered address: %v", none.Data.Roles)
	}

	ver, err := wrappers.Decode(anon.SSHVerifyOTPWithResponse(ctx, ssh.SSHVerifyOTPRequest{Otp: creds.Data.Key}))
	env.OK(t, err)
	if *ver.Data.Username != "ubuntu" || *ver.Data.IP != "10.1.2.3" || *ver.Data.RoleName != "hosts" {
		t.Fatalf("verify: %+v", ver.Data)
	}
	used, err := anon.SSHVerifyOTPWithResponse(ctx, ssh.SSHVerifyOTPRequest{Otp: creds.Data.Key})
	env.OK(t, err)
	if used.StatusCode() != http.StatusBadRequest {
		t.Fatalf("second use of an OTP: %d", used.StatusCode())
	}
	echo, err := wrappers.Decode(anon.SSHVerifyOTPWithResponse(ctx, ssh.SSHVerifyOTPRequest{Otp: "verify-echo-request"}))
	env.OK(t, err)
	if echo.Data.Message == nil || *echo.Data.Message != "verify-echo-response" {
		t.Fatalf("echo: %+v", echo.Data)
	}

	rsp, err := a.SSHReadZeroAddressConfigWithResponse(ctx)
	env.OK(t, err)
	if rsp.StatusCode() != http.StatusNotFound {
		t.Fatalf("zeroaddress before config: %d", rsp.StatusCode())
	}
	_, err = wrappers.Check(a.SSHConfigureZeroAddressWithResponse(ctx, ssh.SSHConfigureZeroAddressRequest{Roles: []string{"hosts"}}))
	env.OK(t, err)
	za, err := wrappers.Decode(a.SSHReadZeroAddressConfigWithResponse(ctx))
	env.OK(t, err)
	if !slices.Equal(za.Data.Roles, []string{"hosts"}) {
		t.Fatalf("zeroaddress: %v", za.Data.Roles)
	}
	_, err = wrappers.Check(a.SSHDeleteZeroAddressConfigWithResponse(ctx))
	env.OK(t, err)

	tidy, err := wrappers.Decode(a.SSHTidyDynamicHostKeysWithResponse(ctx))
	env.OK(t, err)
	if !strings.Contains(tidy.Data.Message, "0") {
		t.Fatalf("tidy: %q", tidy.Data.Message)
	}
}
