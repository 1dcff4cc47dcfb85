package wrappers_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govault/govault/internal/livetest"

	"github.com/govault/govault/generated/authtoken"
	"github.com/govault/govault/generated/authuserpass"
	"github.com/govault/govault/generated/nomad"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// userpassLogin is the smallest AuthMethod: a userpass login through the
// generated package, counting its calls.
type userpassLogin struct {
	mount, user, password string
	calls                 atomic.Int32
}

func (m *userpassLogin) Login(ctx context.Context, c *wrappers.Client) (*vaultcommon.AuthReply, error) {
	m.calls.Add(1)
	base, err := c.URL("auth/" + m.mount)
	if err != nil {
		return nil, err
	}
	api := authuserpass.New(c, base)
	reply, err := api.UserpassLogin(ctx, m.user, authuserpass.UserpassLoginRequest{Password: m.password})
	return wrappers.LoginReply("UserpassLogin", reply, err)
}

// enableAuth mounts an auth method at path for this test and registers it
// with the contract validator.
func enableAuth(t *testing.T, path, typ, area string) {
	t.Helper()
	root := client(t)
	ctx := context.Background()
	err := root.Sys().SysEnableAuthMethod(ctx, path, sys.SysEnableAuthMethodRequest{Type: typ})
	mustOK(t, err)
	env.Validator.Mount("auth/"+path, area)
	t.Cleanup(func() { _ = root.Sys().SysDisableAuthMethod(context.Background(), path) })
}

// enableEngine mounts a secrets engine at path for this test.
func enableEngine(t *testing.T, path, typ, area string) {
	t.Helper()
	root := client(t)
	err := root.Sys().SysEnableSecretsEngine(context.Background(), path, sys.SysEnableSecretsEngineRequest{Type: typ})
	mustOK(t, err)
	env.Validator.Mount(path, area)
	t.Cleanup(func() { _ = root.Sys().SysDisableSecretsEngine(context.Background(), path) })
}

// The watcher tests run side by side (each waits on Vault's clock), the
// longest first in case -parallel is small; once they are all over, no
// watcher goroutine may be left.
func TestWatchers(t *testing.T) {
	t.Run("group", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			f    func(*testing.T)
		}{
			{"Lease", watchLease},
			{"TokenRenewsThenLogsInAgain", watchTokenRenewsThenLogsInAgain},
			{"TokenReportsRefusal", watchTokenReportsRefusal},
			{"TokenCancellation", watchTokenCancellation},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				tc.f(t)
			})
		}
	})
	watcherGone(t)
}

// watcherGone waits until no watcher goroutine is left (the goroutine ends
// an instant after it closes Done).
func watcherGone(t *testing.T) {
	t.Helper()
	waitFor(t, func() bool {
		buf := make([]byte, 1<<20)
		return !strings.Contains(string(buf[:runtime.Stack(buf, true)]), "wrappers.(*Watcher).run")
	})
}

// closed asserts the watcher ended and closed both event channels.
func closed(t *testing.T, w *wrappers.Watcher) {
	t.Helper()
	select {
	case <-w.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("watcher did not end")
	}
	for range w.Renewals() {
	}
	for range w.Errors() {
	}
}

// A 2s token with a 6s explicit max TTL is renewed while it can be, and past
// its max TTL the watcher logs in again with LastLogin: the client's token
// changes and the new one works.
func watchTokenRenewsThenLogsInAgain(t *testing.T) {
	ctx := context.Background()
	enableAuth(t, "userpass-watch", "userpass", "auth-userpass")
	root := client(t)
	up := authuserpass.New(root, livetest.URL(t, root, "auth/userpass-watch"))
	leaks.Add("watch-pw")
	err := up.UserpassWriteUser(ctx, "watcher", authuserpass.UserpassWriteUserRequest{
		Password: livetest.Ptr("watch-pw"), TokenTTL: livetest.Ptr(vtypes.Seconds(2)), TokenExplicitMaxTTL: livetest.Ptr(vtypes.Seconds(6)),
	})
	mustOK(t, err)

	c := client(t)
	m := &userpassLogin{mount: "userpass-watch", user: "watcher", password: "watch-pw"}
	firstReply, err := c.Login(ctx, m)
	mustOK(t, err)
	leaks.Add(firstReply.Auth.ClientToken)

	w := c.WatchToken(ctx)
	defer w.Stop()
	renewals := 0
	var relogin *wrappers.Renewal
	for relogin == nil {
		select {
		case ev, ok := <-w.Renewals():
			if !ok {
				t.Fatalf("watcher ended: %v", w.Err())
			}
			leaks.Add(ev.Auth.ClientToken)
			if ev.LoggedIn {
				relogin = &ev
				break
			}
			renewals++
			if ev.Auth.ClientToken != firstReply.Auth.ClientToken || ev.TTL > 2*time.Second {
				t.Fatalf("renewal %d: %+v", renewals, ev)
			}
		case err, ok := <-w.Errors():
			// A renewal that came too late on a loaded machine is reported and
			// followed by a new login; the checks below still hold.
			if ok {
				t.Logf("reported: %v", leaks.Seen(err))
			}
		case <-w.Done():
			t.Fatalf("watcher ended: %v", w.Err())
		case <-time.After(12 * time.Second):
			t.Fatalf("no new login after %d renewals", renewals)
		}
	}
	if renewals < 1 {
		t.Fatal("the token was never renewed before the new login")
	}
	if m.calls.Load() < 2 || relogin.Auth.ClientToken == firstReply.Auth.ClientToken || c.Token() != relogin.Auth.ClientToken || relogin.TTL != 2*time.Second {
		t.Fatalf("after max TTL: %d logins, event %+v, client token changed: %v", m.calls.Load(), relogin, c.Token() != firstReply.Auth.ClientToken)
	}
	ok, err := c.IsAuthenticated(ctx)
	mustOK(t, err)
	if !ok {
		t.Fatal("the new token does not work")
	}
	w.Stop()
	closed(t, w)
	if w.Err() != nil {
		t.Fatalf("Err after Stop: %v", w.Err())
	}
}

// A token Vault refuses (revoked under the watcher) is reported on Errors
// and, with nothing to log in with, ends the watcher with that error.
func watchTokenReportsRefusal(t *testing.T) {
	ctx := context.Background()
	root := client(t)
	out, err := root.TokenAuth().TokenCreate(ctx, authtoken.TokenCreateRequest{
		TTL: livetest.Ptr(vtypes.Seconds(3)), Policies: []string{"default"},
	})
	mustOK(t, err)
	tok := out.Auth.ClientToken
	leaks.Add(tok)
	c := clientFor(t, dev.Addr, tok)

	// Renew early (a fifth into the TTL) asking for 2s each time.
	w := c.WatchToken(ctx, wrappers.WatchRenewAt(0.2), wrappers.WatchIncrement(2*time.Second))
	defer w.Stop()
	select {
	case ev, ok := <-w.Renewals():
		if !ok || ev.LoggedIn || ev.TTL != 2*time.Second {
			t.Fatalf("first renewal: %+v", ev)
		}
	case err := <-w.Errors():
		t.Fatal(leaks.Seen(err))
	case <-time.After(10 * time.Second):
		t.Fatal("no renewal")
	}
	err = root.TokenAuth().TokenRevoke(ctx, authtoken.TokenRevokeRequest{Token: tok})
	mustOK(t, err)
	var got error
	select {
	case got = <-w.Errors():
	case <-time.After(10 * time.Second):
		t.Fatal("no error after the token was revoked")
	}
	leaks.Seen(got)
	var re *wrappers.ResponseError
	if !errors.Is(got, wrappers.ErrForbidden) || !errors.As(got, &re) || re.Operation != "TokenRenewSelf" {
		t.Fatalf("error for a revoked token: %v", got)
	}
	closed(t, w)
	if !errors.Is(w.Err(), wrappers.ErrForbidden) {
		t.Fatalf("Err: %v", w.Err())
	}
}

// Cancelling the context ends a watcher that is waiting for its next
// renewal (Err is the context's error), and a token that never expires
// needs no watching at all.
func watchTokenCancellation(t *testing.T) {
	ctx := context.Background()
	root := client(t)
	out, err := root.TokenAuth().TokenCreate(ctx, authtoken.TokenCreateRequest{TTL: livetest.Ptr(vtypes.Seconds(2))})
	mustOK(t, err)
	leaks.Add(out.Auth.ClientToken)
	c := clientFor(t, dev.Addr, out.Auth.ClientToken)

	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w := c.WatchToken(wctx, wrappers.WatchIncrement(time.Hour))
	select {
	case ev := <-w.Renewals(): // the next renewal is now some 40 minutes away
		if ev.TTL != time.Hour {
			t.Fatalf("renewal: %+v", ev)
		}
	case err := <-w.Errors():
		t.Fatal(leaks.Seen(err))
	case <-time.After(10 * time.Second):
		t.Fatal("no renewal")
	}
	cancel()
	closed(t, w)
	if !errors.Is(w.Err(), context.Canceled) {
		t.Fatalf("Err after cancel: %v", w.Err())
	}

	w = root.WatchToken(ctx) // the root token's TTL is 0
	closed(t, w)
	if w.Err() != nil {
		t.Fatalf("root token watcher: %v", w.Err())
	}
}

// fakeNomad is the part of Nomad's API the nomad engine needs to issue
// leased credentials: ACL bootstrap, token creation and deletion.
func fakeNomad(t *testing.T) string {
	var mu sync.Mutex
	n := 0
	srv := httptestServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		n++
		id := n
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/v1/acl/bootstrap":
			fmt.Fprint(w, `{"AccessorID":"boot","SecretID":"nomad-boot-secret","Type":"management"}`)
		case r.URL.Path == "/v1/acl/token":
			tok := map[string]any{}
			_ = json.Unmarshal(body, &tok)
			tok["AccessorID"], tok["SecretID"] = fmt.Sprintf("acc-%d", id), fmt.Sprintf("nomad-secret-%d", id)
			_ = json.NewEncoder(w).Encode(tok)
		default: // DELETE /v1/acl/token/<accessor> on revocation
			fmt.Fprint(w, `{}`)
		}
	}))
	t.Cleanup(srv.Close)
	leaks.Add("nomad-boot-secret")
	return srv.URL
}

// A lease is renewed while it can be extended; when a renewal grants less
// than asked (its max TTL) the watcher ends with a nil Err. A lease Vault
// does not know is reported and ends the watcher with Vault's refusal.
func watchLease(t *testing.T) {
	ctx := context.Background()
	nomadURL := fakeNomad(t) // registered first: closed after the mount is gone
	enableEngine(t, "nomad-watch", "nomad", "nomad")
	root := client(t)
	api := nomad.New(root, livetest.URL(t, root, "nomad-watch"))
	err := api.NomadConfigureAccess(ctx, nomad.NomadConfigureAccessRequest{Address: &nomadURL})
	mustOK(t, err)
	err = api.NomadConfigureLease(ctx, nomad.NomadConfigureLeaseRequest{TTL: livetest.Ptr(vtypes.Seconds(3)), MaxTTL: livetest.Ptr(vtypes.Seconds(7))})
	mustOK(t, err)
	err = api.NomadWriteRole(ctx, "dev", nomad.NomadWriteRoleRequest{Policies: []string{"readonly"}})
	mustOK(t, err)
	creds, err := api.NomadGenerateCredentials(ctx, "dev")
	mustOK(t, err)
	leaks.Add(creds.Data.SecretID)
	if creds.LeaseID == "" || creds.LeaseDuration != 3 || !creds.Renewable {
		t.Fatalf("creds lease: %q %d %v", creds.LeaseID, creds.LeaseDuration, creds.Renewable)
	}

	w := root.WatchLease(ctx, creds.LeaseID, 3*time.Second)
	defer w.Stop()
	var events []wrappers.Renewal
	for done := false; !done; {
		select {
		case ev, ok := <-w.Renewals():
			if ok {
				events = append(events, ev)
			}
		case err, ok := <-w.Errors():
			if ok {
				t.Fatal(leaks.Seen(err))
			}
		case <-w.Done():
			done = true
		case <-time.After(12 * time.Second):
			t.Fatalf("watcher still running after %d renewals", len(events))
		}
	}
	for ev := range w.Renewals() {
		events = append(events, ev)
	}
	if w.Err() != nil || len(events) < 2 {
		t.Fatalf("Err %v after %d renewals", w.Err(), len(events))
	}
	for i, ev := range events {
		last := i == len(events)-1
		if ev.LeaseID != creds.LeaseID || (!last && ev.TTL != 3*time.Second) || (last && ev.TTL >= 3*time.Second) {
			t.Fatalf("renewal %d of %d: %+v", i+1, len(events), ev)
		}
	}

	w = root.WatchLease(ctx, "nomad-watch/creds/dev/no-such-lease", time.Second)
	var got error
	select {
	case got = <-w.Errors():
	case <-time.After(10 * time.Second):
		t.Fatal("no error for an unknown lease")
	}
	closed(t, w)
	leaks.Seen(got)
	if !errors.Is(got, wrappers.ErrInvalidRequest) || !errors.Is(w.Err(), wrappers.ErrInvalidRequest) {
		t.Fatalf("unknown lease: reported %v, ended with %v", got, w.Err())
	}
}
