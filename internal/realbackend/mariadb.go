package realbackend

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// MariaDB is a running MariaDB server with one administrator that may
// connect from anywhere ('%').
type MariaDB struct {
	Host     string
	Port     int
	User     string
	Password string
}

// StartMariaDB creates a data dir with mariadb-install-db and runs mariadbd
// on it (networking on, names not resolved so '%' users match 127.0.0.1).
func StartMariaDB(t testing.TB) *MariaDB {
	t.Helper()
	const name = "mariadb"
	began := time.Now()
	installDB := needBinary(t, name, "mariadb-install-db", "/usr/bin/mariadb-install-db")
	server := needBinary(t, name, "/usr/sbin/mariadbd", "mariadbd")
	dir := tempDir(t, name)
	data := filepath.Join(dir, "data")
	db := &MariaDB{Host: "127.0.0.1", User: "admin", Password: secret()}
	init := filepath.Join(dir, "init.sql")
	stmts := fmt.Sprintf("DROP USER IF EXISTS ''@'localhost';\n"+
		"CREATE USER IF NOT EXISTS '%s'@'%%' IDENTIFIED BY '%s';\n"+
		"GRANT ALL PRIVILEGES ON *.* TO '%s'@'%%' WITH GRANT OPTION;\n", db.User, db.Password, db.User)
	if err := os.WriteFile(init, []byte(stmts), 0o600); err != nil {
		fail(t, name, "%v", err)
	}
	// As root, mariadbd must be told to stay root (the data dir is ours).
	var asRoot []string
	if os.Geteuid() == 0 {
		asRoot = []string{"--user=root"}
	}
	run(t, name, exec.Command(installDB, append([]string{"--no-defaults", "--datadir=" + data,
		"--auth-root-authentication-method=socket", "--skip-test-db"}, asRoot...)...))
	db.Port = needPort(t, name, "tcp")
	p := start(t, name, exec.Command(server, append([]string{"--no-defaults", "--datadir=" + data,
		"--socket=" + filepath.Join(dir, "sock"), "--pid-file=" + filepath.Join(dir, "pid"),
		"--port=" + strconv.Itoa(db.Port), "--bind-address=127.0.0.1", "--skip-name-resolve",
		"--init-file=" + init, "--innodb-buffer-pool-size=16M", "--skip-log-bin"}, asRoot...)...))
	p.waitReady(t, 60*time.Second, func(ctx context.Context) error {
		conn, err := db.Open(db.User, db.Password)
		if err != nil {
			return err
		}
		defer conn.Close()
		return conn.PingContext(ctx)
	})
	up(t, name, began)
	return db
}

// URL is Vault's connection_url for the mysql plugin, templated with
// {{username}} and {{password}}.
func (db *MariaDB) URL() string {
	return fmt.Sprintf("{{username}}:{{password}}@tcp(%s:%d)/", db.Host, db.Port)
}

// Open is a database handle logged in as user over TCP.
func (db *MariaDB) Open(user, password string) (*sql.DB, error) {
	cfg := mysql.NewConfig()
	cfg.User, cfg.Passwd, cfg.Net, cfg.Addr = user, password, "tcp", fmt.Sprintf("%s:%d", db.Host, db.Port)
	cfg.Timeout = 5 * time.Second
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(conn), nil
}

// Exec runs statements as the administrator, failing t.
func (db *MariaDB) Exec(t testing.TB, statements ...string) {
	t.Helper()
	conn, err := db.Open(db.User, db.Password)
	if err != nil {
		t.Fatalf("mariadb: %v", err)
	}
	defer conn.Close()
	for _, s := range statements {
		if _, err := conn.Exec(s); err != nil {
			t.Fatalf("mariadb: %s: %v", s, err)
		}
	}
}
