// Package livetest runs a test package against one real Vault dev server with
// every response held to the spec. A package's TestMain calls Main; its tests
// call Client (or HTTPClient) and get failures for any response that does not
// match the operation it answers.
package livetest

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/contract"
	"github.com/govault/govault/internal/vaulttest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// Env is the running dev server and the contract it is held to.
type Env struct {
	Server    *vaulttest.Server
	Validator *contract.Validator
	Leaks     *TokenWatch
	// Version is the server's release, e.g. "1.21.0"; operations whose
	// x-vault-min-version is newer are not expected to be served.
	Version string
	absent  absent
}

// Options tune Main.
type Options struct {
	// Areas whose every operation must be called by a full run of the
	// package (no -run filter); the run fails naming the ones that were not.
	Areas []string
	// Exclude lists operations exempt from that check, each with its reason.
	Exclude map[string]string
	// Mounts are enabled on the dev server and registered with the validator
	// before Setup runs.
	Mounts []Mount
	// Setup runs once the server is up and Mounts are enabled (the setup
	// Mounts do not cover).
	Setup func(*Env) error
	// StandIn marks a package whose calls mostly go to stand-ins shaped after
	// the API docs (Enterprise endpoints) rather than a real Vault; coverage
	// reports count them apart.
	StandIn bool
}

// Mount is a secrets engine or auth method Main enables before Setup.
type Mount struct {
	// Type is the engine or method type, e.g. "kubernetes".
	Type string
	// Path is where it is mounted (under auth/ for an auth method); default Type.
	Path string
	// Auth marks an auth method.
	Auth bool
	// Areas answer under the mount for the validator; default the area named
	// after Type ("auth-"+Type for an auth method).
	Areas []string
	// Config holds the mount's settings; nil keeps Vault's defaults.
	Config *sys.MountConfigInput
}

// Main starts the dev server, runs the tests and stops it. It never skips:
// a server that cannot be built or started fails the run.
func Main(m *testing.M, opts Options) (env *Env, code int) {
	if fuzzing() {
		// Fuzz targets need no server; each fuzz worker process would
		// otherwise start one, stalling the run for seconds per worker.
		return nil, m.Run()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	v, err := contract.New(filepath.Join(repoRoot(), "openapi", "vault.yaml"))
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: the spec does not load: %v\n", err)
		return nil, 1
	}
	srv, err := vaulttest.StartDev(ctx)
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: cannot start a real Vault dev server: %v\n", err)
		return nil, 1
	}
	defer srv.Stop()
	env = &Env{Server: srv, Validator: v, Leaks: &TokenWatch{}}
	env.Leaks.Add(srv.RootToken)
	if err := env.serverVersion(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: reading the dev server's version: %v\n", err)
		return env, 1
	}
	v.MountAll()
	v.Mount("auth/token", "token")
	v.Mount("secret", "kv-v2")
	err = env.enable(opts.Mounts)
	if err == nil && opts.Setup != nil {
		err = opts.Setup(env)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: setup: %v\n", err)
		return env, 1
	}
	current = env
	code = m.Run()
	printAbsent(env)
	if code == 0 && fullRun() {
		if missing := env.unexercised(opts); len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "FAIL: %d operations were never called against the real server: %v\n", len(missing), missing)
			code = 1
		}
	}
	if err := env.report(opts); err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: writing the coverage report: %v\n", err)
		code = 1
	}
	if found := env.Leaks.Report(); found != "" {
		fmt.Fprintf(os.Stderr, "FAIL: a token appeared in an error message: %s\n", found)
		code = 1
	}
	return env, code
}

// enable enables mounts on the dev server and registers each with the validator.
func (e *Env) enable(mounts []Mount) error {
	if len(mounts) == 0 {
		return nil
	}
	admin, err := e.AdminClient()
	if err != nil {
		return err
	}
	ctx := context.Background()
	for _, m := range mounts {
		path := m.Path
		if path == "" {
			path = m.Type
		}
		kind, at, area := "secrets engine", path, m.Type
		if m.Auth {
			kind, at, area = "auth method", "auth/"+path, "auth-"+m.Type
			err = admin.Sys().SysEnableAuthMethod(ctx, path, sys.SysEnableAuthMethodRequest{Type: m.Type, Config: m.Config})
		} else {
			err = admin.Sys().SysEnableSecretsEngine(ctx, path, sys.SysEnableSecretsEngineRequest{Type: m.Type, Config: m.Config})
		}
		if err != nil {
			return fmt.Errorf("enable %s %s at %s: %w", kind, m.Type, at, err)
		}
		areas := m.Areas
		if len(areas) == 0 {
			areas = []string{area}
		}
		e.Validator.Mount(at, areas...)
	}
	return nil
}

// SeenDirEnv names a folder where each test package leaves a report of the
// operations it called, for `gen coverage -seen`.
const SeenDirEnv = "GOVAULT_SEEN_DIR"

func (e *Env) report(opts Options) error {
	dir := os.Getenv(SeenDirEnv)
	if dir == "" {
		return nil
	}
	raw, err := json.Marshal(map[string]any{"calls": e.Validator.Seen(), "exclude": opts.Exclude, "stand_in": opts.StandIn})
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "seen-*.json")
	if err != nil {
		return err
	}
	if _, err := f.Write(raw); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// current is the Env of the running package, for Client and friends.
var current *Env

// Current returns the package's Env (nil before Main has started it).
func Current() *Env { return current }

func (e *Env) unexercised(opts Options) []string {
	if len(opts.Areas) == 0 {
		return nil
	}
	seen := e.Validator.Seen()
	var missing []string
	for _, id := range e.Validator.Operations(opts.Areas...) {
		if seen[id] == 0 && opts.Exclude[id] == "" && !e.Predates(id) {
			missing = append(missing, id)
		}
	}
	return missing
}

// AdminClient returns a root-token client for Setup, before any test runs
// (its responses are not validated: there is no test to fail yet).
func (e *Env) AdminClient() (*wrappers.Client, error) {
	return wrappers.NewClient(wrappers.WithoutEnv(), wrappers.WithAddress(e.Server.Addr), wrappers.WithToken(e.Server.RootToken))
}

// API returns the generated client of one area on c, for the mount at path:
// newClient is the area package's New, e.g.
//
//	livetest.API(t, env.Client(t), "consul", consul.New)
func API[C any](t testing.TB, c *wrappers.Client, path string, newClient func(vtypes.HTTPRequestDoer, string) C) C {
	t.Helper()
	return newClient(c, URL(t, c, path))
}

// URL is c.URL(mount) for a mount the test names itself; a refusal fails t.
func URL(t testing.TB, c *wrappers.Client, mount string) string {
	t.Helper()
	u, err := c.URL(mount)
	if err != nil {
		t.Fatalf("URL(%q): %v", mount, err)
	}
	return u
}

// HTTPClient returns an *http.Client whose responses are validated against
// the spec; a mismatch fails t.
func (e *Env) HTTPClient(t testing.TB) *http.Client {
	return &http.Client{Transport: e.servedCheck(e.Validator.Transport(nil, t.Errorf), t.Errorf), Timeout: 60 * time.Second}
}

// Client returns a wrappers.Client on the dev server with the root token,
// validating every response; opts come last and win.
func (e *Env) Client(t testing.TB, opts ...wrappers.Option) *wrappers.Client {
	return e.ClientFor(t, e.Server.Addr, e.Server.RootToken, opts...)
}

// ClientFor is Client for another server or token.
func (e *Env) ClientFor(t testing.TB, addr, token string, opts ...wrappers.Option) *wrappers.Client {
	t.Helper()
	base := []wrappers.Option{wrappers.WithoutEnv(), wrappers.WithAddress(addr), wrappers.WithToken(token),
		wrappers.WithHTTPClient(e.HTTPClient(t)), wrappers.WithLogger(e.Leaks.logger())}
	c, err := wrappers.NewClient(append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// OK fails t with err (recording its text for the token-leak check), except
// an ErrUnsupportedByServer from an operation the server predates, which
// ends the test as absent-as-expected.
func (e *Env) OK(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		e.stopAtUnsupported(t, err)
		t.Fatal(e.Leaks.Seen(err))
	}
}

// fullRun reports whether no -run or -skip filter narrowed the run.
// fuzzing reports a `go test -fuzz` run or one of its worker processes.
func fuzzing() bool {
	flag.Parse() // testing.M parses flags only in Run
	fuzz, worker := flag.Lookup("test.fuzz"), flag.Lookup("test.fuzzworker")
	return (fuzz != nil && fuzz.Value.String() != "") || (worker != nil && worker.Value.String() == "true")
}

func fullRun() bool {
	for _, name := range []string{"test.run", "test.skip"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" {
			return false
		}
	}
	return true
}

func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// TokenWatch collects the tokens tests use, the error texts they see and the
// clients' debug log, so a run fails if an error or a log line ever carried a
// token.
type TokenWatch struct {
	mu     sync.Mutex
	tokens []string
	texts  []string
	log    vaulttest.SyncBuffer
}

// logger is a debug logger whose every line the watch inspects.
func (w *TokenWatch) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(&w.log, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// Add registers secrets that must never appear in an error.
func (w *TokenWatch) Add(tokens ...string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.tokens = append(w.tokens, tokens...)
}

// Seen records an error's text and returns err unchanged.
func (w *TokenWatch) Seen(err error) error {
	if err != nil {
		w.mu.Lock()
		w.texts = append(w.texts, err.Error(), fmt.Sprintf("%+v", err))
		w.mu.Unlock()
	}
	return err
}

// Report returns the first error text that contains a registered token.
func (w *TokenWatch) Report() string {
	logged := w.log.String()
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, tok := range w.tokens {
		for _, text := range append(w.texts, logged) {
			if tok != "" && strings.Contains(text, tok) {
				return text
			}
		}
	}
	return ""
}
