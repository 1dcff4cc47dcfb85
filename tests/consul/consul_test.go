package consul_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/consul"
	"github.com/govault/govault/internal/fakeupstream"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("consul", consul.New)

// fakeConsul answers the few ACL endpoints the engine uses.
type fakeConsul struct {
	*fakeupstream.Server
	tokens map[string]map[string]any // accessor -> token as created
	legacy []string                  // rules of legacy tokens
	booted bool
}

func newConsul(t *testing.T) *fakeConsul {
	f := &fakeConsul{Server: fakeupstream.New(t), tokens: map[string]map[string]any{}}
	f.Route("PUT /v1/acl/bootstrap", func(*fakeupstream.Request) (int, any) {
		f.booted = true
		return http.StatusOK, map[string]any{"AccessorID": "boot-acc", "SecretID": "bootstrap-secret"}
	})
	f.Route("PUT /v1/acl/token", func(r *fakeupstream.Request) (int, any) {
		var tok map[string]any
		if err := r.JSON(&tok); err != nil {
			return http.StatusBadRequest, err.Error()
		}
		acc := fmt.Sprintf("acc-%d", r.Seq)
		tok["AccessorID"], tok["SecretID"] = acc, fmt.Sprintf("secret-%d", r.Seq)
		f.tokens[acc] = tok
		return http.StatusOK, tok
	})
	f.Route("PUT /v1/acl/create", func(r *fakeupstream.Request) (int, any) {
		var e struct{ Rules string }
		if err := r.JSON(&e); err != nil {
			return http.StatusBadRequest, err.Error()
		}
		f.legacy = append(f.legacy, e.Rules)
		return http.StatusOK, map[string]any{"ID": fmt.Sprintf("legacy-secret-%d", r.Seq)}
	})
	return f
}

func TestConsul(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	c := newConsul(t)
	addr := strings.TrimPrefix(c.URL, "http://")
	env.Leaks.Add("bootstrap-secret")

	var rsp vtypes.Raw
	_, err := a.ConsulReadAccessConfig(ctx, vtypes.CaptureRaw(&rsp))
	if !errors.Is(err, wrappers.ErrInvalidRequest) || rsp.Response.StatusCode != http.StatusBadRequest {
		t.Fatalf("access config before it is set: want a 400, got %v (%s)", env.Leaks.Seen(err), rsp.Body)
	}
	// No token: Vault bootstraps the ACL system and keeps that token.
	err = a.ConsulConfigureAccess(ctx, consul.ConsulConfigureAccessRequest{Address: addr, Scheme: livetest.Ptr("http")})
	env.OK(t, err)
	if c.Count("PUT /v1/acl/bootstrap") != 1 {
		t.Fatalf("Vault did not bootstrap the ACL system once; consul saw %d bootstraps", c.Count("PUT /v1/acl/bootstrap"))
	}
	access, err := a.ConsulReadAccessConfig(ctx)
	env.OK(t, err)
	if diff := cmp.Diff(consul.ConsulAccessData{Address: addr, Scheme: "http"}, access.Data); diff != "" {
		t.Fatalf("access config (-want +got):\n%s", diff)
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
	wantRole := consul.ConsulRoleData{
		ConsulPolicies: []string{"read-kv"}, ConsulRoles: []string{"ops"},
		ServiceIdentities: []string{"web:dc1"}, NodeIdentities: []string{"node-1:dc1"},
		Local: true, TokenType: "client", TTL: 1800, Lease: 1800, MaxTTL: 3600,
	}
	if diff := cmp.Diff(wantRole, role.Data); diff != "" {
		t.Fatalf("role (-want +got):\n%s", diff)
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
	if creds.Data.Accessor == nil {
		t.Fatalf("creds without an accessor: %+v", creds.Data)
	}
	var made map[string]any
	c.Locked(func() { made = c.tokens[*creds.Data.Accessor] })
	if made == nil || made["SecretID"] != creds.Data.Token {
		t.Fatalf("creds %+v are not the token consul made (%v)", creds.Data, made)
	}
	if creds.Data.Local == nil || !*creds.Data.Local || creds.LeaseDuration != 1800 {
		t.Fatalf("creds: local %v, lease %d; want a local token for 1800s", creds.Data.Local, creds.LeaseDuration)
	}
	for _, r := range c.Requests() {
		if tok := r.Header.Get("X-Consul-Token"); r.Pattern == "PUT /v1/acl/token" && tok != "bootstrap-secret" {
			t.Fatalf("request %d made a token without the bootstrap token (X-Consul-Token %q)", r.Seq, tok)
		}
	}
	old, err := a.ConsulGenerateCredentials(ctx, "legacy")
	env.OK(t, err)
	if !strings.HasPrefix(old.Data.Token, "legacy-secret-") || old.Data.Accessor != nil {
		t.Fatalf("legacy creds: want a legacy-secret- token without an accessor, got %+v", old.Data)
	}
	var legacy []string
	c.Locked(func() { legacy = c.legacy })
	if diff := cmp.Diff([]string{rules}, legacy); diff != "" {
		t.Fatalf("legacy token rules (-want +got):\n%s", diff)
	}

	err = a.ConsulDeleteRole(ctx, "legacy")
	env.OK(t, err)
	var gone vtypes.Raw
	_, err = a.ConsulReadRole(ctx, "legacy", vtypes.CaptureRaw(&gone))
	if !errors.Is(err, wrappers.ErrInvalidPath) || gone.Response.StatusCode != http.StatusNotFound {
		t.Fatalf("read after delete: want a 404, got %v (%s)", env.Leaks.Seen(err), gone.Body)
	}
}
