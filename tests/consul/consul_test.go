package consul_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/govault/govault/generated/consul"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("consul", consul.New)

// fakeConsul answers the few ACL endpoints the engine uses.
type fakeConsul struct {
	*httptest.Server
	mu     sync.Mutex
	n      int
	tokens map[string]map[string]any // accessor -> token as created
	auth   []string                  // X-Consul-Token of each request
	legacy []string                  // rules of legacy tokens
	booted bool
}

func newConsul(t *testing.T) *fakeConsul {
	f := &fakeConsul{tokens: map[string]map[string]any{}}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		defer f.mu.Unlock()
		f.auth = append(f.auth, r.Header.Get("X-Consul-Token"))
		f.n++
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodPut && r.URL.Path == "/v1/acl/bootstrap":
			f.booted = true
			fmt.Fprintf(w, `{"AccessorID":"boot-acc","SecretID":"bootstrap-secret"}`)
		case r.Method == http.MethodPut && r.URL.Path == "/v1/acl/token":
			var tok map[string]any
			_ = json.Unmarshal(body, &tok)
			acc := fmt.Sprintf("acc-%d", f.n)
			tok["AccessorID"], tok["SecretID"] = acc, fmt.Sprintf("secret-%d", f.n)
			f.tokens[acc] = tok
			_ = json.NewEncoder(w).Encode(tok)
		case r.Method == http.MethodPut && r.URL.Path == "/v1/acl/create":
			var e struct{ Rules string }
			_ = json.Unmarshal(body, &e)
			f.legacy = append(f.legacy, e.Rules)
			fmt.Fprintf(w, `{"ID":"legacy-secret-%d"}`, f.n)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(f.Close)
	return f
}

func TestConsul(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	c := newConsul(t)
	addr := strings.TrimPrefix(c.URL, "http://")

	var rsp vtypes.Raw
	_, err := a.ConsulReadAccessConfig(ctx, vtypes.CaptureRaw(&rsp))
	if !errors.Is(err, wrappers.ErrInvalidRequest) || rsp.Response.StatusCode != http.StatusBadRequest {
		t.Fatalf("access config before it is set: want a 400, got %v (%s)", env.Leaks.Seen(err), rsp.Body)
	}
	// No token: Vault bootstraps the ACL system and keeps that token.
	err = a.ConsulConfigureAccess(ctx, consul.ConsulConfigureAccessRequest{Address: addr, Scheme: livetest.Ptr("http")})
	env.OK(t, err)
	if !c.booted {
		t.Fatal("Vault did not bootstrap the ACL system")
	}
	access, err := a.ConsulReadAccessConfig(ctx)
	env.OK(t, err)
	if access.Data.Address != addr || access.Data.Scheme != "http" {
		t.Fatalf("access: %+v", access.Data)
	}

	err = a.ConsulWriteRole(ctx, "svc", consul.ConsulWriteRoleRequest{
		ConsulPolicies:    []string{"read-kv"},
		ConsulRoles:       []string{"ops"},
		ServiceIdentities: []string{"web:dc1"},
		NodeIdentities:    []string{"node-1:dc1"},
		Local:             livetest.Ptr(true),
		TTL:               livetest.Ptr(vtypes.Duration("30m")),
		MaxTTL:            livetest.Ptr(vtypes.Seconds(3600)),
	})
	env.OK(t, err)
	role, err := a.ConsulReadRole(ctx, "svc")
	env.OK(t, err)
	d := role.Data
	if d.TTL != 1800 || d.Lease != 1800 || d.MaxTTL != 3600 || !d.Local || d.TokenType != "client" ||
		!slices.Equal(d.ConsulPolicies, []string{"read-kv"}) || !slices.Equal(d.NodeIdentities, []string{"node-1:dc1"}) || d.Policy != nil {
		t.Fatalf("role: %+v", d)
	}
	rules := `key_prefix "" { policy = "read" }`
	err = a.ConsulWriteRole(ctx, "legacy", consul.ConsulWriteRoleRequest{
		Policy: livetest.Ptr(base64.StdEncoding.EncodeToString([]byte(rules))), Lease: livetest.Ptr(vtypes.Duration("10m")),
	})
	env.OK(t, err)
	roles, err := a.ConsulListRoles(ctx)
	env.OK(t, err)
	if !slices.Equal(roles.Data.Keys, []string{"legacy", "svc"}) {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}

	creds, err := a.ConsulGenerateCredentials(ctx, "svc")
	env.OK(t, err)
	env.Leaks.Add(creds.Data.Token)
	c.mu.Lock()
	made := c.tokens[*creds.Data.Accessor]
	usedBootstrap := slices.Contains(c.auth, "bootstrap-secret")
	c.mu.Unlock()
	if made == nil || made["SecretID"] != creds.Data.Token || !*creds.Data.Local || creds.LeaseDuration != 1800 || !usedBootstrap {
		t.Fatalf("creds: %+v lease %d; consul saw %v", creds.Data, creds.LeaseDuration, made)
	}
	old, err := a.ConsulGenerateCredentials(ctx, "legacy")
	env.OK(t, err)
	if !strings.HasPrefix(old.Data.Token, "legacy-secret-") || old.Data.Accessor != nil || len(c.legacy) != 1 || c.legacy[0] != rules {
		t.Fatalf("legacy creds: %+v, rules %v", old.Data, c.legacy)
	}

	err = a.ConsulDeleteRole(ctx, "legacy")
	env.OK(t, err)
	var gone vtypes.Raw
	_, err = a.ConsulReadRole(ctx, "legacy", vtypes.CaptureRaw(&gone))
	if !errors.Is(err, wrappers.ErrInvalidPath) || gone.Response.StatusCode != http.StatusNotFound {
		t.Fatalf("read after delete: want a 404, got %v (%s)", env.Leaks.Seen(err), gone.Body)
	}
}
