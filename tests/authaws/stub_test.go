package authaws_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/govault/govault/internal/fakeupstream"
)

// awsStub stands in for the STS, EC2 and IAM query APIs (one server for
// all three, told apart by Action). Serve, not routes: iam logins arrive at
// "//" and must not be redirected. The fields are what it answers; serve
// runs under the server's lock, so tests set them inside Locked.
type awsStub struct {
	*fakeupstream.Server

	callerArn  string
	callerID   string
	account    string
	instanceID string
	amiID      string
	roleTag    string
	newKey     string
}

func newAWSStub(t *testing.T) *awsStub {
	s := &awsStub{Server: fakeupstream.New(t)}
	s.Serve(http.HandlerFunc(s.serve))
	return s
}

// count returns how many calls of an action the stub answered.
func (s *awsStub) count(action string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Form().Get("Action") == action {
			n++
		}
	}
	return n
}

func (s *awsStub) serve(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	action := r.Form.Get("Action")
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
