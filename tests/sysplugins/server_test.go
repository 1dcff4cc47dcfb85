package sysplugins_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/govault/govault/internal/vaulttest"
)

// pluginServer is a dev server with a plugin directory, which the harness's
// dev server lacks: registering an external plugin needs one.
type pluginServer struct {
	Addr      string
	RootToken string
	PluginDir string

	dir    string
	cmd    *exec.Cmd
	logs   *lockedBuffer
	exited chan struct{}
}

func startPluginServer(ctx context.Context) (*pluginServer, error) {
	bin, err := vaulttest.Binary()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "govault-sysplugins-*")
	if err != nil {
		return nil, err
	}
	s := &pluginServer{dir: dir, PluginDir: filepath.Join(dir, "plugins"), logs: &lockedBuffer{}, exited: make(chan struct{})}
	// Dev mode registers every file already in the directory at start-up and
	// fails on anything that is not a plugin, so it starts out empty.
	if err := os.Mkdir(s.PluginDir, 0o755); err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	s.Addr = fmt.Sprintf("http://127.0.0.1:%d", port)
	s.RootToken = "root-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	s.cmd = exec.Command(bin, "server", "-dev", "-dev-no-store-token",
		"-dev-root-token-id="+s.RootToken,
		fmt.Sprintf("-dev-listen-address=127.0.0.1:%d", port),
		"-dev-plugin-dir="+s.PluginDir)
	s.cmd.Stdout, s.cmd.Stderr = s.logs, s.logs
	s.cmd.Env = append(os.Environ(), "VAULT_LOG_LEVEL=warn", "HOME="+dir)
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { _ = s.cmd.Wait(); close(s.exited) }()
	if err := s.waitHealthy(ctx); err != nil {
		s.Stop()
		return nil, fmt.Errorf("plugin dev server did not come up: %w\n%s", err, s.logs.String())
	}
	return s, nil
}

func (s *pluginServer) waitHealthy(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	hc := &http.Client{Timeout: 2 * time.Second}
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.Addr+"/v1/sys/health", nil)
		if rsp, err := hc.Do(req); err == nil {
			rsp.Body.Close()
			if rsp.StatusCode == http.StatusOK {
				return nil
			}
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

// Stop ends the server and removes its files.
func (s *pluginServer) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Signal(os.Interrupt)
		select {
		case <-s.exited:
		case <-time.After(10 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.exited
		}
	}
	os.RemoveAll(s.dir)
}

// install copies the file at src into the plugin directory as name and
// returns its hex SHA-256.
func (s *pluginServer) install(src, name string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer in.Close()
	out, err := os.OpenFile(filepath.Join(s.PluginDir, name), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(out, h), in); err != nil {
		out.Close()
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), out.Close()
}

// buildFakePlugin compiles testdata/fakeplugin, a minimal secrets engine
// plugin, into dir. It borrows tools/vault's module requirements, so the
// dependencies are the ones the Vault build already fetched.
func buildFakePlugin(dir string) (string, error) {
	src, err := filepath.Abs(filepath.Join("testdata", "fakeplugin"))
	if err != nil {
		return "", err
	}
	toolsVault := filepath.Join(src, "..", "..", "..", "..", "tools", "vault")
	mod, err := os.ReadFile(filepath.Join(toolsVault, "go.mod"))
	if err != nil {
		return "", err
	}
	sum, err := os.ReadFile(filepath.Join(toolsVault, "go.sum"))
	if err != nil {
		return "", err
	}
	main, err := os.ReadFile(filepath.Join(src, "main.go"))
	if err != nil {
		return "", err
	}
	work := filepath.Join(dir, "fakeplugin-src")
	if err := os.MkdirAll(work, 0o755); err != nil {
		return "", err
	}
	mod = regexp.MustCompile(`(?m)^module .*$`).ReplaceAll(mod, []byte("module fakeplugin"))
	for name, data := range map[string][]byte{"go.mod": mod, "go.sum": sum, "main.go": main} {
		if err := os.WriteFile(filepath.Join(work, name), data, 0o644); err != nil {
			return "", err
		}
	}
	out := filepath.Join(dir, "fakeplugin")
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		goBin = "go"
	}
	cmd := exec.Command(goBin, "build", "-o", out, ".")
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building the fake plugin: %w\n%s", err, logs.String())
	}
	return out, nil
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
