// Package aws logs in to Vault's aws auth method: IAM (a signed
// sts:GetCallerIdentity request that Vault replays to STS) and EC2 (the
// instance identity document). It is its own package so that only programs
// that import it compile the AWS SDK.
package aws

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/govault/govault/generated/authaws"
	"github.com/govault/govault/generated/vaultcommon"
	"github.com/govault/govault/wrappers"
)

// ServerIDHeader is the header that binds a signed request to one Vault
// server (the mount's iam_server_id_header_value), against replay elsewhere.
const ServerIDHeader = "X-Vault-AWS-IAM-Server-ID"

// DefaultRegion is the region signed for when IAM.Region is empty; its
// requests go to the global endpoint, as Vault expects by default.
const DefaultRegion = "us-east-1"

// stsBody is the GetCallerIdentity call, the only one Vault accepts.
const stsBody = "Action=GetCallerIdentity&Version=2011-06-15"

// IAM logs in with AWS credentials: it signs an sts:GetCallerIdentity
// request with SigV4 and sends it to Vault, which replays it to STS and
// learns who signed it. The credentials never reach Vault.
type IAM struct {
	Mount string // default "aws"
	Role  string // optional: Vault defaults to the IAM principal's friendly name
	// Credentials signs the request, e.g. the Credentials of
	// config.LoadDefaultConfig, or StaticCredentials.
	Credentials awssdk.CredentialsProvider
	// Region is the STS region signed for (default DefaultRegion).
	Region string
	// STSEndpoint is the STS URL the request is signed for; default
	// https://sts.amazonaws.com/ in us-east-1 and
	// https://sts.<region>.amazonaws.com/ elsewhere. Vault must be
	// configured to call the same endpoint (sts_endpoint, sts_region).
	STSEndpoint string
	// ServerID, when set, is signed into the request as
	// X-Vault-AWS-IAM-Server-ID; it must equal the mount's
	// iam_server_id_header_value.
	ServerID string
}

// StaticCredentials is a provider for fixed keys (sessionToken may be empty).
func StaticCredentials(accessKeyID, secretAccessKey, sessionToken string) awssdk.CredentialsProvider {
	return awssdk.CredentialsProviderFunc(func(context.Context) (awssdk.Credentials, error) {
		return awssdk.Credentials{AccessKeyID: accessKeyID, SecretAccessKey: secretAccessKey, SessionToken: sessionToken, Source: "StaticCredentials"}, nil
	})
}

// Login implements wrappers.AuthMethod.
//
//vault:operation AWSAuthLogin
func (m IAM) Login(ctx context.Context, c *wrappers.Client) (*vaultcommon.AuthReply, error) {
	body, err := m.LoginRequest(ctx)
	if err != nil {
		return nil, err
	}
	api, err := newAPI(c, m.Mount)
	if err != nil {
		return nil, err
	}
	reply, err := api.AWSAuthLogin(ctx, body)
	return wrappers.LoginReply("AWSAuthLogin", reply, err)
}

// LoginRequest builds the body of an iam login: the signed
// GetCallerIdentity request's method, URL, body and headers, each
// base64-encoded (the headers as a JSON object) as Vault wants them.
func (m IAM) LoginRequest(ctx context.Context) (authaws.AWSAuthLoginRequest, error) {
	if m.Credentials == nil {
		return authaws.AWSAuthLoginRequest{}, errors.New("vault: aws iam login: Credentials is required")
	}
	creds, err := m.Credentials.Retrieve(ctx)
	if err != nil {
		// Provider errors describe the lookup, not the keys.
		return authaws.AWSAuthLoginRequest{}, fmt.Errorf("vault: aws iam login: retrieving AWS credentials: %w", err)
	}
	region := m.Region
	if region == "" {
		region = DefaultRegion
	}
	endpoint := m.STSEndpoint
	if endpoint == "" {
		endpoint = "https://sts.amazonaws.com/"
		if region != DefaultRegion {
			endpoint = "https://sts." + region + ".amazonaws.com/"
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(stsBody))
	if err != nil {
		return authaws.AWSAuthLoginRequest{}, fmt.Errorf("vault: aws iam login: STS endpoint: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	if m.ServerID != "" {
		req.Header.Set(ServerIDHeader, m.ServerID)
	}
	sum := sha256.Sum256([]byte(stsBody))
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), "sts", region, time.Now().UTC()); err != nil {
		return authaws.AWSAuthLoginRequest{}, fmt.Errorf("vault: aws iam login: signing: %w", err)
	}
	headers, err := json.Marshal(req.Header)
	if err != nil {
		return authaws.AWSAuthLoginRequest{}, err
	}
	b64 := func(b []byte) *string { s := base64.StdEncoding.EncodeToString(b); return &s }
	method := authaws.POST
	return authaws.AWSAuthLoginRequest{
		Role:                 optional(m.Role),
		IamHTTPRequestMethod: &method,
		IamRequestURL:        b64([]byte(req.URL.String())),
		IamRequestBody:       b64([]byte(stsBody)),
		IamRequestHeaders:    b64(headers),
	}, nil
}

// String shows the settings, never the credentials (only the provider's type).
func (m IAM) String() string {
	return fmt.Sprintf("aws.IAM{Mount:%q Role:%q Credentials:%s Region:%q STSEndpoint:%q ServerID:%q}",
		m.Mount, m.Role, providerName(m.Credentials), m.Region, m.STSEndpoint, m.ServerID)
}

// GoString is String, so %#v hides the credentials too.
func (m IAM) GoString() string { return m.String() }

func providerName(p awssdk.CredentialsProvider) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprintf("%T", p)
}

func newAPI(c *wrappers.Client, mount string) (*authaws.Client, error) {
	if mount = strings.Trim(mount, "/"); mount == "" {
		mount = "aws"
	}
	base, err := c.URL("auth/" + mount)
	if err != nil {
		return nil, err
	}
	return authaws.New(c, base), nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// trimAll drops every whitespace byte (IMDS wraps its base64 lines).
func trimAll(b []byte) string {
	return string(bytes.Join(bytes.Fields(b), nil))
}
