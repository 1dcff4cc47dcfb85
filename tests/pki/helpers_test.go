package pki_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
)

// The generated client on each PKI mount, with the root token, validating
// every response against the spec.
var (
	mainAPI    = livetest.APIFor(mainMount, pki.New)
	scratchAPI = livetest.APIFor(scratchMount, pki.New)
	emptyAPI   = livetest.APIFor(emptyMount, pki.New)
	rootsAPI   = livetest.APIFor(rootsMount, pki.New)
)

// anon is api without a token, for the unauthenticated paths.
func anon(t *testing.T, mount string) *pki.Client {
	t.Helper()
	hc := env.HTTPClient(t)
	return pki.New(hc, env.Server.Addr+"/v1/"+mount+"/")
}

func ecKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// newCSR makes a PEM CSR for cn (also as a DNS SAN unless it has a space).
func newCSR(t *testing.T, key crypto.Signer, cn string) string {
	t.Helper()
	tmpl := &x509.CertificateRequest{Subject: pkix.Name{CommonName: cn}}
	if !strings.Contains(cn, " ") {
		tmpl.DNSNames = []string{cn}
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, tmpl, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}))
}

func csrDER(t *testing.T, key crypto.Signer, cn string) []byte {
	t.Helper()
	b, _ := pem.Decode([]byte(newCSR(t, key, cn)))
	return b.Bytes
}

// selfIssuedCA makes a self-signed CA certificate with its own key.
func selfIssuedCA(t *testing.T, cn string) (string, *ecdsa.PrivateKey) {
	t.Helper()
	key := ecKey(t)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Minute), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})), key
}

func keyPEM(t *testing.T, key *ecdsa.PrivateKey) string {
	t.Helper()
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}))
}

func parseCert(t *testing.T, s string) *x509.Certificate {
	t.Helper()
	b, _ := pem.Decode([]byte(s))
	if b == nil {
		t.Fatalf("not PEM: %.80q", s)
	}
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func parsePEMCRL(t *testing.T, s string) *x509.RevocationList {
	t.Helper()
	b, _ := pem.Decode([]byte(s))
	if b == nil || b.Type != "X509 CRL" {
		t.Fatalf("not a PEM CRL: %.80q", s)
	}
	crl, err := x509.ParseRevocationList(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return crl
}

func serialHex(c *x509.Certificate) string {
	b := c.SerialNumber.Bytes()
	parts := make([]string, len(b))
	for i, x := range b {
		parts[i] = fmt.Sprintf("%02x", x)
	}
	return strings.Join(parts, ":")
}

func onCRL(crl *x509.RevocationList, serial *big.Int) bool {
	for _, e := range crl.RevokedCertificateEntries {
		if e.SerialNumber.Cmp(serial) == 0 {
			return true
		}
	}
	return false
}

// ---- OCSP, with encoding/asn1 only (RFC 6960).

type ocspCertID struct {
	HashAlgorithm pkix.AlgorithmIdentifier
	NameHash      []byte
	IssuerKeyHash []byte
	SerialNumber  *big.Int
}

type ocspReq struct {
	TBS struct {
		List []struct{ Cert ocspCertID }
	}
}

func ocspRequest(t *testing.T, issuer, leaf *x509.Certificate) []byte {
	t.Helper()
	var spki struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}
	if _, err := asn1.Unmarshal(issuer.RawSubjectPublicKeyInfo, &spki); err != nil {
		t.Fatal(err)
	}
	nameHash := sha1.Sum(issuer.RawSubject)
	keyHash := sha1.Sum(spki.PublicKey.RightAlign())
	var r ocspReq
	r.TBS.List = []struct{ Cert ocspCertID }{{Cert: ocspCertID{
		HashAlgorithm: pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}, Parameters: asn1.NullRawValue},
		NameHash:      nameHash[:], IssuerKeyHash: keyHash[:], SerialNumber: leaf.SerialNumber,
	}}}
	der, err := asn1.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// ocspStatus returns the response status (0 successful, 1 malformed, 6
// unauthorized ...) and, when successful, the first certificate's status
// (0 good, 1 revoked, 2 unknown).
func ocspStatus(t *testing.T, der []byte) (respStatus, certStatus int) {
	t.Helper()
	var outer struct {
		Status asn1.Enumerated
		Bytes  struct {
			Type     asn1.ObjectIdentifier
			Response []byte
		} `asn1:"explicit,tag:0,optional"`
	}
	if _, err := asn1.Unmarshal(der, &outer); err != nil {
		t.Fatalf("OCSP response: %v", err)
	}
	if outer.Status != 0 {
		return int(outer.Status), -1
	}
	var basic struct {
		TBS struct {
			Raw       asn1.RawContent
			Version   int `asn1:"optional,explicit,default:0,tag:0"`
			Responder asn1.RawValue
			Produced  time.Time `asn1:"generalized"`
			Responses []struct {
				CertID ocspCertID
				Status asn1.RawValue
				This   time.Time     `asn1:"generalized"`
				Next   time.Time     `asn1:"generalized,explicit,tag:0,optional"`
				Ext    asn1.RawValue `asn1:"explicit,tag:1,optional"`
			}
			Ext asn1.RawValue `asn1:"explicit,tag:1,optional"`
		}
		SigAlg pkix.AlgorithmIdentifier
		Sig    asn1.BitString
		Certs  asn1.RawValue `asn1:"explicit,tag:0,optional"`
	}
	if _, err := asn1.Unmarshal(outer.Bytes.Response, &basic); err != nil {
		t.Fatalf("OCSP basic response: %v", err)
	}
	if len(basic.TBS.Responses) == 0 {
		t.Fatal("OCSP response without single responses")
	}
	return 0, basic.TBS.Responses[0].Status.Tag
}

// ---- a DNS server answering TXT queries, for ACME dns-01 validation.

type dnsStub struct {
	mu   sync.Mutex
	txt  map[string]string
	conn net.PacketConn
}

func startDNS(t *testing.T) *dnsStub {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	d := &dnsStub{txt: map[string]string{}, conn: pc}
	t.Cleanup(func() { pc.Close() })
	go d.serve()
	return d
}

func (d *dnsStub) Addr() string { return d.conn.LocalAddr().String() }

func (d *dnsStub) Set(name, value string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.txt[strings.ToLower(strings.TrimSuffix(name, "."))] = value
}

func (d *dnsStub) serve() {
	buf := make([]byte, 1500)
	for {
		n, addr, err := d.conn.ReadFrom(buf)
		if err != nil {
			return
		}
		q := buf[:n]
		if len(q) < 12 {
			continue
		}
		i, labels := 12, []string{}
		for i < len(q) && q[i] != 0 {
			l := int(q[i])
			if i+1+l > len(q) {
				break
			}
			labels = append(labels, string(q[i+1:i+1+l]))
			i += 1 + l
		}
		i++ // root label
		if i+4 > len(q) {
			continue
		}
		qtype := binary.BigEndian.Uint16(q[i:])
		question := q[12 : i+4]
		d.mu.Lock()
		val, ok := d.txt[strings.ToLower(strings.Join(labels, "."))]
		d.mu.Unlock()
		var answer []byte
		flags := uint16(0x8180) // response, recursion desired and available
		if ok && qtype == 16 {
			rdata := append([]byte{byte(len(val))}, val...)
			answer = append([]byte{0xc0, 0x0c}, 0, 16, 0, 1, 0, 0, 0, 60, byte(len(rdata)>>8), byte(len(rdata)))
			answer = append(answer, rdata...)
		} else if !ok {
			flags |= 3 // NXDOMAIN
		}
		out := make([]byte, 12, 12+len(question)+len(answer))
		copy(out, q[:2])
		binary.BigEndian.PutUint16(out[2:], flags)
		binary.BigEndian.PutUint16(out[4:], 1)
		if answer != nil {
			binary.BigEndian.PutUint16(out[6:], 1)
		}
		out = append(out, question...)
		out = append(out, answer...)
		d.conn.WriteTo(out, addr)
	}
}

// ---- ACME JWS (RFC 8555 section 6.2), ES256 with the standard library.

func b64u(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

type acmeKey struct {
	key *ecdsa.PrivateKey
	kid string // account URL once registered
}

func (k *acmeKey) jwk() map[string]string {
	pub := k.key.PublicKey
	x, y := make([]byte, 32), make([]byte, 32)
	pub.X.FillBytes(x)
	pub.Y.FillBytes(y)
	return map[string]string{"crv": "P-256", "kty": "EC", "x": b64u(x), "y": b64u(y)}
}

// thumbprint is the RFC 7638 JWK thumbprint.
func (k *acmeKey) thumbprint() string {
	j := k.jwk()
	s := `{"crv":"` + j["crv"] + `","kty":"EC","x":"` + j["x"] + `","y":"` + j["y"] + `"}`
	sum := sha256.Sum256([]byte(s))
	return b64u(sum[:])
}

// sign wraps payload (nil for POST-as-GET) for url with nonce, using the
// account URL as kid once registered (or always the jwk when useJWK).
func (k *acmeKey) sign(t *testing.T, url, nonce string, payload any, useJWK bool) pki.PKIACMEJWS {
	t.Helper()
	prot := map[string]any{"alg": "ES256", "nonce": nonce, "url": url}
	if k.kid != "" && !useJWK {
		prot["kid"] = k.kid
	} else {
		prot["jwk"] = k.jwk()
	}
	pj, _ := json.Marshal(prot)
	p := b64u(pj)
	pl := ""
	if payload != nil {
		b, _ := json.Marshal(payload)
		pl = b64u(b)
	}
	h := sha256.Sum256([]byte(p + "." + pl))
	r, s, err := ecdsa.Sign(rand.Reader, k.key, h[:])
	if err != nil {
		t.Fatal(err)
	}
	sig := make([]byte, 64)
	r.FillBytes(sig[:32])
	s.FillBytes(sig[32:])
	return pki.PKIACMEJWS{Protected: p, Payload: pl, Signature: b64u(sig)}
}

func lastElem(u string) string { return u[strings.LastIndex(u, "/")+1:] }

func header(r *http.Response, name string) string {
	if r == nil {
		return ""
	}
	return r.Header.Get(name)
}

// ---- Vault's raw answers (vtypes.CaptureRaw), for the status and headers.

// contentType is the Content-Type of the answer raw captured.
func contentType(raw *vtypes.Raw) string { return header(raw.Response, "Content-Type") }

// refusal is err as the *vtypes.ResponseError of a non-2xx answer, or nil
// when err is anything else (nil, a transport failure, a malformed body).
func refusal(err error) *vtypes.ResponseError {
	var re *vtypes.ResponseError
	if errors.As(err, &re) {
		return re
	}
	return nil
}

// refusedWith reports whether err is the *vtypes.ResponseError of an answer
// with status want, and raw captured that same answer.
func refusedWith(err error, raw *vtypes.Raw, want int) bool {
	re := refusal(err)
	return re != nil && re.StatusCode == want && livetest.Status(*raw) == want
}

// ---- the main mount's CA, built once: a root issuer and a role.

type mainCA struct {
	issuerID string
	keyID    string
	cert     *x509.Certificate
	certPEM  string
}

var (
	caOnce sync.Once
	ca     *mainCA
	caErr  error
)

const (
	rootName = "root-a"
	roleName = "web"
)

func setupCA(t *testing.T) *mainCA {
	t.Helper()
	caOnce.Do(func() {
		ctx := t.Context()
		a := mainAPI(t)
		mountURL := env.Server.Addr + "/v1/" + mainMount
		if _, caErr = a.PKIWriteClusterConfig(ctx, pki.PKIWriteClusterConfigRequest{
			Path: &mountURL, AiaPath: &mountURL}); caErr != nil {
			return
		}
		var root *pki.PKIRootResult
		root, caErr = a.PKIGenerateRoot(ctx, pki.KeySourceInternal, pki.PKIGenerateRootRequest{
			CommonName: livetest.Ptr("Root A"), IssuerName: livetest.Ptr(rootName), KeyName: livetest.Ptr("root-a-key"),
			KeyType: livetest.Ptr(pki.KeyTypeEC), KeyBits: livetest.Ptr(256), TTL: livetest.Ptr(vtypes.Duration("8760h")),
		})
		if caErr != nil {
			return
		}
		b, _ := pem.Decode([]byte(root.Data.Certificate))
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			caErr = err
			return
		}
		ca = &mainCA{issuerID: root.Data.IssuerID, keyID: root.Data.KeyID, cert: c, certPEM: root.Data.Certificate}
		_, caErr = a.PKIWriteRole(ctx, roleName, pki.PKIWriteRoleRequest{
			AllowedDomains: []string{"example.com"}, AllowSubdomains: livetest.Ptr(true), AllowBareDomains: livetest.Ptr(true),
			KeyType: livetest.Ptr(pki.RoleKeyTypeEC), KeyBits: livetest.Ptr(256), TTL: livetest.Ptr(vtypes.Duration("1h")),
			MaxTTL: livetest.Ptr(vtypes.Duration("24h")),
		})
	})
	if caErr != nil || ca == nil {
		t.Fatalf("setting up the main CA: %v", caErr)
	}
	return ca
}
