// Package fakecloud stands in for a cloud provider's HTTPS APIs in contract
// tests. It is an HTTPS proxy that terminates TLS for whatever host a client
// CONNECTs to, with certificates from its own throwaway CA, and hands the
// decrypted requests to a handler. A Vault dev server started with
// HTTPS_PROXY pointing at it and SSL_CERT_FILE naming its CA (see Install)
// then talks to the handler instead of the real cloud. Loopback addresses are
// never proxied, so the test's own traffic to Vault is unaffected.
package fakecloud

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/internal/testcert"
)

// Request is one call the fake cloud answered.
type Request struct {
	Method, Host, Path, Query string
	Body                      []byte
}

// Cloud is a running fake cloud.
type Cloud struct {
	ca      *testcert.CA
	caFile  string
	handler http.Handler
	ln      net.Listener
	conns   chan net.Conn
	inner   *chanListener
	srv     *http.Server

	mu      sync.Mutex
	certs   map[string]*tls.Certificate
	log     []Request
	tunnels []string
}

// Start runs a fake cloud whose requests go to handler. In the handler,
// r.URL.Host is the host the client asked for, and r.Body is already
// decompressed. HTTP/2 is offered, so gRPC clients work too (see GRPC).
func Start(handler http.Handler) (*Cloud, error) {
	ca, err := testcert.New("govault fake cloud CA")
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "fakecloud")
	if err != nil {
		return nil, err
	}
	caFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caFile, ca.PEM, 0o600); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	c := &Cloud{ca: ca, caFile: caFile, handler: handler, ln: ln, certs: map[string]*tls.Certificate{}, conns: make(chan net.Conn)}
	c.inner = &chanListener{conns: c.conns, closed: make(chan struct{}), addr: ln.Addr()}
	c.srv = &http.Server{Handler: http.HandlerFunc(c.serveHTTP), ReadHeaderTimeout: 10 * time.Second}
	go c.srv.Serve(c.inner)
	go c.serve()
	return c, nil
}

// ProxyURL is the value for HTTPS_PROXY.
func (c *Cloud) ProxyURL() string { return "http://" + c.ln.Addr().String() }

// CAFile is a PEM file holding the fake CA, the value for SSL_CERT_FILE.
func (c *Cloud) CAFile() string { return c.caFile }

// Install points processes started from now on (such as the Vault dev
// server) at the fake cloud: HTTPS_PROXY and SSL_CERT_FILE are set in this
// process's environment, which child processes inherit.
func (c *Cloud) Install() error {
	if err := os.Setenv("HTTPS_PROXY", c.ProxyURL()); err != nil {
		return err
	}
	return os.Setenv("SSL_CERT_FILE", c.caFile)
}

// Close stops the proxy and removes the CA file.
func (c *Cloud) Close() {
	c.ln.Close()
	c.srv.Close()
	os.RemoveAll(filepath.Dir(c.caFile))
}

// Requests returns the calls answered so far.
func (c *Cloud) Requests() []Request {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Request(nil), c.log...)
}

// Tunnels returns the host:port of every CONNECT so far, in order, which
// shows a client went through the proxy even where no request reached the
// handler.
func (c *Cloud) Tunnels() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.tunnels...)
}

// Count returns how many answered calls used method on a host and a path
// containing pathPart.
func (c *Cloud) Count(method, host, pathPart string) int {
	n := 0
	for _, r := range c.Requests() {
		if r.Method == method && r.Host == host && strings.Contains(r.Path, pathPart) {
			n++
		}
	}
	return n
}

// JSON writes v as a JSON response.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (c *Cloud) certFor(host string) (*tls.Certificate, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cert := c.certs[host]; cert != nil {
		return cert, nil
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		return nil, err
	}
	leaf, err := c.ca.Leaf(serial, x509.ExtKeyUsageServerAuth, pkix.Name{CommonName: host}, host)
	if err != nil {
		return nil, err
	}
	cert := &leaf
	c.certs[host] = cert
	return cert, nil
}

func (c *Cloud) serve() {
	for {
		conn, err := c.ln.Accept()
		if err != nil {
			return
		}
		go c.tunnel(conn)
	}
}

// tunnel answers one CONNECT and hands the TLS connection inside it to the
// shared HTTP server, which speaks HTTP/1.1 or HTTP/2 (for gRPC) as the
// client negotiates.
func (c *Cloud) tunnel(conn net.Conn) {
	req, err := http.ReadRequest(bufio.NewReader(conn))
	if err != nil || req.Method != http.MethodConnect {
		conn.Close()
		return
	}
	c.mu.Lock()
	c.tunnels = append(c.tunnels, req.Host)
	c.mu.Unlock()
	host := req.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(host)
	if _, err := io.WriteString(conn, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		conn.Close()
		return
	}
	c.conns <- tls.Server(conn, &tls.Config{
		GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return c.certFor(host) },
		NextProtos:     []string{"h2", "http/1.1"},
	})
}

func (c *Cloud) serveHTTP(w http.ResponseWriter, r *http.Request) {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(host)
	r.URL.Scheme, r.URL.Host = "https", host
	body, _ := io.ReadAll(r.Body)
	if r.Header.Get("Content-Encoding") == "gzip" {
		if zr, err := gzip.NewReader(bytes.NewReader(body)); err == nil {
			if plain, err := io.ReadAll(zr); err == nil {
				body = plain
			}
		}
		r.Header.Del("Content-Encoding")
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	c.mu.Lock()
	c.log = append(c.log, Request{Method: r.Method, Host: host, Path: r.URL.Path, Query: r.URL.RawQuery, Body: body})
	c.mu.Unlock()
	c.handler.ServeHTTP(w, r)
}

// NotFound answers a request the handler does not know, naming it so the
// Vault error says what is missing.
func NotFound(w http.ResponseWriter, r *http.Request) {
	JSON(w, http.StatusNotFound, map[string]any{"error": map[string]any{
		"code": "NotFound", "message": fmt.Sprintf("fake cloud has no %s %s%s", r.Method, r.URL.Host, r.URL.Path),
	}})
}

// chanListener yields the TLS connections tunnel unwraps.
type chanListener struct {
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
	addr   net.Addr
}

func (l *chanListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *chanListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return nil
}

func (l *chanListener) Addr() net.Addr { return l.addr }

// Main runs a test package whose secrets engine reaches a cloud API: it
// starts the fake cloud answering with handler, installs it for the dev
// server about to start, mounts the engine (type and path engine, area of
// the same name), runs the tests and cleans up. ready receives the cloud
// and the environment before any test runs.
func Main(m *testing.M, handler http.Handler, engine string, ready func(*Cloud, *livetest.Env)) int {
	cloud, err := Start(handler)
	if err == nil {
		err = cloud.Install()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: fake cloud for %s: %v\n", engine, err)
		return 1
	}
	defer cloud.Close()
	_, code := livetest.Main(m, livetest.Options{
		Areas:  []string{engine},
		Mounts: []livetest.Mount{{Type: engine}},
		Setup: func(e *livetest.Env) error {
			ready(cloud, e)
			return nil
		},
	})
	return code
}
