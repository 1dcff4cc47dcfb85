// Package vaultproc runs one Vault server process on 127.0.0.1: start it,
// wait until sys/health answers, capture its output, stop it. Both the
// public vaulttest package and the repository's internal/vaulttest build
// on it, so there is one copy of the process handling.
package vaultproc

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Config describes the process to run.
type Config struct {
	Binary string   // the vault executable
	Args   []string // e.g. server -dev ...
	Addr   string   // where it listens: http(s)://127.0.0.1:PORT
	// Dir is removed by Stop (config file, file or raft storage).
	Dir string
	// TLS makes the readiness probe skip certificate verification (the
	// test's own client is the one that must verify); ClientCert says the
	// listener requires client certificates, so a refused handshake already
	// means the server is up.
	TLS, ClientCert bool
}

// Process is one running Vault server.
type Process struct {
	cfg    Config
	cmd    *exec.Cmd
	logs   *SyncBuffer
	exited chan struct{}
}

// Start runs the process and waits until sys/health answers ready (200 for
// an active server, 501 uninitialised, 503 sealed). On failure the process
// is stopped and the error carries its output.
func Start(ctx context.Context, cfg Config, ready int) (*Process, error) {
	p := &Process{cfg: cfg}
	if err := p.start(ctx, ready); err != nil {
		p.Stop()
		return nil, err
	}
	return p, nil
}

func (p *Process) start(ctx context.Context, ready int) error {
	p.logs = &SyncBuffer{}
	p.cmd = exec.Command(p.cfg.Binary, p.cfg.Args...)
	p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
	// HOME keeps the CLI from reading or writing the user's ~/.vault-token.
	p.cmd.Env = append(os.Environ(), "VAULT_LOG_LEVEL=warn", "HOME="+os.TempDir())
	if err := p.cmd.Start(); err != nil {
		p.cmd = nil
		return fmt.Errorf("vault: start %s: %w", p.cfg.Binary, err)
	}
	p.exited = make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(p.exited) }()
	if err := p.waitReady(ctx, ready); err != nil {
		return fmt.Errorf("vault %v did not come up: %w\n--- vault output ---\n%s", p.cfg.Args, err, p.logs.String())
	}
	return nil
}

func (p *Process) probe() *http.Client {
	hc := &http.Client{Timeout: 2 * time.Second}
	if p.cfg.TLS {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // readiness only
		hc.Transport = tr
	}
	return hc
}

func (p *Process) waitReady(ctx context.Context, want int) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	hc := p.probe()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.cfg.Addr+"/v1/sys/health", nil)
		rsp, err := hc.Do(req)
		if err == nil {
			rsp.Body.Close()
			if rsp.StatusCode == want {
				return nil
			}
		} else if p.cfg.ClientCert && strings.Contains(err.Error(), "tls: ") {
			return nil // it refuses a probe without a client certificate: it is up
		}
		select {
		case <-p.exited:
			return errors.New("process exited")
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// WaitHealth polls sys/health until it answers one of the statuses (200
// active, 429 standby, 501 uninitialised, 503 sealed).
func (p *Process) WaitHealth(ctx context.Context, want ...int) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	hc := p.probe()
	last := 0
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.cfg.Addr+"/v1/sys/health", nil)
		if rsp, err := hc.Do(req); err == nil {
			rsp.Body.Close()
			last = rsp.StatusCode
			for _, w := range want {
				if last == w {
					return nil
				}
			}
		}
		select {
		case <-p.exited:
			return errors.New("vault: the server exited\n" + p.Logs())
		case <-ctx.Done():
			return fmt.Errorf("vault: health stayed at %d, want %v: %w\n%s", last, want, ctx.Err(), p.Logs())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Restart stops the process and starts it again with the same arguments
// and files, waiting for ready.
func (p *Process) Restart(ctx context.Context, ready int) error {
	p.stopProcess()
	return p.start(ctx, ready)
}

// Logs returns what the server printed so far, for failure messages.
func (p *Process) Logs() string {
	if p.logs == nil {
		return ""
	}
	return p.logs.String()
}

// Stop ends the process and removes Config.Dir.
func (p *Process) Stop() {
	p.stopProcess()
	if p.cfg.Dir != "" {
		os.RemoveAll(p.cfg.Dir)
	}
}

// Kill ends the process at once, as a crash would (its files stay until Stop).
func (p *Process) Kill() {
	if p.cmd != nil && p.cmd.Process != nil {
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

func (p *Process) stopProcess() {
	if p.cmd == nil || p.cmd.Process == nil {
		return
	}
	_ = p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("vault: no free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
