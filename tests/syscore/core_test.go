package syscore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/fakeupstream"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func sysAPI(t *testing.T, opts ...wrappers.Option) *sys.Client {
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

	cfg, err := s.SysReadRotationConfig(ctx)
	env.OK(t, err)
	if !cfg.Data.Enabled || cfg.Data.MaxOperations == 0 {
		t.Fatalf("default rotation config: %+v", cfg.Data)
	}
	if d, err := cfg.Data.Interval.Parse(); err != nil || d != 0 {
		t.Fatalf("default rotation interval %q: %v", cfg.Data.Interval, err)
	}
	err = s.SysWriteRotationConfig(ctx, sys.SysWriteRotationConfigRequest{
		MaxOperations: livetest.Ptr(int64(3_000_000_000)), Interval: livetest.Ptr(vtypes.Duration("24h")), Enabled: livetest.Ptr(true),
	})
	env.OK(t, err)
	cfg, err = s.SysReadRotationConfig(ctx)
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
	rabbit := fakeupstream.New(t)
	rabbit.Route("/", func(*fakeupstream.Request) (int, any) { return http.StatusNoContent, nil })

	err := s.SysEnableSecretsEngine(ctx, "mq", sys.SysEnableSecretsEngineRequest{Type: "rabbitmq"})
	env.OK(t, err)
	t.Cleanup(func() { _ = s.SysDisableSecretsEngine(context.Background(), "mq") })
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
		_, err := s.SysLookupLease(ctx, sys.SysLookupLeaseRequest{LeaseID: lease})
		return err
	}

	lease := issued()
	renewed, err := s.SysRenewLeaseByID(ctx, lease, sys.SysRenewLeaseByIDRequest{Increment: livetest.Ptr(vtypes.Duration("30m"))})
	env.OK(t, err)
	if renewed.LeaseID != lease || renewed.LeaseDuration != 1800 {
		t.Fatalf("renew by id: lease %q for %ds", renewed.LeaseID, renewed.LeaseDuration)
	}
	renewed, err = s.SysRenewLeaseLegacy(ctx, sys.SysRenewLeaseRequest{LeaseID: lease, Increment: livetest.Ptr(vtypes.Duration("20m"))})
	env.OK(t, err)
	if renewed.LeaseID != lease || renewed.LeaseDuration != 1200 {
		t.Fatalf("legacy renew: lease %q for %ds", renewed.LeaseID, renewed.LeaseDuration)
	}
	renewed, err = s.SysRenewLeaseByIDLegacy(ctx, lease, sys.SysRenewLeaseByIDRequest{Increment: livetest.Ptr(vtypes.Seconds(600))})
	env.OK(t, err)
	if renewed.LeaseID != lease || renewed.LeaseDuration != 600 {
		t.Fatalf("legacy renew by id: lease %q for %ds", renewed.LeaseID, renewed.LeaseDuration)
	}

	prefixes, err := s.SysListLeasePrefixes(ctx)
	env.OK(t, err)
	if !slices.Contains(prefixes.Data.Keys, "mq/") {
		t.Fatalf("lease prefixes: %v", prefixes.Data.Keys)
	}

	var revoked vtypes.Raw
	err = s.SysRevokeLeaseByID(ctx, lease, sys.SysRevokeLeaseByIDRequest{Sync: livetest.Ptr(true)}, vtypes.CaptureRaw(&revoked))
	env.OK(t, err)
	if revoked.Response.StatusCode != http.StatusNoContent || lookup(lease) == nil {
		t.Fatalf("revoke by id: status %d, lease still there: %v", revoked.Response.StatusCode, lookup(lease) == nil)
	}
	lease = issued()
	err = s.SysRevokeLeaseByIDLegacy(ctx, lease, sys.SysRevokeLeaseByIDRequest{})
	env.OK(t, err)
	if lookup(lease) == nil {
		t.Fatal("legacy revoke by id left the lease")
	}
	lease = issued()
	var queued vtypes.Raw
	err = s.SysRevokeLeaseLegacy(ctx, sys.SysRevokeLeaseRequest{LeaseID: lease, Sync: livetest.Ptr(false)}, vtypes.CaptureRaw(&queued))
	env.OK(t, err)
	if queued.Response.StatusCode != http.StatusAccepted {
		t.Fatalf("legacy revoke with sync=false: status %d", queued.Response.StatusCode)
	}
	for deadline := time.Now().Add(10 * time.Second); lookup(lease) == nil; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("queued revocation never happened")
		}
	}
	issued()
	err = s.SysRevokeLeasePrefixLegacy(ctx, "mq/creds", sys.SysRevokeLeasePrefixRequest{Sync: livetest.Ptr(true)})
	env.OK(t, err)
	lease = issued()
	err = s.SysForceRevokeLeasePrefixLegacy(ctx, "mq/creds")
	env.OK(t, err)
	if lookup(lease) == nil {
		t.Fatal("legacy revoke-force left the lease")
	}
	var leftRaw vtypes.Raw
	left, err := s.SysListLeases(ctx, "mq/creds/app", vtypes.CaptureRaw(&leftRaw))
	env.OK(t, err)
	if leftRaw.Response.StatusCode != http.StatusNotFound || len(left.Data.Keys) != 0 {
		t.Fatalf("leases left under mq/creds/app: %s", leftRaw.Body)
	}

	// Nothing failed to revoke, so there are no irrevocable leases.
	count, err := s.SysCountIrrevocableLeases(ctx, &sys.SysCountIrrevocableLeasesParams{Type: sys.IrrevocableLeases, IncludeChildNamespaces: livetest.Ptr(true)})
	env.OK(t, err)
	if count.Data.LeaseCount != 0 || len(count.Data.Counts) != 0 {
		t.Fatalf("irrevocable lease count: %+v", count.Data)
	}
	list, err := s.SysListIrrevocableLeases(ctx, &sys.SysListIrrevocableLeasesParams{Type: sys.IrrevocableLeases, Limit: livetest.Ptr("none")})
	env.OK(t, err)
	if list.Data.LeaseCount != 0 || len(list.Data.Leases) != 0 {
		t.Fatalf("irrevocable leases: %+v", list.Data)
	}

	var tidyRaw vtypes.Raw
	tidy, err := s.SysTidyLeases(ctx, vtypes.CaptureRaw(&tidyRaw))
	env.OK(t, err)
	if tidyRaw.Response.StatusCode != http.StatusAccepted || tidy == nil || len(tidy.Warnings) != 1 {
		t.Fatalf("tidy: status %d, %s", tidyRaw.Response.StatusCode, tidyRaw.Body)
	}
}

func TestAuthTuneUnderMounts(t *testing.T) {
	ctx := context.Background()
	s := sysAPI(t)

	err := s.SysEnableAuthMethod(ctx, "people", sys.SysEnableAuthMethodRequest{Type: "userpass"})
	env.OK(t, err)
	t.Cleanup(func() { _ = s.SysDisableAuthMethod(context.Background(), "people") })
	err = s.SysTuneAuthMethodUnderMounts(ctx, "people", sys.MountTuneInput{
		Description: livetest.Ptr("tuned through mounts"), DefaultLeaseTTL: livetest.Ptr(vtypes.Duration("30m")),
	})
	env.OK(t, err)
	tune, err := s.SysReadAuthMethodTuningUnderMounts(ctx, "people")
	env.OK(t, err)
	if tune.Data.Description != "tuned through mounts" || tune.Data.DefaultLeaseTTL != 1800 || tune.Description != tune.Data.Description {
		t.Fatalf("tuning read through mounts: %+v", tune.Data)
	}
	direct, err := s.SysReadAuthMethodTuning(ctx, "people")
	env.OK(t, err)
	if direct.Data.DefaultLeaseTTL != tune.Data.DefaultLeaseTTL {
		t.Fatalf("auth/people/tune says %ds, mounts/auth/people/tune %ds", direct.Data.DefaultLeaseTTL, tune.Data.DefaultLeaseTTL)
	}
}

func TestPolicyNamesList(t *testing.T) {
	out, err := sysAPI(t).SysListPolicyNames(context.Background())
	env.OK(t, err)
	if !slices.Contains(out.Data.Keys, "default") || !slices.Contains(out.Data.Keys, "root") || !slices.Equal(out.Keys, out.Data.Keys) || !slices.Equal(out.Policies, out.Data.Keys) {
		t.Fatalf("policy list: %+v", out)
	}
}

func TestWrappingLookupByGet(t *testing.T) {
	ctx := context.Background()
	wrapped, err := sysAPI(t).SysWrap(ctx, &sys.SysWrapParams{XVaultWrapTTL: "5m"}, sys.SysWrapRequest{"app": "demo"})
	env.OK(t, err)
	if wrapped.WrapInfo == nil || wrapped.WrapInfo.Token == nil {
		t.Fatalf("wrap gave no token: %+v", wrapped)
	}
	token := *wrapped.WrapInfo.Token
	env.Leaks.Add(token)

	byQuery, err := sysAPI(t, wrappers.WithToken("")).SysReadWrappingTokenProperties(ctx, &sys.SysReadWrappingTokenPropertiesParams{Token: &token})
	env.OK(t, err)
	if byQuery.Data.CreationPath != "sys/wrapping/wrap" || byQuery.Data.CreationTTL != 300 {
		t.Fatalf("lookup by query: %+v", byQuery.Data)
	}
	byHeader, err := sysAPI(t, wrappers.WithToken(token)).SysReadWrappingTokenProperties(ctx, nil)
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

	_, err := anon.SysReadRecoveryRekeyProgress(ctx)
	wantError(t, err, http.StatusBadRequest, refused)
	_, err = anon.SysStartRecoveryRekey(ctx, sys.SysStartRekeyRequest{SecretShares: 1, SecretThreshold: 1})
	wantError(t, err, http.StatusBadRequest, refused)
	// A well-formed share gets as far as loading the recovery config.
	_, err = anon.SysUpdateRecoveryRekey(ctx, sys.SysUpdateRekeyRequest{Key: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", Nonce: "none"})
	wantError(t, err, http.StatusInternalServerError, "recovery not supported")
	err = anon.SysCancelRecoveryRekey(ctx, sys.SysCancelRekeyRequest{})
	wantError(t, err, http.StatusBadRequest, refused)
	_, err = anon.SysReadRecoveryRekeyVerification(ctx)
	wantError(t, err, http.StatusBadRequest, refused)
	_, err = anon.SysVerifyRecoveryRekey(ctx, sys.SysVerifyRekeyRequest{Key: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", Nonce: "none"})
	wantError(t, err, http.StatusBadRequest, refused)
	_, err = anon.SysCancelRecoveryRekeyVerification(ctx)
	wantError(t, err, http.StatusBadRequest, refused)

	s := sysAPI(t)
	_, err = s.SysReadRecoveryKeyBackup(ctx)
	wantError(t, err, http.StatusBadRequest, "no backed-up keys found")
	err = s.SysDeleteRecoveryKeyBackup(ctx)
	env.OK(t, err)
}

// Dev servers enable raw_storage_endpoint.
func TestRawStorage(t *testing.T) {
	ctx := context.Background()
	s := sysAPI(t)

	root, err := s.SysListRawRoot(ctx)
	env.OK(t, err)
	if !slices.Contains(root.Data.Keys, "core/") || !slices.Contains(root.Data.Keys, "sys/") {
		t.Fatalf("raw root: %v", root.Data.Keys)
	}
	err = s.SysWriteRaw(ctx, "govault-test/text", sys.SysWriteRawRequest{Value: "hello"})
	env.OK(t, err)
	err = s.SysWriteRaw(ctx, "govault-test/bytes", sys.SysWriteRawRequest{Value: "AAEC/w==", Encoding: livetest.Ptr(sys.RawEncodingBase64)})
	env.OK(t, err)
	text, err := s.SysReadRaw(ctx, "govault-test/text", nil)
	env.OK(t, err)
	if text.Data.Value != "hello" {
		t.Fatalf("raw read: %q", text.Data.Value)
	}
	b64, err := s.SysReadRaw(ctx, "govault-test/bytes", &sys.SysReadRawParams{Encoding: livetest.Ptr(sys.RawEncodingBase64), Compressed: livetest.Ptr(false)})
	env.OK(t, err)
	if b64.Data.Value != "AAEC/w==" {
		t.Fatalf("raw read as base64: %q", b64.Data.Value)
	}
	keys, err := s.SysListRaw(ctx, "govault-test")
	env.OK(t, err)
	if !slices.Equal(keys.Data.Keys, []string{"bytes", "text"}) {
		t.Fatalf("raw list: %v", keys.Data.Keys)
	}
	for _, k := range keys.Data.Keys {
		err = s.SysDeleteRaw(ctx, "govault-test/"+k)
		env.OK(t, err)
	}
	_, err = s.SysReadRaw(ctx, "govault-test/text", nil)
	wantError(t, err, http.StatusNotFound, "")
}

func TestSealWrapIsEnterpriseOnly(t *testing.T) {
	ctx := context.Background()
	s := sysAPI(t)
	env.ExpectEnterpriseOnly(t, map[string]func() error{
		"SysReadSealWrapRewrap": func() error {
			_, err := s.SysReadSealWrapRewrap(ctx)
			return err
		},
		"SysStartSealWrapRewrap": func() error {
			_, err := s.SysStartSealWrapRewrap(ctx)
			return err
		},
	})
}
