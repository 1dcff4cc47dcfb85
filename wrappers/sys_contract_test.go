package wrappers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/govault/govault/generated/authtoken"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// Mounts, auth methods, policies, audit devices, capabilities and the UI mount
// listing, called through the generated sys package against the dev server;
// the contract transport validates every response.
func TestSysMountsAuthPoliciesAudit(t *testing.T) {
	ctx := context.Background()
	c := client(t)
	s := c.Sys()

	// Secrets engines.
	err := s.SysEnableSecretsEngine(ctx, "team/kv", sys.SysEnableSecretsEngineRequest{
		Type: "kv", Description: livetest.Ptr("team secrets"), Options: map[string]string{"version": "2"},
	})
	mustOK(t, err)
	mounts, err := s.SysListMounts(ctx)
	mustOK(t, err)
	if _, ok := mounts.Data["team/kv/"]; !ok {
		t.Fatalf("team/kv/ not in the mount list: %v", keysOf(mounts.Data))
	}
	m, err := s.SysReadMount(ctx, "team/kv")
	mustOK(t, err)
	if m.Data.Type != "kv" || m.Data.Description != "team secrets" {
		t.Fatalf("read mount: %+v", m.Data)
	}
	_, err = s.SysTuneMount(ctx, "team/kv", sys.MountTuneInput{MaxLeaseTTL: livetest.Ptr(vtypes.Duration("2h")), Description: livetest.Ptr("tuned")})
	mustOK(t, err)
	tune, err := s.SysReadMountTuning(ctx, "team/kv")
	mustOK(t, err)
	if tune.Data.MaxLeaseTTL != 7200 {
		t.Fatalf("tuned max_lease_ttl = %d", tune.Data.MaxLeaseTTL)
	}
	moved, err := s.SysRemount(ctx, sys.SysRemountRequest{From: "team/kv", To: "team/kv2"})
	mustOK(t, err)
	if moved.MigrationID == "" {
		t.Fatal("remount gave no migration id")
	}
	status, err := s.SysReadRemountStatus(ctx, moved.MigrationID)
	mustOK(t, err)
	if status.Data.MigrationID != moved.MigrationID {
		t.Fatalf("remount status: %+v", status.Data)
	}
	waitFor(t, func() bool {
		st, err := s.SysReadRemountStatus(ctx, moved.MigrationID)
		return err == nil && st.Data.MigrationInfo.Status == "success"
	})
	err = s.SysDisableSecretsEngine(ctx, "team/kv2")
	mustOK(t, err)

	// Auth methods.
	err = s.SysEnableAuthMethod(ctx, "people", sys.SysEnableAuthMethodRequest{Type: "userpass"})
	mustOK(t, err)
	auths, err := s.SysListAuthMethods(ctx)
	mustOK(t, err)
	if auths.Data["people/"].Type != "userpass" {
		t.Fatalf("auth list: %v", keysOf(auths.Data))
	}
	am, err := s.SysReadAuthMethod(ctx, "people")
	mustOK(t, err)
	if am.Data.Type != "userpass" {
		t.Fatalf("read auth method: %+v", am.Data)
	}
	err = s.SysTuneAuthMethod(ctx, "people", sys.MountTuneInput{DefaultLeaseTTL: livetest.Ptr(vtypes.Duration("30m"))})
	mustOK(t, err)
	at, err := s.SysReadAuthMethodTuning(ctx, "people")
	mustOK(t, err)
	if at.Data.DefaultLeaseTTL != 1800 {
		t.Fatalf("auth tune default_lease_ttl = %d", at.Data.DefaultLeaseTTL)
	}
	err = s.SysDisableAuthMethod(ctx, "people")
	mustOK(t, err)

	// UI mount listing (what KV version detection stands on).
	ui, err := s.SysListUIMounts(ctx)
	mustOK(t, err)
	if _, ok := ui.Data.Secret["secret/"]; !ok {
		t.Fatalf("internal/ui/mounts lacks secret/")
	}
	_, err = s.SysReadUIMount(ctx, "secret")
	mustOK(t, err)

	// Policies, both APIs.
	const hcl = `path "secret/data/app/*" { capabilities = ["read", "list"] }`
	_, err = s.SysWritePolicy(ctx, "app", sys.SysWritePolicyRequest{Policy: livetest.Ptr(hcl)})
	mustOK(t, err)
	pol, err := s.SysReadPolicy(ctx, "app")
	mustOK(t, err)
	if pol.Data.Rules != hcl {
		t.Fatalf("policy rules = %q", pol.Data.Rules)
	}
	pols, err := s.SysListPolicies(ctx)
	mustOK(t, err)
	if !contains(pols.Data.Policies, "app") {
		t.Fatalf("policies: %v", pols.Data.Policies)
	}
	_, err = s.SysWriteACLPolicy(ctx, "app2", sys.SysWriteACLPolicyRequest{Policy: hcl})
	mustOK(t, err)
	acl, err := s.SysReadACLPolicy(ctx, "app2")
	mustOK(t, err)
	if acl.Data.Policy != hcl {
		t.Fatalf("acl policy = %q", acl.Data.Policy)
	}
	acls, err := s.SysListACLPolicies(ctx)
	mustOK(t, err)
	if !contains(acls.Data.Keys, "app2") {
		t.Fatalf("acl policies: %v", acls.Data.Keys)
	}

	// Capabilities of a token holding the policy.
	holder, err := c.TokenAuth().TokenCreate(ctx, authtoken.TokenCreateRequest{Policies: []string{"app"}})
	mustOK(t, err)
	leaks.Add(holder.Auth.ClientToken)
	caps, err := s.SysQueryTokenCapabilities(ctx, sys.SysQueryTokenCapabilitiesRequest{Token: holder.Auth.ClientToken, Paths: []string{"secret/data/app/x"}})
	mustOK(t, err)
	if got := fmt.Sprint(caps.Data.AdditionalProperties["secret/data/app/x"]); got != "[list read]" {
		t.Fatalf("capabilities = %s", got)
	}
	byAcc, err := s.SysQueryAccessorCapabilities(ctx, sys.SysQueryAccessorCapabilitiesRequest{Accessor: holder.Auth.Accessor, Paths: []string{"sys/seal", "secret/data/app/x"}})
	mustOK(t, err)
	if got := fmt.Sprint(byAcc.Data.AdditionalProperties["sys/seal"]); got != "[deny]" {
		t.Fatalf("accessor capabilities on sys/seal = %s", got)
	}
	self, err := s.SysQuerySelfCapabilities(ctx, sys.SysQuerySelfCapabilitiesRequest{Paths: []string{"sys/seal"}})
	mustOK(t, err)
	if got := fmt.Sprint(self.Data.AdditionalProperties["sys/seal"]); got != "[root]" {
		t.Fatalf("self capabilities = %s", got)
	}
	err = s.SysDeletePolicy(ctx, "app")
	mustOK(t, err)
	err = s.SysDeleteACLPolicy(ctx, "app2")
	mustOK(t, err)

	// Audit devices: a file device in the test's temp dir.
	logFile := filepath.Join(t.TempDir(), "audit.log")
	err = s.SysEnableAuditDevice(ctx, "file-test", sys.SysEnableAuditDeviceRequest{Type: "file", Options: map[string]string{"file_path": logFile}})
	mustOK(t, err)
	audits, err := s.SysListAuditDevices(ctx)
	mustOK(t, err)
	if audits.Data["file-test/"].Type != "file" {
		t.Fatalf("audit list: %v", keysOf(audits.Data))
	}
	hash, err := s.SysHashAuditInput(ctx, "file-test", sys.SysHashAuditInputRequest{Input: "hello"})
	mustOK(t, err)
	if !strings.HasPrefix(hash.Data.Hash, "hmac-sha256:") {
		t.Fatalf("audit hash = %q", hash.Data.Hash)
	}
	err = s.SysDisableAuditDevice(ctx, "file-test")
	mustOK(t, err)
}

// Health (with its non-200 codes that still carry a body), leader, key
// status, rotation and init status on the dev server.
func TestSysStatusEndpoints(t *testing.T) {
	ctx := context.Background()
	// No retries: these statuses are asked for, not suffered.
	s := client(t, wrappers.WithRetries(0, 0, 0)).Sys()
	for _, code := range []int{200, 429, 472, 473, 474, 530} {
		var raw vtypes.Raw
		body, err := s.SysReadHealth(ctx, &sys.SysReadHealthParams{Activecode: livetest.Ptr(code)}, vtypes.CaptureRaw(&raw))
		mustOK(t, err)
		if raw.Response.StatusCode != code {
			t.Fatalf("health with activecode=%d answered %d", code, raw.Response.StatusCode)
		}
		if !body.Initialized || body.Sealed {
			t.Fatalf("health %d body: %+v", code, body)
		}
	}
	leader, err := s.SysReadLeader(ctx)
	mustOK(t, err)
	if !leader.IsSelf && leader.HaEnabled {
		t.Fatalf("leader: %+v", leader)
	}
	before, err := s.SysReadKeyStatus(ctx)
	mustOK(t, err)
	err = s.SysRotate(ctx)
	mustOK(t, err)
	after, err := s.SysReadKeyStatus(ctx)
	mustOK(t, err)
	if after.Term != before.Term+1 {
		t.Fatalf("key term %d -> %d after rotate", before.Term, after.Term)
	}
	init, err := s.SysReadInitStatus(ctx)
	mustOK(t, err)
	if !init.Initialized {
		t.Fatal("dev server not initialized")
	}
	st, err := s.SysReadSealStatus(ctx)
	mustOK(t, err)
	if st.Sealed {
		t.Fatal("dev server sealed")
	}
}

// Renewable leases come from the RabbitMQ secrets engine; RabbitMQ's
// management API is the external system, stood in for by a stub that accepts
// every user and permission change. The engine is set up with plain HTTP
// because it is not in this slice of the spec.
func TestSysLeases(t *testing.T) {
	ctx := context.Background()
	c := client(t)
	s := c.Sys()
	rabbit := httptestServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(rabbit.Close)

	err := s.SysEnableSecretsEngine(ctx, "mq", sys.SysEnableSecretsEngineRequest{Type: "rabbitmq"})
	mustOK(t, err)
	t.Cleanup(func() { _ = s.SysDisableSecretsEngine(context.Background(), "mq") })
	raw := func(path string, body any) map[string]any {
		t.Helper()
		b, _ := json.Marshal(body)
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, dev.Addr+"/v1/mq/"+path, bytes.NewReader(b))
		req.Header.Set("X-Vault-Token", dev.RootToken)
		rsp, err := http.DefaultClient.Do(req)
		mustOK(t, err)
		defer rsp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(rsp.Body).Decode(&out)
		if rsp.StatusCode >= 300 {
			t.Fatalf("rabbitmq %s: %d %v", path, rsp.StatusCode, out)
		}
		return out
	}
	raw("config/connection", map[string]any{"connection_uri": rabbit.URL, "username": "admin", "password": "pw", "verify_connection": false})
	raw("config/lease", map[string]any{"ttl": 3600, "max_ttl": 7200})
	raw("roles/app", map[string]any{"vhosts": `{"/": {"configure": ".*", "write": ".*", "read": ".*"}}`})
	issued := func() string {
		t.Helper()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, dev.Addr+"/v1/mq/creds/app", nil)
		req.Header.Set("X-Vault-Token", dev.RootToken)
		rsp, err := http.DefaultClient.Do(req)
		mustOK(t, err)
		defer rsp.Body.Close()
		var out struct {
			LeaseID string `json:"lease_id"`
		}
		_ = json.NewDecoder(rsp.Body).Decode(&out)
		if out.LeaseID == "" {
			t.Fatalf("creds gave no lease (status %d)", rsp.StatusCode)
		}
		return out.LeaseID
	}
	lease := issued()

	look, err := s.SysLookupLease(ctx, sys.SysLookupLeaseRequest{LeaseID: lease})
	mustOK(t, err)
	if look.Data.ID != lease || !look.Data.Renewable || look.Data.LastRenewal != nil {
		t.Fatalf("lease lookup: %+v", look.Data)
	}
	renewed, err := s.SysRenewLease(ctx, sys.SysRenewLeaseRequest{LeaseID: lease, Increment: livetest.Ptr(vtypes.Duration("30m"))})
	mustOK(t, err)
	if renewed.LeaseID != lease || renewed.LeaseDuration != 1800 {
		t.Fatalf("renew: lease %q duration %d", renewed.LeaseID, renewed.LeaseDuration)
	}
	look, err = s.SysLookupLease(ctx, sys.SysLookupLeaseRequest{LeaseID: lease})
	mustOK(t, err)
	if look.Data.LastRenewal == nil {
		t.Fatal("last_renewal still unset after a renewal")
	}
	list, err := s.SysListLeases(ctx, "mq/creds/app")
	mustOK(t, err)
	if len(list.Data.Keys) != 1 || !strings.HasSuffix(lease, list.Data.Keys[0]) {
		t.Fatalf("lease list %v does not name %s", list.Data.Keys, lease)
	}
	err = s.SysRevokeLease(ctx, sys.SysRevokeLeaseRequest{LeaseID: lease, Sync: livetest.Ptr(true)})
	mustOK(t, err)
	issued()
	err = s.SysRevokeLeasePrefix(ctx, "mq/creds", sys.SysRevokeLeasePrefixRequest{Sync: livetest.Ptr(true)})
	mustOK(t, err)
	issued()
	err = s.SysForceRevokeLeasePrefix(ctx, "mq/creds")
	mustOK(t, err)
	// Vault answers an empty lease folder with 404 and no errors: an empty list.
	var answer vtypes.Raw
	leases, err := s.SysListLeases(ctx, "mq/creds/app", vtypes.CaptureRaw(&answer))
	mustOK(t, err)
	if answer.Response.StatusCode != http.StatusNotFound || len(leases.Data.Keys) != 0 {
		t.Fatalf("lease list after revoking all: %d %s, keys %q", answer.Response.StatusCode, answer.Body, leases.Data.Keys)
	}
}

// Response wrapping: wrap data, look the wrapping token up, rewrap it, unwrap it.
func TestSysWrapping(t *testing.T) {
	ctx := context.Background()
	s := client(t).Sys()
	wrapped, err := s.SysWrap(ctx, &sys.SysWrapParams{XVaultWrapTTL: "5m"}, sys.SysWrapRequest{"answer": "42"})
	mustOK(t, err)
	if wrapped.WrapInfo == nil || wrapped.WrapInfo.Token == nil || *wrapped.WrapInfo.Token == "" {
		t.Fatalf("wrap gave no token: %+v", wrapped)
	}
	token := *wrapped.WrapInfo.Token
	leaks.Add(token)
	info, err := s.SysLookupWrappingToken(ctx, sys.SysLookupWrappingTokenRequest{Token: token})
	mustOK(t, err)
	if info.Data.CreationPath != "sys/wrapping/wrap" {
		t.Fatalf("wrapping lookup: %+v", info.Data)
	}
	re, err := s.SysRewrap(ctx, sys.SysRewrapRequest{Token: &token})
	mustOK(t, err)
	if re.WrapInfo == nil || re.WrapInfo.Token == nil || *re.WrapInfo.Token == token {
		t.Fatalf("rewrap: %+v", re.WrapInfo)
	}
	newToken := *re.WrapInfo.Token
	leaks.Add(newToken)
	out, err := s.SysUnwrap(ctx, sys.SysUnwrapRequest{Token: &newToken})
	mustOK(t, err)
	if out.Data["answer"] != "42" {
		t.Fatalf("unwrapped %v", out.Data)
	}
	// A wrapping token works once.
	if _, err := s.SysUnwrap(ctx, sys.SysUnwrapRequest{Token: &newToken}); err == nil {
		t.Fatal("second unwrap succeeded")
	}
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
