package aws

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/govault/govault/generated/authaws"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/wrappers"
)

// DefaultIMDSURL is the EC2 instance metadata service.
const DefaultIMDSURL = "http://169.254.169.254"

// EC2 logs in as an EC2 instance with its identity document: either the
// document and its RSA signature, or its PKCS#7 signature. With all three
// empty, Login fetches the document and signature from the instance
// metadata service (IMDSv2, falling back to v1).
type EC2 struct {
	Mount     string // default "aws"
	Role      string // optional: Vault defaults to the AMI ID
	Identity  string // base64 instance identity document (with Signature)
	Signature string // base64 RSA SHA-256 signature of the document
	PKCS7     string // or: the PKCS#7 signature, newlines removed
	// Nonce guards re-authentication: Vault binds the instance to the
	// nonce of its first login and wants it again on every later one. Set a
	// random value you keep; left empty, Vault makes one and returns it in
	// the auth metadata ("nonce"), which you must then set here.
	Nonce   string
	IMDSURL string // default DefaultIMDSURL; only used when fetching
}

// Login implements wrappers.AuthMethod.
//
//vault:operation AWSAuthLogin
func (m EC2) Login(ctx context.Context, c *wrappers.Client) (*vaultcommon.AuthReply, error) {
	body := authaws.AWSAuthLoginRequest{Role: optional(m.Role), Nonce: optional(m.Nonce)}
	switch {
	case m.PKCS7 != "":
		p := strings.ReplaceAll(m.PKCS7, "\n", "")
		body.Pkcs7 = &p
	case m.Identity != "" || m.Signature != "":
		if m.Identity == "" || m.Signature == "" {
			return nil, fmt.Errorf("vault: aws ec2 login: Identity and Signature go together")
		}
		body.Identity, body.Signature = &m.Identity, &m.Signature
	default:
		identity, signature, err := fetchIdentity(ctx, m.IMDSURL)
		if err != nil {
			return nil, err
		}
		body.Identity, body.Signature = &identity, &signature
	}
	api, err := newAPI(c, m.Mount)
	if err != nil {
		return nil, err
	}
	reply, err := api.AWSAuthLogin(ctx, body)
	return wrappers.LoginReply("AWSAuthLogin", reply, err)
}

// fetchIdentity reads the identity document (base64-encoded here) and its
// signature from the metadata service.
func fetchIdentity(ctx context.Context, base string) (identity, signature string, err error) {
	if base == "" {
		base = DefaultIMDSURL
	}
	base = strings.TrimSuffix(base, "/")
	hc := &http.Client{Timeout: 5 * time.Second}
	// IMDSv2 session token; instances that only speak v1 refuse the PUT.
	var token string
	if req, err := http.NewRequestWithContext(ctx, http.MethodPut, base+"/latest/api/token", nil); err == nil {
		req.Header.Set("X-aws-ec2-metadata-token-ttl-seconds", "60")
		if rsp, err := hc.Do(req); err == nil {
			b, _ := io.ReadAll(io.LimitReader(rsp.Body, 4096))
			rsp.Body.Close()
			if rsp.StatusCode == http.StatusOK {
				token = strings.TrimSpace(string(b))
			}
		}
	}
	get := func(path string) ([]byte, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
		if err != nil {
			return nil, err
		}
		if token != "" {
			req.Header.Set("X-aws-ec2-metadata-token", token)
		}
		rsp, err := hc.Do(req)
		if err != nil {
			return nil, err
		}
		defer rsp.Body.Close()
		b, err := io.ReadAll(io.LimitReader(rsp.Body, 1<<20))
		if err != nil {
			return nil, err
		}
		if rsp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("%s: status %d", path, rsp.StatusCode)
		}
		return b, nil
	}
	doc, err := get("/latest/dynamic/instance-identity/document")
	if err != nil {
		return "", "", fmt.Errorf("vault: aws ec2 login: instance metadata: %w", err)
	}
	sig, err := get("/latest/dynamic/instance-identity/signature")
	if err != nil {
		return "", "", fmt.Errorf("vault: aws ec2 login: instance metadata: %w", err)
	}
	return base64.StdEncoding.EncodeToString(doc), trimAll(sig), nil
}

// String redacts the nonce, which lets its holder re-authenticate as the instance.
func (m EC2) String() string {
	nonce := `""`
	if m.Nonce != "" {
		nonce = "<redacted>"
	}
	return fmt.Sprintf("aws.EC2{Mount:%q Role:%q Identity:%d bytes Signature:%d bytes PKCS7:%d bytes Nonce:%s IMDSURL:%q}",
		m.Mount, m.Role, len(m.Identity), len(m.Signature), len(m.PKCS7), nonce, m.IMDSURL)
}

// GoString is String, so %#v redacts too.
func (m EC2) GoString() string { return m.String() }
