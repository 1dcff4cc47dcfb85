package wrappers_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/govault/govault/generated/sys"

	"github.com/govault/govault/internal/vaulttest"
	"github.com/govault/govault/wrappers"
)

// startUninitialized starts a fresh non-dev server and validates its
// responses through the same contract as the dev server.
func startUninitialized(t *testing.T, storage vaulttest.Storage) *vaulttest.Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := vaulttest.StartUninitialized(ctx, storage)
	if err != nil {
		t.Fatalf("cannot start a non-dev Vault server: %v", err)
	}
	t.Cleanup(s.Stop)
	return s
}

// startUnsealed starts a fresh non-dev server, initialises it with a single
// key share and unseals it; the client has no token set.
func startUnsealed(t *testing.T, storage vaulttest.Storage) (*vaulttest.Server, *wrappers.Client, *sys.SysInitializeResult) {
	t.Helper()
	ctx := context.Background()
	srv := startUninitialized(t, storage)
	c := clientFor(t, srv.Addr, "")
	res, err := c.Operator().Initialize(ctx, 1, 1)
	mustOK(t, err)
	leaks.Add(res.RootToken)
	_, err = c.Operator().SubmitUnsealKeys(ctx, res.Keys)
	mustOK(t, err)
	return srv, c, res
}

// The hvac "Getting Started" flows, end to end against a real server:
// initialise 5/3, unseal share by share, seal, unseal with SubmitUnsealKeys,
// rekey to 3/2 with verification, seal and unseal with the new keys, then
// generate a new root token with an OTP and use it.
func TestKeyLifecycleOnARealServer(t *testing.T) {
	ctx := context.Background()
	srv := startUninitialized(t, vaulttest.Inmem)
	c := clientFor(t, srv.Addr, "")

	initialized, err := c.Operator().IsInitialized(ctx)
	mustOK(t, err)
	if initialized {
		t.Fatal("a fresh server reports initialized")
	}
	// Before init, authenticated calls fail as VaultNotInitialized... or sealed.
	if _, err := c.KVv2("secret").ReadSecret(ctx, "x"); !errors.Is(leaks.Seen(err), wrappers.ErrVaultDown) && !errors.Is(err, wrappers.ErrVaultNotInitialized) {
		t.Fatalf("read before init: %v, want ErrVaultDown or ErrVaultNotInitialized", err)
	}

	res, err := c.Operator().Initialize(ctx, 5, 3)
	mustOK(t, err)
	leaks.Add(res.RootToken)
	if len(res.Keys) != 5 || len(res.KeysBase64) != 5 || res.RootToken == "" {
		t.Fatalf("init gave %d keys, %d base64 keys, root token set: %v", len(res.Keys), len(res.KeysBase64), res.RootToken != "")
	}
	if initialized, _ = c.Operator().IsInitialized(ctx); !initialized {
		t.Fatal("IsInitialized false after Initialize")
	}

	// Unseal with single keys: progress counts up, the third share unseals.
	for i, key := range res.Keys[:3] {
		st, err := c.Operator().SubmitUnsealKey(ctx, key)
		mustOK(t, err)
		wantSealed := i < 2
		if st.Sealed != wantSealed || (wantSealed && st.Progress != i+1) || st.T != 3 || st.N != 5 {
			t.Fatalf("after share %d: sealed=%v progress=%d t=%d n=%d", i+1, st.Sealed, st.Progress, st.T, st.N)
		}
	}
	c.SetToken(res.RootToken)
	if ok, err := c.IsAuthenticated(ctx); err != nil || !ok {
		t.Fatalf("root token not accepted: %v %v", ok, err)
	}

	mustOK(t, c.Operator().Seal(ctx))
	if sealed, err := c.Operator().IsSealed(ctx); err != nil || !sealed {
		t.Fatalf("after Seal: sealed=%v err=%v", sealed, err)
	}
	// A sealed server answers with 503: VaultDown.
	if _, err := c.IsAuthenticated(ctx); !errors.Is(leaks.Seen(err), wrappers.ErrVaultDown) {
		t.Fatalf("lookup while sealed: %v, want ErrVaultDown", err)
	}
	// A reset throws away a partial unseal.
	_, err = c.Operator().SubmitUnsealKey(ctx, res.Keys[4])
	mustOK(t, err)
	st, err := c.Operator().ResetUnseal(ctx)
	mustOK(t, err)
	if st.Progress != 0 || !st.Sealed {
		t.Fatalf("after reset: progress %d sealed %v", st.Progress, st.Sealed)
	}
	// SubmitUnsealKeys stops at the threshold (shares 3 and 4 of 5 given here are never sent).
	st, err = c.Operator().SubmitUnsealKeys(ctx, res.Keys[2:])
	mustOK(t, err)
	if st.Sealed {
		t.Fatal("still sealed after SubmitUnsealKeys with 3 shares")
	}

	// Rekey to 3 shares / threshold 2, with verification of the new shares.
	rk, err := c.Operator().StartRekeyWithVerification(ctx, 3, 2)
	mustOK(t, err)
	if !rk.Started || rk.Nonce == "" || rk.Required != 3 || !rk.VerificationRequired {
		t.Fatalf("rekey start: %+v", rk)
	}
	progress, err := c.Operator().ReadRekeyProgress(ctx)
	mustOK(t, err)
	if progress.Nonce != rk.Nonce || !progress.Started {
		t.Fatalf("rekey progress: %+v", progress)
	}
	done, err := c.Operator().RekeySubmitKeys(ctx, res.Keys[:3], rk.Nonce)
	mustOK(t, err)
	if len(done.Keys) != 3 || done.VerificationNonce == nil || *done.VerificationNonce == "" {
		t.Fatalf("rekey result: %d keys, verification nonce %v", len(done.Keys), done.VerificationNonce)
	}
	vp, err := c.Operator().ReadRekeyVerificationProgress(ctx)
	mustOK(t, err)
	if vp.Nonce != *done.VerificationNonce || vp.T != 2 || vp.N != 3 {
		t.Fatalf("verification progress: %+v", vp)
	}
	// Cancelling verification starts it over with a new nonce; the new keys stay pending.
	restarted, err := c.Operator().CancelRekeyVerification(ctx)
	mustOK(t, err)
	vp, err = c.Operator().ReadRekeyVerificationProgress(ctx)
	mustOK(t, err)
	if vp.Nonce == *done.VerificationNonce || vp.Progress != 0 {
		t.Fatalf("verification after cancel: %+v (cancel said %+v)", vp, restarted)
	}
	verified, err := c.Operator().RekeyVerifyKeys(ctx, done.Keys, vp.Nonce)
	mustOK(t, err)
	if verified.Complete == nil || !*verified.Complete {
		t.Fatalf("verification not complete: %+v", verified)
	}

	// Seal, then the new shares (and only two of them) unseal.
	mustOK(t, c.Operator().Seal(ctx))
	st, err = c.Operator().SubmitUnsealKeys(ctx, done.Keys[:2])
	mustOK(t, err)
	if st.Sealed || st.T != 2 || st.N != 3 {
		t.Fatalf("unseal with new keys: sealed=%v t=%d n=%d", st.Sealed, st.T, st.N)
	}

	// Generate a new root token with an OTP and use it.
	newRoot, err := c.Operator().GenerateRootToken(ctx, done.Keys[1:])
	mustOK(t, err)
	leaks.Add(newRoot)
	if newRoot == "" || newRoot == res.RootToken {
		t.Fatalf("generated root token %q is empty or the old one", newRoot)
	}
	fresh := clientFor(t, srv.Addr, newRoot)
	if ok, err := fresh.IsAuthenticated(ctx); err != nil || !ok {
		t.Fatalf("new root token not accepted: %v %v", ok, err)
	}
	mustOK(t, fresh.Operator().Seal(ctx)) // sudo on sys/seal proves it is a root token
}

// Starting and cancelling the multi-step operations leaves the server idle.
// Without a PGP-encrypted rekey there is no backup: reading it answers with
// Vault's error body (checked by the contract) and deleting it succeeds.
func TestRekeyAndGenerateRootCancel(t *testing.T) {
	ctx := context.Background()
	_, c, res := startUnsealed(t, vaulttest.Inmem)

	rk, err := c.Operator().StartRekey(ctx, 2, 2)
	mustOK(t, err)
	mustOK(t, c.Operator().CancelRekey(ctx, rk.Nonce))
	c.SetToken(res.RootToken)
	if _, err := c.Sys().SysReadRekeyBackup(ctx); !errors.Is(leaks.Seen(err), wrappers.ErrInvalidRequest) && !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("rekey backup without a PGP rekey: %v", err)
	}
	err = c.Sys().SysDeleteRekeyBackup(ctx)
	mustOK(t, err)
	p, err := c.Operator().ReadRekeyProgress(ctx)
	mustOK(t, err)
	if p.Started {
		t.Fatal("rekey still started after cancel")
	}

	prog, err := c.Operator().ReadRootGenerationProgress(ctx)
	mustOK(t, err)
	otp, err := wrappers.NewRootTokenOTP(prog.OTPLength)
	mustOK(t, err)
	g, err := c.Operator().StartRootTokenGeneration(ctx, otp)
	mustOK(t, err)
	if !g.Started || g.Nonce == "" {
		t.Fatalf("generate-root start: %+v", g)
	}
	mustOK(t, c.Operator().CancelRootGeneration(ctx))
	prog, err = c.Operator().ReadRootGenerationProgress(ctx)
	mustOK(t, err)
	if prog.Started {
		t.Fatal("root generation still started after cancel")
	}
}

func TestDecodeRootToken(t *testing.T) {
	otp := "ABCDEFGHIJKLMNOPQRSTUVWXYZab"
	token := "hvs.abcdefghijklmnopqrstuvwx"
	raw := []byte(token)
	for i := range raw {
		raw[i] ^= otp[i]
	}
	enc := base64RawStd(raw)
	got, err := wrappers.DecodeRootToken(enc, otp)
	if err != nil || got != token {
		t.Fatalf("DecodeRootToken = %q, %v; want %q", got, err, token)
	}
	if _, err := wrappers.DecodeRootToken(enc, otp[:10]); err == nil {
		t.Fatal("a short otp must be an error")
	}
	if _, err := wrappers.DecodeRootToken("!!!", otp); err == nil {
		t.Fatal("non-base64 input must be an error")
	}
}
