package wrappers

import (
	"fmt"
	"os"
	"strconv"
)

// Environment variables NewClient reads, with the Vault CLI's names.
const (
	EnvAddress       = "VAULT_ADDR"
	EnvToken         = "VAULT_TOKEN"
	EnvNamespace     = "VAULT_NAMESPACE"
	EnvCACert        = "VAULT_CACERT"
	EnvClientCert    = "VAULT_CLIENT_CERT"
	EnvClientKey     = "VAULT_CLIENT_KEY"
	EnvSkipVerify    = "VAULT_SKIP_VERIFY"
	EnvTLSServerName = "VAULT_TLS_SERVER_NAME"
)

// fromEnv reads the environment into cfg. Invalid values are an error now,
// not a surprise at the first request.
func (cfg *config) fromEnv() error {
	if v := os.Getenv(EnvAddress); v != "" {
		cfg.address = v
	}
	if v := os.Getenv(EnvToken); v != "" {
		cfg.token = v
	}
	if v := os.Getenv(EnvNamespace); v != "" {
		cfg.namespace = v
	}
	if v := os.Getenv(EnvCACert); v != "" {
		cfg.tls.caFile = v
	}
	cert, key := os.Getenv(EnvClientCert), os.Getenv(EnvClientKey)
	if (cert == "") != (key == "") {
		return fmt.Errorf("vault: %s and %s must be set together", EnvClientCert, EnvClientKey)
	}
	cfg.tls.certFile, cfg.tls.keyFile = cert, key
	if v := os.Getenv(EnvTLSServerName); v != "" {
		cfg.tls.serverName = v
	}
	if v := os.Getenv(EnvSkipVerify); v != "" {
		skip, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("vault: %s=%q is not a boolean", EnvSkipVerify, v)
		}
		cfg.tls.skipVerify = skip
	}
	return nil
}
