package aws_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/govault/govault/internal/fakeupstream"
)

// awsStub stands in for the IAM and STS query APIs: it answers the few
// actions the engine calls with canned XML, and records which it saw.
type awsStub struct {
	*fakeupstream.Server
	keys int64 // access keys made
}

const stubSecret = "stub-secret-access-key-0123456789"

func newAWSStub(t *testing.T) *awsStub {
	s := &awsStub{Server: fakeupstream.New(t)}
	s.Serve(http.HandlerFunc(s.serve))
	return s
}

// want fails t unless the stub has seen each action the given number of
// times so far.
func (s *awsStub) want(t *testing.T, what string, counts map[string]int) {
	t.Helper()
	seen := s.snapshot()
	got := map[string]int{}
	for action := range counts {
		got[action] = seen[action]
	}
	if diff := cmp.Diff(counts, got); diff != "" {
		t.Fatalf("%s: AWS calls (-want +got):\n%s\nall calls: %v", what, diff, seen)
	}
}

func (s *awsStub) serve(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	action := r.Form.Get("Action")
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
		inner = fmt.Sprintf("<AccessKey><UserName>%s</UserName><AccessKeyId>AKIASTUB%012d</AccessKeyId><Status>Active</Status><SecretAccessKey>%s</SecretAccessKey><CreateDate>%s</CreateDate></AccessKey>", user, s.nextKey(), stubSecret, now)
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

// snapshot counts the calls of each action so far.
func (s *awsStub) snapshot() map[string]int {
	out := map[string]int{}
	for _, r := range s.Requests() {
		out[r.Form().Get("Action")]++
	}
	return out
}

// nextKey numbers a new access key (serve runs under the server's lock).
func (s *awsStub) nextKey() int64 {
	s.keys++
	return s.keys
}
