package sysenterprise_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/govault/govault/generated/sysmfa"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/tests/internal/docstub"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// sys/mfa/validate is open source (login MFA): a real userpass login held
// back by a TOTP login enforcement, finished with a computed passcode.
func TestMFAValidateRealServer(t *testing.T) {
	ctx := context.Background()
	root := env.Server.RootToken
	must := func(out map[string]any, err error) map[string]any {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	must(vaultRaw(ctx, "POST", "sys/auth/up-mfa", root, map[string]any{"type": "userpass"}))
	must(vaultRaw(ctx, "POST", "auth/up-mfa/users/alice", root, map[string]any{"password": "pw-alice"}))
	auths := must(vaultRaw(ctx, "GET", "sys/auth", root, nil))
	accessor := auths["data"].(map[string]any)["up-mfa/"].(map[string]any)["accessor"].(string)
	first := must(vaultRaw(ctx, "POST", "auth/up-mfa/login/alice", "", map[string]any{"password": "pw-alice"}))
	firstAuth := first["auth"].(map[string]any)
	env.Leaks.Add(firstAuth["client_token"].(string))
	entityID := firstAuth["entity_id"].(string)
	method := must(vaultRaw(ctx, "POST", "identity/mfa/method/totp", root, map[string]any{"issuer": "govault", "period": 30}))
	methodID := method["data"].(map[string]any)["method_id"].(string)
	gen := must(vaultRaw(ctx, "POST", "identity/mfa/method/totp/admin-generate", root, map[string]any{"method_id": methodID, "entity_id": entityID}))
	otpURL := gen["data"].(map[string]any)["url"].(string)
	env.Leaks.Add(otpURL)
	must(vaultRaw(ctx, "POST", "identity/mfa/login-enforcement/govault", root, map[string]any{
		"mfa_method_ids": []string{methodID}, "auth_method_accessors": []string{accessor},
	}))
	login := func() string {
		t.Helper()
		held := must(vaultRaw(ctx, "POST", "auth/up-mfa/login/alice", "", map[string]any{"password": "pw-alice"}))
		req := held["auth"].(map[string]any)["mfa_requirement"].(map[string]any)["mfa_request_id"].(string)
		return req
	}

	a := livetest.API(t, env.Client(t, wrappers.WithToken("")), "sys", sysmfa.New)
	// A wrong passcode is refused (403) with an error body the spec describes.
	_, err := a.SysValidateMFA(ctx, sysmfa.SysValidateMFARequest{
		MFARequestID: login(), MFAPayload: map[string][]string{methodID: {"000000"}},
	})
	if !errors.Is(err, wrappers.ErrForbidden) {
		t.Fatalf("wrong passcode: want 403, got %v", err)
	}

	code, err := totpCode(otpURL, time.Now())
	env.OK(t, err)
	out, err := a.SysValidateMFA(ctx, sysmfa.SysValidateMFARequest{
		MFARequestID: login(), MFAPayload: map[string][]string{methodID: {code}},
	})
	env.OK(t, err)
	env.Leaks.Add(out.Auth.ClientToken)
	if out.Auth.ClientToken == "" || out.Auth.EntityID != entityID || out.Auth.Metadata["username"] != "alice" || out.Auth.MFARequirement != nil {
		t.Fatalf("validate: %+v", out.Auth)
	}
}

// The Enterprise step-up MFA methods against the docs-shaped stand-in.
func TestMFAMethodsDocStub(t *testing.T) {
	ctx := context.Background()
	s := docstub.New(t, env)
	base := "/v1/sys/mfa/method/"
	s.On("GET", base, 200, docstub.Enveloped(`{"keys":["my_totp","my_okta"]}`))
	for _, typ := range []string{"totp/my_totp", "okta/my_okta", "duo/my_duo", "pingid/ping"} {
		s.On("POST", base+typ, 204, "")
		s.On("DELETE", base+typ, 204, "")
	}
	s.On("GET", base+"totp/my_totp", 200, docstub.Enveloped(`{"algorithm":"SHA1","digits":6,"id":"865587ba-6229-7f2a-6da0-609d5370af70","issuer":"vault","key_size":20,"name":"my_totp","period":30,"qr_size":200,"skew":1,"type":"totp","max_validation_attempts":5}`))
	s.On("GET", base+"okta/my_okta", 200, docstub.Enveloped(`{"api_token":"0081u7KrReNkzmABZJAP2oDyIXccveqx9vIOEyCZDC","id":"e39f08a1-a42d-143d-5b87-15c61d89c15a","mount_accessor":"auth_userpass_1793464a","name":"my_okta","org_name":"dev-262778","production":true,"type":"okta","username_format":""}`))
	s.On("GET", base+"duo/my_duo", 200, docstub.Enveloped(`{"api_hostname":"api-2b5c39f5.duosecurity.com","id":"0ad21b78-e9bb-64fa-88b8-1e38db217bde","integration_key":"BIACEUEAXI20BNWTEYXT","mount_accessor":"auth_userpass_1793464a","name":"my_duo","pushinfo":"","secret_key":"8C7THtrIigh2rPZQMbguugt8IUftWhMRCOBzbuyz","type":"duo","username_format":""}`))
	s.On("GET", base+"pingid/ping", 200, docstub.Enveloped(`{"use_signature":true,"idp_url":"https://idpxnyl3m.pingidentity.com/pingid","admin_url":"https://idpxnyl3m.pingidentity.com/pingid","authenticator_url":"https://authenticator.pingone.com/pingid/ppm","mount_accessor":"auth_userpass_1793464a","name":"ping","org_alias":"181459b0-9fb1-4938-8c86...","type":"pingid","username_format":""}`))
	secret := docstub.Enveloped(`{"barcode":"iVBORw0KGgoAAAANSUhEUgAAAMgAAADIEAAAAADYoy0B","url":"otpauth://totp/vault:4746fb81-028c-cd4e-026b-7dd18fe4c2f4?algorithm=SHA1&digits=6&issuer=vault&period=30&secret=6HQ4RZ7GM6MMLRKVDCI23LXNZF7UDZ2U"}`)
	s.On("GET", base+"totp/my_totp/generate", 200, secret)
	s.On("POST", base+"totp/my_totp/admin-generate", 200, secret)
	s.On("POST", base+"totp/my_totp/destroy", 204, "")
	s.On("POST", base+"totp/my_totp/admin-destroy", 204, "")
	a := livetest.API(t, s.Client(t), "sys", sysmfa.New)

	period := vtypes.Duration("30s")
	err := a.SysWriteMFATOTPMethod(ctx, "my_totp", sysmfa.SysWriteMFATOTPMethodRequest{Issuer: "vault", Period: &period, Digits: livetest.Ptr(6)})
	env.OK(t, err)
	if got := s.Sent("POST", base+"totp/my_totp"); got["issuer"] != "vault" || got["period"] != "30s" || got["digits"] != float64(6) {
		t.Fatalf("totp write sent %v", got)
	}
	totp, err := a.SysReadMFATOTPMethod(ctx, "my_totp")
	env.OK(t, err)
	if totp.Data.Period != 30 || totp.Data.Algorithm != "SHA1" {
		t.Fatalf("totp: %+v", totp.Data)
	}
	gen, err := a.SysGenerateMFATOTPSecret(ctx, "my_totp")
	env.OK(t, err)
	if gen.Data == nil || gen.Data.URL == "" {
		t.Fatalf("generate: %+v", gen)
	}
	env.Leaks.Add(gen.Data.URL)
	entity := sysmfa.MFAEntityRequest{EntityID: "4746fb81-028c-cd4e-026b-7dd18fe4c2f4"}
	adm, err := a.SysAdminGenerateMFATOTPSecret(ctx, "my_totp", entity)
	env.OK(t, err)
	if adm.Data == nil || adm.Data.Barcode == "" || s.Sent("POST", base+"totp/my_totp/admin-generate")["entity_id"] != entity.EntityID {
		t.Fatalf("admin-generate: %+v", adm)
	}
	err = a.SysDestroyMFATOTPSecret(ctx, "my_totp")
	env.OK(t, err)
	err = a.SysAdminDestroyMFATOTPSecret(ctx, "my_totp", entity)
	env.OK(t, err)

	acc := "auth_userpass_1793464a"
	err = a.SysWriteMFAOktaMethod(ctx, "my_okta", sysmfa.SysWriteMFAOktaMethodRequest{MountAccessor: acc, OrgName: livetest.Ptr("dev-262778"), APIToken: livetest.Ptr("0081u7KrReNkzmABZJAP2oDyIXccveqx9vIOEyCZDC")})
	env.OK(t, err)
	okta, err := a.SysReadMFAOktaMethod(ctx, "my_okta")
	env.OK(t, err)
	if okta.Data.OrgName != "dev-262778" {
		t.Fatalf("okta: %+v", okta.Data)
	}
	err = a.SysWriteMFADuoMethod(ctx, "my_duo", sysmfa.SysWriteMFADuoMethodRequest{MountAccessor: acc, APIHostname: livetest.Ptr("api-2b5c39f5.duosecurity.com")})
	env.OK(t, err)
	duo, err := a.SysReadMFADuoMethod(ctx, "my_duo")
	env.OK(t, err)
	if duo.Data.APIHostname != "api-2b5c39f5.duosecurity.com" {
		t.Fatalf("duo: %+v", duo.Data)
	}
	err = a.SysWriteMFAPingIDMethod(ctx, "ping", sysmfa.SysWriteMFAPingIDMethodRequest{MountAccessor: acc, SettingsFileBase64: "AA8owj3..."})
	env.OK(t, err)
	ping, err := a.SysReadMFAPingIDMethod(ctx, "ping")
	env.OK(t, err)
	if ping.Data.OrgAlias == "" || ping.Data.UseSignature == nil || !*ping.Data.UseSignature {
		t.Fatalf("pingid: %+v", ping.Data)
	}
	list, err := a.SysListMFAMethods(ctx)
	env.OK(t, err)
	if len(list.Data.Keys) != 2 {
		t.Fatalf("list: %+v", list.Data)
	}
	for _, del := range []func() error{
		func() error { return a.SysDeleteMFATOTPMethod(ctx, "my_totp") },
		func() error { return a.SysDeleteMFAOktaMethod(ctx, "my_okta") },
		func() error { return a.SysDeleteMFADuoMethod(ctx, "my_duo") },
		func() error { return a.SysDeleteMFAPingIDMethod(ctx, "ping") },
	} {
		env.OK(t, del())
	}
}
