package auth_test

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// cloudProxy is an HTTPS proxy (CONNECT) that terminates the tunnelled TLS
// itself, with a certificate for the requested host from its own CA, and
// answers with the handler registered for that host. Started with
// HTTPS_PROXY pointing here and SSL_CERT_FILE trusting the CA, the dev
// server reaches "login.microsoftonline.com" and friends without leaving
// the machine.
type cloudProxy struct {
	URL    string
	caFile string

	ca    *x509.Certificate
	caKey *ecdsa.PrivateKey
	outer *http.Server
	inner *http.Server
	conns chan net.Conn
	done  chan struct{}

	mu       sync.Mutex
	handlers map[string]http.Handler // by host name
	certs    map[string]*tls.Certificate
	tunnels  []string // host:port of every CONNECT, in order
}

func newCloudProxy(dir string) (*cloudProxy, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "govault test cloud CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	ca, _ := x509.ParseCertificate(der)
	p := &cloudProxy{
		caFile: filepath.Join(dir, "cloud-ca.pem"), ca: ca, caKey: key,
		conns: make(chan net.Conn), done: make(chan struct{}),
		handlers: map[string]http.Handler{}, certs: map[string]*tls.Certificate{},
	}
	if err := os.WriteFile(p.caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p.URL = "http://" + ln.Addr().String()
	p.outer = &http.Server{Handler: http.HandlerFunc(p.connect)}
	p.inner = &http.Server{Handler: http.HandlerFunc(p.serve)}
	go p.outer.Serve(ln)
	go p.inner.Serve(chanListener{p})
	return p, nil
}

// Handle answers https://host/... with h.
func (p *cloudProxy) Handle(host string, h http.Handler) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.handlers[host] = h
}

// Tunnels lists the host:port of every CONNECT so far.
func (p *cloudProxy) Tunnels() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.tunnels...)
}

func (p *cloudProxy) Close() {
	close(p.done)
	p.outer.Close()
	p.inner.Close()
}

func (p *cloudProxy) connect(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodConnect {
		http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
		return
	}
	p.mu.Lock()
	p.tunnels = append(p.tunnels, r.Host)
	p.mu.Unlock()
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	if _, err := conn.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n")); err != nil {
		conn.Close()
		return
	}
	tlsConn := tls.Server(bufferedConn{conn, buf.Reader}, &tls.Config{GetCertificate: p.certificate})
	select {
	case p.conns <- tlsConn:
	case <-p.done:
		conn.Close()
	}
}

func (p *cloudProxy) serve(w http.ResponseWriter, r *http.Request) {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	p.mu.Lock()
	h := p.handlers[host]
	p.mu.Unlock()
	if h == nil {
		http.Error(w, "no stub for "+host, http.StatusBadGateway)
		return
	}
	h.ServeHTTP(w, r)
}

// certificate issues (once per name) a leaf for the SNI name.
func (p *cloudProxy) certificate(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
	name := strings.ToLower(hello.ServerName)
	if name == "" {
		return nil, errors.New("no SNI")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if c := p.certs[name]; c != nil {
		return c, nil
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames: []string{name},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.ca, &key.PublicKey, p.caKey)
	if err != nil {
		return nil, err
	}
	c := &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	p.certs[name] = c
	return c, nil
}

// chanListener hands the tunnelled TLS connections to the inner server.
type chanListener struct{ p *cloudProxy }

func (l chanListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.p.conns:
		return c, nil
	case <-l.p.done:
		return nil, net.ErrClosed
	}
}
func (l chanListener) Close() error   { return nil }
func (l chanListener) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)} }

// bufferedConn reads what the hijack had already buffered first.
type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c bufferedConn) Read(b []byte) (int, error) { return c.r.Read(b) }
