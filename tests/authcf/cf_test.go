package authcf_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/authcf"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

// The generated client on each mount, with the root token.
var (
	cfAPI  = livetest.APIFor("auth/cf", authcf.New)
	pcfAPI = livetest.APIFor("auth/pcf", authcf.New)
)

// Config, roles and a real login on auth/cf: our own identity CA and
// instance certificate, and a stub CF API.
func TestCFAuth(t *testing.T) {
	ctx := context.Background()
	a := cfAPI(t)
	api := newCFStub(t)
	id := newInstanceIdentity(t)
	env.Leaks.Add("uaa-client-secret")

	err := a.CFAuthWriteConfig(ctx, authcf.CFAuthWriteConfigRequest{
		IdentityCACertificates:   []string{id.caPEM},
		CfAPIAddr:                livetest.Ptr(api.URL),
		CfClientID:               livetest.Ptr("vault"),
		CfClientSecret:           livetest.Ptr("uaa-client-secret"),
		CfTimeout:                livetest.Ptr(vtypes.Duration("30s")),
		LoginMaxSecondsNotBefore: livetest.Ptr(vtypes.Seconds(120)),
		LoginMaxSecondsNotAfter:  livetest.Ptr(30),
	})
	env.OK(t, err)
	cfg, err := a.CFAuthReadConfig(ctx)
	env.OK(t, err)
	wantCfg := authcf.CFAuthConfigData{
		CfAPIAddr: api.URL, CfClientID: "vault", CfTimeout: livetest.Since(env, "1.19", int64(30)), IdentityCACertificates: []string{strings.TrimSpace(id.caPEM)},
		LoginMaxSecondsNotBefore: 120, LoginMaxSecondsNotAfter: 30, Version: 1,
	}
	if diff := cmp.Diff(wantCfg, cfg.Data); diff != "" {
		t.Fatalf("config (-want +got):\n%s", diff)
	}
	if len(cfg.Warnings) != 0 {
		t.Fatalf("config read warns: %v", cfg.Warnings)
	}

	_, err = a.CFAuthWriteRole(ctx, "web", authcf.CFAuthWriteRoleRequest{
		BoundApplicationIDs:  []string{appID},
		BoundOrganizationIDs: []string{orgID},
		TokenPolicies:        []string{"web"},
		TokenTTL:             livetest.Ptr(vtypes.Duration("15m")),
	})
	env.OK(t, err)
	role, err := a.CFAuthReadRole(ctx, "web")
	env.OK(t, err)
	wantRole := authcf.CFAuthRoleData{
		BoundApplicationIDs: []string{appID}, BoundOrganizationIDs: []string{orgID},
		TokenPolicies: []string{"web"}, TokenTTL: 900,
		TokenBoundCIDRs: []string{}, TokenType: "default",
	}
	if diff := cmp.Diff(wantRole, role.Data); diff != "" {
		t.Fatalf("role (-want +got):\n%s", diff)
	}
	warned, err := a.CFAuthWriteRole(ctx, "legacy", authcf.CFAuthWriteRoleRequest{
		DisableIPMatching: livetest.Ptr(true),
		Policies:          []string{"old"},
		TTL:               livetest.Ptr(vtypes.Duration("10000h")),
		BoundCIDRs:        []string{"10.0.0.0/8"},
	})
	env.OK(t, err)
	if len(warned.Warnings) == 0 {
		t.Fatal("role with a TTL above the system maximum: no warning")
	}
	legacy, err := a.CFAuthReadRole(ctx, "legacy")
	env.OK(t, err)
	wantLegacy := authcf.CFAuthRoleData{
		Policies: []string{"old"}, TokenPolicies: []string{"old"}, TTL: livetest.Ptr[int64](36000000), TokenTTL: 36000000,
		BoundCIDRs: []string{"10.0.0.0/8"}, TokenBoundCIDRs: []string{"10.0.0.0/8"}, DisableIPMatching: true, TokenType: "default",
	}
	if diff := cmp.Diff(wantLegacy, legacy.Data); diff != "" {
		t.Fatalf("legacy role (-want +got):\n%s", diff)
	}
	roles, err := a.CFAuthListRoles(ctx)
	env.OK(t, err)
	if !slices.Equal(roles.Data.Keys, []string{"legacy", "web"}) {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}

	// The login, without a Vault token, from 127.0.0.1 as the certificate says.
	anon := cfAPI(t, wrappers.WithToken(""))
	signingTime, signature := id.sign(t, "web")
	login, err := anon.CFAuthLogin(ctx, authcf.CFAuthLoginRequest{
		Role: "web", CfInstanceCert: id.certPEM, SigningTime: signingTime, Signature: signature,
	})
	env.OK(t, err)
	if login.Auth == nil || login.Auth.ClientToken == "" {
		t.Fatalf("login: no auth: %+v", login)
	}
	env.Leaks.Add(login.Auth.ClientToken)
	if !slices.Contains(login.Auth.Policies, "web") || login.Auth.LeaseDuration != 900 {
		t.Fatalf("login: policies %v for %ds; want web for 900s", login.Auth.Policies, login.Auth.LeaseDuration)
	}
	for _, kind := range []string{"app", "org", "space"} {
		if api.count(kind) == 0 {
			t.Errorf("the login made no %s lookup with the CF token", kind)
		}
	}
	// A signature for another role does not log in.
	_, otherSig := id.sign(t, "legacy")
	if _, err := anon.CFAuthLogin(ctx, authcf.CFAuthLoginRequest{
		Role: "web", CfInstanceCert: id.certPEM, SigningTime: signingTime, Signature: otherSig,
	}); err == nil {
		t.Fatal("login with a signature for another role succeeded")
	}

	for _, r := range roles.Data.Keys {
		err = a.CFAuthDeleteRole(ctx, r)
		env.OK(t, err)
	}
	err = a.CFAuthDeleteConfig(ctx)
	env.OK(t, err)
	if _, err := a.CFAuthReadConfig(ctx); !errors.Is(err, wrappers.ErrInvalidPath) {
		t.Fatalf("deleted config: %v", err)
	}
}

// The old pcf_* config names, on a mount under the plugin's old name: they
// are stored under the current names, so no pcf_* field or warning comes
// back.
func TestPCFMountDeprecatedConfig(t *testing.T) {
	ctx := context.Background()
	a := pcfAPI(t)
	api := newCFStub(t)
	id := newInstanceIdentity(t)
	env.Leaks.Add("pcf-password")

	err := a.CFAuthWriteConfig(ctx, authcf.CFAuthWriteConfigRequest{
		IdentityCACertificates: []string{id.caPEM},
		PcfAPIAddr:             livetest.Ptr(api.URL),
		PcfUsername:            livetest.Ptr("admin"),
		PcfPassword:            livetest.Ptr("pcf-password"),
	})
	env.OK(t, err)
	cfg, err := a.CFAuthReadConfig(ctx)
	env.OK(t, err)
	// No pcf_* field comes back: the old names are stored as the new.
	wantCfg := authcf.CFAuthConfigData{
		CfTimeout: livetest.Since(env, "1.19", int64(0)),
		CfAPIAddr: api.URL, CfUsername: "admin", IdentityCACertificates: []string{strings.TrimSpace(id.caPEM)},
		LoginMaxSecondsNotBefore: 300, LoginMaxSecondsNotAfter: 60, Version: 1,
	}
	if diff := cmp.Diff(wantCfg, cfg.Data); diff != "" {
		t.Fatalf("pcf config (-want +got):\n%s", diff)
	}
	if len(cfg.Warnings) != 0 {
		t.Fatalf("pcf config read warns: %v", cfg.Warnings)
	}
	err = a.CFAuthDeleteConfig(ctx)
	env.OK(t, err)
}
