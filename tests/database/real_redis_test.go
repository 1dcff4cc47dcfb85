package database_test

import (
	"context"
	"strings"
	"testing"

	"github.com/govault/govault/generated/database"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/internal/realbackend"
)

func TestRealRedis(t *testing.T) {
	r := realbackend.StartRedis(t)
	const adminPW, appPW = "vault-admin-initial", "app-initial"
	r.Admin(t, "ACL", "SETUSER", "vaultadmin", "on", ">"+adminPW, "~*", "&*", "+@all")
	r.Admin(t, "ACL", "SETUSER", "app", "on", ">"+appPW, "~*", "+@read", "+ping")
	r.Admin(t, "SET", "greeting", "hello")
	exercise(t, "database-redis", realDB{
		plugin: "redis-database-plugin",
		config: database.DatabaseConfigureConnectionRequest{
			Username: livetest.Ptr("vaultadmin"), Password: livetest.Ptr(adminPW),
			AdditionalProperties: map[string]any{"host": r.Host, "port": r.Port, "tls": false},
		},
		adminUser: "vaultadmin", adminPassword: adminPW,
		creation:   []string{`["~*", "+@read", "+ping"]`},
		staticUser: "app", staticPassword: appPW,
		use: func(ctx context.Context, user, password string) error {
			got, err := r.Do(ctx, user, password, "GET", "greeting")
			if err != nil {
				return err
			}
			if got != "$5" { // a 5-byte bulk string: "hello"
				t.Errorf("%s reads greeting as %q", user, got)
			}
			return nil
		},
		refused: func(err error) bool {
			return err != nil && strings.Contains(err.Error(), "WRONGPASS")
		},
		exists: func(t *testing.T, user string) bool {
			// An unknown user is a null array (*-1), a known one a map of its rules.
			reply := r.Admin(t, "ACL", "GETUSER", user)
			return strings.HasPrefix(reply, "*") && reply != "*-1"
		},
	})
}
