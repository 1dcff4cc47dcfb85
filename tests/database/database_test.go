package database_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/internal/fakeelastic"

	"github.com/govault/govault/generated/database"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("database", database.New)

func TestConnectionsAndRoles(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	es := fakeelastic.Start(t)
	env.Leaks.Add("es-root-pw")

	_, err := a.DatabaseConfigureConnection(ctx, "es", database.DatabaseConfigureConnectionRequest{
		PluginName:   livetest.Ptr("elasticsearch-database-plugin"),
		AllowedRoles: []string{"dyn", "static"},
		Username:     livetest.Ptr("elastic"),
		Password:     livetest.Ptr("es-root-pw"),
		AdditionalProperties: map[string]any{
			"url": es.URL,
		},
	})
	env.OK(t, err)
	if !es.Called("GET /_security/role/vault-test") {
		t.Fatal("the connection was not verified against the stub")
	}
	conn, err := a.DatabaseReadConnection(ctx, "es")
	env.OK(t, err)
	// The password is not read back.
	wantConn := database.DatabaseConnectionData{
		DisableAutomatedRotation: livetest.Since(env, "1.19", false), RotationPeriod: livetest.Since(env, "1.19", 0), RotationSchedule: livetest.Since(env, "1.19", ""), RotationWindow: livetest.Since(env, "1.19", 0), SkipStaticRoleImportRotation: livetest.Since(env, "1.19", false),
		PluginName: "elasticsearch-database-plugin", AllowedRoles: []string{"dyn", "static"}, VerifyConnection: true,
		ConnectionDetails:               map[string]any{"url": es.URL, "username": "elastic"},
		RootCredentialsRotateStatements: []string{},
	}
	if diff := cmp.Diff(wantConn, conn.Data); diff != "" {
		t.Fatalf("connection (-want +got):\n%s", diff)
	}

	// A connection Vault cannot reach, saved without verification; the
	// password in the URL earns a warning.
	var warnedRaw vtypes.Raw
	warned, err := a.DatabaseConfigureConnection(ctx, "pg", database.DatabaseConfigureConnectionRequest{
		PluginName:       livetest.Ptr("postgresql-database-plugin"),
		ConnectionURL:    livetest.Ptr("postgresql://admin:pg-pw@127.0.0.1:1/app"),
		VerifyConnection: livetest.Ptr(false),
		AllowedRoles:     []string{"*"},
	}, vtypes.CaptureRaw(&warnedRaw))
	env.OK(t, err)
	env.Leaks.Add("pg-pw")
	if warnedRaw.Response.StatusCode != http.StatusOK || len(warned.Warnings) == 0 {
		t.Fatalf("no warning for a password in connection_url: %s", warnedRaw.Body)
	}
	pg, err := a.DatabaseReadConnection(ctx, "pg")
	env.OK(t, err)
	// The password in the URL is masked.
	wantPG := database.DatabaseConnectionData{
		DisableAutomatedRotation: livetest.Since(env, "1.19", false), RotationPeriod: livetest.Since(env, "1.19", 0), RotationSchedule: livetest.Since(env, "1.19", ""), RotationWindow: livetest.Since(env, "1.19", 0), SkipStaticRoleImportRotation: livetest.Since(env, "1.19", false),
		PluginName: "postgresql-database-plugin", AllowedRoles: []string{"*"},
		ConnectionDetails:               map[string]any{"connection_url": "postgresql://admin:xxxxx@127.0.0.1:1/app"},
		RootCredentialsRotateStatements: []string{},
	}
	if diff := cmp.Diff(wantPG, pg.Data); diff != "" {
		t.Fatalf("pg connection (-want +got):\n%s", diff)
	}
	conns, err := a.DatabaseListConnections(ctx)
	env.OK(t, err)
	if !slices.Equal(conns.Data.Keys, []string{"es", "pg"}) {
		t.Fatalf("connections: %v", conns.Data.Keys)
	}
	err = a.DatabaseDeleteConnection(ctx, "pg")
	env.OK(t, err)

	// Dynamic role and credentials.
	_, err = a.DatabaseWriteRole(ctx, "dyn", database.DatabaseWriteRoleRequest{
		DBName:             "es",
		CreationStatements: []string{`{"elasticsearch_roles": ["superuser"]}`},
		DefaultTTL:         livetest.Ptr(vtypes.Duration("1h")),
		MaxTTL:             livetest.Ptr(vtypes.Seconds(7200)),
		CredentialType:     livetest.Ptr(database.CredentialTypePassword),
		CredentialConfig:   map[string]string{"password_policy": ""},
	})
	env.OK(t, err)
	role, err := a.DatabaseReadRole(ctx, "dyn")
	env.OK(t, err)
	wantRole := database.DatabaseRoleData{
		DBName: "es", CreationStatements: []string{`{"elasticsearch_roles": ["superuser"]}`},
		DefaultTTL: 3600, MaxTTL: 7200, CredentialType: "password",
		RevocationStatements: []string{}, RenewStatements: []string{}, RollbackStatements: []string{},
	}
	if diff := cmp.Diff(wantRole, role.Data); diff != "" {
		t.Fatalf("role (-want +got):\n%s", diff)
	}
	roles, err := a.DatabaseListRoles(ctx)
	env.OK(t, err)
	if !slices.Equal(roles.Data.Keys, []string{"dyn"}) {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}
	creds, err := a.DatabaseGenerateCredentials(ctx, "dyn")
	env.OK(t, err)
	env.Leaks.Add(*creds.Data.Password)
	if creds.LeaseID == "" || creds.LeaseDuration != 3600 || !creds.Renewable || es.Password(creds.Data.Username) != *creds.Data.Password {
		t.Fatalf("creds: %+v lease %q %d", creds.Data, creds.LeaseID, creds.LeaseDuration)
	}

	// Static role: creating it rotates the password at once.
	_, err = a.DatabaseWriteStaticRole(ctx, "static", nil, database.DatabaseWriteStaticRoleRequest{
		DBName: livetest.Ptr("es"), Username: livetest.Ptr("app"), RotationPeriod: livetest.Ptr(vtypes.Duration("24h")),
	})
	env.OK(t, err)
	first := es.Password("app")
	if first == "" {
		t.Fatal("static role creation did not set a password")
	}
	env.Leaks.Add(first)
	st, err := a.DatabaseReadStaticRole(ctx, "static", nil)
	env.OK(t, err)
	if st.Data.Username != "app" || st.Data.RotationPeriod == nil || *st.Data.RotationPeriod != 86400 || st.Data.LastVaultRotation == nil {
		t.Fatalf("static role: %+v", st.Data)
	}
	sc, err := a.DatabaseReadStaticRoleCredentials(ctx, "static", nil)
	env.OK(t, err)
	if *sc.Data.Password != first || sc.Data.TTL <= 0 || sc.Data.TTL > 86400 {
		t.Fatalf("static creds: %+v", sc.Data)
	}
	err = a.DatabaseRotateStaticRoleCredentials(ctx, "static")
	env.OK(t, err)
	second := es.Password("app")
	env.Leaks.Add(second)
	sc, err = a.DatabaseReadStaticRoleCredentials(ctx, "static", &database.DatabaseReadStaticRoleCredentialsParams{})
	env.OK(t, err)
	if second == first || *sc.Data.Password != second {
		t.Fatal("rotate-role did not change the password")
	}
	statics, err := a.DatabaseListStaticRoles(ctx, nil)
	env.OK(t, err)
	if !slices.Equal(statics.Data.Keys, []string{"static"}) {
		t.Fatalf("static roles: %v", statics.Data.Keys)
	}

	// Root rotation, reset and reload.
	err = a.DatabaseRotateRootCredentials(ctx, "es")
	env.OK(t, err)
	if root := es.Password("elastic"); root == "" || root == "es-root-pw" {
		t.Fatal("rotate-root did not change the root password")
	} else {
		env.Leaks.Add(root)
	}
	err = a.DatabaseResetConnection(ctx, "es")
	env.OK(t, err)
	reloaded, err := a.DatabaseReloadPlugin(ctx, "elasticsearch-database-plugin")
	env.OK(t, err)
	if reloaded.Data.Count != 1 || !slices.Equal(reloaded.Data.Connections, []string{"es"}) {
		t.Fatalf("reload: %+v", reloaded.Data)
	}

	err = a.DatabaseDeleteStaticRole(ctx, "static")
	env.OK(t, err)
	err = a.DatabaseDeleteRole(ctx, "dyn")
	env.OK(t, err)
	var rsp vtypes.Raw
	_, err = a.DatabaseReadRole(ctx, "dyn", vtypes.CaptureRaw(&rsp))
	if !errors.Is(err, wrappers.ErrInvalidPath) || rsp.Response.StatusCode != http.StatusNotFound {
		t.Fatalf("read after delete: want a 404, got %v (%s)", env.Leaks.Seen(err), rsp.Body)
	}
}
