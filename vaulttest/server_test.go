package vaulttest_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/vaulttest"
	"github.com/govault/govault/wrappers"
)

func TestStartDevServerWithMounts(t *testing.T) {
	srv := vaulttest.Start(t,
		vaulttest.WithSecretsEngine("kv1", "kv", map[string]string{"version": "1"}),
		vaulttest.WithSecretsEngine("transit", "transit", nil),
		vaulttest.WithAuthMethod("ci", "approle"))
	if !strings.HasPrefix(srv.Addr, "http://127.0.0.1:") || srv.RootToken == "" {
		t.Fatalf("Addr %q, RootToken %q: want a loopback address and a token", srv.Addr, srv.RootToken)
	}
	if srv.UnsealKeys != nil {
		t.Errorf("a dev server has UnsealKeys %v", srv.UnsealKeys)
	}
	ctx := context.Background()
	c := srv.Client()

	engines, err := c.ListSecretsEngines(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for path, kind := range map[string]string{"kv1/": "kv", "transit/": "transit", "secret/": "kv"} {
		if engines.Data[path].Type != kind {
			t.Errorf("secrets engine at %s is %q, want %q (all: %v)", path, engines.Data[path].Type, kind, engines)
		}
	}
	methods, err := c.ListAuthMethods(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if methods.Data["ci/"].Type != "approle" {
		t.Errorf("auth method at ci/ is %q, want approle (all: %v)", methods.Data["ci/"].Type, methods)
	}

	// The kv1 mount is KV version 1, as asked: a v1 write and read work.
	kv := c.KVv1("kv1")
	want := map[string]any{"password": "s3cret"}
	if err := kv.CreateOrUpdateSecret(ctx, "app/db", want); err != nil {
		t.Fatal(err)
	}
	got, err := kv.ReadSecret(ctx, "app/db")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got.Data); diff != "" {
		t.Errorf("KV v1 read (-want +got):\n%s", diff)
	}
}

func TestStartInitialisesAndUnseals(t *testing.T) {
	srv := vaulttest.Start(t, vaulttest.WithInit(3, 2),
		vaulttest.WithSecretsEngine("kv", "kv", map[string]string{"version": "2"}),
		vaulttest.WithAuthMethod("userpass", "userpass"))
	if len(srv.UnsealKeys) != 3 || len(srv.UnsealKeysBase64) != 3 || srv.RootToken == "" {
		t.Fatalf("%d keys, %d base64 keys, root token %q: want 3, 3 and a token", len(srv.UnsealKeys), len(srv.UnsealKeysBase64), srv.RootToken)
	}
	ctx := context.Background()
	c := srv.Client()
	st, err := c.Operator().SealStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	type shape struct {
		Initialized, Sealed bool
		Shares, Threshold   int
	}
	if diff := cmp.Diff(shape{Initialized: true, Shares: 3, Threshold: 2}, shape{st.Initialized, st.Sealed, st.N, st.T}); diff != "" {
		t.Errorf("seal status (-want +got):\n%s", diff)
	}

	meta, err := c.KVv2("kv").CreateOrUpdateSecret(ctx, "app", map[string]any{"k": "v"})
	if err != nil {
		t.Fatal(err)
	}
	if meta.Data.Version != 1 {
		t.Errorf("first write made version %d, want 1", meta.Data.Version)
	}
	methods, err := c.ListAuthMethods(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if methods.Data["userpass/"].Type != "userpass" {
		t.Errorf("auth methods %v: want userpass at userpass/", methods)
	}

	// The keys are the server's: sealed again, two others of the three
	// unseal it.
	if err := c.Operator().Seal(ctx); err != nil {
		t.Fatal(err)
	}
	st, err = c.Operator().SubmitUnsealKeys(ctx, srv.UnsealKeysBase64[1:])
	if err != nil {
		t.Fatal(err)
	}
	if st.Sealed {
		t.Errorf("still sealed after keys 2 and 3: %+v", st)
	}
}

// The binary comes from WithBinary too, ahead of the environment, which
// here names a file that does not exist.
func TestStartWithBinaryWinsOverTheEnvironment(t *testing.T) {
	bin := os.Getenv("GOVAULT_VAULT_BIN")
	t.Setenv("GOVAULT_VAULT_BIN", "/nonexistent/vault")
	srv := vaulttest.Start(t, vaulttest.WithBinary(bin))
	if _, err := srv.Client().Sys().SysReadHealth(context.Background(), nil); err != nil {
		t.Fatalf("health of a server started WithBinary: %v", err)
	}
}

// noBinaryAnywhere empties every place Start looks for a binary.
func noBinaryAnywhere(t *testing.T) {
	t.Setenv("GOVAULT_VAULT_BIN", "")
	t.Setenv("VAULT_BINARY", "")
	t.Setenv("PATH", t.TempDir())
}

func TestStartWithoutBinaryFailsSayingHowToGetOne(t *testing.T) {
	noBinaryAnywhere(t)
	ft := runT(t, func(tb testing.TB) {
		vaulttest.Start(tb)
		tb.Error("Start returned without a binary")
	})
	errs := ft.Errors()
	if len(errs) != 1 || ft.Skipped() {
		t.Fatalf("errors %q, skipped %v: want one failure, no skip", errs, ft.Skipped())
	}
	for _, want := range []string{"no Vault binary found", "GOVAULT_VAULT_BIN", "VAULT_BINARY", "WithBinary", "releases.hashicorp.com", "tools/vault", "go build"} {
		if !strings.Contains(errs[0], want) {
			t.Errorf("the failure does not mention %q:\n%s", want, errs[0])
		}
	}
}

func TestSkipIfNoBinarySkipsWithTheReason(t *testing.T) {
	noBinaryAnywhere(t)
	ft := runT(t, func(tb testing.TB) {
		vaulttest.Start(tb, vaulttest.SkipIfNoBinary())
		tb.Error("Start returned without a binary")
	})
	if errs := ft.Errors(); len(errs) != 0 {
		t.Fatalf("SkipIfNoBinary failed the test: %q", errs)
	}
	if !strings.Contains(ft.skipped, "no Vault binary found") {
		t.Errorf("skip reason %q: want it to say no binary was found", ft.skipped)
	}
}

// A binary that is named but missing is a mistake to report, even when
// the test would skip for an absent one.
func TestStartFailsOnANamedBinaryThatIsMissing(t *testing.T) {
	for name, opts := range map[string][]vaulttest.Option{
		"WithBinary":   {vaulttest.WithBinary("/nonexistent/vault"), vaulttest.SkipIfNoBinary()},
		"VAULT_BINARY": {vaulttest.SkipIfNoBinary()},
	} {
		t.Run(name, func(t *testing.T) {
			noBinaryAnywhere(t)
			t.Setenv("VAULT_BINARY", "/nonexistent/vault")
			ft := runT(t, func(tb testing.TB) { vaulttest.Start(tb, opts...) })
			errs := ft.Errors()
			if ft.Skipped() || len(errs) != 1 || !strings.Contains(errs[0], name) || !strings.Contains(errs[0], "/nonexistent/vault") {
				t.Errorf("skipped %v, errors %q: want one failure naming %s and the path", ft.Skipped(), errs, name)
			}
		})
	}
}

func TestStartRefusesAThresholdAboveTheShares(t *testing.T) {
	ft := runT(t, func(tb testing.TB) { vaulttest.Start(tb, vaulttest.WithInit(2, 3)) })
	if errs := ft.Errors(); len(errs) != 1 || !strings.Contains(errs[0], "WithInit(2, 3)") {
		t.Errorf("errors %q: want one naming WithInit(2, 3)", errs)
	}
}

func TestStartFailsNamingAMountVaultRefuses(t *testing.T) {
	ft := runT(t, func(tb testing.TB) {
		vaulttest.Start(tb, vaulttest.WithSecretsEngine("nope", "no-such-engine", nil))
	})
	errs := ft.Errors()
	if len(errs) != 1 || !strings.Contains(errs[0], `"no-such-engine" at "nope"`) {
		t.Fatalf("errors %q: want one naming the engine and its path", errs)
	}
	// That test failed, so the server's output was attached to it.
	if !strings.Contains(ft.Logs(), "output of the Vault server") {
		t.Errorf("no server output logged for the failed test; logs:\n%s", ft.Logs())
	}
}

// A server lives as long as its test: stopped at cleanup, with its output
// logged only when the test failed.
func TestStartStopsAtCleanupAndLogsOnlyOnFailure(t *testing.T) {
	for _, fail := range []bool{false, true} {
		var addr string
		ft := runT(t, func(tb testing.TB) {
			srv := vaulttest.Start(tb)
			addr = srv.Addr
			if fail {
				tb.Errorf("deliberate failure")
			}
		})
		logged := strings.Contains(ft.Logs(), "output of the Vault server at "+addr)
		if logged != fail {
			t.Errorf("test failed %v, server output logged %v; logs:\n%s", fail, logged, ft.Logs())
		}
		if fail && !strings.Contains(ft.Logs(), "Vault server configuration") {
			t.Errorf("the logged output is not Vault's:\n%s", ft.Logs())
		}
		if rsp, err := http.Get(addr + "/v1/sys/health"); err == nil {
			rsp.Body.Close()
			t.Errorf("the server at %s still answers after its test ended (status %d)", addr, rsp.StatusCode)
		}
	}
}

// Client options come after Start's own and win.
func TestServerClientTakesOptions(t *testing.T) {
	srv := vaulttest.Start(t)
	c := srv.Client(wrappers.WithToken("not-the-root-token"))
	_, err := c.ListSecretsEngines(context.Background())
	if !errors.Is(err, wrappers.ErrForbidden) {
		t.Errorf("a client with a wrong token listed mounts: err %v, want ErrForbidden", err)
	}
}
