package aws_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

const (
	account   = "123456789012"
	callerArn = "arn:aws:iam::" + account + ":user/alice"
	accessKey = "AKIAGOVAULTTEST00001"
	secretKey = "govault-test-secret-access-key"
	// Vault's own keys (client config), for its calls to EC2 and STS.
	vaultAccessKey = "AKIAVAULTITSELF00001"
	vaultSecretKey = "vault-own-secret"
	instanceID     = "i-0abc"
	amiID          = "ami-0123"
)

// stsCall is what the stub STS saw of one GetCallerIdentity request made
// with the test's keys (the login's).
type stsCall struct {
	Host          string // the Host header Vault sent (the signed host)
	Authorization string
	SignedHeaders []string
	ServerID      string // X-Vault-AWS-IAM-Server-ID
	Body          string
	SignatureOK   bool // the signature verifies with the test's secret key
}

// awsStub stands in for STS and EC2 (told apart by Action). A plain
// handler, not a ServeMux: Vault sends iam logins to "//".
type awsStub struct {
	*httptest.Server
	mu       sync.Mutex
	sts      []stsCall
	describe int
}

func newAWSStub(t *testing.T) *awsStub {
	s := &awsStub{}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *awsStub) stsCalls() []stsCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]stsCall(nil), s.sts...)
}

var authzRe = regexp.MustCompile(`^AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/sts/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$`)

func (s *awsStub) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	if r.URL.RawQuery != "" {
		for k, v := range r.URL.Query() {
			form[k] = v
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	w.Header().Set("Content-Type", "text/xml")
	switch form.Get("Action") {
	case "GetCallerIdentity":
		if strings.Contains(r.Header.Get("Authorization"), "Credential="+vaultAccessKey+"/") {
			// Vault asking who it is itself (with its own configured keys).
			fmt.Fprintf(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
<GetCallerIdentityResult><Arn>arn:aws:iam::%s:user/vault</Arn><UserId>AIDAVAULT</UserId><Account>%s</Account></GetCallerIdentityResult>
<ResponseMetadata><RequestId>req-0</RequestId></ResponseMetadata></GetCallerIdentityResponse>`, account, account)
			return
		}
		call := stsCall{Host: r.Host, Authorization: r.Header.Get("Authorization"), ServerID: r.Header.Get("X-Vault-AWS-IAM-Server-ID"), Body: string(body)}
		call.SignatureOK = verifySigV4(r, body, &call)
		s.sts = append(s.sts, call)
		if !call.SignatureOK {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>bad signature</Message></Error><RequestId>x</RequestId></ErrorResponse>`)
			return
		}
		fmt.Fprintf(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
<GetCallerIdentityResult><Arn>%s</Arn><UserId>AIDAALICE</UserId><Account>%s</Account></GetCallerIdentityResult>
<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`, callerArn, account)
	case "DescribeInstances":
		s.describe++
		fmt.Fprintf(w, `<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
<requestId>req-2</requestId><reservationSet><item><reservationId>r-1</reservationId><ownerId>%s</ownerId>
<instancesSet><item><instanceId>%s</instanceId><imageId>%s</imageId>
<instanceState><code>16</code><name>running</name></instanceState>
<privateDnsName>ip-10-0-0-7.ec2.internal</privateDnsName><launchTime>2024-01-01T00:00:00.000Z</launchTime>
</item></instancesSet></item></reservationSet></DescribeInstancesResponse>`, account, instanceID, amiID)
	default:
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>%q</Message></Error><RequestId>x</RequestId></ErrorResponse>`, form.Get("Action"))
	}
}

// verifySigV4 re-signs the request as received (method, signed host, path
// "/", body and the headers listed in SignedHeaders, at its X-Amz-Date)
// with the test's keys and compares the result with its Authorization.
func verifySigV4(r *http.Request, body []byte, call *stsCall) bool {
	m := authzRe.FindStringSubmatch(call.Authorization)
	if m == nil || m[1] != accessKey {
		return false
	}
	region := m[3]
	call.SignedHeaders = strings.Split(m[4], ";")
	at, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil {
		return false
	}
	req, err := http.NewRequest(r.Method, "https://"+r.Host+"/", bytes.NewReader(body))
	if err != nil {
		return false
	}
	for _, h := range call.SignedHeaders {
		if h == "host" || h == "content-length" {
			continue // from the URL and the body
		}
		for _, v := range r.Header.Values(h) {
			req.Header.Add(h, v)
		}
	}
	creds := awssdk.Credentials{AccessKeyID: accessKey, SecretAccessKey: secretKey}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, payloadHash(body), "sts", region, at); err != nil {
		return false
	}
	return req.Header.Get("Authorization") == call.Authorization
}
