package database_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/govault/govault/generated/database"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/internal/realbackend"
)

func TestRealPostgreSQL(t *testing.T) {
	pg := realbackend.StartPostgres(t)
	const adminPW, appPW = "vault-admin-initial", "app-initial"
	pg.Exec(t,
		`CREATE ROLE vaultadmin WITH LOGIN SUPERUSER PASSWORD '`+adminPW+`'`,
		`CREATE ROLE app WITH LOGIN PASSWORD '`+appPW+`'`,
		`CREATE TABLE items (id int)`,
		`INSERT INTO items VALUES (1), (2), (3)`,
		`GRANT SELECT ON items TO app`,
	)
	exercise(t, "database-postgres", realDB{
		plugin: "postgresql-database-plugin",
		config: database.DatabaseConfigureConnectionRequest{
			ConnectionURL: livetest.Ptr(pg.URL("", "")), Username: livetest.Ptr("vaultadmin"), Password: livetest.Ptr(adminPW),
		},
		adminUser: "vaultadmin", adminPassword: adminPW,
		creation: []string{
			`CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`,
			`GRANT SELECT ON items TO "{{name}}";`,
		},
		revocation: []string{
			`REVOKE ALL ON items FROM "{{name}}";`,
			`DROP ROLE "{{name}}";`,
		},
		staticUser: "app", staticPassword: appPW,
		use: func(ctx context.Context, user, password string) error {
			conn, err := pg.Connect(ctx, user, password)
			if err != nil {
				return err
			}
			defer conn.Close(ctx)
			var n int
			if err := conn.QueryRow(ctx, "SELECT count(*) FROM items").Scan(&n); err != nil {
				return err
			}
			if n != 3 {
				t.Errorf("%s counts %d items, want 3", user, n)
			}
			return nil
		},
		refused: func(err error) bool {
			// 28P01 invalid_password: also what PostgreSQL says for an unknown role.
			var pgErr *pgconn.PgError
			return errors.As(err, &pgErr) && (pgErr.Code == "28P01" || pgErr.Code == "28000")
		},
		expiry: func(t *testing.T, user string) time.Time {
			ctx := context.Background()
			conn, err := pg.Connect(ctx, pg.User, pg.Password)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctx)
			var until time.Time
			if err := conn.QueryRow(ctx, "SELECT rolvaliduntil FROM pg_roles WHERE rolname = $1", user).Scan(&until); err != nil {
				t.Fatal(err)
			}
			return until
		},
		exists: func(t *testing.T, user string) bool {
			ctx := context.Background()
			conn, err := pg.Connect(ctx, pg.User, pg.Password)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctx)
			var n int
			if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_roles WHERE rolname = $1", user).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n > 0
		},
	})
}
