package realbackend

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Postgres is a running PostgreSQL server with one superuser.
type Postgres struct {
	Host     string
	Port     int
	User     string // superuser
	Password string
}

// StartPostgres runs initdb and postgres (as the postgres system user when
// we are root: PostgreSQL refuses root) with the cluster in a temp dir.
func StartPostgres(t testing.TB) *Postgres {
	t.Helper()
	const name = "postgres"
	began := time.Now()
	initdb := needBinary(t, name, "/usr/lib/postgresql/*/bin/initdb")
	server := filepath.Join(filepath.Dir(initdb), "postgres")
	// PostgreSQL refuses root: as root, run it as the postgres system
	// user; anyone else runs it as themselves.
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		var err error
		if cred, err = systemUser("postgres"); err != nil {
			fail(t, name, "%v", err)
		}
	}
	dir := tempDir(t, name)
	data := filepath.Join(dir, "data")
	pg := &Postgres{Host: "127.0.0.1", User: "admin", Password: secret()}
	pwfile := filepath.Join(dir, "pw")
	if err := os.WriteFile(pwfile, []byte(pg.Password+"\n"), 0o600); err != nil {
		fail(t, name, "%v", err)
	}
	if cred != nil {
		if err := chownAll(dir, cred); err != nil {
			fail(t, name, "%v", err)
		}
	}
	attr := func() *syscall.SysProcAttr { return &syscall.SysProcAttr{Credential: cred} }
	env := []string{"HOME=" + dir, "PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8"}
	init := exec.Command(initdb, "-D", data, "-U", pg.User, "--pwfile", pwfile, "--auth", "scram-sha-256", "-E", "UTF8", "--no-sync")
	init.Env, init.SysProcAttr = env, attr()
	run(t, name, init)
	pg.Port = needPort(t, name, "tcp")
	cmd := exec.Command(server, "-D", data, "-p", strconv.Itoa(pg.Port), "-h", "127.0.0.1", "-k", dir, "-c", "fsync=off")
	cmd.Env, cmd.SysProcAttr = env, attr()
	p := start(t, name, cmd)
	p.waitReady(t, 30*time.Second, func(ctx context.Context) error {
		conn, err := pg.Connect(ctx, pg.User, pg.Password)
		if err != nil {
			return err
		}
		return conn.Close(ctx)
	})
	up(t, name, began)
	return pg
}

// URL is a connection URL for user; the password stays a placeholder for
// Vault's connection_url templating when password is "".
func (pg *Postgres) URL(user, password string) string {
	if password == "" {
		return fmt.Sprintf("postgresql://{{username}}:{{password}}@%s:%d/postgres?sslmode=disable", pg.Host, pg.Port)
	}
	return fmt.Sprintf("postgresql://%s:%s@%s:%d/postgres?sslmode=disable", user, password, pg.Host, pg.Port)
}

// Connect logs in as user over TCP.
func (pg *Postgres) Connect(ctx context.Context, user, password string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(fmt.Sprintf("host=%s port=%d dbname=postgres sslmode=disable", pg.Host, pg.Port))
	if err != nil {
		return nil, err
	}
	cfg.User, cfg.Password = user, password
	return pgx.ConnectConfig(ctx, cfg)
}

// Exec runs statements as the superuser, failing t.
func (pg *Postgres) Exec(t testing.TB, statements ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pg.Connect(ctx, pg.User, pg.Password)
	if err != nil {
		t.Fatalf("postgres: connect as %s: %v", pg.User, err)
	}
	defer conn.Close(ctx)
	for _, s := range statements {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatalf("postgres: %s: %v", s, err)
		}
	}
}

// systemUser is the credential of a system account a server must run as.
func systemUser(name string) (*syscall.Credential, error) {
	u, err := user.Lookup(name)
	if err != nil {
		return nil, fmt.Errorf("system user %s: %w", name, err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

// chownAll hands dir and everything in it to cred's user.
func chownAll(dir string, cred *syscall.Credential) error {
	return filepath.Walk(dir, func(path string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, int(cred.Uid), int(cred.Gid))
	})
}
