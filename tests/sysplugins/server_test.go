package sysplugins_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"

	"github.com/govault/govault/internal/vaultproc"
	"github.com/govault/govault/internal/vaulttest"
)

// pluginServer is a dev server with a plugin directory, which the harness's
// dev server lacks: registering an external plugin needs one.
type pluginServer struct {
	Addr      string
	RootToken string
	PluginDir string

	proc *vaultproc.Process
}

func startPluginServer(ctx context.Context) (*pluginServer, error) {
	bin, err := vaulttest.Binary()
	if err != nil {
		return nil, err
	}
	port, err := vaultproc.FreePort()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "govault-sysplugins-*")
	if err != nil {
		return nil, err
	}
	s := &pluginServer{Addr: fmt.Sprintf("http://127.0.0.1:%d", port), RootToken: vaultproc.RandomToken(), PluginDir: filepath.Join(dir, "plugins")}
	// Dev mode registers every file already in the directory at start-up and
	// fails on anything that is not a plugin, so it starts out empty.
	if err := os.Mkdir(s.PluginDir, 0o755); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	cfg := vaultproc.Config{Binary: bin, Addr: s.Addr, Dir: dir,
		Args: append(vaultproc.DevArgs(port, s.RootToken), "-dev-plugin-dir="+s.PluginDir)}
	if s.proc, err = vaultproc.Start(ctx, cfg, http.StatusOK); err != nil {
		return nil, fmt.Errorf("plugin dev server: %w", err)
	}
	return s, nil
}

// Stop ends the server and removes its files.
func (s *pluginServer) Stop() { s.proc.Stop() }

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
