package identity_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/identity"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// Login MFA: the four method types (configuration only; Vault contacts Okta,
// Duo and PingID only during a login), TOTP enrollment, and enforcements.
func TestMFA(t *testing.T) {
	ctx := context.Background()
	id := api(t)

	// TOTP.
	period := vtypes.Duration("60s")
	alg := identity.TOTPAlgorithmSHA256
	totp, err := id.IdentityCreateMFATOTPMethod(ctx, identity.IdentityCreateMFATOTPMethodRequest{
		Issuer: "govault", MethodName: livetest.Ptr("totp1"), Period: &period, Algorithm: &alg, Digits: livetest.Ptr(8),
	})
	env.OK(t, err)
	totpID := totp.Data.MethodID
	totpRead, err := id.IdentityReadMFATOTPMethod(ctx, totpID)
	env.OK(t, err)
	wantTOTP := identity.IdentityMFATOTPMethodData{
		ID: totpID, Name: "totp1", Type: "totp", Issuer: "govault", Period: 60, Algorithm: "SHA256", Digits: 8,
		// Vault's defaults.
		KeySize: 20, QrSize: 200, Skew: 1, MaxValidationAttempts: 5, NamespaceID: "root",
	}
	if diff := cmp.Diff(wantTOTP, totpRead.Data); diff != "" {
		t.Fatalf("totp read (-want +got):\n%s", diff)
	}
	err = id.IdentityUpdateMFATOTPMethod(ctx, totpID, identity.IdentityUpdateMFATOTPMethodRequest{
		Issuer: "govault2", MaxValidationAttempts: livetest.Ptr(3),
	})
	env.OK(t, err)
	totps, err := id.IdentityListMFATOTPMethods(ctx)
	env.OK(t, err)
	if info, ok := totps.Data.KeyInfo[totpID]; !ok || info.Issuer != "govault2" || info.MaxValidationAttempts != 3 || info.Digits != 6 {
		t.Fatalf("totp list: %+v", totps.Data)
	}

	// Okta.
	okta, err := id.IdentityCreateMFAOktaMethod(ctx, identity.IdentityCreateMFAOktaMethodRequest{
		OrgName: "example", APIToken: "okta-token", BaseURL: livetest.Ptr("oktapreview.com"), MethodName: livetest.Ptr("okta1"),
	})
	env.OK(t, err)
	env.Leaks.Add("okta-token")
	oktaRead, err := id.IdentityReadMFAOktaMethod(ctx, okta.Data.MethodID)
	env.OK(t, err)
	wantOkta := identity.IdentityMFAOktaMethodData{
		ID: okta.Data.MethodID, Name: "okta1", Type: "okta", OrgName: "example", BaseURL: livetest.Ptr("oktapreview.com"), NamespaceID: "root",
	}
	if diff := cmp.Diff(wantOkta, oktaRead.Data); diff != "" {
		t.Fatalf("okta read (-want +got):\n%s", diff)
	}
	// Without base_url Vault reports the old production flag instead.
	err = id.IdentityUpdateMFAOktaMethod(ctx, okta.Data.MethodID, identity.IdentityUpdateMFAOktaMethodRequest{
		OrgName: "example2", APIToken: "okta-token", Production: livetest.Ptr(true),
	})
	env.OK(t, err)
	oktas, err := id.IdentityListMFAOktaMethods(ctx)
	env.OK(t, err)
	if info := oktas.Data.KeyInfo[okta.Data.MethodID]; info.OrgName != "example2" || info.Production == nil || !*info.Production || info.BaseURL != nil {
		t.Fatalf("okta list: %+v", info)
	}

	// Duo.
	duo, err := id.IdentityCreateMFADuoMethod(ctx, identity.IdentityCreateMFADuoMethodRequest{
		SecretKey: "duo-secret", IntegrationKey: "duo-ikey", APIHostname: "api-123.duosecurity.com",
		PushInfo: livetest.Ptr("from=govault"), UsernameFormat: livetest.Ptr("{{identity.entity.name}}"),
	})
	env.OK(t, err)
	env.Leaks.Add("duo-secret")
	duoRead, err := id.IdentityReadMFADuoMethod(ctx, duo.Data.MethodID)
	env.OK(t, err)
	wantDuo := identity.IdentityMFADuoMethodData{
		ID: duo.Data.MethodID, Type: "duo", APIHostname: "api-123.duosecurity.com", Pushinfo: "from=govault",
		UsernameFormat: "{{identity.entity.name}}", NamespaceID: "root",
	}
	if diff := cmp.Diff(wantDuo, duoRead.Data); diff != "" {
		t.Fatalf("duo read (-want +got):\n%s", diff)
	}
	err = id.IdentityUpdateMFADuoMethod(ctx, duo.Data.MethodID, identity.IdentityUpdateMFADuoMethodRequest{
		SecretKey: "duo-secret", IntegrationKey: "duo-ikey", APIHostname: "api-456.duosecurity.com", UsePasscode: livetest.Ptr(true),
	})
	env.OK(t, err)
	duos, err := id.IdentityListMFADuoMethods(ctx)
	env.OK(t, err)
	if info := duos.Data.KeyInfo[duo.Data.MethodID]; info.APIHostname != "api-456.duosecurity.com" || !info.UsePasscode {
		t.Fatalf("duo list: %+v", info)
	}

	// PingID, configured from a settings file.
	settings := func(org string) string {
		return base64.StdEncoding.EncodeToString([]byte(strings.Join([]string{
			"use_base64_key=c2VjcmV0",
			"use_signature=true",
			"token=ping-token",
			"idp_url=https://idpxnyl3m.pingidentity.com/pingid",
			"org_alias=" + org,
			"admin_url=https://idpxnyl3m.pingidentity.com/pingid",
			"authenticator_url=https://authenticator.pingone.com/pingid/ppm",
		}, "\n")))
	}
	ping, err := id.IdentityCreateMFAPingIDMethod(ctx, identity.IdentityCreateMFAPingIDMethodRequest{
		SettingsFileBase64: settings("org-one"), MethodName: livetest.Ptr("ping1"),
	})
	env.OK(t, err)
	pingRead, err := id.IdentityReadMFAPingIDMethod(ctx, ping.Data.MethodID)
	env.OK(t, err)
	wantPing := identity.IdentityMFAPingIDMethodData{
		ID: ping.Data.MethodID, Name: "ping1", Type: "pingid", OrgAlias: "org-one", UseSignature: true, NamespaceID: "root",
		IdpURL: "https://idpxnyl3m.pingidentity.com/pingid", AdminURL: "https://idpxnyl3m.pingidentity.com/pingid",
		AuthenticatorURL: "https://authenticator.pingone.com/pingid/ppm",
	}
	if diff := cmp.Diff(wantPing, pingRead.Data); diff != "" {
		t.Fatalf("pingid read (-want +got):\n%s", diff)
	}
	err = id.IdentityUpdateMFAPingIDMethod(ctx, ping.Data.MethodID, identity.IdentityUpdateMFAPingIDMethodRequest{
		SettingsFileBase64: settings("org-two"),
	})
	env.OK(t, err)
	pings, err := id.IdentityListMFAPingIDMethods(ctx)
	env.OK(t, err)
	if info := pings.Data.KeyInfo[ping.Data.MethodID]; info.OrgAlias != "org-two" {
		t.Fatalf("pingid list: %+v", info)
	}

	// All types together, and any one by ID.
	all, err := id.IdentityListMFAMethods(ctx)
	env.OK(t, err)
	for _, m := range []string{totpID, okta.Data.MethodID, duo.Data.MethodID, ping.Data.MethodID} {
		if !slices.Contains(all.Data.Keys, m) {
			t.Fatalf("method list lacks %s: %v", m, all.Data.Keys)
		}
	}
	if info := all.Data.KeyInfo[duo.Data.MethodID]; info.Type != "duo" || info.APIHostname == nil {
		t.Fatalf("method list, duo: %+v", info)
	}
	anyRead, err := id.IdentityReadMFAMethod(ctx, ping.Data.MethodID)
	env.OK(t, err)
	if anyRead.Data.Type != "pingid" || anyRead.Data.OrgAlias == nil || *anyRead.Data.OrgAlias != "org-two" {
		t.Fatalf("method read: %+v", anyRead.Data)
	}

	// TOTP enrollment: by an admin for any entity, and by a token for its own entity.
	entity, err := id.IdentityCreateEntity(ctx, identity.IdentityCreateEntityRequest{Name: livetest.Ptr("mfa-user")})
	env.OK(t, err)
	secret, err := id.IdentityAdminGenerateMFATOTPSecret(ctx, identity.IdentityAdminGenerateMFATOTPSecretRequest{
		MethodID: totpID, EntityID: entity.Data.ID,
	})
	env.OK(t, err)
	if secret.Data == nil || !strings.HasPrefix(secret.Data.URL, "otpauth://totp/") || len(secret.Data.Barcode) == 0 {
		t.Fatalf("admin-generate: %+v", secret.Data)
	}
	again, err := id.IdentityAdminGenerateMFATOTPSecret(ctx, identity.IdentityAdminGenerateMFATOTPSecretRequest{
		MethodID: totpID, EntityID: entity.Data.ID,
	})
	env.OK(t, err)
	if again.Data != nil || len(again.Warnings) == 0 {
		t.Fatalf("second admin-generate: data %+v warnings %v", again.Data, again.Warnings)
	}
	err = id.IdentityAdminDestroyMFATOTPSecret(ctx, identity.IdentityAdminDestroyMFATOTPSecretRequest{
		MethodID: totpID, EntityID: entity.Data.ID,
	})
	env.OK(t, err)

	token, _ := entityToken(t, "mfa-self")
	self, err := api(t, wrappers.WithToken(token)).IdentityGenerateMFATOTPSecret(ctx, identity.IdentityGenerateMFATOTPSecretRequest{MethodID: totpID})
	env.OK(t, err)
	if self.Data == nil || !strings.Contains(self.Data.URL, "issuer=govault2") {
		t.Fatalf("generate: %+v", self.Data)
	}

	// Enforcement.
	err = id.IdentityWriteMFALoginEnforcement(ctx, "userpass-mfa", identity.IdentityWriteMFALoginEnforcementRequest{
		MFAMethodIDs: []string{totpID}, AuthMethodAccessors: []string{userpassAccessor},
	})
	env.OK(t, err)
	err = id.IdentityWriteMFALoginEnforcement(ctx, "userpass-mfa", identity.IdentityWriteMFALoginEnforcementRequest{
		MFAMethodIDs: []string{totpID}, IdentityEntityIDs: []string{entity.Data.ID},
	})
	env.OK(t, err)
	enf, err := id.IdentityReadMFALoginEnforcement(ctx, "userpass-mfa")
	env.OK(t, err)
	if d := enf.Data; d.Name != "userpass-mfa" || !slices.Equal(d.AuthMethodAccessors, []string{userpassAccessor}) || !slices.Equal(d.IdentityEntityIDs, []string{entity.Data.ID}) {
		t.Fatalf("enforcement read: %+v", d)
	}
	enfs, err := id.IdentityListMFALoginEnforcements(ctx)
	env.OK(t, err)
	if info, ok := enfs.Data.KeyInfo["userpass-mfa"]; !ok || info.ID != enf.Data.ID {
		t.Fatalf("enforcement list: %+v", enfs.Data)
	}
	// A method in use by an enforcement cannot go.
	err = id.IdentityDeleteMFATOTPMethod(ctx, totpID)
	if livetest.StatusOf(env.Leaks.Seen(err)) < 400 {
		t.Fatalf("deleting a method in use: %v", err)
	}
	err = id.IdentityDeleteMFALoginEnforcement(ctx, "userpass-mfa")
	env.OK(t, err)

	err = id.IdentityDeleteMFATOTPMethod(ctx, totpID)
	env.OK(t, err)
	err = id.IdentityDeleteMFAOktaMethod(ctx, okta.Data.MethodID)
	env.OK(t, err)
	err = id.IdentityDeleteMFADuoMethod(ctx, duo.Data.MethodID)
	env.OK(t, err)
	err = id.IdentityDeleteMFAPingIDMethod(ctx, ping.Data.MethodID)
	env.OK(t, err)
	var gone vtypes.Raw
	_, err = id.IdentityReadMFATOTPMethod(ctx, totpID, vtypes.CaptureRaw(&gone))
	if gone.Response == nil { // no answer at all
		env.OK(t, err)
	}
	env.Leaks.Seen(err)
	if gone.Response.StatusCode == http.StatusOK {
		t.Fatal("TOTP method still readable after delete")
	}
	err = id.IdentityDeleteEntityByID(ctx, entity.Data.ID)
	env.OK(t, err)
}
