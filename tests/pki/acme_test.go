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

	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

type acmeReply struct {
	status int
	hdr    http.Header
	body   []byte
}

func reply(hr *http.Response, body []byte, err error) (acmeReply, error) {
	if err != nil {
		return acmeReply{}, err
	}
	return acmeReply{status: hr.StatusCode, hdr: hr.Header, body: body}, nil
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

func acmeDirs(a, pub *pki.ClientWithResponses) []acmeDir {
	iss, role := rootName, roleName
	return []acmeDir{{
		name: "default", rel: "acme/",
		directory: func(ctx context.Context) (*pki.PKIACMEDirectory, error) {
			return wrappers.Decode(pub.PKIReadACMEDirectoryWithResponse(ctx))
		},
		eab: func(ctx context.Context) (*pki.PKIEABResult, error) {
			return wrappers.Decode(a.PKIGenerateEABKeyWithResponse(ctx))
		},
		nonce: func(ctx context.Context) (acmeReply, error) {
			r, err := pub.PKIACMENewNonceWithResponse(ctx)
			return reply(r.HTTPResponse, r.Body, err)
		},
		newAcct: func(ctx context.Context, j jws) (acmeReply, error) {
			r, err := pub.PKIACMENewAccountWithApplicationJosePlusJSONBodyWithResponse(ctx, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		account: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEAccountWithApplicationJosePlusJSONBodyWithResponse(ctx, id, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		newOrder: func(ctx context.Context, j jws) (acmeReply, error) {
			r, err := pub.PKIACMENewOrderWithApplicationJosePlusJSONBodyWithResponse(ctx, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		orders: func(ctx context.Context, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEListOrdersWithApplicationJosePlusJSONBodyWithResponse(ctx, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		order: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEOrderWithApplicationJosePlusJSONBodyWithResponse(ctx, id, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		finalize: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEFinalizeOrderWithApplicationJosePlusJSONBodyWithResponse(ctx, id, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		cert: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEOrderCertificateWithApplicationJosePlusJSONBodyWithResponse(ctx, id, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		authz: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEAuthorizationWithApplicationJosePlusJSONBodyWithResponse(ctx, id, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		challenge: func(ctx context.Context, id string, typ pki.PKIACMEChallengeType, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEChallengeWithApplicationJosePlusJSONBodyWithResponse(ctx, id, typ, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		revoke: func(ctx context.Context, j jws) (acmeReply, error) {
			r, err := pub.PKIACMERevokeCertificateWithApplicationJosePlusJSONBodyWithResponse(ctx, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
	}, {
		name: "issuer", rel: "issuer/" + iss + "/acme/",
		directory: func(ctx context.Context) (*pki.PKIACMEDirectory, error) {
			return wrappers.Decode(pub.PKIReadACMEDirectoryForIssuerWithResponse(ctx, iss))
		},
		eab: func(ctx context.Context) (*pki.PKIEABResult, error) {
			return wrappers.Decode(a.PKIGenerateEABKeyForIssuerWithResponse(ctx, iss))
		},
		nonce: func(ctx context.Context) (acmeReply, error) {
			r, err := pub.PKIACMENewNonceForIssuerWithResponse(ctx, iss)
			return reply(r.HTTPResponse, r.Body, err)
		},
		newAcct: func(ctx context.Context, j jws) (acmeReply, error) {
			r, err := pub.PKIACMENewAccountForIssuerWithApplicationJosePlusJSONBodyWithResponse(ctx, iss, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		account: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEAccountForIssuerWithApplicationJosePlusJSONBodyWithResponse(ctx, iss, id, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		newOrder: func(ctx context.Context, j jws) (acmeReply, error) {
			r, err := pub.PKIACMENewOrderForIssuerWithApplicationJosePlusJSONBodyWithResponse(ctx, iss, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		orders: func(ctx context.Context, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEListOrdersForIssuerWithApplicationJosePlusJSONBodyWithResponse(ctx, iss, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		order: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEOrderForIssuerWithApplicationJosePlusJSONBodyWithResponse(ctx, iss, id, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		finalize: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEFinalizeOrderForIssuerWithApplicationJosePlusJSONBodyWithResponse(ctx, iss, id, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		cert: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEOrderCertificateForIssuerWithApplicationJosePlusJSONBodyWithResponse(ctx, iss, id, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		authz: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEAuthorizationForIssuerWithApplicationJosePlusJSONBodyWithResponse(ctx, iss, id, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		challenge: func(ctx context.Context, id string, typ pki.PKIACMEChallengeType, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEChallengeForIssuerWithApplicationJosePlusJSONBodyWithResponse(ctx, iss, id, typ, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		revoke: func(ctx context.Context, j jws) (acmeReply, error) {
			r, err := pub.PKIACMERevokeCertificateForIssuerWithApplicationJosePlusJSONBodyWithResponse(ctx, iss, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
	}, {
		name: "role", rel: "roles/" + role + "/acme/",
		directory: func(ctx context.Context) (*pki.PKIACMEDirectory, error) {
			return wrappers.Decode(pub.PKIReadACMEDirectoryForRoleWithResponse(ctx, role))
		},
		eab: func(ctx context.Context) (*pki.PKIEABResult, error) {
			return wrappers.Decode(a.PKIGenerateEABKeyForRoleWithResponse(ctx, role))
		},
		nonce: func(ctx context.Context) (acmeReply, error) {
			r, err := pub.PKIACMENewNonceForRoleWithResponse(ctx, role)
			return reply(r.HTTPResponse, r.Body, err)
		},
		newAcct: func(ctx context.Context, j jws) (acmeReply, error) {
			r, err := pub.PKIACMENewAccountForRoleWithApplicationJosePlusJSONBodyWithResponse(ctx, role, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		account: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEAccountForRoleWithApplicationJosePlusJSONBodyWithResponse(ctx, role, id, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		newOrder: func(ctx context.Context, j jws) (acmeReply, error) {
			r, err := pub.PKIACMENewOrderForRoleWithApplicationJosePlusJSONBodyWithResponse(ctx, role, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		orders: func(ctx context.Context, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEListOrdersForRoleWithApplicationJosePlusJSONBodyWithResponse(ctx, role, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		order: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEOrderForRoleWithApplicationJosePlusJSONBodyWithResponse(ctx, role, id, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		finalize: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEFinalizeOrderForRoleWithApplicationJosePlusJSONBodyWithResponse(ctx, role, id, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		cert: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEOrderCertificateForRoleWithApplicationJosePlusJSONBodyWithResponse(ctx, role, id, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		authz: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEAuthorizationForRoleWithApplicationJosePlusJSONBodyWithResponse(ctx, role, id, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		challenge: func(ctx context.Context, id string, typ pki.PKIACMEChallengeType, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEChallengeForRoleWithApplicationJosePlusJSONBodyWithResponse(ctx, role, id, typ, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		revoke: func(ctx context.Context, j jws) (acmeReply, error) {
			r, err := pub.PKIACMERevokeCertificateForRoleWithApplicationJosePlusJSONBodyWithResponse(ctx, role, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
	}, {
		name: "issuer and role", rel: "issuer/" + iss + "/roles/" + role + "/acme/",
		directory: func(ctx context.Context) (*pki.PKIACMEDirectory, error) {
			return wrappers.Decode(pub.PKIReadACMEDirectoryForIssuerRoleWithResponse(ctx, iss, role))
		},
		eab: func(ctx context.Context) (*pki.PKIEABResult, error) {
			return wrappers.Decode(a.PKIGenerateEABKeyForIssuerRoleWithResponse(ctx, iss, role))
		},
		nonce: func(ctx context.Context) (acmeReply, error) {
			r, err := pub.PKIACMENewNonceForIssuerRoleWithResponse(ctx, iss, role)
			return reply(r.HTTPResponse, r.Body, err)
		},
		newAcct: func(ctx context.Context, j jws) (acmeReply, error) {
			r, err := pub.PKIACMENewAccountForIssuerRoleWithApplicationJosePlusJSONBodyWithResponse(ctx, iss, role, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		account: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEAccountForIssuerRoleWithApplicationJosePlusJSONBodyWithResponse(ctx, iss, role, id, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		newOrder: func(ctx context.Context, j jws) (acmeReply, error) {
			r, err := pub.PKIACMENewOrderForIssuerRoleWithApplicationJosePlusJSONBodyWithResponse(ctx, iss, role, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		orders: func(ctx context.Context, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEListOrdersForIssuerRoleWithApplicationJosePlusJSONBodyWithResponse(ctx, iss, role, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		order: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEOrderForIssuerRoleWithApplicationJosePlusJSONBodyWithResponse(ctx, iss, role, id, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		finalize: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEFinalizeOrderForIssuerRoleWithApplicationJosePlusJSONBodyWithResponse(ctx, iss, role, id, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		cert: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEOrderCertificateForIssuerRoleWithApplicationJosePlusJSONBodyWithResponse(ctx, iss, role, id, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		authz: func(ctx context.Context, id string, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEAuthorizationForIssuerRoleWithApplicationJosePlusJSONBodyWithResponse(ctx, iss, role, id, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		challenge: func(ctx context.Context, id string, typ pki.PKIACMEChallengeType, j jws) (acmeReply, error) {
			r, err := pub.PKIACMEChallengeForIssuerRoleWithApplicationJosePlusJSONBodyWithResponse(ctx, iss, role, id, typ, j)
			return reply(r.HTTPResponse, r.Body, err)
		},
		revoke: func(ctx context.Context, j jws) (acmeReply, error) {
			r, err := pub.PKIACMERevokeCertificateForIssuerRoleWithApplicationJosePlusJSONBodyWithResponse(ctx, iss, role, j)
			return reply(r.HTTPResponse, r.Body, err)
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
	if eab.Data.AcmeDirectory != d.rel+"directory" || eab.Data.KeyType != "hs" {
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
	a := api(t, mainMount)
	pub := anon(t, mainMount)
	dns := startDNS(t)

	_, err := wrappers.Decode(a.PKIWriteACMEConfigWithResponse(ctx, pki.PKIWriteACMEConfigRequest{
		Enabled: ptr(true), EabPolicy: ptr("not-required"), DNSResolver: ptr(dns.Addr()), MaxTTL: ptr(vtypes.Duration("24h")),
	}))
	env.OK(t, err)

	var kids []string
	for i, d := range acmeDirs(a, pub) {
		kids = append(kids, runACME(t, d, dns, c, "acme"+string(rune('a'+i))+".example.com"))
	}

	// Operator view of the accounts.
	list, err := wrappers.Decode(a.PKIListACMEAccountsWithResponse(ctx, &pki.PKIListACMEAccountsParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	for _, k := range kids {
		if !slices.Contains(list.Data.Keys, k) {
			t.Fatalf("ACME account list %v lacks %s", list.Data.Keys, k)
		}
	}
	acct, err := wrappers.Decode(a.PKIReadACMEAccountWithResponse(ctx, kids[0]))
	env.OK(t, err)
	if acct.Data.KeyID != kids[0] || acct.Data.Status != "valid" || len(acct.Data.Orders) != 1 || acct.Data.Orders[0].Status != "valid" ||
		acct.Data.Directory != "acme/" {
		t.Fatalf("ACME account: %+v", acct.Data)
	}
	revoked, err := wrappers.Decode(a.PKIWriteACMEAccountStatusWithResponse(ctx, kids[1], pki.PKIWriteACMEAccountStatusRequest{Status: pki.ACMEAccountRevoked}))
	env.OK(t, err)
	if revoked.Data.Status != "revoked" || revoked.Data.RevokedTime == "" || revoked.Data.Orders != nil {
		t.Fatalf("ACME account revoke: %+v", revoked.Data)
	}
	back, err := wrappers.Decode(a.PKIWriteACMEAccountStatusWithResponse(ctx, kids[1], pki.PKIWriteACMEAccountStatusRequest{Status: pki.ACMEAccountValid}))
	env.OK(t, err)
	if back.Data.Status != "valid" {
		t.Fatalf("ACME account reinstate: %+v", back.Data)
	}

	// Unused EAB bindings: one per directory, listed, then deleted.
	eabs, err := wrappers.Decode(a.PKIListEABKeysWithResponse(ctx, &pki.PKIListEABKeysParams{List: vaultcommon.ListTrue}))
	env.OK(t, err)
	if len(eabs.Data.Keys) < 4 {
		t.Fatalf("EAB list: %+v", eabs.Data)
	}
	for _, id := range eabs.Data.Keys {
		_, err := wrappers.Decode(a.PKIDeleteEABKeyWithResponse(ctx, id))
		env.OK(t, err)
	}
	if rsp, err := a.PKIListEABKeysWithResponse(ctx, &pki.PKIListEABKeysParams{List: vaultcommon.ListTrue}); err != nil || rsp.StatusCode() != http.StatusNotFound {
		t.Fatalf("EAB list after deleting all: %v %d", err, code(rsp))
	}
}
