package realbackend

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// LDAP is a running OpenLDAP slapd with an mdb database under BaseDN and
// the organizational units ou=users and ou=groups.
type LDAP struct {
	URL           string
	BaseDN        string
	AdminDN       string // rootdn: may write everything
	AdminPassword string
}

// UsersDN and GroupsDN are the units StartLDAP creates.
func (l *LDAP) UsersDN() string  { return "ou=users," + l.BaseDN }
func (l *LDAP) GroupsDN() string { return "ou=groups," + l.BaseDN }

// ManagerDN is the user (AddUser "manager") the directory lets write any
// entry: a bind DN for Vault that, unlike the rootdn, has a password Vault
// can rotate.
func (l *LDAP) ManagerDN() string { return l.UserDN("manager") }

// UserDN is the DN of a user AddUser created.
func (l *LDAP) UserDN(uid string) string { return "uid=" + uid + "," + l.UsersDN() }

// StartLDAP runs slapd from a generated slapd.conf (schemas core, cosine,
// inetorgperson, nis) and loads the base entries with ldapadd.
func StartLDAP(t testing.TB) *LDAP {
	t.Helper()
	const name = "slapd"
	began := time.Now()
	server := needBinary(t, name, "/usr/sbin/slapd", "slapd")
	for _, tool := range []string{"ldapadd", "ldapsearch", "ldapwhoami"} {
		if _, err := binary(tool); err != nil {
			fail(t, name, "%v (package ldap-utils)", err)
		}
	}
	dir := tempDir(t, name)
	data := filepath.Join(dir, "data")
	if err := os.Mkdir(data, 0o700); err != nil {
		fail(t, name, "%v", err)
	}
	l := &LDAP{BaseDN: "dc=example,dc=org", AdminDN: "cn=admin,dc=example,dc=org", AdminPassword: secret()}
	var conf strings.Builder
	for _, s := range []string{"core", "cosine", "inetorgperson", "nis"} {
		fmt.Fprintf(&conf, "include /etc/ldap/schema/%s.schema\n", s)
	}
	fmt.Fprintf(&conf, "modulepath /usr/lib/ldap\nmoduleload back_mdb\npidfile %s\nargsfile %s\n",
		filepath.Join(dir, "slapd.pid"), filepath.Join(dir, "slapd.args"))
	fmt.Fprintf(&conf, "database mdb\nmaxsize 67108864\nsuffix %q\nrootdn %q\nrootpw %s\ndirectory %s\n",
		l.BaseDN, l.AdminDN, l.AdminPassword, data)
	// Users may change their own password and everyone may bind; the
	// manager may write everything; the rest is readable.
	fmt.Fprintf(&conf, "access to attrs=userPassword by self write by dn.exact=%q write by anonymous auth by * none\n"+
		"access to * by dn.exact=%q write by * read\n", l.ManagerDN(), l.ManagerDN())
	confFile := filepath.Join(dir, "slapd.conf")
	if err := os.WriteFile(confFile, []byte(conf.String()), 0o600); err != nil {
		fail(t, name, "%v", err)
	}
	port, err := freePort("tcp")
	if err != nil {
		fail(t, name, "%v", err)
	}
	l.URL = fmt.Sprintf("ldap://127.0.0.1:%d", port)
	// -d 0 keeps slapd in the foreground (in our process group).
	p := start(t, name, exec.Command(server, "-f", confFile, "-h", l.URL+"/", "-d", "0"))
	p.waitReady(t, 20*time.Second, func(ctx context.Context) error {
		return l.Bind(ctx, l.AdminDN, l.AdminPassword)
	})
	l.Add(t, fmt.Sprintf("dn: %s\nobjectClass: top\nobjectClass: dcObject\nobjectClass: organization\no: example\ndc: example\n\n"+
		"dn: %s\nobjectClass: organizationalUnit\nou: users\n\ndn: %s\nobjectClass: organizationalUnit\nou: groups\n",
		l.BaseDN, l.UsersDN(), l.GroupsDN()))
	up(t, name, began)
	return l
}

// Add loads LDIF entries with ldapadd as the admin, failing t.
func (l *LDAP) Add(t testing.TB, ldif string) {
	t.Helper()
	cmd := exec.Command("ldapadd", "-x", "-H", l.URL, "-D", l.AdminDN, "-w", l.AdminPassword)
	cmd.Stdin = strings.NewReader(ldif)
	run(t, "slapd", cmd)
}

// AddUser adds uid=<uid> under ou=users (an inetOrgPerson and posixAccount).
func (l *LDAP) AddUser(t testing.TB, uid, password string, uidNumber int) {
	t.Helper()
	l.Add(t, fmt.Sprintf("dn: %s\nobjectClass: inetOrgPerson\nobjectClass: posixAccount\nuid: %s\ncn: %s\nsn: %s\n"+
		"uidNumber: %d\ngidNumber: %d\nhomeDirectory: /home/%s\nuserPassword: %s\n",
		l.UserDN(uid), uid, uid, uid, uidNumber, uidNumber, uid, password))
}

// AddGroup adds cn=<cn> under ou=groups (a groupOfNames) with member DNs.
func (l *LDAP) AddGroup(t testing.TB, cn string, members ...string) {
	t.Helper()
	ldif := fmt.Sprintf("dn: cn=%s,%s\nobjectClass: groupOfNames\ncn: %s\n", cn, l.GroupsDN(), cn)
	for _, m := range members {
		ldif += "member: " + m + "\n"
	}
	l.Add(t, ldif)
}

// Bind checks dn's password with a simple bind (ldapwhoami).
func (l *LDAP) Bind(ctx context.Context, dn, password string) error {
	out, err := exec.CommandContext(ctx, "ldapwhoami", "-x", "-H", l.URL, "-D", dn, "-w", password).CombinedOutput()
	if err != nil {
		return fmt.Errorf("bind as %s: %v: %s", dn, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// Search returns the DNs under base matching filter (as the admin), sorted.
func (l *LDAP) Search(t testing.TB, base, filter string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ldapsearch", "-x", "-LLL", "-o", "ldif-wrap=no", "-H", l.URL,
		"-D", l.AdminDN, "-w", l.AdminPassword, "-b", base, filter, "dn")
	out, err := cmd.CombinedOutput()
	// Exit 32: the base itself does not exist, i.e. nothing matches.
	if err != nil && !(cmd.ProcessState != nil && cmd.ProcessState.ExitCode() == 32) {
		t.Fatalf("slapd: ldapsearch %s: %v: %s", filter, err, out)
	}
	var dns []string
	for _, line := range strings.Split(string(out), "\n") {
		if dn, ok := strings.CutPrefix(line, "dn: "); ok {
			dns = append(dns, dn)
		}
	}
	sort.Strings(dns)
	return dns
}
