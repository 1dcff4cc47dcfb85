package realbackend

import (
	"context"
	"net/http"
	"os"
	"syscall"
	"testing"
	"time"
)

// Each server starts, answers as its administrator, refuses a wrong
// password, and its process group and data dir are gone after the test.

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// stopsCleanly runs start in a subtest and checks after its cleanup that
// every process it started has ended and every temp dir it made is gone.
// Only its own dirs count: other test binaries using this package run at
// the same time.
func stopsCleanly(t *testing.T, start func(t *testing.T)) {
	t.Helper()
	var procs []*proc
	var dirs []string
	watch = func(p *proc) { procs = append(procs, p) }
	watchDir = func(d string) { dirs = append(dirs, d) }
	defer func() { watch, watchDir = nil, nil }()
	t.Run("run", start)
	if len(procs) == 0 {
		t.Fatal("no process was started")
	}
	for _, p := range procs {
		if err := syscall.Kill(-p.cmd.Process.Pid, 0); err != syscall.ESRCH {
			t.Errorf("%s: process group %d still there after cleanup (%v)", p.name, p.cmd.Process.Pid, err)
		}
	}
	if len(dirs) == 0 {
		t.Fatal("no temp dir was made")
	}
	for _, d := range dirs {
		if _, err := os.Stat(d); !os.IsNotExist(err) {
			t.Errorf("temp dir %s left behind (%v)", d, err)
		}
	}
}

func TestPostgres(t *testing.T) {
	stopsCleanly(t, func(t *testing.T) {
		pg := StartPostgres(t)
		conn, err := pg.Connect(ctx(t), pg.User, pg.Password)
		if err != nil {
			t.Fatal(err)
		}
		var one int
		if err := conn.QueryRow(ctx(t), "SELECT 1").Scan(&one); err != nil || one != 1 {
			t.Fatalf("SELECT 1: %d, %v", one, err)
		}
		conn.Close(ctx(t))
		if _, err := pg.Connect(ctx(t), pg.User, "wrong"); err == nil {
			t.Fatal("a wrong password was accepted")
		}
	})
}

func TestMariaDB(t *testing.T) {
	stopsCleanly(t, func(t *testing.T) {
		db := StartMariaDB(t)
		conn, err := db.Open(db.User, db.Password)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var user string
		if err := conn.QueryRow("SELECT CURRENT_USER()").Scan(&user); err != nil || user != "admin@%" {
			t.Fatalf("CURRENT_USER: %q, %v", user, err)
		}
		bad, _ := db.Open(db.User, "wrong")
		defer bad.Close()
		if err := bad.Ping(); err == nil {
			t.Fatal("a wrong password was accepted")
		}
	})
}

func TestRedis(t *testing.T) {
	stopsCleanly(t, func(t *testing.T) {
		r := StartRedis(t)
		if out := r.Admin(t, "PING"); out != "+PONG" {
			t.Fatalf("PING: %q", out)
		}
		if _, err := r.Do(ctx(t), "default", "wrong", "PING"); err == nil {
			t.Fatal("a wrong password was accepted")
		}
	})
}

func TestLDAP(t *testing.T) {
	stopsCleanly(t, func(t *testing.T) {
		l := StartLDAP(t)
		l.AddUser(t, "alice", "alice-pw", 1001)
		l.AddGroup(t, "dev", l.UserDN("alice"))
		if err := l.Bind(ctx(t), l.UserDN("alice"), "alice-pw"); err != nil {
			t.Fatal(err)
		}
		if err := l.Bind(ctx(t), l.UserDN("alice"), "wrong"); err == nil {
			t.Fatal("a wrong password was accepted")
		}
		got := l.Search(t, l.BaseDN, "(member="+l.UserDN("alice")+")")
		if len(got) != 1 || got[0] != "cn=dev,"+l.GroupsDN() {
			t.Fatalf("groups of alice: %v", got)
		}
	})
}

func TestRADIUS(t *testing.T) {
	stopsCleanly(t, func(t *testing.T) {
		r := StartRADIUS(t, map[string]string{"alice": "alice-pw"})
		if r.Port == 0 || r.Secret == "" {
			t.Fatalf("server: %+v", r)
		}
	})
}

func TestRabbitMQ(t *testing.T) {
	stopsCleanly(t, func(t *testing.T) {
		r := StartRabbitMQ(t)
		if status, err := r.WhoAmI(ctx(t), r.User, "wrong"); err != nil || status != http.StatusUnauthorized {
			t.Fatalf("whoami with a wrong password: %d, %v", status, err)
		}
	})
}
