package vaulttest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// StartRaftNode starts an uninitialised, sealed node with integrated storage
// (raft) in its own data directory: the first node of a cluster is
// initialised, the others join it.
func StartRaftNode(ctx context.Context, nodeID string) (*Server, error) {
	apiPort, err := freePort()
	if err != nil {
		return nil, err
	}
	clusterPort, err := freePort()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "govault-raft-"+nodeID+"-*")
	if err != nil {
		return nil, err
	}
	s := &Server{Addr: fmt.Sprintf("http://127.0.0.1:%d", apiPort), dir: dir, DataDir: filepath.Join(dir, "data")}
	if err := os.Mkdir(s.DataDir, 0o700); err != nil {
		return nil, err
	}
	config := fmt.Sprintf(`storage "raft" {
  path    = %q
  node_id = %q
}
listener "tcp" {
  address         = "127.0.0.1:%d"
  cluster_address = "127.0.0.1:%d"
  tls_disable     = true
}
disable_mlock = true
api_addr      = %q
cluster_addr  = "https://127.0.0.1:%d"
ui            = false
`, s.DataDir, nodeID, apiPort, clusterPort, s.Addr, clusterPort)
	cfgPath := filepath.Join(dir, "vault.hcl")
	if err := os.WriteFile(cfgPath, []byte(config), 0o600); err != nil {
		return nil, err
	}
	s.args = []string{"server", "-config=" + cfgPath}
	return s, s.start(ctx, http.StatusNotImplemented)
}

// WaitHealth polls sys/health until it answers one of the statuses (200
// active, 429 standby, 501 uninitialised, 503 sealed).
func (s *Server) WaitHealth(ctx context.Context, want ...int) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	hc := &http.Client{Timeout: 2 * time.Second}
	last := 0
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.Addr+"/v1/sys/health", nil)
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
		case <-s.exited:
			return errors.New("vaulttest: the server exited\n" + s.Logs())
		case <-ctx.Done():
			return fmt.Errorf("vaulttest: health stayed at %d, want %v: %w\n%s", last, want, ctx.Err(), s.Logs())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Kill ends the process at once, as a crash would (its files stay until Stop).
func (s *Server) Kill() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}
