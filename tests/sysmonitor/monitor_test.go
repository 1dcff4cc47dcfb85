package sysmonitor_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/generated/sysmonitor"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/wrappers"
)

func monitorAPI(t *testing.T) *sysmonitor.ClientWithResponses {
	t.Helper()
	return livetest.API(t, env.Client(t), "sys", sysmonitor.NewClientWithResponses, sysmonitor.WithHTTPClient)
}

func wantStatus(t *testing.T, err error, status int) {
	t.Helper()
	var re *wrappers.ResponseError
	if !errors.As(err, &re) || re.StatusCode != status {
		t.Fatalf("want a %d from Vault, got %v", status, env.Leaks.Seen(err))
	}
}

// Telemetry in both formats.
func TestMetrics(t *testing.T) {
	ctx := context.Background()
	api := monitorAPI(t)

	m, err := wrappers.Decode(api.SysReadMetricsWithResponse(ctx, nil))
	env.OK(t, err)
	if m.Timestamp == "" || len(m.Gauges)+len(m.Counters)+len(m.Samples) == 0 {
		t.Fatalf("metrics: timestamp %q, no gauges, counters or samples", m.Timestamp)
	}
	prom, err := wrappers.Check(api.SysReadMetricsWithResponse(ctx, &sysmonitor.SysReadMetricsParams{Format: ptr(sysmonitor.MetricsFormatPrometheus)}))
	env.OK(t, err)
	if ct := prom.HTTPResponse.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Fatalf("prometheus metrics came as %q", ct)
	}
	if !bytes.Contains(prom.Body, []byte("# TYPE ")) {
		t.Fatalf("prometheus metrics without TYPE lines: %.200s", prom.Body)
	}
}

// Every Go profile, kept short with seconds=1 where the profile is timed.
func TestPprof(t *testing.T) {
	ctx := context.Background()
	api := monitorAPI(t)
	gzipMagic := []byte{0x1f, 0x8b}

	index, err := wrappers.Check(api.SysReadPprofIndexWithResponse(ctx))
	env.OK(t, err)
	if !bytes.Contains(index.Body, []byte("<html>")) {
		t.Fatalf("pprof index: %.200s", index.Body)
	}
	cmdline, err := wrappers.Check(api.SysReadPprofCmdlineWithResponse(ctx))
	env.OK(t, err)
	if !bytes.Contains(cmdline.Body, []byte("server\x00-dev")) {
		t.Fatalf("cmdline: %q", cmdline.Body)
	}
	symbol, err := wrappers.Check(api.SysReadPprofSymbolWithResponse(ctx))
	env.OK(t, err)
	if !bytes.HasPrefix(symbol.Body, []byte("num_symbols")) {
		t.Fatalf("symbol: %q", symbol.Body)
	}

	binary := map[string]func() ([]byte, error){
		"allocs": func() ([]byte, error) {
			r, err := wrappers.Check(api.SysReadPprofAllocsWithResponse(ctx, nil))
			return r.Body, err
		},
		"block": func() ([]byte, error) {
			r, err := wrappers.Check(api.SysReadPprofBlockWithResponse(ctx, nil))
			return r.Body, err
		},
		"goroutine": func() ([]byte, error) {
			r, err := wrappers.Check(api.SysReadPprofGoroutineWithResponse(ctx, nil))
			return r.Body, err
		},
		"heap": func() ([]byte, error) {
			r, err := wrappers.Check(api.SysReadPprofHeapWithResponse(ctx, &sysmonitor.SysReadPprofHeapParams{Gc: ptr(1)}))
			return r.Body, err
		},
		"mutex": func() ([]byte, error) {
			r, err := wrappers.Check(api.SysReadPprofMutexWithResponse(ctx, nil))
			return r.Body, err
		},
		"threadcreate": func() ([]byte, error) {
			r, err := wrappers.Check(api.SysReadPprofThreadcreateWithResponse(ctx, nil))
			return r.Body, err
		},
		"profile": func() ([]byte, error) {
			r, err := wrappers.Check(api.SysReadPprofProfileWithResponse(ctx, &sysmonitor.SysReadPprofProfileParams{Seconds: ptr(1)}))
			return r.Body, err
		},
	}
	for name, get := range binary {
		body, err := get()
		env.OK(t, err)
		if !bytes.HasPrefix(body, gzipMagic) {
			t.Fatalf("%s profile is not gzipped protobuf: %q", name, body[:min(len(body), 16)])
		}
	}
	trace, err := wrappers.Check(api.SysReadPprofTraceWithResponse(ctx, &sysmonitor.SysReadPprofTraceParams{Seconds: ptr(1)}))
	env.OK(t, err)
	if !bytes.HasPrefix(trace.Body, []byte("go 1.")) {
		t.Fatalf("trace header: %q", trace.Body[:min(len(trace.Body), 16)])
	}

	// debug=1 switches the same profiles to text.
	text, err := wrappers.Check(api.SysReadPprofGoroutineWithResponse(ctx, &sysmonitor.SysReadPprofGoroutineParams{Debug: ptr(1)}))
	env.OK(t, err)
	if !bytes.HasPrefix(text.Body, []byte("goroutine profile: total ")) {
		t.Fatalf("goroutine debug=1: %.100s", text.Body)
	}
	heapText, err := wrappers.Check(api.SysReadPprofHeapWithResponse(ctx, &sysmonitor.SysReadPprofHeapParams{Debug: ptr(1)}))
	env.OK(t, err)
	if !bytes.HasPrefix(heapText.Body, []byte("heap profile: ")) {
		t.Fatalf("heap debug=1: %.100s", heapText.Body)
	}
}

func TestHostAndRequests(t *testing.T) {
	ctx := context.Background()
	api := monitorAPI(t)

	host, err := wrappers.Decode(api.SysReadHostInfoWithResponse(ctx))
	env.OK(t, err)
	if host.Data.Timestamp.IsZero() || host.Data.Host == nil || host.Data.Host.Hostname == "" || host.Data.Memory == nil || host.Data.Memory.Total == 0 {
		t.Fatalf("host-info: %+v", host.Data)
	}
	if len(host.Data.CPU) == 0 || len(host.Data.CPUTimes) == 0 {
		t.Fatalf("host-info without CPUs: %+v", host.Data)
	}

	inflight, err := wrappers.Decode(api.SysReadInFlightRequestsWithResponse(ctx))
	env.OK(t, err)
	found := false
	for _, r := range *inflight {
		if r.RequestPath == "/v1/sys/in-flight-req" && r.RequestMethod == http.MethodGet {
			found = true
		}
	}
	if !found {
		t.Fatalf("in-flight-req does not list itself: %+v", *inflight)
	}
}

// The log stream never ends: read its first bytes, validate what arrived,
// then cancel. The contract transport reads whole bodies, so this call goes
// through an unvalidated client and is checked against the spec by hand.
func TestMonitorStream(t *testing.T) {
	admin, err := env.AdminClient()
	if err != nil {
		t.Fatal(err)
	}
	api := livetest.API(t, admin, "sys", sysmonitor.NewClient, sysmonitor.WithHTTPClient)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	rsp, err := api.SysMonitor(ctx, &sysmonitor.SysMonitorParams{LogLevel: ptr(sysmonitor.LogLevelDebug)})
	env.OK(t, err)
	defer rsp.Body.Close()
	if rsp.StatusCode != http.StatusOK {
		t.Fatalf("monitor: status %d", rsp.StatusCode)
	}

	// The test server logs at warn: raise every logger to info for the
	// duration, then make the server log something (mounting an engine logs
	// at info level).
	_, err = wrappers.Check(monitorAPI(t).SysUpdateLoggersWithResponse(ctx, sysmonitor.SysUpdateLoggersRequest{Level: sysmonitor.LogLevelInfo}))
	env.OK(t, err)
	defer func() {
		_, err := wrappers.Check(monitorAPI(t).SysRevertLoggersWithResponse(context.Background()))
		env.OK(t, err)
	}()
	sysAPI := env.Client(t).Sys()
	go func() {
		time.Sleep(200 * time.Millisecond)
		_, _ = sysAPI.SysEnableSecretsEngineWithResponse(ctx, "monitor-probe", sys.SysEnableSecretsEngineRequest{Type: "kv"})
	}()
	var got []byte
	buf := make([]byte, 4096)
	for !bytes.Contains(got, []byte("monitor-probe")) {
		n, err := rsp.Body.Read(buf)
		got = append(got, buf[:n]...)
		if err != nil {
			t.Fatalf("monitor stream ended after %q: %v", got, err)
		}
	}
	if err := env.Validator.Check(rsp.Request, rsp.StatusCode, rsp.Header, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(got, []byte("[INFO]")) {
		t.Fatalf("monitor lines: %q", got)
	}
	cancel()
	_, err = wrappers.Check(env.Client(t).Sys().SysDisableSecretsEngineWithResponse(context.Background(), "monitor-probe"))
	env.OK(t, err)
}

func TestLoggers(t *testing.T) {
	ctx := context.Background()
	api := monitorAPI(t)

	all, err := wrappers.Decode(api.SysReadLoggersWithResponse(ctx))
	env.OK(t, err)
	configured := all.Data["core"] // the level the server was started with
	if configured == "" || all.Data["expiration"] != configured {
		t.Fatalf("loggers: %v", all.Data)
	}
	_, err = wrappers.Check(api.SysUpdateLoggersWithResponse(ctx, sysmonitor.SysUpdateLoggersRequest{Level: sysmonitor.LogLevelDebug}))
	env.OK(t, err)
	all, err = wrappers.Decode(api.SysReadLoggersWithResponse(ctx))
	env.OK(t, err)
	if all.Data["core"] != "debug" || all.Data["expiration"] != "debug" {
		t.Fatalf("after setting all to debug: %v", all.Data)
	}
	_, err = wrappers.Check(api.SysUpdateLoggerWithResponse(ctx, "core", sysmonitor.SysUpdateLoggerRequest{Level: sysmonitor.LogLevelTrace}))
	env.OK(t, err)
	one, err := wrappers.Decode(api.SysReadLoggerWithResponse(ctx, "core"))
	env.OK(t, err)
	if len(one.Data) != 1 || one.Data["core"] != "trace" {
		t.Fatalf("core logger: %v", one.Data)
	}
	_, err = wrappers.Check(api.SysRevertLoggerWithResponse(ctx, "core"))
	env.OK(t, err)
	one, err = wrappers.Decode(api.SysReadLoggerWithResponse(ctx, "core"))
	env.OK(t, err)
	if one.Data["core"] != configured {
		t.Fatalf("core logger after revert: %v, want %s", one.Data, configured)
	}
	_, err = wrappers.Check(api.SysRevertLoggersWithResponse(ctx))
	env.OK(t, err)
	all, err = wrappers.Decode(api.SysReadLoggersWithResponse(ctx))
	env.OK(t, err)
	if all.Data["expiration"] != configured {
		t.Fatalf("after revert: %v, want %s", all.Data, configured)
	}
}

func TestClusterState(t *testing.T) {
	ctx := context.Background()
	api := monitorAPI(t)

	ha, err := wrappers.Decode(api.SysReadHAStatusWithResponse(ctx))
	env.OK(t, err)
	if len(ha.Data.Nodes) != 1 || !ha.Data.Nodes[0].ActiveNode || len(ha.Nodes) != 1 || ha.Nodes[0].APIAddress != ha.Data.Nodes[0].APIAddress {
		t.Fatalf("ha-status: %+v / %+v", ha.Nodes, ha.Data.Nodes)
	}
	// Unauthenticated.
	anon := env.Client(t, wrappers.WithToken(""))
	anonAPI := livetest.API(t, anon, "sys", sysmonitor.NewClientWithResponses, sysmonitor.WithHTTPClient)
	seal, err := wrappers.Decode(anonAPI.SysReadSealBackendStatusWithResponse(ctx))
	env.OK(t, err)
	if !seal.Healthy || len(seal.Backends) != 1 || seal.Backends[0].Name != "shamir" {
		t.Fatalf("seal-backend-status: %+v", seal)
	}

	history, err := wrappers.Decode(api.SysListVersionHistoryWithResponse(ctx, &sysmonitor.SysListVersionHistoryParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	if len(history.Data.Keys) == 0 {
		t.Fatal("version-history lists no version")
	}
	first := history.Data.KeyInfo[history.Data.Keys[0]]
	if first.TimestampInstalled.IsZero() || first.PreviousVersion != nil {
		t.Fatalf("version-history entry: %+v", first)
	}
	health, err := wrappers.Decode(env.Client(t).Sys().SysReadHealthWithResponse(ctx, nil))
	env.OK(t, err)
	if history.Data.Keys[len(history.Data.Keys)-1] != health.Version {
		t.Fatalf("newest version %v, server says %s", history.Data.Keys, health.Version)
	}

	exp, err := wrappers.Decode(api.SysListExperimentsWithResponse(ctx))
	env.OK(t, err)
	if len(exp.Data.Available) == 0 || len(exp.Data.Enabled) != 0 {
		t.Fatalf("experiments: %+v", exp.Data)
	}

	flags, err := wrappers.Decode(api.SysReadActivationFlagsWithResponse(ctx))
	env.OK(t, err)
	if len(flags.Data.Activated) != 0 {
		t.Fatalf("a fresh server has activated flags: %v", flags.Data.Activated)
	}
	act, err := wrappers.Decode(api.SysActivateFlagWithResponse(ctx, sysmonitor.ActivationFlagActivationTest))
	env.OK(t, err)
	if len(act.Data.Activated) != 1 || act.Data.Activated[0] != "activation-test" {
		t.Fatalf("activate: %v", act.Data.Activated)
	}
	flags, err = wrappers.Decode(api.SysReadActivationFlagsWithResponse(ctx))
	env.OK(t, err)
	if len(flags.Data.Activated) != 1 {
		t.Fatalf("after activation: %v", flags.Data.Activated)
	}

	// A dev server has no HA storage: step-down is accepted and changes nothing.
	_, err = wrappers.Check(api.SysStepDownWithResponse(ctx))
	env.OK(t, err)
	health, err = wrappers.Decode(env.Client(t).Sys().SysReadHealthWithResponse(ctx, nil))
	env.OK(t, err)
	if health.Sealed || health.Standby {
		t.Fatalf("after step-down: %+v", health)
	}
}

// A userpass user locked out after one bad password shows up in
// locked-users until unlocked.
func TestLockedUsers(t *testing.T) {
	ctx := context.Background()
	api := monitorAPI(t)
	s := env.Client(t).Sys()

	_, err := wrappers.Check(s.SysEnableAuthMethodWithResponse(ctx, "lockout", sys.SysEnableAuthMethodRequest{Type: "userpass"}))
	env.OK(t, err)
	defer func() {
		_, err := wrappers.Check(s.SysDisableAuthMethodWithResponse(ctx, "lockout"))
		env.OK(t, err)
	}()
	_, err = wrappers.Check(s.SysTuneAuthMethodWithResponse(ctx, "lockout", sys.SysTuneAuthMethodJSONRequestBody{
		UserLockoutConfig: &sys.UserLockoutInput{LockoutThreshold: ptr("1"), LockoutDuration: ptr("10m")},
	}))
	env.OK(t, err)
	method, err := wrappers.Decode(s.SysReadAuthMethodWithResponse(ctx, "lockout"))
	env.OK(t, err)
	accessor := method.Data.Accessor

	// The userpass method is another area's; drive it with plain requests.
	admin, err := env.AdminClient()
	if err != nil {
		t.Fatal(err)
	}
	raw := func(method, path, token string, body any) int {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(livetest.URL(t, admin, path), "/"), bytes.NewReader(b))
		if token != "" {
			req.Header.Set(wrappers.TokenHeader, token)
		}
		rsp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		rsp.Body.Close()
		return rsp.StatusCode
	}
	if code := raw(http.MethodPost, "auth/lockout/users/bob", env.Server.RootToken, map[string]string{"password": "right"}); code != http.StatusNoContent {
		t.Fatalf("create user: %d", code)
	}
	for range 2 {
		raw(http.MethodPost, "auth/lockout/login/bob", "", map[string]string{"password": "wrong"})
	}

	locked, err := wrappers.Decode(api.SysListLockedUsersWithResponse(ctx, nil))
	env.OK(t, err)
	if locked.Data.Total != 1 || len(locked.Data.ByNamespace) != 1 {
		t.Fatalf("locked-users: %+v", locked.Data)
	}
	mounts := locked.Data.ByNamespace[0].MountAccessors
	if len(mounts) != 1 || mounts[0].MountAccessor != accessor || len(mounts[0].AliasIdentifiers) != 1 || mounts[0].AliasIdentifiers[0] != "bob" {
		t.Fatalf("locked-users mounts: %+v", mounts)
	}
	byMount, err := wrappers.Decode(api.SysListLockedUsersWithResponse(ctx, &sysmonitor.SysListLockedUsersParams{MountAccessor: &accessor}))
	env.OK(t, err)
	if byMount.Data.Total != 1 {
		t.Fatalf("locked-users for %s: %+v", accessor, byMount.Data)
	}
	_, err = wrappers.Check(api.SysUnlockUserWithResponse(ctx, accessor, "bob"))
	env.OK(t, err)
	locked, err = wrappers.Decode(api.SysListLockedUsersWithResponse(ctx, nil))
	env.OK(t, err)
	if locked.Data.Total != 0 || len(locked.Data.ByNamespace) != 0 {
		t.Fatalf("after unlock: %+v", locked.Data)
	}
	if code := raw(http.MethodPost, "auth/lockout/login/bob", "", map[string]string{"password": "right"}); code != http.StatusOK {
		t.Fatalf("login after unlock: %d", code)
	}
}

// decode-token undoes what generate-root does to the new token: XOR with
// the OTP, then base64. Build such a pair by hand and decode it without a
// token (the endpoint is unauthenticated).
func TestDecodeToken(t *testing.T) {
	ctx := context.Background()
	token := "hvs.ABCDEFGHIJKLMNOPQRSTUVWX"
	otp := "0123456789abcdefghijklmnopqr"
	x := make([]byte, len(token))
	for i := range x {
		x[i] = token[i] ^ otp[i]
	}
	encoded := base64.RawStdEncoding.EncodeToString(x)
	env.Leaks.Add(token)

	anon := env.Client(t, wrappers.WithToken(""))
	api := livetest.API(t, anon, "sys", sysmonitor.NewClientWithResponses, sysmonitor.WithHTTPClient)
	out, err := wrappers.Decode(api.SysDecodeTokenWithResponse(ctx, sysmonitor.SysDecodeTokenRequest{EncodedToken: encoded, Otp: otp}))
	env.OK(t, err)
	if out.Data.Token != token {
		t.Fatal("decode-token did not give back the token")
	}
}

// Open source Vault registers no .well-known labels: the listing is empty and
// lookups are 404s.
func TestWellKnown(t *testing.T) {
	ctx := context.Background()
	api := monitorAPI(t)

	labels, err := wrappers.Decode(api.SysReadWellKnownLabelsWithResponse(ctx))
	env.OK(t, err)
	if len(labels.Data.Keys) != 0 {
		t.Fatalf("well-known labels on a fresh server: %v", labels.Data.Keys)
	}
	_, err = wrappers.Check(api.SysListWellKnownLabelsWithResponse(ctx, &sysmonitor.SysListWellKnownLabelsParams{List: vaultcommon.ListTrue}))
	wantStatus(t, err, http.StatusNotFound)
	_, err = wrappers.Check(api.SysReadWellKnownLabelWithResponse(ctx, "est/cacerts"))
	wantStatus(t, err, http.StatusNotFound)
}
