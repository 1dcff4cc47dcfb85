package identity_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/govault/govault/generated/identity"
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
	totp, err := wrappers.Decode(id.IdentityCreateMFATOTPMethodWithResponse(ctx, identity.IdentityCreateMFATOTPMethodRequest{
		Issuer: "govault", MethodName: ptr("totp1"), Period: &period, Algorithm: &alg, Digits: ptr(8),
	}))
	env.OK(t, err)
	totpID := totp.Data.MethodID
	totpRead, err := wrappers.Decode(id.IdentityReadMFATOTPMethodWithResponse(ctx, totpID))
	env.OK(t, err)
	if d := totpRead.Data; d.Issuer != "govault" || d.Period != 60 || d.Algorithm != "SHA256" || d.Digits != 8 || d.Type != "totp" || d.Name != "totp1" {
		t.Fatalf("totp read: %+v", d)
	}
	_, err = wrappers.Check(id.IdentityUpdateMFATOTPMethodWithResponse(ctx, totpID, identity.IdentityUpdateMFATOTPMethodRequest{
		Issuer: "govault2", MaxValidationAttempts: ptr(3),
	}))
	env.OK(t, err)
	totps, err := wrappers.Decode(id.IdentityListMFATOTPMethodsWithResponse(ctx, &identity.IdentityListMFATOTPMethodsParams{List: list}))
	env.OK(t, err)
	if info, ok := totps.Data.KeyInfo[totpID]; !ok || info.Issuer != "govault2" || info.MaxValidationAttempts != 3 || info.Digits != 6 {
		t.Fatalf("totp list: %+v", totps.Data)
	}

	// Okta.
	okta, err := wrappers.Decode(id.IdentityCreateMFAOktaMethodWithResponse(ctx, identity.IdentityCreateMFAOktaMethodRequest{
		OrgName: "example", APIToken: "okta-token", BaseURL: ptr("oktapreview.com"), MethodName: ptr("okta1"),
	}))
	env.OK(t, err)
	env.Leaks.Add("okta-token")
	oktaRead, err := wrappers.Decode(id.IdentityReadMFAOktaMethodWithResponse(ctx, okta.Data.MethodID))
	env.OK(t, err)
	if d := oktaRead.Data; d.OrgName != "example" || d.BaseURL == nil || *d.BaseURL != "oktapreview.com" || d.Type != "okta" {
		t.Fatalf("okta read: %+v", d)
	}
	// Without base_url Vault reports the old production flag instead.
	_, err = wrappers.Check(id.IdentityUpdateMFAOktaMethodWithResponse(ctx, okta.Data.MethodID, identity.IdentityUpdateMFAOktaMethodRequest{
		OrgName: "example2", APIToken: "okta-token", Production: ptr(true),
	}))
	env.OK(t, err)
	oktas, err := wrappers.Decode(id.IdentityListMFAOktaMethodsWithResponse(ctx, &identity.IdentityListMFAOktaMethodsParams{List: list}))
	env.OK(t, err)
	if info := oktas.Data.KeyInfo[okta.Data.MethodID]; info.OrgName != "example2" || info.Production == nil || !*info.Production || info.BaseURL != nil {
		t.Fatalf("okta list: %+v", info)
	}

	// Duo.
	duo, err := wrappers.Decode(id.IdentityCreateMFADuoMethodWithResponse(ctx, identity.IdentityCreateMFADuoMethodRequest{
		SecretKey: "duo-secret", IntegrationKey: "duo-ikey", APIHostname: "api-123.duosecurity.com",
		PushInfo: ptr("from=govault"), UsernameFormat: ptr("{{identity.entity.name}}"),
	}))
	env.OK(t, err)
	env.Leaks.Add("duo-secret")
	duoRead, err := wrappers.Decode(id.IdentityReadMFADuoMethodWithResponse(ctx, duo.Data.MethodID))
	env.OK(t, err)
	if d := duoRead.Data; d.APIHostname != "api-123.duosecurity.com" || d.Pushinfo != "from=govault" || d.UsePasscode {
		t.Fatalf("duo read: %+v", d)
	}
	_, err = wrappers.Check(id.IdentityUpdateMFADuoMethodWithResponse(ctx, duo.Data.MethodID, identity.IdentityUpdateMFADuoMethodRequest{
		SecretKey: "duo-secret", IntegrationKey: "duo-ikey", APIHostname: "api-456.duosecurity.com", UsePasscode: ptr(true),
	}))
	env.OK(t, err)
	duos, err := wrappers.Decode(id.IdentityListMFADuoMethodsWithResponse(ctx, &identity.IdentityListMFADuoMethodsParams{List: list}))
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
	ping, err := wrappers.Decode(id.IdentityCreateMFAPingIDMethodWithResponse(ctx, identity.IdentityCreateMFAPingIDMethodRequest{
		SettingsFileBase64: settings("org-one"), MethodName: ptr("ping1"),
	}))
	env.OK(t, err)
	pingRead, err := wrappers.Decode(id.IdentityReadMFAPingIDMethodWithResponse(ctx, ping.Data.MethodID))
	env.OK(t, err)
	if d := pingRead.Data; d.OrgAlias != "org-one" || !d.UseSignature || d.Type != "pingid" {
		t.Fatalf("pingid read: %+v", d)
	}
	_, err = wrappers.Check(id.IdentityUpdateMFAPingIDMethodWithResponse(ctx, ping.Data.MethodID, identity.IdentityUpdateMFAPingIDMethodRequest{
		SettingsFileBase64: settings("org-two"),
	}))
	env.OK(t, err)
	pings, err := wrappers.Decode(id.IdentityListMFAPingIDMethodsWithResponse(ctx, &identity.IdentityListMFAPingIDMethodsParams{List: list}))
	env.OK(t, err)
	if info := pings.Data.KeyInfo[ping.Data.MethodID]; info.OrgAlias != "org-two" {
		t.Fatalf("pingid list: %+v", info)
	}

	// All types together, and any one by ID.
	all, err := wrappers.Decode(id.IdentityListMFAMethodsWithResponse(ctx, &identity.IdentityListMFAMethodsParams{List: list}))
	env.OK(t, err)
	for _, m := range []string{totpID, okta.Data.MethodID, duo.Data.MethodID, ping.Data.MethodID} {
		if !slices.Contains(all.Data.Keys, m) {
			t.Fatalf("method list lacks %s: %v", m, all.Data.Keys)
		}
	}
	if info := all.Data.KeyInfo[duo.Data.MethodID]; info.Type != "duo" || info.APIHostname == nil {
		t.Fatalf("method list, duo: %+v", info)
	}
	anyRead, err := wrappers.Decode(id.IdentityReadMFAMethodWithResponse(ctx, ping.Data.MethodID))
	env.OK(t, err)
	if anyRead.Data.Type != "pingid" || anyRead.Data.OrgAlias == nil || *anyRead.Data.OrgAlias != "org-two" {
		t.Fatalf("method read: %+v", anyRead.Data)
	}

	// TOTP enrollment: by an admin for any entity, and by a token for its own entity.
	entity, err := wrappers.Decode(id.IdentityCreateEntityWithResponse(ctx, identity.IdentityCreateEntityRequest{Name: ptr("mfa-user")}))
	env.OK(t, err)
	secret, err := wrappers.Decode(id.IdentityAdminGenerateMFATOTPSecretWithResponse(ctx, identity.IdentityAdminGenerateMFATOTPSecretRequest{
		MethodID: totpID, EntityID: entity.Data.ID,
	}))
	env.OK(t, err)
	if secret.Data == nil || !strings.HasPrefix(secret.Data.URL, "otpauth://totp/") || len(secret.Data.Barcode) == 0 {
		t.Fatalf("admin-generate: %+v", secret.Data)
	}
	again, err := wrappers.Decode(id.IdentityAdminGenerateMFATOTPSecretWithResponse(ctx, identity.IdentityAdminGenerateMFATOTPSecretRequest{
		MethodID: totpID, EntityID: entity.Data.ID,
	}))
	env.OK(t, err)
	if again.Data != nil || len(again.Warnings) == 0 {
		t.Fatalf("second admin-generate: data %+v warnings %v", again.Data, again.Warnings)
	}
	_, err = wrappers.Check(id.IdentityAdminDestroyMFATOTPSecretWithResponse(ctx, identity.IdentityAdminDestroyMFATOTPSecretRequest{
		MethodID: totpID, EntityID: entity.Data.ID,
	}))
	env.OK(t, err)

	token, _ := entityToken(t, "mfa-self")
	self, err := wrappers.Decode(api(t, wrappers.WithToken(token)).IdentityGenerateMFATOTPSecretWithResponse(ctx, identity.IdentityGenerateMFATOTPSecretRequest{MethodID: totpID}))
	env.OK(t, err)
	if self.Data == nil || !strings.Contains(self.Data.URL, "issuer=govault2") {
		t.Fatalf("generate: %+v", self.Data)
	}

	// Enforcement.
	_, err = wrappers.Check(id.IdentityWriteMFALoginEnforcementWithResponse(ctx, "userpass-mfa", identity.IdentityWriteMFALoginEnforcementRequest{
		MfaMethodIds: []string{totpID}, AuthMethodAccessors: []string{userpassAccessor},
	}))
	env.OK(t, err)
	_, err = wrappers.Check(id.IdentityWriteMFALoginEnforcementWithResponse(ctx, "userpass-mfa", identity.IdentityWriteMFALoginEnforcementRequest{
		MfaMethodIds: []string{totpID}, IdentityEntityIds: []string{entity.Data.ID},
	}))
	env.OK(t, err)
	enf, err := wrappers.Decode(id.IdentityReadMFALoginEnforcementWithResponse(ctx, "userpass-mfa"))
	env.OK(t, err)
	if d := enf.Data; d.Name != "userpass-mfa" || !slices.Equal(d.AuthMethodAccessors, []string{userpassAccessor}) || !slices.Equal(d.IdentityEntityIds, []string{entity.Data.ID}) {
		t.Fatalf("enforcement read: %+v", d)
	}
	enfs, err := wrappers.Decode(id.IdentityListMFALoginEnforcementsWithResponse(ctx, &identity.IdentityListMFALoginEnforcementsParams{List: list}))
	env.OK(t, err)
	if info, ok := enfs.Data.KeyInfo["userpass-mfa"]; !ok || info.ID != enf.Data.ID {
		t.Fatalf("enforcement list: %+v", enfs.Data)
	}
	// A method in use by an enforcement cannot go.
	inUse, err := id.IdentityDeleteMFATOTPMethodWithResponse(ctx, totpID)
	env.OK(t, err)
	if inUse.StatusCode() < 400 {
		t.Fatalf("deleting a method in use: status %d", inUse.StatusCode())
	}
	_, err = wrappers.Check(id.IdentityDeleteMFALoginEnforcementWithResponse(ctx, "userpass-mfa"))
	env.OK(t, err)

	_, err = wrappers.Check(id.IdentityDeleteMFATOTPMethodWithResponse(ctx, totpID))
	env.OK(t, err)
	_, err = wrappers.Check(id.IdentityDeleteMFAOktaMethodWithResponse(ctx, okta.Data.MethodID))
	env.OK(t, err)
	_, err = wrappers.Check(id.IdentityDeleteMFADuoMethodWithResponse(ctx, duo.Data.MethodID))
	env.OK(t, err)
	_, err = wrappers.Check(id.IdentityDeleteMFAPingIDMethodWithResponse(ctx, ping.Data.MethodID))
	env.OK(t, err)
	gone, err := id.IdentityReadMFATOTPMethodWithResponse(ctx, totpID)
	env.OK(t, err)
	if gone.StatusCode() == http.StatusOK {
		t.Fatal("TOTP method still readable after delete")
	}
	_, err = wrappers.Check(id.IdentityDeleteEntityByIDWithResponse(ctx, entity.Data.ID))
	env.OK(t, err)
}
