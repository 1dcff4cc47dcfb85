package database_test

import (
	"context"
	"errors"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/govault/govault/generated/database"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/internal/realbackend"
)

func TestRealMariaDB(t *testing.T) {
	db := realbackend.StartMariaDB(t)
	const adminPW, appPW = "vault-admin-initial", "app-initial"
	db.Exec(t,
		`CREATE USER 'vaultadmin'@'%' IDENTIFIED BY '`+adminPW+`'`,
		`GRANT ALL PRIVILEGES ON *.* TO 'vaultadmin'@'%' WITH GRANT OPTION`,
		`CREATE DATABASE shop`,
		`CREATE TABLE shop.items (id int)`,
		`INSERT INTO shop.items VALUES (1), (2), (3)`,
		`CREATE USER 'app'@'%' IDENTIFIED BY '`+appPW+`'`,
		`GRANT SELECT ON shop.* TO 'app'@'%'`,
	)
	exercise(t, "database-mysql", realDB{
		plugin: "mysql-database-plugin",
		config: database.DatabaseConfigureConnectionRequest{
			ConnectionURL: livetest.Ptr(db.URL()), Username: livetest.Ptr("vaultadmin"), Password: livetest.Ptr(adminPW),
		},
		adminUser: "vaultadmin", adminPassword: adminPW,
		creation: []string{
			`CREATE USER '{{name}}'@'%' IDENTIFIED BY '{{password}}';`,
			`GRANT SELECT ON shop.* TO '{{name}}'@'%';`,
		},
		revocation:     []string{`DROP USER '{{name}}'@'%';`},
		staticUser:     "app",
		staticPassword: appPW,
		use: func(ctx context.Context, user, password string) error {
			conn, err := db.Open(user, password)
			if err != nil {
				return err
			}
			defer conn.Close()
			var n int
			if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM shop.items").Scan(&n); err != nil {
				return err
			}
			if n != 3 {
				t.Errorf("%s counts %d items, want 3", user, n)
			}
			return nil
		},
		refused: func(err error) bool {
			var myErr *mysql.MySQLError
			// 1045 access denied; MariaDB sometimes says 1698 (access
			// denied, no such account) for a dropped user.
			return errors.As(err, &myErr) && (myErr.Number == 1045 || myErr.Number == 1698)
		},
		exists: func(t *testing.T, user string) bool {
			conn, err := db.Open(db.User, db.Password)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			var n int
			if err := conn.QueryRow("SELECT count(*) FROM mysql.user WHERE User = ?", user).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n > 0
		},
	})
}
