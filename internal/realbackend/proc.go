// Package realbackend starts the real servers Vault's plugins manage
// (PostgreSQL, MariaDB, Redis, OpenLDAP, FreeRADIUS, RabbitMQ) from the
// Debian packages `make backends` installs: each on 127.0.0.1, on a free
// port, with its data in a temp dir, stopped (its whole process group) when
// the test ends. A server that is missing or does not come up fails the test
// naming the server and the reason; nothing is skipped.
package realbackend

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// hint ends every failure: the usual cause is a machine without the packages.
const hint = "run make backends"

// fail stops the test with a message naming the server and the reason.
func fail(t testing.TB, server string, format string, args ...any) {
	t.Helper()
	t.Fatalf("realbackend: %s: %s (%s)", server, fmt.Sprintf(format, args...), hint)
}

// needBinary is binary, failing t (naming server) when none exists.
func needBinary(t testing.TB, server string, candidates ...string) string {
	t.Helper()
	path, err := binary(candidates...)
	if err != nil {
		fail(t, server, "%v", err)
	}
	return path
}

// needPort is a free loopback port for network ("tcp" or "udp"), failing
// t (naming server) when there is none.
func needPort(t testing.TB, server, network string) int {
	t.Helper()
	port, err := freePort(network)
	if err != nil {
		fail(t, server, "%v", err)
	}
	return port
}

// binary finds the first existing path of a server's executable.
func binary(candidates ...string) (string, error) {
	for _, c := range candidates {
		if strings.ContainsRune(c, '*') {
			matches, _ := filepath.Glob(c)
			if len(matches) > 0 {
				return matches[len(matches)-1], nil
			}
			continue
		}
		if filepath.IsAbs(c) {
			if _, err := os.Stat(c); err == nil {
				return c, nil
			}
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("none of %v is installed", candidates)
}

// freePort returns a TCP (or UDP) port on 127.0.0.1 nobody listens on now.
func freePort(network string) (int, error) {
	if network == "udp" {
		c, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		defer c.Close()
		return c.LocalAddr().(*net.UDPAddr).Port, nil
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// freePorts returns n distinct free TCP ports (all held open while chosen,
// so none is handed out twice).
func freePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// proc is a server process in its own process group, its output in a log.
type proc struct {
	name string
	cmd  *exec.Cmd
	log  *syncBuffer
	done chan struct{}
	err  error // set before done closes
	// kill skips the graceful SIGTERM: for servers whose shutdown takes
	// seconds and leaves nothing behind that matters (the data dir goes).
	kill  bool
	began time.Time
}

// start runs cmd in a new process group and registers its stop with t.
func start(t testing.TB, name string, cmd *exec.Cmd) *proc {
	t.Helper()
	p := &proc{name: name, cmd: cmd, log: &syncBuffer{}, done: make(chan struct{}), began: time.Now()}
	cmd.Stdout, cmd.Stderr = p.log, p.log
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	if err := cmd.Start(); err != nil {
		fail(t, name, "start %s: %v", cmd.Path, err)
	}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(p.stop)
	if watch != nil {
		watch(p)
	}
	return p
}

// watch, when set (by this package's tests), sees every process started.
var watch func(*proc)

// watchDir, when set (by this package's tests), sees every temp dir made.
var watchDir func(string)

// stop ends the whole process group: SIGTERM, then SIGKILL after 10s
// (at once when p.kill).
func (p *proc) stop() {
	pgid := p.cmd.Process.Pid
	if !p.kill {
		_ = syscall.Kill(-pgid, syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(10 * time.Second):
		}
	}
	// Children may outlive the leader; the group goes either way.
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	<-p.done
	// Children the leader did not wait for end (and are reaped) a moment later.
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if syscall.Kill(-pgid, 0) == syscall.ESRCH {
			return
		}
	}
}

// exited reports whether the process has ended.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// waitReady polls ready until it succeeds, the process exits or limit
// passes (from launch); it fails t with the last error and the end of the
// server's log.
func (p *proc) waitReady(t testing.TB, limit time.Duration, ready func(context.Context) error) {
	t.Helper()
	deadline := p.began.Add(limit)
	var last error
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		last = ready(ctx)
		cancel()
		if last == nil {
			t.Logf("realbackend: %s ready %v after launch", p.name, time.Since(p.began).Round(10*time.Millisecond))
			return
		}
		if p.exited() {
			fail(t, p.name, "exited before it was ready (%v); log:\n%s", p.err, p.log.tail())
		}
		if time.Now().After(deadline) {
			fail(t, p.name, "not ready after %v: %v; log:\n%s", limit, last, p.log.tail())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// run runs a setup command to its end, failing t with its output.
func run(t testing.TB, server string, cmd *exec.Cmd) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c := exec.CommandContext(ctx, cmd.Path, cmd.Args[1:]...)
	c.Env, c.Dir, c.SysProcAttr, c.Stdin = cmd.Env, cmd.Dir, cmd.SysProcAttr, cmd.Stdin
	out, err := c.CombinedOutput()
	if err != nil {
		fail(t, server, "%s: %v\n%s", strings.Join(cmd.Args, " "), err, tailOf(out))
	}
}

// syncBuffer is a log many goroutines write.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *syncBuffer) tail() string { return tailOf([]byte(b.String())) }

// tailOf keeps the last 40 lines of a log.
func tailOf(out []byte) string {
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) > 40 {
		lines = lines[len(lines)-40:]
	}
	return strings.Join(lines, "\n")
}

// tempDir is a fresh directory removed when the test ends; unlike
// t.TempDir its parents are traversable by the system users servers run as.
func tempDir(t testing.TB, server string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "realbackend-"+server+"-")
	if err != nil {
		fail(t, server, "temp dir: %v", err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if watchDir != nil {
		watchDir(dir)
	}
	return dir
}

// errNotReady is a readiness probe's generic refusal.
var errNotReady = errors.New("not ready")

// up logs how long a Start took in all (setup such as initdb included).
func up(t testing.TB, server string, began time.Time) {
	t.Helper()
	t.Logf("realbackend: %s up in %v", server, time.Since(began).Round(10*time.Millisecond))
}
