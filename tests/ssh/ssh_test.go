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

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/ssh"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("ssh", ssh.New)

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

	_, err := anon.SSHReadPublicKey(ctx)
	if livetest.StatusOf(env.Leaks.Seen(err)) != http.StatusNotFound {
		t.Fatalf("public_key before a CA exists: %v", err)
	}

	gen, err := a.SSHConfigureCA(ctx, &ssh.SSHConfigureCAParams{}, ssh.SSHConfigureCARequest{KeyType: livetest.Ptr("ssh-ed25519")})
	env.OK(t, err)
	if !strings.HasPrefix(gen.Data.PublicKey, "ssh-ed25519 ") {
		t.Fatalf("generated CA: %q", gen.Data.PublicKey)
	}
	_, err = a.SSHConfigureCA(ctx, nil, ssh.SSHConfigureCARequest{})
	if livetest.StatusOf(env.Leaks.Seen(err)) != http.StatusBadRequest {
		t.Fatalf("configuring a second CA: %v", err)
	}
	err = a.SSHDeleteCAConfig(ctx)
	env.OK(t, err)

	// Bring our own CA key.
	caPub, caPriv, _ := ed25519.GenerateKey(rand.Reader)
	der, err := x509.MarshalPKCS8PrivateKey(caPriv)
	if err != nil {
		t.Fatal(err)
	}
	privPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	env.Leaks.Add(privPEM)
	_, err = a.SSHConfigureCA(ctx, nil, ssh.SSHConfigureCARequest{
		GenerateSigningKey: livetest.Ptr(false), PrivateKey: &privPEM, PublicKey: livetest.Ptr(authorizedKey(caPub)),
	})
	env.OK(t, err)
	read, err := a.SSHReadCAConfig(ctx, nil)
	env.OK(t, err)
	if strings.TrimSpace(read.Data.PublicKey) != authorizedKey(caPub) {
		t.Fatalf("CA public key: %q", read.Data.PublicKey)
	}
	var raw vtypes.Raw
	pub, err := anon.SSHReadPublicKey(ctx, vtypes.CaptureRaw(&raw))
	env.OK(t, err)
	if strings.TrimSpace(string(pub)) != authorizedKey(caPub) || !strings.HasPrefix(raw.Response.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("public_key: %q (%s)", pub, raw.Response.Header.Get("Content-Type"))
	}

	err = a.SSHWriteRole(ctx, "users", ssh.SSHWriteRoleRequest{
		KeyType:               ssh.KeyTypeCA,
		AllowUserCertificates: livetest.Ptr(true),
		AllowedUsers:          livetest.Ptr("alice,bob"),
		DefaultUser:           livetest.Ptr("alice"),
		AllowUserKeyIDs:       livetest.Ptr(true),
		DefaultExtensions:     map[string]string{"permit-pty": ""},
		AllowedExtensions:     livetest.Ptr("permit-pty,permit-port-forwarding"),
		AllowedUserKeyLengths: map[string][]int{"ed25519": {0}, "rsa": {2048, 4096}},
		AlgorithmSigner:       livetest.Ptr(ssh.AlgorithmSignerDefault),
		TTL:                   livetest.Ptr(vtypes.Duration("30m")),
		MaxTTL:                livetest.Ptr(vtypes.Seconds(7200)),
		NotBeforeDuration:     livetest.Ptr(vtypes.Duration("1m")),
	})
	env.OK(t, err)
	role, err := a.SSHReadRole(ctx, "users")
	env.OK(t, err)
	d := role.Data
	if d.KeyType != "ca" || d.TTL == nil || *d.TTL != 1800 || *d.MaxTTL != 7200 || *d.NotBeforeDuration != 60 || d.AllowedUsers != "alice,bob" ||
		!slices.Equal(d.AllowedUserKeyLengths["rsa"], []int{2048, 4096}) || d.DefaultExtensions["permit-pty"] != "" || d.CIDRList != nil {
		t.Fatalf("ca role: %+v", d)
	}

	userPub, _, _ := ed25519.GenerateKey(rand.Reader)
	signed, err := a.SSHSignCertificate(ctx, "users", ssh.SSHSignCertificateRequest{
		PublicKey: authorizedKey(userPub), ValidPrincipals: livetest.Ptr("bob"), KeyID: livetest.Ptr("bob-laptop"),
		CertType: livetest.Ptr(ssh.CertTypeUser), TTL: livetest.Ptr(vtypes.Duration("10m")),
	})
	env.OK(t, err)
	if id, principals := certFields(t, signed.Data.SignedKey); id != "bob-laptop" || !slices.Equal(principals, []string{"bob"}) || signed.Data.SerialNumber == "" {
		t.Fatalf("signed certificate: id %q principals %v", id, principals)
	}

	issued, err := a.SSHIssueCertificate(ctx, "users", ssh.SSHIssueCertificateRequest{KeyType: livetest.Ptr("ed25519")})
	env.OK(t, err)
	env.Leaks.Add(issued.Data.PrivateKey)
	if issued.Data.PrivateKeyType != "ed25519" || !strings.Contains(issued.Data.PrivateKey, "OPENSSH PRIVATE KEY") {
		t.Fatalf("issued: type %q", issued.Data.PrivateKeyType)
	}
	if _, principals := certFields(t, issued.Data.SignedKey); !slices.Equal(principals, []string{"alice"}) {
		t.Fatalf("issued principals: %v", principals)
	}

	err = a.SSHDeleteRole(ctx, "users")
	env.OK(t, err)
	err = a.SSHDeleteCAConfig(ctx)
	env.OK(t, err)
}

func TestOTP(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	anon := api(t, wrappers.WithToken(""))

	err := a.SSHWriteRole(ctx, "hosts", ssh.SSHWriteRoleRequest{
		KeyType: ssh.KeyTypeOTP, DefaultUser: livetest.Ptr("ubuntu"), CIDRList: livetest.Ptr("10.1.0.0/16"), ExcludeCIDRList: livetest.Ptr("10.1.9.0/24"), Port: livetest.Ptr(2222),
	})
	env.OK(t, err)
	role, err := a.SSHReadRole(ctx, "hosts")
	env.OK(t, err)
	wantRole := ssh.SSHRoleData{
		KeyType: "otp", DefaultUser: "ubuntu", CIDRList: livetest.Ptr("10.1.0.0/16"), ExcludeCIDRList: livetest.Ptr("10.1.9.0/24"), Port: livetest.Ptr(2222),
	}
	if diff := cmp.Diff(wantRole, role.Data); diff != "" {
		t.Fatalf("otp role (-want +got):\n%s", diff)
	}
	list, err := a.SSHListRoles(ctx)
	env.OK(t, err)
	if !slices.Contains(list.Data.Keys, "hosts") || list.Data.KeyInfo["hosts"].KeyType != "otp" {
		t.Fatalf("roles: %+v", list.Data)
	}

	creds, err := a.SSHGenerateCredentials(ctx, "hosts", ssh.SSHGenerateCredentialsRequest{IP: "10.1.2.3"})
	env.OK(t, err)
	env.Leaks.Add(creds.Data.Key)
	if creds.Data.Username != "ubuntu" || creds.Data.Port != 2222 || creds.Data.IP != "10.1.2.3" || creds.LeaseID == "" {
		t.Fatalf("creds: %+v lease %q", creds.Data, creds.LeaseID)
	}
	_, err = a.SSHGenerateCredentials(ctx, "hosts", ssh.SSHGenerateCredentialsRequest{IP: "10.1.9.9"})
	if livetest.StatusOf(env.Leaks.Seen(err)) != http.StatusBadRequest {
		t.Fatalf("creds for an excluded address: %v", err)
	}

	found, err := a.SSHListRolesByIP(ctx, ssh.SSHListRolesByIPRequest{IP: "10.1.2.3"})
	env.OK(t, err)
	if !slices.Equal(found.Data.Roles, []string{"hosts"}) {
		t.Fatalf("lookup: %v", found.Data.Roles)
	}
	none, err := a.SSHListRolesByIP(ctx, ssh.SSHListRolesByIPRequest{IP: "192.0.2.1"})
	env.OK(t, err)
	if none.Data.Roles != nil {
		t.Fatalf("lookup of an uncovered address: %v", none.Data.Roles)
	}

	ver, err := anon.SSHVerifyOTP(ctx, ssh.SSHVerifyOTPRequest{OTP: creds.Data.Key})
	env.OK(t, err)
	if *ver.Data.Username != "ubuntu" || *ver.Data.IP != "10.1.2.3" || *ver.Data.RoleName != "hosts" {
		t.Fatalf("verify: %+v", ver.Data)
	}
	_, err = anon.SSHVerifyOTP(ctx, ssh.SSHVerifyOTPRequest{OTP: creds.Data.Key})
	if livetest.StatusOf(env.Leaks.Seen(err)) != http.StatusBadRequest {
		t.Fatalf("second use of an OTP: %v", err)
	}
	echo, err := anon.SSHVerifyOTP(ctx, ssh.SSHVerifyOTPRequest{OTP: "verify-echo-request"})
	env.OK(t, err)
	if echo.Data.Message == nil || *echo.Data.Message != "verify-echo-response" {
		t.Fatalf("echo: %+v", echo.Data)
	}

	_, err = a.SSHReadZeroAddressConfig(ctx)
	if livetest.StatusOf(env.Leaks.Seen(err)) != http.StatusNotFound {
		t.Fatalf("zeroaddress before config: %v", err)
	}
	err = a.SSHConfigureZeroAddress(ctx, ssh.SSHConfigureZeroAddressRequest{Roles: []string{"hosts"}})
	env.OK(t, err)
	za, err := a.SSHReadZeroAddressConfig(ctx)
	env.OK(t, err)
	if !slices.Equal(za.Data.Roles, []string{"hosts"}) {
		t.Fatalf("zeroaddress: %v", za.Data.Roles)
	}
	err = a.SSHDeleteZeroAddressConfig(ctx)
	env.OK(t, err)

	tidy, err := a.SSHTidyDynamicHostKeys(ctx)
	env.OK(t, err)
	if !strings.Contains(tidy.Data.Message, "0") {
		t.Fatalf("tidy: %q", tidy.Data.Message)
	}
}
