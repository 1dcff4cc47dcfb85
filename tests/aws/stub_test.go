package aws_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// awsStub stands in for the IAM and STS query APIs: it answers the few
// actions the engine calls with canned XML, and records which it saw.
type awsStub struct {
	*httptest.Server
	keys    atomic.Int64
	mu      sync.Mutex
	actions map[string]int
}

const stubSecret = "stub-secret-access-key-0123456789"

func newAWSStub(t *testing.T) *awsStub {
	s := &awsStub{actions: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *awsStub) seen(action string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.actions[action]
}

func (s *awsStub) serve(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	action := r.Form.Get("Action")
	s.mu.Lock()
	s.actions[action]++
	s.mu.Unlock()
	now := time.Now().UTC().Format(time.RFC3339)
	exp := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	user := r.Form.Get("UserName")
	if user == "" {
		user = "vault-root"
	}
	const iamNS, stsNS = "https://iam.amazonaws.com/doc/2010-05-08/", "https://sts.amazonaws.com/doc/2011-06-15/"
	creds := fmt.Sprintf("<Credentials><AccessKeyId>ASIASTUBSTS000000001</AccessKeyId><SecretAccessKey>%s</SecretAccessKey><SessionToken>stub-session-token</SessionToken><Expiration>%s</Expiration></Credentials>", stubSecret, exp)
	ns, inner := iamNS, ""
	switch action {
	case "GetUser", "CreateUser":
		inner = fmt.Sprintf("<User><Path>/</Path><UserName>%s</UserName><UserId>AIDASTUBUSER00000001</UserId><Arn>arn:aws:iam::123456789012:user/%s</Arn><CreateDate>%s</CreateDate></User>", user, user, now)
	case "ListAccessKeys":
		inner = "<AccessKeyMetadata/><IsTruncated>false</IsTruncated>"
	case "CreateAccessKey":
		inner = fmt.Sprintf("<AccessKey><UserName>%s</UserName><AccessKeyId>AKIASTUB%012d</AccessKeyId><Status>Active</Status><SecretAccessKey>%s</SecretAccessKey><CreateDate>%s</CreateDate></AccessKey>", user, s.keys.Add(1), stubSecret, now)
	case "DeleteAccessKey", "AttachUserPolicy", "PutUserPolicy", "AddUserToGroup", "TagUser":
	case "GetFederationToken":
		ns, inner = stsNS, creds+"<FederatedUser><FederatedUserId>123456789012:fed</FederatedUserId><Arn>arn:aws:sts::123456789012:federated-user/fed</Arn></FederatedUser>"
	case "AssumeRole":
		ns, inner = stsNS, creds+"<AssumedRoleUser><AssumedRoleId>AROASTUB:sess</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/deploy/sess</Arn></AssumedRoleUser>"
	case "GetCallerIdentity":
		ns, inner = stsNS, "<Arn>arn:aws:iam::123456789012:user/vault-root</Arn><UserId>AIDASTUBUSER00000001</UserId><Account>123456789012</Account>"
	case "GetSessionToken":
		ns, inner = stsNS, creds
	default:
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>stub does not know %s</Message></Error><RequestId>1</RequestId></ErrorResponse>`, action)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<%[1]sResponse xmlns="%[2]s"><%[1]sResult>%[3]s</%[1]sResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></%[1]sResponse>`, action, ns, inner)
}

func (s *awsStub) snapshot() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.actions))
	for k, v := range s.actions {
		out[k] = v
	}
	return out
}
