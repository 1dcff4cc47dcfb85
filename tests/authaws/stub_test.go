package authaws_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// awsStub stands in for the STS, EC2 and IAM query APIs (one server for
// all three, told apart by Action). A plain handler, not a ServeMux: iam
// logins arrive at "//" and must not be redirected.
type awsStub struct {
	*httptest.Server

	mu         sync.Mutex
	callerArn  string
	callerID   string
	account    string
	instanceID string
	amiID      string
	roleTag    string
	newKey     string
	seen       map[string]int
}

func newAWSStub(t *testing.T) *awsStub {
	s := &awsStub{seen: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *awsStub) count(action string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[action]
}

func (s *awsStub) serve(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	action := r.Form.Get("Action")
	s.seen[action]++
	w.Header().Set("Content-Type", "text/xml")
	switch action {
	case "GetCallerIdentity":
		fmt.Fprintf(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
<GetCallerIdentityResult><Arn>%s</Arn><UserId>%s</UserId><Account>%s</Account></GetCallerIdentityResult>
<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`, s.callerArn, s.callerID, s.account)
	case "DescribeInstances":
		fmt.Fprintf(w, `<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
<requestId>req-2</requestId><reservationSet><item><reservationId>r-1</reservationId><ownerId>%s</ownerId>
<instancesSet><item><instanceId>%s</instanceId><imageId>%s</imageId>
<instanceState><code>16</code><name>running</name></instanceState>
<privateDnsName>ip-10-0-0-7.ec2.internal</privateDnsName><launchTime>2024-01-01T00:00:00.000Z</launchTime>
<tagSet><item><key>VaultRole</key><value>%s</value></item></tagSet>
</item></instancesSet></item></reservationSet></DescribeInstancesResponse>`, s.account, s.instanceID, s.amiID, s.roleTag)
	case "GetUser":
		fmt.Fprintf(w, `<GetUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetUserResult><User>
<Path>/</Path><UserName>vault</UserName><UserId>AIDAVAULT</UserId><Arn>arn:aws:iam::%s:user/vault</Arn>
<CreateDate>2024-01-01T00:00:00Z</CreateDate></User></GetUserResult>
<ResponseMetadata><RequestId>req-3</RequestId></ResponseMetadata></GetUserResponse>`, s.account)
	case "CreateAccessKey":
		fmt.Fprintf(w, `<CreateAccessKeyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><CreateAccessKeyResult><AccessKey>
<UserName>vault</UserName><AccessKeyId>%s</AccessKeyId><Status>Active</Status><SecretAccessKey>new-secret</SecretAccessKey>
<CreateDate>2024-01-01T00:00:00Z</CreateDate></AccessKey></CreateAccessKeyResult>
<ResponseMetadata><RequestId>req-4</RequestId></ResponseMetadata></CreateAccessKeyResponse>`, s.newKey)
	case "DeleteAccessKey":
		fmt.Fprint(w, `<DeleteAccessKeyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
<ResponseMetadata><RequestId>req-5</RequestId></ResponseMetadata></DeleteAccessKeyResponse>`)
	default:
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>unknown action %q</Message></Error><RequestId>x</RequestId></ErrorResponse>`, action)
	}
}
