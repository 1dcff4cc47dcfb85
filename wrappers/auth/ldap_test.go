package auth_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"testing"
	"time"

	"github.com/govault/govault/internal/livetest"

	"github.com/govault/govault/generated/authldap"
	"github.com/govault/govault/wrappers/auth"
)

// LDAP: no directory server here, so the test stops where Vault calls out.
// A TCP listener in place of the directory records what Vault sends first,
// the simple bind as the user, and closes the connection: the bind must
// carry the user's DN and the password we logged in with, and the failed
// login must not echo the password.
func TestLDAPLoginReachesDirectory(t *testing.T) {
	ctx := context.Background()
	const password = "ldap-pw-1"
	env.Leaks.Add(password)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ok(t, err)
	defer ln.Close()
	received := make(chan []byte, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		buf := make([]byte, 4096)
		n, _ := io.ReadAtLeast(conn, buf, 1)
		received <- buf[:n]
	}()

	c := admin(t)
	a := authldap.New(c, livetest.URL(t, c, "auth/ldap"))
	_, err = a.LDAPAuthWriteConfig(ctx, authldap.LDAPAuthWriteConfigRequest{
		URL: livetest.Ptr("ldap://" + ln.Addr().String()), Userdn: livetest.Ptr("ou=people,dc=test"), Userattr: livetest.Ptr("uid"),
		Discoverdn: livetest.Ptr(false), DenyNullBind: livetest.Ptr(true),
	})
	ok(t, err)

	anon := anonymous(t)
	_, err = anon.Login(ctx, auth.LDAP{Username: "alice", Password: password})
	env.Leaks.Seen(err)
	if err == nil || anon.Token() != "" {
		t.Fatalf("login with no directory behind: %v", err)
	}
	select {
	case bind := <-received:
		if !bytes.Contains(bind, []byte("uid=alice,ou=people,dc=test")) || !bytes.Contains(bind, []byte(password)) {
			t.Fatalf("Vault's first LDAP message is not the user's bind: %q", bind)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Vault never connected to the directory")
	}
}
