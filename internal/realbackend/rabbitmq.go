package realbackend

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// RabbitMQ is a running RabbitMQ node with the management plugin; its HTTP
// API is at ManagementURL, with an administrator User.
type RabbitMQ struct {
	ManagementURL string
	AMQPPort      int
	User          string
	Password      string
}

// StartRabbitMQ runs an epmd of its own (so nothing outlives the test) and
// a RabbitMQ node on it with every file in a temp dir. Erlang starts
// slowly: the wait is bounded at 90s.
func StartRabbitMQ(t testing.TB) *RabbitMQ {
	t.Helper()
	const name = "rabbitmq"
	began := time.Now()
	server := needBinary(t, name, "/usr/lib/rabbitmq/bin/rabbitmq-server", "/usr/sbin/rabbitmq-server")
	epmd, err := binary("epmd", "/usr/bin/epmd")
	if err != nil {
		fail(t, name, "%v (package erlang-base)", err)
	}
	dir := tempDir(t, name)
	ports, err := freePorts(4) // epmd, AMQP, distribution, management
	if err != nil {
		fail(t, name, "%v", err)
	}
	r := &RabbitMQ{AMQPPort: ports[1], User: "admin", Password: secret(),
		ManagementURL: fmt.Sprintf("http://127.0.0.1:%d", ports[3])}
	files := map[string]string{
		"rabbitmq.conf": fmt.Sprintf("management.tcp.port = %d\nmanagement.tcp.ip = 127.0.0.1\n"+
			"default_user = %s\ndefault_pass = %s\ndefault_user_tags.administrator = true\n", ports[3], r.User, r.Password),
		// What `rabbitmq-plugins enable --offline rabbitmq_management`
		// writes, without booting an Erlang VM for it.
		"enabled_plugins":   "[rabbitmq_management].\n",
		"rabbitmq-env.conf": "",
		"advanced.config":   "[].\n",
		".erlang.cookie":    secret(),
		"log/.keep":         "",
		"mnesia/.keep":      "",
	}
	for f, content := range files {
		path := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			fail(t, name, "%v", err)
		}
		if err := os.WriteFile(path, []byte(content), 0o400); err != nil {
			fail(t, name, "%v", err)
		}
	}
	epmdAddr := net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[0]))
	ep := start(t, name+" epmd", exec.Command(epmd, "-port", strconv.Itoa(ports[0])))
	ep.kill = true
	ep.waitReady(t, 10*time.Second, func(ctx context.Context) error {
		var d net.Dialer
		c, err := d.DialContext(ctx, "tcp", epmdAddr)
		if err != nil {
			return err
		}
		return c.Close()
	})
	cmd := exec.Command(server)
	cmd.Env = []string{
		"PATH=/usr/bin:/bin:/usr/sbin:/sbin",
		"HOME=" + dir,
		"LANG=C.UTF-8",
		"ERL_EPMD_PORT=" + strconv.Itoa(ports[0]),
		"RABBITMQ_NODENAME=rabbit" + strconv.Itoa(ports[1]) + "@localhost",
		"RABBITMQ_NODE_IP_ADDRESS=127.0.0.1",
		"RABBITMQ_NODE_PORT=" + strconv.Itoa(ports[1]),
		"RABBITMQ_DIST_PORT=" + strconv.Itoa(ports[2]),
		"RABBITMQ_CONF_ENV_FILE=" + filepath.Join(dir, "rabbitmq-env.conf"),
		"RABBITMQ_CONFIG_FILE=" + filepath.Join(dir, "rabbitmq.conf"),
		"RABBITMQ_ADVANCED_CONFIG_FILE=" + filepath.Join(dir, "advanced.config"),
		"RABBITMQ_ENABLED_PLUGINS_FILE=" + filepath.Join(dir, "enabled_plugins"),
		"RABBITMQ_MNESIA_BASE=" + filepath.Join(dir, "mnesia"),
		"RABBITMQ_LOG_BASE=" + filepath.Join(dir, "log"),
		"RABBITMQ_PID_FILE=" + filepath.Join(dir, "rabbit.pid"),
		"RABBITMQ_LOGS=-",
	}
	p := start(t, name, cmd)
	p.kill = true // a graceful stop takes seconds; the node's files go anyway
	p.waitReady(t, 90*time.Second, func(ctx context.Context) error {
		status, err := r.WhoAmI(ctx, r.User, r.Password)
		if err != nil {
			return err
		}
		if status != http.StatusOK {
			return fmt.Errorf("GET /api/whoami: %d", status)
		}
		return nil
	})
	up(t, name, began)
	return r
}

// WhoAmI asks the management API who user is and returns the status:
// 200 for valid credentials, 401 otherwise.
func (r *RabbitMQ) WhoAmI(ctx context.Context, user, password string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.ManagementURL+"/api/whoami", nil)
	if err != nil {
		return 0, err
	}
	req.SetBasicAuth(user, password)
	rsp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	rsp.Body.Close()
	return rsp.StatusCode, nil
}

// RabbitMQPermissions are a user's regular expressions on one vhost.
type RabbitMQPermissions struct {
	Configure string `json:"configure"`
	Write     string `json:"write"`
	Read      string `json:"read"`
}

// Permissions reads user's permissions on vhost as the administrator.
func (r *RabbitMQ) Permissions(ctx context.Context, vhost, user string) (RabbitMQPermissions, error) {
	var p RabbitMQPermissions
	u := r.ManagementURL + "/api/permissions/" + url.PathEscape(vhost) + "/" + url.PathEscape(user)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return p, err
	}
	req.SetBasicAuth(r.User, r.Password)
	rsp, err := http.DefaultClient.Do(req)
	if err != nil {
		return p, err
	}
	defer rsp.Body.Close()
	if rsp.StatusCode != http.StatusOK {
		return p, fmt.Errorf("rabbitmq: GET permissions of %s on %s: %s", user, vhost, rsp.Status)
	}
	return p, json.NewDecoder(rsp.Body).Decode(&p)
}
