package vaulttest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/govault/govault/internal/vaultproc"
	"github.com/govault/govault/wrappers"
)

// Server is a Vault server started by Start for one test.
type Server struct {
	Addr      string // http://127.0.0.1:PORT
	RootToken string

	// UnsealKeys are the key shares (hex) of a server started WithInit,
	// UnsealKeysBase64 the same shares base64 encoded; nil for a dev server.
	UnsealKeys       []string
	UnsealKeysBase64 []string

	t    testing.TB
	proc *vaultproc.Process
}

// setupTimeout bounds starting, initialising and mounting; a healthy
// server needs a few seconds.
const setupTimeout = 2 * time.Minute

// Start runs a Vault server for the test: `vault server -dev` by default,
// or a non-dev one initialised and unsealed WithInit; then it mounts what
// WithSecretsEngine and WithAuthMethod name. The server stops when the
// test and its subtests end; if the test failed, its output is logged.
// Any problem fails the test (t.Fatal), except a missing binary with
// SkipIfNoBinary, which skips it.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.shares != 0 && (cfg.threshold < 1 || cfg.threshold > cfg.shares) {
		t.Fatalf("vaulttest: WithInit(%d, %d): want 1 <= threshold <= shares", cfg.shares, cfg.threshold)
	}
	bin, err := findBinary(cfg.binary)
	if errors.Is(err, errNoBinary) && cfg.skipIfNoBinary {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), setupTimeout)
	defer cancel()
	s := &Server{t: t}
	if err := s.launch(ctx, bin, cfg); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("vaulttest: output of the Vault server at %s:\n%s", s.Addr, s.proc.Logs())
		}
		s.proc.Stop()
	})
	if cfg.shares != 0 {
		if err := s.initialize(ctx, cfg.shares, cfg.threshold); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.mount(ctx, cfg.mounts); err != nil {
		t.Fatal(err)
	}
	return s
}

// launch starts the process: a dev server with a random root token, or a
// non-dev one with in-memory storage that answers health with 501 until
// it is initialised.
func (s *Server) launch(ctx context.Context, bin string, cfg config) error {
	port, err := vaultproc.FreePort()
	if err != nil {
		return err
	}
	pc, ready := vaultproc.Config{}, http.StatusOK
	if cfg.shares == 0 {
		s.RootToken = vaultproc.RandomToken()
		pc = vaultproc.Config{Args: vaultproc.DevArgs(port, s.RootToken), Addr: fmt.Sprintf("http://127.0.0.1:%d", port)}
	} else {
		dir, err := os.MkdirTemp("", "vaulttest-*")
		if err != nil {
			return err
		}
		if pc, err = (vaultproc.NonDev{Port: port}).WriteConfig(dir); err != nil {
			os.RemoveAll(dir)
			return err
		}
		ready = http.StatusNotImplemented
	}
	pc.Binary = bin
	p, err := vaultproc.Start(ctx, pc, ready)
	if err != nil {
		return fmt.Errorf("vaulttest: %w", err)
	}
	s.Addr, s.proc = pc.Addr, p
	return nil
}

// Client returns a new client for the server with the root token. It does
// not read the VAULT_* environment, so a developer's own settings never
// reach the test server; opts come last and win.
func (s *Server) Client(opts ...wrappers.Option) *wrappers.Client {
	s.t.Helper()
	return newClient(s.t, s.Addr, s.RootToken, opts)
}

// Logs returns what the server has printed so far.
func (s *Server) Logs() string { return s.proc.Logs() }

func newClient(t testing.TB, addr, token string, opts []wrappers.Option) *wrappers.Client {
	t.Helper()
	base := []wrappers.Option{wrappers.WithoutEnv(), wrappers.WithAddress(addr), wrappers.WithToken(token)}
	c, err := wrappers.NewClient(append(base, opts...)...)
	if err != nil {
		t.Fatalf("vaulttest: client for %s: %v", addr, err)
	}
	return c
}
