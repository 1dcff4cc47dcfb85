package vaulttest

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Server is one running Vault process on 127.0.0.1.
type Server struct {
	Addr      string // http://127.0.0.1:PORT
	RootToken string // set for dev servers; "" until you initialise the others
	DataDir   string // file storage folder, when used

	cmd    *exec.Cmd
	args   []string
	tls    *TLS
	logs   *SyncBuffer
	exited chan struct{}
	dir    string
}

// Storage picks the backend of a non-dev server.
type Storage string

const (
	Inmem Storage = "inmem"
	File  Storage = "file"
)

// StartDev starts `vault server -dev` with a known root token. KV v2 is
// mounted at secret/, as dev mode always does.
func StartDev(ctx context.Context) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	token := "root-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	s := &Server{Addr: fmt.Sprintf("http://127.0.0.1:%d", port), RootToken: token}
	s.args = []string{"server", "-dev", "-dev-no-store-token",
		"-dev-root-token-id=" + token,
		fmt.Sprintf("-dev-listen-address=127.0.0.1:%d", port)}
	return s, s.start(ctx, http.StatusOK)
}

// TLS configures a server's listener for HTTPS: PEM files for its
// certificate and key, and optionally a CA whose client certificates it
// requires (mutual TLS).
type TLS struct {
	CertFile, KeyFile string
	ClientCAFile      string
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
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "govault-vault-*")
	if err != nil {
		return nil, err
	}
	scheme, listenerTLS := "http", "tls_disable = true"
	if tlsCfg != nil {
		scheme = "https"
		listenerTLS = fmt.Sprintf("tls_cert_file = %q\n  tls_key_file = %q", tlsCfg.CertFile, tlsCfg.KeyFile)
		if tlsCfg.ClientCAFile != "" {
			listenerTLS += fmt.Sprintf("\n  tls_require_and_verify_client_cert = true\n  tls_client_ca_file = %q", tlsCfg.ClientCAFile)
		}
	}
	s := &Server{Addr: fmt.Sprintf("%s://127.0.0.1:%d", scheme, port), dir: dir, tls: tlsCfg}
	backend := `storage "inmem" {}`
	if storage == File {
		s.DataDir = filepath.Join(dir, "data")
		backend = fmt.Sprintf("storage \"file\" {\n  path = %q\n}", s.DataDir)
	}
	config := fmt.Sprintf(`%s
listener "tcp" {
  address = "127.0.0.1:%d"
  %s
}
disable_mlock = true
api_addr      = %q
ui            = false
`, backend, port, listenerTLS, s.Addr)
	cfgPath := filepath.Join(dir, "vault.hcl")
	if err := os.WriteFile(cfgPath, []byte(config), 0o600); err != nil {
		return nil, err
	}
	s.args = []string{"server", "-config=" + cfgPath}
	// An uninitialised server answers health with 501.
	return s, s.start(ctx, http.StatusNotImplemented)
}

func (s *Server) start(ctx context.Context, ready int) error {
	bin, err := Binary()
	if err != nil {
		return err
	}
	s.logs = &SyncBuffer{}
	s.cmd = exec.Command(bin, s.args...)
	s.cmd.Stdout, s.cmd.Stderr = s.logs, s.logs
	s.cmd.Env = append(os.Environ(), "VAULT_LOG_LEVEL=warn", "HOME="+os.TempDir())
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("vaulttest: start %s: %w", bin, err)
	}
	s.exited = make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(s.exited) }()
	if err := s.waitReady(ctx, ready); err != nil {
		s.Stop()
		return fmt.Errorf("vaulttest: vault %v did not come up: %w\n--- vault output ---\n%s", s.args, err, s.logs.String())
	}
	return nil
}

func (s *Server) waitReady(ctx context.Context, want int) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	client := &http.Client{Timeout: 2 * time.Second}
	if s.tls != nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // readiness only
		client.Transport = tr
	}
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.Addr+"/v1/sys/health", nil)
		rsp, err := client.Do(req)
		if err == nil {
			rsp.Body.Close()
			if rsp.StatusCode == want {
				return nil
			}
		} else if s.tls != nil && s.tls.ClientCAFile != "" && strings.Contains(err.Error(), "tls: ") {
			return nil // it refuses a probe without a client certificate: it is up
		}
		select {
		case <-s.exited:
			return errors.New("process exited")
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Restart stops the process and starts it again on the same address and
// storage. A file-storage server comes back sealed (health 503).
func (s *Server) Restart(ctx context.Context) error {
	s.stopProcess()
	return s.start(ctx, http.StatusServiceUnavailable)
}

// Logs returns what the server printed so far, for failure messages.
func (s *Server) Logs() string { return s.logs.String() }

// Stop ends the process and removes its files.
func (s *Server) Stop() {
	s.stopProcess()
	if s.dir != "" {
		os.RemoveAll(s.dir)
	}
}

func (s *Server) stopProcess() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("vaulttest: no free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// SyncBuffer is a bytes.Buffer safe for concurrent writers, for process
// output and captured logs.
type SyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
