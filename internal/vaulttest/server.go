package vaulttest

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"

	"github.com/govault/govault/internal/vaultproc"
)

// Server is one running Vault process on 127.0.0.1.
type Server struct {
	Addr      string // http://127.0.0.1:PORT
	RootToken string // set for dev servers; "" until you initialise the others
	DataDir   string // file storage folder, when used

	proc *vaultproc.Process
}

// Storage picks the backend of a non-dev server.
type Storage string

const (
	Inmem Storage = "inmem"
	File  Storage = "file"
)

// TLS configures a server's listener for HTTPS: PEM files for its
// certificate and key, and optionally a CA whose client certificates it
// requires (mutual TLS).
type TLS = vaultproc.Listener

// SyncBuffer is a bytes.Buffer safe for concurrent writers.
type SyncBuffer = vaultproc.SyncBuffer

// StartDev starts `vault server -dev` with a known root token. KV v2 is
// mounted at secret/, as dev mode always does.
func StartDev(ctx context.Context) (*Server, error) {
	port, err := vaultproc.FreePort()
	if err != nil {
		return nil, err
	}
	token := vaultproc.RandomToken()
	cfg := vaultproc.Config{Args: vaultproc.DevArgs(port, token), Addr: fmt.Sprintf("http://127.0.0.1:%d", port)}
	s := &Server{Addr: cfg.Addr, RootToken: token}
	return s, s.start(ctx, cfg, http.StatusOK)
}

// StartUninitialized starts a non-dev server that still needs init and unseal.
// With File storage the data lives in DataDir and survives Restart.
func StartUninitialized(ctx context.Context, storage Storage) (*Server, error) {
	return StartUninitializedTLS(ctx, storage, nil)
}

// StartUninitializedTLS is StartUninitialized serving HTTPS when tlsCfg is set.
// Its readiness check skips certificate verification: the test's client is
// the one that must verify.
func StartUninitializedTLS(ctx context.Context, storage Storage, tlsCfg *TLS) (*Server, error) {
	port, err := vaultproc.FreePort()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "govault-vault-*")
	if err != nil {
		return nil, err
	}
	n := vaultproc.NonDev{Port: port, TLS: tlsCfg}
	if storage == File {
		n.DataDir = filepath.Join(dir, "data")
	}
	cfg, err := n.WriteConfig(dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s := &Server{Addr: cfg.Addr, DataDir: n.DataDir}
	// An uninitialised server answers health with 501.
	return s, s.start(ctx, cfg, http.StatusNotImplemented)
}

func (s *Server) start(ctx context.Context, cfg vaultproc.Config, ready int) error {
	bin, err := Binary()
	if err != nil {
		if cfg.Dir != "" {
			os.RemoveAll(cfg.Dir)
		}
		return err
	}
	cfg.Binary = bin
	p, err := vaultproc.Start(ctx, cfg, ready)
	if err != nil {
		return err
	}
	s.proc = p
	return nil
}

// Restart stops the process and starts it again on the same address and
// storage. A file-storage server comes back sealed (health 503).
func (s *Server) Restart(ctx context.Context) error {
	return s.proc.Restart(ctx, http.StatusServiceUnavailable)
}

// Logs returns what the server printed so far, for failure messages.
func (s *Server) Logs() string {
	if s.proc == nil {
		return ""
	}
	return s.proc.Logs()
}

// Stop ends the process and removes its files.
func (s *Server) Stop() {
	if s.proc != nil {
		s.proc.Stop()
	}
}
