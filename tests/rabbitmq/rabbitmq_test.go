package rabbitmq_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/govault/govault/generated/rabbitmq"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

var api = livetest.APIFor("rabbitmq", rabbitmq.New)

// broker stands in for the RabbitMQ management API: 204 to everything,
// remembering the users Vault created.
type broker struct {
	*httptest.Server
	mu    sync.Mutex
	users map[string]string // name -> tags
	perms []string          // "user vhost"
}

func newBroker(t *testing.T) *broker {
	b := &broker{users: map[string]string{}}
	b.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		parts := strings.Split(strings.TrimPrefix(r.URL.EscapedPath(), "/api/"), "/")
		b.mu.Lock()
		switch {
		case r.Method == http.MethodPut && parts[0] == "users" && len(parts) == 2:
			var u struct {
				Tags string `json:"tags"`
			}
			_ = json.Unmarshal(body, &u)
			b.users[parts[1]] = u.Tags
		case r.Method == http.MethodDelete && parts[0] == "users" && len(parts) == 2:
			delete(b.users, parts[1])
		case r.Method == http.MethodPut && parts[0] == "permissions" && len(parts) == 3:
			b.perms = append(b.perms, parts[2]+" "+parts[1])
		}
		b.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(b.Close)
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
	if lease.Data.TTL != 3600 || lease.Data.MaxTTL != 7200 {
		t.Fatalf("lease config: %+v", lease.Data)
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
	if role.Data.Tags != "management" || role.Data.Vhosts["/"].Configure != ".*" || role.Data.VhostTopics["/"]["amq.topic"].Write != "app.*" {
		t.Fatalf("role: %+v", role.Data)
	}
	mon, err := a.RabbitMQReadRole(ctx, "monitor")
	env.OK(t, err)
	if mon.Data.VhostTopics != nil || len(mon.Data.Vhosts) != 0 {
		t.Fatalf("tags-only role: %+v", mon.Data)
	}
	roles, err := a.RabbitMQListRoles(ctx)
	env.OK(t, err)
	if !slices.Equal(roles.Data.Keys, []string{"app", "monitor"}) {
		t.Fatalf("roles: %v", roles.Data.Keys)
	}

	creds, err := a.RabbitMQRequestCredentials(ctx, "app")
	env.OK(t, err)
	env.Leaks.Add(creds.Data.Password)
	mq.mu.Lock()
	tags, made := mq.users[creds.Data.Username]
	perms := slices.Clone(mq.perms)
	mq.mu.Unlock()
	if !strings.HasPrefix(creds.Data.Username, "vault-app-") || !made || tags != "management" || creds.LeaseDuration != 3600 || creds.LeaseID == "" {
		t.Fatalf("creds: %+v lease %d; broker users %v", creds.Data, creds.LeaseDuration, mq.users)
	}
	if !slices.Contains(perms, creds.Data.Username+" %2F") {
		t.Fatalf("no vhost permission set for the new user: %v", perms)
	}

	err = a.RabbitMQDeleteRole(ctx, "monitor")
	env.OK(t, err)
	var gone vtypes.Raw
	_, err = a.RabbitMQReadRole(ctx, "monitor", vtypes.CaptureRaw(&gone))
	if !errors.Is(err, wrappers.ErrInvalidPath) || gone.Response.StatusCode != http.StatusNotFound {
		t.Fatalf("read after delete: want a 404, got %v (%s)", env.Leaks.Seen(err), gone.Body)
	}
}
