package syscore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func sysAPI(t *testing.T, opts ...wrappers.Option) *sys.ClientWithResponses {
	t.Helper()
	return env.Client(t, opts...).Sys()
}

func wantError(t *testing.T, err error, status int, text string) {
	t.Helper()
	var re *wrappers.ResponseError
	if !errors.As(err, &re) || re.StatusCode != status || !strings.Contains(strings.Join(re.Errors, "; "), text) {
		t.Fatalf("want a %d mentioning %q, got %v", status, text, env.Leaks.Seen(err))
	}
}

// raw sends a root request outside the contract (for another area's endpoint)
// and decodes the JSON answer, if any.
func raw(t *testing.T, method, path string, body any) (int, map[string]any) {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, env.Server.Addr+"/v1/"+path, rd)
	req.Header.Set(wrappers.TokenHeader, env.Server.RootToken)
	rsp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer rsp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(rsp.Body).Decode(&out)
	return rsp.StatusCode, out
}

func TestRotationConfig(t *testing.T) {
	ctx := context.Background()
	s := sysAPI(t)

	cfg, err := wrappers.Decode(s.SysReadRotationConfigWithResponse(ctx))
	env.OK(t, err)
	if !cfg.Data.Enabled || cfg.Data.MaxOperations == 0 {
		t.Fatalf("default rotation config: %+v", cfg.Data)
	}
	if d, err := cfg.Data.Interval.Parse(); err != nil || d != 0 {
		t.Fatalf("default rotation interval %q: %v", cfg.Data.Interval, err)
	}
	_, err = wrappers.Check(s.SysWriteRotationConfigWithResponse(ctx, sys.SysWriteRotationConfigRequest{
		MaxOperations: ptr(int64(3_000_000_000)), Interval: ptr(vtypes.Duration("24h")), Enabled: ptr(true),
	}))
	env.OK(t, err)
	cfg, err = wrappers.Decode(s.SysReadRotationConfigWithResponse(ctx))
	env.OK(t, err)
	if d, err := cfg.Data.Interval.Parse(); err != nil || d != 24*time.Hour || cfg.Data.MaxOperations != 3_000_000_000 {
		t.Fatalf("rotation config after the write: %+v (%v)", cfg.Data, err)
	}
}

// Leases come from a RabbitMQ secrets engine pointed at a stub management
// API that accepts everything, so every lease can be renewed and revoked.
func TestLeaseOperations(t *testing.T) {
	ctx := context.Background()
	s := sysAPI(t)
	rabbit := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(rabbit.Close)

	_, err := wrappers.Check(s.SysEnableSecretsEngineWithResponse(ctx, "mq", sys.SysEnableSecretsEngineRequest{Type: "rabbitmq"}))
	env.OK(t, err)
	t.Cleanup(func() { _, _ = s.SysDisableSecretsEngineWithResponse(context.Background(), "mq") })
	for path, body := range map[string]any{
		"mq/config/connection": map[string]any{"connection_uri": rabbit.URL, "username": "admin", "password": "pw", "verify_connection": false},
		"mq/config/lease":      map[string]any{"ttl": 3600, "max_ttl": 7200},
		"mq/roles/app":         map[string]any{"vhosts": `{"/": {"configure": ".*", "write": ".*", "read": ".*"}}`},
	} {
		if code, out := raw(t, http.MethodPost, path, body); code >= 300 {
			t.Fatalf("rabbitmq %s: %d %v", path, code, out)
		}
	}
	issued := func() string {
		t.Helper()
		code, out := raw(t, http.MethodGet, "mq/creds/app", nil)
		lease, _ := out["lease_id"].(string)
		if lease == "" {
			t.Fatalf("creds gave no lease (status %d)", code)
		}
		return lease
	}
	lookup := func(lease string) error {
		_, err := wrappers.Decode(s.SysLookupLeaseWithResponse(ctx, sys.SysLookupLeaseRequest{LeaseID: lease}))
		return err
	}

	lease := issued()
	renewed, err := wrappers.Decode(s.SysRenewLeaseByIDWithResponse(ctx, lease, sys.SysRenewLeaseByIDRequest{Increment: ptr(vtypes.Duration("30m"))}))
	env.OK(t, err)
	if renewed.LeaseID != lease || renewed.LeaseDuration != 1800 {
		t.Fatalf("renew by id: lease %q for %ds", renewed.LeaseID, renewed.LeaseDuration)
	}
	renewed, err = wrappers.Decode(s.SysRenewLeaseLegacyWithResponse(ctx, sys.SysRenewLeaseRequest{LeaseID: lease, Increment: ptr(vtypes.Duration("20m"))}))
	env.OK(t, err)
	if renewed.LeaseID != lease || renewed.LeaseDuration != 1200 {
		t.Fatalf("legacy renew: lease %q for %ds", renewed.LeaseID, renewed.LeaseDuration)
	}
	renewed, err = wrappers.Decode(s.SysRenewLeaseByIDLegacyWithResponse(ctx, lease, sys.SysRenewLeaseByIDRequest{Increment: ptr(vtypes.Seconds(600))}))
	env.OK(t, err)
	if renewed.LeaseID != lease || renewed.LeaseDuration != 600 {
		t.Fatalf("legacy renew by id: lease %q for %ds", renewed.LeaseID, renewed.LeaseDuration)
	}

	prefixes, err := wrappers.Decode(s.SysListLeasePrefixesWithResponse(ctx, &sys.SysListLeasePrefixesParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	if !slices.Contains(prefixes.Data.Keys, "mq/") {
		t.Fatalf("lease prefixes: %v", prefixes.Data.Keys)
	}

	rsp, err := wrappers.Check(s.SysRevokeLeaseByIDWithResponse(ctx, lease, sys.SysRevokeLeaseByIDRequest{Sync: ptr(true)}))
	env.OK(t, err)
	if rsp.StatusCode() != http.StatusNoContent || lookup(lease) == nil {
		t.Fatalf("revoke by id: status %d, lease still there: %v", rsp.StatusCode(), lookup(lease) == nil)
	}
	lease = issued()
	_, err = wrappers.Check(s.SysRevokeLeaseByIDLegacyWithResponse(ctx, lease, sys.SysRevokeLeaseByIDRequest{}))
	env.OK(t, err)
	if lookup(lease) == nil {
		t.Fatal("legacy revoke by id left the lease")
	}
	lease = issued()
	queued, err := wrappers.Check(s.SysRevokeLeaseLegacyWithResponse(ctx, sys.SysRevokeLeaseRequest{LeaseID: lease, Sync: ptr(false)}))
	env.OK(t, err)
	if queued.StatusCode() != http.StatusAccepted {
		t.Fatalf("legacy revoke with sync=false: status %d", queued.StatusCode())
	}
	for deadline := time.Now().Add(10 * time.Second); lookup(lease) == nil; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("queued revocation never happened")
		}
	}
	issued()
	_, err = wrappers.Check(s.SysRevokeLeasePrefixLegacyWithResponse(ctx, "mq/creds", sys.SysRevokeLeasePrefixRequest{Sync: ptr(true)}))
	env.OK(t, err)
	lease = issued()
	_, err = wrappers.Check(s.SysForceRevokeLeasePrefixLegacyWithResponse(ctx, "mq/creds"))
	env.OK(t, err)
	if lookup(lease) == nil {
		t.Fatal("legacy revoke-force left the lease")
	}
	left, err := s.SysListLeasesWithResponse(ctx, "mq/creds/app", &sys.SysListLeasesParams{List: vaultcommon.ListTrue})
	env.OK(t, err)
	if left.StatusCode() != http.StatusNotFound {
		t.Fatalf("leases left under mq/creds/app: %s", left.Body)
	}

	// Nothing failed to revoke, so there are no irrevocable leases.
	count, err := wrappers.Decode(s.SysCountIrrevocableLeasesWithResponse(ctx, &sys.SysCountIrrevocableLeasesParams{Type: sys.IrrevocableLeases, IncludeChildNamespaces: ptr(true)}))
	env.OK(t, err)
	if count.Data.LeaseCount != 0 || len(count.Data.Counts) != 0 {
		t.Fatalf("irrevocable lease count: %+v", count.Data)
	}
	list, err := wrappers.Decode(s.SysListIrrevocableLeasesWithResponse(ctx, &sys.SysListIrrevocableLeasesParams{Type: sys.IrrevocableLeases, Limit: ptr("none")}))
	env.OK(t, err)
	if list.Data.LeaseCount != 0 || len(list.Data.Leases) != 0 {
		t.Fatalf("irrevocable leases: %+v", list.Data)
	}

	tidy, err := wrappers.Check(s.SysTidyLeasesWithResponse(ctx))
	env.OK(t, err)
	if tidy.StatusCode() != http.StatusAccepted || tidy.JSON202 == nil || len(tidy.JSON202.Warnings) != 1 {
		t.Fatalf("tidy: status %d, %s", tidy.StatusCode(), tidy.Body)
	}
}

func TestAuthTuneUnderMounts(t *testing.T) {
	ctx := context.Background()
	s := sysAPI(t)

	_, err := wrappers.Check(s.SysEnableAuthMethodWithResponse(ctx, "people", sys.SysEnableAuthMethodRequest{Type: "userpass"}))
	env.OK(t, err)
	t.Cleanup(func() { _, _ = s.SysDisableAuthMethodWithResponse(context.Background(), "people") })
	_, err = wrappers.Check(s.SysTuneAuthMethodUnderMountsWithResponse(ctx, "people", sys.MountTuneInput{
		Description: ptr("tuned through mounts"), DefaultLeaseTTL: ptr(vtypes.Duration("30m")),
	}))
	env.OK(t, err)
	tune, err := wrappers.Decode(s.SysReadAuthMethodTuningUnderMountsWithResponse(ctx, "people"))
	env.OK(t, err)
	if tune.Data.Description != "tuned through mounts" || tune.Data.DefaultLeaseTTL != 1800 || tune.Description != tune.Data.Description {
		t.Fatalf("tuning read through mounts: %+v", tune.Data)
	}
	direct, err := wrappers.Decode(s.SysReadAuthMethodTuningWithResponse(ctx, "people"))
	env.OK(t, err)
	if direct.Data.DefaultLeaseTTL != tune.Data.DefaultLeaseTTL {
		t.Fatalf("auth/people/tune says %ds, mounts/auth/people/tune %ds", direct.Data.DefaultLeaseTTL, tune.Data.DefaultLeaseTTL)
	}
}

func TestPolicyNamesList(t *testing.T) {
	out, err := wrappers.Decode(sysAPI(t).SysListPolicyNamesWithResponse(context.Background(), &sys.SysListPolicyNamesParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	if !slices.Contains(out.Data.Keys, "default") || !slices.Contains(out.Data.Keys, "root") || !slices.Equal(out.Keys, out.Data.Keys) || !slices.Equal(out.Policies, out.Data.Keys) {
		t.Fatalf("policy list: %+v", out)
	}
}

func TestWrappingLookupByGet(t *testing.T) {
	ctx := context.Background()
	wrapped, err := wrappers.Decode(sysAPI(t).SysWrapWithResponse(ctx, &sys.SysWrapParams{XVaultWrapTTL: "5m"}, sys.SysWrapRequest{"app": "demo"}))
	env.OK(t, err)
	if wrapped.WrapInfo == nil || wrapped.WrapInfo.Token == nil {
		t.Fatalf("wrap gave no token: %+v", wrapped)
	}
	token := *wrapped.WrapInfo.Token
	env.Leaks.Add(token)

	byQuery, err := wrappers.Decode(sysAPI(t, wrappers.WithToken("")).SysReadWrappingTokenPropertiesWithResponse(ctx, &sys.SysReadWrappingTokenPropertiesParams{Token: &token}))
	env.OK(t, err)
	if byQuery.Data.CreationPath != "sys/wrapping/wrap" || byQuery.Data.CreationTTL != 300 {
		t.Fatalf("lookup by query: %+v", byQuery.Data)
	}
	byHeader, err := wrappers.Decode(sysAPI(t, wrappers.WithToken(token)).SysReadWrappingTokenPropertiesWithResponse(ctx, nil))
	env.OK(t, err)
	if !byHeader.Data.CreationTime.Equal(byQuery.Data.CreationTime) {
		t.Fatalf("lookup by request token: %+v", byHeader.Data)
	}
}

// A dev server is Shamir sealed: every recovery key operation is refused,
// except deleting a backup that does not exist.
func TestRecoveryKeyRekeyNeedsAutoUnseal(t *testing.T) {
	ctx := context.Background()
	anon := sysAPI(t, wrappers.WithToken(""))
	const refused = "recovery rekeying not supported"

	_, err := wrappers.Check(anon.SysReadRecoveryRekeyProgressWithResponse(ctx))
	wantError(t, err, http.StatusBadRequest, refused)
	_, err = wrappers.Check(anon.SysStartRecoveryRekeyWithResponse(ctx, sys.SysStartRekeyRequest{SecretShares: 1, SecretThreshold: 1}))
	wantError(t, err, http.StatusBadRequest, refused)
	// A well-formed share gets as far as loading the recovery config.
	_, err = wrappers.Check(anon.SysUpdateRecoveryRekeyWithResponse(ctx, sys.SysUpdateRekeyRequest{Key: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", Nonce: "none"}))
	wantError(t, err, http.StatusInternalServerError, "recovery not supported")
	_, err = wrappers.Check(anon.SysCancelRecoveryRekeyWithResponse(ctx, sys.SysCancelRekeyRequest{}))
	wantError(t, err, http.StatusBadRequest, refused)
	_, err = wrappers.Check(anon.SysReadRecoveryRekeyVerificationWithResponse(ctx))
	wantError(t, err, http.StatusBadRequest, refused)
	_, err = wrappers.Check(anon.SysVerifyRecoveryRekeyWithResponse(ctx, sys.SysVerifyRekeyRequest{Key: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", Nonce: "none"}))
	wantError(t, err, http.StatusBadRequest, refused)
	_, err = wrappers.Check(anon.SysCancelRecoveryRekeyVerificationWithResponse(ctx))
	wantError(t, err, http.StatusBadRequest, refused)

	s := sysAPI(t)
	_, err = wrappers.Check(s.SysReadRecoveryKeyBackupWithResponse(ctx))
	wantError(t, err, http.StatusBadRequest, "no backed-up keys found")
	_, err = wrappers.Check(s.SysDeleteRecoveryKeyBackupWithResponse(ctx))
	env.OK(t, err)
}

// Dev servers enable raw_storage_endpoint.
func TestRawStorage(t *testing.T) {
	ctx := context.Background()
	s := sysAPI(t)

	root, err := wrappers.Decode(s.SysListRawRootWithResponse(ctx, &sys.SysListRawRootParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	if !slices.Contains(root.Data.Keys, "core/") || !slices.Contains(root.Data.Keys, "sys/") {
		t.Fatalf("raw root: %v", root.Data.Keys)
	}
	_, err = wrappers.Check(s.SysWriteRawWithResponse(ctx, "govault-test/text", sys.SysWriteRawRequest{Value: "hello"}))
	env.OK(t, err)
	_, err = wrappers.Check(s.SysWriteRawWithResponse(ctx, "govault-test/bytes", sys.SysWriteRawRequest{Value: "AAEC/w==", Encoding: ptr(sys.RawEncodingBase64)}))
	env.OK(t, err)
	text, err := wrappers.Decode(s.SysReadRawWithResponse(ctx, "govault-test/text", nil))
	env.OK(t, err)
	if text.Data.Value != "hello" {
		t.Fatalf("raw read: %q", text.Data.Value)
	}
	b64, err := wrappers.Decode(s.SysReadRawWithResponse(ctx, "govault-test/bytes", &sys.SysReadRawParams{Encoding: ptr(sys.RawEncodingBase64), Compressed: ptr(false)}))
	env.OK(t, err)
	if b64.Data.Value != "AAEC/w==" {
		t.Fatalf("raw read as base64: %q", b64.Data.Value)
	}
	keys, err := wrappers.Decode(s.SysListRawWithResponse(ctx, "govault-test", &sys.SysListRawParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	if !slices.Equal(keys.Data.Keys, []string{"bytes", "text"}) {
		t.Fatalf("raw list: %v", keys.Data.Keys)
	}
	for _, k := range keys.Data.Keys {
		_, err = wrappers.Check(s.SysDeleteRawWithResponse(ctx, "govault-test/"+k))
		env.OK(t, err)
	}
	_, err = wrappers.Check(s.SysReadRawWithResponse(ctx, "govault-test/text", nil))
	wantError(t, err, http.StatusNotFound, "")
}

func TestSealWrapIsEnterpriseOnly(t *testing.T) {
	ctx := context.Background()
	s := sysAPI(t)
	_, err := wrappers.Check(s.SysReadSealWrapRewrapWithResponse(ctx))
	wantError(t, err, http.StatusNotFound, "enterprise-only feature")
	_, err = wrappers.Check(s.SysStartSealWrapRewrapWithResponse(ctx))
	wantError(t, err, http.StatusNotFound, "enterprise-only feature")
}
