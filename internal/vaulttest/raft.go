package vaulttest

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"

	"github.com/govault/govault/internal/vaultproc"
)

// StartRaftNode starts an uninitialised, sealed node with integrated storage
// (raft) in its own data directory: the first node of a cluster is
// initialised, the others join it.
func StartRaftNode(ctx context.Context, nodeID string) (*Server, error) {
	apiPort, err := vaultproc.FreePort()
	if err != nil {
		return nil, err
	}
	clusterPort, err := vaultproc.FreePort()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "govault-raft-"+nodeID+"-*")
	if err != nil {
		return nil, err
	}
	s := &Server{Addr: fmt.Sprintf("http://127.0.0.1:%d", apiPort), DataDir: filepath.Join(dir, "data")}
	if err := os.Mkdir(s.DataDir, 0o700); err != nil {
		os.RemoveAll(dir)
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
	cfg, err := vaultproc.WriteRawConfig(dir, config, s.Addr)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return s, s.start(ctx, cfg, http.StatusNotImplemented)
}

// WaitHealth polls sys/health until it answers one of the statuses (200
// active, 429 standby, 501 uninitialised, 503 sealed).
func (s *Server) WaitHealth(ctx context.Context, want ...int) error {
	return s.proc.WaitHealth(ctx, want...)
}

// Kill ends the process at once, as a crash would (its files stay until Stop).
func (s *Server) Kill() { s.proc.Kill() }
