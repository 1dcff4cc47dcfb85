package identity_test

import (
	"context"
	"testing"

	"github.com/govault/govault/generated/identity"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
)

// TOTP self-enrollment during a login is Enterprise: checked against a
// doc-shaped stand-in.
func TestSelfEnrollTOTPDocStub(t *testing.T) {
	s := docstub.New(t, env)
	s.On("POST", "/v1/identity/mfa/method/totp/self-enroll", 200, docstub.Enveloped(`{"barcode":"iVBORw0KGgoAAAANSUhEUgAAAMgAAADI","url":"otpauth://totp/vault:4746fb81?algorithm=SHA1&digits=6&issuer=vault&period=30&secret=6HQ4RZ7GM6MMLRKV"}`))
	a := livetest.API(t, s.Client(t), "identity", identity.New)
	out, err := a.IdentitySelfEnrollTOTP(context.Background(), identity.IdentitySelfEnrollTOTPRequest{MFARequestID: "5e5a4f0b", MFAMethodID: "0ee3a3fd"})
	env.OK(t, err)
	if got := s.Sent("POST", "/v1/identity/mfa/method/totp/self-enroll"); got["mfa_request_id"] != "5e5a4f0b" || got["mfa_method_id"] != "0ee3a3fd" {
		t.Fatalf("self-enroll sent %v", got)
	}
	if out.Data.URL == "" || out.Data.Barcode == "" {
		t.Fatalf("self-enroll: %+v", out.Data)
	}
}
