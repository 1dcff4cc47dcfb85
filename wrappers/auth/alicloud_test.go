package auth_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"testing"

	"github.com/govault/govault/internal/livetest"

	"github.com/govault/govault/generated/authalicloud"
	"github.com/govault/govault/vtypes"
	"github.com/govault/govault/wrappers/auth"
)

// AliCloud: Vault replays the caller's signed GetCallerIdentity request to
// the region's STS endpoint over https, which the cloud proxy answers. The
// stub checks the headers we passed (base64 JSON) arrived with the request,
// and names an assumed role of the Vault role's RAM role.
func TestAliCloudLogin(t *testing.T) {
	ctx := context.Background()
	const account = "5138828231865461"
	const signature = "Signature-made-by-the-caller"
	env.Leaks.Add(signature)
	var mu sync.Mutex
	var got []string
	cloud.Handle("sts.cn-hangzhou.aliyuncs.com", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Method+" "+r.URL.Query().Get("Action")+" "+r.Header.Get("X-Acs-Signature"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if r.Header.Get("X-Acs-Signature") != signature {
			w.WriteHeader(http.StatusForbidden)
			json.NewEncoder(w).Encode(map[string]string{"Code": "SignatureDoesNotMatch"})
			return
		}
		json.NewEncoder(w).Encode(map[string]string{
			"IdentityType": "AssumedRoleUser", "AccountId": account, "RequestId": "req-1",
			"PrincipalId": "3006:vm-1", "UserId": "3006:vm-1", "RoleId": "3006",
			"Arn": "acs:ram::" + account + ":assumed-role/web/vm-1",
		})
	}))

	c := admin(t)
	a := authalicloud.New(c, livetest.URL(t, c, "auth/alicloud"))
	_, err := a.AliCloudAuthWriteRole(ctx, "web", authalicloud.AliCloudAuthWriteRoleRequest{
		ARN: livetest.Ptr("acs:ram::" + account + ":role/web"), TokenPolicies: []string{"ali"}, TokenTTL: livetest.Ptr(vtypes.Duration("10m")),
	})
	ok(t, err)

	q := url.Values{"Action": {"GetCallerIdentity"}, "Format": {"JSON"}, "RegionId": {"cn-hangzhou"}, "Version": {"2015-04-01"}}
	headers, _ := json.Marshal(http.Header{"X-Acs-Signature": {signature}, "Accept-Encoding": {"identity"}})
	b64 := base64.StdEncoding.EncodeToString
	anon := anonymous(t)
	m := auth.AliCloud{
		Role:                   "web",
		IdentityRequestURL:     b64([]byte("https://sts.cn-hangzhou.aliyuncs.com/?" + q.Encode())),
		IdentityRequestHeaders: b64(headers),
	}
	env.Leaks.Add(m.IdentityRequestHeaders)
	infoReply, err := anon.Login(ctx, m)
	ok(t, err)
	loggedIn(t, anon, "", m, infoReply.Auth)
	if infoReply.Auth.Metadata["role_name"] != "web" || infoReply.Auth.Metadata["account_id"] != account || !slices.Contains(infoReply.Auth.TokenPolicies, "ali") {
		t.Fatalf("auth: %+v", infoReply.Auth)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(got, []string{"POST GetCallerIdentity " + signature}) {
		t.Fatalf("STS saw: %v", got)
	}
}
