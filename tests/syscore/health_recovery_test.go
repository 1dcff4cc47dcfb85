package syscore_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
	"github.com/govault/govault/vtypes"
)

// HEAD sys/health against the real server: the status is the whole answer,
// and an active node's is 200 (standbyok changes nothing on it).
func TestHeadHealth(t *testing.T) {
	a := livetest.API(t, env.Client(t), "sys", sys.New)
	var raw vtypes.Raw
	env.OK(t, a.SysHeadHealth(context.Background(), &sys.SysHeadHealthParams{Standbyok: livetest.Ptr(true)}, vtypes.CaptureRaw(&raw)))
	if raw.Response.StatusCode != http.StatusOK || raw.Response.Request.Method != http.MethodHead || len(raw.Body) != 0 {
		t.Fatalf("HEAD health: status %d, method %s, %d body bytes", raw.Response.StatusCode, raw.Response.Request.Method, len(raw.Body))
	}
}

// Recovery token generation only exists while a server runs in recovery
// mode (the dev server answers 404), so it is checked against a doc-shaped
// stand-in. Vault answers it with the generate-root status, which also
// carries encoded_root_token and otp; the docs' samples leave those out.
func TestRecoveryTokenGenerationDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	const attempt = "/v1/sys/generate-recovery-token/attempt"
	s.On("GET", attempt, 200, `{"started":true,"nonce":"2dbd10f1-8528-6246-09e7-82b25b8aba63","progress":1,"required":3,"encoded_token":"","encoded_root_token":"","pgp_fingerprint":"","otp":"","otp_length":24,"complete":false}`)
	s.On("POST", attempt, 200, `{"started":true,"nonce":"2dbd10f1-8528-6246-09e7-82b25b8aba63","progress":0,"required":3,"encoded_token":"","encoded_root_token":"","otp":"2vPFYG8gUSW9npwzyvxXMug0","otp_length":24,"complete":false,"pgp_fingerprint":""}`)
	s.On("DELETE", attempt, 204, "")
	s.On("POST", "/v1/sys/generate-recovery-token/update", 200, `{"started":true,"nonce":"2dbd10f1-8528-6246-09e7-82b25b8aba63","progress":3,"required":3,"pgp_fingerprint":"","complete":true,"encoded_token":"FPzkNBvwNDeFh4SmGA8c+w==","encoded_root_token":"","otp":"","otp_length":0}`)
	a := livetest.API(t, s.Client(t), "sys", sys.New)

	started, err := a.SysStartRecoveryTokenGeneration(ctx, sys.SysStartRecoveryTokenGenerationRequest{})
	env.OK(t, err)
	env.Leaks.Add(started.OTP)
	progress, err := a.SysReadRecoveryTokenGenerationProgress(ctx)
	env.OK(t, err)
	if progress.Nonce != started.Nonce || progress.Required != 3 {
		t.Fatalf("progress: %+v", progress)
	}
	done, err := a.SysUpdateRecoveryTokenGeneration(ctx, sys.SysUpdateRootGenerationRequest{Key: "a-key-share", Nonce: started.Nonce})
	env.OK(t, err)
	if !done.Complete || done.EncodedToken == "" || s.Sent("POST", "/v1/sys/generate-recovery-token/update")["key"] != "a-key-share" {
		t.Fatalf("update: %+v", done)
	}
	env.OK(t, a.SysCancelRecoveryTokenGeneration(ctx))
}
