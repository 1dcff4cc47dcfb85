package wrappers_test

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"log"

	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/generated/sys"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func ExamplePKI_Issue() {
	ctx := context.Background()
	client, err := wrappers.NewClient() // VAULT_ADDR, VAULT_TOKEN
	if err != nil {
		log.Fatal(err)
	}

	// Once, by an operator: a PKI mount with a root CA and a role.
	if err := client.Sys().SysEnableSecretsEngine(ctx, "example-pki", sys.SysEnableSecretsEngineRequest{Type: "pki"}); err != nil {
		log.Fatal(err)
	}
	defer client.Sys().SysDisableSecretsEngine(ctx, "example-pki")
	p := client.PKI("example-pki")
	caName, caTTL, ttl := "Example Root CA", vtypes.Duration("24h"), vtypes.Duration("1h")
	if _, err := p.API().PKIGenerateRoot(ctx, pki.KeySourceInternal, pki.PKIGenerateRootRequest{CommonName: &caName, TTL: &caTTL}); err != nil {
		log.Fatal(err)
	}
	allowSub := true
	if _, err := p.API().PKIWriteRole(ctx, "web", pki.PKIWriteRoleRequest{
		AllowedDomains: []string{"example.com"}, AllowSubdomains: &allowSub, MaxTTL: &ttl,
	}); err != nil {
		log.Fatal(err)
	}

	// A service gets a certificate and the chain to verify it with.
	cn := "app.example.com"
	issued, err := p.Issue(ctx, "web", pki.PKIIssueWithRoleRequest{CommonName: &cn, TTL: &ttl})
	if err != nil {
		log.Fatal(err)
	}
	chain, err := p.CAChain(ctx)
	if err != nil {
		log.Fatal(err)
	}
	roots, err := chain.CertPool()
	if err != nil {
		log.Fatal(err)
	}
	block, _ := pem.Decode([]byte(issued.Data.Certificate))
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		log.Fatal(err)
	}
	_, verifyErr := cert.Verify(x509.VerifyOptions{Roots: roots, DNSName: cn})
	fmt.Println(cert.Subject.CommonName, cert.Issuer.CommonName, verifyErr == nil)

	// Revoked, it shows as such.
	rev, err := p.Revoke(ctx, issued.Data.SerialNumber)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rev.Data.State)
	// Output:
	// app.example.com Example Root CA true
	// revoked
}
