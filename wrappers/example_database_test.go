package wrappers_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/govault/govault/generated/database"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func ExampleDatabase_Credentials() {
	ctx := context.Background()
	client, err := wrappers.NewClient() // VAULT_ADDR, VAULT_TOKEN
	if err != nil {
		log.Fatal(err)
	}
	done := setUpExampleDatabase(ctx, client, "example-db") // a mount with a dynamic role "app" and a static role "reporting"
	defer done()
	db := client.Database("example-db")

	// Dynamic: a new database user under a lease, kept alive by a watcher.
	creds, err := db.Credentials(ctx, "app")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(creds.Username != "", creds.Password != "", creds.LeaseDuration, creds.Renewable)
	w := creds.Watch(ctx, client) // renews at about two thirds of the lease
	w.Stop()
	fmt.Println(w.Err())

	// Static: the current password of an existing user; no lease, it rotates.
	static, err := db.StaticCredentials(ctx, "reporting")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(static.Username, static.Password != "", static.LeaseID == "", static.RotatesIn > 0)
	// Output:
	// true true 1h0m0s true
	// <nil>
	// reporting true true true
}

// setUpExampleDatabase is the operator's part of ExampleDatabase_Credentials:
// the database engine at mount on a stand-in Elasticsearch (answering {} to
// everything), a dynamic role "app" with hour-long leases and a static role
// "reporting". done removes the mount, then the stand-in.
func setUpExampleDatabase(ctx context.Context, client *wrappers.Client, mount string) (done func()) {
	es := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("{}"))
	}))
	if err := client.Sys().SysEnableSecretsEngine(ctx, mount, sys.SysEnableSecretsEngineRequest{Type: "database"}); err != nil {
		log.Fatal(err)
	}
	done = func() {
		_ = client.Sys().SysDisableSecretsEngine(ctx, mount)
		es.Close()
	}
	api := client.Database(mount).API()
	plugin, user, pw, ttl, rotation := "elasticsearch-database-plugin", "elastic", "example-admin-pw", vtypes.Duration("1h"), vtypes.Duration("24h")
	steps := []func() error{
		func() error {
			_, err := api.DatabaseConfigureConnection(ctx, "es", database.DatabaseConfigureConnectionRequest{
				PluginName: &plugin, AllowedRoles: []string{"app", "reporting"}, Username: &user, Password: &pw,
				AdditionalProperties: map[string]any{"url": es.URL},
			})
			return err
		},
		func() error {
			_, err := api.DatabaseWriteRole(ctx, "app", database.DatabaseWriteRoleRequest{
				DBName: "es", CreationStatements: []string{`{"elasticsearch_roles": ["read"]}`}, DefaultTTL: &ttl,
			})
			return err
		},
		func() error {
			es, reporting := "es", "reporting"
			_, err := api.DatabaseWriteStaticRole(ctx, "reporting", nil, database.DatabaseWriteStaticRoleRequest{
				DBName: &es, Username: &reporting, RotationPeriod: &rotation,
			})
			return err
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			done()
			log.Fatal(err)
		}
	}
	return done
}
