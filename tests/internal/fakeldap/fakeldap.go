// Package fakeldap is a small in-memory LDAP server for contract tests of
// Vault's LDAP-backed secrets engines. It speaks plain LDAPv3 on a loopback
// port and supports what those engines use: simple bind, search (base, one
// level and subtree scopes; and/or/not, equality, presence and substring
// filters), modify, add and delete. Passwords are checked on bind, so a
// rotated password really is the only one that works afterwards.
package fakeldap

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"sort"
	"strings"
	"sync"
	"unicode/utf16"
)

// LDAP result codes used here.
const (
	resultSuccess            = 0
	resultProtocolError      = 2
	resultNoSuchObject       = 32
	resultInvalidCredentials = 49
	resultUnwillingToPerform = 53
	resultEntryAlreadyExists = 68
)

// Entry is one directory entry.
type Entry struct {
	DN    string
	Attrs map[string][]string
}

func (e *Entry) get(attr string) []string {
	for name, vals := range e.Attrs {
		if strings.EqualFold(name, attr) {
			return vals
		}
	}
	return nil
}

func (e *Entry) copy() *Entry {
	out := &Entry{DN: e.DN, Attrs: map[string][]string{}}
	for k, v := range e.Attrs {
		out.Attrs[k] = append([]string(nil), v...)
	}
	return out
}

// Server is a running fake directory.
type Server struct {
	ln      net.Listener
	mu      sync.Mutex
	entries map[string]*Entry
	ops     map[string]int
	wg      sync.WaitGroup
}

// Start listens on a free loopback port.
func Start() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{ln: ln, entries: map[string]*Entry{}, ops: map[string]int{}}
	go s.serve()
	return s, nil
}

// URL is the ldap:// address for Vault's url setting.
func (s *Server) URL() string { return "ldap://" + s.ln.Addr().String() }

// Close stops the server.
func (s *Server) Close() { s.ln.Close() }

// Put adds or replaces an entry.
func (s *Server) Put(dn string, attrs map[string][]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := &Entry{DN: dn, Attrs: map[string][]string{}}
	for k, v := range attrs {
		e.Attrs[k] = append([]string(nil), v...)
	}
	s.entries[norm(dn)] = e
}

// Get returns a copy of an entry, or nil.
func (s *Server) Get(dn string) *Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.entries[norm(dn)]; e != nil {
		return e.copy()
	}
	return nil
}

// Password returns an entry's password: Active Directory's unicodePwd
// decoded from its quoted UTF-16LE form, else userPassword.
func (s *Server) Password(dn string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.entries[norm(dn)]; e != nil {
		return password(e)
	}
	return ""
}

// Count returns how many requests of a kind (bind, search, modify, add,
// delete) the server has answered.
func (s *Server) Count(op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ops[op]
}

func password(e *Entry) string {
	if v := e.get("unicodePwd"); len(v) > 0 {
		b := []byte(v[0])
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		}
		return strings.Trim(string(utf16.Decode(u)), `"`)
	}
	if v := e.get("userPassword"); len(v) > 0 {
		return v[0]
	}
	return ""
}

// UnicodePwd encodes a password the way Active Directory's unicodePwd
// attribute holds it: quoted, in UTF-16LE.
func UnicodePwd(pw string) string {
	var b []byte
	for _, u := range utf16.Encode([]rune(`"` + pw + `"`)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return string(b)
}

// norm makes DNs comparable: lower case, no blanks around separators.
func norm(dn string) string {
	parts := strings.Split(dn, ",")
	for i, p := range parts {
		kv := strings.SplitN(p, "=", 2)
		for j := range kv {
			kv[j] = strings.TrimSpace(kv[j])
		}
		parts[i] = strings.Join(kv, "=")
	}
	return strings.ToLower(strings.Join(parts, ","))
}

func (s *Server) serve() {
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		go s.handle(conn)
	}
}

func (s *Server) handle(conn net.Conn) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	for {
		msg, err := readPacket(r)
		if err != nil {
			return
		}
		if len(msg.kids) < 2 {
			return
		}
		id := msg.kids[0].int()
		op := msg.kids[1]
		var out [][]byte
		switch op.tag {
		case 0x60: // bind
			out = append(out, s.bind(op))
		case 0x42: // unbind
			return
		case 0x63: // search
			out = s.search(op)
		case 0x66: // modify
			out = append(out, s.modify(op))
		case 0x68: // add
			out = append(out, s.add(op))
		case 0x4a: // delete
			out = append(out, s.del(op))
		case 0x77: // extended (StartTLS, password modify, who-am-i): not offered
			out = append(out, tlv(0x78, result(resultProtocolError, "extended operations are not supported")...))
		default:
			return
		}
		for _, o := range out {
			if _, err := conn.Write(tlv(0x30, tlv(0x02, encInt(id)), o)); err != nil {
				return
			}
		}
	}
}

func (s *Server) count(op string) {
	s.ops[op]++
}

func (s *Server) bind(op *node) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.count("bind")
	if len(op.kids) < 3 {
		return tlv(0x61, result(resultProtocolError, "bad bind request")...)
	}
	name, pw := op.kids[1].str(), op.kids[2].str()
	if name == "" && pw == "" {
		return tlv(0x61, result(resultSuccess, "")...)
	}
	e := s.entries[norm(name)]
	if e == nil || password(e) != pw {
		return tlv(0x61, result(resultInvalidCredentials, "invalid credentials")...)
	}
	return tlv(0x61, result(resultSuccess, "")...)
}

func (s *Server) search(op *node) [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.count("search")
	if len(op.kids) < 7 {
		return [][]byte{tlv(0x65, result(resultProtocolError, "bad search request")...)}
	}
	base, scope, filter := norm(op.kids[0].str()), op.kids[1].int(), op.kids[6]
	var names []string
	for key := range s.entries {
		names = append(names, key)
	}
	sort.Strings(names)
	var out [][]byte
	found := base == ""
	for _, key := range names {
		if key == base {
			found = true
		}
		in := false
		switch scope {
		case 0:
			in = key == base
		case 1:
			in = strings.HasSuffix(key, ","+base) && !strings.Contains(strings.TrimSuffix(key, ","+base), ",")
		default:
			in = key == base || base == "" || strings.HasSuffix(key, ","+base)
		}
		e := s.entries[key]
		if !in || !match(e, filter) {
			continue
		}
		var attrs [][]byte
		var attrNames []string
		for a := range e.Attrs {
			attrNames = append(attrNames, a)
		}
		sort.Strings(attrNames)
		for _, a := range attrNames {
			var vals [][]byte
			for _, v := range e.Attrs[a] {
				vals = append(vals, tlv(0x04, []byte(v)))
			}
			attrs = append(attrs, tlv(0x30, tlv(0x04, []byte(a)), tlv(0x31, vals...)))
		}
		out = append(out, tlv(0x64, tlv(0x04, []byte(e.DN)), tlv(0x30, attrs...)))
	}
	if !found {
		return [][]byte{tlv(0x65, result(resultNoSuchObject, "no such object")...)}
	}
	return append(out, tlv(0x65, result(resultSuccess, "")...))
}

func match(e *Entry, f *node) bool {
	switch f.tag {
	case 0xa0: // and
		for _, k := range f.kids {
			if !match(e, k) {
				return false
			}
		}
		return true
	case 0xa1: // or
		for _, k := range f.kids {
			if match(e, k) {
				return true
			}
		}
		return false
	case 0xa2: // not
		return len(f.kids) == 1 && !match(e, f.kids[0])
	case 0xa3: // equality
		if len(f.kids) != 2 {
			return false
		}
		attr, want := f.kids[0].str(), f.kids[1].str()
		if strings.EqualFold(attr, "dn") || strings.EqualFold(attr, "distinguishedName") {
			return norm(e.DN) == norm(want)
		}
		for _, v := range e.get(attr) {
			if strings.EqualFold(v, want) {
				return true
			}
		}
		return false
	case 0x87: // present
		return strings.EqualFold(string(f.val), "objectClass") || len(e.get(string(f.val))) > 0
	case 0xa4: // substrings: initial/any/final
		if len(f.kids) != 2 {
			return false
		}
		for _, v := range e.get(f.kids[0].str()) {
			lv, ok := strings.ToLower(v), true
			for _, part := range f.kids[1].kids {
				p := strings.ToLower(string(part.val))
				switch part.tag {
				case 0x80:
					ok = ok && strings.HasPrefix(lv, p)
				case 0x82:
					ok = ok && strings.HasSuffix(lv, p)
				default:
					ok = ok && strings.Contains(lv, p)
				}
			}
			if ok {
				return true
			}
		}
		return false
	}
	return false
}

func (s *Server) modify(op *node) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.count("modify")
	if len(op.kids) < 2 {
		return tlv(0x67, result(resultProtocolError, "bad modify request")...)
	}
	e := s.entries[norm(op.kids[0].str())]
	if e == nil {
		return tlv(0x67, result(resultNoSuchObject, "no such object")...)
	}
	for _, change := range op.kids[1].kids {
		if len(change.kids) < 2 || len(change.kids[1].kids) < 2 {
			return tlv(0x67, result(resultProtocolError, "bad change")...)
		}
		kind, attr := change.kids[0].int(), change.kids[1].kids[0].str()
		var vals []string
		for _, v := range change.kids[1].kids[1].kids {
			vals = append(vals, string(v.val))
		}
		existing := ""
		for name := range e.Attrs {
			if strings.EqualFold(name, attr) {
				existing = name
			}
		}
		if existing == "" {
			existing = attr
		}
		switch kind {
		case 0:
			e.Attrs[existing] = append(e.Attrs[existing], vals...)
		case 1:
			if len(vals) == 0 {
				delete(e.Attrs, existing)
			} else {
				var keep []string
				for _, old := range e.Attrs[existing] {
					drop := false
					for _, v := range vals {
						drop = drop || old == v
					}
					if !drop {
						keep = append(keep, old)
					}
				}
				e.Attrs[existing] = keep
			}
		case 2:
			if len(vals) == 0 {
				delete(e.Attrs, existing)
			} else {
				e.Attrs[existing] = vals
			}
		default:
			return tlv(0x67, result(resultUnwillingToPerform, "unknown modification")...)
		}
	}
	return tlv(0x67, result(resultSuccess, "")...)
}

func (s *Server) add(op *node) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.count("add")
	if len(op.kids) < 2 {
		return tlv(0x69, result(resultProtocolError, "bad add request")...)
	}
	dn := op.kids[0].str()
	if s.entries[norm(dn)] != nil {
		return tlv(0x69, result(resultEntryAlreadyExists, "entry already exists")...)
	}
	e := &Entry{DN: dn, Attrs: map[string][]string{}}
	for _, a := range op.kids[1].kids {
		if len(a.kids) < 2 {
			continue
		}
		for _, v := range a.kids[1].kids {
			e.Attrs[a.kids[0].str()] = append(e.Attrs[a.kids[0].str()], string(v.val))
		}
	}
	s.entries[norm(dn)] = e
	return tlv(0x69, result(resultSuccess, "")...)
}

func (s *Server) del(op *node) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.count("delete")
	key := norm(string(op.val))
	if s.entries[key] == nil {
		return tlv(0x6b, result(resultNoSuchObject, "no such object")...)
	}
	delete(s.entries, key)
	return tlv(0x6b, result(resultSuccess, "")...)
}

// result is the body of an LDAPResult: code, matched DN, message.
func result(code int, msg string) [][]byte {
	return [][]byte{tlv(0x0a, encInt(code)), tlv(0x04, nil), tlv(0x04, []byte(msg))}
}

// BER, as far as LDAP needs it: single-byte tags, definite lengths.

type node struct {
	tag  byte
	val  []byte
	kids []*node
}

func (n *node) str() string { return string(n.val) }

func (n *node) int() int {
	v := 0
	for i, b := range n.val {
		if i == 0 && b&0x80 != 0 {
			v = -1
		}
		v = v<<8 | int(b)
	}
	return v
}

func readPacket(r *bufio.Reader) (*node, error) {
	tag, err := r.ReadByte()
	if err != nil {
		return nil, err
	}
	n, err := readLen(r)
	if err != nil {
		return nil, err
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, err
	}
	return parse(tag, body)
}

func readLen(r io.ByteReader) (int, error) {
	b, err := r.ReadByte()
	if err != nil {
		return 0, err
	}
	if b&0x80 == 0 {
		return int(b), nil
	}
	n := 0
	for i := 0; i < int(b&0x7f); i++ {
		c, err := r.ReadByte()
		if err != nil {
			return 0, err
		}
		n = n<<8 | int(c)
	}
	if n > 16<<20 {
		return 0, errors.New("fakeldap: message too large")
	}
	return n, nil
}

func parse(tag byte, body []byte) (*node, error) {
	n := &node{tag: tag, val: body}
	if tag&0x20 == 0 {
		return n, nil
	}
	for len(body) > 0 {
		if len(body) < 2 {
			return nil, errors.New("fakeldap: truncated element")
		}
		r := &sliceReader{b: body[1:]}
		l, err := readLen(r)
		if err != nil || l > len(r.b) {
			return nil, fmt.Errorf("fakeldap: bad length")
		}
		kid, err := parse(body[0], r.b[:l])
		if err != nil {
			return nil, err
		}
		n.kids = append(n.kids, kid)
		body = r.b[l:]
	}
	return n, nil
}

type sliceReader struct{ b []byte }

func (s *sliceReader) ReadByte() (byte, error) {
	if len(s.b) == 0 {
		return 0, io.EOF
	}
	c := s.b[0]
	s.b = s.b[1:]
	return c, nil
}

func tlv(tag byte, parts ...[]byte) []byte {
	var body []byte
	for _, p := range parts {
		body = append(body, p...)
	}
	out := []byte{tag}
	switch l := len(body); {
	case l < 0x80:
		out = append(out, byte(l))
	case l < 0x100:
		out = append(out, 0x81, byte(l))
	case l < 0x10000:
		out = append(out, 0x82, byte(l>>8), byte(l))
	default:
		out = append(out, 0x84, byte(l>>24), byte(l>>16), byte(l>>8), byte(l))
	}
	return append(out, body...)
}

func encInt(v int) []byte {
	if v == 0 {
		return []byte{0}
	}
	var b []byte
	for x := v; x > 0; x >>= 8 {
		b = append([]byte{byte(x)}, b...)
	}
	if b[0]&0x80 != 0 {
		b = append([]byte{0}, b...)
	}
	return b
}
