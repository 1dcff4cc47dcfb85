package wrappers

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"fmt"

	"github.com/govault/govault/generated/pki"
)

// DefaultPKIMount is where the PKI engine is usually mounted.
const DefaultPKIMount = "pki"

// PKI is the PKI secrets engine at one mount, with the everyday calls:
// issue a certificate from a role, sign a CSR, revoke by serial and read
// the CA chain to trust. Each returns Vault's whole answer (warnings,
// request_id, wrap_info and the lease fields with the data); for setting up
// issuers and roles, and anything else, use API.
//
//	cert, err := client.PKI("pki").Issue(ctx, "web", pki.PKIIssueWithRoleRequest{CommonName: &cn})
//	// cert.Data.Certificate, cert.Data.PrivateKey, cert.Data.SerialNumber
type PKI struct {
	c     *Client
	mount string
	api   *pki.Client
}

// PKI returns the PKI engine mounted at mount ("" means "pki").
func (c *Client) PKI(mount string) *PKI {
	if mount == "" {
		mount = DefaultPKIMount
	}
	base, doer := c.mountAPI(mount)
	api := pki.New(doer, base) // cannot fail: the URL parsed already
	return &PKI{c: c, mount: mount, api: api}
}

// API returns the generated client for this mount, for anything not wrapped here.
func (p *PKI) API() *pki.Client { return p.api }

// Issue has Vault make a key pair and a certificate for it, as the role
// allows: req names the certificate (CommonName, AltNames, IPSANs, TTL, ...).
// The answer's Data holds the certificate, its private key, the serial and
// the issuing chain, PEM unless req.Format says otherwise. A name the role
// does not allow is an error matching ErrInvalidRequest.
//
//vault:operation PKIIssueWithRole
func (p *PKI) Issue(ctx context.Context, role string, req pki.PKIIssueWithRoleRequest, opts ...RequestOption) (*pki.PKICertificateResult, error) {
	out, err := p.api.PKIIssueWithRole(ctx, role, req, opts...)
	return whole("PKIIssueWithRole", out, err)
}

// SignCSR has Vault sign a PEM certificate request with the role's issuer;
// the key stays with the caller. req may set or override what the CSR asks
// for (CommonName, AltNames, TTL, ...); csrPEM replaces whatever req.CSR
// holds. The answer's Data holds the certificate, the serial and the
// issuing chain, with no private key.
//
//vault:operation PKISignWithRole
func (p *PKI) SignCSR(ctx context.Context, role, csrPEM string, req pki.PKISignWithRoleRequest, opts ...RequestOption) (*pki.PKICertificateResult, error) {
	req.CSR = csrPEM
	out, err := p.api.PKISignWithRole(ctx, role, req, opts...)
	return whole("PKISignWithRole", out, err)
}

// Revoke revokes the certificate with this serial number (colon- or
// hyphen-separated hex, as Issue and SignCSR return it) and puts it on the
// next CRL. Data says when; it is nil, with a warning, for a certificate
// that has already expired. Revoking twice is not an error.
//
//vault:operation PKIRevoke
func (p *PKI) Revoke(ctx context.Context, serial string, opts ...RequestOption) (*pki.PKIRevokeResult, error) {
	out, err := p.api.PKIRevoke(ctx, pki.PKIRevokeRequest{SerialNumber: &serial}, opts...)
	return whole("PKIRevoke", out, err)
}

// PKICAChain is the default issuer's chain, as CAChain reads it: Vault's
// whole answer, and the chain itself as PEM bytes.
type PKICAChain struct {
	pki.PKICertEntryResult
	// PEM is the issuer's certificate followed by its own issuers, each a
	// PEM "CERTIFICATE" block; nil when the answer was wrapped.
	PEM []byte
}

// CAChain reads the default issuer's full chain (its certificate and those
// above it), the certificates a client must trust to verify what this
// mount issues. It needs no token. A mount with no issuer yet is an error
// matching ErrInvalidRequest.
//
//vault:operation PKIReadCertCAChain
func (p *PKI) CAChain(ctx context.Context, opts ...RequestOption) (*PKICAChain, error) {
	out, err := p.api.PKIReadCertCAChain(ctx, opts...)
	if out, err = whole("PKIReadCertCAChain", out, err); err != nil {
		return nil, err
	}
	ch := &PKICAChain{PKICertEntryResult: *out}
	switch {
	case out.Data.CAChain != nil && *out.Data.CAChain != "":
		ch.PEM = []byte(*out.Data.CAChain)
	case out.Data.Certificate != "": // an issuer with nothing above it
		ch.PEM = []byte(out.Data.Certificate)
	default:
		return nil, fmt.Errorf("vault: PKIReadCertCAChain: %w: no chain in the answer", ErrMalformedResponse)
	}
	return ch, nil
}

// Certificates parses PEM, the issuer first.
func (ch *PKICAChain) Certificates() ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for rest := ch.PEM; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("vault: CA chain: %w", err)
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, fmt.Errorf("vault: CA chain: %w: no certificate in it", ErrMalformedResponse)
	}
	return certs, nil
}

// CertPool is the chain as an x509.CertPool, for x509.VerifyOptions.Roots
// or tls.Config.RootCAs: every certificate in it is trusted as an anchor,
// so a certificate from this mount verifies even when the chain holds an
// intermediate. To trust only the root, pool the last of Certificates and
// pass the others as Intermediates.
func (ch *PKICAChain) CertPool() (*x509.CertPool, error) {
	certs, err := ch.Certificates()
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	for _, c := range certs {
		pool.AddCert(c)
	}
	return pool, nil
}
