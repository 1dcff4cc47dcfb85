package realbackend

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Redis is a running Redis server whose default user has Password.
type Redis struct {
	Host     string
	Port     int
	Password string
}

// StartRedis runs redis-server with no persistence and its dir in a temp dir.
func StartRedis(t testing.TB) *Redis {
	t.Helper()
	const name = "redis"
	began := time.Now()
	server := needBinary(t, name, "redis-server", "/usr/bin/redis-server")
	dir := tempDir(t, name)
	r := &Redis{Host: "127.0.0.1", Password: secret()}
	r.Port = needPort(t, name, "tcp")
	p := start(t, name, exec.Command(server, "--port", strconv.Itoa(r.Port), "--bind", "127.0.0.1", "--dir", dir,
		"--save", "", "--appendonly", "no", "--requirepass", r.Password, "--daemonize", "no"))
	p.waitReady(t, 20*time.Second, func(ctx context.Context) error {
		_, err := r.Do(ctx, "default", r.Password, "PING")
		return err
	})
	up(t, name, began)
	return r
}

// Do logs in as user and sends one command; it returns the reply's first
// line (a Redis error reply comes back as an error).
func (r *Redis) Do(ctx context.Context, user, password string, args ...string) (string, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", fmt.Sprintf("%s:%d", r.Host, r.Port))
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	rd := bufio.NewReader(conn)
	if _, err := command(conn, rd, "AUTH", user, password); err != nil {
		return "", fmt.Errorf("AUTH %s: %w", user, err)
	}
	return command(conn, rd, args...)
}

// Admin sends one command as the default user, failing t.
func (r *Redis) Admin(t testing.TB, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := r.Do(ctx, "default", r.Password, args...)
	if err != nil {
		t.Fatalf("redis: %s: %v", args[0], err)
	}
	return out
}

// command writes a RESP array and reads one reply line.
func command(conn net.Conn, rd *bufio.Reader, args ...string) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	if _, err := conn.Write([]byte(b.String())); err != nil {
		return "", err
	}
	line, err := rd.ReadString('\n')
	if err != nil {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if strings.HasPrefix(line, "-") {
		return "", fmt.Errorf("redis: %s", line[1:])
	}
	return line, nil
}
