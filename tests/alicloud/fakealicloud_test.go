package alicloud_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/govault/govault/internal/fakecloud"
)

const (
	stsSecret = "sts-access-key-secret"
	ramSecret = "ram-access-key-secret"
)

// fakeAliCloud answers the RAM and STS RPC calls (Action=... in the query)
// the engine makes, and remembers which actions it saw.
type fakeAliCloud struct {
	mu      sync.Mutex
	actions map[string]int
}

func newFakeAliCloud() *fakeAliCloud { return &fakeAliCloud{actions: map[string]int{}} }

func (f *fakeAliCloud) seen(action string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.actions[action]
}

func (f *fakeAliCloud) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	action, user := r.Form.Get("Action"), r.Form.Get("UserName")
	f.mu.Lock()
	f.actions[action]++
	f.mu.Unlock()
	now := time.Now().UTC()
	reply := map[string]any{"RequestId": fmt.Sprintf("req-%d", now.UnixNano())}
	switch {
	case strings.HasPrefix(r.URL.Host, "ram.") && action == "CreateUser":
		reply["User"] = map[string]any{"UserId": "2000000000000001", "UserName": user, "DisplayName": r.Form.Get("DisplayName"), "CreateDate": now.Format(time.RFC3339)}
	case strings.HasPrefix(r.URL.Host, "ram.") && action == "CreatePolicy":
		reply["Policy"] = map[string]any{"PolicyName": r.Form.Get("PolicyName"), "PolicyType": "Custom", "DefaultVersion": "v1", "CreateDate": now.Format(time.RFC3339)}
	case strings.HasPrefix(r.URL.Host, "ram.") && action == "CreateAccessKey":
		reply["AccessKey"] = map[string]any{"AccessKeyId": "LTAIRAM" + user, "AccessKeySecret": ramSecret, "Status": "Active", "CreateDate": now.Format(time.RFC3339)}
	case strings.HasPrefix(r.URL.Host, "ram."):
		// AttachPolicyToUser, DetachPolicyFromUser, DeleteAccessKey, DeletePolicy, DeleteUser.
	case strings.HasPrefix(r.URL.Host, "sts.") && action == "AssumeRole":
		reply["AssumedRoleUser"] = map[string]any{"Arn": r.Form.Get("RoleArn") + "/" + r.Form.Get("RoleSessionName"), "AssumedRoleId": "300000000000000001:" + r.Form.Get("RoleSessionName")}
		reply["Credentials"] = map[string]any{"AccessKeyId": "STS.fake", "AccessKeySecret": stsSecret, "SecurityToken": "sts-security-token",
			"Expiration": now.Add(time.Hour).Format("2006-01-02T15:04:05Z")}
	default:
		fakecloud.JSON(w, http.StatusNotFound, map[string]any{"RequestId": reply["RequestId"], "Code": "InvalidAction.NotFound", "Message": "fake Alibaba Cloud has no " + r.URL.Host + " " + action})
		return
	}
	fakecloud.JSON(w, http.StatusOK, reply)
}
