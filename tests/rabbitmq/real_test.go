package rabbitmq_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/govault/govault/generated/rabbitmq"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/internal/realbackend"
)

// Credentials from a real RabbitMQ (management plugin): they log in to its
// HTTP API until their lease is revoked.
func TestRealRabbitMQ(t *testing.T) {
	r := realbackend.StartRabbitMQ(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	env.Leaks.Add(r.Password)

	const mount = "rabbitmq-real"
	env.Enable(t, livetest.Mount{Type: "rabbitmq", Path: mount})
	c := env.Client(t)
	a := livetest.API(t, c, mount, rabbitmq.New)
	err := a.RabbitMQConfigureConnection(ctx, rabbitmq.RabbitMQConfigureConnectionRequest{
		ConnectionURI: r.ManagementURL, Username: r.User, Password: r.Password, VerifyConnection: livetest.Ptr(true),
	})
	env.OK(t, err)
	err = a.RabbitMQWriteRole(ctx, "app", rabbitmq.RabbitMQWriteRoleRequest{
		Tags:   livetest.Ptr("management"),
		Vhosts: livetest.Ptr(`{"/": {"configure": "^app\\.", "write": ".*", "read": ".*"}}`),
	})
	env.OK(t, err)

	creds, err := a.RabbitMQRequestCredentials(ctx, "app")
	env.OK(t, err)
	env.Leaks.Add(creds.Data.Password)
	if creds.Data.Username == "" || creds.Data.Password == "" || creds.LeaseID == "" {
		t.Fatalf("credentials: user %q lease %q", creds.Data.Username, creds.LeaseID)
	}
	if status, err := r.WhoAmI(ctx, creds.Data.Username, creds.Data.Password); err != nil || status != http.StatusOK {
		t.Fatalf("issued credentials: GET /api/whoami answered %d, %v", status, err)
	}
	if status, err := r.WhoAmI(ctx, creds.Data.Username, "wrong"); err != nil || status != http.StatusUnauthorized {
		t.Fatalf("a wrong password: GET /api/whoami answered %d, %v", status, err)
	}
	// The role's vhost permissions are what the broker has for the user.
	perms, err := r.Permissions(ctx, "/", creds.Data.Username)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(realbackend.RabbitMQPermissions{Configure: `^app\.`, Write: ".*", Read: ".*"}, perms); diff != "" {
		t.Fatalf("permissions on / (-want +got):\n%s", diff)
	}

	err = c.Sys().SysRevokeLease(ctx, sys.SysRevokeLeaseRequest{LeaseID: creds.LeaseID})
	env.OK(t, err)
	if status, err := r.WhoAmI(ctx, creds.Data.Username, creds.Data.Password); err != nil || status != http.StatusUnauthorized {
		t.Fatalf("revoked credentials: GET /api/whoami answered %d, %v", status, err)
	}
}
