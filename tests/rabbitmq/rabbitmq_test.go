package rabbitmq_test

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/generated/rabbitmq"
	"github.com/govault/govault/internal/fakeupstream"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("rabbitmq", rabbitmq.New)

// broker stands in for the RabbitMQ management API: 204 to everything,
// remembering the users Vault created and the permissions it set.
type broker struct {
	*fakeupstream.Server
	users map[string]string // name -> tags
	perms []string          // "user vhost"
}

func newBroker(t *testing.T) *broker {
	b := &broker{Server: fakeupstream.New(t), users: map[string]string{}}
	b.Route("PUT /api/users/{name}", func(r *fakeupstream.Request) (int, any) {
		var u struct {
			Tags string `json:"tags"`
		}
		if err := r.JSON(&u); err != nil {
			return http.StatusBadRequest, err.Error()
		}
		b.users[r.PathValue("name")] = u.Tags
		return http.StatusNoContent, nil
	})
	b.Route("DELETE /api/users/{name}", func(r *fakeupstream.Request) (int, any) {
		delete(b.users, r.PathValue("name"))
		return http.StatusNoContent, nil
	})
	// The vhost is one escaped segment ("/" is %2F), which ServeMux
	// wildcards do not match.
	b.Route("PUT /api/permissions/", func(r *fakeupstream.Request) (int, any) {
		vhost, user, _ := strings.Cut(strings.TrimPrefix(r.Path, "/api/permissions/"), "/")
		b.perms = append(b.perms, user+" "+vhost)
		return http.StatusNoContent, nil
	})
	b.Route("/", func(*fakeupstream.Request) (int, any) { return http.StatusNoContent, nil })
	return b
}

func TestRabbitMQ(t *testing.T) {
	ctx := context.Background()
	a := api(t)
	mq := newBroker(t)
	env.Leaks.Add("mq-admin-pw")

	err := a.RabbitMQConfigureConnection(ctx, rabbitmq.RabbitMQConfigureConnectionRequest{
		ConnectionURI: mq.URL, Username: "admin", Password: "mq-admin-pw",
		VerifyConnection: livetest.Ptr(false), UsernameTemplate: livetest.Ptr("vault-{{.RoleName}}-{{random 8}}"),
	})
	env.OK(t, err)

	var rsp vtypes.Raw
	_, err = a.RabbitMQReadLeaseConfig(ctx, vtypes.CaptureRaw(&rsp))
	if !errors.Is(err, wrappers.ErrInvalidPath) || rsp.Response.StatusCode != http.StatusNotFound {
		t.Fatalf("lease config before it is set: want a 404, got %v (%s)", env.Leaks.Seen(err), rsp.Body)
	}
	err = a.RabbitMQConfigureLease(ctx, rabbitmq.RabbitMQConfigureLeaseRequest{
		TTL: livetest.Ptr(vtypes.Duration("1h")), MaxTTL: livetest.Ptr(vtypes.Seconds(7200)),
	})
	env.OK(t, err)
	lease, err := a.RabbitMQReadLeaseConfig(ctx)
	env.OK(t, err)
	if diff := cmp.Diff(rabbitmq.RabbitMQLeaseData{TTL: 3600, MaxTTL: 7200}, lease.Data); diff != "" {
		t.Fatalf("lease config (-want +got):\n%s", diff)
	}

	err = a.RabbitMQWriteRole(ctx, "app", rabbitmq.RabbitMQWriteRoleRequest{
		Tags:        livetest.Ptr("management"),
		Vhosts:      livetest.Ptr(`{"/": {"configure": ".*", "write": ".*", "read": ".*"}}`),
		VhostTopics: livetest.Ptr(`{"/": {"amq.topic": {"write": "app.*", "read": ".*"}}}`),
	})
	env.OK(t, err)
	err = a.RabbitMQWriteRole(ctx, "monitor", rabbitmq.RabbitMQWriteRoleRequest{Tags: livetest.Ptr("monitoring")})
	env.OK(t, err)
	role, err := a.RabbitMQReadRole(ctx, "app")
	env.OK(t, err)
	wantRole := rabbitmq.RabbitMQRoleData{
		Tags:        "management",
		Vhosts:      map[string]rabbitmq.RabbitMQVhostPermission{"/": {Configure: ".*", Write: ".*", Read: ".*"}},
		VhostTopics: map[string]map[string]rabbitmq.RabbitMQTopicPermission{"/": {"amq.topic": {Write: "app.*", Read: ".*"}}},
	}
	if diff := cmp.Diff(wantRole, role.Data); diff != "" {
		t.Fatalf("role (-want +got):\n%s", diff)
	}
	mon, err := a.RabbitMQReadRole(ctx, "monitor")
	env.OK(t, err)
	if diff := cmp.Diff(rabbitmq.RabbitMQRoleData{Tags: "monitoring", Vhosts: map[string]rabbitmq.RabbitMQVhostPermission{}}, mon.Data); diff != "" {
		t.Fatalf("tags-only role (-want +got):\n%s", diff)
	}
	roles, err := a.RabbitMQListRoles(ctx)
	env.OK(t, err)
	if !slices.Equal(roles.Data.Keys, []string{"app", "monitor"}) {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}

	creds, err := a.RabbitMQRequestCredentials(ctx, "app")
	env.OK(t, err)
	env.Leaks.Add(creds.Data.Password)
	if !strings.HasPrefix(creds.Data.Username, "vault-app-") || creds.LeaseDuration != 3600 || creds.LeaseID == "" {
		t.Fatalf("creds: user %q, lease %q for %ds; want a vault-app- user leased for 3600s", creds.Data.Username, creds.LeaseID, creds.LeaseDuration)
	}
	var users map[string]string
	var perms []string
	mq.Locked(func() { users, perms = maps.Clone(mq.users), slices.Clone(mq.perms) })
	if diff := cmp.Diff(map[string]string{creds.Data.Username: "management"}, users); diff != "" {
		t.Fatalf("broker users (-want +got):\n%s", diff)
	}
	if !slices.Contains(perms, creds.Data.Username+" %2F") {
		t.Fatalf("no permission on vhost / for the new user: %v", perms)
	}

	err = a.RabbitMQDeleteRole(ctx, "monitor")
	env.OK(t, err)
	var gone vtypes.Raw
	_, err = a.RabbitMQReadRole(ctx, "monitor", vtypes.CaptureRaw(&gone))
	if !errors.Is(err, wrappers.ErrInvalidPath) || gone.Response.StatusCode != http.StatusNotFound {
		t.Fatalf("read after delete: want a 404, got %v (%s)", env.Leaks.Seen(err), gone.Body)
	}
}
