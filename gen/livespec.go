package gen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
)

// LiveSpec fetches the OpenAPI document a running Vault serves at
// sys/internal/specs/openapi. Vault only describes what is mounted, so with
// mountAll set every builtin auth method and secrets engine from the plugin
// catalog is mounted first (at its own name) — on a dev server, never on one
// that matters.
func LiveSpec(ctx context.Context, addr, token string, mountAll bool) ([]byte, error) {
	c := &vaultHTTP{addr: strings.TrimSuffix(addr, "/"), token: token, hc: &http.Client{Timeout: 60 * time.Second}}
	if mountAll {
		if err := c.mountBuiltins(ctx); err != nil {
			return nil, err
		}
	}
	return c.do(ctx, http.MethodGet, "sys/internal/specs/openapi", nil)
}

// ErrVaultUnreachable and ErrVaultToken tell the two common failures apart.
var (
	ErrVaultUnreachable = errors.New("vault server unreachable")
	ErrVaultToken       = errors.New("vault rejected the token")
)

type vaultHTTP struct {
	addr, token string
	hc          *http.Client
}

func (c *vaultHTTP) do(ctx context.Context, method, path string, body any) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.addr+"/v1/"+path, rd)
	if err != nil {
		return nil, fmt.Errorf("vault address %q: %w", c.addr, err)
	}
	if c.token != "" {
		req.Header.Set("X-Vault-Token", c.token)
	}
	rsp, err := c.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrVaultUnreachable, c.addr, err)
	}
	defer rsp.Body.Close()
	raw, err := io.ReadAll(rsp.Body)
	if err != nil {
		return nil, err
	}
	switch {
	case rsp.StatusCode == http.StatusForbidden || rsp.StatusCode == http.StatusUnauthorized:
		return nil, fmt.Errorf("%w: %s %s answered %d", ErrVaultToken, method, path, rsp.StatusCode)
	case rsp.StatusCode >= 300:
		return nil, fmt.Errorf("vault: %s %s answered %d: %s", method, path, rsp.StatusCode, bytes.TrimSpace(raw))
	}
	return raw, nil
}

// mountBuiltins mounts every builtin plugin that is not mounted yet.
func (c *vaultHTTP) mountBuiltins(ctx context.Context) error {
	raw, err := c.do(ctx, http.MethodGet, "sys/plugins/catalog", nil)
	if err != nil {
		return err
	}
	var catalog struct {
		Data struct {
			Auth   []string `json:"auth"`
			Secret []string `json:"secret"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &catalog); err != nil {
		return fmt.Errorf("plugin catalog: %w", err)
	}
	mounted := func(path string) (map[string]any, error) {
		raw, err := c.do(ctx, http.MethodGet, path, nil)
		if err != nil {
			return nil, err
		}
		var out struct {
			Data map[string]any `json:"data"`
		}
		return out.Data, json.Unmarshal(raw, &out)
	}
	auths, err := mounted("sys/auth")
	if err != nil {
		return err
	}
	secrets, err := mounted("sys/mounts")
	if err != nil {
		return err
	}
	for _, name := range catalog.Data.Auth {
		if _, ok := auths[name+"/"]; ok || name == "token" {
			continue
		}
		if _, err := c.do(ctx, http.MethodPost, "sys/auth/"+name, map[string]any{"type": name}); err != nil {
			return fmt.Errorf("mount auth %s: %w", name, err)
		}
	}
	// The database engine is one mount type for all database plugins; the
	// catalog lists the plugins, not the engine.
	if !slices.Contains(catalog.Data.Secret, "database") {
		catalog.Data.Secret = append(catalog.Data.Secret, "database")
	}
	for _, name := range catalog.Data.Secret {
		switch name {
		case "cubbyhole", "identity", "system":
			continue // always mounted, and only once
		}
		if _, ok := secrets[name+"/"]; ok {
			continue
		}
		body := map[string]any{"type": name}
		if name == "kv" {
			body["options"] = map[string]string{"version": "1"} // secret/ is v2 on dev servers
		}
		if _, err := c.do(ctx, http.MethodPost, "sys/mounts/"+name, body); err != nil {
			return fmt.Errorf("mount secrets %s: %w", name, err)
		}
	}
	return nil
}
