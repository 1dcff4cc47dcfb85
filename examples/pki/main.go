// Command pki gets a certificate from a PKI role with the wrappers PKI
// calls, checks it against the mount's CA chain, and optionally revokes it.
// With -csr it has Vault sign a CSR from a file instead of making the key.
// It reads VAULT_ADDR and VAULT_TOKEN like the Vault CLI; the mount needs an
// issuer and the role must allow the name.
//
//	VAULT_ADDR=http://127.0.0.1:8200 VAULT_TOKEN=... go run ./examples/pki -mount pki -role web -cn app.example.com
//	go run ./examples/pki -role web -cn app.example.com -csr app.csr -out app.pem
//	go run ./examples/pki -role web -cn app.example.com -revoke
package main

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/govault/govault/generated/pki"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
)

func main() {
	mount := flag.String("mount", wrappers.DefaultPKIMount, "the PKI mount")
	role := flag.String("role", "", "the role to issue or sign with (required)")
	cn := flag.String("cn", "", "the certificate's common name (required; with -csr, the CSR's)")
	ttl := flag.Duration("ttl", time.Hour, "the certificate's lifetime")
	csrFile := flag.String("csr", "", "a PEM CSR to have signed; without it Vault makes the key")
	out := flag.String("out", "", "write the certificate (and a key Vault made) to this PEM file")
	revoke := flag.Bool("revoke", false, "revoke the certificate once it is checked")
	flag.Parse()
	if *role == "" || *cn == "" {
		flag.Usage()
		os.Exit(2)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := run(ctx, *mount, *role, *cn, *ttl, *csrFile, *out, *revoke); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, mount, role, cn string, ttl time.Duration, csrFile, out string, revoke bool) error {
	client, err := wrappers.NewClient() // VAULT_ADDR, VAULT_TOKEN, ...
	if err != nil {
		return err
	}
	p := client.PKI(mount)
	d := vtypes.Of(ttl)

	var res *pki.PKICertificateResult
	if csrFile != "" {
		csr, err := os.ReadFile(csrFile)
		if err != nil {
			return err
		}
		// The names come from the CSR; -cn is the name the result is checked for.
		res, err = p.SignCSR(ctx, role, string(csr), pki.PKISignWithRoleRequest{TTL: &d})
		if err != nil {
			return err
		}
	} else if res, err = p.Issue(ctx, role, pki.PKIIssueWithRoleRequest{CommonName: &cn, TTL: &d}); err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Println("warning:", w)
	}

	chain, err := p.CAChain(ctx)
	if err != nil {
		return err
	}
	roots, err := chain.CertPool()
	if err != nil {
		return err
	}
	block, _ := pem.Decode([]byte(res.Data.Certificate))
	if block == nil {
		return errors.New("the certificate is not PEM")
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return err
	}
	if _, err := cert.Verify(x509.VerifyOptions{Roots: roots, DNSName: cn}); err != nil {
		return fmt.Errorf("the certificate does not verify against %s's CA chain: %w", mount, err)
	}
	fmt.Printf("certificate: CN %s, serial %s, issuer %q, expires %s; verified against the CA chain\n",
		cert.Subject.CommonName, res.Data.SerialNumber, cert.Issuer.CommonName, cert.NotAfter.Format(time.RFC3339))

	if out != "" {
		content := res.Data.Certificate + "\n"
		if res.Data.PrivateKey != nil {
			content += *res.Data.PrivateKey + "\n"
		}
		if err := os.WriteFile(out, []byte(content), 0o600); err != nil {
			return err
		}
		fmt.Println("written to", out)
	}
	if revoke {
		rev, err := p.Revoke(ctx, res.Data.SerialNumber)
		if err != nil {
			return err
		}
		for _, w := range rev.Warnings {
			fmt.Println("warning:", w)
		}
		if rev.Data != nil {
			fmt.Printf("revoked at %s\n", time.Unix(rev.Data.RevocationTime, 0).Format(time.RFC3339))
		}
	}
	return nil
}
