package authcf_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/govault/govault/generated/authcf"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func cfClient(t *testing.T, mount string, token ...string) *authcf.Client {
	t.Helper()
	c := env.Client(t)
	if len(token) > 0 {
		c = env.ClientFor(t, env.Server.Addr, token[0])
	}
	return livetest.API(t, c, mount, authcf.New)
}

// Config, roles and a real login on auth/cf: our own identity CA and
// instance certificate, and a stub CF API.
func TestCFAuth(t *testing.T) {
	ctx := context.Background()
	a := cfClient(t, "auth/cf")
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
	if cfg.Data.CfAPIAddr != api.URL || cfg.Data.CfClientID != "vault" || cfg.Data.CfTimeout != 30 ||
		cfg.Data.LoginMaxSecondsNotBefore != 120 || cfg.Data.LoginMaxSecondsNotAfter != 30 || cfg.Data.Version != 1 ||
		len(cfg.Data.IdentityCACertificates) != 1 || cfg.Data.CfAPITrustedCertificates != nil || len(cfg.Warnings) != 0 {
		t.Fatalf("config: %+v", cfg)
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
	if !slices.Equal(role.Data.BoundApplicationIDs, []string{appID}) || role.Data.BoundSpaceIDs != nil ||
		role.Data.DisableIPMatching || role.Data.TokenTTL != 900 {
		t.Fatalf("role: %+v", role.Data)
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
	if !slices.Equal(legacy.Data.Policies, []string{"old"}) || legacy.Data.TTL == nil || *legacy.Data.TTL != 36000000 ||
		!slices.Equal(legacy.Data.BoundCIDRs, []string{"10.0.0.0/8"}) || !legacy.Data.DisableIPMatching {
		t.Fatalf("legacy role: %+v", legacy.Data)
	}
	roles, err := a.CFAuthListRoles(ctx)
	env.OK(t, err)
	if !slices.Equal(roles.Data.Keys, []string{"legacy", "web"}) {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}

	// The login, without a Vault token, from 127.0.0.1 as the certificate says.
	anon := cfClient(t, "auth/cf", "")
	signingTime, signature := id.sign(t, "web")
	login, err := anon.CFAuthLogin(ctx, authcf.CFAuthLoginRequest{
		Role: "web", CfInstanceCert: id.certPEM, SigningTime: signingTime, Signature: signature,
	})
	env.OK(t, err)
	if login.Auth == nil || login.Auth.ClientToken == "" {
		t.Fatalf("login: no auth: %+v", login)
	}
	env.Leaks.Add(login.Auth.ClientToken)
	if !slices.Contains(login.Auth.Policies, "web") || login.Auth.LeaseDuration != 900 ||
		api.count("app") == 0 || api.count("org") == 0 || api.count("space") == 0 {
		t.Fatalf("login auth: %+v (CF lookups app %d org %d space %d)", login.Auth, api.count("app"), api.count("org"), api.count("space"))
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
	a := cfClient(t, "auth/pcf")
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
	if cfg.Data.CfAPIAddr != api.URL || cfg.Data.CfUsername != "admin" || cfg.Data.LoginMaxSecondsNotBefore != 300 {
		t.Fatalf("pcf config: %+v", cfg.Data)
	}
	if cfg.Data.PcfAPIAddr != nil || cfg.Data.PcfUsername != nil || len(cfg.Warnings) != 0 {
		t.Fatalf("pcf config echoes old names: %+v", cfg)
	}
	err = a.CFAuthDeleteConfig(ctx)
	env.OK(t, err)
}
