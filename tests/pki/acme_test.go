package pki_test

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/internal/livetest"
	"github.com/govault/govault/vtypes"
)

type acmeReply struct {
	status int
	hdr    http.Header
	body   []byte
}

// reply is Vault's answer to one ACME call as raw captured it, whatever its
// status: the ACME flow judges the status itself (a problem document comes
// with a 4xx, which the call reports as a *vtypes.ResponseError). Any other
// error (no answer, a 2xx body that does not decode) stays an error.
func reply(raw *vtypes.Raw, err error) (acmeReply, error) {
	if err != nil && (refusal(err) == nil || raw.Response == nil) {
		return acmeReply{}, err
	}
	return acmeReply{status: raw.Response.StatusCode, hdr: raw.Response.Header, body: raw.Body}, nil
}

type jws = pki.PKIACMEJWS

// acmeDir is one ACME directory: the generated calls bound to its prefix.
type acmeDir struct {
	name      string
	rel       string // directory prefix under the mount, ending in "acme/"
	directory func(context.Context) (*pki.PKIACMEDirectory, error)
	eab       func(context.Context) (*pki.PKIEABResult, error)
	nonce     func(context.Context) (acmeReply, error)
	newAcct   func(context.Context, jws) (acmeReply, error)
	account   func(context.Context, string, jws) (acmeReply, error)
	newOrder  func(context.Context, jws) (acmeReply, error)
	orders    func(context.Context, jws) (acmeReply, error)
	order     func(context.Context, string, jws) (acmeReply, error)
	finalize  func(context.Context, string, jws) (acmeReply, error)
	cert      func(context.Context, string, jws) (acmeReply, error)
	authz     func(context.Context, string, jws) (acmeReply, error)
	challenge func(context.Context, string, pki.PKIACMEChallengeType, jws) (acmeReply, error)
	revoke    func(context.Context, jws) (acmeReply, error)
}

func acmeDirs(a, pub *pki.Client) []acmeDir {
	iss, role := rootName, roleName
	return []acmeDir{{
		name: "default", rel: "acme/",
		directory: func(ctx context.Context) (*pki.PKIACMEDirectory, error) {
			return pub.PKIReadACMEDirectory(ctx)
		},
		eab: func(ctx context.Context) (*pki.PKIEABResult, error) {
			return a.PKIGenerateEABKey(ctx)
		},
		nonce: func(ctx context.Context) (acmeReply, error) {
			var raw vtypes.Raw
			err := pub.PKIACMENewNonce(ctx, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		newAcct: func(ctx context.Context, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMENewAccount(ctx, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		account: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEAccount(ctx, id, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		newOrder: func(ctx context.Context, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMENewOrder(ctx, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		orders: func(ctx context.Context, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEListOrders(ctx, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		order: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEOrder(ctx, id, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		finalize: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEFinalizeOrder(ctx, id, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		cert: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEOrderCertificate(ctx, id, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		authz: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEAuthorization(ctx, id, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		challenge: func(ctx context.Context, id string, typ pki.PKIACMEChallengeType, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEChallenge(ctx, id, typ, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		revoke: func(ctx context.Context, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMERevokeCertificate(ctx, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
	}, {
		name: "issuer", rel: "issuer/" + iss + "/acme/",
		directory: func(ctx context.Context) (*pki.PKIACMEDirectory, error) {
			return pub.PKIReadACMEDirectoryForIssuer(ctx, iss)
		},
		eab: func(ctx context.Context) (*pki.PKIEABResult, error) {
			return a.PKIGenerateEABKeyForIssuer(ctx, iss)
		},
		nonce: func(ctx context.Context) (acmeReply, error) {
			var raw vtypes.Raw
			err := pub.PKIACMENewNonceForIssuer(ctx, iss, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		newAcct: func(ctx context.Context, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMENewAccountForIssuer(ctx, iss, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		account: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEAccountForIssuer(ctx, iss, id, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		newOrder: func(ctx context.Context, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMENewOrderForIssuer(ctx, iss, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		orders: func(ctx context.Context, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEListOrdersForIssuer(ctx, iss, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		order: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEOrderForIssuer(ctx, iss, id, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		finalize: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEFinalizeOrderForIssuer(ctx, iss, id, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		cert: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEOrderCertificateForIssuer(ctx, iss, id, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		authz: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEAuthorizationForIssuer(ctx, iss, id, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		challenge: func(ctx context.Context, id string, typ pki.PKIACMEChallengeType, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEChallengeForIssuer(ctx, iss, id, typ, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		revoke: func(ctx context.Context, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMERevokeCertificateForIssuer(ctx, iss, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
	}, {
		name: "role", rel: "roles/" + role + "/acme/",
		directory: func(ctx context.Context) (*pki.PKIACMEDirectory, error) {
			return pub.PKIReadACMEDirectoryForRole(ctx, role)
		},
		eab: func(ctx context.Context) (*pki.PKIEABResult, error) {
			return a.PKIGenerateEABKeyForRole(ctx, role)
		},
		nonce: func(ctx context.Context) (acmeReply, error) {
			var raw vtypes.Raw
			err := pub.PKIACMENewNonceForRole(ctx, role, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		newAcct: func(ctx context.Context, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMENewAccountForRole(ctx, role, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		account: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEAccountForRole(ctx, role, id, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		newOrder: func(ctx context.Context, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMENewOrderForRole(ctx, role, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		orders: func(ctx context.Context, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEListOrdersForRole(ctx, role, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		order: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEOrderForRole(ctx, role, id, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		finalize: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEFinalizeOrderForRole(ctx, role, id, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		cert: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEOrderCertificateForRole(ctx, role, id, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		authz: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEAuthorizationForRole(ctx, role, id, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		challenge: func(ctx context.Context, id string, typ pki.PKIACMEChallengeType, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEChallengeForRole(ctx, role, id, typ, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		revoke: func(ctx context.Context, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMERevokeCertificateForRole(ctx, role, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
	}, {
		name: "issuer and role", rel: "issuer/" + iss + "/roles/" + role + "/acme/",
		directory: func(ctx context.Context) (*pki.PKIACMEDirectory, error) {
			return pub.PKIReadACMEDirectoryForIssuerRole(ctx, iss, role)
		},
		eab: func(ctx context.Context) (*pki.PKIEABResult, error) {
			return a.PKIGenerateEABKeyForIssuerRole(ctx, iss, role)
		},
		nonce: func(ctx context.Context) (acmeReply, error) {
			var raw vtypes.Raw
			err := pub.PKIACMENewNonceForIssuerRole(ctx, iss, role, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		newAcct: func(ctx context.Context, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMENewAccountForIssuerRole(ctx, iss, role, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		account: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEAccountForIssuerRole(ctx, iss, role, id, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		newOrder: func(ctx context.Context, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMENewOrderForIssuerRole(ctx, iss, role, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		orders: func(ctx context.Context, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEListOrdersForIssuerRole(ctx, iss, role, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		order: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEOrderForIssuerRole(ctx, iss, role, id, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		finalize: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEFinalizeOrderForIssuerRole(ctx, iss, role, id, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		cert: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEOrderCertificateForIssuerRole(ctx, iss, role, id, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		authz: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEAuthorizationForIssuerRole(ctx, iss, role, id, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		challenge: func(ctx context.Context, id string, typ pki.PKIACMEChallengeType, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMEChallengeForIssuerRole(ctx, iss, role, id, typ, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
		revoke: func(ctx context.Context, j jws) (acmeReply, error) {
			var raw vtypes.Raw
			_, err := pub.PKIACMERevokeCertificateForIssuerRole(ctx, iss, role, j, vtypes.CaptureRaw(&raw))
			return reply(&raw, err)
		},
	}}
}

// acmeSession tracks the nonce and account key of one client.
type acmeSession struct {
	t     *testing.T
	d     acmeDir
	base  string // absolute URL of the directory prefix
	key   *acmeKey
	nonce string
}

func (s *acmeSession) take(r acmeReply) acmeReply {
	if n := r.hdr.Get("Replay-Nonce"); n != "" {
		s.nonce = n
	}
	return r
}

func (s *acmeSession) freshNonce() string {
	s.t.Helper()
	if s.nonce == "" {
		r, err := s.d.nonce(s.t.Context())
		env.OK(s.t, err)
		if r.status != http.StatusNoContent || r.hdr.Get("Replay-Nonce") == "" {
			s.t.Fatalf("%s new-nonce: %d, nonce %q", s.d.name, r.status, r.hdr.Get("Replay-Nonce"))
		}
		s.nonce = r.hdr.Get("Replay-Nonce")
	}
	n := s.nonce
	s.nonce = ""
	return n
}

func (s *acmeSession) sign(url string, payload any, useJWK bool) jws {
	return s.key.sign(s.t, url, s.freshNonce(), payload, useJWK)
}

// post sends one signed request and expects the status; out (if set) gets the JSON body.
type result struct {
	r   acmeReply
	err error
}

func res(r acmeReply, err error) result { return result{r, err} }

func (s *acmeSession) post(what string, want int, rr result, out any) acmeReply {
	s.t.Helper()
	r := rr.r
	env.OK(s.t, rr.err)
	s.take(r)
	if r.status != want {
		s.t.Fatalf("%s %s: %d, want %d: %s", s.d.name, what, r.status, want, r.body)
	}
	if out != nil {
		if err := json.Unmarshal(r.body, out); err != nil {
			s.t.Fatalf("%s %s: %v", s.d.name, what, err)
		}
	}
	return r
}

func runACME(t *testing.T, d acmeDir, dns *dnsStub, c *mainCA, domain string) (kid string) {
	ctx := t.Context()
	s := &acmeSession{t: t, d: d, base: env.Server.Addr + "/v1/" + mainMount + "/" + d.rel, key: &acmeKey{key: ecKey(t)}}

	dir, err := d.directory(ctx)
	env.OK(t, err)
	if dir.NewNonce != s.base+"new-nonce" || dir.Meta.ExternalAccountRequired {
		t.Fatalf("%s directory: %+v", d.name, dir)
	}
	eab, err := d.eab(ctx)
	env.OK(t, err)
	if eab.Data.ACMEDirectory != d.rel+"directory" || eab.Data.KeyType != "hs" {
		t.Fatalf("%s new-eab: %+v", d.name, eab.Data)
	}
	env.Leaks.Add(eab.Data.Key)

	// Account: create, read, update.
	var acct pki.PKIACMEAccount
	r := s.post("new-account", http.StatusCreated, res(s.d.newAcct(ctx, s.sign(s.base+"new-account",
		map[string]any{"termsOfServiceAgreed": true, "contact": []string{"mailto:ops@example.com"}}, true))), &acct)
	s.key.kid = r.hdr.Get("Location")
	if acct.Status != "valid" || !strings.HasPrefix(s.key.kid, s.base+"account/") {
		t.Fatalf("%s new-account: %+v at %q", d.name, acct, s.key.kid)
	}
	kid = lastElem(s.key.kid)
	// Registering the same key again finds the existing account.
	r = s.post("new-account (existing)", http.StatusOK, res(s.d.newAcct(ctx, s.sign(s.base+"new-account",
		map[string]any{"onlyReturnExisting": true}, true))), &acct)
	if r.hdr.Get("Location") != s.key.kid {
		t.Fatalf("%s existing account at %q, want %q", d.name, r.hdr.Get("Location"), s.key.kid)
	}
	s.post("account update", http.StatusOK, res(s.d.account(ctx, kid, s.sign(s.key.kid,
		map[string]any{"contact": []string{"mailto:pki@example.com"}}, false))), &acct)
	if len(acct.Contact) != 1 || acct.Contact[0] != "mailto:pki@example.com" {
		t.Fatalf("%s account update: %+v", d.name, acct)
	}

	// Order, authorization, dns-01 challenge.
	var order pki.PKIACMEOrder
	r = s.post("new-order", http.StatusCreated, res(s.d.newOrder(ctx, s.sign(s.base+"new-order",
		map[string]any{"identifiers": []map[string]string{{"type": "dns", "value": domain}}}, false))), &order)
	orderURL := r.hdr.Get("Location")
	orderID := lastElem(orderURL)
	if order.Status != "pending" || len(order.Authorizations) != 1 || order.Identifiers[0].Value != domain {
		t.Fatalf("%s new-order: %+v", d.name, order)
	}
	var list pki.PKIACMEOrderList
	s.post("orders", http.StatusOK, res(s.d.orders(ctx, s.sign(s.base+"orders", nil, false))), &list)
	if !slices.Contains(list.Orders, orderURL) {
		t.Fatalf("%s orders: %v lacks %s", d.name, list.Orders, orderURL)
	}
	// Finalizing too early is an ACME problem document.
	early, err := d.finalize(ctx, orderID, s.sign(order.Finalize, map[string]string{"csr": b64u(csrDER(t, ecKey(t), domain))}, false))
	env.OK(t, err)
	if early.status != http.StatusForbidden || !strings.Contains(string(early.body), "orderNotReady") {
		t.Fatalf("%s early finalize: %d %s", d.name, early.status, early.body)
	}

	authzURL := order.Authorizations[0]
	var authz pki.PKIACMEAuthorization
	s.post("authorization", http.StatusOK, res(s.d.authz(ctx, lastElem(authzURL), s.sign(authzURL, nil, false))), &authz)
	var ch *pki.PKIACMEChallenge
	for i := range authz.Challenges {
		if authz.Challenges[i].Type == "dns-01" {
			ch = &authz.Challenges[i]
		}
	}
	if ch == nil || authz.Status != "pending" || authz.Identifier.Value != domain {
		t.Fatalf("%s authorization: %+v", d.name, authz)
	}
	sum := sha256.Sum256([]byte(ch.Token + "." + s.key.thumbprint()))
	dns.Set("_acme-challenge."+domain, b64u(sum[:]))
	var chOut pki.PKIACMEChallenge
	s.post("challenge", http.StatusOK, res(s.d.challenge(ctx, lastElem(authzURL), pki.ChallengeDNS01, s.sign(ch.URL, map[string]any{}, false))), &chOut)
	if chOut.Token != ch.Token || (chOut.Status != "processing" && chOut.Status != "valid") {
		t.Fatalf("%s challenge: %+v", d.name, chOut)
	}
	for deadline := time.Now().Add(45 * time.Second); authz.Status != "valid"; time.Sleep(250 * time.Millisecond) {
		if time.Now().After(deadline) || authz.Status == "invalid" {
			t.Fatalf("%s authorization never became valid: %+v", d.name, authz)
		}
		s.post("authorization", http.StatusOK, res(s.d.authz(ctx, lastElem(authzURL), s.sign(authzURL, nil, false))), &authz)
	}

	// Finalize with a CSR, wait for the certificate, download it.
	certKey := ecKey(t)
	s.post("finalize", http.StatusOK, res(s.d.finalize(ctx, orderID, s.sign(order.Finalize,
		map[string]string{"csr": b64u(csrDER(t, certKey, domain))}, false))), &order)
	for deadline := time.Now().Add(30 * time.Second); order.Status != "valid"; time.Sleep(250 * time.Millisecond) {
		if time.Now().After(deadline) || order.Status == "invalid" {
			t.Fatalf("%s order never became valid: %+v", d.name, order)
		}
		s.post("order", http.StatusOK, res(s.d.order(ctx, orderID, s.sign(orderURL, nil, false))), &order)
	}
	s.post("order", http.StatusOK, res(s.d.order(ctx, orderID, s.sign(orderURL, nil, false))), &order)
	if order.Certificate == nil {
		t.Fatalf("%s valid order without a certificate URL: %+v", d.name, order)
	}
	r = s.post("certificate", http.StatusOK, res(s.d.cert(ctx, orderID, s.sign(*order.Certificate, nil, false))), nil)
	if ct := r.hdr.Get("Content-Type"); ct != "application/pem-certificate-chain" {
		t.Fatalf("%s certificate content type %q", d.name, ct)
	}
	b, _ := pem.Decode(r.body)
	leaf, err := x509.ParseCertificate(b.Bytes)
	if err != nil || len(leaf.DNSNames) != 1 || leaf.DNSNames[0] != domain || leaf.CheckSignatureFrom(c.cert) != nil {
		t.Fatalf("%s certificate: %v %v", d.name, err, leaf.DNSNames)
	}

	// Revoke it through ACME, with the account key.
	var rev pki.PKIACMERevocation
	s.post("revoke-cert", http.StatusOK, res(s.d.revoke(ctx, s.sign(s.base+"revoke-cert",
		map[string]string{"certificate": b64u(leaf.Raw)}, false))), &rev)
	if rev.State != "revoked" || rev.RevocationTime == 0 {
		t.Fatalf("%s revoke-cert: %+v", d.name, rev)
	}
	return kid
}

func TestACME(t *testing.T) {
	ctx := t.Context()
	c := setupCA(t)
	a := mainAPI(t)
	pub := anon(t, mainMount)
	dns := startDNS(t)

	_, err := a.PKIWriteACMEConfig(ctx, pki.PKIWriteACMEConfigRequest{
		Enabled: livetest.Ptr(true), EabPolicy: livetest.Ptr("not-required"), DNSResolver: livetest.Ptr(dns.Addr()), MaxTTL: livetest.Ptr(vtypes.Duration("24h")),
	})
	env.OK(t, err)

	var kids []string
	for i, d := range acmeDirs(a, pub) {
		kids = append(kids, runACME(t, d, dns, c, "acme"+string(rune('a'+i))+".example.com"))
	}

	// Operator view of the accounts (since 1.19; an older server goes on to EAB).
	if list, err := a.PKIListACMEAccounts(ctx); !env.Absent(t, err) {
		for _, k := range kids {
			if !slices.Contains(list.Data.Keys, k) {
				t.Fatalf("ACME account list %v lacks %s", list.Data.Keys, k)
			}
		}
		acct, err := a.PKIReadACMEAccount(ctx, kids[0])
		env.OK(t, err)
		if acct.Data.KeyID != kids[0] || acct.Data.Status != "valid" || len(acct.Data.Orders) != 1 || acct.Data.Orders[0].Status != "valid" ||
			acct.Data.Directory != "acme/" {
			t.Fatalf("ACME account: %+v", acct.Data)
		}
		revoked, err := a.PKIWriteACMEAccountStatus(ctx, kids[1], pki.PKIWriteACMEAccountStatusRequest{Status: pki.ACMEAccountRevoked})
		env.OK(t, err)
		if revoked.Data.Status != "revoked" || revoked.Data.RevokedTime == "" || revoked.Data.Orders != nil {
			t.Fatalf("ACME account revoke: %+v", revoked.Data)
		}
		back, err := a.PKIWriteACMEAccountStatus(ctx, kids[1], pki.PKIWriteACMEAccountStatusRequest{Status: pki.ACMEAccountValid})
		env.OK(t, err)
		if back.Data.Status != "valid" {
			t.Fatalf("ACME account reinstate: %+v", back.Data)
		}
	}

	// Unused EAB bindings: one per directory, listed, then deleted.
	eabs, err := a.PKIListEABKeys(ctx)
	env.OK(t, err)
	if len(eabs.Data.Keys) < 4 {
		t.Fatalf("EAB list: %+v", eabs.Data)
	}
	for _, id := range eabs.Data.Keys {
		_, err := a.PKIDeleteEABKey(ctx, id)
		env.OK(t, err)
	}
	// Vault answers the LIST of an empty folder with a 404 without errors,
	// which the client returns as an empty result.
	var emptyRaw vtypes.Raw
	empty, err := a.PKIListEABKeys(ctx, vtypes.CaptureRaw(&emptyRaw))
	if err != nil || livetest.Status(emptyRaw) != http.StatusNotFound {
		t.Fatalf("EAB list after deleting all: %v %d", err, livetest.Status(emptyRaw))
	}
	if diff := cmp.Diff(&pki.PKIEABListResult{}, empty); diff != "" {
		t.Fatalf("EAB list after deleting all is not empty (-want +got):\n%s", diff)
	}
}
