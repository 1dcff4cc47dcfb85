package wrappers

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/govault/govault/wrappers/internal/certload"
)

// Environment variables NewClient reads, with the Vault CLI's names.
const (
	EnvAddress          = "VAULT_ADDR"
	EnvAgentAddress     = "VAULT_AGENT_ADDR" // wins over VAULT_ADDR; may be unix://
	EnvToken            = "VAULT_TOKEN"      // else ~/.vault-token
	EnvNamespace        = "VAULT_NAMESPACE"
	EnvCACert           = "VAULT_CACERT"
	EnvCACertBytes      = "VAULT_CACERT_BYTES"
	EnvCAPath           = "VAULT_CAPATH"
	EnvClientCert       = "VAULT_CLIENT_CERT"
	EnvClientKey        = "VAULT_CLIENT_KEY"
	EnvTLSServerName    = "VAULT_TLS_SERVER_NAME"
	EnvSkipVerify       = "VAULT_SKIP_VERIFY"
	EnvClientTimeout    = "VAULT_CLIENT_TIMEOUT"
	EnvMaxRetries       = "VAULT_MAX_RETRIES"
	EnvRetryWaitMin     = "VAULT_RETRY_WAIT_MIN"
	EnvRetryWaitMax     = "VAULT_RETRY_WAIT_MAX"
	EnvRateLimit        = "VAULT_RATE_LIMIT" // "rate" or "rate:burst"
	EnvHeaders          = "VAULT_HEADERS"    // a JSON object of header names to values
	EnvDisableRedirects = "VAULT_DISABLE_REDIRECTS"
	EnvSRVLookup        = "VAULT_SRV_LOOKUP"
	EnvHTTPProxy        = "VAULT_HTTP_PROXY"
)

// fromEnv reads the environment into cfg. Invalid values are an error now,
// not a surprise at the first request.
func (cfg *config) fromEnv() error {
	get := func(k string) string { return strings.TrimSpace(os.Getenv(k)) }
	if v := get(EnvAddress); v != "" {
		if err := cfg.setAddress(v); err != nil {
			return err
		}
	}
	if v := get(EnvAgentAddress); v != "" {
		if err := cfg.setAddress(v); err != nil {
			return err
		}
	}
	cfg.token, cfg.tokenFrom = get(EnvToken), EnvToken
	if cfg.token == "" {
		cfg.token, cfg.tokenFrom = tokenFromFile(), "~/.vault-token"
	}
	cfg.namespace, cfg.namespaceFrom = get(EnvNamespace), EnvNamespace
	cfg.tls.caFile, cfg.tls.caPath = get(EnvCACert), get(EnvCAPath)
	if v := os.Getenv(EnvCACertBytes); v != "" {
		cfg.tls.caPEM = []byte(v)
	}
	cert, key := get(EnvClientCert), get(EnvClientKey)
	if (cert == "") != (key == "") {
		return fmt.Errorf("vault: %s and %s must be set together", EnvClientCert, EnvClientKey)
	}
	cfg.tls.certFile, cfg.tls.keyFile = cert, key
	cfg.tls.loadKeyPair = certload.LoadX509KeyPair
	cfg.tls.serverName = get(EnvTLSServerName)

	var err error
	boolVar := func(k string, dst *bool) {
		if v := get(k); v != "" && err == nil {
			if *dst, err = strconv.ParseBool(v); err != nil {
				err = fmt.Errorf("vault: %s=%q is not a boolean", k, v)
			}
		}
	}
	durVar := func(k string, dst *time.Duration) {
		if v := get(k); v != "" && err == nil {
			if *dst, err = parseDuration(v); err != nil {
				err = fmt.Errorf("vault: %s=%q is not a duration: %v", k, v, err)
			}
		}
	}
	boolVar(EnvSkipVerify, &cfg.tls.skipVerify)
	boolVar(EnvDisableRedirects, &cfg.disableRedirects)
	boolVar(EnvSRVLookup, &cfg.srvLookup)
	durVar(EnvClientTimeout, &cfg.timeout)
	cfg.timeoutSet = get(EnvClientTimeout) != ""
	durVar(EnvRetryWaitMin, &cfg.retry.min)
	durVar(EnvRetryWaitMax, &cfg.retry.cap)
	if err != nil {
		return err
	}
	if v := get(EnvMaxRetries); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return fmt.Errorf("vault: %s=%q is not a whole number >= 0", EnvMaxRetries, v)
		}
		cfg.retry.max = n
	}
	if cfg.retry.cap < cfg.retry.min {
		return fmt.Errorf("vault: %s is below %s", EnvRetryWaitMax, EnvRetryWaitMin)
	}
	if v := get(EnvRateLimit); v != "" {
		r, b, _ := strings.Cut(v, ":")
		rate, err1 := strconv.ParseFloat(r, 64)
		burst, err2 := 0, error(nil)
		if b != "" {
			burst, err2 = strconv.Atoi(b)
		}
		if err1 != nil || err2 != nil || !(rate >= 0) || burst < 0 { // NaN too
			return fmt.Errorf("vault: %s=%q: want rate or rate:burst", EnvRateLimit, v)
		}
		cfg.rateLimit, cfg.rateBurst = rate, burst
	}
	if v := get(EnvHeaders); v != "" {
		var hs map[string]string
		if err := json.Unmarshal([]byte(v), &hs); err != nil {
			return fmt.Errorf("vault: %s must be a JSON object of header names to values: %w", EnvHeaders, err)
		}
		for k, val := range hs {
			if err := checkHeader(EnvHeaders, k, val); err != nil {
				return err
			}
			if strings.HasPrefix(http.CanonicalHeaderKey(k), "X-Vault-") {
				return fmt.Errorf("vault: %s may not set Vault's own header %s", EnvHeaders, k)
			}
			if cfg.headers == nil {
				cfg.headers = http.Header{}
			}
			cfg.headers.Set(k, val)
		}
	}
	if v := get(EnvHTTPProxy); v != "" {
		if err := WithProxy(v).apply(cfg); err != nil {
			return fmt.Errorf("%s: %w", EnvHTTPProxy, err)
		}
	}
	return nil
}

// parseDuration takes "1m30s" or bare seconds, as the Vault CLI does. Seconds
// beyond what a Duration holds are an error, not a wrapped negative value.
func parseDuration(v string) (time.Duration, error) {
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		if ns := n * float64(time.Second); ns >= 0 && ns < float64(math.MaxInt64) { // NaN fails both
			return time.Duration(ns), nil
		}
		return 0, errors.New("out of range")
	}
	d, err := time.ParseDuration(v)
	if err == nil && d < 0 {
		err = errors.New("negative")
	}
	return d, err
}

// tokenFromFile reads ~/.vault-token, where `vault login` leaves the token.
func tokenFromFile() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	raw, err := os.ReadFile(filepath.Join(home, ".vault-token"))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(raw))
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}
