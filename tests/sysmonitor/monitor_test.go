package sysmonitor_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/generated/sysmonitor"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var monitorAPI = livetest.APIFor("sys", sysmonitor.New)

// doerFunc is a vtypes.HTTPRequestDoer made of a function.
type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(req *http.Request) (*http.Response, error) { return f(req) }

// readUntil ends a never-ending body once marker has gone through it.
type readUntil struct {
	r      io.ReadCloser
	marker []byte
	seen   []byte
}

func (u *readUntil) Read(p []byte) (int, error) {
	if bytes.Contains(u.seen, u.marker) {
		return 0, io.EOF
	}
	n, err := u.r.Read(p)
	u.seen = append(u.seen, p[:n]...)
	return n, err
}

func (u *readUntil) Close() error { return u.r.Close() }

// Telemetry in both formats.
func TestMetrics(t *testing.T) {
	ctx := context.Background()
	api := monitorAPI(t)

	// JSON unless Prometheus text is asked for, so the call returns bytes.
	raw, err := api.SysReadMetrics(ctx, nil)
	env.OK(t, err)
	var m sysmonitor.SysReadMetricsResult
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("metrics: %v", err)
	}
	if m.Timestamp == "" || len(m.Gauges)+len(m.Counters)+len(m.Samples) == 0 {
		t.Fatalf("metrics: timestamp %q, no gauges, counters or samples", m.Timestamp)
	}
	var prom vtypes.Raw
	_, err = api.SysReadMetrics(ctx, &sysmonitor.SysReadMetricsParams{Format: livetest.Ptr(sysmonitor.MetricsFormatPrometheus)}, vtypes.CaptureRaw(&prom))
	env.OK(t, err)
	if ct := prom.Response.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
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

	index, err := api.SysReadPprofIndex(ctx)
	env.OK(t, err)
	if !bytes.Contains(index, []byte("<html>")) {
		t.Fatalf("pprof index: %.200s", index)
	}
	cmdline, err := api.SysReadPprofCmdline(ctx)
	env.OK(t, err)
	if !bytes.Contains(cmdline, []byte("server\x00-dev")) {
		t.Fatalf("cmdline: %q", cmdline)
	}
	symbol, err := api.SysReadPprofSymbol(ctx)
	env.OK(t, err)
	if !bytes.HasPrefix(symbol, []byte("num_symbols")) {
		t.Fatalf("symbol: %q", symbol)
	}

	binary := map[string]func() ([]byte, error){
		"allocs": func() ([]byte, error) {
			return api.SysReadPprofAllocs(ctx, nil)
		},
		"block": func() ([]byte, error) {
			return api.SysReadPprofBlock(ctx, nil)
		},
		"goroutine": func() ([]byte, error) {
			return api.SysReadPprofGoroutine(ctx, nil)
		},
		"heap": func() ([]byte, error) {
			return api.SysReadPprofHeap(ctx, &sysmonitor.SysReadPprofHeapParams{Gc: livetest.Ptr(1)})
		},
		"mutex": func() ([]byte, error) {
			return api.SysReadPprofMutex(ctx, nil)
		},
		"threadcreate": func() ([]byte, error) {
			return api.SysReadPprofThreadcreate(ctx, nil)
		},
		"profile": func() ([]byte, error) {
			return api.SysReadPprofProfile(ctx, &sysmonitor.SysReadPprofProfileParams{Seconds: livetest.Ptr(1)})
		},
	}
	for name, get := range binary {
		body, err := get()
		env.OK(t, err)
		if !bytes.HasPrefix(body, gzipMagic) {
			t.Fatalf("%s profile is not gzipped protobuf: %q", name, body[:min(len(body), 16)])
		}
	}
	trace, err := api.SysReadPprofTrace(ctx, &sysmonitor.SysReadPprofTraceParams{Seconds: livetest.Ptr(1)})
	env.OK(t, err)
	if !bytes.HasPrefix(trace, []byte("go 1.")) {
		t.Fatalf("trace header: %q", trace[:min(len(trace), 16)])
	}

	// debug=1 switches the same profiles to text.
	text, err := api.SysReadPprofGoroutine(ctx, &sysmonitor.SysReadPprofGoroutineParams{Debug: livetest.Ptr(1)})
	env.OK(t, err)
	if !bytes.HasPrefix(text, []byte("goroutine profile: total ")) {
		t.Fatalf("goroutine debug=1: %.100s", text)
	}
	heapText, err := api.SysReadPprofHeap(ctx, &sysmonitor.SysReadPprofHeapParams{Debug: livetest.Ptr(1)})
	env.OK(t, err)
	if !bytes.HasPrefix(heapText, []byte("heap profile: ")) {
		t.Fatalf("heap debug=1: %.100s", heapText)
	}
}

func TestHostAndRequests(t *testing.T) {
	ctx := context.Background()
	api := monitorAPI(t)

	host, err := api.SysReadHostInfo(ctx)
	env.OK(t, err)
	if host.Data.Timestamp.IsZero() || host.Data.Host == nil || host.Data.Host.Hostname == "" || host.Data.Memory == nil || host.Data.Memory.Total == 0 {
		t.Fatalf("host-info: %+v", host.Data)
	}
	if len(host.Data.CPU) == 0 || len(host.Data.CPUTimes) == 0 {
		t.Fatalf("host-info without CPUs: %+v", host.Data)
	}

	inflight, err := api.SysReadInFlightRequests(ctx)
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
	// The generated SysMonitor reads the whole answer, and this one never
	// ends: the doer tells when Vault has answered and ends the body once the
	// probe's log line has arrived, as the test used to stop reading there.
	connected := make(chan struct{})
	var once sync.Once
	doer := doerFunc(func(req *http.Request) (*http.Response, error) {
		rsp, err := admin.Do(req)
		if err == nil {
			rsp.Body = &readUntil{r: rsp.Body, marker: []byte("monitor-probe")}
		}
		once.Do(func() { close(connected) })
		return rsp, err
	})
	api := sysmonitor.New(doer, livetest.URL(t, admin, "sys"))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var raw vtypes.Raw
	type streamed struct {
		body []byte
		err  error
	}
	done := make(chan streamed, 1)
	go func() {
		body, err := api.SysMonitor(ctx, &sysmonitor.SysMonitorParams{LogLevel: livetest.Ptr(sysmonitor.LogLevelDebug)}, vtypes.CaptureRaw(&raw))
		done <- streamed{body, err}
	}()
	select {
	case <-connected:
	case <-ctx.Done():
		t.Fatal("monitor: no answer from Vault")
	}

	// The test server logs at warn: raise every logger to info for the
	// duration, then make the server log something (mounting an engine logs
	// at info level).
	err = monitorAPI(t).SysUpdateLoggers(ctx, sysmonitor.SysUpdateLoggersRequest{Level: sysmonitor.LogLevelInfo})
	env.OK(t, err)
	defer func() {
		err := monitorAPI(t).SysRevertLoggers(context.Background())
		env.OK(t, err)
	}()
	sysAPI := env.Client(t).Sys()
	go func() {
		time.Sleep(200 * time.Millisecond)
		_ = sysAPI.SysEnableSecretsEngine(ctx, "monitor-probe", sys.SysEnableSecretsEngineRequest{Type: "kv"})
	}()
	res := <-done
	env.OK(t, res.err)
	if raw.Response.StatusCode != http.StatusOK {
		t.Fatalf("monitor: status %d", raw.Response.StatusCode)
	}
	got := res.body
	if !bytes.Contains(got, []byte("monitor-probe")) {
		t.Fatalf("monitor stream ended after %q", got)
	}
	if err := env.Validator.Check(raw.Response.Request, raw.Response.StatusCode, raw.Response.Header, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(got, []byte("[INFO]")) {
		t.Fatalf("monitor lines: %q", got)
	}
	cancel()
	err = env.Client(t).Sys().SysDisableSecretsEngine(context.Background(), "monitor-probe")
	env.OK(t, err)
}

func TestLoggers(t *testing.T) {
	ctx := context.Background()
	api := monitorAPI(t)

	all, err := api.SysReadLoggers(ctx)
	env.OK(t, err)
	configured := all.Data["core"] // the level the server was started with
	if configured == "" || all.Data["expiration"] != configured {
		t.Fatalf("loggers: %v", all.Data)
	}
	err = api.SysUpdateLoggers(ctx, sysmonitor.SysUpdateLoggersRequest{Level: sysmonitor.LogLevelDebug})
	env.OK(t, err)
	all, err = api.SysReadLoggers(ctx)
	env.OK(t, err)
	if all.Data["core"] != "debug" || all.Data["expiration"] != "debug" {
		t.Fatalf("after setting all to debug: %v", all.Data)
	}
	err = api.SysUpdateLogger(ctx, "core", sysmonitor.SysUpdateLoggerRequest{Level: sysmonitor.LogLevelTrace})
	env.OK(t, err)
	one, err := api.SysReadLogger(ctx, "core")
	env.OK(t, err)
	if len(one.Data) != 1 || one.Data["core"] != "trace" {
		t.Fatalf("core logger: %v", one.Data)
	}
	err = api.SysRevertLogger(ctx, "core")
	env.OK(t, err)
	one, err = api.SysReadLogger(ctx, "core")
	env.OK(t, err)
	if one.Data["core"] != configured {
		t.Fatalf("core logger after revert: %v, want %s", one.Data, configured)
	}
	err = api.SysRevertLoggers(ctx)
	env.OK(t, err)
	all, err = api.SysReadLoggers(ctx)
	env.OK(t, err)
	if all.Data["expiration"] != configured {
		t.Fatalf("after revert: %v, want %s", all.Data, configured)
	}
}

func TestClusterState(t *testing.T) {
	ctx := context.Background()
	api := monitorAPI(t)

	ha, err := api.SysReadHAStatus(ctx)
	env.OK(t, err)
	if len(ha.Data.Nodes) != 1 || !ha.Data.Nodes[0].ActiveNode || len(ha.Nodes) != 1 || ha.Nodes[0].APIAddress != ha.Data.Nodes[0].APIAddress {
		t.Fatalf("ha-status: %+v / %+v", ha.Nodes, ha.Data.Nodes)
	}
	// Unauthenticated.
	anon := env.Client(t, wrappers.WithToken(""))
	anonAPI := livetest.API(t, anon, "sys", sysmonitor.New)
	seal, err := anonAPI.SysReadSealBackendStatus(ctx)
	env.OK(t, err)
	if !seal.Healthy || len(seal.Backends) != 1 || seal.Backends[0].Name != "shamir" {
		t.Fatalf("seal-backend-status: %+v", seal)
	}

	history, err := api.SysListVersionHistory(ctx)
	env.OK(t, err)
	if len(history.Data.Keys) == 0 {
		t.Fatal("version-history lists no version")
	}
	first := history.Data.KeyInfo[history.Data.Keys[0]]
	if first.TimestampInstalled.IsZero() || first.PreviousVersion != nil {
		t.Fatalf("version-history entry: %+v", first)
	}
	health, err := env.Client(t).Sys().SysReadHealth(ctx, nil)
	env.OK(t, err)
	if history.Data.Keys[len(history.Data.Keys)-1] != health.Version {
		t.Fatalf("newest version %v, server says %s", history.Data.Keys, health.Version)
	}

	exp, err := api.SysListExperiments(ctx)
	env.OK(t, err)
	if len(exp.Data.Available) == 0 || len(exp.Data.Enabled) != 0 {
		t.Fatalf("experiments: %+v", exp.Data)
	}

	// Activation flags came with 1.19; an older server goes on to step-down.
	if flags, err := api.SysReadActivationFlags(ctx); !env.Absent(t, err) {
		if len(flags.Data.Activated) != 0 {
			t.Fatalf("a fresh server has activated flags: %v", flags.Data.Activated)
		}
		act, err := api.SysActivateFlag(ctx, sysmonitor.ActivationFlagActivationTest)
		env.OK(t, err)
		if len(act.Data.Activated) != 1 || act.Data.Activated[0] != "activation-test" {
			t.Fatalf("activate: %v", act.Data.Activated)
		}
		flags, err = api.SysReadActivationFlags(ctx)
		env.OK(t, err)
		if len(flags.Data.Activated) != 1 {
			t.Fatalf("after activation: %v", flags.Data.Activated)
		}
	}

	// A dev server has no HA storage: step-down is accepted and changes nothing.
	err = api.SysStepDown(ctx)
	env.OK(t, err)
	health, err = env.Client(t).Sys().SysReadHealth(ctx, nil)
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

	err := s.SysEnableAuthMethod(ctx, "lockout", sys.SysEnableAuthMethodRequest{Type: "userpass"})
	env.OK(t, err)
	defer func() {
		err := s.SysDisableAuthMethod(ctx, "lockout")
		env.OK(t, err)
	}()
	err = s.SysTuneAuthMethod(ctx, "lockout", sys.SysTuneAuthMethodRequest{
		UserLockoutConfig: &sys.UserLockoutInput{LockoutThreshold: livetest.Ptr("1"), LockoutDuration: livetest.Ptr("10m")},
	})
	env.OK(t, err)
	method, err := s.SysReadAuthMethod(ctx, "lockout")
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

	locked, err := api.SysListLockedUsers(ctx, nil)
	env.OK(t, err)
	if locked.Data.Total != 1 || len(locked.Data.ByNamespace) != 1 {
		t.Fatalf("locked-users: %+v", locked.Data)
	}
	mounts := locked.Data.ByNamespace[0].MountAccessors
	if len(mounts) != 1 || mounts[0].MountAccessor != accessor || len(mounts[0].AliasIdentifiers) != 1 || mounts[0].AliasIdentifiers[0] != "bob" {
		t.Fatalf("locked-users mounts: %+v", mounts)
	}
	byMount, err := api.SysListLockedUsers(ctx, &sysmonitor.SysListLockedUsersParams{MountAccessor: &accessor})
	env.OK(t, err)
	if byMount.Data.Total != 1 {
		t.Fatalf("locked-users for %s: %+v", accessor, byMount.Data)
	}
	err = api.SysUnlockUser(ctx, accessor, "bob")
	env.OK(t, err)
	locked, err = api.SysListLockedUsers(ctx, nil)
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
	api := livetest.API(t, anon, "sys", sysmonitor.New)
	out, err := api.SysDecodeToken(ctx, sysmonitor.SysDecodeTokenRequest{EncodedToken: encoded, OTP: otp})
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

	labels, err := api.SysReadWellKnownLabels(ctx)
	env.OK(t, err)
	if len(labels.Data.Keys) != 0 {
		t.Fatalf("well-known labels on a fresh server: %v", labels.Data.Keys)
	}
	// LIST answers a missing folder with a 404 without messages: an empty result.
	var raw vtypes.Raw
	none, err := api.SysListWellKnownLabels(ctx, vtypes.CaptureRaw(&raw))
	env.OK(t, err)
	if raw.Response.StatusCode != http.StatusNotFound || len(none.Data.Keys) != 0 {
		t.Fatalf("well-known list on a fresh server: %d %s", raw.Response.StatusCode, raw.Body)
	}
	_, err = api.SysReadWellKnownLabel(ctx, "est/cacerts")
	env.WantStatus(t, err, http.StatusNotFound)
}
