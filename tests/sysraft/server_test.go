package sysraft_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"github.com/govault/govault/internal/vaulttest"
)

// raftNode is one non-dev Vault process with integrated storage, which the
// dev servers the harness starts do not use.
type raftNode struct {
	NodeID string
	Addr   string // http://127.0.0.1:PORT

	dir    string
	cmd    *exec.Cmd
	logs   *lockedBuffer
	exited chan struct{}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// startRaftNode starts an uninitialised, sealed node with its own data
// directory (answering health with 501).
func startRaftNode(ctx context.Context, nodeID string) (*raftNode, error) {
	bin, err := vaulttest.Binary()
	if err != nil {
		return nil, err
	}
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
	n := &raftNode{NodeID: nodeID, Addr: fmt.Sprintf("http://127.0.0.1:%d", apiPort), dir: dir, logs: &lockedBuffer{}, exited: make(chan struct{})}
	data := filepath.Join(dir, "data")
	if err := os.Mkdir(data, 0o700); err != nil {
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
`, data, nodeID, apiPort, clusterPort, n.Addr, clusterPort)
	cfg := filepath.Join(dir, "vault.hcl")
	if err := os.WriteFile(cfg, []byte(config), 0o600); err != nil {
		return nil, err
	}
	n.cmd = exec.Command(bin, "server", "-config="+cfg)
	n.cmd.Stdout, n.cmd.Stderr = n.logs, n.logs
	n.cmd.Env = append(os.Environ(), "VAULT_LOG_LEVEL=warn", "HOME="+dir)
	if err := n.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	go func() { _ = n.cmd.Wait(); close(n.exited) }()
	if err := n.WaitHealth(ctx, http.StatusNotImplemented); err != nil {
		n.Stop()
		return nil, err
	}
	return n, nil
}

// WaitHealth polls sys/health until it answers with one of the statuses
// (200 active, 429 standby, 501 uninitialised, 503 sealed).
func (n *raftNode) WaitHealth(ctx context.Context, want ...int) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	hc := &http.Client{Timeout: 2 * time.Second}
	last := 0
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, n.Addr+"/v1/sys/health", nil)
		if rsp, err := hc.Do(req); err == nil {
			rsp.Body.Close()
			last = rsp.StatusCode
			for _, w := range want {
				if rsp.StatusCode == w {
					return nil
				}
			}
		}
		select {
		case <-n.exited:
			return fmt.Errorf("raft node %s exited\n%s", n.NodeID, n.logs.String())
		case <-ctx.Done():
			return fmt.Errorf("raft node %s: health stayed at %d, want %v: %w\n%s", n.NodeID, last, want, ctx.Err(), n.logs.String())
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// Stop ends the process and removes its data.
func (n *raftNode) Stop() {
	if n.cmd != nil && n.cmd.Process != nil {
		_ = n.cmd.Process.Signal(os.Interrupt)
		select {
		case <-n.exited:
		case <-time.After(15 * time.Second):
			_ = n.cmd.Process.Kill()
			<-n.exited
		}
	}
	os.RemoveAll(n.dir)
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
