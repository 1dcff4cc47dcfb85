package vaultproc

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A server that dies at start-up is reported at once with what it printed,
// and its folder is removed.
func TestStartReportsAnExitWithTheOutput(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "vault")
	script := "#!/bin/sh\necho \"Error parsing listener configuration\" >&2\nexit 1\n"
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	port, err := FreePort()
	if err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(dir, "work")
	if err := os.Mkdir(work, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg, err := NonDev{Port: port}.WriteConfig(work)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Binary = bin
	_, err = Start(context.Background(), cfg, 501)
	if err == nil || !strings.Contains(err.Error(), "process exited") || !strings.Contains(err.Error(), "Error parsing listener configuration") {
		t.Fatalf("err = %v, want the exit and the server's output", err)
	}
	if _, err := os.Stat(work); !os.IsNotExist(err) {
		t.Errorf("the server's folder survived a failed start: %v", err)
	}
}

func TestNonDevConfig(t *testing.T) {
	dir := t.TempDir()
	cfg, err := NonDev{Port: 8201, DataDir: "/data", TLS: &Listener{CertFile: "c.pem", KeyFile: "k.pem", ClientCAFile: "ca.pem"}}.WriteConfig(dir)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "https://127.0.0.1:8201" || !cfg.TLS || !cfg.ClientCert || cfg.Dir != dir {
		t.Errorf("config %+v: want https on 8201, TLS and client certificates, Dir %s", cfg, dir)
	}
	hcl, err := os.ReadFile(filepath.Join(dir, "vault.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`storage "file"`, `path = "/data"`, `tls_cert_file = "c.pem"`, `tls_client_ca_file = "ca.pem"`, `api_addr      = "https://127.0.0.1:8201"`} {
		if !strings.Contains(string(hcl), want) {
			t.Errorf("vault.hcl lacks %s:\n%s", want, hcl)
		}
	}
}
