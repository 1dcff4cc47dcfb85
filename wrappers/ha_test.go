package wrappers_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govault/govault/internal/livetest"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/generated/sysmonitor"
	"github.com/govault/govault/generated/sysraft"
	"github.com/govault/govault/internal/vaulttest"
	"github.com/govault/govault/wrappers"
)

// cluster is a 3-node raft cluster on loopback: nodes[0] starts as leader.
type cluster struct {
	nodes []*vaulttest.Server
	root  string
	keys  []string
}

func startCluster(t *testing.T) *cluster {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cl := &cluster{}
	for i := 1; i <= 3; i++ {
		n, err := vaulttest.StartRaftNode(ctx, fmt.Sprintf("n%d", i))
		if err != nil {
			t.Fatalf("cannot start raft node %d: %v", i, err)
		}
		t.Cleanup(n.Stop)
		cl.nodes = append(cl.nodes, n)
	}
	first := clientFor(t, cl.nodes[0].Addr, "")
	res, err := first.Operator().Initialize(ctx, 1, 1)
	mustOK(t, err)
	cl.root, cl.keys = res.RootToken, res.KeysBase64
	leaks.Add(cl.root)
	_, err = first.Operator().SubmitUnsealKeys(ctx, cl.keys)
	mustOK(t, err)
	mustOK(t, cl.nodes[0].WaitHealth(ctx, http.StatusOK))
	for _, n := range cl.nodes[1:] {
		c := clientFor(t, n.Addr, "")
		raft := livetest.API(t, c, "sys", sysraft.New)
		leader := cl.nodes[0].Addr
		_, err := raft.SysJoinRaftCluster(ctx, sysraft.SysJoinRaftClusterRequest{LeaderAPIAddr: &leader})
		mustOK(t, err)
		_, err = c.Operator().SubmitUnsealKeys(ctx, cl.keys)
		mustOK(t, err)
		mustOK(t, n.WaitHealth(ctx, http.StatusTooManyRequests)) // a standby
	}
	return cl
}

// A real standby redirects to the active node when asked not to forward:
// the client follows it only when allowed to carry the token to that host.
func TestRedirectFromARealStandby(t *testing.T) {
	cl := startCluster(t)
	ctx := context.Background()
	standby := cl.nodes[1].Addr
	noForward := wrappers.WithRequestOptions(ctx, wrappers.RequestHeader("X-Vault-No-Request-Forwarding", "true"))

	// Plain: the standby forwards the request itself.
	forwarded := clientFor(t, standby, cl.root)
	ok, err := forwarded.IsAuthenticated(ctx)
	if err != nil || !ok {
		t.Fatalf("forwarded request through the standby: %v %v", ok, err)
	}
	// Asked not to forward, it answers 307 to the active node's address:
	// another host, so the token is not sent there by default...
	if _, err := forwarded.IsAuthenticated(noForward); !errors.Is(leaks.Seen(err), wrappers.ErrRedirectRefused) {
		t.Fatalf("redirect to the active node without permission: %v", err)
	}
	// ...and is when allowed.
	follows := clientFor(t, standby, cl.root, wrappers.WithCredentialRedirects())
	err = follows.Sys().SysEnableSecretsEngine(noForward, "ha-kv", sys.SysEnableSecretsEngineRequest{Type: "kv", Options: map[string]string{"version": "2"}})
	mustOK(t, err)
	env.Validator.Mount("ha-kv", "kv-v2")
	md, err := follows.KVv2("ha-kv").CreateOrUpdateSecret(noForward, "via-redirect", map[string]any{"v": 1})
	mustOK(t, err)
	if md.Data.Version != 1 {
		t.Fatalf("write through a redirect: version %d", md.Data.Version)
	}
}

// While a writer and readers run, the leader steps down and a standby is
// killed: every write reported successful is readable afterwards.
func TestHAClusterLosesNoWrites(t *testing.T) {
	cl := startCluster(t)
	ctx := context.Background()
	admin := clientFor(t, cl.nodes[0].Addr, cl.root)
	err := admin.Sys().SysEnableSecretsEngine(ctx, "ha", sys.SysEnableSecretsEngineRequest{Type: "kv", Options: map[string]string{"version": "2"}})
	mustOK(t, err)
	env.Validator.Mount("ha", "kv-v2")

	var attempts atomic.Int64
	count := func(next http.RoundTripper) http.RoundTripper {
		return rtFunc(func(r *http.Request) (*http.Response, error) { attempts.Add(1); return next.RoundTrip(r) })
	}
	// A cluster's nodes redirect to each other during elections: allow the
	// token to follow, as an application talking to a cluster would.
	opts := []wrappers.Option{wrappers.WithMiddleware(count), wrappers.WithRetries(4, 50*time.Millisecond, 400*time.Millisecond), wrappers.WithCredentialRedirects()}
	writer := clientFor(t, cl.nodes[0].Addr, cl.root, opts...).KVv2("ha")
	readers := []*wrappers.KVv2{
		clientFor(t, cl.nodes[1].Addr, cl.root, opts...).KVv2("ha"),
		clientFor(t, cl.nodes[2].Addr, cl.root, opts...).KVv2("ha"),
	}

	runCtx, stop := context.WithTimeout(ctx, 6*time.Second)
	defer stop()
	var mu sync.Mutex
	written := map[string]int{}
	var ops, writeErrors, readErrors atomic.Int64
	samples := map[string]int{} // first words of each error, for the log
	note := func(err error) {
		mu.Lock()
		msg := err.Error()
		if len(msg) > 90 {
			msg = msg[:90]
		}
		samples[msg]++
		mu.Unlock()
		time.Sleep(20 * time.Millisecond) // as a caller would back off
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // the writer
		defer wg.Done()
		for i := 0; runCtx.Err() == nil; i++ {
			path := fmt.Sprintf("w-%04d", i)
			ops.Add(1)
			md, err := writer.CreateOrUpdateSecret(runCtx, path, map[string]any{"i": i})
			if err != nil {
				writeErrors.Add(1)
				note(err)
				continue
			}
			mu.Lock()
			written[path] = md.Data.Version
			mu.Unlock()
		}
	}()
	for _, r := range readers {
		wg.Add(1)
		go func(r *wrappers.KVv2) {
			defer wg.Done()
			for runCtx.Err() == nil {
				ops.Add(1)
				if _, err := r.ListSecrets(runCtx, ""); err != nil {
					readErrors.Add(1)
					note(err)
				}
			}
		}(r)
	}

	// Faults: the leader steps down after a second, a standby dies after two.
	time.Sleep(time.Second)
	mon := livetest.API(t, admin, "sys", sysmonitor.New)
	err = mon.SysStepDown(ctx)
	mustOK(t, err)
	time.Sleep(time.Second)
	cl.nodes[2].Kill()
	wg.Wait()

	// Whoever leads now must have every write the client was told succeeded.
	var active *wrappers.KVv2
	for _, n := range cl.nodes[:2] {
		if n.WaitHealth(ctx, http.StatusOK) == nil {
			active = clientFor(t, n.Addr, cl.root).KVv2("ha")
			break
		}
	}
	if active == nil {
		t.Fatal("no active node after the faults")
	}
	lost := 0
	for path, version := range written {
		s, err := active.ReadSecret(ctx, path)
		if err != nil || s.Data.Metadata.Version != version {
			lost++
		}
	}
	t.Logf("reliability: 3-node raft cluster, leader step-down and a killed standby under load | operations %d | faults injected 2 (step-down, kill) | errors surfaced %d (%d writes, %d reads) | retries %d | lost writes %d",
		ops.Load(), writeErrors.Load()+readErrors.Load(), writeErrors.Load(), readErrors.Load(), attempts.Load()-ops.Load(), lost)
	for msg, n := range samples {
		t.Logf("  %4d x %s", n, msg)
	}
	if len(written) == 0 || lost != 0 {
		t.Fatalf("%d successful writes, %d lost", len(written), lost)
	}
}
