package aws_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govault/govault/internal/livetest"

	"github.com/govault/govault/generated/authaws"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers"
	"github.com/govault/govault/wrappers/auth/aws"
)

func payloadHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// setup points the mount's AWS calls at the stub and makes role "dev"
// (iam, bound to alice) and role "web" (ec2, bound to the AMI).
func setup(t *testing.T, stub *awsStub, serverID string) *authaws.Client {
	t.Helper()
	ctx := context.Background()
	c := env.Client(t)
	a := authaws.New(c, livetest.URL(t, c, "auth/aws"))
	env.Leaks.Add(secretKey, vaultSecretKey)
	err := a.AWSAuthWriteClientConfig(ctx, authaws.AWSAuthWriteClientConfigRequest{
		AccessKey: livetest.Ptr(vaultAccessKey), SecretKey: livetest.Ptr(vaultSecretKey), MaxRetries: livetest.Ptr(0),
		Endpoint: livetest.Ptr(stub.URL), StsEndpoint: livetest.Ptr(stub.URL), IamEndpoint: livetest.Ptr(stub.URL),
		IamServerIDHeaderValue: livetest.Ptr(serverID),
	})
	ok(t, err)
	_, err = a.AWSAuthWriteRole(ctx, "dev", authaws.AWSAuthWriteRoleRequest{
		AuthType: livetest.Ptr(authaws.Iam), BoundIamPrincipalARN: []string{callerArn}, ResolveAWSUniqueIDs: livetest.Ptr(false),
		TokenPolicies: []string{"dev"}, TokenTTL: livetest.Ptr(vtypes.Duration("1h")),
	})
	ok(t, err)
	return a
}

// IAM signs sts:GetCallerIdentity with SigV4; Vault replays it to the STS
// endpoint it is configured with (the stub), which re-signs what it
// received with the same keys and only answers when the signatures match.
func TestIAMLogin(t *testing.T) {
	ctx := context.Background()
	stub := newAWSStub(t)
	setup(t, stub, "vault.test")

	c := env.ClientFor(t, env.Server.Addr, "")
	m := aws.IAM{Role: "dev", Credentials: aws.StaticCredentials(accessKey, secretKey, ""), ServerID: "vault.test"}
	gotReply, err := c.Login(ctx, m)
	ok(t, err)
	env.Leaks.Add(gotReply.Auth.ClientToken)
	if c.Token() != gotReply.Auth.ClientToken || gotReply.Auth.Metadata["auth_type"] != "iam" || gotReply.Auth.Metadata["account_id"] != account ||
		!slices.Contains(gotReply.Auth.TokenPolicies, "dev") || gotReply.Auth.LeaseDuration != 3600 {
		t.Fatalf("auth: %+v", gotReply.Auth)
	}
	self, err := c.TokenAuth().TokenLookupSelf(ctx)
	ok(t, err)
	if self.Data.Accessor != gotReply.Auth.Accessor || fmt.Sprint(c.LastLogin()) != fmt.Sprint(m) {
		t.Fatalf("after login: lookup-self %q, LastLogin %v", self.Data.Accessor, c.LastLogin())
	}

	// Vault replays the request twice per login (alias lookahead, then the
	// login itself); each must be the same well-signed request.
	calls := stub.stsCalls()
	if len(calls) == 0 {
		t.Fatal("Vault never called STS")
	}
	for _, call := range calls {
		if !strings.HasPrefix(call.Authorization, "AWS4-HMAC-SHA256 Credential="+accessKey+"/") || !call.SignatureOK ||
			call.Host != "sts.amazonaws.com" || call.Body != "Action=GetCallerIdentity&Version=2011-06-15" ||
			call.ServerID != "vault.test" || !slices.Contains(call.SignedHeaders, "x-vault-aws-iam-server-id") ||
			!slices.Contains(call.SignedHeaders, "x-amz-date") || !slices.Contains(call.SignedHeaders, "host") {
			t.Fatalf("STS received: %+v", call)
		}
	}
	n := len(calls)

	// Without the server ID the mount requires, Vault refuses before calling STS.
	anon := env.ClientFor(t, env.Server.Addr, "")
	_, err = anon.Login(ctx, aws.IAM{Role: "dev", Credentials: aws.StaticCredentials(accessKey, secretKey, "")})
	env.Leaks.Seen(err)
	if !errors.Is(err, wrappers.ErrInvalidRequest) || len(stub.stsCalls()) != n || anon.Token() != "" {
		t.Fatalf("login without the server ID: %v (STS calls %d)", err, len(stub.stsCalls()))
	}
	// Signed with the wrong secret: STS (the stub) refuses, Vault passes that on.
	_, err = anon.Login(ctx, aws.IAM{Role: "dev", Credentials: aws.StaticCredentials(accessKey, "wrong-secret", ""), ServerID: "vault.test"})
	env.Leaks.Seen(err)
	if calls = stub.stsCalls(); err == nil || len(calls) == n || calls[n].SignatureOK {
		t.Fatalf("login with a wrong secret: %v", err)
	}
}

// LoginRequest is what Vault documents for iam logins: each field base64,
// the headers a JSON object, a session token signed in, and a regional
// endpoint when a region other than us-east-1 is asked for.
func TestIAMLoginRequest(t *testing.T) {
	m := aws.IAM{Credentials: aws.StaticCredentials(accessKey, secretKey, "session-1"), Region: "eu-west-1"}
	body, err := m.LoginRequest(context.Background())
	ok(t, err)
	dec := func(p *string) string {
		t.Helper()
		if p == nil {
			t.Fatal("field missing")
		}
		b, err := base64.StdEncoding.DecodeString(*p)
		ok(t, err)
		return string(b)
	}
	var headers http.Header
	ok(t, json.Unmarshal([]byte(dec(body.IamRequestHeaders)), &headers))
	if *body.IamHTTPRequestMethod != authaws.POST || dec(body.IamRequestURL) != "https://sts.eu-west-1.amazonaws.com/" ||
		dec(body.IamRequestBody) != "Action=GetCallerIdentity&Version=2011-06-15" || body.Role != nil ||
		headers.Get("X-Amz-Security-Token") != "session-1" || headers.Get(aws.ServerIDHeader) != "" ||
		!strings.Contains(headers.Get("Authorization"), "/eu-west-1/sts/aws4_request") {
		t.Fatalf("login request: url %s headers %v", dec(body.IamRequestURL), headers)
	}
	if s := fmt.Sprintf("%v %+v %#v", m, m, m); strings.Contains(s, secretKey) || strings.Contains(s, "session-1") || !strings.Contains(s, "eu-west-1") {
		t.Fatalf("String: %s", s)
	}
	if _, err := (aws.IAM{}).LoginRequest(context.Background()); err == nil {
		t.Fatal("no credentials: no error")
	}
}

// EC2 logs in with the identity document and signature it fetches from a
// stub metadata service (IMDSv2); Vault checks the signature against the
// certificate registered for the test key and asks the stub EC2 about the
// instance. A second login with the same nonce re-authenticates.
func TestEC2Login(t *testing.T) {
	ctx := context.Background()
	stub := newAWSStub(t)
	a := setup(t, stub, "")
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	ok(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "identity documents"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	ok(t, err)
	err = a.AWSAuthWriteCertificate(ctx, "test-ca", authaws.AWSAuthWriteCertificateRequest{
		AWSPublicCert: base64.StdEncoding.EncodeToString(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		Type:          livetest.Ptr(authaws.Identity),
	})
	ok(t, err)
	_, err = a.AWSAuthWriteRole(ctx, "web", authaws.AWSAuthWriteRoleRequest{
		AuthType: livetest.Ptr(authaws.Ec2), BoundAmiID: []string{amiID}, BoundAccountID: []string{account}, TokenPolicies: []string{"web"},
	})
	ok(t, err)

	doc, _ := json.Marshal(map[string]string{"instanceId": instanceID, "imageId": amiID, "accountId": account,
		"region": "us-east-1", "pendingTime": "2024-01-01T00:00:00Z"})
	sum := sha256.Sum256(doc)
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	ok(t, err)
	sigB64 := base64.StdEncoding.EncodeToString(sig)
	imdsToken := "imds-session-token"
	imds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPut && r.URL.Path == "/latest/api/token" && r.Header.Get("X-aws-ec2-metadata-token-ttl-seconds") != "":
			fmt.Fprint(w, imdsToken)
		case r.Header.Get("X-aws-ec2-metadata-token") != imdsToken:
			http.Error(w, "unauthorized", http.StatusUnauthorized)
		case r.URL.Path == "/latest/dynamic/instance-identity/document":
			w.Write(doc)
		case r.URL.Path == "/latest/dynamic/instance-identity/signature":
			fmt.Fprint(w, sigB64[:64]+"\n"+sigB64[64:]+"\n") // IMDS wraps its base64 lines
		default:
			http.NotFound(w, r)
		}
	}))
	defer imds.Close()

	nonce := "ec2-client-nonce-1"
	env.Leaks.Add(nonce)
	for i, m := range []aws.EC2{
		{Role: "web", IMDSURL: imds.URL, Nonce: nonce},
		{Role: "web", Identity: base64.StdEncoding.EncodeToString(doc), Signature: sigB64, Nonce: nonce}, // re-login, caller-supplied
	} {
		c := env.ClientFor(t, env.Server.Addr, "")
		gotReply, err := c.Login(ctx, m)
		ok(t, err)
		env.Leaks.Add(gotReply.Auth.ClientToken)
		if c.Token() != gotReply.Auth.ClientToken || gotReply.Auth.Metadata["auth_type"] != "ec2" || gotReply.Auth.Metadata["role"] != "web" ||
			gotReply.Auth.Metadata["account_id"] != account || !slices.Contains(gotReply.Auth.TokenPolicies, "web") {
			t.Fatalf("login %d: %+v", i, gotReply.Auth)
		}
		if _, err := c.TokenAuth().TokenLookupSelf(ctx); err != nil {
			t.Fatal(env.Leaks.Seen(err))
		}
	}
	if stub.describe == 0 {
		t.Fatal("Vault never asked EC2 about the instance")
	}
	if s := fmt.Sprintf("%v %#v", aws.EC2{Nonce: nonce}, aws.EC2{Nonce: nonce}); strings.Contains(s, nonce) {
		t.Fatalf("EC2 String shows the nonce: %s", s)
	}
	// A different nonce for the same instance is refused (reauthentication guard).
	_, err = env.ClientFor(t, env.Server.Addr, "").Login(ctx, aws.EC2{Role: "web", IMDSURL: imds.URL, Nonce: "another-nonce"})
	env.Leaks.Seen(err)
	if err == nil {
		t.Fatal("login with another nonce: no error")
	}
}
