package wrappers_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/vaulttest"
	"github.com/govault/govault/wrappers"
)

// Sealing mid-run surfaces VaultDown at once; after unseal the same client
// carries on; a restart of a file-storage server loses nothing that was
// reported written.
func TestSealAndRestartLoseNothing(t *testing.T) {
	ctx := context.Background()
	srv, c, res := startUnsealed(t, vaulttest.File)
	c.SetToken(res.RootToken)
	err := c.Sys().SysEnableSecretsEngine(ctx, "kv", sys.SysEnableSecretsEngineRequest{Type: "kv", Options: map[string]string{"version": "2"}})
	mustOK(t, err)
	env.Validator.Mount("kv", "kv-v2")
	kv := c.KVv2("kv")

	written := map[string]int{}
	write := func(i int) error {
		path := fmt.Sprintf("item-%03d", i)
		md, err := kv.CreateOrUpdateSecret(ctx, path, map[string]any{"n": i})
		if err == nil {
			written[path] = md.Data.Version
		}
		return err
	}
	for i := 0; i < 20; i++ {
		mustOK(t, write(i))
	}
	mustOK(t, c.Operator().Seal(ctx))
	// Reads are retried on 503 in general, but not when Vault says it is
	// sealed: count the attempts a second client makes.
	var attempts atomic.Int32
	count := func(next http.RoundTripper) http.RoundTripper {
		return rtFunc(func(r *http.Request) (*http.Response, error) { attempts.Add(1); return next.RoundTrip(r) })
	}
	reader := clientFor(t, srv.Addr, res.RootToken, wrappers.WithMiddleware(count))
	sealedErrors := 0
	for i := 0; i < 5; i++ {
		if _, err := reader.KVv2("kv").ReadSecret(ctx, "item-000"); !errors.Is(leaks.Seen(err), wrappers.ErrVaultDown) {
			t.Fatalf("read while sealed: %v, want ErrVaultDown", err)
		}
		if err := write(20 + i); !errors.Is(leaks.Seen(err), wrappers.ErrVaultDown) {
			t.Fatalf("write while sealed: %v, want ErrVaultDown", err)
		}
		sealedErrors += 2
	}
	if attempts.Load() != 5 {
		t.Errorf("5 reads of a sealed server took %d attempts: sealed answers must not be retried", attempts.Load())
	}
	_, err = c.Operator().SubmitUnsealKeys(ctx, res.Keys)
	mustOK(t, err)
	for i := 25; i < 40; i++ {
		mustOK(t, write(i)) // the same client, not rebuilt
	}

	restartCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := srv.Restart(restartCtx); err != nil {
		t.Fatalf("restart: %v", err)
	}
	_, err = c.Operator().SubmitUnsealKeys(ctx, res.Keys)
	mustOK(t, err)
	lost := 0
	for path, version := range written {
		s, err := kv.ReadSecret(ctx, path)
		if err != nil || s.Data.Metadata.Version != version {
			lost++
		}
	}
	t.Logf("reliability: seal and restart (file storage) | operations %d | faults injected 2 (seal, restart) | errors surfaced %d (VaultDown while sealed) | retries of sealed reads %d | lost writes %d",
		len(written)+sealedErrors+len(written), sealedErrors, attempts.Load()-5, lost)
	if lost != 0 || len(written) != 35 {
		t.Fatalf("%d of %d writes lost", lost, len(written))
	}
}

// faultProxy forwards TCP to target and can delay, reset or swallow
// connections, standing in for a bad network between client and Vault.
type faultProxy struct {
	l      net.Listener
	target string
	mode   atomic.Value // "pass", "delay", "reset", "blackhole"
	wg     sync.WaitGroup
	conns  sync.Map
}

func newFaultProxy(t *testing.T, target string) *faultProxy {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	mustOK(t, err)
	p := &faultProxy{l: l, target: target}
	p.mode.Store("pass")
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.close)
	return p
}

func (p *faultProxy) addr() string { return "http://" + p.l.Addr().String() }

// setMode switches the fault and drops open connections, so kept-alive ones
// meet the new network too.
func (p *faultProxy) setMode(m string) {
	p.mode.Store(m)
	p.conns.Range(func(k, _ any) bool {
		k.(net.Conn).Close()
		p.conns.Delete(k)
		return true
	})
}

func (p *faultProxy) accept() {
	defer p.wg.Done()
	for {
		in, err := p.l.Accept()
		if err != nil {
			return
		}
		p.conns.Store(in, true)
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			defer in.Close()
			switch p.mode.Load().(string) {
			case "reset":
				if tc, ok := in.(*net.TCPConn); ok {
					_ = tc.SetLinger(0)
				}
				return
			case "blackhole":
				_, _ = io.Copy(io.Discard, in) // read forever, answer nothing
				return
			case "delay":
				time.Sleep(300 * time.Millisecond)
			}
			out, err := net.Dial("tcp", p.target)
			if err != nil {
				return
			}
			p.conns.Store(out, true)
			defer out.Close()
			go func() { _, _ = io.Copy(out, in); out.Close() }()
			_, _ = io.Copy(in, out)
		}()
	}
}

func (p *faultProxy) close() {
	p.l.Close()
	p.conns.Range(func(k, _ any) bool { k.(net.Conn).Close(); return true })
	p.wg.Wait()
}

// Context deadlines are honoured, retries stay bounded and nothing leaks
// when the network misbehaves.
func TestNetworkFaults(t *testing.T) {
	ctx := context.Background()
	before := runtime.NumGoroutine()
	host := dev.Addr[len("http://"):]
	p := newFaultProxy(t, host)
	var attempts atomic.Int32
	count := func(next http.RoundTripper) http.RoundTripper {
		return rtFunc(func(r *http.Request) (*http.Response, error) { attempts.Add(1); return next.RoundTrip(r) })
	}
	c, err := wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(p.addr()), wrappers.WithToken(dev.RootToken),
		wrappers.WithRetries(2, 10*time.Millisecond, 20*time.Millisecond), wrappers.WithMiddleware(count))
	mustOK(t, err)

	p.setMode("pass")
	_, err = c.IsAuthenticated(ctx)
	mustOK(t, err)

	p.setMode("delay")
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	_, err = c.IsAuthenticated(short)
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("slow network, short deadline: %v", err)
	}
	long, cancel := context.WithTimeout(ctx, 10*time.Second)
	ok, err := c.IsAuthenticated(long)
	cancel()
	if err != nil || !ok {
		t.Fatalf("slow network, long deadline: %v %v", ok, err)
	}

	p.setMode("reset")
	attempts.Store(0)
	_, err = c.IsAuthenticated(ctx)
	resetAttempts := attempts.Load()
	if err == nil || resetAttempts != 3 {
		t.Fatalf("reset connections: err %v after %d attempts, want an error after 3", err, resetAttempts)
	}

	p.setMode("blackhole")
	short, cancel = context.WithTimeout(ctx, 200*time.Millisecond)
	_, err = c.IsAuthenticated(short)
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("blackholed: %v", err)
	}

	t.Logf("reliability: network faults through a TCP proxy | operations 5 | faults injected 3 (delay, reset, blackhole) | errors surfaced 3 (2 deadlines, 1 after bounded retries) | retries on resets %d | lost writes 0 (reads only)", resetAttempts-1)
	p.setMode("pass")
	p.close()
	// Idle keep-alive connections hold goroutines until closed; then the count
	// must settle back.
	waitFor(t, func() bool { return runtime.NumGoroutine() <= before+2 })
}
