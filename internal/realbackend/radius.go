package realbackend

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// RADIUS is a running FreeRADIUS server answering Access-Requests from
// 127.0.0.1 that carry Secret, for the users it was started with.
type RADIUS struct {
	Host   string
	Port   int // UDP
	Secret string
}

// StartRADIUS runs freeradius on a copy of the installed configuration
// trimmed to one site (PAP against mods-config/files/authorize), one client
// (127.0.0.1) and the users given (name to cleartext password).
func StartRADIUS(t testing.TB, users map[string]string) *RADIUS {
	t.Helper()
	const name = "freeradius"
	began := time.Now()
	server := needBinary(t, name, "/usr/sbin/freeradius", "freeradius")
	const installed = "/etc/freeradius/3.0"
	if _, err := os.Stat(filepath.Join(installed, "radiusd.conf")); err != nil {
		fail(t, name, "no configuration to copy: %v", err)
	}
	dir := tempDir(t, name)
	raddb := filepath.Join(dir, "raddb")
	run(t, name, exec.Command("cp", "-a", installed, raddb))
	for _, sub := range []string{"log", "run"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o700); err != nil {
			fail(t, name, "%v", err)
		}
	}
	r := &RADIUS{Host: "127.0.0.1", Secret: secret()}
	r.Port = needPort(t, name, "udp")
	if err := r.configure(raddb, dir, users); err != nil {
		fail(t, name, "configure: %v", err)
	}
	// -X: foreground, log to stdout, and the line waitReady looks for.
	p := start(t, name, exec.Command(server, "-X", "-d", raddb))
	p.waitReady(t, 30*time.Second, func(context.Context) error {
		if strings.Contains(p.log.String(), "Ready to process requests") {
			return nil
		}
		return errNotReady
	})
	up(t, name, began)
	return r
}

var (
	raddbLine   = regexp.MustCompile(`(?m)^(\s*)(raddbdir|logdir|run_dir)\s*=.*$`)
	userLine    = regexp.MustCompile(`(?m)^(\s*)(user|group)\s*=\s*freerad\s*$`)
	rejectDelay = regexp.MustCompile(`(?m)^(\s*)reject_delay\s*=.*$`)
)

func (r *RADIUS) configure(raddb, dir string, users map[string]string) error {
	conf := filepath.Join(raddb, "radiusd.conf")
	raw, err := os.ReadFile(conf)
	if err != nil {
		return err
	}
	paths := map[string]string{"raddbdir": raddb, "logdir": filepath.Join(dir, "log"), "run_dir": filepath.Join(dir, "run")}
	out := raddbLine.ReplaceAllStringFunc(string(raw), func(line string) string {
		m := raddbLine.FindStringSubmatch(line)
		return m[1] + m[2] + " = " + paths[m[2]]
	})
	// Stay the user that started it, so the temp copy stays readable.
	out = userLine.ReplaceAllString(out, "$1# $2 dropped by realbackend")
	// Answer a wrong password at once (the default holds a reject 1s).
	out = rejectDelay.ReplaceAllString(out, "${1}reject_delay = 0")
	if err := os.WriteFile(conf, []byte(out), 0o600); err != nil {
		return err
	}
	// Only the modules the site uses (eap and friends need certificates).
	mods := filepath.Join(raddb, "mods-enabled")
	if err := os.RemoveAll(mods); err != nil {
		return err
	}
	if err := os.Mkdir(mods, 0o755); err != nil {
		return err
	}
	for _, m := range []string{"always", "pap", "files"} {
		if err := os.Symlink(filepath.Join("..", "mods-available", m), filepath.Join(mods, m)); err != nil {
			return err
		}
	}
	sites := filepath.Join(raddb, "sites-enabled")
	if err := os.RemoveAll(sites); err != nil {
		return err
	}
	if err := os.Mkdir(sites, 0o755); err != nil {
		return err
	}
	site := fmt.Sprintf("server default {\n\tlisten {\n\t\ttype = auth\n\t\tipaddr = %s\n\t\tport = %d\n\t}\n"+
		"\tauthorize {\n\t\tfiles\n\t\tpap\n\t}\n\tauthenticate {\n\t\tAuth-Type PAP {\n\t\t\tpap\n\t\t}\n\t}\n}\n", r.Host, r.Port)
	if err := os.WriteFile(filepath.Join(sites, "default"), []byte(site), 0o600); err != nil {
		return err
	}
	clients := fmt.Sprintf("client vault {\n\tipaddr = 127.0.0.1\n\tsecret = %s\n}\n", r.Secret)
	if err := os.WriteFile(filepath.Join(raddb, "clients.conf"), []byte(clients), 0o600); err != nil {
		return err
	}
	names := make([]string, 0, len(users))
	for n := range users {
		names = append(names, n)
	}
	sort.Strings(names)
	var authorize strings.Builder
	for _, n := range names {
		fmt.Fprintf(&authorize, "%s Cleartext-Password := %q\n", n, users[n])
	}
	return os.WriteFile(filepath.Join(raddb, "mods-config", "files", "authorize"), []byte(authorize.String()), 0o600)
}
