package wrappers

import (
	"context"
	"fmt"
	"time"

	"github.com/govault/govault/generated/database"
	"github.com/govault/govault/vtypes"
)

// DefaultDatabaseMount is where the database engine is usually mounted.
const DefaultDatabaseMount = "database"

// Database is the database secrets engine at one mount, for the calls an
// application makes: credentials from a dynamic role (a new user under a
// lease) and from a static role (the current password of an existing
// user). Configuring connections and roles is in API.
//
//	creds, err := client.Database("database").Credentials(ctx, "app")
//	w := creds.Watch(ctx, client) // keeps the lease alive
type Database struct {
	c     *Client
	mount string
	api   *database.Client
}

// Database returns the database engine mounted at mount ("" means "database").
func (c *Client) Database(mount string) *Database {
	if mount == "" {
		mount = DefaultDatabaseMount
	}
	base, doer := c.mountAPI(mount)
	api := database.New(doer, base) // cannot fail: the URL parsed already
	return &Database{c: c, mount: mount, api: api}
}

// API returns the generated client for this mount, for anything not wrapped here.
func (d *Database) API() *database.Client { return d.api }

// DatabaseCredentials is a database user from Vault with the envelope it
// came in: the lease to renew or revoke, the lease's length as a
// time.Duration, warnings and request ID (a wrapped answer is a
// *WrappedError instead). Printing it with fmt shows the password as
// [redacted].
type DatabaseCredentials struct {
	Username string `json:"username"`
	// Password is empty when the role issues another kind of credential
	// (an RSA key or a client certificate): see Dynamic.Data or Static.Data.
	Password string `json:"password"`

	// LeaseID, LeaseDuration and Renewable describe the lease of dynamic
	// credentials; static ones have none (""/0/false): their password
	// changes at rotation instead, RotatesIn from when it was read.
	LeaseID       string
	LeaseDuration time.Duration
	Renewable     bool
	RotatesIn     time.Duration

	Warnings  []string
	RequestID string

	// The answer as Vault sent it: Dynamic from Credentials, Static from
	// StaticCredentials; the other is nil.
	Dynamic *database.DatabaseGenerateCredentialsResult
	Static  *database.DatabaseReadStaticRoleCredentialsResult
}

// Format prints the credentials with the password redacted.
func (s DatabaseCredentials) Format(f fmt.State, verb rune) {
	vtypes.FormatRedacted(f, verb, s, "password")
}

// Credentials creates a database user from the dynamic role: a new username
// and password that live as long as the lease. Renew the lease with Watch
// (or WatchLease) and revoke it through sys/leases when done; Vault drops
// the user when the lease ends.
//
//vault:operation DatabaseGenerateCredentials
func (d *Database) Credentials(ctx context.Context, role string, opts ...RequestOption) (*DatabaseCredentials, error) {
	out, err := d.api.DatabaseGenerateCredentials(ctx, role, opts...)
	if out, err = whole("DatabaseGenerateCredentials", out, err); err != nil {
		return nil, err
	}
	return &DatabaseCredentials{
		Username: out.Data.Username, Password: dbString(out.Data.Password),
		LeaseID: out.LeaseID, LeaseDuration: time.Duration(out.LeaseDuration) * time.Second, Renewable: out.Renewable,
		Warnings: out.Warnings, RequestID: out.RequestID,
		Dynamic: out,
	}, nil
}

// StaticCredentials reads the current password of the static role's
// database user. It has no lease: RotatesIn says when Vault will change the
// password, and the caller reads it again after that.
//
//vault:operation DatabaseReadStaticRoleCredentials
func (d *Database) StaticCredentials(ctx context.Context, role string, opts ...RequestOption) (*DatabaseCredentials, error) {
	out, err := d.api.DatabaseReadStaticRoleCredentials(ctx, role, nil, opts...)
	if out, err = whole("DatabaseReadStaticRoleCredentials", out, err); err != nil {
		return nil, err
	}
	return &DatabaseCredentials{
		Username: out.Data.Username, Password: dbString(out.Data.Password),
		LeaseID: out.LeaseID, LeaseDuration: time.Duration(out.LeaseDuration) * time.Second, Renewable: out.Renewable,
		RotatesIn: time.Duration(out.Data.TTL) * time.Second,
		Warnings:  out.Warnings, RequestID: out.RequestID,
		Static: out,
	}, nil
}

// Watch keeps the credentials' lease alive with c.WatchLease(ctx,
// s.LeaseID, s.LeaseDuration, opts...): see WatchLease for when it renews
// and how it ends. Credentials without a lease (static ones, or a lease
// that is not renewable) give a watcher that ends at once with a nil Err.
//
//vault:operation SysRenewLease
func (s *DatabaseCredentials) Watch(ctx context.Context, c *Client, opts ...WatchOption) *Watcher {
	d := s.LeaseDuration
	if s.LeaseID == "" || !s.Renewable {
		d = 0 // nothing to renew: the watcher ends at once
	}
	return c.WatchLease(ctx, s.LeaseID, d, opts...)
}

func dbString(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
