package vaultproc

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
)

// DevArgs are the arguments of a dev server on 127.0.0.1:port whose root
// token is token. Dev mode mounts KV v2 at secret/ and is ready unsealed.
func DevArgs(port int, token string) []string {
	return []string{"server", "-dev", "-dev-no-store-token",
		"-dev-root-token-id=" + token,
		fmt.Sprintf("-dev-listen-address=127.0.0.1:%d", port)}
}

// RandomToken returns a root token for a dev server nobody else can guess.
func RandomToken() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return "root-" + hex.EncodeToString(b)
}

// Listener is the TLS part of a non-dev server's listener; nil serves
// plain HTTP.
type Listener struct {
	CertFile, KeyFile string
	ClientCAFile      string // set: client certificates are required (mutual TLS)
}

// NonDev describes a non-dev server that starts uninitialised.
type NonDev struct {
	Port    int
	TLS     *Listener
	DataDir string // file storage in DataDir; "" keeps everything in memory
}

// Addr is the server's address.
func (n NonDev) Addr() string {
	scheme := "http"
	if n.TLS != nil {
		scheme = "https"
	}
	return fmt.Sprintf("%s://127.0.0.1:%d", scheme, n.Port)
}

// WriteConfig writes the server's configuration into dir and returns the
// Config that runs it (Binary left to the caller; Dir is dir).
func (n NonDev) WriteConfig(dir string) (Config, error) {
	listenerTLS := "tls_disable = true"
	if t := n.TLS; t != nil {
		listenerTLS = fmt.Sprintf("tls_cert_file = %q\n  tls_key_file = %q", t.CertFile, t.KeyFile)
		if t.ClientCAFile != "" {
			listenerTLS += fmt.Sprintf("\n  tls_require_and_verify_client_cert = true\n  tls_client_ca_file = %q", t.ClientCAFile)
		}
	}
	backend := `storage "inmem" {}`
	if n.DataDir != "" {
		backend = fmt.Sprintf("storage \"file\" {\n  path = %q\n}", n.DataDir)
	}
	config := fmt.Sprintf(`%s
listener "tcp" {
  address = "127.0.0.1:%d"
  %s
}
disable_mlock = true
api_addr      = %q
ui            = false
`, backend, n.Port, listenerTLS, n.Addr())
	return writeConfig(dir, config, Config{Addr: n.Addr(), Dir: dir, TLS: n.TLS != nil, ClientCert: n.TLS != nil && n.TLS.ClientCAFile != ""})
}

// WriteRawConfig writes an HCL configuration into dir and returns the
// Config that runs a server listening on addr with it.
func WriteRawConfig(dir, hcl, addr string) (Config, error) {
	return writeConfig(dir, hcl, Config{Addr: addr, Dir: dir})
}

func writeConfig(dir, hcl string, cfg Config) (Config, error) {
	path := filepath.Join(dir, "vault.hcl")
	if err := os.WriteFile(path, []byte(hcl), 0o600); err != nil {
		return Config{}, err
	}
	cfg.Args = []string{"server", "-config=" + path}
	return cfg, nil
}
