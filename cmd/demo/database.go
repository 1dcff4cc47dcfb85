package main

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/govault/govault/generated/database"
	"github.com/govault/govault/generated/sys"
)

// database asks Vault for a Redis user, uses it, revokes its lease, and
// shows that Redis then refuses it.
func (d *demo) database(ctx context.Context) error {
	if d.redis.addr == "" {
		return errors.New("database step: DEMO_REDIS_ADDR is not set (scripts/demo.sh starts a Redis server)")
	}
	host, port, err := net.SplitHostPort(d.redis.addr)
	if err != nil {
		return err
	}
	if err := d.enable(ctx, "database", "database", nil); err != nil {
		return err
	}
	db := d.client.Database("database")
	_, err = db.API().DatabaseConfigureConnection(ctx, "redis", database.DatabaseConfigureConnectionRequest{
		PluginName: ptr("redis-database-plugin"), AllowedRoles: []string{"reader"},
		Username: ptr("default"), Password: ptr(d.redis.password),
		AdditionalProperties: map[string]any{"host": host, "port": port, "tls": false},
	})
	if err != nil {
		return err
	}
	_, err = db.API().DatabaseWriteRole(ctx, "reader", database.DatabaseWriteRoleRequest{
		DBName: "redis", CreationStatements: []string{`["~*", "+@read", "+ping"]`},
	})
	if err != nil {
		return err
	}
	creds, err := db.Credentials(ctx, "reader")
	if err != nil {
		return err
	}
	if err := d.redis.ping(ctx, creds.Username, creds.Password); err != nil {
		return fmt.Errorf("the issued Redis user cannot log in: %w", err)
	}
	if err := d.client.Sys().SysRevokeLease(ctx, sys.SysRevokeLeaseRequest{LeaseID: creds.LeaseID}); err != nil {
		return err
	}
	if err := d.redis.ping(ctx, creds.Username, creds.Password); err == nil {
		return errors.New("redis still accepts the user after its lease was revoked")
	}
	d.say("database credentials", "Redis user %s for %v, logged in to Redis with it; lease revoked, Redis refuses it", creds.Username, creds.LeaseDuration)
	return nil
}
