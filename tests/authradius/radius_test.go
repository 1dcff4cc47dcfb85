package authradius_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/binary"
	"errors"
	"net"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/authradius"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("auth/radius", authradius.New)

const sharedSecret = "radius-shared-secret"

// fakeRADIUS is a RADIUS server on a local UDP port that knows a fixed set of
// users (RFC 2865: Access-Request in, Access-Accept or -Reject out).
func fakeRADIUS(t *testing.T, users map[string]string) int {
	t.Helper()
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	go func() {
		buf := make([]byte, 4096)
		for {
			n, addr, err := conn.ReadFrom(buf)
			if err != nil {
				return
			}
			if rsp := radiusAnswer(buf[:n], users); rsp != nil {
				conn.WriteTo(rsp, addr)
			}
		}
	}()
	return conn.LocalAddr().(*net.UDPAddr).Port
}

func radiusAnswer(req []byte, users map[string]string) []byte {
	if len(req) < 20 || req[0] != 1 { // Access-Request
		return nil
	}
	reqAuth := req[4:20]
	var name string
	var hidden []byte
	for attrs := req[20:]; len(attrs) >= 2 && int(attrs[1]) <= len(attrs) && attrs[1] >= 2; attrs = attrs[attrs[1]:] {
		switch attrs[0] {
		case 1:
			name = string(attrs[2:attrs[1]])
		case 2:
			hidden = attrs[2:attrs[1]]
		}
	}
	// Undo the User-Password hiding: c(i) XOR MD5(secret + c(i-1)), c(0) the request authenticator.
	var password []byte
	prev := reqAuth
	for i := 0; i+16 <= len(hidden); i += 16 {
		b := md5.Sum(append([]byte(sharedSecret), prev...))
		for j := 0; j < 16; j++ {
			password = append(password, hidden[i+j]^b[j])
		}
		prev = hidden[i : i+16]
	}
	code := byte(3) // Access-Reject
	if want, ok := users[name]; ok && string(bytes.TrimRight(password, "\x00")) == want {
		code = 2 // Access-Accept
	}
	rsp := make([]byte, 20)
	rsp[0], rsp[1] = code, req[1]
	binary.BigEndian.PutUint16(rsp[2:4], 20)
	// Response authenticator: MD5(code, id, length, request authenticator, attributes (none), secret).
	sum := md5.Sum(append(append(rsp[:4:4], reqAuth...), sharedSecret...))
	copy(rsp[4:], sum[:])
	return rsp
}

func TestRadius(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	anon := api(t, wrappers.WithToken(""))
	env.Leaks.Add(sharedSecret, "alice-pw", "carol-pw")
	port := fakeRADIUS(t, map[string]string{"alice": "alice-pw", "carol": "carol-pw"})

	var rsp vtypes.Raw
	_, err := a.RadiusReadConfig(ctx, vtypes.CaptureRaw(&rsp))
	if !errors.Is(err, wrappers.ErrInvalidPath) || livetest.Status(rsp) != 404 {
		t.Fatalf("config before any write: status %d, %v", livetest.Status(rsp), err)
	}
	err = a.RadiusWriteConfig(ctx, authradius.RadiusWriteConfigRequest{
		Host:                     livetest.Ptr("127.0.0.1"),
		Port:                     livetest.Ptr(port),
		Secret:                   livetest.Ptr(sharedSecret),
		UnregisteredUserPolicies: livetest.Ptr("guest,visitor"),
		NasIdentifier:            livetest.Ptr("vault-test"),
		NasPort:                  livetest.Ptr(7),
		DialTimeout:              livetest.Ptr(vtypes.Duration("5s")),
		ReadTimeout:              livetest.Ptr(vtypes.Seconds(5)),
		TokenTTL:                 livetest.Ptr(vtypes.Duration("20m")),
		TokenPolicies:            []string{"radius-base"},
	})
	env.OK(t, err)
	cfg, err := a.RadiusReadConfig(ctx)
	env.OK(t, err)
	// The shared secret is not read back.
	wantCfg := authradius.RadiusConfigData{
		Host: "127.0.0.1", Port: port, NasIdentifier: "vault-test", NasPort: 7, DialTimeout: 5, ReadTimeout: 5,
		UnregisteredUserPolicies: []string{"guest", "visitor"}, TokenPolicies: []string{"radius-base"}, TokenTTL: 1200,
		TokenBoundCIDRs: []string{}, TokenType: "default",
	}
	if diff := cmp.Diff(wantCfg, cfg.Data); diff != "" {
		t.Fatalf("config (-want +got):\n%s", diff)
	}

	err = a.RadiusWriteUser(ctx, "alice", authradius.RadiusWriteUserRequest{Policies: []string{"ops", "dev"}})
	env.OK(t, err)
	err = a.RadiusWriteUser(ctx, "bob", authradius.RadiusWriteUserRequest{})
	env.OK(t, err)
	u, err := a.RadiusReadUser(ctx, "alice")
	env.OK(t, err)
	if !slices.Equal(u.Data.Policies, []string{"dev", "ops"}) {
		t.Fatalf("user: %+v", u.Data)
	}
	users, err := a.RadiusListUsers(ctx)
	env.OK(t, err)
	if !slices.Equal(users.Data.Keys, []string{"alice", "bob"}) {
		t.Fatalf("users: %v", users.Data.Keys)
	}

	// A registered user gets its own policies.
	in, err := anon.RadiusLogin(ctx, authradius.RadiusLoginRequest{Username: "alice", Password: "alice-pw"})
	env.OK(t, err)
	if in.Auth == nil || in.Auth.ClientToken == "" {
		t.Fatalf("login: no auth block: %+v", in)
	}
	env.Leaks.Add(in.Auth.ClientToken)
	if in.Auth.Metadata["username"] != "alice" || in.Auth.LeaseDuration != 1200 || !slices.Contains(in.Auth.Policies, "ops") ||
		!slices.Contains(in.Auth.Policies, "radius-base") || slices.Contains(in.Auth.Policies, "guest") {
		t.Fatalf("alice: %+v", in.Auth)
	}
	// Anyone else the server accepts gets unregistered_user_policies.
	carol, err := anon.RadiusLoginWithUsername(ctx, "carol", authradius.RadiusLoginWithUsernameRequest{Password: "carol-pw"})
	env.OK(t, err)
	env.Leaks.Add(carol.Auth.ClientToken)
	if carol.Auth.Metadata["username"] != "carol" || !slices.Contains(carol.Auth.Policies, "guest") {
		t.Fatalf("carol: %+v", carol.Auth)
	}
	var denied vtypes.Raw
	_, err = anon.RadiusLogin(ctx, authradius.RadiusLoginRequest{Username: "alice", Password: "wrong"}, vtypes.CaptureRaw(&denied))
	if !errors.Is(err, wrappers.ErrInvalidRequest) || livetest.Status(denied) != 400 {
		t.Fatalf("login with a wrong password: status %d, %v", livetest.Status(denied), err)
	}

	for _, name := range []string{"alice", "bob"} {
		err = a.RadiusDeleteUser(ctx, name)
		env.OK(t, err)
	}
	var gone vtypes.Raw
	_, err = a.RadiusReadUser(ctx, "alice", vtypes.CaptureRaw(&gone))
	if !errors.Is(err, wrappers.ErrInvalidPath) || livetest.Status(gone) != 404 {
		t.Fatalf("read deleted user: status %d, %v", livetest.Status(gone), err)
	}
}
