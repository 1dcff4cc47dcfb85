package auth_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/binary"
	"errors"
	"net"
	"slices"
	"testing"

	"github.com/govault/govault/internal/livetest"

	"github.com/govault/govault/generated/authradius"
	"github.com/govault/govault/wrappers"
	"github.com/govault/govault/wrappers/auth"
)

// fakeRADIUS is a RADIUS server on a local UDP port that accepts one user
// (RFC 2865: Access-Request in, Access-Accept or -Reject out), after
// tests/authradius.
func fakeRADIUS(t *testing.T, secret, user, password string) int {
	t.Helper()
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	ok(t, err)
	t.Cleanup(func() { conn.Close() })
	go func() {
		buf := make([]byte, 4096)
		for {
			n, addr, err := conn.ReadFrom(buf)
			if err != nil {
				return
			}
			req := buf[:n]
			if len(req) < 20 || req[0] != 1 {
				continue
			}
			reqAuth := req[4:20]
			var name string
			var hidden []byte
			for attrs := req[20:]; len(attrs) >= 2 && attrs[1] >= 2 && int(attrs[1]) <= len(attrs); attrs = attrs[attrs[1]:] {
				switch attrs[0] {
				case 1:
					name = string(attrs[2:attrs[1]])
				case 2:
					hidden = attrs[2:attrs[1]]
				}
			}
			var got []byte // User-Password: c(i) XOR MD5(secret + c(i-1))
			prev := reqAuth
			for i := 0; i+16 <= len(hidden); i += 16 {
				b := md5.Sum(append([]byte(secret), prev...))
				for j := range 16 {
					got = append(got, hidden[i+j]^b[j])
				}
				prev = hidden[i : i+16]
			}
			code := byte(3) // Access-Reject
			if name == user && string(bytes.TrimRight(got, "\x00")) == password {
				code = 2 // Access-Accept
			}
			rsp := make([]byte, 20)
			rsp[0], rsp[1] = code, req[1]
			binary.BigEndian.PutUint16(rsp[2:4], 20)
			sum := md5.Sum(append(append(rsp[:4:4], reqAuth...), secret...))
			copy(rsp[4:], sum[:])
			conn.WriteTo(rsp, addr)
		}
	}()
	return conn.LocalAddr().(*net.UDPAddr).Port
}

// Radius logs in against a local RADIUS server that decodes the password
// Vault forwards: accepted with the right one, refused with another.
func TestRadiusLogin(t *testing.T) {
	ctx := context.Background()
	const secret, password = "radius-shared-secret", "radius-pw-1"
	env.Leaks.Add(secret, password)
	port := fakeRADIUS(t, secret, "carol", password)
	c := admin(t)
	a := authradius.New(c, livetest.URL(t, c, "auth/radius"))
	err := a.RadiusWriteConfig(ctx, authradius.RadiusWriteConfigRequest{
		Host: livetest.Ptr("127.0.0.1"), Port: livetest.Ptr(port), Secret: livetest.Ptr(secret), UnregisteredUserPolicies: livetest.Ptr("radius-guest"),
	})
	ok(t, err)

	anon := anonymous(t)
	m := auth.Radius{Username: "carol", Password: password}
	gotReply, err := anon.Login(ctx, m)
	ok(t, err)
	loggedIn(t, anon, "", m, gotReply.Auth)
	if gotReply.Auth.Metadata["username"] != "carol" || !slices.Contains(gotReply.Auth.Policies, "radius-guest") {
		t.Fatalf("auth: %+v", gotReply.Auth)
	}
	wrong := "radius-wrong-pw"
	env.Leaks.Add(wrong)
	_, err = anonymous(t).Login(ctx, auth.Radius{Username: "carol", Password: wrong})
	env.Leaks.Seen(err)
	if !errors.Is(err, wrappers.ErrInvalidRequest) && !errors.Is(err, wrappers.ErrForbidden) {
		t.Fatalf("wrong password: %v", err)
	}
}
